//! The portal's sections: one table that the navigation, the home page and the tests share.

use crate::i18n::Key;

/// One top-level section of the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Client route of the section.
    pub path: &'static str,
    /// Its name in the navigation and as the page title.
    pub title: Key,
    /// One sentence saying what the section is for.
    pub summary: Key,
}

/// Every section, in navigation order. Paths must match the routes in [`crate::App`].
pub const SECTIONS: [Section; 7] = [
    Section {
        path: "/",
        title: Key::NavHome,
        summary: Key::HomeSummary,
    },
    Section {
        path: "/data-map",
        title: Key::NavDataMap,
        summary: Key::DataMapSummary,
    },
    Section {
        path: "/analysis",
        title: Key::NavAnalysis,
        summary: Key::AnalysisSummary,
    },
    Section {
        path: "/scoring",
        title: Key::NavScoring,
        summary: Key::ScoringSummary,
    },
    Section {
        path: "/network",
        title: Key::NavNetwork,
        summary: Key::NetworkSummary,
    },
    Section {
        path: "/requests",
        title: Key::NavRequests,
        summary: Key::RequestsSummary,
    },
    Section {
        path: "/dashboards",
        title: Key::NavDashboards,
        summary: Key::DashboardsSummary,
    },
];

/// The section whose route is `path`, if any.
pub fn section_by_path(path: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn paths_are_unique_absolute_and_lowercase() {
        let mut seen = HashSet::new();
        for s in SECTIONS {
            assert!(seen.insert(s.path), "duplicate {}", s.path);
            assert!(s.path.starts_with('/'));
            assert_eq!(s.path, s.path.to_lowercase());
            assert!(
                !s.path.starts_with("/api"),
                "client route under /api: {}",
                s.path
            );
        }
        assert_eq!(
            section_by_path("/scoring").map(|s| s.title),
            Some(Key::NavScoring)
        );
        assert_eq!(section_by_path("/nope"), None);
    }
}
