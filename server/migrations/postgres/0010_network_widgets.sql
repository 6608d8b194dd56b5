-- Network widgets (../sqlite/0010_network_widgets.sql); JSONB checks the JSON.
ALTER TABLE dashboard_widgets ADD COLUMN network JSONB;
