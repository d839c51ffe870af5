-- A journey's goal (core/journey ZJourneyGoal): a reply rule or an integration's event, within
-- a window from the contact's start. Frozen into each launched version with the graph.
ALTER TABLE "Journey" ADD COLUMN "goal" JSONB;
ALTER TABLE "JourneyVersion" ADD COLUMN "goal" JSONB;

CREATE TYPE "ConversionSource" AS ENUM ('reply', 'event');

-- Contacts that reached their run's goal: one row per contact, so a contact converts once.
CREATE TABLE "Conversion" (
    "runId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "source" "ConversionSource" NOT NULL,
    "sourceId" TEXT NOT NULL,
    "convertedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversion_pkey" PRIMARY KEY ("runId", "contactId")
);

-- Also what deleting a contact (with its run) looks its conversion up by.
CREATE UNIQUE INDEX "Conversion_contactId_key" ON "Conversion"("contactId");
CREATE INDEX "Conversion_workspaceId_idx" ON "Conversion"("workspaceId");

ALTER TABLE "Conversion" ADD CONSTRAINT "Conversion_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Conversion" ADD CONSTRAINT "Conversion_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Conversion" ADD CONSTRAINT "Conversion_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events integrations post (POST /api/events). `externalId`, the integration's own id, makes a
-- retried post count once; events without one are all kept (NULLs are distinct).
CREATE TABLE "GoalEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "externalId" TEXT,
    "phone" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "conversions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GoalEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "GoalEvent_workspaceId_externalId_key" ON "GoalEvent"("workspaceId", "externalId");
CREATE INDEX "GoalEvent_workspaceId_receivedAt_idx" ON "GoalEvent"("workspaceId", "receivedAt");

ALTER TABLE "GoalEvent" ADD CONSTRAINT "GoalEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
