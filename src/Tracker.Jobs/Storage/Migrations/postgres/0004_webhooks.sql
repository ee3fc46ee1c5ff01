-- Webhooks and their outbox. events is ',name,name,' so one LIKE finds the subscribers of an event;
-- secret is the Data Protection payload of the signing key, never the key itself.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    format TEXT NOT NULL,
    secret BYTEA NOT NULL,
    created_at BIGINT NOT NULL);

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
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    UNIQUE (webhook_id, event, job_id));

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    at BIGINT NOT NULL,
    status_code BIGINT,
    error TEXT,
    PRIMARY KEY (delivery_id, attempt));
