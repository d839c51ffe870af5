-- When the waiter of a send (the activity to complete or the contact to signal) was told its
-- outcome. A message worker that dies after the send but before telling, while Redis loses
-- the job, would otherwise leave the contact waiting for its 15-minute recheck; the worker's
-- sweep tells again every decided send that no one was told about.
ALTER TABLE "MessageLog" ADD COLUMN "reportedAt" TIMESTAMPTZ(3);

-- Every send decided before this column existed was reported then.
UPDATE "MessageLog" SET "reportedAt" = "updatedAt"
WHERE "activity" IS NOT NULL
  AND ("twilioSid" IS NOT NULL OR "status" IN ('failed', 'suppressed', 'skipped', 'deferred'));

-- The sweep's rows: decided, with a waiter, not yet reported. Small, since a report follows
-- each send within moments.
CREATE INDEX "MessageLog_unreported_idx" ON "MessageLog" ("updatedAt")
WHERE "reportedAt" IS NULL AND "activity" IS NOT NULL;
