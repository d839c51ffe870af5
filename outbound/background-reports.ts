import type { Logger } from '../infra/logger.js';

/**
 * Runs outcome reports (a signal to the waiting contact, an activity completion) off the
 * send's own path, so a slow Temporal frontend does not hold a message worker slot and
 * pull the send rate down: during a 3,000-contact launch a signal took 330 to 475 ms on
 * average, and with 10 slots the door saw 15 to 20 msg/s instead of the limit.
 *
 * Nothing is lost by not waiting: the send's row is already final in Postgres, and a
 * report that never arrives (this process died, Temporal was away) is recovered by the
 * waiter itself: a contact asks again after its recheck interval, an activity times out
 * and its retry finds the row final.
 *
 * Written by hand: a bounded set of promises is all it takes, and unlike p-limit's queue a
 * caller waits once `maxInFlight` reports are under way, so the backlog cannot grow unbounded.
 */
export interface BackgroundReports {
  /** Starts `report`; waits first while `maxInFlight` reports are still running. */
  run(report: () => Promise<unknown>): Promise<void>;
  /** Waits for every report under way (at shutdown). */
  drain(): Promise<void>;
  readonly inFlight: number;
}

export function createBackgroundReports(logger: Logger, maxInFlight = 200): BackgroundReports {
  const running = new Set<Promise<void>>();
  return {
    async run(report) {
      while (running.size >= maxInFlight) await Promise.race(running);
      const task: Promise<void> = report()
        .then(() => undefined)
        .catch((error: unknown) => logger.warn({ err: error }, 'outcome report failed; its waiter will ask again'))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      await Promise.allSettled([...running]);
    },
    get inFlight() {
      return running.size;
    },
  };
}
