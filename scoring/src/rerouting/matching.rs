//! Import → export matching: each export declared Korean is matched to the latest import from
//! China by the same company in the [`MATCH_DAYS`] days up to the export day — of the same
//! HS6 when there is one, else of the same HS4 (near goods).

use rustc_hash::FxHashMap;

use super::{ExportLine, ImportLine};

/// How many days before an export its import may be.
pub const MATCH_DAYS: i32 = 90;

/// An export matched to an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index of the export.
    pub export: usize,
    /// Index of the import.
    pub import: usize,
    /// Days from the import to the export (0..=[`MATCH_DAYS`]).
    pub lag: i32,
    /// Whether the goods are the same HS6 (else the same HS4).
    pub same_hs6: bool,
}

/// The latest `(day, index)` of `days` (sorted) in `lo..=hi`.
fn latest(days: &[(i32, usize)], lo: i32, hi: i32) -> Option<(i32, usize)> {
    let end = days.partition_point(|(d, _)| *d <= hi);
    days[..end].last().copied().filter(|(d, _)| *d >= lo)
}

/// The match of each export (in order); `None` for exports not declared Korean or without an
/// import to match.
pub fn match_exports(exports: &[ExportLine], imports: &[ImportLine]) -> Vec<Option<Match>> {
    let mut hs6: FxHashMap<(&str, &str), Vec<(i32, usize)>> = FxHashMap::default();
    let mut hs4: FxHashMap<(&str, &str), Vec<(i32, usize)>> = FxHashMap::default();
    for (i, m) in imports.iter().enumerate() {
        if m.origin != "CN" || m.hs6.len() < 4 {
            continue;
        }
        hs6.entry((&m.importer, &m.hs6))
            .or_default()
            .push((m.day, i));
        hs4.entry((&m.importer, &m.hs6[..4]))
            .or_default()
            .push((m.day, i));
    }
    for v in hs6.values_mut().chain(hs4.values_mut()) {
        v.sort_unstable();
    }
    exports
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if e.origin != "KR" || e.hs6.len() < 4 {
                return None;
            }
            let window = |v: Option<&Vec<(i32, usize)>>| {
                v.and_then(|v| latest(v, e.day - MATCH_DAYS, e.day))
            };
            let (found, same) = match window(hs6.get(&(e.exporter.as_str(), e.hs6.as_str()))) {
                Some(f) => (f, true),
                None => (window(hs4.get(&(e.exporter.as_str(), &e.hs6[..4])))?, false),
            };
            Some(Match {
                export: i,
                import: found.1,
                lag: e.day - found.0,
                same_hs6: same,
            })
        })
        .collect()
}
