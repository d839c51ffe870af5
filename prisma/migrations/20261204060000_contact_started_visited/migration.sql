-- What the history ring can no longer tell once it drops a contact's first steps: when the
-- contact started, and every node it visited (the run's per-node counts). Kept beside the
-- ring by the same writes that append to it.
ALTER TABLE "Contact" ADD COLUMN "startedAt" TIMESTAMPTZ(3);
ALTER TABLE "Contact" ADD COLUMN "visited" TEXT[] NOT NULL DEFAULT '{}';

UPDATE "Contact" c
SET "startedAt" = (c."history"->0->>'at')::timestamptz,
    "visited" = ARRAY(
      SELECT DISTINCT e->>'nodeId' FROM jsonb_array_elements(c."history") e
      WHERE e->>'kind' = 'visit' AND e->>'nodeId' IS NOT NULL ORDER BY 1)
WHERE jsonb_array_length(c."history") > 0;
