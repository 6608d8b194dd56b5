-- Network widgets: a dashboard widget may hold an ego-network query
-- (portal_core::network::EgoQuery, JSON) that the browser draws; NULL for other widgets.
ALTER TABLE dashboard_widgets ADD COLUMN network TEXT CHECK (network IS NULL OR json_valid(network));
