-- The journey version a contact walks once moved onto a newer one (live edits); null: its run's.
ALTER TABLE "Contact" ADD COLUMN "journeyVersion" INTEGER;
