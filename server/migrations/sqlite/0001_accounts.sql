-- Offices, users, sessions and the append-only audit log.
-- Kept to portable SQL (types, constraints) so that PostgreSQL can follow; the triggers and
-- strftime defaults are the SQLite-specific parts.

CREATE TABLE offices (
    code     TEXT PRIMARY KEY,          -- the office code used in the datasets' office_id columns
    ko_name  TEXT NOT NULL,
    en_name  TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('headquarters', 'centre', 'regional', 'branch')),
    parent   TEXT REFERENCES offices (code)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    office_code   TEXT NOT NULL REFERENCES offices (code),
    role          TEXT NOT NULL CHECK (role IN ('analyst', 'reviewer', 'bureau', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  INTEGER NOT NULL         -- unix seconds
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user_id   INTEGER,
    username  TEXT,
    action    TEXT NOT NULL,            -- login_success, login_failure, logout, extract, ...
    detail    TEXT NOT NULL DEFAULT '{}',
    address   TEXT
);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
