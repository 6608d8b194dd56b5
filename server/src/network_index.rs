//! The shipments behind the stakeholder network held in memory, indexed by party, so that an
//! ego network is a walk over the rows that name its frontier instead of a scan of every
//! manifest line per hop (at 10M declarations a hop scanned for 3.5–6 s).
//!
//! Built once when the server starts (in the background: until it is ready, ego networks are
//! answered by [`crate::network`]'s DataFusion queries), from the same shipments those queries
//! read: the manifest lines joined with their declarations. Each row keeps its consignee and far
//! ends as party codes, its arrival day, customs value, fraud, HS chapter and both offices, so
//! every filter of [`EgoBounds`] and the office scope apply exactly as in the queries; the
//! answer is the same edges in the same order (values summed in another order may differ in
//! the last bits). Every edge of a hop has an end in its frontier, so a hop sums each frontier
//! party's edges from that party's own rows, party by party on every CPU, and stops as soon as
//! the edge cap is passed. About 80 bytes per shipment (820 MiB at 10M declarations, built in
//! 18 s); `portal serve --no-network-index` leaves it out.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use datafusion::arrow::compute::cast;
use futures::StreamExt;
use portal_core::network::{EgoBounds, PartyRole};
use rustc_hash::FxHashMap;

use crate::engine::Engine;
use crate::error::Error;
use crate::network::{Edge, EdgeBuilder, check_hop, no_shipments};
use crate::scope::Scope;

/// No party in this column.
const NONE: u32 = u32::MAX;
/// No arrival day.
const NO_DAY: i32 = i32::MIN;
/// No (or no numeric) HS chapter.
const NO_CHAPTER: u8 = u8::MAX;
/// Roles, in the order of [`PartyRole::ALL`].
const ROLES: usize = PartyRole::ALL.len();

/// One shipment: the parties at its ends, and what its edges sum.
struct Row {
    consignee: u32,
    ends: [u32; ROLES],
    day: i32,
    value: f64,
    fraud: u8,
    chapter: u8,
    /// The manifest line's office and the declaration's.
    offices: [u16; 2],
}

/// The shipments of every office, indexed by party.
pub struct ShipmentIndex {
    names: Vec<Box<str>>,
    codes: FxHashMap<Box<str>, u32>,
    offices: HashMap<Box<str>, u16>,
    cols: Columns,
    /// Rows naming party `p` (in any column): `postings[starts[p]..starts[p + 1]]`, with the
    /// columns naming it in `posting_roles` (bit `i` for role `i`, [`AS_CONSIGNEE`]).
    starts: Vec<u32>,
    postings: Vec<u32>,
    posting_roles: Vec<u8>,
}

/// A posting's bit for the consignee column.
const AS_CONSIGNEE: u8 = 1 << 7;

/// The rows by column, ordered by consignee: a walk reads only the columns it needs, and a
/// big party's rows (a vessel's million shipments) cost a few bytes each, not the whole row.
#[derive(Default)]
struct Columns {
    consignee: Vec<u32>,
    ends: Vec<[u32; ROLES]>,
    day: Vec<i32>,
    value: Vec<f64>,
    fraud: Vec<u8>,
    chapter: Vec<u8>,
    offices: Vec<[u16; 2]>,
}

impl std::fmt::Debug for ShipmentIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShipmentIndex")
            .field("rows", &self.len())
            .field("parties", &self.names.len())
            .finish()
    }
}

/// What one edge of a hop sums.
#[derive(Clone, Copy)]
struct Sums {
    shipments: u64,
    value: f64,
    frauds: i64,
    first: i32,
    last: i32,
}

impl Sums {
    const EMPTY: Sums = Sums {
        shipments: 0,
        value: 0.0,
        frauds: 0,
        first: i32::MAX,
        last: i32::MIN,
    };

    fn add(&mut self, c: &Columns, r: usize) {
        self.shipments += 1;
        self.value += c.value[r];
        self.frauds += i64::from(c.fraud[r]);
        let day = c.day[r];
        if day != NO_DAY {
            self.first = self.first.min(day);
            self.last = self.last.max(day);
        }
    }
}

