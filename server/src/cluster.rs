//! The cluster engine (issue 18): Apache DataFusion Ballista on the portal's DataFusion.
//!
//! - `portal cluster scheduler` and `portal cluster executor` run Ballista's scheduler and
//!   executor ([`run_scheduler`], [`run_executor`]) with the portal's own functions registered
//!   (the date buckets), one executor per process.
//! - `portal serve --engine ballista://HOST:PORT` plans every extract as on one node and runs it
//!   on the cluster ([`Cluster`]): the same DataFusion plan, sent with each job; the executors
//!   read the same Parquet paths, so the data directory must be at the same path on every
//!   machine (a shared volume). Answers stream back as Arrow batches. Rollups, the result
//!   cache, catalog figures and the network index stay on the portal's node.
//! - A stream dropped before its end (a client gone, a timeout) cancels its job on the
//!   scheduler; a cluster that cannot answer makes the extract fail with `cluster_unavailable`
//!   (503), and the rest of the portal keeps working.
//!
//! Ballista 55 keeps the scheduler's state in memory only (no disk or database backend): a
//! restarted scheduler forgets running jobs, and executors register again.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use ballista::prelude::SessionContextExt;
use ballista_core::execution_plans::DistributedQueryExec;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::serde::protobuf::CancelJobParams;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::{FunctionRegistry, RecordBatchStream, SendableRecordBatchStream};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};
use datafusion_proto::protobuf::LogicalPlanNode;
use futures::Stream;
use portal_core::api::ErrorCode;

use crate::cli::{ClusterExecutorOptions, ClusterSchedulerOptions};
use crate::error::Error;

/// The scheme of `--engine` for a Ballista scheduler.
pub const SCHEME: &str = "ballista://";

/// The scheduler `--engine ballista://HOST:PORT` names, as HOST:PORT.
pub fn scheduler_address(engine: &str) -> Result<String, Error> {
    match engine.strip_prefix(SCHEME).map(host_port) {
        Some(Some(_)) => Ok(engine[SCHEME.len()..].to_owned()),
        _ => Err(Error::client(
            ErrorCode::BadRequest,
            format!("--engine must be {SCHEME}HOST:PORT (a Ballista scheduler), not '{engine}'"),
        )),
    }
}

/// HOST and PORT of `HOST:PORT`.
fn host_port(address: &str) -> Option<(String, u16)> {
    address
        .rsplit_once(':')
        .and_then(|(host, port)| Some((host.to_owned(), port.parse().ok()?)))
        .filter(|(host, _)| !host.is_empty())
}

fn ballista_err(
    context: &'static str,
) -> impl FnOnce(ballista_core::error::BallistaError) -> Error {
    move |e| Error::internal(context, e)
}

/// Runs a scheduler until the process is stopped.
pub async fn run_scheduler(opts: ClusterSchedulerOptions) -> Result<(), Error> {
    let session_builder: ballista_scheduler::scheduler_server::SessionBuilder =
        Arc::new(|config| {
            let mut state = ballista_core::utils::default_session_builder(config)?;
            for f in crate::date_bucket::functions() {
                state.register_udf(f)?;
            }
            Ok(state)
        });
    let timeout = opts.executor_timeout_s.max(2);
    let config = SchedulerConfig {
        bind_host: opts.bind.ip().to_string(),
        bind_port: opts.bind.port(),
        external_host: opts
            .external_host
            .clone()
            .unwrap_or_else(|| opts.bind.ip().to_string()),
        override_session_builder: Some(session_builder),
        executor_timeout_seconds: timeout,
        expire_dead_executor_interval_seconds: (timeout / 4).max(1),
        no_executors_grace_period_seconds: timeout,
        ..SchedulerConfig::default()
    };
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(ballista_err("setting up the scheduler"))?;
    tracing::info!(bind = %opts.bind, "cluster scheduler listening");
    start_server(cluster, opts.bind, Arc::new(config))
        .await
        .map_err(ballista_err("running the scheduler"))
}

/// Runs an executor until the process is stopped (or its scheduler stops it).
pub async fn run_executor(opts: ClusterExecutorOptions) -> Result<(), Error> {
    let (scheduler_host, scheduler_port) = host_port(&opts.scheduler).ok_or_else(|| {
        Error::client(
            ErrorCode::BadRequest,
            format!("the scheduler must be HOST:PORT, not '{}'", opts.scheduler),
        )
    })?;
    std::fs::create_dir_all(&opts.work_dir)
        .map_err(|e| Error::internal(format!("creating {}", opts.work_dir.display()), e))?;
    let mut functions = BallistaFunctionRegistry::default();
    for f in crate::date_bucket::functions() {
        functions.scalar_functions.insert(f.name().to_owned(), f);
    }
    let config = ExecutorProcessConfig {
        bind_host: opts.bind.ip().to_string(),
        external_host: Some(
            opts.external_host
                .clone()
                .unwrap_or_else(|| opts.bind.ip().to_string()),
        ),
        port: opts.bind.port(),
        grpc_port: opts.grpc_port,
        scheduler_host,
        scheduler_port,
        vcores: opts.vcores,
        work_dir: Some(opts.work_dir.display().to_string()),
        memory_pool_size: Some(opts.memory_mb.max(16) << 20),
        executor_heartbeat_interval_seconds: opts.heartbeat_s.max(1),
        override_function_registry: Some(Arc::new(functions)),
        ..ExecutorProcessConfig::default()
    };
    tracing::info!(bind = %opts.bind, scheduler = %opts.scheduler, "cluster executor starting");
    start_executor_process(Arc::new(config))
        .await
        .map_err(ballista_err("running the executor"))
}

