-- Version 2: watches, the rules that track every new matching job of their owner. Times are Unix milliseconds.
-- cursor_at is the creation time up to which the owner's jobs were already looked at; it only moves forward.
CREATE TABLE watches (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    filter TEXT NOT NULL,
    jobtype TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    cursor_at INTEGER NOT NULL,
    tracked INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    next_run_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_expires_at INTEGER);

CREATE INDEX watches_by_owner ON watches (owner);

CREATE INDEX watches_due ON watches (next_run_at);
