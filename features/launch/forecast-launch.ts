import { addRanges, forecastContact, ZERO_RANGE, type TRange } from '../../core/journey/forecast.js';
import { buildGraph } from '../../core/journey/graph.js';
import type { TJourney } from '../../core/journey/schema.js';
import { estimateDrainSeconds, type TDrainGroup } from '../../core/policy/drain.js';
import { poolDrainRate } from '../../core/senders/pool-forecast.js';
import { mergeSendPolicies, ZSendPolicyLayer } from '../../core/policy/send-policy.js';
import { resolveTimeZone } from '../../core/policy/time-zone.js';
import type { Db } from '../../infra/db.js';
import type { TAudience } from '../audience/index.js';

/** WhatsApp's customer-care window: free-form messages reach only those who wrote within it. */
const WHATSAPP_WINDOW_MS = 24 * 3_600_000;
/** The reason the audience reader gives an opted-out row (normalize-audience.ts). */
const OPTED_OUT = 'opted out';

export interface TLaunchForecast {
  /** Messages to the whole audience: `min` every contact is sure to get, `max` on the longest paths (null: a loop can repeat them). */
  messages: TRange;
  byChannel: { sms: TRange; whatsapp: TRange };
  /** SMS segments of the rendered bodies (GSM-7 or UCS-2, as Twilio bills them). */
  segments: TRange;
  /** Seconds until every contact's first messages (those before its first wait) are out, at the send rate and the workspace's senders' rates, inside the send window; null with no rate limit. */
  drainSeconds: number | null;
  /** Contacts whose first free-form WhatsApp message would go out before they replied and with no message from them in the last 24 hours: it fails (63016). */
  outsideWindow: number;
  /** Rows left out because the phone opted out. */
  optedOut: number;
}

/**
 * What launching `journey` to `audience` will send, before anything is sent: walks the
 * journey for each contact with its own variables (conditions as the workflow will decide
 * them; every split branch and reply outcome). Reads the workspace's send policy and the
 * audience's recent WhatsApp messages; writes nothing.
 */
export async function forecastLaunch(
  db: Db,
  request: {
    workspaceId: string;
    journey: TJourney;
    audience: TAudience;
    ratePerSec: number;
    nowMs: number;
    /** The deployment's WhatsApp sender (TWILIO_WHATSAPP_FROM), for a workspace without its own. */
    defaultWhatsAppFrom: string;
  },
): Promise<TLaunchForecast> {
  const { journey, audience } = request;
  const graph = buildGraph(journey);
  const workspace = await db.workspace.findUnique({
    where: { id: request.workspaceId },
    select: { sendPolicy: true, senders: { select: { address: true, channel: true, kind: true, ratePerSec: true } } },
  });
  const pool = workspace?.senders ?? [];
  const whatsappFrom = pool.find((sender) => sender.channel === 'whatsapp')?.address ?? request.defaultWhatsAppFrom;
  const policy = mergeSendPolicies(
    ZSendPolicyLayer.parse(workspace?.sendPolicy ?? {}),
    ZSendPolicyLayer.parse(journey.sendPolicy ?? {}),
  );

  let messages = ZERO_RANGE;
  let sms = ZERO_RANGE;
  let whatsapp = ZERO_RANGE;
  let segments = ZERO_RANGE;
  const firstWave = new Map<string, number>();
  const freeFormPhones: string[] = [];
  for (const contact of audience.accepted) {
    const forecast = forecastContact(graph, { ...contact.vars, phone: contact.phone });
    messages = addRanges(messages, forecast.messages);
    sms = addRanges(sms, forecast.sms);
    whatsapp = addRanges(whatsapp, forecast.whatsapp);
    segments = addRanges(segments, forecast.segments);
    // As the workflow reads it: the contact's own `timezone` variable, else the policy's.
    const timeZone = resolveTimeZone([contact.vars.timezone, policy.timeZone]);
    firstWave.set(timeZone, (firstWave.get(timeZone) ?? 0) + (forecast.firstWave.max ?? forecast.firstWave.min));
    if (forecast.freeFormWhatsAppBeforeReply) freeFormPhones.push(contact.phone);
  }

  const groups: TDrainGroup[] = [...firstWave].map(([timeZone, count]) => ({ timeZone, messages: count }));
  // The first wave drains at the global rate or the pool's, whichever binds: SMS segments
  // on the SMS senders, WhatsApp messages on the WhatsApp ones (the audience's mix of channels
  // and segments per SMS, from the whole forecast).
  const wave = groups.reduce((sum, group) => sum + group.messages, 0);
  const smsShare = messages.min > 0 ? sms.min / messages.min : 0;
  const segmentsPerSms = sms.min > 0 ? segments.min / sms.min : 1;
  const ratePerSec =
    poolDrainRate(pool, request.ratePerSec, {
      sms: { messages: wave * smsShare, segments: wave * smsShare * segmentsPerSms },
      whatsapp: { messages: wave * (1 - smsShare) },
    }) ?? 0;
  return {
    messages,
    byChannel: { sms, whatsapp },
    segments,
    drainSeconds: estimateDrainSeconds({
      nowMs: request.nowMs,
      ratePerSec,
      window: policy.sendWindow,
      groups,
    }),
    outsideWindow: freeFormPhones.length - (await wroteRecently(db, freeFormPhones, whatsappFrom, request.nowMs)),
    optedOut: audience.rejected.filter((row) => row.reason === OPTED_OUT).length,
  };
}

/**
 * How many of `phones` wrote to our WhatsApp number `to` within the 24 hours before
 * `nowMs`: the window is per business number, so a message to another number opens nothing.
 */
async function wroteRecently(db: Db, phones: readonly string[], to: string, nowMs: number): Promise<number> {
  if (phones.length === 0) return 0;
  const [row] = await db.sql.query<{ count: number }>`
    SELECT count(DISTINCT "from")::int AS count FROM "InboundMessage"
    WHERE "channel" = 'whatsapp' AND "to" = ${to} AND "from" = ANY(${phones}::text[])
      AND "receivedAt" >= ${new Date(nowMs - WHATSAPP_WINDOW_MS)}`;
  return row?.count ?? 0;
}
