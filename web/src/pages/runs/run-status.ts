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

/**
 * Contacts of a live run that walk an older version than its journey's newest saved one:
 * what "Move waiting contacts" could move (0 when there is no newer version or the run ended).
 */
export function contactsBehind(run: {
  status: string;
  latestVersion: number;
  counts: { byVersion: Record<string, number> };
}): number {
  if (isRunFinished(run.status)) return 0;
  return Object.entries(run.counts.byVersion)
    .filter(([version]) => Number(version) < run.latestVersion)
    .reduce((sum, [, count]) => sum + count, 0);
}
