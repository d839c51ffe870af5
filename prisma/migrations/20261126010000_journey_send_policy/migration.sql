-- A journey's own send window, time zone and frequency cap (core/policy ZSendPolicyLayer),
-- over the workspace's; copied into each launched version with the graph.
ALTER TABLE "Journey" ADD COLUMN "sendPolicy" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "JourneyVersion" ADD COLUMN "sendPolicy" JSONB NOT NULL DEFAULT '{}';
