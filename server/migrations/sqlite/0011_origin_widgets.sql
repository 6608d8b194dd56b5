-- Origin widgets: a dashboard widget may show an origin analysis
-- (portal_core::origin::OriginWidget, JSON: the rerouting ranking or the FTA verification queue);
-- NULL for other widgets.
ALTER TABLE dashboard_widgets ADD COLUMN origin TEXT CHECK (origin IS NULL OR json_valid(origin));
