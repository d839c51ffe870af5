import { fetchContent } from '../../features/content/fetch-content.js';
import { AppError } from '../../infra/app-error.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZContentSidParam, ZContentTemplate } from '../schemas/content.js';

/** `GET /content/{sid}`: a WhatsApp content template read from Twilio, for the builder. Mount behind requireAuth. */
export function contentRoutes({ contentApi }: Pick<ApiServices, 'contentApi'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Templates',
      access: 'session',
      method: 'get',
      path: '/{sid}',
      operationId: 'getContentTemplate',
      summary: 'Read a WhatsApp content template from Twilio',
      description:
        "Twilio's Content API (the sandbox's in sandbox mode) by sid: its text, sample variables and quick-reply buttons, which the builder copies into a message node. 404 when Twilio does not know the sid; 502 when Twilio cannot be asked.",
      request: { params: ZContentSidParam },
      responses: { 200: json(ZContentTemplate, 'The content template.') },
      errors: [400, 404, 502],
    }),
    async (c) => {
      if (!contentApi) throw new AppError('upstream_error', 'This server has no Twilio client to read content with.');
      return c.json(await fetchContent(contentApi, c.req.valid('param').sid), 200);
    },
  );
}
