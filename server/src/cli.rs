//! Command-line interface of the `portal` binary. Every option also reads an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Customs Big Data Portal: serves the browser client and its API.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about)]
pub struct Cli {
    /// Write logs as JSON lines instead of human-readable text.
    #[arg(long, env = "PORTAL_LOG_JSON", global = true)]
    pub log_json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `portal`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built client (dist/) and the /api routes; prepares demo data on first start.
    Serve(ServeOptions),
    /// Generate the national-scale datasets as Parquet (deterministic for a seed).
    Generate(GenerateOptions),
    /// Rewrite a data folder's flat datasets as hive-partitioned Parquet (month, then office),
    /// which queries filtered by date or office read a part of.
    Partition(PartitionOptions),
    /// Import the real KCS CDD train/validation CSVs as the `cdd` source of import_declaration.
    ImportCdd(ImportCddOptions),
    /// Derive the generator's profile (aggregates of the CDD, HS texts) from the reference data.
    Profile(ProfileOptions),
    /// Export the fraud model's training and validation matrices from the portal's encoder
    /// (the training step in models/ reads them).
    Features(MatricesOptions),
    /// Score declarations: `portal score --model fraud|price|high-risk --input IN --output OUT.csv`.
    Score(ScoreOptions),
    /// Build the HS suggestion model (`tables.json`: nomenclature, glossary, BM25F parameters).
    HsBuild(HsBuildOptions),
    /// Evaluate the HS suggestion model on labelled queries (`text,hs6[,lang]`).
    HsEval(HsEvalOptions),
    /// Export the HS re-ranker's features of BM25F's candidates for labelled queries (its
    /// training step in models/hs reads them).
    HsFeatures(HsFeaturesOptions),
    /// Suggest HS codes: `portal hs-suggest --input IN.csv --output OUT.csv --top K`.
    HsSuggest(HsSuggestOptions),
    /// Export the price model's training and validation matrices from the portal's price
    /// encoder, reading generated `import_declaration` Parquet.
    PriceFeatures(MatricesOptions),
    /// Export the high-risk model's matrices from its encoder, reading two generations of
    /// `import_declaration` Parquet (training, and report with an unseen seed).
    HighRiskFeatures(MatricesOptions),
    /// Evaluate the hidden-accomplice ranking of the network page against the planted
    /// accomplices of a generation, beside baselines.
    AccomplicesEval(AccomplicesEvalOptions),
    /// Export the supply-chain model's matrices (shipment histories without look-ahead) from two
    /// generations' folders (training, and report with an unseen seed).
    SupplyChainFeatures(MatricesOptions),
    /// Export the rerouting model's matrices (exporters' features from the import → export
    /// matching) from two generations' folders (training, and report with an unseen seed).
    ReroutingFeatures(MatricesOptions),
    /// Export the company models' matrices (delinquency, tax risk) from two generations'
    /// folders: the training one on two cut-offs, the report one (an unseen seed) on 2020-12-31.
    CompanyFeatures(MatricesOptions),
    /// Check the FTA claims of import lines against their certificates of origin:
    /// `portal fta-check --input IMPORTS.csv --output OUT.csv`.
    FtaCheck(FtaCheckOptions),
    /// Copy the database while the portal runs (SQLite online backup) into a new file.
    Backup(BackupOptions),
    /// Copy a stopped portal's state (accounts, requests, dashboards, the audit log and its
    /// chain) from its SQLite file into a new database: `portal migrate-db --from portal.db
    /// --to postgres://…`.
    MigrateDb(MigrateDbOptions),
    /// Manage accounts without the web page (the first administrator, a lost password).
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run a part of a query cluster (Apache Ballista) that `portal serve --engine
    /// ballista://HOST:PORT` sends its extracts to.
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// Load a running portal with simulated officers and heavy extracts; report latencies,
    /// statuses and the server's peak memory; fail on any 5xx.
    Loadtest(LoadtestOptions),
}

