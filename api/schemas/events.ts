import { z } from 'zod';
import { ZGoalEventName } from '../../core/journey/goal.js';
import { normalizePhone } from '../../core/phone.js';
import { ZTimestamp, ZUuid } from './common.js';

/** `POST /api/events`: an integration says something happened for a phone. */
export const ZPostEvent = z
  .object({
    phone: z
      .string()
      .max(40)
      .describe(
        'The customer\'s phone, normalised as audience phones are: "+E164", "whatsapp:+E164", spaces, dashes and a 00 prefix are fine; a national number needs `defaultCountry`.',
      )
      .meta({ example: '+14155552671' }),
    name: ZGoalEventName.describe('The event, as a journey goal names it, e.g. `order.paid`.').meta({
      example: 'order.paid',
    }),
    id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\0]*$/, 'must not contain NUL characters')
      .optional()
      .describe(
        "The integration's own id for this event (an order number...). A post retried with the same id is recognised and counted once; the same id for another phone or name is refused (409).",
      ),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code, e.g. "US"')
      .optional()
      .describe('For a national phone number: the country it is in.'),
  })
  .transform((body, ctx) => {
    const phone = normalizePhone(body.phone, body.defaultCountry);
    if (!phone.ok) {
      ctx.addIssue({ code: 'custom', message: phone.reason, path: ['phone'] });
      return z.NEVER;
    }
    return { phone: phone.e164, name: body.name, externalId: body.id };
  });

export const ZPostedEvent = z
  .object({
    id: ZUuid.describe('The stored event.'),
    name: z.string(),
    phone: z.string().describe('E.164, as normalised.'),
    receivedAt: ZTimestamp,
    conversions: z
      .int()
      .describe(
        "Contacts it converted: the phone's contacts whose run's journey has this event as its goal, within the goal's window from their start, not converted before.",
      ),
    duplicate: z.boolean().describe('True when this id had been posted before: nothing new was counted.'),
  })
  .meta({ id: 'PostedEvent' });
