-- Contact.history keeps only its latest entries (HISTORY_RING_SIZE, trimmed by the write
-- that appends), and counts the ones it dropped: the API pages the history by each entry's
-- place in the whole path (historyDropped + its index), which stays stable as it moves on.
-- Rows are trimmed by their next write; an ended contact is never written again, and its
-- history is paged all the same.
ALTER TABLE "Contact" ADD COLUMN "historyDropped" INTEGER NOT NULL DEFAULT 0;
