namespace Tracker.Jobs.Tests.Storage;

/// <summary>
/// The schema the first release created (its SqliteMigrations and PostgresMigrations, version 1, as shipped), kept
/// verbatim so the tests can build the databases that release left behind and check they are still served.
/// </summary>
internal static class FirstReleaseSchema
{
    public const string Sqlite = """
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
        """;

    public const string Postgres = """
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
        """;
}
