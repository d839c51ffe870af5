-- A send whose window closed while it waited in the queue: not sent, not final, and not
-- picked up by the sweeper that re-queues lost jobs (its workflow asks again when the
-- window opens).
ALTER TYPE "MessageStatus" ADD VALUE IF NOT EXISTS 'deferred';
