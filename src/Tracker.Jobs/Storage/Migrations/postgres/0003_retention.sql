-- Retention (issue 14). Numbered 0002 on the retention branch; planned as 0005 when merged with the other parts.
-- pinned: the owner asked to keep the job (POST /api/job/{id}/keep); retention never claims a pinned job.
-- deleting: retention claimed the job; its copy rows are already gone, so nothing serves its logs as saved,
-- and the row stays (under retention's lease) until its HDFS directory is gone.
ALTER TABLE tracked_jobs ADD COLUMN pinned BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tracked_jobs ADD COLUMN deleting BIGINT NOT NULL DEFAULT 0;
