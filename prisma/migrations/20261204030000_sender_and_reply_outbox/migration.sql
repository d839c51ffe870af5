-- The number each send went out from. Replies and STOPs to the deployment's shared default
-- number reach only the workspaces that wrote to that phone from it; rows sent before this
-- column existed stay null and are read as sent from the default sender of a workspace
-- without its own number.
ALTER TABLE "MessageLog" ADD COLUMN "sender" TEXT;

-- Who wrote to a phone, across workspaces: looked up for every reply and STOP.
CREATE INDEX "MessageLog_phone_channel_idx" ON "MessageLog" ("phone", "channel");

-- The reply outbox: a stored reply whose contacts could not be signalled (Temporal down) is
-- signalled again by a sweep, with backoff, until it is.
ALTER TABLE "InboundMessage" ADD COLUMN "signalAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "InboundMessage" ADD COLUMN "nextSignalAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now();

-- Replies left unsignalled before the outbox existed were given up then: signalling them now,
-- maybe weeks later, would answer whatever their contacts are being asked today.
UPDATE "InboundMessage" SET "signalledAt" = "receivedAt" WHERE "signalledAt" IS NULL;

-- The sweep's rows: not signalled yet. Small, since signalling follows each reply within moments.
CREATE INDEX "InboundMessage_unsignalled_idx" ON "InboundMessage" ("nextSignalAt") WHERE "signalledAt" IS NULL;
