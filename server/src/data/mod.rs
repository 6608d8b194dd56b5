//! The portal's data: reading the real reference data, generating the national-scale datasets,
//! importing the CDD, and preparing the data directory that `portal serve` queries.

pub mod cdd_import;
pub mod generate;
pub mod partition;
pub mod partition_write;
pub mod profile;
pub mod reference;
pub mod rng;
pub mod rows;
pub mod table;

use std::path::{Path, PathBuf};

use crate::durable;
use crate::error::{Error, ErrorCode};

/// File written last into a prepared data directory; its presence means the data is complete.
pub const READY_MARKER: &str = "READY.json";
/// File written first into a directory the server is preparing: only a directory holding it may
/// be cleared by the server.
pub const PARTIAL_MARKER: &str = ".portal-preparing";

/// Where the datasets of a data directory live.
pub fn datasets_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("datasets")
}

/// The folder holding the datasets a command was pointed at with `--data-dir`: a portal's data
/// directory (`dir/datasets`) when it holds `dataset`, else `dir` itself (a `portal generate`
/// folder).
pub fn datasets_of(dir: &Path, dataset: &str) -> PathBuf {
    let nested = datasets_dir(dir);
    if nested.join(dataset).is_dir() {
        nested
    } else {
        dir.to_path_buf()
    }
}

/// The profile derived from the reference data in `reference` (`cdd/` and `hs/`), as
/// `portal profile` writes it.
pub fn derive_profile(reference: &Path) -> Result<profile::CddProfile, Error> {
    let train = reference::read_cdd(&reference.join("cdd").join(reference::CDD_FILES[0].1))?;
    let hs = reference::read_hs(&reference.join("hs").join("harmonized-system.csv"))?;
    Ok(profile::derive::derive(&train, &hs))
}

/// How to fill an empty data directory.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Generated declarations.
    pub declarations: u64,
    /// Generator seed.
    pub seed: u64,
    /// The reference data (`cdd/`, `hs/`).
    pub reference: Option<PathBuf>,
    /// Partition the datasets of at least this many rows (`portal partition`); `None`: all flat.
    pub partition_min_rows: Option<u64>,
}

/// Makes sure `data_dir` holds complete datasets: reuses them when [`READY_MARKER`] is there,
/// else generates the demo set (and imports the CDD) into a temporary directory, flushes it to
/// the disk, writes the marker last and moves it in. A `datasets/` folder without the marker was
/// not made by the server (a preparation is only ever moved in whole): it is never deleted, and
/// the server refuses to start until someone moves it away.
pub fn prepare(data_dir: &Path, opts: &DemoOptions) -> Result<(), Error> {
    let dir = datasets_dir(data_dir);
    if dir.join(READY_MARKER).is_file() {
        tracing::info!(dir = %dir.display(), "reusing prepared datasets");
        return Ok(());
    }
    if dir.exists() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "{} holds no {READY_MARKER}, so it was not prepared by `portal serve`; it is left \
                 as it is: move it away (or write data with `portal generate --out` elsewhere) \
                 and start again",
                dir.display()
            ),
        ));
    }
    tracing::info!(declarations = opts.declarations, reference = ?opts.reference, "preparing demo datasets");
    let tmp = data_dir.join("datasets.partial");
    if tmp.exists() {
        if !tmp.join(PARTIAL_MARKER).is_file() {
            return Err(Error::client(
                ErrorCode::InvalidInput,
                format!(
                    "{} was not made by the server (no {PARTIAL_MARKER}); move it away and \
                     start again",
                    tmp.display()
                ),
            ));
        }
        std::fs::remove_dir_all(&tmp)
            .map_err(|e| Error::internal("clearing a partial generation", e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| Error::internal("creating a preparation", e))?;
    durable::write(&tmp.join(PARTIAL_MARKER), b"")
        .map_err(|e| Error::internal("marking a preparation", e))?;
    let profile = profile::Profile::builtin()?;
    let summary = generate::generate(&profile, opts.declarations, opts.seed, &tmp, true)?;
    let cdd = match opts
        .reference
        .as_deref()
        .map(|r| r.join("cdd"))
        .filter(|d| d.is_dir())
    {
        Some(cdd_dir) => cdd_import::import_cdd(&cdd_dir, &tmp, &profile.texts().subheadings)?,
        None => Vec::new(),
    };
    let partitioned: Vec<&str> = match opts.partition_min_rows {
        Some(min_rows) => {
            let run = partition_write::partition_all(&tmp, min_rows);
            // On a blocking thread of a runtime (the server's), or on a runtime of its own.
            let done = match tokio::runtime::Handle::try_current() {
                Ok(handle) => handle.block_on(run),
                Err(_) => tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::internal("starting a runtime to partition", e))?
                    .block_on(run),
            }?;
            done.iter().map(|p| p.dataset).collect()
        }
        None => Vec::new(),
    };
    let marker = serde_json::json!({
        "declarations": opts.declarations,
        "partitioned": partitioned,
        "seed": opts.seed,
        "rows": summary.rows.iter().map(|(k, v)| (k.to_string(), v)).collect::<std::collections::BTreeMap<_, _>>(),
        "cdd_rows": cdd.iter().map(|(k, v)| (k.to_string(), v)).collect::<std::collections::BTreeMap<_, _>>(),
    });
    // Every file is on the disk before the marker that says so, and the marker before the move.
    durable::sync_tree(&tmp).map_err(|e| Error::internal("flushing the datasets", e))?;
    durable::write(&tmp.join(READY_MARKER), marker.to_string().as_bytes())
        .map_err(|e| Error::internal("writing the ready marker", e))?;
    std::fs::rename(&tmp, &dir)
        .map_err(|e| Error::internal("moving prepared datasets in place", e))?;
    durable::sync_dir(data_dir).map_err(|e| Error::internal("flushing the data folder", e))?;
    Ok(())
}
