-- The sandbox's Content API (Twilio's /v1/Content): the content an HX ContentSid sends,
-- so the phone simulator shows a template's text and quick-reply buttons as Twilio would.
CREATE TABLE "SandboxContent" (
    "sid" TEXT NOT NULL,
    "accountSid" TEXT NOT NULL,
    "friendlyName" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "types" JSONB NOT NULL,
    "dateCreated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dateUpdated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxContent_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "SandboxContent_accountSid_dateCreated_idx" ON "SandboxContent"("accountSid", "dateCreated");

-- The buttons a sent content message carried (rendered with its variables).
ALTER TABLE "SandboxMessage" ADD COLUMN "buttons" JSONB;
