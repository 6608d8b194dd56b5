-- Comments on requests, and in-app notifications for the people a transition concerns.
CREATE TABLE request_comments (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX request_comments_request ON request_comments (request_id, id);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    state       TEXT NOT NULL,               -- the request state the notification announces
    read        INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX notifications_user ON notifications (user_id, read, id);
