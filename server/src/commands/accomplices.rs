//! `portal accomplices-eval --data DIR`: how well the hidden-accomplice ranking of the network
//! page finds the generator's planted accomplices (`company.planted_role`), beside baselines, on
//! the whole network of a generation. Seeds are what an officer has: repeat offenders, importers
//! with at least `--min-frauds` frauds making at least `--min-share` of their lines; candidates
//! are importers with no fraud on record. The planted labels are
//! read only to score the rankings.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use arrow_schema::DataType;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::cast;
use datafusion::prelude::{ident, lit};
use portal_core::network::{EgoQuery, PartyRole};
use portal_graph::Network;
use portal_graph::accomplices::{AccompliceOptions, hidden_accomplices, towards};
use serde::Serialize;

use crate::cli::AccomplicesEvalOptions;
use crate::columns::{ints, strings};
use crate::engine::Engine;
use crate::error::Error;
use crate::scope::Scope;

/// One ranking's figures.
#[derive(Debug, Clone, Serialize)]
pub struct RankingFigures {
    /// Ranking name.
    pub ranking: String,
    /// Planted accomplices among the first K, over K (K = planted accomplices among candidates).
    pub precision_at_k: f64,
    /// Average precision over the whole ranking.
    pub average_precision: f64,
    /// Rank of the first planted accomplice (1-based).
    pub first_hit: Option<usize>,
}

/// The evaluation's figures.
#[derive(Debug, Clone, Serialize)]
pub struct AccompliceFigures {
    /// Parties and relations of the network.
    pub parties: usize,
    /// Distinct pairs.
    pub edges: usize,
    /// Seed importers.
    pub seeds: usize,
    /// Candidate importers.
    pub candidates: usize,
    /// Planted accomplices among the candidates.
    pub planted: usize,
    /// Milliseconds to build the network from its edges.
    pub build_ms: u128,
    /// Milliseconds of the shipped ranking (two PageRanks and the paths).
    pub rank_ms: u128,
    /// Each ranking.
    pub rankings: Vec<RankingFigures>,
}

/// Lines with a manifest and frauds on record per importer.
async fn frauds_by_importer(engine: &Engine) -> Result<HashMap<String, (i64, i64)>, Error> {
    let batches = engine
        .session()
        .table("import_declaration")
        .await
        .and_then(|df| df.filter(ident("manifest_key").is_not_null()))
        .and_then(|df| {
            df.aggregate(
                vec![ident("importer_id")],
                vec![
                    count_all().alias("lines"),
                    sum(cast(ident("fraud"), DataType::Int64)).alias("frauds"),
                ],
            )
        })
        .map_err(|e| Error::internal("planning frauds by importer", e))?
        .collect()
        .await
        .map_err(|e| Error::internal("counting frauds by importer", e))?;
    let mut out = HashMap::new();
    for b in &batches {
        let pairs = ints(b, "lines")?.into_iter().zip(ints(b, "frauds")?);
        out.extend(strings(b, "importer_id")?.into_iter().zip(pairs));
    }
    Ok(out)
}

/// The planted hidden accomplices.
async fn planted(engine: &Engine) -> Result<HashSet<String>, Error> {
    let batches = engine
        .session()
        .table("company")
        .await
        .and_then(|df| df.filter(ident("planted_role").eq(lit("hidden_accomplice"))))
        .and_then(|df| df.select(vec![ident("company_id")]))
        .map_err(|e| Error::internal("planning the planted roles", e))?
        .collect()
        .await
        .map_err(|e| Error::internal("reading the planted roles", e))?;
    let mut out = HashSet::new();
    for b in &batches {
        out.extend(strings(b, "company_id")?);
    }
    Ok(out)
}

/// Precision at K and average precision of `ranked` against `truth`.
fn score(name: &str, ranked: &[usize], truth: &HashSet<usize>) -> RankingFigures {
    let k = truth.len().max(1);
    let (mut hits, mut ap, mut first) = (0usize, 0.0, None);
    for (i, p) in ranked.iter().enumerate() {
        if truth.contains(p) {
            hits += 1;
            ap += hits as f64 / (i + 1) as f64;
            first.get_or_insert(i + 1);
        }
    }
    let at_k = ranked.iter().take(k).filter(|p| truth.contains(p)).count();
    RankingFigures {
        ranking: name.to_owned(),
        precision_at_k: at_k as f64 / k as f64,
        average_precision: ap / k as f64,
        first_hit: first,
    }
}

