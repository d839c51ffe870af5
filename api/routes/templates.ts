import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { templateVariables } from '../../core/index.js';
import { Prisma, type Db } from '../../infra/db.js';
import {
  createTemplateChecker,
  MAX_CONTENT_CHARS,
  ZTemplateCategory,
  type TTemplateChecker,
  type TTemplateDraft,
} from '../../features/templates/index.js';
import type { ApiServices } from '../app.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { validate } from '../middleware/validate.js';
import { isId, ownedId } from '../owned-id.js';

// A template is at most a few KiB of text; anything far bigger is not one.
const TEMPLATE_BODY_LIMIT_BYTES = 64 * 1024;
const NOT_FOUND = 'Template not found.';

const noNul = (value: string) => !value.includes('\0');
const ZName = z.string().trim().min(1).max(512).refine(noNul, 'must not contain NUL characters');
const ZContentText = z.string().max(MAX_CONTENT_CHARS).refine(noNul, 'must not contain NUL characters');
const ZContent = ZContentText.refine((value) => value.trim() !== '', 'must not be blank');
/** WhatsApp's codes (`en`, `en_US`, `pt_BR`) and BCP 47 tags (`en-US`). */
const ZLanguage = z
  .string()
  .max(35)
  .regex(/^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/, 'must be a language code such as en, en_US or pt-BR');

// Only these fields are writable; zod drops the rest (workspaceId, userId, variables, approved...).
export const ZCreateTemplate = z.object({
  name: ZName,
  content: ZContent,
  category: ZTemplateCategory,
  language: ZLanguage.default('en'),
});
export const ZUpdateTemplate = z
  .object({
    name: ZName.optional(),
    content: ZContent.optional(),
    category: ZTemplateCategory.optional(),
    language: ZLanguage.optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'nothing to update: send name, content, category or language',
  );
// An unsaved draft may be blank or too long: saying so is the checker's job, not a 400.
export const ZValidateDraft = z.object({
  content: ZContentText,
  category: ZTemplateCategory,
  language: ZLanguage.default('en'),
  name: ZName.optional(),
});
export const ZTemplateListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().optional(),
  category: ZTemplateCategory.optional(),
  language: ZLanguage.optional(),
});
// Any string: a malformed id is answered 404 like a missing one, so ids cannot be probed.
export const ZTemplateIdParam = z.object({ id: z.string().describe('The template id (a UUID).') });

type TTemplateRow = Prisma.TemplateModel;

/** The template as the API shows it. `approved` means the last check approved this exact content; it is not Meta's approval. */
function toTemplateView(row: TTemplateRow) {
  const {
    id,
    name,
    content,
    variables,
    category,
    language,
    approved,
    validation,
    contentSid,
    userId,
    createdAt,
    updatedAt,
  } = row;
  return {
    id,
    name,
    content,
    variables,
    category,
    language,
    approved,
    validation,
    contentSid,
    userId,
    createdAt,
    updatedAt,
  };
}

/** A template of the caller's workspace; another workspace's, a missing and a malformed id are all the same 404. */
async function loadTemplate(db: Db, workspaceId: string, id: string): Promise<TTemplateRow> {
  const row = await db.template.findFirst({ where: { id: ownedId(id, NOT_FOUND), workspaceId } });
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return row;
}

/** Runs `write`, turning the (workspace, name, language) unique violation into a 409. */
async function uniqueName<T>(name: string, language: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError(
        'conflict',
        `A template named "${name}" in language "${language}" already exists in this workspace.`,
      );
    }
    throw error;
  }
}

/** Runs the checker, logging why an upstream checker failed (the 502 body says only that it did). */
async function runCheck(check: TTemplateChecker, draft: TTemplateDraft, logger: AppEnv['Variables']['logger']) {
  try {
    return await check(draft);
  } catch (error) {
    if (error instanceof AppError && error.code === 'upstream_error')
      logger.warn({ err: error, cause: error.cause }, 'template checker failed');
    throw error;
  }
}

