import type { TChannel } from './journey/constants.js';

// GSM 03.38 basic set; characters of the extension table take two septets.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** Segments Twilio bills for an SMS body (GSM-7 160/153, else UCS-2 70/67); WhatsApp is always 1. */
export function countSegments(body: string, channel: TChannel): number {
  if (channel === 'whatsapp' || body.length === 0) return 1;
  let septets = 0;
  let gsm = true;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  // UCS-2 counts UTF-16 code units; astral characters (emoji) take two.
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}