/// Runs the evaluation.
pub async fn accomplices_eval(opts: AccomplicesEvalOptions) -> Result<(), Error> {
    let engine = Engine::open(&opts.data).await?;
    let bounds = EgoQuery {
        party: "all".into(),
        ..EgoQuery::default()
    }
    .validate()
    .map_err(|e| Error::internal("the evaluation's filters", e.0))?;
    let edges = engine.all_edges(&bounds, &Scope::National).await?;
    let frauds = frauds_by_importer(&engine).await?;
    let planted = planted(&engine).await?;

    let started = Instant::now();
    let mut triples = Vec::new();
    for b in &edges {
        let (s, t, n) = (
            strings(b, "source")?,
            strings(b, "target")?,
            ints(b, "shipments")?,
        );
        triples.extend(
            s.into_iter()
                .zip(t)
                .zip(n)
                .map(|((s, t), n)| (s, t, n as f64)),
        );
    }
    let net = Network::from_edges(triples.iter().map(|(s, t, n)| (s.as_str(), t.as_str(), *n)));
    let build_ms = started.elapsed().as_millis();
    let importers: Vec<usize> = (0..net.len())
        .filter(|&i| frauds.contains_key(net.id(i)))
        .collect();
    let seeds: Vec<usize> = importers
        .iter()
        .copied()
        .filter(|&i| {
            let (lines, k) = frauds[net.id(i)];
            k >= opts.min_frauds && k as f64 >= opts.min_share * lines as f64
        })
        .collect();
    let is_candidate = |i: usize| frauds.get(net.id(i)).is_some_and(|f| f.1 == 0);
    let candidates: Vec<usize> = importers
        .iter()
        .copied()
        .filter(|&i| is_candidate(i))
        .collect();
    let truth: HashSet<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| planted.contains(net.id(i)))
        .collect();
    let all = AccompliceOptions {
        limit: usize::MAX,
        ..AccompliceOptions::default()
    };
    let started = Instant::now();
    let relative = hidden_accomplices(&net, &seeds, is_candidate, &all)
        .map_err(|e| Error::internal("ranking", e))?;
    let rank_ms = started.elapsed().as_millis();
    let raw = hidden_accomplices(
        &net,
        &seeds,
        is_candidate,
        &AccompliceOptions {
            relative: false,
            ..all.clone()
        },
    )
    .map_err(|e| Error::internal("ranking", e))?;
    // Baselines: the largest importers; and what an officer counts by hand, how many seeds a
    // candidate shares a party with.
    let strength = |i: usize| net.neighbours(i).map(|(_, w)| w).sum::<f64>();
    let mut by_volume = candidates.clone();
    by_volume.sort_by(|a, b| strength(*b).total_cmp(&strength(*a)).then(a.cmp(b)));
    let seed_set: HashSet<usize> = seeds.iter().copied().collect();
    // For each party, how many seeds it deals with; a candidate's count is the sum over the
    // parties it deals with (seeds met through a shared party, with repeats).
    let seed_contacts: Vec<usize> = (0..net.len())
        .map(|n| {
            net.neighbours(n)
                .filter(|(m, _)| seed_set.contains(m))
                .count()
        })
        .collect();
    let shared = |i: usize| {
        net.neighbours(i)
            .map(|(n, _)| seed_contacts[n])
            .sum::<usize>()
    };
    let reachable = towards(&net, &seeds);
    let mut by_shared: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|&&i| reachable[i].is_some())
        .map(|&i| (i, shared(i)))
        .collect();
    by_shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let figures = AccompliceFigures {
        parties: net.len(),
        edges: net.edge_count(),
        seeds: seeds.len(),
        candidates: candidates.len(),
        planted: truth.len(),
        build_ms,
        rank_ms,
        rankings: vec![
            score(
                "personalized PageRank / PageRank (shipped)",
                &relative.iter().map(|a| a.party).collect::<Vec<_>>(),
                &truth,
            ),
            score(
                "personalized PageRank",
                &raw.iter().map(|a| a.party).collect::<Vec<_>>(),
                &truth,
            ),
            score(
                "seeds met through shared parties (count)",
                &by_shared.iter().map(|p| p.0).collect::<Vec<_>>(),
                &truth,
            ),
            score("shipment volume", &by_volume, &truth),
        ],
    };
    println!(
        "parties {} edges {} seeds {} candidates {} planted accomplices {} (roles: {})",
        figures.parties,
        figures.edges,
        figures.seeds,
        figures.candidates,
        figures.planted,
        PartyRole::NAMES.join(",")
    );
    println!(
        "network built in {} ms; shipped ranking in {} ms",
        build_ms, rank_ms
    );
    println!("ranking\tprecision@K\taverage precision\tfirst hit");
    for r in &figures.rankings {
        println!(
            "{}\t{:.3}\t{:.3}\t{}",
            r.ranking,
            r.precision_at_k,
            r.average_precision,
            r.first_hit.map_or("-".into(), |f| f.to_string())
        );
    }
    if let Some(path) = &opts.json {
        super::write_figures(path, &figures)?;
    }
    Ok(())
}
