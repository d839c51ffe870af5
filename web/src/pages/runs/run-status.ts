/** Run statuses after which nothing changes any more: polling stops there. */
const FINISHED: ReadonlySet<string> = new Set(['done', 'stopped', 'failed']);

/** Whether a run has ended (done, stopped or failed): no contact moves, no counter changes. */
export function isRunFinished(status: string): boolean {
  return FINISHED.has(status);
}

/** Whether "Stop run" still has something to stop. */
export function canStopRun(status: string): boolean {
  return status === 'queued' || status === 'running';
}

/** How far a run is, for a progress bar: ended contacts over all, and how many were started. */
export function runProgress(run: { total: number; processed: number; launched: number }): {
  percent: number;
  launchedPercent: number;
  label: string;
} {
  const ratio = (n: number) => (run.total > 0 ? Math.min(100, Math.round((n / run.total) * 1000) / 10) : 0);
  const number = (n: number) => n.toLocaleString();
  return {
    percent: ratio(run.processed),
    launchedPercent: ratio(run.launched),
    label: `${number(run.processed)} of ${number(run.total)} contacts finished, ${number(run.launched)} started`,
  };
}

/** Contact states in the order a contact goes through them, for count chips and the state filter. */
export const CONTACT_STATES = ['queued', 'active', 'waiting', 'waiting_reply', 'done', 'failed', 'stopped'] as const;
export type TContactState = (typeof CONTACT_STATES)[number];
