-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "messageSid" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "body" TEXT,
    "payload" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signalledAt" TIMESTAMPTZ(3),
    "contactsSignalled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_messageSid_key" ON "InboundMessage"("messageSid");

-- CreateIndex
CREATE INDEX "InboundMessage_from_receivedAt_idx" ON "InboundMessage"("from", "receivedAt");

-- CreateIndex: inbound replies look up a phone's contacts that have not ended.
CREATE INDEX "Contact_phone_open_idx" ON "Contact"("phone") WHERE "endedAt" IS NULL;
