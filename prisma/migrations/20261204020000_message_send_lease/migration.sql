-- The lease on a send's claim: while "leaseUntil" is ahead of now(), one attempt of the send
-- may be calling Twilio, and no other attempt claims it (a second worker, or a stalled job
-- BullMQ handed on while the first run still waits for Twilio). Set by the claim's UPDATE,
-- cleared when the attempt records its answer; a process that dies holding it leaves it to
-- expire, after Twilio's timeout plus a margin.
ALTER TABLE "MessageLog" ADD COLUMN "leaseUntil" TIMESTAMPTZ(3);

-- When the send was last put on the queue by the send path itself (created, asked for again
-- after a deferral, re-queued by the sweep). The sweep for sends without a live job ages
-- rows by this and "lastAttemptAt", never by "updatedAt": an activity retry or a status
-- write refreshes that one without the send making any progress.
ALTER TABLE "MessageLog" ADD COLUMN "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Rows written before this migration were queued no later than they were last updated.
UPDATE "MessageLog" SET "queuedAt" = "updatedAt";
