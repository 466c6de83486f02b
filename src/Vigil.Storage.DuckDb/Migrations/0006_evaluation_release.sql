-- The release of the evaluated response on every evaluation: the evaluated span's for an OTLP event,
-- the trace's root span's for online evaluation and user feedback. NULL when the span carried none,
-- and for the evaluations stored before this migration (their release is not looked up afterwards).
-- Added last, so BatchAppender appends it after ingested_at.

ALTER TABLE evaluations ADD COLUMN release VARCHAR;
