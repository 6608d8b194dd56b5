//! Shared state of the running server.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::db::Db;
use portal_core::datasets::DATASETS;

use crate::auth::SessionStore;
use crate::auth::throttle::LoginThrottle;
use crate::cli::ServeOptions;
use crate::data::datasets_dir;
use crate::engine::{DatasetStats, Engine, EngineOptions, ScopedStats};
use crate::error::Error;
use crate::extract::cache::ResultCache;
use crate::extract::slots::ExtractSlots;
use crate::model_files::{ModelFiles, models_dir};
use crate::model_scope::{OfficeParties, ScopedFiles};
use crate::network_index::{SharedIndex, ShipmentIndex};
use crate::query_runtime::QueryRuntime;
use crate::scope::Scope;

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
    scoped_models: ScopedFiles,
    row_cap: u64,
    query_timeout: Duration,
    secure_cookies: bool,
    db: Db,
    throttle: LoginThrottle,
    engine: Option<Engine>,
    stats: HashMap<&'static str, ScopedStats>,
    /// The parties of each office's declarations (for scoped fraud encoders).
    office_parties: HashMap<String, OfficeParties>,
    /// The shipments indexed for ego networks, once built.
    network_index: SharedIndex,
    extract_slots: Arc<ExtractSlots>,
    result_cache: ResultCache,
    query_runtime: QueryRuntime,
    send_timeout: Duration,
    trusted_proxies: Vec<std::net::IpAddr>,
}

impl AppState {
    /// Builds the state from `portal serve` options: creates the data directory, opens and
    /// migrates the database (seeding the demo accounts unless turned off), without datasets
    /// (extracts then answer `data_unavailable`).
    pub async fn prepare(opts: &ServeOptions) -> Result<Self, Error> {
        Self::create(opts, None, HashMap::new(), HashMap::new()).await
    }

    /// Like [`AppState::prepare`], then opens the query engine over the prepared datasets of
    /// the data directory and computes each dataset's row count and date range once.
    pub async fn load(opts: &ServeOptions) -> Result<Self, Error> {
        let engine_opts = EngineOptions {
            memory_bytes: Some(opts.limits.query_memory_mb.max(16) << 20),
            spill_dir: Some(opts.data_dir.join("spill")),
            cluster: opts
                .engine
                .as_deref()
                .map(crate::cluster::scheduler_address)
                .transpose()?,
            plain_groups: false,
        };
        let engine = Engine::open_with(&datasets_dir(&opts.data_dir), &engine_opts).await?;
        let mut stats = HashMap::new();
        for ds in &DATASETS {
            stats.insert(ds.name, engine.stats(ds).await?);
        }
        let parties = engine.parties_by_office().await?;
        let state = Self::create(opts, Some(engine.clone()), stats, parties).await?;
        if !opts.limits.no_rollups {
            let engine = engine.clone();
            state.query_runtime().spawn(async move {
                let started = Instant::now();
                match engine.build_rollups().await {
                    Ok(sizes) => tracing::info!(
                        ?sizes,
                        ms = started.elapsed().as_millis() as u64,
                        "rollups ready"
                    ),
                    Err(e) => tracing::warn!(error = %e, "rollups not built"),
                }
            });
        }
        if !opts.limits.no_network_index {
            let cell = state.inner.network_index.clone();
            state.query_runtime().spawn(async move {
                let started = Instant::now();
                match ShipmentIndex::build(&engine).await {
                    Ok(Some(index)) => {
                        tracing::info!(
                            rows = index.len(),
                            mib = index.bytes() >> 20,
                            ms = started.elapsed().as_millis() as u64,
                            "network index ready"
                        );
                        let _ = cell.set(Arc::new(index));
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "network index not built"),
                }
            });
        }
        Ok(state)
    }