/// Options of `portal loadtest`.
#[derive(Debug, Clone, Args)]
pub struct LoadtestOptions {
    /// The portal, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    pub url: String,
    /// Signed-in officers looping over home, catalog, grouped extracts, dashboards, model
    /// files and sign-ins.
    #[arg(long, default_value_t = 200)]
    pub users: usize,
    /// How long the officers keep going, in seconds.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Mean pause between an officer's steps, in milliseconds (drawn from 0 to twice this).
    #[arg(long, default_value_t = 500)]
    pub think_ms: u64,
    /// Users streaming large ungrouped extracts of import declarations meanwhile.
    #[arg(long, default_value_t = 4)]
    pub heavy: usize,
    /// Rows of each heavy extract.
    #[arg(long, default_value_t = 1_000_000)]
    pub heavy_rows: u64,
    /// Each heavy user runs one extract and stops (the memory test).
    #[arg(long)]
    pub heavy_once: bool,
    /// The officers arrive one after another over this many seconds.
    #[arg(long, default_value_t = 20)]
    pub ramp_seconds: u64,
    /// The administrator who makes the simulated officers' accounts (`load.user0`, ...).
    #[arg(long, default_value = "admin")]
    pub admin: String,
    /// The administrator's password, also given to the accounts made (the demo password by
    /// default).
    #[arg(long, env = "PORTAL_LOADTEST_PASSWORD", default_value = crate::accounts::DEMO_PASSWORD)]
    pub password: String,
    /// The server's process id, to report its peak resident memory during the run.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Fail when the sign-in p99 is over this many milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub max_signin_p99_ms: u64,
    /// Fail when the server's peak resident memory is over this many MiB.
    #[arg(long)]
    pub max_rss_mb: Option<u64>,
    /// Longest any one request may take, in seconds.
    #[arg(long, default_value_t = 300)]
    pub request_timeout_s: u64,
    /// Seed of the officers' choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `portal cluster ...`.
#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// The scheduler: takes jobs from portals and hands their tasks to the executors.
    Scheduler(ClusterSchedulerOptions),
    /// An executor: runs tasks over the Parquet files (at the same paths as the portal's).
    Executor(ClusterExecutorOptions),
}

/// Options of `portal cluster scheduler`.
#[derive(Debug, Clone, Args)]
pub struct ClusterSchedulerOptions {
    /// Address and port to listen on (gRPC).
    #[arg(long, default_value = "127.0.0.1:50050")]
    pub bind: SocketAddr,
    /// The host name or address others reach this scheduler by (default: the bound address;
    /// needed when binding 0.0.0.0).
    #[arg(long)]
    pub external_host: Option<String>,
    /// Seconds without a heartbeat after which an executor counts as lost (its tasks run
    /// again elsewhere).
    #[arg(long, default_value_t = 30)]
    pub executor_timeout_s: u64,
}

/// Options of `portal cluster executor`.
#[derive(Debug, Clone, Args)]
pub struct ClusterExecutorOptions {
    /// The scheduler, HOST:PORT.
    #[arg(long, default_value = "127.0.0.1:50050")]
    pub scheduler: String,
    /// Address and port of this executor's data (Arrow Flight) service.
    #[arg(long, default_value = "127.0.0.1:50051")]
    pub bind: SocketAddr,
    /// The host name or address the scheduler and the portal reach this executor by, which it
    /// registers with (default: the bound address; needed when binding 0.0.0.0).
    #[arg(long)]
    pub external_host: Option<String>,
    /// Port of this executor's gRPC service (tasks pushed by the scheduler).
    #[arg(long, default_value_t = 50052)]
    pub grpc_port: u16,
    /// Tasks run at once (0: one per CPU).
    #[arg(long, default_value_t = 0)]
    pub vcores: usize,
    /// Memory the executor's tasks may hold together, in MiB; past it they spill.
    #[arg(long, default_value_t = 1024)]
    pub memory_mb: u64,
    /// Folder for shuffle files and spills.
    #[arg(long)]
    pub work_dir: PathBuf,
    /// Seconds between heartbeats to the scheduler.
    #[arg(long, default_value_t = 5)]
    pub heartbeat_s: u64,
}

/// `portal audit ...`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit log's hash chain; fails naming the first row that was changed.
    Verify(DatabaseOptions),
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseOptions {
    /// The portal's data directory (the database is `<data-dir>/portal.db` unless `--db`).
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// The database file, when not in the data directory, or a `postgres://` URL.
    #[arg(long, env = "PORTAL_DB")]
    pub db: Option<PathBuf>,
}

/// `portal user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; its password is read from standard input (one line).
    Add(UserAddOptions),
}

