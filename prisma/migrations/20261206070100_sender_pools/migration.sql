-- A workspace's senders become a pool (core/senders): several per channel, each with the kind
-- Twilio rates it by and an optional rate of its own; or a Messaging Service sid.
CREATE TYPE "SenderKind" AS ENUM ('long_code', 'toll_free', 'short_code', 'whatsapp', 'messaging_service');

ALTER TABLE "WorkspaceSender" ADD COLUMN "kind" "SenderKind" NOT NULL DEFAULT 'long_code';
ALTER TABLE "WorkspaceSender" ADD COLUMN "ratePerSec" DOUBLE PRECISION;
ALTER TABLE "WorkspaceSender" ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "WorkspaceSender" SET "kind" = 'whatsapp' WHERE "channel" = 'whatsapp';
UPDATE "WorkspaceSender" SET "kind" = 'short_code' WHERE "channel" = 'sms' AND "address" ~ '^[0-9]{3,8}$';
UPDATE "WorkspaceSender" SET "kind" = 'messaging_service' WHERE "address" ~ '^MG[0-9a-fA-F]{32}$';

DROP INDEX "WorkspaceSender_workspaceId_channel_key";
CREATE INDEX "WorkspaceSender_workspaceId_channel_idx" ON "WorkspaceSender"("workspaceId", "channel");

-- Sticky sender: the number a phone was first messaged from, per workspace and channel.
-- Existing contacts keep the number their latest message went from.
CREATE TABLE "StickySender" (
    "workspaceId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StickySender_pkey" PRIMARY KEY ("workspaceId", "phone", "channel")
);

INSERT INTO "StickySender" ("workspaceId", "phone", "channel", "address")
SELECT DISTINCT ON (m."workspaceId", m."phone", m."channel") m."workspaceId", m."phone", m."channel", m."sender"
FROM "MessageLog" m
JOIN "WorkspaceSender" s ON s."workspaceId" = m."workspaceId" AND s."address" = m."sender"
ORDER BY m."workspaceId", m."phone", m."channel", m."createdAt" DESC;

-- A send scheduled at Twilio (SendAt) for when its send window opens.
ALTER TABLE "MessageLog" ADD COLUMN "scheduledFor" TIMESTAMPTZ(3);

-- The sandbox keeps the Messaging Service that picked a message's number, as Twilio lists it.
ALTER TABLE "SandboxMessage" ADD COLUMN "messagingServiceSid" TEXT;
