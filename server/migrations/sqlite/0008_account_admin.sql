-- User administration: accounts can be disabled; sessions end after an idle time.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
-- Unix seconds of the session's last request (refreshed at most once a minute).
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_expiry ON sessions (expires_at);
