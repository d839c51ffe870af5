/** setTimeout's longest delay; a later send is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Scheduled {
  sendAt: number;
  timer: NodeJS.Timeout | undefined;
  release: () => void;
}

/**
 * Messages Twilio holds for `SendAt` (status `scheduled`): each is released to its sender's
 * queue at its time, unless canceled first. Kept in memory: a sandbox restarted meanwhile
 * forgets them, as it forgets its other in-flight deliveries.
 */
export class ScheduledSends {
  private readonly held = new Map<string, Scheduled>();

  /** Holds `sid` until `sendAt` (epoch ms), then calls `release`. */
  hold(sid: string, sendAt: number, release: () => void): void {
    const entry: Scheduled = { sendAt, timer: undefined, release };
    this.held.set(sid, entry);
    this.arm(sid, entry);
  }

  /** Cancels a held message: false when it is not held (sent already, or never scheduled). */
  cancel(sid: string): boolean {
    const entry = this.held.get(sid);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.held.delete(sid);
    return true;
  }

  /**
   * Releases now every held message due by `untilMs` (tests and demos: Twilio's 15 minutes
   * at least are too long to wait for). Answers the sids released.
   */
  releaseDue(untilMs: number): string[] {
    const due = [...this.held].filter(([, entry]) => entry.sendAt <= untilMs).map(([sid]) => sid);
    for (const sid of due) this.fire(sid);
    return due;
  }

  close(): void {
    for (const entry of this.held.values()) clearTimeout(entry.timer);
    this.held.clear();
  }

  private arm(sid: string, entry: Scheduled): void {
    const wait = entry.sendAt - Date.now();
    entry.timer = setTimeout(
      () => (entry.sendAt <= Date.now() ? this.fire(sid) : this.arm(sid, entry)),
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    entry.timer.unref();
  }

  private fire(sid: string): void {
    const entry = this.held.get(sid);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.held.delete(sid);
    entry.release();
  }
}
