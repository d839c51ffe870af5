import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { parseCreateContent, toContentResource, type SandboxContentStore } from './content.js';
import { accountOf, type TwilioCredentials } from './twilio-auth.js';
import { TwilioApiError, TwilioErrors, twilioErrorResponse } from './twilio-errors.js';

export interface ContentApiDeps extends TwilioCredentials {
  contents: SandboxContentStore;
}

const ZListQuery = z.object({
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

const CONTENT_URL = 'https://content.twilio.com/v1/Content';

/**
 * Twilio's Content API v1 (`https://content.twilio.com/v1/Content`: create, list, fetch,
 * delete), mounted at `/twilio` so the official client's `/v1/Content` paths resolve under
 * `${PUBLIC_URL}/sandbox/twilio`. The account is the caller's (HTTP Basic), as on Twilio,
 * where the path names none.
 */
export function createContentApi(deps: ContentApiDeps): Hono<{ Variables: { account: string } }> {
  const api = new Hono<{ Variables: { account: string } }>();

  api.use('/v1/Content/*', authenticated);
  api.use('/v1/Content', authenticated);
  async function authenticated(c: Context<{ Variables: { account: string } }>, next: () => Promise<void>) {
    const account = accountOf(c, deps);
    if (account === undefined) return twilioErrorResponse(c, TwilioErrors.authenticate());
    c.set('account', account);
    await next();
  }

  api.post('/v1/Content', async (c) => {
    const json: unknown = await c.req.json().catch(() => undefined);
    const input = parseCreateContent(json);
    if (typeof input === 'string') return twilioErrorResponse(c, new TwilioApiError(20001, input));
    const row = await deps.contents.create(c.get('account'), input);
    return c.json(toContentResource(row), 201);
  });

  api.get('/v1/Content', async (c) => {
    const query = ZListQuery.safeParse(c.req.query());
    if (!query.success) return twilioErrorResponse(c, TwilioErrors.invalidParameter('PageSize'));
    const { PageSize: pageSize, Page: page } = query.data;
    const rows = await deps.contents.list(c.get('account'), pageSize, page * pageSize);
    const pageUrl = (n: number) => `${CONTENT_URL}?PageSize=${pageSize}&Page=${n}`;
    return c.json({
      contents: rows.slice(0, pageSize).map(toContentResource),
      meta: {
        page,
        page_size: pageSize,
        first_page_url: pageUrl(0),
        previous_page_url: page > 0 ? pageUrl(page - 1) : null,
        url: pageUrl(page),
        next_page_url: rows.length > pageSize ? pageUrl(page + 1) : null,
        key: 'contents',
      },
    });
  });

  api.get('/v1/Content/:sid', async (c) => {
    const row = await deps.contents.find(c.get('account'), c.req.param('sid'));
    if (!row) return twilioErrorResponse(c, TwilioErrors.notFound(`/v1/Content/${c.req.param('sid')}`));
    return c.json(toContentResource(row));
  });

  api.delete('/v1/Content/:sid', async (c) => {
    const removed = await deps.contents.remove(c.get('account'), c.req.param('sid'));
    if (!removed) return twilioErrorResponse(c, TwilioErrors.notFound(`/v1/Content/${c.req.param('sid')}`));
    return c.body(null, 204);
  });

  return api;
}