/// Options of `portal user add`.
#[derive(Debug, Clone, Args)]
pub struct UserAddOptions {
    /// The portal's data directory (the database is `<data-dir>/portal.db` unless `--db`).
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// The database file, when not in the data directory, or a `postgres://` URL.
    #[arg(long, env = "PORTAL_DB")]
    pub db: Option<PathBuf>,
    /// Account name (lower-case letters, digits, `.`, `_`, `-`).
    #[arg(long)]
    pub username: String,
    /// Name shown in the portal.
    #[arg(long)]
    pub display_name: String,
    /// Role: analyst, reviewer, bureau or admin.
    #[arg(long)]
    pub role: String,
    /// Office code (e.g. 00 for headquarters, 40 for Incheon Airport).
    #[arg(long)]
    pub office: String,
}

/// Options of `portal migrate-db`.
#[derive(Debug, Clone, Args)]
pub struct MigrateDbOptions {
    /// The SQLite file to copy from (`sqlite:` before the path is allowed).
    #[arg(long)]
    pub from: PathBuf,
    /// The database to copy into: a `postgres://` URL or a SQLite file; migrated first, and it
    /// must hold no accounts yet.
    #[arg(long)]
    pub to: PathBuf,
}

/// Options of `portal backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupOptions {
    /// The portal's data directory (the database is `<data-dir>/portal.db` unless `--db`).
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// The database file, when not in the data directory, or a `postgres://` URL.
    #[arg(long, env = "PORTAL_DB")]
    pub db: Option<PathBuf>,
    /// The backup file to create (must not exist).
    #[arg(long)]
    pub out: PathBuf,
}

/// Options of the training exports `portal features` and `portal price-features`.
#[derive(Debug, Clone, Args)]
pub struct MatricesOptions {
    /// Training data: the CDD training CSV (English header) for `features`; a `portal generate`
    /// output folder (or an import_declaration Parquet file) for `price-features`.
    #[arg(long)]
    pub train: PathBuf,
    /// Validation data, likewise (for `price-features`, generate it with another seed).
    #[arg(long)]
    pub valid: PathBuf,
    /// Output directory: the encoder tables (`encoder.json` or `tables.json`),
    /// {train,valid}.f32, {train,valid}.labels.u8, features.json, and for `price-features`
    /// {train,valid}.target.f32 (ln unit value, NaN when unpriced).
    #[arg(long)]
    pub out: PathBuf,
    /// Folds of the out-of-fold encoding of the training rows.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Pseudo-rows of the prior in the fraud encoder's smoothed rates (`features` only; the
    /// training script picks it by rolling-origin validation).
    #[arg(long, default_value_t = portal_scoring::encoder::SMOOTHING)]
    pub smoothing: f64,
    /// Folder of the models the export uses (`high-risk-features`: the HS model, and the
    /// fraud model for the comparison); defaults to `models/` in the working directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,
}

/// Options of `portal hs-build`.
#[derive(Debug, Clone, Args)]
pub struct HsBuildOptions {
    /// `harmonized-system.csv` (section,hscode,description,parent,level).
    #[arg(long)]
    pub hs: PathBuf,
    /// `hs-sections.csv` (section,name).
    #[arg(long)]
    pub sections: PathBuf,
    /// The glossary (`term,lang,expansion`).
    #[arg(long)]
    pub glossary: PathBuf,
    /// Output: the model's `tables.json`.
    #[arg(long)]
    pub out: PathBuf,
    /// The re-ranker (`rerank.json`, written by `models/hs/train_rerank.py`); without it the
    /// tables rank by BM25F alone.
    #[arg(long)]
    pub rerank: Option<PathBuf>,
}

/// Options of `portal hs-features`.
#[derive(Debug, Clone, Args)]
pub struct HsFeaturesOptions {
    /// Labelled queries: CSV with `text` and `hs6` columns.
    #[arg(long)]
    pub queries: PathBuf,
    /// Folder of the models (`<dir>/hs/tables.json`); defaults to `models/` in the working
    /// directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,
    /// Output CSV: `query,rank,hs6,label` and the features, one row per candidate.
    #[arg(long)]
    pub out: PathBuf,
}

