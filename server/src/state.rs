//! Shared state of the running server.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::cli::ServeOptions;
use crate::error::Error;

/// What every handler may read: configuration and the start time. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    started: Instant,
    data_dir: PathBuf,
    db_path: PathBuf,
    dist_dir: PathBuf,
}

impl AppState {
    /// Builds the state from `portal serve` options, creating the data directory when missing.
    pub fn prepare(opts: &ServeOptions) -> Result<Self, Error> {
        std::fs::create_dir_all(&opts.data_dir).map_err(|e| {
            Error::internal(
                format!("creating data directory {}", opts.data_dir.display()),
                e,
            )
        })?;
        Ok(Self {
            inner: Arc::new(Inner {
                started: Instant::now(),
                data_dir: opts.data_dir.clone(),
                db_path: opts.db_path(),
                dist_dir: opts.dist_dir.clone(),
            }),
        })
    }

    /// When the server started.
    pub fn started(&self) -> Instant {
        self.inner.started
    }

    /// The data directory.
    pub fn data_dir(&self) -> &PathBuf {
        &self.inner.data_dir
    }

    /// The database file.
    pub fn db_path(&self) -> &PathBuf {
        &self.inner.db_path
    }

    /// The directory of the built client.
    pub fn dist_dir(&self) -> &PathBuf {
        &self.inner.dist_dir
    }
}
