//! `POST /api/extract?format=arrow|csv|parquet|json`: a validated [`QuerySpec`] answered batch by
//! batch in the asked format ([`crate::extract::encode`]); for Arrow the row count and elapsed
//! time follow as HTTP trailers.
//!
//! Each extract runs on the query runtime ([`crate::query_runtime`]) within the server's
//! timeout, in a slot of [`crate::extract::slots`] (429 `busy` over the caps), with at most the
//! row cap of rows (grouped answers too; `x-portal-row-cap` says the cap). Before the first batch
//! a timeout answers 408 `query_timeout` and a failure 500; after it the stream is cut. A client
//! that goes away, or stops reading for longer than the send timeout, drops the query. Every
//! attempt is audited, fail-closed ([`crate::extract::log`]). A question answered before for the
//! same scope over the same files is answered from [`crate::extract::cache`] (`x-portal-cache:
//! hit`), through the same slots, audit, formats and trailers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_schema::SchemaRef;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::Bytes;
use datafusion::physical_plan::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::StreamExt;
use http_body::Frame;
use portal_core::api::ExtractOutcome;
use portal_core::datasets::DatasetDef;
use portal_core::query::QuerySpec;
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot};

use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{ApiJson, ApiQuery, Error, ErrorCode, QueryHelp};
use crate::extract::cache::{Answer, CACHE_HEADER, Keeping};
use crate::extract::encode::{Encoder, Format};
use crate::extract::log::{ExtractLog, Started};
use crate::extract::slots::Slot;
use crate::state::AppState;

/// Media type of an Arrow IPC stream.
pub const ARROW_STREAM: &str = "application/vnd.apache.arrow.stream";
/// Trailer: rows sent.
pub const ROW_COUNT: &str = "x-portal-row-count";
/// Trailer: milliseconds from request to last batch.
pub const ELAPSED_MS: &str = "x-portal-elapsed-ms";
/// Header: the most rows this server sends for one extract.
pub const ROW_CAP: &str = "x-portal-row-cap";
/// Seconds a refused (busy) client is asked to wait.
pub const BUSY_RETRY_S: u32 = 2;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/extract", post(extract))
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(default)]
    format: Format,
}

impl QueryHelp for Params {
    const HELP: &'static str = "format must be arrow, csv, parquet or json";
}

async fn extract(
    State(state): State<AppState>,
    params: Result<ApiQuery<Params>, Error>,
    user: CurrentUser,
    body: Result<ApiJson<QuerySpec>, Error>,
) -> Result<Response, Error> {
    let started = Instant::now();
    let format = params.as_ref().map_or(Format::Arrow, |p| p.0.format);
    let spec = body.as_ref().ok().map(|b| &b.0);
    let log = ExtractLog::new(state.db(), &user, spec, format);
    let refuse = |e: Error| async {
        if let Error::Client { code, .. } = &e {
            log.refused(*code).await;
        }
        e
    };
    let ApiQuery(params) = match params {
        Ok(p) => p,
        Err(e) => return Err(refuse(e).await),
    };
    let ApiJson(spec) = match body {
        Ok(b) => b,
        Err(e) => return Err(refuse(e).await),
    };
    let cap = state.row_cap();
    let ds = match spec.validate(cap) {
        Ok(ds) => ds,
        Err(e) => return Err(refuse(e.into()).await),
    };
    let Some(engine) = state.engine().filter(|e| e.has(ds.name)).cloned() else {
        return Err(refuse(Error::client(
            ErrorCode::DataUnavailable,
            format!("dataset '{}' has no data on this server", ds.name),
        ))
        .await);
    };
    let Some(slot) = state.extract_slots().try_take(user.id) else {
        log.refused(ErrorCode::Busy).await;
        let mut res = Error::client(
            ErrorCode::Busy,
            "too many extracts are running (yours or in all); retry in a moment",
        )
        .into_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(BUSY_RETRY_S));
        return Ok(res);
    };
    // Only the rows of the user's scope, and never more than the cap (grouped answers too).
    let capped = spec.limit.is_none();
    let scope = user.scope();
    let mut spec = scope.restrict(spec, ds);
    spec.limit = Some(spec.effective_limit(cap));
    let cache = state.result_cache();
    let key = cache.key(&spec, &scope, engine.data_version(ds.name));
    let cached = key.as_deref().and_then(|k| cache.get(k));
    let hit = cached.is_some();
    let started_row = log.start().await?;
    let job = Job {
        engine,
        spec,
        ds,
        keep: key.filter(|_| !hit),
        cached,
        state: state.clone(),
        format: params.format,
        deadline: started + state.query_timeout(),
        send_timeout: state.send_timeout(),
        started,
        cap_applies: capped,
        cap,
    };
    let (ready_tx, ready_rx) = oneshot::channel();
    // Two encoded batches may wait for the connection: enough to keep it busy, little to hold.
    let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(2);
    // The audit row of the end is written from this (the HTTP) runtime: a query thread runs at a
    // low priority and must not hold the database's turn to write while it waits for the CPU.
    let http = tokio::runtime::Handle::current();
    state
        .query_runtime()
        .spawn(job.run(slot, started_row, http, ready_tx, tx));
    match ready_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => {
            return Err(Error::internal(
                "running an extract",
                "the query task ended",
            ));
        }
    }
    // Fused: a body wrapper (the compression layer, for CSV and JSON) may poll again after the
    // end, which a bare `unfold` answers with a panic.
    let frames =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|f| (f, rx)) })
            .fuse();
    let body = Body::new(http_body_util::StreamBody::new(frames));
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(params.format.content_type()),
    );
    h.insert(HeaderName::from_static(ROW_CAP), HeaderValue::from(cap));
    h.insert(
        HeaderName::from_static(CACHE_HEADER),
        HeaderValue::from_static(if hit { "hit" } else { "miss" }),
    );
    if params.format == Format::Arrow {
        h.insert(
            header::TRAILER,
            HeaderValue::from_static("x-portal-row-count, x-portal-elapsed-ms"),
        );
    } else {
        let name = format!("{}.{}", ds.name, params.format.extension());
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok((h, body).into_response())
}

