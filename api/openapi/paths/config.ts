import { z } from 'zod';
import type { TApiOperation } from '../operation.js';

export const ZDeploymentConfig = z
  .object({
    sandbox: z
      .boolean()
      .describe(
        'True when no Twilio account is configured and the embedded sandbox (and its phone simulator at /sandbox) plays Twilio.',
      ),
    temporalUi: z.object({
      baseUrl: z.string().describe('TEMPORAL_UI_URL, without a trailing slash.'),
      namespace: z.string().describe("The Temporal namespace the journeys' workflows run in."),
    }),
  })
  .meta({ id: 'DeploymentConfig' });

export const CONFIG_OPERATIONS: readonly TApiOperation[] = [
  {
    method: 'get',
    path: '/api/config',
    operationId: 'getConfig',
    tag: 'Config',
    summary: 'What the web app needs to know about this deployment',
    security: 'bearer',
    success: { status: 200, description: 'The deployment.', content: { 'application/json': ZDeploymentConfig } },
  },
];
