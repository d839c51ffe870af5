import { hasIntentClassifier } from '../../features/reply-intent/index.js';
import { temporalUiOf } from '../../infra/temporal-ui.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZDeploymentConfig } from '../schemas/config.js';

/**
 * `GET /config`: what the web app needs to know about this deployment: whether the
 * embedded Twilio sandbox stands in for Twilio (no account configured, as workers/api.ts
 * decides), so it shows the phone simulator; where Temporal UI is, for its links; and
 * whether replies can be classified by intent, so the builder flags intent branches early.
 */
export function configRoutes({ config }: Pick<ApiServices, 'config'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Config',
      access: 'session',
      method: 'get',
      path: '/',
      operationId: 'getConfig',
      summary: 'What the web app needs to know about this deployment',
      responses: { 200: json(ZDeploymentConfig, 'The deployment.') },
    }),
    (c) =>
      c.json(
        { sandbox: config.sandbox, temporalUi: temporalUiOf(config), intentClassifier: hasIntentClassifier(config) },
        200,
      ),
  );
}
