//! Shared state of the running server.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use portal_core::datasets::DATASETS;
use sqlx::SqlitePool;

use crate::auth::SessionStore;
use crate::auth::throttle::LoginThrottle;
use crate::cli::ServeOptions;
use crate::data::datasets_dir;
use crate::engine::{DatasetStats, Engine};
use crate::error::Error;
use crate::model_files::{ModelFiles, models_dir};

/// What every handler may read: configuration, the database, the query engine. Cheap to clone.
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
    model_files: ModelFiles,
    row_cap: u64,
    query_timeout: Duration,
    secure_cookies: bool,
    db: SqlitePool,
    throttle: LoginThrottle,
    engine: Option<Engine>,
    stats: HashMap<&'static str, DatasetStats>,
    active_extracts: Arc<AtomicU64>,
}

/// Counts one extract as active until dropped (when its stream ends, fails or is abandoned).
#[derive(Debug)]
pub struct ActiveExtract(Arc<AtomicU64>);

impl Drop for ActiveExtract {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl AppState {
    /// Builds the state from `portal serve` options: creates the data directory, opens and
    /// migrates the database (seeding the demo accounts unless turned off), without datasets
    /// (extracts then answer `data_unavailable`).
    pub async fn prepare(opts: &ServeOptions) -> Result<Self, Error> {
        Self::create(opts, None, HashMap::new()).await
    }

    /// Like [`AppState::prepare`], then opens the query engine over the prepared datasets of
    /// the data directory and computes each dataset's row count and date range once.
    pub async fn load(opts: &ServeOptions) -> Result<Self, Error> {
        let engine = Engine::open(&datasets_dir(&opts.data_dir)).await?;
        let mut stats = HashMap::new();
        for ds in &DATASETS {
            stats.insert(ds.name, engine.stats(ds).await?);
        }
        Self::create(opts, Some(engine), stats).await
    }

    async fn create(
        opts: &ServeOptions,
        engine: Option<Engine>,
        stats: HashMap<&'static str, DatasetStats>,
    ) -> Result<Self, Error> {
        std::fs::create_dir_all(&opts.data_dir).map_err(|e| {
            Error::internal(
                format!("creating data directory {}", opts.data_dir.display()),
                e,
            )
        })?;
        let db_path = opts.db_path();
        let db = crate::db::open(&db_path).await?;
        if !opts.no_demo_accounts {
            crate::accounts::seed_demo_accounts(&db).await?;
        }
        let dir = models_dir(opts.models_dir.clone());
        let model_files = tokio::task::spawn_blocking(move || ModelFiles::scan(&dir))
            .await
            .map_err(|e| Error::internal("scanning the models", e))??;
        Ok(Self {
            inner: Arc::new(Inner {
                started: Instant::now(),
                data_dir: opts.data_dir.clone(),
                db_path,
                dist_dir: opts.dist_dir.clone(),
                model_files,
                row_cap: opts.row_cap,
                query_timeout: Duration::from_millis(opts.query_timeout_ms),
                secure_cookies: opts.secure_cookies,
                db,
                throttle: LoginThrottle::default(),
                engine,
                stats,
                active_extracts: Arc::default(),
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

    /// The database.
    pub fn db(&self) -> &SqlitePool {
        &self.inner.db
    }

    /// Failed-login counters.
    pub fn throttle(&self) -> &LoginThrottle {
        &self.inner.throttle
    }

    /// Whether cookies carry `Secure` (the portal is behind TLS).
    pub fn secure_cookies(&self) -> bool {
        self.inner.secure_cookies
    }

    /// The directory of the built client.
    pub fn dist_dir(&self) -> &PathBuf {
        &self.inner.dist_dir
    }

    /// The model files served to the browser, with their ETags.
    pub fn model_files(&self) -> &ModelFiles {
        &self.inner.model_files
    }

    /// The query engine, when datasets are loaded.
    pub fn engine(&self) -> Option<&Engine> {
        self.inner.engine.as_ref()
    }

    /// Row count and date range of a dataset (default when it has no data).
    pub fn stats(&self, dataset: &str) -> DatasetStats {
        self.inner.stats.get(dataset).cloned().unwrap_or_default()
    }

    /// Registers an extract as active for the lifetime of the returned guard.
    pub fn begin_extract(&self) -> ActiveExtract {
        self.inner.active_extracts.fetch_add(1, Ordering::Relaxed);
        ActiveExtract(self.inner.active_extracts.clone())
    }

    /// Extracts currently streaming.
    pub fn active_extracts(&self) -> u64 {
        self.inner.active_extracts.load(Ordering::Relaxed)
    }

    /// Most rows an ungrouped extract may return.
    pub fn row_cap(&self) -> u64 {
        self.inner.row_cap
    }

    /// Longest an extract may run.
    pub fn query_timeout(&self) -> Duration {
        self.inner.query_timeout
    }
}

impl SessionStore for AppState {
    fn db(&self) -> &SqlitePool {
        AppState::db(self)
    }
}
