-- Test sends (POST /api/journeys/:id/test): a run of one contact, the tester's phone, with
-- its waits shortened. The run, its contact and its messages say so, so that analytics,
-- exports and the frequency cap can tell a test from a launch.
ALTER TABLE "Run" ADD COLUMN "isTest" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Run" ADD COLUMN "testTiming" JSONB;
ALTER TABLE "Contact" ADD COLUMN "isTest" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "MessageLog" ADD COLUMN "isTest" BOOLEAN NOT NULL DEFAULT false;
