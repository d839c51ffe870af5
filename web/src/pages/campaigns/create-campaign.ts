import type { components } from '../../api-client/schema';
import { templateMessage, type TCampaignMessage, type TChannel, type TTemplateSource } from './campaign-message';

type TRejectedRow = components['schemas']['RejectedRow'];

/** The message part of the new-campaign form. */
export interface TMessageDraft {
  channel: TChannel;
  source: 'body' | 'template';
  body: string;
  templateId: string;
}

export const EMPTY_MESSAGE: TMessageDraft = { channel: 'whatsapp', source: 'body', body: '', templateId: '' };

/** The message to send for a draft, or undefined while it is incomplete. */
export function draftMessage(
  draft: TMessageDraft,
  templates: ReadonlyArray<TTemplateSource & { id: string }>,
): TCampaignMessage | undefined {
  if (draft.source === 'body')
    return draft.body.trim() === '' ? undefined : { channel: draft.channel, body: draft.body };
  const template = templates.find((t) => t.id === draft.templateId);
  return template ? templateMessage(draft.channel, template) : undefined;
}

/**
 * The multipart body of POST /api/campaigns (api/routes/campaigns.ts): `name`, `message`
 * as JSON text, `phoneColumn`, and the CSV as `file`. The file goes as chosen: the API
 * parses it, so row numbers in rejections match the user's spreadsheet.
 */
export function campaignFormData(input: {
  name: string;
  message: TCampaignMessage;
  phoneColumn: string;
  file: Blob;
  fileName: string;
}): FormData {
  const form = new FormData();
  form.set('name', input.name.trim());
  form.set('message', JSON.stringify(input.message));
  if (input.phoneColumn !== '') form.set('phoneColumn', input.phoneColumn);
  form.set('file', input.file, input.fileName);
  return form;
}

/** What a refused campaign's error `details` say, read defensively: rejected rows, or file/field problems as lines. */
export interface TCreateProblems {
  rejected: TRejectedRow[];
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads the three shapes the campaigns route puts in a 400's details: `{ rejected }` when
 * no row can be sent to, `{ problems: [{ line, column, reason }] }` for a bad CSV, and
 * `[{ path, message }]` for invalid fields.
 */
export function createProblems(details: unknown): TCreateProblems {
  const out: TCreateProblems = { rejected: [], problems: [] };
  if (Array.isArray(details)) {
    for (const issue of details) {
      if (isRecord(issue) && typeof issue.message === 'string')
        out.problems.push(issue.path ? `${String(issue.path)}: ${issue.message}` : issue.message);
    }
    return out;
  }
  if (!isRecord(details)) return out;
  if (Array.isArray(details.rejected)) out.rejected = details.rejected.filter(isRecord) as TRejectedRow[];
  if (Array.isArray(details.problems)) {
    for (const problem of details.problems) {
      if (!isRecord(problem) || typeof problem.reason !== 'string') continue;
      const where = [
        problem.line !== undefined && `line ${String(problem.line)}`,
        problem.column !== undefined && `column ${String(problem.column)}`,
      ]
        .filter(Boolean)
        .join(', ');
      out.problems.push(where ? `${where}: ${problem.reason}` : problem.reason);
    }
  }
  return out;
}
