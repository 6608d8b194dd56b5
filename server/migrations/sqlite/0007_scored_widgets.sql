-- Scored widgets: a dashboard widget may name a model (portal_core::dashboard::SCORING_MODELS)
-- that the browser runs over the widget's extract; NULL for a chart widget.
ALTER TABLE dashboard_widgets ADD COLUMN model TEXT CHECK (model IS NULL OR model IN ('fraud', 'price'));