/// Options of `portal accomplices-eval`.
#[derive(Debug, Clone, Args)]
pub struct AccomplicesEvalOptions {
    /// The generated datasets (`<dir>/<dataset>/*.parquet`, as `portal generate --out` writes).
    #[arg(long)]
    pub data: PathBuf,
    /// Importers with at least this many frauds on record, making at least `min_share` of their
    /// lines, are the seeds (repeat offenders).
    #[arg(long, default_value_t = 3)]
    pub min_frauds: i64,
    /// See `min_frauds`.
    #[arg(long, default_value_t = 0.3)]
    pub min_share: f64,
    /// Write the figures as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

/// Options of `portal hs-eval`.
#[derive(Debug, Clone, Args)]
pub struct HsEvalOptions {
    /// Labelled queries: CSV with `text` and `hs6` columns, and `lang` where known.
    #[arg(long)]
    pub queries: PathBuf,
    /// Folder of the models (`<dir>/hs/tables.json`); defaults to `models/` in the working
    /// directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,
    /// Also print each query whose heading is not in the top 5.
    #[arg(long)]
    pub misses: bool,
    /// Write the figures as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

/// Options of `portal hs-suggest`.
#[derive(Debug, Clone, Args)]
pub struct HsSuggestOptions {
    /// Input CSV with a `text` column.
    #[arg(long)]
    pub input: PathBuf,
    /// Output CSV: `text,rank,hs6,score`, K rows per input text, rank 1 best.
    #[arg(long)]
    pub output: PathBuf,
    /// Suggestions per text (1 to 50).
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Folder of the models (`<dir>/hs/tables.json`); defaults to `models/` in the working directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,
}

/// Options of `portal fta-check`.
#[derive(Debug, Clone, Args)]
pub struct FtaCheckOptions {
    /// The portal's `import_declaration` CSV extract (at least `declaration_id`,
    /// `declaration_date`, `country_origin`, `hs6`, `tax_rate`, `tax_type`, `item_price`,
    /// `fta_claim`, `co_number`).
    #[arg(long)]
    pub input: PathBuf,
    /// Output CSV: `declaration_id,risk_score,duty_at_stake,failed_checks`, one row per line
    /// with an FTA claim, in input order.
    #[arg(long)]
    pub output: PathBuf,
    /// Where the certificates of origin are: a portal's data directory (`<dir>/datasets/`) or
    /// a `portal generate` folder.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
}

/// Options of `portal score`.
#[derive(Debug, Clone, Args)]
pub struct ScoreOptions {
    /// Model name: `fraud`, `price`, `high-risk`, `supply-chain`, `rerouting`, `delinquency` or
    /// `tax-risk`.
    #[arg(long)]
    pub model: String,
    /// Input CSV with the CDD English header (`Fraud`/`Critical Fraud` may be missing); for
    /// `price` also the portal's column names (a CSV extract of import_declaration); for
    /// `high-risk` the portal's columns: a `portal generate` folder, an `import_declaration`
    /// Parquet file, or a CSV with the portal's column names; for `supply-chain` a
    /// `cargo_manifest` CSV extract (with `--history`) or a `portal generate` folder; for
    /// `rerouting` an `export_declaration` CSV extract (with `--data-dir`); for `delinquency` and
    /// `tax-risk` a CSV with a `company_id` column (with `--data-dir`).
    #[arg(long)]
    pub input: PathBuf,
    /// Output CSV, one row per input row, in order: `Declaration ID,fraud_score,critical_score`
    /// (fraud), `Declaration ID,expected_unit_value,declared_unit_value,ratio,undervalued`
    /// (price), `Declaration ID,high_risk_score,risk_score,grade,reasons` (high-risk) or
    /// `manifest_key,risk_score,pattern,combination` (supply-chain); for `rerouting` one row per
    /// exporter, riskiest first: `exporter_id,risk_score,grade,evidence`; for `delinquency` and
    /// `tax-risk` one row per input company, in order: `company_id,score,grade,probability`.
    #[arg(long)]
    pub output: PathBuf,
    /// `rerouting`, `delinquency`, `tax-risk`: where the imports, payments, statements and the
    /// company master are: a portal's data directory
    /// (`<dir>/datasets/`) or a `portal generate` folder.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// `supply-chain` with a manifest CSV: the data folder (`portal generate` output or a
    /// portal's datasets folder) whose shipments and inspections make the histories.
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Folder of the models (`<dir>/<model>/model.onnx`); defaults to `models/` in the working directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,
}

/// Options of `portal generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateOptions {
    /// Number of import declarations (linked tables scale with it).
    #[arg(long, default_value_t = 1_000_000)]
    pub declarations: u64,
    /// Random seed: same seed and reference data, same files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output directory; each dataset goes to OUT/<dataset>/generated.parquet.
    #[arg(long)]
    pub out: PathBuf,
    /// Cut the 18 months into this many runs of whole days, generated in parallel (one
    /// thread per core) into OUT/<dataset>/generated-NNN.parquet. Each chunk is deterministic
    /// on its own; a different number of chunks draws different (equally planted) data.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=547))]
    pub chunks: u16,
    /// A profile written by `portal profile`; default: the one built into the binary
    /// (server/profile/cdd-profile.json).
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// Write the datasets that have a date and an office column hive-partitioned
    /// (`<dataset>/<month key>=YYYY-MM/office=NN/part-0.parquet`) when they hold at least
    /// 1M rows, as `portal partition` does.
    #[arg(long)]
    pub partitioned: bool,
}

/// Options of `portal partition`.
#[derive(Debug, Clone, Args)]
pub struct PartitionOptions {
    /// A portal's data directory or a `portal generate` folder.
    #[arg(long)]
    pub data_dir: PathBuf,
    /// Datasets of fewer rows stay flat.
    #[arg(long, default_value_t = crate::data::partition_write::MIN_ROWS)]
    pub min_rows: u64,
}

/// Options of `portal profile`.
#[derive(Debug, Clone, Args)]
pub struct ProfileOptions {
    /// Folder with the reference data (cdd/, hs/); found automatically as ../shared/data.
    #[arg(long, env = "PORTAL_REFERENCE_DIR")]
    pub reference_dir: Option<PathBuf>,
    /// Output file (JSON).
    #[arg(long)]
    pub out: PathBuf,
}

/// Options of `portal import-cdd`.
#[derive(Debug, Clone, Args)]
pub struct ImportCddOptions {
    /// Folder holding df_syn_train_eng.csv and df_syn_valid_eng.csv (and ko_hs10/).
    #[arg(long)]
    pub from: PathBuf,
    /// Output directory; files go to OUT/import_declaration/cdd-{train,valid}.parquet.
    #[arg(long)]
    pub out: PathBuf,
    /// HS nomenclature CSV for item descriptions; found automatically beside the CDD folder.
    #[arg(long)]
    pub hs: Option<PathBuf>,
}

/// Options of `portal serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeOptions {
    /// Address and port to listen on (port 0 picks a free port and logs it).
    #[arg(long, env = "PORTAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory for the portal's data (Parquet extracts, demo data); created when missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,