/// One extract, run on the query runtime.
struct Job {
    engine: Engine,
    spec: QuerySpec,
    ds: &'static DatasetDef,
    /// The kept answer, when the cache had one.
    cached: Option<Arc<Answer>>,
    /// The cache key to keep the answer under, when it had none and the answer may be kept.
    keep: Option<String>,
    state: AppState,
    format: Format,
    deadline: Instant,
    send_timeout: Duration,
    started: Instant,
    /// The spec had no limit of its own, so reaching the cap means rows were left out.
    cap_applies: bool,
    cap: u64,
}

/// Rows handed to the connection, and rows encoded into bytes not sent yet.
#[derive(Debug, Default)]
struct Rows {
    sent: u64,
    pending: u64,
}

impl Rows {
    /// The pending rows went out with the last frame.
    fn sent(&mut self) {
        self.sent += std::mem::take(&mut self.pending);
    }
}

/// Why the sending stopped early.
enum Stop {
    /// The query ran past the deadline.
    Timeout,
    /// The query or the encoding failed.
    Failed(Error),
    /// The client went away.
    Gone,
    /// The client stopped reading.
    Stalled,
}

impl Stop {
    fn outcome(&self) -> ExtractOutcome {
        match self {
            Stop::Timeout => ExtractOutcome::TimedOut,
            Stop::Failed(_) => ExtractOutcome::Failed,
            Stop::Gone => ExtractOutcome::Cancelled,
            Stop::Stalled => ExtractOutcome::Stalled,
        }
    }

    /// The error the handler answers with, when nothing was sent yet.
    fn into_error(self) -> Error {
        match self {
            Stop::Timeout => timeout_error(),
            Stop::Failed(e) => e,
            Stop::Gone | Stop::Stalled => Error::internal("running an extract", "client gone"),
        }
    }
}

type Frames = mpsc::Sender<Result<Frame<Bytes>, std::io::Error>>;

impl Job {
    /// Plans and runs the query, tells the handler whether it started (`ready`), then sends the
    /// answer frame by frame. The slot is freed when the sending ends, then how it ended is
    /// audited on the `http` runtime.
    async fn run(
        self,
        slot: Slot,
        audit: Started,
        http: tokio::runtime::Handle,
        ready: oneshot::Sender<Result<(), Error>>,
        tx: Frames,
    ) {
        let (outcome, rows, capped) = self.answer(ready, &tx).await;
        drop(slot);
        let _ = http.spawn(audit.end(outcome, rows, capped)).await;
    }

    /// Sends the whole answer; returns how it ended, the rows sent and whether the cap cut it.
    async fn answer(
        &self,
        ready: oneshot::Sender<Result<(), Error>>,
        tx: &Frames,
    ) -> (ExtractOutcome, u64, bool) {
        let (mut stream, first, schema) = match self.open().await {
            Ok(opened) => opened,
            Err(stop) => {
                let outcome = stop.outcome();
                let _ = ready.send(Err(stop.into_error()));
                return (outcome, 0, false);
            }
        };
        let mut encoder = match Encoder::new(self.format, &schema) {
            Ok(e) => e,
            Err(e) => {
                let _ = ready.send(Err(Error::internal("starting an answer", e)));
                return (ExtractOutcome::Failed, 0, false);
            }
        };
        if ready.send(Ok(())).is_err() {
            return (ExtractOutcome::Cancelled, 0, false);
        }
        let mut rows = Rows::default();
        let cache = self.state.result_cache();
        let mut keeping = self.keep.clone().map(|k| Keeping::new(cache, k));
        let sent = self
            .send_all(
                &mut stream,
                first,
                &mut encoder,
                tx,
                &mut rows,
                &mut keeping,
            )
            .await;
        drop(stream);
        let capped = self.cap_applies && rows.sent + rows.pending >= self.cap;
        let stop = match sent {
            Ok(()) => {
                // The whole answer was read: kept before its last bytes go, so the client's
                // next question finds it.
                if let Some(keeping) = keeping {
                    keeping.store(cache, schema);
                }
                self.finish(encoder, tx, &mut rows).await.err()
            }
            Err(stop) => Some(stop),
        };
        let rows = rows.sent;
        let Some(stop) = stop else {
            return (ExtractOutcome::Complete, rows, capped);
        };
        match &stop {
            Stop::Timeout => tracing::warn!(rows, "extract cut at the query timeout"),
            Stop::Failed(e) => tracing::error!(rows, error = %e, "extract failed"),
            Stop::Gone => tracing::info!(rows, "client went away; extract cancelled"),
            Stop::Stalled => tracing::warn!(rows, "client stopped reading; extract dropped"),
        }
        if matches!(stop, Stop::Timeout | Stop::Failed(_)) {
            // Cuts the body, so the client sees a broken answer rather than a short one.
            let cut = tx.send(Err(std::io::Error::other("extract cut")));
            let _ = tokio::time::timeout(self.send_timeout, cut).await;
        }
        (stop.outcome(), rows, capped)
    }