async function listTemplates(db: Db, workspaceId: string, query: z.infer<typeof ZTemplateListQuery>) {
  const { limit, cursor, category, language } = query;
  if (
    cursor !== undefined &&
    !(isId(cursor) && (await db.template.findFirst({ where: { id: cursor, workspaceId }, select: { id: true } })))
  ) {
    throw new AppError('invalid_input', 'Unknown cursor: start again from the first page.', [
      { path: 'cursor', message: 'unknown cursor' },
    ]);
  }
  const rows = await db.template.findMany({
    where: { workspaceId, ...(category ? { category } : {}), ...(language ? { language } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit).map(toTemplateView);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** `/templates`: CRUD on the caller's workspace's WhatsApp templates, and policy checks. Mount behind requireAuth. */
export function templateRoutes({ config, db }: ApiServices) {
  const check = createTemplateChecker(config);
  const limit = bodyLimit({
    maxSize: TEMPLATE_BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `Request body exceeds ${TEMPLATE_BODY_LIMIT_BYTES} bytes.`);
    },
  });
  return (
    new Hono<AppEnv>()
      .post('/validate', limit, validate('json', ZValidateDraft), async (c) => {
        return c.json(await runCheck(check, c.req.valid('json'), c.get('logger')));
      })
      .post('/', limit, validate('json', ZCreateTemplate), async (c) => {
        const { workspaceId, userId } = c.get('auth');
        const input = c.req.valid('json');
        const row = await uniqueName(input.name, input.language, () =>
          db.template.create({
            data: {
              workspaceId,
              userId,
              name: input.name,
              content: input.content,
              category: input.category,
              language: input.language,
              variables: templateVariables(input.content),
            },
          }),
        );
        return c.json({ template: toTemplateView(row) }, 201);
      })
      .get('/', validate('query', ZTemplateListQuery), async (c) => {
        return c.json(await listTemplates(db, c.get('auth').workspaceId, c.req.valid('query')));
      })
      .get('/:id', validate('param', ZTemplateIdParam), async (c) => {
        return c.json({
          template: toTemplateView(await loadTemplate(db, c.get('auth').workspaceId, c.req.valid('param').id)),
        });
      })
      .put('/:id', limit, validate('param', ZTemplateIdParam), validate('json', ZUpdateTemplate), async (c) => {
        const { workspaceId } = c.get('auth');
        const existing = await loadTemplate(db, workspaceId, c.req.valid('param').id);
        const input = c.req.valid('json');
        const next = {
          name: input.name ?? existing.name,
          content: input.content ?? existing.content,
          category: input.category ?? existing.category,
          language: input.language ?? existing.language,
        };
        // A verdict is about the exact text, category and language it checked: changing any of them voids it.
        const voidsCheck =
          next.content !== existing.content ||
          next.category !== existing.category ||
          next.language !== existing.language;
        // Compare-and-set on updatedAt, so a verdict stored meanwhile for other text is not kept by mistake.
        const { count } = await uniqueName(next.name, next.language, () =>
          db.template.updateMany({
            where: { id: existing.id, workspaceId, updatedAt: existing.updatedAt },
            data: {
              ...next,
              variables: templateVariables(next.content),
              ...(voidsCheck ? { approved: false, validation: Prisma.DbNull } : {}),
            },
          }),
        );
        if (count === 0) throw new AppError('conflict', 'The template changed while saving: reload it and try again.');
        return c.json({ template: toTemplateView(await loadTemplate(db, workspaceId, existing.id)) });
      })
      // Members may delete templates as well as admins: unlike journeys, nothing in flight depends on the row.
      .delete('/:id', validate('param', ZTemplateIdParam), async (c) => {
        const { id } = c.req.valid('param');
        const { count } = await db.template.deleteMany({
          where: { id: ownedId(id, NOT_FOUND), workspaceId: c.get('auth').workspaceId },
        });
        if (count === 0) throw new AppError('not_found', NOT_FOUND);
        return c.body(null, 204);
      })
      .post('/:id/validate', validate('param', ZTemplateIdParam), async (c) => {
        const { workspaceId } = c.get('auth');
        const row = await loadTemplate(db, workspaceId, c.req.valid('param').id);
        const result = await runCheck(
          check,
          { name: row.name, content: row.content, category: row.category, language: row.language },
          c.get('logger'),
        );
        // Stored only if the row is still what was checked: an edit meanwhile makes this verdict stale.
        const { count } = await db.template.updateMany({
          where: { id: row.id, workspaceId, updatedAt: row.updatedAt },
          data: {
            approved: result.verdict === 'approve',
            validation: { ...result, validatedAt: new Date().toISOString() },
          },
        });
        if (count === 0)
          throw new AppError('conflict', 'The template changed while it was being checked: check it again.');
        return c.json(result);
      })
  );
}
