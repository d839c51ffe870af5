-- A message scheduled at Twilio (SendAt) and withdrawn before its time: its phone opted out,
-- or its contact, run or campaign was stopped. Twilio never sends it.
ALTER TYPE "MessageStatus" ADD VALUE 'canceled';

-- The message worker's sweep looks for scheduled sends still to go out, every few seconds:
-- they are few, so a partial index finds them without reading the log.
CREATE INDEX "MessageLog_scheduled_pending_idx" ON "MessageLog" ("scheduledFor")
  WHERE "scheduledFor" IS NOT NULL AND "status" = 'queued';
