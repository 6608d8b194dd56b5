//! The network page's data: the edges of an ego network (`GET /api/network/ego`, Arrow), the
//! parties they join with what the edges say about each (role, shipments, value, frauds), how
//! the officer changes it (expand, hide), the seeds and candidates of hidden accomplices, and the
//! timelines charted beside it. Its files are `network_export`, its drawing `network_picture`.

use std::collections::HashMap;

use portal_core::analysis::Analysis;
use portal_core::date::format_days;
use portal_core::graph_worker::ToGraph;
use portal_core::network::{EDGE_COLUMNS, EgoQuery, PartyRole};
use portal_core::query::{Filter, Value};

use crate::arrow::Frame;

/// The role of a consignee (the `source` of every edge): the importer.
pub const IMPORTER: &str = "importer";

/// One edge: shipments a consignee shares with a party of another role.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The consignee (by position in [`Graph::parties`]).
    pub source: u32,
    /// The far end.
    pub target: u32,
    /// Shipments.
    pub shipments: i64,
    /// Declared value (KRW).
    pub value: f64,
    /// Shipments found fraudulent.
    pub frauds: i64,
    /// First arrival day (days since 1970).
    pub first_seen: i32,
    /// Last arrival day.
    pub last_seen: i32,
    /// Hop from the centre at which the edge was found.
    pub hop: i64,
}

/// One party and the sums of its edges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Party {
    /// Its id (or a vessel's name).
    pub id: String,
    /// `importer` or the far end's role (`seller`, `forwarder`...).
    pub role: String,
    /// Shipments over its edges.
    pub shipments: i64,
    /// Value over its edges.
    pub value: f64,
    /// Frauds over its edges.
    pub frauds: i64,
    /// Its edges.
    pub edges: u32,
    /// First and last arrival day over its edges.
    pub first_seen: i32,
    /// Last arrival day.
    pub last_seen: i32,
}

impl Party {
    /// A party without edges yet (its sums are added edge by edge).
    pub fn new(id: String, role: String) -> Party {
        Party {
            id,
            role,
            first_seen: i32::MAX,
            last_seen: i32::MIN,
            ..Party::default()
        }
    }
}

/// What the graph worker measured, per party (by position in [`Graph::parties`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measures {
    /// Degree centrality.
    pub degree: Vec<f32>,
    /// Betweenness centrality (empty when the network was too large).
    pub betweenness: Vec<f32>,
    /// Louvain community (`u32::MAX`: none).
    pub community: Vec<u32>,
    /// Modularity of the split.
    pub modularity: f64,
    /// Milliseconds the measures took.
    pub ms: f64,
}

/// An ego network as the page holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// The parties, the centre first.
    pub parties: Vec<Party>,
    /// The edges.
    pub edges: Vec<Edge>,
}

fn column(frame: &Frame, name: &str) -> Result<usize, String> {
    frame
        .names()
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| format!("the network has no column {name}"))
}

impl Graph {
    /// The network of the ego answer `frame` around `centre`.
    pub fn from_frame(centre: &str, frame: &Frame) -> Result<Graph, String> {
        // The answer's columns, in EDGE_COLUMNS order.
        let [src, dst, role, ships, value, frauds, first, last, hop] =
            EDGE_COLUMNS.map(|c| column(frame, c));
        let (src, dst, role) = (src?, dst?, role?);
        let (ships, value, frauds, first, last, hop) =
            (ships?, value?, frauds?, first?, last?, hop?);
        let mut graph = Graph::default();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut party = |graph: &mut Graph, id: String, role: &str| -> u32 {
            if let Some(&i) = index.get(&id) {
                let p = &mut graph.parties[i as usize];
                if p.role.is_empty() {
                    p.role = role.to_owned();
                }
                return i;
            }
            let i = graph.parties.len() as u32;
            index.insert(id.clone(), i);
            graph.parties.push(Party::new(id, role.to_owned()));
            i
        };
        party(&mut graph, centre.to_owned(), "");
        let num = |r: usize, c: usize| frame.number(r, c).unwrap_or(0.0);
        for r in 0..frame.rows {
            let s = party(&mut graph, frame.text(r, src), IMPORTER);
            let t = party(&mut graph, frame.text(r, dst), &frame.text(r, role));
            let e = Edge {
                source: s,
                target: t,
                shipments: num(r, ships) as i64,
                value: num(r, value),
                frauds: num(r, frauds) as i64,
                first_seen: num(r, first) as i32,
                last_seen: num(r, last) as i32,
                hop: num(r, hop) as i64,
            };
            graph.add(e);
        }
        Ok(graph)
    }

    /// Adds `e`, counting it on both its parties.
    fn add(&mut self, e: Edge) {
        for end in [e.source, e.target] {
            let p = &mut self.parties[end as usize];
            p.shipments += e.shipments;
            p.value += e.value;
            p.frauds += e.frauds;
            p.edges += 1;
            p.first_seen = p.first_seen.min(e.first_seen);
            p.last_seen = p.last_seen.max(e.last_seen);
        }
        self.edges.push(e);
    }

