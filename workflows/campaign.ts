/**
 * One campaign (`campaign-<id>`): the same message to every recipient, rendered with each
 * recipient's variables, sent batch by batch through the send policy layer and the
 * sendMessage activity (queue, rate limit, retries, opt-outs, idempotency: the same path
 * as journeys). Continues as new between batches before its history grows large. A stop,
 * delivered with signal-with-start, ends it after the sends in flight; sends still queued
 * are held back by the message worker, which sees the campaign stopped.
 */
import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TSendPolicy } from '../core/policy/send-policy.js';
import { renderTemplate, type TVars } from '../core/render.js';
import {
  campaignSendKey,
  stopCampaignSignal,
  type Activities,
  type CampaignRecipientView,
  type TCampaignInput,
  type TCampaignResult,
} from './contract/index.js';
import { sendWithPolicy } from './send-with-policy.js';

const { loadCampaignBatch, recordCampaignProgress } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Batches per execution before continuing as new: each send is three history events. */
const BATCHES_PER_EXECUTION = 10;
/** Sends waiting for their outcome at once; the queue and its rate limit do the pacing. */
const MAX_IN_FLIGHT = 300;

export async function campaignSend(input: TCampaignInput): Promise<TCampaignResult> {
  let stopReason = input.stopReason;
  setHandler(stopCampaignSignal, ({ reason }) => {
    stopReason ??= reason ?? 'campaign stopped';
  });
  const inFlight = new Set<Promise<void>>();
  const sendTo = (recipient: CampaignRecipientView, policy: TSendPolicy | undefined) => {
    const content = render(input, { ...recipient.vars, phone: recipient.phone });
    if (!content) return;
    const sending: Promise<void> = sendWithPolicy(
      {
        idempotencyKey: campaignSendKey(input.campaignId, recipient.id),
        workspaceId: input.workspaceId,
        campaignId: input.campaignId,
        to: recipient.phone,
        channel: input.message.channel,
        ...content,
      },
      policy,
      { timeZoneHint: recipient.vars.timezone, isStopped: () => stopReason !== undefined },
    ).then(() => {
      inFlight.delete(sending);
    });
    inFlight.add(sending);
  };

  let after = input.afterRecipientId;
  for (let batch = 0; ; batch += 1) {
    if (stopReason !== undefined) break;
    if (batch >= BATCHES_PER_EXECUTION || workflowInfo().continueAsNewSuggested) {
      // Everything started in this execution finishes in it: the next one starts after `after`.
      await Promise.all(inFlight);
      return await continueAsNew<typeof campaignSend>({ ...input, ...(after ? { afterRecipientId: after } : {}) });
    }
    const next = await loadCampaignBatch({
      campaignId: input.campaignId,
      limit: input.batchSize,
      ...(after ? { afterRecipientId: after } : {}),
    });
    if (next.stopped) {
      stopReason ??= 'campaign stopped';
      break;
    }
    const last = next.recipients.at(-1);
    if (!last) break;
    // A sliding window rather than batch by batch: one slow send never holds up the rest.
    for (const recipient of next.recipients) {
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      sendTo(recipient, next.sendPolicy);
    }
    after = last.id;
    await recordCampaignProgress({ campaignId: input.campaignId });
  }
  await Promise.all(inFlight);
  const status = stopReason === undefined ? 'done' : 'stopped';
  await recordCampaignProgress({ campaignId: input.campaignId, finished: status });
  return { status };
}

/** The body, or the template's variables, for one recipient; undefined if a variable is missing. */
function render(
  input: TCampaignInput,
  vars: TVars,
): { body: string } | { contentSid: string; contentVariables: Record<string, string> } | undefined {
  const { message } = input;
  if (message.body !== undefined) {
    const rendered = renderTemplate(message.body, vars);
    return rendered.ok ? { body: rendered.text } : undefined;
  }
  if (message.contentSid === undefined) return undefined;
  const contentVariables: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.contentVariables ?? {})) {
    const rendered = renderTemplate(value, vars);
    if (!rendered.ok) return undefined;
    contentVariables[key] = rendered.text;
  }
  return { contentSid: message.contentSid, contentVariables };
}
