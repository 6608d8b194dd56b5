-- Analysis requests (분석의뢰) and their history.
CREATE TABLE requests (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    content       TEXT NOT NULL,
    datasets      TEXT NOT NULL DEFAULT '[]',   -- JSON array of dataset names
    desired_date  TEXT,
    state         TEXT NOT NULL CHECK (state IN ('applied', 'approved', 'cooperating', 'in_progress',
                                                'completed', 'rejected', 'withdrawn', 'needs_changes')),
    version       INTEGER NOT NULL DEFAULT 1,
    applicant_id  INTEGER NOT NULL REFERENCES users (id),
    office_code   TEXT NOT NULL REFERENCES offices (code),
    bureau_id     INTEGER REFERENCES users (id),
    analyst_id    INTEGER REFERENCES users (id),
    results       TEXT NOT NULL DEFAULT '[]',   -- JSON array of result links
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX requests_office ON requests (office_code);

CREATE TABLE request_history (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    note        TEXT,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX request_history_request ON request_history (request_id, id);
