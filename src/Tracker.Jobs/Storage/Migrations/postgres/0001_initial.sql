-- Version 1. Released scripts are never edited: a change is a new, higher-numbered file.
-- Timestamps are Unix milliseconds and flags 0/1, as in the SQLite scripts, so one row mapping reads both.
CREATE TABLE tracked_jobs (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    parent_id TEXT,
    status TEXT,
    application_ids TEXT,
    last_checked BIGINT,
    state TEXT NOT NULL,
    reason TEXT,
    blocked BIGINT NOT NULL DEFAULT 0,
    copy_requested BIGINT NOT NULL DEFAULT 0,
    next_poll_at BIGINT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    PRIMARY KEY (owner, job_id));

CREATE INDEX tracked_jobs_due ON tracked_jobs (next_poll_at) WHERE state IN ('tracking', 'copying') AND blocked = 0;

CREATE INDEX tracked_jobs_by_id ON tracked_jobs (job_id);

CREATE TABLE application_copies (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    workflow_id TEXT,
    app_path TEXT,
    partial BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    error TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (owner, job_id, application_id));

CREATE TABLE copy_attempts (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    workflow_id TEXT,
    app_path TEXT NOT NULL,
    ended BIGINT NOT NULL DEFAULT 0,
    cleaned BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (owner, job_id, app_path));

CREATE TABLE credentials (
    owner TEXT PRIMARY KEY,
    protected BYTEA NOT NULL,
    expires_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL);