    /// Adds the parties and edges of `other` not in this network yet (an expanded party's
    /// neighbours); returns how many edges were new.
    pub fn merge(&mut self, other: &Graph) -> usize {
        let mut index: HashMap<String, u32> = self
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        let mut known: std::collections::HashSet<(u32, u32)> =
            self.edges.iter().map(|e| (e.source, e.target)).collect();
        let mut at = |me: &mut Graph, p: &Party| -> u32 {
            *index.entry(p.id.clone()).or_insert_with(|| {
                me.parties.push(Party::new(p.id.clone(), p.role.clone()));
                me.parties.len() as u32 - 1
            })
        };
        let mut added = 0;
        for e in &other.edges {
            let s = at(self, &other.parties[e.source as usize]);
            let t = at(self, &other.parties[e.target as usize]);
            if !known.insert((s, t)) {
                continue;
            }
            self.add(Edge {
                source: s,
                target: t,
                ..e.clone()
            });
            added += 1;
        }
        added
    }

    /// The graph worker's request to lay out and measure this network.
    pub fn analyse_request(&self, iterations: u32, frame_every: u32) -> ToGraph {
        ToGraph::Analyse {
            ids: self.parties.iter().map(|p| p.id.clone()).collect(),
            edges: self
                .edges
                .iter()
                .map(|e| (e.source, e.target, e.shipments as f64))
                .collect(),
            iterations,
            frame_every,
        }
    }

    /// The network without party `i` (never the centre): its edges go, and so do the parties
    /// they alone tied to the rest.
    pub fn without(&self, i: u32) -> Graph {
        if i == 0 {
            return self.clone();
        }
        let kept: Vec<&Edge> = self
            .edges
            .iter()
            .filter(|e| e.source != i && e.target != i)
            .collect();
        let mut linked = vec![false; self.parties.len()];
        linked[0] = true;
        for e in &kept {
            linked[e.source as usize] = true;
            linked[e.target as usize] = true;
        }
        let mut new_index = vec![u32::MAX; self.parties.len()];
        let mut out = Graph::default();
        for (k, p) in self.parties.iter().enumerate() {
            if linked[k] {
                new_index[k] = out.parties.len() as u32;
                out.parties.push(Party::new(p.id.clone(), p.role.clone()));
            }
        }
        for e in kept {
            out.add(Edge {
                source: new_index[e.source as usize],
                target: new_index[e.target as usize],
                ..e.clone()
            });
        }
        out
    }

    /// Asks the server for the ego network of `q` (Arrow) and reads it.
    pub async fn fetch(q: &EgoQuery) -> Result<Graph, crate::api::ApiError> {
        let bytes = crate::api::ego_network(q).await?;
        let frame = Frame::decode(&bytes).map_err(crate::api::ApiError::Decode)?;
        Graph::from_frame(&q.party, &frame).map_err(crate::api::ApiError::Decode)
    }

    /// The importers with frauds on their shipments: the seeds of hidden accomplices.
    pub fn offenders(&self) -> Vec<u32> {
        self.importers(|p| p.frauds > 0)
    }

    /// The importers without any fraud: who may be a hidden accomplice.
    pub fn clean_importers(&self) -> Vec<u32> {
        self.importers(|p| p.frauds == 0)
    }

    fn importers(&self, keep: impl Fn(&Party) -> bool) -> Vec<u32> {
        (0..self.parties.len() as u32)
            .filter(|&i| {
                let p = &self.parties[i as usize];
                p.role == IMPORTER && keep(p)
            })
            .collect()
    }

    /// The edges between the parties in `chain` (consecutive pairs), for the evidence of a path.
    pub fn edges_along(&self, chain: &[u32]) -> Vec<&Edge> {
        chain
            .windows(2)
            .filter_map(|w| {
                self.edges.iter().find(|e| {
                    (e.source == w[0] && e.target == w[1]) || (e.source == w[1] && e.target == w[0])
                })
            })
            .collect()
    }
}

/// A day as `YYYY-MM-DD`, empty for a party without edges.
pub fn day(d: i32) -> String {
    if d == i32::MAX || d == i32::MIN {
        String::new()
    } else {
        format_days(d)
    }
}

/// The shipments of `party` (of `role`) by month: the timeline charted under a network widget.
pub fn timeline(party: &str, role: &str) -> Analysis {
    timeline_of(&[(party, role)])
}

/// The shipments `a` and `b` share by month (an importer and a party of another role, as on
/// their edge); otherwise `a`'s own shipments.
pub fn timeline_between(a: &Party, b: &Party) -> Analysis {
    match (a.role == IMPORTER, b.role == IMPORTER) {
        (true, false) | (false, true) => timeline_of(&[
            (a.id.as_str(), a.role.as_str()),
            (b.id.as_str(), b.role.as_str()),
        ]),
        _ => timeline(&a.id, &a.role),
    }
}