    async fn create(
        opts: &ServeOptions,
        engine: Option<Engine>,
        stats: HashMap<&'static str, ScopedStats>,
        office_parties: HashMap<String, OfficeParties>,
    ) -> Result<Self, Error> {
        std::fs::create_dir_all(&opts.data_dir).map_err(|e| {
            Error::internal(
                format!("creating data directory {}", opts.data_dir.display()),
                e,
            )
        })?;
        let db_path = opts.db_path();
        let db = crate::db::open(&db_path).await?;
        let swept = crate::routes::attachments::remove_unclaimed(&db, &opts.data_dir).await?;
        if swept > 0 {
            tracing::warn!(
                files = swept,
                "removed attachment files a crash left without a row"
            );
        }
        if opts.demo {
            crate::accounts::seed_demo_accounts(&db).await?;
        } else if !crate::accounts::has_admin(&db).await? {
            tracing::warn!("no administrator account");
            eprintln!(
                "No administrator account yet. Create one (the password is read from standard \
                 input):\n  portal user add --data-dir {} --db {} --username NAME \
                 --display-name \"NAME\" --role admin --office 00",
                opts.data_dir.display(),
                opts.db_path().display()
            );
        }
        let dir = models_dir(opts.models_dir.clone());
        let model_files = tokio::task::spawn_blocking(move || ModelFiles::scan(&dir))
            .await
            .map_err(|e| Error::internal("scanning the models", e))??;
        let threads = opts.limits.query_threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
        });
        Ok(Self {
            inner: Arc::new(Inner {
                started: Instant::now(),
                data_dir: opts.data_dir.clone(),
                db_path,
                dist_dir: opts.dist_dir.clone(),
                model_files,
                scoped_models: ScopedFiles::default(),
                row_cap: opts.row_cap,
                query_timeout: Duration::from_millis(opts.query_timeout_ms),
                secure_cookies: opts.secure_cookies,
                db,
                throttle: LoginThrottle::default(),
                engine,
                stats,
                office_parties,
                network_index: SharedIndex::default(),
                extract_slots: ExtractSlots::new(
                    opts.limits.max_extracts,
                    opts.limits.max_extracts_per_user,
                ),
                result_cache: ResultCache::new(opts.limits.result_cache_mb << 20),
                query_runtime: QueryRuntime::new(threads)?,
                send_timeout: Duration::from_millis(opts.limits.send_timeout_ms),
                trusted_proxies: opts.trusted_proxies.clone(),
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
    pub fn db(&self) -> &Db {
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

    /// The scoped copies of row-bearing model files built so far.
    pub fn scoped_models(&self) -> &ScopedFiles {
        &self.inner.scoped_models
    }

    /// The query engine, when datasets are loaded.
    pub fn engine(&self) -> Option<&Engine> {
        self.inner.engine.as_ref()
    }

    /// The parties of `office`'s declarations (none when it has none or there are no data).
    pub fn office_parties(&self, office: &str) -> Option<&OfficeParties> {
        self.inner.office_parties.get(office)
    }

    /// The shipments indexed for ego networks, when built.
    pub fn network_index(&self) -> Option<Arc<ShipmentIndex>> {
        self.inner.network_index.get().cloned()
    }

    /// Row count and date range of the rows of a dataset that `scope` may see (default when it
    /// has no data).
    pub fn stats(&self, dataset: &str, scope: &Scope) -> DatasetStats {
        self.inner
            .stats
            .get(dataset)
            .map(|s| s.of(scope))
            .unwrap_or_default()
    }

    /// The caps on running extracts.
    pub fn extract_slots(&self) -> &Arc<ExtractSlots> {
        &self.inner.extract_slots
    }

    /// Answers of extracts kept to answer them again.
    pub fn result_cache(&self) -> &ResultCache {
        &self.inner.result_cache
    }

    /// Extracts currently running.
    pub fn active_extracts(&self) -> u64 {
        self.inner.extract_slots.running() as u64
    }

    /// Where extracts run.
    pub fn query_runtime(&self) -> &tokio::runtime::Handle {
        self.inner.query_runtime.handle()
    }

    /// How long a client may stop reading an extract.
    pub fn send_timeout(&self) -> Duration {
        self.inner.send_timeout
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
    fn db(&self) -> &Db {
        AppState::db(self)
    }

    fn trusted_proxies(&self) -> &[std::net::IpAddr] {
        &self.inner.trusted_proxies
    }
}
