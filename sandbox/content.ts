import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Prisma } from '../infra/db.js';
import { rfc2822 } from './message-resource.js';

export type SandboxContentRow = Prisma.SandboxContentModel;

/** A quick-reply button as the sandbox stores a sent message's: what the phone shows and taps. */
export type SandboxButton = { id: string; title: string };

const ZText = z.object({ body: z.string().min(1).max(1600) });
const ZQuickReply = z.object({
  body: z.string().min(1).max(1024),
  // Twilio takes up to ten; a message sent in session shows three (the app keeps to three).
  actions: z
    .array(z.object({ id: z.string().min(1).max(200).optional(), title: z.string().min(1).max(20) }))
    .min(1)
    .max(10),
});

/**
 * Twilio's Content create body. Twilio's JSON keys are `friendly_name` and
 * `types["twilio/quick-reply"]`; the twilio client's TypeScript types name them
 * `friendlyName` and `twilioQuickReply` and send them as given, so both spellings are taken.
 */
const ZCreateContent = z
  .object({
    friendly_name: z.string().min(1).max(450).optional(),
    friendlyName: z.string().min(1).max(450).optional(),
    language: z.string().min(2).max(10),
    variables: z.record(z.string().regex(/^[1-9]\d*$/), z.string().max(1024)).default({}),
    types: z.object({
      'twilio/text': ZText.optional(),
      twilioText: ZText.optional(),
      'twilio/quick-reply': ZQuickReply.optional(),
      twilioQuickReply: ZQuickReply.optional(),
    }),
  })
  .transform((input, ctx) => {
    const types = {
      ...((input.types['twilio/text'] ?? input.types.twilioText)
        ? { 'twilio/text': input.types['twilio/text'] ?? input.types.twilioText }
        : {}),
      ...((input.types['twilio/quick-reply'] ?? input.types.twilioQuickReply)
        ? { 'twilio/quick-reply': input.types['twilio/quick-reply'] ?? input.types.twilioQuickReply }
        : {}),
    };
    if (Object.keys(types).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'types needs twilio/text or twilio/quick-reply', path: ['types'] });
      return z.NEVER;
    }
    const friendlyName = input.friendly_name ?? input.friendlyName ?? 'sandbox content';
    return { friendlyName, language: input.language, variables: input.variables, types };
  });

export type TCreateContent = z.output<typeof ZCreateContent>;

/** Parses a Content create body, or says what is wrong. */
export function parseCreateContent(json: unknown): TCreateContent | string {
  const parsed = ZCreateContent.safeParse(json);
  return parsed.success ? parsed.data : z.prettifyError(parsed.error);
}

export function createContentSid(): string {
  return `HX${randomBytes(16).toString('hex')}`;
}

/** Twilio's Content resource JSON. */
export function toContentResource(row: SandboxContentRow) {
  return {
    sid: row.sid,
    account_sid: row.accountSid,
    friendly_name: row.friendlyName,
    language: row.language,
    variables: row.variables,
    types: row.types,
    url: `https://content.twilio.com/v1/Content/${row.sid}`,
    links: { approval_fetch: `https://content.twilio.com/v1/Content/${row.sid}/ApprovalRequests` },
    date_created: rfc2822(row.dateCreated),
    date_updated: rfc2822(row.dateUpdated),
  };
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([1-9]\d*)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * What a content message shows on the phone: its body and buttons with `{{1}}`... filled
 * from the message's ContentVariables, else the content's defaults (as Twilio does).
 * A button without an id sends its title as the payload.
 */
export function renderContent(
  content: Pick<SandboxContentRow, 'types' | 'variables'>,
  contentVariables: string | undefined,
): { body: string; buttons: SandboxButton[] | null } {
  const given = contentVariables ? (JSON.parse(contentVariables) as Record<string, string | number>) : {};
  const values: Record<string, string> = { ...(content.variables as Record<string, string>) };
  for (const [key, value] of Object.entries(given)) values[key] = String(value);
  const types = content.types as TCreateContent['types'];
  const quickReply = types['twilio/quick-reply'];
  if (quickReply) {
    const buttons = quickReply.actions.map((action) => {
      const title = fill(action.title, values);
      return { id: fill(action.id ?? action.title, values), title };
    });
    return { body: fill(quickReply.body, values), buttons };
  }
  return { body: fill(types['twilio/text']?.body ?? '', values), buttons: null };
}

/** SandboxContent reads and writes. */
export class SandboxContentStore {
  constructor(private readonly db: Db) {}

  create(accountSid: string, input: TCreateContent): Promise<SandboxContentRow> {
    return this.db.sandboxContent.create({
      data: {
        sid: createContentSid(),
        accountSid,
        friendlyName: input.friendlyName,
        language: input.language,
        variables: input.variables,
        types: input.types,
      },
    });
  }

  find(accountSid: string, sid: string): Promise<SandboxContentRow | null> {
    return this.db.sandboxContent.findFirst({ where: { sid, accountSid } });
  }

  /** Newest first; up to `pageSize + 1` rows so the caller sees whether a next page exists. */
  list(accountSid: string, pageSize: number, offset: number): Promise<SandboxContentRow[]> {
    return this.db.sandboxContent.findMany({
      where: { accountSid },
      orderBy: [{ dateCreated: 'desc' }, { sid: 'desc' }],
      take: pageSize + 1,
      skip: offset,
    });
  }

  async remove(accountSid: string, sid: string): Promise<boolean> {
    const { count } = await this.db.sandboxContent.deleteMany({ where: { sid, accountSid } });
    return count > 0;
  }
}