/// Shipments by month where every (party, role) holds: on the declaration when a declarant is
/// named (the importer as `importer_id`), else on the manifest (the importer as the consignee).
fn timeline_of(parties: &[(&str, &str)]) -> Analysis {
    let role = |r: &str| PartyRole::parse(r).map(PartyRole::column);
    let on_declaration = parties
        .iter()
        .any(|(_, r)| matches!(role(r), Some((_, true))));
    let (dataset, importer, date) = if on_declaration {
        ("import_declaration", "importer_id", "declaration_date")
    } else {
        ("cargo_manifest", "consignee_id", "arrival_date")
    };
    let filters = parties
        .iter()
        .map(|(id, r)| Filter::Eq {
            column: role(r).map_or(importer, |(c, _)| c).to_owned(),
            value: Value::Text((*id).to_owned()),
        })
        .collect();
    Analysis::monthly_count(dataset, date, filters)
}

/// The network page's link to the ego network of `q`.
pub fn network_link(q: &EgoQuery) -> String {
    let mut link = format!(
        "/network?party={}",
        portal_core::text::percent_encode(&q.party)
    );
    if let Some(h) = q.hops {
        link.push_str(&format!("&hops={h}"));
    }
    link
}

/// A three-edge ego answer around `C1` for the tests of the network modules.
#[cfg(test)]
pub(crate) fn test_frame() -> Frame {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
    {
        let cols: Vec<(&str, ArrayRef)> = vec![
            (
                "source",
                Arc::new(StringArray::from(vec!["C1", "C1", "C2"])),
            ),
            (
                "target",
                Arc::new(StringArray::from(vec!["F1", "S1", "F1"])),
            ),
            (
                "target_role",
                Arc::new(StringArray::from(vec!["forwarder", "seller", "forwarder"])),
            ),
            ("shipments", Arc::new(Int64Array::from(vec![3, 1, 2]))),
            (
                "value",
                Arc::new(Float64Array::from(vec![300.0, 100.0, 50.0])),
            ),
            ("frauds", Arc::new(Int64Array::from(vec![1, 0, 0]))),
            ("first_seen", Arc::new(Date32Array::from(vec![10, 12, 11]))),
            ("last_seen", Arc::new(Date32Array::from(vec![20, 12, 30]))),
            ("hop", Arc::new(Int64Array::from(vec![1, 1, 2]))),
        ];
        let batch = RecordBatch::try_from_iter(cols).expect("batch");
        Frame::from_batches(batch.schema(), &[batch]).expect("frame")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        test_frame()
    }

    #[test]
    fn parties_sum_their_edges_and_the_centre_comes_first() {
        let g = Graph::from_frame("C1", &frame()).expect("graph");
        let ids: Vec<&str> = g.parties.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["C1", "F1", "S1", "C2"]);
        let f1 = &g.parties[1];
        assert_eq!(
            (f1.role.as_str(), f1.shipments, f1.frauds),
            ("forwarder", 5, 1)
        );
        assert_eq!((f1.first_seen, f1.last_seen), (10, 30));
        assert_eq!(g.parties[0].role, IMPORTER);
        assert_eq!(g.offenders(), [0]);
        assert_eq!(g.clean_importers(), [3]);
        assert_eq!(g.edges_along(&[3, 1, 0]).len(), 2);
        let mut merged = Graph::from_frame("C1", &frame()).expect("graph");
        assert_eq!(
            merged.merge(&Graph::from_frame("C1", &frame()).expect("g")),
            0
        );
        assert_eq!(merged.parties.len(), 4);
        // Hiding F1 leaves C2 without a tie to the rest: both go; S1 keeps its edge.
        let hidden = merged.without(1);
        let ids: Vec<&str> = hidden.parties.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["C1", "S1"]);
        assert_eq!((hidden.edges.len(), hidden.parties[0].shipments), (1, 1));
        assert_eq!(merged.without(0), merged, "the centre stays");
    }

    #[test]
    fn a_timeline_counts_the_party_where_its_role_is_recorded() {
        let t = timeline("B00001", "declarant");
        assert_eq!(t.spec.dataset, "import_declaration");
        assert!(t.spec.validate(1000).is_ok());
        let t = timeline("I0000001", IMPORTER);
        assert_eq!(t.spec.dataset, "cargo_manifest");
        assert!(
            matches!(&t.spec.filters[0], Filter::Eq { column, .. } if column == "consignee_id")
        );
        assert!(t.spec.validate(1000).is_ok());
        let q = EgoQuery {
            party: "I 1".to_owned(),
            hops: Some(2),
            ..EgoQuery::default()
        };
        assert_eq!(network_link(&q), "/network?party=I%201&hops=2");
        let g = Graph::from_frame("C1", &frame()).expect("graph");
        let both = timeline_between(&g.parties[1], &g.parties[0]);
        assert_eq!(both.spec.dataset, "cargo_manifest");
        let columns: Vec<String> = both
            .spec
            .filters
            .iter()
            .map(|f| match f {
                Filter::Eq { column, .. } => column.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(columns, ["forwarder_id", "consignee_id"]);
        let broker = Party {
            id: "B1".to_owned(),
            role: "declarant".to_owned(),
            ..Party::default()
        };
        let on_declaration = timeline_between(&g.parties[0], &broker);
        assert_eq!(on_declaration.spec.dataset, "import_declaration");
        assert!(on_declaration.spec.validate(1000).is_ok());
    }
}