    /// The running query and its first batch (awaited, so errors still get a status).
    async fn open(
        &self,
    ) -> Result<
        (
            SendableRecordBatchStream,
            Option<arrow_array::RecordBatch>,
            SchemaRef,
        ),
        Stop,
    > {
        let mut stream = match &self.cached {
            Some(answer) => {
                let batches = answer.batches.clone().into_iter().map(Ok);
                Box::pin(RecordBatchStreamAdapter::new(
                    answer.schema.clone(),
                    futures::stream::iter(batches),
                ))
            }
            None => {
                let df = self
                    .engine
                    .dataframe(&self.spec, self.ds)
                    .await
                    .map_err(Stop::Failed)?;
                within(self.deadline, self.engine.execute(df))
                    .await?
                    .map_err(Stop::Failed)?
            }
        };
        let schema: SchemaRef = stream.schema();
        let first = match within(self.deadline, stream.next()).await? {
            Some(Ok(b)) => Some(b),
            Some(Err(e)) => return Err(Stop::Failed(self.engine.failure("running an extract", e))),
            None => None,
        };
        tracing::debug!(
            dataset = self.ds.name,
            first_batch_ms = self.started.elapsed().as_millis() as u64,
            "extract started"
        );
        Ok((stream, first, schema))
    }

    async fn send(&self, tx: &Frames, frame: Frame<Bytes>) -> Result<(), Stop> {
        match tokio::time::timeout(self.send_timeout, tx.send(Ok(frame))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stop::Gone),
            Err(_) => Err(Stop::Stalled),
        }
    }

    async fn send_all(
        &self,
        stream: &mut SendableRecordBatchStream,
        first: Option<arrow_array::RecordBatch>,
        encoder: &mut Encoder,
        tx: &Frames,
        rows: &mut Rows,
        keeping: &mut Option<Keeping>,
    ) -> Result<(), Stop> {
        let head = encoder.ready();
        if !head.is_empty() {
            self.send(tx, Frame::data(head)).await?;
        }
        let mut next = first;
        loop {
            let batch = match next.take() {
                Some(b) => b,
                None => match within(self.deadline, stream.next()).await? {
                    None => return Ok(()),
                    Some(Ok(b)) => b,
                    Some(Err(e)) => {
                        return Err(Stop::Failed(self.engine.failure("running an extract", e)));
                    }
                },
            };
            let bytes = encoder
                .write(&batch)
                .map_err(|e| Stop::Failed(Error::internal("encoding an extract", e)))?;
            rows.pending += batch.num_rows() as u64;
            if let Some(k) = keeping {
                k.push(&batch);
            }
            if !bytes.is_empty() {
                self.send(tx, Frame::data(bytes)).await?;
                rows.sent();
            }
        }
    }

    async fn finish(&self, encoder: Encoder, tx: &Frames, rows: &mut Rows) -> Result<(), Stop> {
        let tail = encoder
            .finish()
            .map_err(|e| Stop::Failed(Error::internal("encoding an extract", e)))?;
        if !tail.is_empty() {
            self.send(tx, Frame::data(tail)).await?;
        }
        rows.sent();
        let rows = rows.sent;
        if self.format == Format::Arrow {
            let mut trailers = HeaderMap::new();
            trailers.insert(HeaderName::from_static(ROW_COUNT), HeaderValue::from(rows));
            trailers.insert(
                HeaderName::from_static(ELAPSED_MS),
                HeaderValue::from(self.started.elapsed().as_millis() as u64),
            );
            self.send(tx, Frame::trailers(trailers)).await?;
        }
        Ok(())
    }
}

/// `fut` if it ends before `deadline`. Past the deadline nothing more is awaited, even a batch
/// that is ready (a timeout polls its future once before it looks at the clock).
async fn within<T>(deadline: Instant, fut: impl Future<Output = T>) -> Result<T, Stop> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(Stop::Timeout);
    }
    tokio::time::timeout(left, fut)
        .await
        .map_err(|_| Stop::Timeout)
}

fn timeout_error() -> Error {
    Error::client(
        ErrorCode::QueryTimeout,
        "the query took longer than the server allows; filter or group it",
    )
}
