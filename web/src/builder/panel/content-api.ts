import { api, unwrap } from '../../api-client/client';
import type { components } from '../../api-client/schema';

export type TContentTemplate = components['schemas']['ContentTemplate'];

/** A WhatsApp content template as Twilio has it (its text, variables and quick-reply buttons). */
export async function fetchContentTemplate(sid: string): Promise<TContentTemplate> {
  return unwrap(api.GET('/api/content/{sid}', { params: { path: { sid } } }));
}
