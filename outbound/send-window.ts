import { nextSendTime } from '../core/policy/send-window.js';
import type { TMessageJob } from './message-job.js';

/**
 * The send window, if the job has one and it is closed now: when it opens again and why.
 * Checked just before the claim and the rate-limit slot (a few hundred ms before the call
 * at most), so a send queued at 19:59 behind a long backlog does not go out at 20:30.
 * The workflow waits for the window to open before it asks for the send; this is the
 * worker's second look, with the same window in the same zone.
 */
export function closedSendWindow(
  data: Pick<TMessageJob, 'sendWindow' | 'timeZone'>,
  now = Date.now(),
): { opensAt: string; reason: string } | undefined {
  if (!data.sendWindow || !data.timeZone) return undefined;
  let opensAt: number;
  try {
    opensAt = nextSendTime(now, data.sendWindow, data.timeZone);
  } catch {
    // An unknown zone cannot be checked here; the workflow resolved it, so this is a zone
    // the runtime lost (an older ICU), and holding every send back for it would be worse.
    return undefined;
  }
  if (opensAt <= now) return undefined;
  const { start, end } = data.sendWindow;
  return {
    opensAt: new Date(opensAt).toISOString(),
    reason: `outside the send window ${start}-${end} ${data.timeZone} when its turn came; waits until it opens`,
  };
}
