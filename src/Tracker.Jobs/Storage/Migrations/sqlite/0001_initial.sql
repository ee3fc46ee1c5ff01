-- Version 1. Released scripts are never edited: a change is a new, higher-numbered file.
-- Timestamps are Unix milliseconds and flags 0/1, as in the PostgreSQL scripts, so one row mapping reads both.
CREATE TABLE tracked_jobs (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    parent_id TEXT,
    status TEXT,
    application_ids TEXT,
    last_checked INTEGER,
    state TEXT NOT NULL,
    reason TEXT,
    blocked INTEGER NOT NULL DEFAULT 0,
    copy_requested INTEGER NOT NULL DEFAULT 0,
    next_poll_at INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    PRIMARY KEY (owner, job_id));

CREATE INDEX tracked_jobs_due ON tracked_jobs (next_poll_at) WHERE state IN ('tracking', 'copying') AND blocked = 0;

CREATE INDEX tracked_jobs_by_id ON tracked_jobs (job_id);

CREATE TABLE application_copies (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    workflow_id TEXT,
    app_path TEXT,
    partial INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (owner, job_id, application_id));

CREATE TABLE copy_attempts (
    owner TEXT NOT NULL,
    job_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    workflow_id TEXT,
    app_path TEXT NOT NULL,
    ended INTEGER NOT NULL DEFAULT 0,
    cleaned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner, job_id, app_path));

CREATE TABLE credentials (
    owner TEXT PRIMARY KEY,
    protected BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL);
