-- The send window (and the recipient's zone) the workflow waited for: a job rebuilt from
-- the row after Redis lost it must be held to the same window as the job it replaces.
ALTER TABLE "MessageLog" ADD COLUMN "sendWindow" JSONB;
