import type { FaultKind } from './faults.js';
import { bareAddress } from './phone.js';

/** One Messages create request as the sandbox saw it. */
export interface SandboxAttempt {
  /** When the request arrived at the handler (before any injected latency). */
  at: Date;
  /** When the outcome was known (the answer was sent, or the connection reset). */
  answeredAt: Date;
  /** `To` as sent ('' when missing). */
  to: string;
  /** The sender used for an accepted message, else `From` as sent ('' when missing). */
  from: string;
  body?: string;
  /** `accepted` only when the client got a 201; an after-record fault is an `error` with a `sid`. */
  outcome: 'accepted' | 'error';
  /** HTTP status answered; null when the connection was reset without an answer. */
  httpStatus: number | null;
  /** Twilio error code of an error answer. */
  code?: number;
  /** The stored message, when one was stored (accepted, or recorded before a fault). */
  sid?: string;
  /** Kind of the fault rule that applied, if any. */
  fault?: FaultKind;
}

export interface AttemptFilter {
  /** Bare E.164 or `whatsapp:` address; matches both forms. */
  to?: string;
  /** The sender (`From`, or the number a Messaging Service picked), as sent. */
  from?: string;
  /** Only attempts that arrived at or after this time. */
  since?: Date;
}

/** Marks a request's arrival; its place in the log follows arrival, not completion. */
export interface Arrival {
  seq: number;
  at: Date;
}

interface Entry {
  seq: number;
  attempt: SandboxAttempt;
}

/**
 * The last `capacity` create attempts in arrival order, in memory. Requests finish out of
 * order (latency, held answers), so entries are placed by arrival sequence.
 */
export class AttemptLog {
  private entries: Entry[] = [];
  private nextSeq = 0;

  constructor(private readonly capacity = 100_000) {}

  arrive(): Arrival {
    this.nextSeq += 1;
    return { seq: this.nextSeq, at: new Date() };
  }

  record(arrival: Arrival, attempt: Omit<SandboxAttempt, 'at' | 'answeredAt'>): void {
    const entry: Entry = { seq: arrival.seq, attempt: { at: arrival.at, answeredAt: new Date(), ...attempt } };
    let index = this.entries.length;
    while (index > 0 && this.entries[index - 1]!.seq > entry.seq) index -= 1;
    this.entries.splice(index, 0, entry);
    // Trim in batches so a full log does not shift 100k entries on every request.
    if (this.entries.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.entries = this.entries.slice(-this.capacity);
    }
  }

  /** Attempts oldest first (by arrival), copies so callers cannot alter the log. */
  list(filter: AttemptFilter = {}): SandboxAttempt[] {
    const phone = filter.to === undefined ? undefined : bareAddress(filter.to);
    const since = filter.since?.getTime();
    return this.entries
      .slice(-this.capacity)
      .map((entry) => entry.attempt)
      .filter(
        (attempt) =>
          (phone === undefined || bareAddress(attempt.to) === phone) &&
          (filter.from === undefined || attempt.from === filter.from) &&
          (since === undefined || attempt.at.getTime() >= since),
      )
      .map((attempt) => ({ ...attempt }));
  }

  /** Empties the log and returns how many attempts it held. */
  clear(): number {
    const count = Math.min(this.entries.length, this.capacity);
    this.entries = [];
    return count;
  }
}
