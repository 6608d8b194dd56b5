-- Company widgets: a dashboard widget may show the company ranking
-- (portal_core::company::CompanyWidget, JSON: the model and an optional grade); NULL for other
-- widgets.
ALTER TABLE dashboard_widgets ADD COLUMN company TEXT CHECK (company IS NULL OR json_valid(company));
