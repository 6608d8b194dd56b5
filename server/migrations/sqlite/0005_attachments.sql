-- Files attached to analysis requests; the bytes live under <data-dir>/attachments/<request>/<id>.
CREATE TABLE request_attachments (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    uploader_id   INTEGER NOT NULL REFERENCES users (id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX request_attachments_request ON request_attachments (request_id, id);
