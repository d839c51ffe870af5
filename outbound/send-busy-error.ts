/**
 * Another attempt of this send holds its lease and may be calling Twilio right now (a second
 * worker, or the run of a stalled job BullMQ handed on while the first still waits for its
 * answer). Not a failure: the job is moved back to the delayed set until `retryAt` (epoch
 * ms), without counting as an attempt, and by then the holder has recorded its answer or its
 * lease has lapsed. The same holds a send whose sender is booked ahead, or that Twilio's
 * back-pressure turned away: put aside, not failed.
 */
export class SendBusyError extends Error {
  override readonly name = 'SendBusyError';

  constructor(
    readonly idempotencyKey: string,
    readonly retryAt: number,
    /** A slot its sender reserved for it (SenderBacklogError), kept on the job for its return. */
    readonly senderSlot?: number,
  ) {
    super(`another attempt holds the send ${idempotencyKey} until ${new Date(retryAt).toISOString()}`);
  }
}
