-- Company widgets (../sqlite/0012_company_widgets.sql); JSONB checks the JSON.
ALTER TABLE dashboard_widgets ADD COLUMN company JSONB;
