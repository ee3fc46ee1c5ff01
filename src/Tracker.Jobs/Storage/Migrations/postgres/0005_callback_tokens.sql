-- Version 2 here; the brief's number is 3 (the lead renumbers at merge). One callback token per user.
-- token_hash is the SHA-256 of the token (hex), what a notification is looked up by; protected is the token
-- itself encrypted by the Data Protection key ring, so the same URL can be shown again without storing it in clear.
CREATE TABLE callback_tokens (
    owner TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    protected BYTEA NOT NULL,
    created_at BIGINT NOT NULL);
