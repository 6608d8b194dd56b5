//! The lineage graph of one dataset, drawn as SVG: datasets it derives from or joins to on the
//! right, datasets that reference it on the left, one line per pair of datasets labelled with
//! every key between them.

use leptos::prelude::*;
use portal_core::api::CatalogEdge;
use portal_core::datasets::EdgeKind;

use crate::i18n::{Key, use_i18n};

const WIDTH: f64 = 860.0;
const NODE_W: f64 = 170.0;
const NODE_H: f64 = 34.0;
const ROW: f64 = 58.0;

/// A box of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Dataset name.
    pub name: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// The dataset the page is about.
    pub center: bool,
}

/// A line between two boxes, labelled with their keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Start (on the referencing side).
    pub from: (f64, f64),
    /// End (on the referenced side).
    pub to: (f64, f64),
    /// The keys, one per edge: `column`, or `from_column → to_column` when the names differ.
    pub labels: Vec<String>,
    /// Dashed for derivation, solid for joins (of the first edge between the pair).
    pub derives: bool,
}

/// Positions of the boxes and lines for `me`'s edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Boxes; the centre box first.
    pub nodes: Vec<Node>,
    /// One line per pair of boxes with edges between them.
    pub lines: Vec<Line>,
    /// Total height.
    pub height: f64,
}

/// Lays out `me` in the middle, the datasets it references on the right and the datasets that
/// reference it on the left, each side in edge order, one box per dataset.
pub fn layout(me: &str, edges: &[CatalogEdge]) -> Layout {
    let mut right: Vec<&str> = Vec::new();
    let mut left: Vec<&str> = Vec::new();
    for e in edges {
        if e.from == me && !right.contains(&e.to.as_str()) {
            right.push(&e.to);
        } else if e.to == me && e.from != me && !left.contains(&e.from.as_str()) {
            left.push(&e.from);
        }
    }
    let rows = right.len().max(left.len()).max(1) as f64;
    let height = rows * ROW + 20.0;
    let cx = (WIDTH - NODE_W) / 2.0;
    let cy = (height - NODE_H) / 2.0;
    let column_y = |i: usize, n: usize| {
        let top = (height - n as f64 * ROW) / 2.0;
        top + i as f64 * ROW + (ROW - NODE_H) / 2.0
    };
    let mut nodes = vec![Node {
        name: me.to_owned(),
        x: cx,
        y: cy,
        center: true,
    }];
    for (i, name) in left.iter().enumerate() {
        nodes.push(Node {
            name: (*name).to_owned(),
            x: 10.0,
            y: column_y(i, left.len()),
            center: false,
        });
    }
    for (i, name) in right.iter().enumerate() {
        nodes.push(Node {
            name: (*name).to_owned(),
            x: WIDTH - NODE_W - 10.0,
            y: column_y(i, right.len()),
            center: false,
        });
    }
    let find = |name: &str, center: bool| {
        nodes
            .iter()
            .find(|n| n.name == name && n.center == center)
            .map(|n| (n.x, n.y + NODE_H / 2.0))
    };
    let mut lines = Vec::new();
    for e in edges {
        let (from, to) = if e.from == me {
            (
                find(me, true).map(|(x, y)| (x + NODE_W, y)),
                find(&e.to, false),
            )
        } else {
            (
                find(&e.from, false).map(|(x, y)| (x + NODE_W, y)),
                find(me, true),
            )
        };
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let label = if e.from_column == e.to_column {
            e.from_column.clone()
        } else {
            format!("{} → {}", e.from_column, e.to_column)
        };
        match lines
            .iter_mut()
            .find(|l: &&mut Line| l.from == from && l.to == to)
        {
            Some(line) => line.labels.push(label),
            None => lines.push(Line {
                from,
                to,
                labels: vec![label],
                derives: e.kind == EdgeKind::DerivesFrom,
            }),
        }
    }
    Layout {
        nodes,
        lines,
        height,
    }
}

/// SVG drawing of [`layout`], with an accessible name; the list beside it carries the links.
#[component]
pub fn LineageGraph(
    /// The dataset the page is about.
    me: String,
    /// Its lineage edges.
    edges: Vec<CatalogEdge>,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = layout(&me, &edges);
    let view_box = format!("0 0 {WIDTH} {}", l.height);
    view! {
        <svg class="lineage-graph" viewBox=view_box role="img" aria-label=move || i18n.t(Key::LineageGraph)>
            {l.lines.into_iter().map(|line| {
                let (x1, y1) = line.from;
                let (x2, y2) = line.to;
                // The keys of one pair stacked one per row, centred on the line's middle.
                let top = (y1 + y2) / 2.0 - (line.labels.len() as f64 - 1.0) * 6.0 + 3.0;
                let x = (x1 + x2) / 2.0;
                view! {
                    <line x1=x1 y1=y1 x2=x2 y2=y2 class=if line.derives { "edge derives" } else { "edge" } />
                    {line.labels.into_iter().enumerate().map(|(k, label)| view! {
                        <text x=x y=top + k as f64 * 12.0 class="edge-label" text-anchor="middle">{label}</text>
                    }).collect_view()}
                }
            }).collect_view()}
            {l.nodes.into_iter().map(|n| view! {
                <rect x=n.x y=n.y width=NODE_W height=NODE_H rx="6" class=if n.center { "node center" } else { "node" } />
                <text x=n.x + NODE_W / 2.0 y=n.y + NODE_H / 2.0 + 5.0 text-anchor="middle" class="node-label">{n.name}</text>
            }).collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::api::CatalogDataset;
    use portal_core::datasets::IMPORT_DECLARATION;

    #[test]
    fn declaration_references_right_and_is_referenced_left() {
        let d = CatalogDataset::from_def(&IMPORT_DECLARATION, 0, None);
        let l = layout(&d.name, &d.lineage);
        let side = |x: f64| match x {
            x if x < 100.0 => 'L',
            x if x > 400.0 => 'R',
            _ => 'C',
        };
        let names: Vec<_> = l
            .nodes
            .iter()
            .map(|n| (n.name.as_str(), side(n.x)))
            .collect();
        assert_eq!(names[0], ("import_declaration", 'C'));
        assert!(names.contains(&("cargo_manifest", 'R')), "{names:?}");
        assert!(names.contains(&("company", 'R')));
        assert!(names.contains(&("inspection", 'L')));
        assert!(names.contains(&("duty_drawback", 'L')));
        assert!(names.contains(&("origin_certificate", 'L')));
        assert!(names.contains(&("duty_payment", 'L')));
        // One box per dataset, one line per pair: the three keys to company on one line.
        assert_eq!(l.nodes.len(), 7);
        assert_eq!(l.lines.len(), 6);
        let keys: usize = l.lines.iter().map(|x| x.labels.len()).sum();
        assert_eq!(keys, d.lineage.len());
        let company = l.lines.iter().find(|x| x.labels.len() == 3).unwrap();
        assert!(company.labels.iter().all(|k| k.ends_with("→ company_id")));
        assert!(l.lines.iter().any(|x| x.labels == ["manifest_key"]));
        // Lines run left to right.
        assert!(l.lines.iter().all(|x| x.from.0 < x.to.0));
    }
}
