import { MAX_BUTTON_ID_LENGTH, MAX_BUTTON_TITLE_LENGTH } from '../../core/journey/constants.js';
import { AppError } from '../../infra/app-error.js';
import { isTwilioRestException, type TwilioClient } from '../../infra/twilio.js';

/** A WhatsApp content template as the builder uses it: its text and quick-reply buttons. */
export interface TContentTemplate {
  sid: string;
  friendlyName: string;
  language: string;
  /** Sample values of `{{1}}`, `{{2}}`...: the keys a message fills per contact. */
  variables: Record<string, string>;
  /** The text of its `twilio/quick-reply` or `twilio/text` type; null for other types. */
  body: string | null;
  /** Its quick-reply buttons (`id` is what a tap sends as ButtonPayload); empty without. */
  buttons: Array<{ id: string; title: string }>;
}

type TTypes = Record<string, { body?: unknown; actions?: unknown } | undefined>;

function quickReplies(actions: unknown): TContentTemplate['buttons'] {
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((action: unknown) => {
    if (typeof action !== 'object' || action === null) return [];
    const { id, title } = action as { id?: unknown; title?: unknown };
    if (typeof title !== 'string' || title === '') return [];
    // A quick reply without an id sends its title as the payload (Twilio's default).
    const payload = typeof id === 'string' && id !== '' ? id : title;
    return [{ id: payload.slice(0, MAX_BUTTON_ID_LENGTH), title: title.slice(0, MAX_BUTTON_TITLE_LENGTH) }];
  });
}

/**
 * Reads content template `sid` from Twilio's Content API (the sandbox's in sandbox mode)
 * through the twilio client, so the builder copies the buttons the template really has
 * into the journey instead of someone retyping them. Every workspace sends through the same
 * Twilio account, so any of them may read its templates. 404 for a sid Twilio does not
 * know; 502 when Twilio cannot be asked.
 */
export async function fetchContent(twilio: TwilioClient, sid: string): Promise<TContentTemplate> {
  let content: Awaited<ReturnType<ReturnType<TwilioClient['content']['v1']['contents']>['fetch']>>;
  try {
    content = await twilio.content.v1.contents(sid).fetch();
  } catch (error) {
    if (isTwilioRestException(error) && error.status === 404)
      throw new AppError('not_found', `Twilio has no content template ${sid}.`);
    throw new AppError('upstream_error', 'Twilio could not be asked for the content template.', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  const types = (content.types ?? {}) as TTypes;
  const quickReply = types['twilio/quick-reply'];
  const text = quickReply ?? types['twilio/text'];
  return {
    sid: content.sid,
    friendlyName: content.friendlyName ?? '',
    language: content.language ?? '',
    variables: Object.fromEntries(
      Object.entries((content.variables ?? {}) as Record<string, unknown>).flatMap(([key, value]) =>
        typeof value === 'string' || typeof value === 'number' ? [[key, String(value)]] : [],
      ),
    ),
    body: typeof text?.body === 'string' ? text.body : null,
    buttons: quickReplies(quickReply?.actions),
  };
}
