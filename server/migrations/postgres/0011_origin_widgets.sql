-- Origin widgets (../sqlite/0011_origin_widgets.sql); JSONB checks the JSON.
ALTER TABLE dashboard_widgets ADD COLUMN origin JSONB;