/// The portal's side of a cluster: a session whose queries run on the scheduler's executors.
#[derive(Clone)]
pub struct Cluster {
    ctx: SessionContext,
    /// The scheduler's gRPC address, for cancelling jobs.
    scheduler: String,
}

impl Cluster {
    /// A session planning like the portal's own (`config`) and running on the scheduler at
    /// `address` (HOST:PORT). Nothing is sent until a query runs.
    pub async fn connect(address: &str, config: SessionConfig) -> Result<Self, Error> {
        let state = SessionStateBuilder::new()
            .with_default_features()
            .with_config(config)
            .build();
        let ctx = SessionContext::remote_with_state(&format!("df://{address}"), state)
            .await
            .map_err(|e| Error::internal("connecting to the cluster", e))?;
        for f in crate::date_bucket::functions() {
            ctx.register_udf(f.as_ref().clone());
        }
        Ok(Self {
            ctx,
            scheduler: format!("http://{address}"),
        })
    }

    /// The cluster's session (tables are registered in it as in the local one).
    pub fn session(&self) -> &SessionContext {
        &self.ctx
    }

    /// Whether `df` was planned in this cluster's session.
    pub fn planned(&self, df: &DataFrame) -> bool {
        df.task_ctx().session_id() == self.ctx.session_id()
    }

    /// Runs `df` on the cluster; dropping the stream before its end cancels the job.
    pub async fn execute(&self, df: DataFrame) -> DfResult<SendableRecordBatchStream> {
        let task = df.task_ctx();
        let plan = df.create_physical_plan().await?;
        let inner = datafusion::physical_plan::execute_stream(plan.clone(), Arc::new(task))?;
        Ok(Box::pin(JobStream {
            inner,
            plan,
            scheduler: self.scheduler.clone(),
            ended: false,
        }))
    }
}

/// The failure of an extract run on the cluster. An executor's memory pool refusing the query
/// is the query's size (422 `query_too_large`, as on one node); anything else is the cluster's
/// fault as far as the portal can tell (the specs are checked before they run), answered 503
/// so the client retries later.
pub fn unavailable(e: &DataFusionError) -> Error {
    tracing::warn!(error = %e, "the cluster failed a query");
    if e.to_string().contains("Resources exhausted") {
        return Error::client(
            ErrorCode::QueryTooLarge,
            "the question needs more memory than an executor allows one query; narrow it \
             (a shorter period, an office, fewer groups)",
        );
    }
    Error::client(
        ErrorCode::ClusterUnavailable,
        "the query cluster did not answer (scheduler or executors unreachable); try again shortly",
    )
}

/// An error of a stream from the cluster, marked so that [`crate::engine::Engine::failure`]
/// tells it from a local stream's.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ClusterFailure(pub DataFusionError);

/// A job's answer, streamed from the executors; cancels the job when dropped unfinished.
struct JobStream {
    inner: SendableRecordBatchStream,
    plan: Arc<dyn ExecutionPlan>,
    scheduler: String,
    ended: bool,
}

impl Stream for JobStream {
    type Item = DfResult<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(None)
            }
            // A failed job needs no cancelling.
            Poll::Ready(Some(Err(e))) => {
                self.ended = true;
                Poll::Ready(Some(Err(DataFusionError::External(Box::new(
                    ClusterFailure(e),
                )))))
            }
            other => other,
        }
    }
}

impl RecordBatchStream for JobStream {
    fn schema(&self) -> SchemaRef {
        self.inner.schema()
    }
}

impl Drop for JobStream {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        let Some(job) = job_of(&self.plan) else {
            return;
        };
        let scheduler = self.scheduler.clone();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            let cancelled = async {
                // A scheduler that is gone must not hold this task until TCP gives up.
                let config = ballista_core::utils::GrpcClientConfig {
                    connect_timeout_seconds: 5,
                    timeout_seconds: 10,
                    ..Default::default()
                };
                let channel =
                    ballista_core::utils::create_grpc_client_endpoint(scheduler, Some(&config))?
                        .connect()
                        .await?;
                let mut client = SchedulerGrpcClient::new(channel);
                client
                    .cancel_job(CancelJobParams {
                        job_id: job.clone(),
                    })
                    .await?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            };
            match cancelled.await {
                Ok(()) => tracing::info!(job, "cancelled a cluster job nobody reads"),
                Err(e) => tracing::warn!(job, error = %e, "could not cancel a cluster job"),
            }
        });
    }
}

/// The scheduler's id of the job `plan` submitted, once the scheduler accepted it.
fn job_of(plan: &Arc<dyn ExecutionPlan>) -> Option<String> {
    if let Some(exec) = plan.downcast_ref::<DistributedQueryExec<LogicalPlanNode>>() {
        return exec.job_id().map(|j| j.to_string());
    }
    plan.children().into_iter().find_map(job_of)
}