    /// SQLite database file (default: `portal.db` inside the data directory), or a
    /// `postgres://` URL.
    #[arg(long, env = "PORTAL_DB")]
    pub db: Option<PathBuf>,

    /// Directory holding the client built by `trunk build` (index.html and hashed assets).
    #[arg(long, env = "PORTAL_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// Declarations generated for the demo data set when the data directory has none.
    #[arg(long, env = "PORTAL_DEMO_DECLARATIONS", default_value_t = 1_000_000)]
    pub demo_declarations: u64,

    /// Seed of the demo data set.
    #[arg(long, env = "PORTAL_DEMO_SEED", default_value_t = 42)]
    pub demo_seed: u64,

    /// Store the demo data's datasets of at least 1M rows partitioned by month and office (as
    /// `portal partition` does), when the server prepares them.
    #[arg(long, env = "PORTAL_DEMO_PARTITIONED")]
    pub demo_partitioned: bool,

    /// Folder with the reference data (cdd/, hs/); found automatically as ../shared/data.
    #[arg(long, env = "PORTAL_REFERENCE_DIR")]
    pub reference_dir: Option<PathBuf>,

    /// Most rows an ungrouped extract may return.
    #[arg(long, env = "PORTAL_ROW_CAP", default_value_t = 1_000_000)]
    pub row_cap: u64,

    /// Longest an extract may run, in milliseconds.
    #[arg(long, env = "PORTAL_QUERY_TIMEOUT_MS", default_value_t = 30_000)]
    pub query_timeout_ms: u64,

    /// Mark cookies `Secure` (set when the portal is served over TLS, e.g. behind a proxy).
    #[arg(long, env = "PORTAL_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Create the demo accounts (one per role, the password in the README): demonstrations
    /// only. Without it, create accounts with `portal user add`.
    #[arg(long, env = "PORTAL_DEMO")]
    pub demo: bool,

