-- Webhooks and their outbox. events is ',name,name,' so one LIKE finds the subscribers of an event;
-- secret is the Data Protection payload of the signing key, never the key itself.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    format TEXT NOT NULL,
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL);

CREATE INDEX webhooks_by_owner ON webhooks (owner);

-- One row per (webhook, event, job): recording the same event twice (a worker redoing a round) sends it once.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    event TEXT NOT NULL,
    job_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    UNIQUE (webhook_id, event, job_id));

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    PRIMARY KEY (delivery_id, attempt));
