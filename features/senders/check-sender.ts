import type { TChannel } from '../../core/journey/constants.js';
import { isE164 } from '../../core/phone.js';
import { kindFitsChannel, MESSAGING_SERVICE_SID, type TSenderKind } from '../../core/senders/sender-rate.js';
import { AppError } from '../../infra/app-error.js';

/**
 * A sender's address, kind and rate agree: an SMS number (E.164 or a short code) or a
 * `whatsapp:` number on its channel, a Messaging Service sid (`MG...`) as a
 * `messaging_service`, which needs its rate given (Twilio publishes none for a service).
 * @throws AppError invalid_input naming the field.
 */
export function checkSender(input: {
  channel: TChannel;
  address: string;
  kind: TSenderKind;
  ratePerSec: number | null;
}): void {
  const problem = (path: string, message: string) =>
    new AppError('invalid_input', 'The sender is not valid.', [{ path, message }]);
  const isService = MESSAGING_SERVICE_SID.test(input.address);
  if (isService !== (input.kind === 'messaging_service'))
    throw problem('kind', 'a Messaging Service sid (MG...) is the sender of kind messaging_service, and only it');
  if (!isService) {
    const number = input.channel === 'whatsapp' ? input.address.replace(/^whatsapp:/, '') : input.address;
    if (input.channel === 'whatsapp' && !input.address.startsWith('whatsapp:'))
      throw problem('address', 'a WhatsApp sender is written whatsapp:+<E.164>');
    if (!isE164(number) && !(input.kind === 'short_code' && /^\d{3,8}$/.test(number)))
      throw problem('address', 'an E.164 number (+...), a short code, or a Messaging Service sid (MG...)');
  }
  if (!kindFitsChannel(input.kind, input.channel))
    throw problem('kind', `a ${input.kind} sender cannot send on ${input.channel}`);
  if (input.kind === 'messaging_service' && input.ratePerSec === null)
    throw problem('ratePerSec', "a Messaging Service's rate is the sum of its numbers': give it");
}