    /// Addresses of reverse proxies in front of the portal (comma-separated): only for
    /// connections from them is the client address taken from `X-Forwarded-For`.
    #[arg(
        long = "trusted-proxy",
        env = "PORTAL_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Folder of the models served to the browser (`<dir>/<model>/model.onnx`); defaults to
    /// `models/` in the working directory.
    #[arg(long, env = "PORTAL_MODELS_DIR")]
    pub models_dir: Option<PathBuf>,

    /// What extracts may take from the server.
    #[command(flatten)]
    pub limits: ExtractLimits,

    /// Where extracts run: on this process (default), or `ballista://HOST:PORT`, a query
    /// cluster's scheduler (`portal cluster`), which must see the data directory at the same
    /// path.
    #[arg(long, env = "PORTAL_ENGINE")]
    pub engine: Option<String>,
}

/// Bounds on what extracts may take from the server (beyond `--row-cap` and the timeout).
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ExtractLimits {
    /// Memory all running queries may hold together, in MiB; past it, sorts and aggregations
    /// spill to `<data-dir>/spill/`.
    #[arg(long, env = "PORTAL_QUERY_MEMORY_MB", default_value_t = 1024)]
    pub query_memory_mb: usize,
    /// Threads of the query runtime (default: one per CPU).
    #[arg(long, env = "PORTAL_QUERY_THREADS")]
    pub query_threads: Option<usize>,
    /// Extracts running at once, in all (more answer 429 `busy`).
    #[arg(long, env = "PORTAL_MAX_EXTRACTS", default_value_t = 16)]
    pub max_extracts: usize,
    /// Extracts running at once for one user.
    #[arg(long, env = "PORTAL_MAX_EXTRACTS_PER_USER", default_value_t = portal_core::api::DEFAULT_EXTRACTS_PER_USER)]
    pub max_extracts_per_user: usize,
    /// How long a client may stop reading an extract before it is dropped, in milliseconds.
    #[arg(long, env = "PORTAL_SEND_TIMEOUT_MS", default_value_t = 30_000)]
    pub send_timeout_ms: u64,
    /// Do not hold the shipments in memory for the network page (about 70 bytes per
    /// declaration); its ego networks are then one scan of the shipments per hop.
    #[arg(long, env = "PORTAL_NO_NETWORK_INDEX")]
    pub no_network_index: bool,
    /// Memory for answers kept to answer the same extract again, in MiB (0: none kept); see
    /// `extract::cache`.
    #[arg(long, env = "PORTAL_RESULT_CACHE_MB", default_value_t = 256)]
    pub result_cache_mb: usize,
    /// Do not build the rollups of the declarations (see `rollup`): every grouped extract then
    /// scans the rows.
    #[arg(long, env = "PORTAL_NO_ROLLUPS")]
    pub no_rollups: bool,
}

impl Default for ExtractLimits {
    fn default() -> Self {
        Self {
            query_memory_mb: 1024,
            query_threads: None,
            max_extracts: 16,
            max_extracts_per_user: portal_core::api::DEFAULT_EXTRACTS_PER_USER,
            send_timeout_ms: 30_000,
            no_network_index: false,
            result_cache_mb: 256,
            no_rollups: false,
        }
    }
}

impl ServeOptions {
    /// The database path in effect: `--db` when given, else `<data-dir>/portal.db`.
    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(|| self.data_dir.join("portal.db"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_defaults_and_db_path() {
        let cli = Cli::try_parse_from(["portal", "serve"]).expect("parse");
        let Command::Serve(opts) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(opts.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(opts.data_dir, PathBuf::from("var"));
        assert_eq!(opts.db_path(), PathBuf::from("var/portal.db"));
        assert_eq!(
            opts.limits,
            ExtractLimits::default(),
            "clap and Default agree"
        );
        let cli = Cli::try_parse_from(["portal", "serve", "--db", "/tmp/x.db"]).expect("parse");
        let Command::Serve(opts) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(opts.db_path(), PathBuf::from("/tmp/x.db"));
    }

    #[test]
    fn bad_bind_address_is_rejected() {
        let err = Cli::try_parse_from(["portal", "serve", "--bind", "nowhere"]).expect_err("bad");
        assert!(err.to_string().contains("--bind"), "{err}");
    }
}
