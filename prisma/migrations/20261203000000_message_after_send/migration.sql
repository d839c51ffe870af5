-- The rest of a contact's path after this send, when it is only instant steps to its end
-- ({ steps: [...] }): the message worker mirrors that end into Contact and Run together
-- with the send's outcome, so the contact workflow needs no progress write of its own.
ALTER TABLE "MessageLog" ADD COLUMN "afterSend" JSONB;
