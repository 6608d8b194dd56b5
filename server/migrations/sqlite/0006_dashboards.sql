-- Personal dashboards (내 대시보드): widgets are saved analyses (JSON of portal_core::analysis::Analysis).
CREATE TABLE dashboards (
    id              INTEGER PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    title           TEXT NOT NULL,
    auto_refresh_s  INTEGER,
    shared_office   INTEGER NOT NULL DEFAULT 0 CHECK (shared_office IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX dashboards_owner ON dashboards (owner_id);

CREATE TABLE dashboard_widgets (
    id            INTEGER PRIMARY KEY,
    dashboard_id  INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    analysis      TEXT NOT NULL,
    width         INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4),
    height        INTEGER NOT NULL CHECK (height BETWEEN 1 AND 3)
);
CREATE INDEX dashboard_widgets_dashboard ON dashboard_widgets (dashboard_id, position);

CREATE TABLE dashboard_shares (
    dashboard_id  INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (dashboard_id, user_id)
);
CREATE INDEX dashboard_shares_user ON dashboard_shares (user_id);
