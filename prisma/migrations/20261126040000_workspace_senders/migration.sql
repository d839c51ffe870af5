-- The numbers a workspace sends from. Each number belongs to one workspace at most, so an
-- inbound reply to it (and a STOP) reaches that workspace's contacts only. Workspaces
-- without a number of their own for a channel share the deployment's default sender.
CREATE TABLE "WorkspaceSender" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkspaceSender_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "WorkspaceSender_address_key" ON "WorkspaceSender"("address");
CREATE UNIQUE INDEX "WorkspaceSender_workspaceId_channel_key" ON "WorkspaceSender"("workspaceId", "channel");

ALTER TABLE "WorkspaceSender" ADD CONSTRAINT "WorkspaceSender_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