fn column(b: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, Error> {
    let c = b
        .column_by_name(name)
        .ok_or_else(|| Error::internal(format!("no column {name}"), "the shipments"))?;
    cast(c, to).map_err(|e| Error::internal(format!("reading column {name}"), e))
}

impl ShipmentIndex {
    /// Reads every shipment of `engine` (none when it has no manifests or declarations).
    pub async fn build(engine: &Engine) -> Result<Option<Self>, Error> {
        let Some(shipments) = engine.every_shipment().await? else {
            return Ok(None);
        };
        let mut stream = shipments
            .execute_stream()
            .await
            .map_err(|e| Error::internal("reading the shipments", e))?;
        let mut ix = ShipmentIndex {
            names: Vec::new(),
            codes: FxHashMap::default(),
            offices: HashMap::new(),
            cols: Columns::default(),
            starts: Vec::new(),
            postings: Vec::new(),
            posting_roles: Vec::new(),
        };
        let mut rows = Vec::new();
        while let Some(batch) = stream.next().await {
            let batch = batch.map_err(|e| Error::internal("reading the shipments", e))?;
            ix.add(&batch, &mut rows)?;
        }
        ix.index(rows);
        Ok(Some(ix))
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.cols.consignee.len()
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held, roughly (for the log).
    pub fn bytes(&self) -> usize {
        let names: usize = self.names.iter().map(|n| 2 * n.len() + 48).sum();
        self.len() * size_of::<Row>() + 4 * self.starts.len() + 5 * self.postings.len() + names
    }

    fn code(&mut self, id: &str) -> u32 {
        if let Some(&c) = self.codes.get(id) {
            return c;
        }
        let c = self.names.len() as u32;
        self.names.push(id.into());
        self.codes.insert(id.into(), c);
        c
    }

    fn office(&mut self, id: Option<&str>) -> u16 {
        let id = id.unwrap_or_default();
        if let Some(&c) = self.offices.get(id) {
            return c;
        }
        let c = self.offices.len() as u16;
        self.offices.insert(id.into(), c);
        c
    }

    /// Adds the shipments of `b` to `rows`, coding their parties.
    fn add(&mut self, b: &RecordBatch, rows: &mut Vec<Row>) -> Result<(), Error> {
        let text = |name: &str| column(b, name, &DataType::Utf8);
        let consignee = text("consignee_id")?;
        let ends = PartyRole::ALL
            .iter()
            .map(|r| text(r.column().0))
            .collect::<Result<Vec<_>, _>>()?;
        let (m_office, d_office, hs6) = (text("m_office")?, text("d_office")?, text("hs6")?);
        let day = column(b, "arrival_date", &DataType::Date32)?;
        let value = column(b, "item_price", &DataType::Float64)?;
        let fraud = column(b, "fraud", &DataType::Int64)?;
        let (day, value, fraud) = (
            day.as_primitive::<Date32Type>(),
            value.as_primitive::<Float64Type>(),
            fraud.as_primitive::<Int64Type>(),
        );
        let consignee = consignee.as_string::<i32>();
        let ends: Vec<_> = ends.iter().map(|c| c.as_string::<i32>()).collect();
        let (m_office, d_office, hs6) = (
            m_office.as_string::<i32>(),
            d_office.as_string::<i32>(),
            hs6.as_string::<i32>(),
        );
        for i in 0..b.num_rows() {
            if consignee.is_null(i) {
                continue;
            }
            let mut row = Row {
                consignee: self.code(consignee.value(i)),
                ends: [NONE; ROLES],
                day: if day.is_null(i) { NO_DAY } else { day.value(i) },
                value: if value.is_null(i) {
                    0.0
                } else {
                    value.value(i)
                },
                fraud: u8::from(!fraud.is_null(i) && fraud.value(i) != 0),
                chapter: NO_CHAPTER,
                offices: [
                    self.office((!m_office.is_null(i)).then(|| m_office.value(i))),
                    self.office((!d_office.is_null(i)).then(|| d_office.value(i))),
                ],
            };
            for (r, col) in ends.iter().enumerate() {
                if !col.is_null(i) {
                    row.ends[r] = self.code(col.value(i));
                }
            }
            if !hs6.is_null(i)
                && let [a @ b'0'..=b'9', b @ b'0'..=b'9', ..] = hs6.value(i).as_bytes()
            {
                row.chapter = (a - b'0') * 10 + (b - b'0');
            }
            rows.push(row);
        }
        Ok(())
    }

    /// The parties of a row, each once, with the columns naming it.
    fn parties(row: &Row) -> Vec<(u32, u8)> {
        let mut out: Vec<(u32, u8)> = vec![(row.consignee, AS_CONSIGNEE)];
        for (ri, &p) in row.ends.iter().enumerate() {
            if p == NONE {
                continue;
            }
            match out.iter_mut().find(|(q, _)| *q == p) {
                Some((_, bits)) => *bits |= 1 << ri,
                None => out.push((p, 1 << ri)),
            }
        }
        out
    }

    /// Orders the rows by consignee (a consignee's rows are then read in sequence), builds the
    /// postings and moves the rows into columns.
    fn index(&mut self, mut rows: Vec<Row>) {
        rows.sort_by_key(|r| r.consignee);
        let mut counts = vec![0u32; self.names.len() + 1];
        for row in &rows {
            for (p, _) in Self::parties(row) {
                counts[p as usize + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let total = *counts.last().unwrap_or(&0) as usize;
        let (mut postings, mut roles) = (vec![0u32; total], vec![0u8; total]);
        for (r, row) in rows.iter().enumerate() {
            for (p, bits) in Self::parties(row) {
                let at = next[p as usize] as usize;
                postings[at] = r as u32;
                roles[at] = bits;
                next[p as usize] += 1;
            }
        }
        self.starts = counts;
        self.postings = postings;
        self.posting_roles = roles;
        let c = &mut self.cols;
        for row in rows {
            c.consignee.push(row.consignee);
            c.ends.push(row.ends);
            c.day.push(row.day);
            c.value.push(row.value);
            c.fraud.push(row.fraud);
            c.chapter.push(row.chapter);
            c.offices.push(row.offices);
        }
    }

    /// The rows naming `party`, and the columns naming it in each.
    fn rows_of(&self, party: u32) -> (&[u32], &[u8]) {
        let (a, b) = (
            self.starts[party as usize] as usize,
            self.starts[party as usize + 1] as usize,
        );
        (&self.postings[a..b], &self.posting_roles[a..b])
    }

    /// How many rows name `party`.
    fn count(&self, party: u32) -> usize {
        (self.starts[party as usize + 1] - self.starts[party as usize]) as usize
    }

    /// The ego network of `b.party` within `scope`: the edges [`Engine::ego_network`] answers.
    pub fn ego(&self, b: &EgoBounds, scope: &Scope) -> Result<RecordBatch, Error> {
        let not_found = || no_shipments(b);
        let office = match scope.office() {
            None => None,
            Some(o) => Some(*self.offices.get(o).ok_or_else(not_found)?),
        };
        let centre = *self.codes.get(b.party.as_str()).ok_or_else(not_found)?;
        let mut roles: Vec<usize> = Vec::new();
        for r in &b.roles {
            let i = PartyRole::ALL.iter().position(|x| x == r).unwrap_or(0);
            if !roles.contains(&i) {
                roles.push(i);
            }
        }
        let mut walk = Walk {
            index: self,
            bounds: b,
            office,
            chapter: b.chapter.as_deref().and_then(|c| c.parse().ok()),
            roles,
            state: vec![0u8; self.names.len()],
        };
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let mut frontier = vec![centre];
        walk.state[centre as usize] = FRONTIER;
        let mut out = EdgeBuilder::default();
        for hop in 1..=b.hops {
            if frontier.is_empty() {
                break;
            }
            let room = b.max_edges - out.rows;
            let mut edges = walk.hop(&frontier, room, threads);
            check_hop(edges.len() as u64, room, hop, b)?;
            // The queries' order: most shipments first, then by source and target.
            edges.sort_unstable_by(|(ka, a), (kb, b)| {
                b.shipments
                    .cmp(&a.shipments)
                    .then_with(|| self.names[ka.0 as usize].cmp(&self.names[kb.0 as usize]))
                    .then_with(|| self.names[ka.1 as usize].cmp(&self.names[kb.1 as usize]))
                    .then_with(|| ka.2.cmp(&kb.2))
            });
            let mut next = Vec::new();
            for ((s, t, ri), e) in edges {
                for end in [s, t] {
                    if walk.state[end as usize] == 0 {
                        walk.state[end as usize] = REACHED;
                        next.push(end);
                    }
                }
                out.push_one(
                    Edge {
                        source: &self.names[s as usize],
                        target: &self.names[t as usize],
                        role: PartyRole::ALL[ri as usize].as_str(),
                        shipments: e.shipments as i64,
                        value: e.value,
                        frauds: e.frauds,
                        first: (e.first != i32::MAX).then_some(e.first),
                        last: (e.last != i32::MIN).then_some(e.last),
                    },
                    hop,
                );
            }
            for p in frontier {
                walk.state[p as usize] = SEEN;
            }
            for &p in &next {
                walk.state[p as usize] = FRONTIER;
            }
            frontier = next;
        }
        out.finish()
    }
}

/// A party's state in a walk: not reached (0), reached by this hop, in its frontier, or in an
/// earlier hop's.
const REACHED: u8 = 3;
const FRONTIER: u8 = 1;
const SEEN: u8 = 2;

/// An edge of a hop: (consignee, far end, role) and its sums.
type HopEdge = ((u32, u32, u8), Sums);

/// One ego network being walked.
struct Walk<'a> {
    index: &'a ShipmentIndex,
    bounds: &'a EgoBounds,
    office: Option<u16>,
    chapter: Option<u8>,
    /// Roles followed, as positions in [`PartyRole::ALL`].
    roles: Vec<usize>,
    state: Vec<u8>,
}

impl Walk<'_> {
    fn visible(&self, r: usize) -> bool {
        let (b, c) = (self.bounds, &self.index.cols);
        self.office.is_none_or(|o| c.offices[r] == [o, o])
            && b.from.is_none_or(|d| c.day[r] != NO_DAY && c.day[r] >= d)
            && b.to.is_none_or(|d| c.day[r] != NO_DAY && c.day[r] <= d)
            && self.chapter.is_none_or(|ch| c.chapter[r] == ch)
    }

    /// The edges of one hop over the shipment floor; stops early past `room`. Every edge of
    /// the hop has an end in the frontier, so all its shipments name that end: each frontier
    /// party's edges are summed from its own rows (an edge with both ends in the frontier is
    /// the consignee's), split over `threads`.
    fn hop(&self, frontier: &[u32], room: u64, threads: usize) -> Vec<HopEdge> {
        let floor = self.bounds.min_shipments as usize;
        // Parties with fewer rows than the floor have no edge over it.
        let mut work: Vec<u32> = frontier
            .iter()
            .copied()
            .filter(|&p| self.index.count(p) >= floor)
            .collect();
        work.sort_unstable_by_key(|&p| std::cmp::Reverse(self.index.count(p)));
        let found = AtomicU64::new(0);
        let threads = threads.clamp(1, work.len().max(1));
        // Every `threads`-th party from `t` (the biggest are spread over the threads).
        let part = |t: usize| {
            let mut near = FxHashMap::default();
            let mut edges = Vec::new();
            for &p in work.iter().skip(t).step_by(threads) {
                if found.load(Ordering::Relaxed) > room {
                    break;
                }
                let before = edges.len();
                self.party_edges(p, &mut near, &mut edges);
                found.fetch_add((edges.len() - before) as u64, Ordering::Relaxed);
            }
            edges
        };
        if threads == 1 {
            return part(0);
        }
        std::thread::scope(|scope| {
            let parts: Vec<_> = (0..threads).map(|t| scope.spawn(move || part(t))).collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// The edges of frontier party `p` over the floor, added to `edges`. Its rows come in
    /// consignee order: the edges where it is the far end are summed run by run, those where
    /// it is the consignee (one run) by far end.
    fn party_edges(&self, p: u32, near: &mut FxHashMap<(u32, u8), Sums>, edges: &mut Vec<HopEdge>) {
        let floor = self.bounds.min_shipments;
        near.clear();
        let mut run = NONE;
        let mut sums = [Sums::EMPTY; ROLES];
        let flush = |run: u32, sums: &mut [Sums; ROLES], edges: &mut Vec<HopEdge>| {
            for (ri, s) in sums.iter_mut().enumerate() {
                if s.shipments >= floor {
                    edges.push(((run, p, ri as u8), *s));
                }
                *s = Sums::EMPTY;
            }
        };
        let c = &self.index.cols;
        let (rows, bits) = self.index.rows_of(p);
        for (&r, &bits) in rows.iter().zip(bits) {
            let r = r as usize;
            if bits & AS_CONSIGNEE != 0 {
                if !self.visible(r) {
                    continue;
                }
                for &ri in &self.roles {
                    let far = c.ends[r][ri];
                    if far != NONE && self.state[far as usize] != SEEN {
                        near.entry((far, ri as u8)).or_insert(Sums::EMPTY).add(c, r);
                    }
                }
                continue;
            }
            let consignee = c.consignee[r];
            if consignee != run {
                flush(run, &mut sums, edges);
                run = consignee;
            }
            // An edge with both ends in the frontier is the consignee's.
            if matches!(self.state[run as usize], SEEN | FRONTIER) || !self.visible(r) {
                continue;
            }
            for &ri in &self.roles {
                if bits & (1 << ri) != 0 {
                    sums[ri].add(c, r);
                }
            }
        }
        flush(run, &mut sums, edges);
        for (&(far, ri), &s) in near.iter() {
            if s.shipments >= floor {
                edges.push(((p, far, ri), s));
            }
        }
    }
}

/// The index once built, shared by every request (empty until then).
pub type SharedIndex = Arc<std::sync::OnceLock<Arc<ShipmentIndex>>>;
