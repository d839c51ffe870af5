-- A send the frequency cap skipped (the node said "skip"): recorded, never sent.
ALTER TYPE "MessageStatus" ADD VALUE IF NOT EXISTS 'skipped';

-- Which Temporal activity waits for the send, so a job lost with Redis can be re-queued
-- from the row alone; and when the last request to Twilio started (the start of the
-- window in which an ambiguous answer is looked up in Twilio's Messages list).
ALTER TABLE "MessageLog" ADD COLUMN "activity" JSONB,
    ADD COLUMN "lastAttemptAt" TIMESTAMPTZ(3);

-- The re-queue sweep reads only sends that have not finished.
CREATE INDEX "MessageLog_unfinished_idx" ON "MessageLog"("createdAt") WHERE "status" IN ('pending', 'queued', 'sending');

-- The workspace's send policy (send window, time zone, frequency cap); journeys and nodes override it.
ALTER TABLE "Workspace" ADD COLUMN "sendPolicy" JSONB NOT NULL DEFAULT '{}';

-- GET /api/messages lists a workspace's messages newest first.
CREATE INDEX "MessageLog_workspaceId_createdAt_idx" ON "MessageLog"("workspaceId", "createdAt");
