//! `POST /api/extract?format=arrow|csv|parquet|json`: a validated [`QuerySpec`] answered as an Arrow
//! IPC stream (schema first, then batch by batch; row count and elapsed time as HTTP trailers),
//! as CSV, or as a Parquet file.
//!
//! The query runs under the server's timeout; before the first batch a timeout answers 408
//! `query_timeout`, after it the stream is cut. A client that disconnects drops the response
//! body, which drops the DataFusion stream and so cancels the query.

use std::time::Instant;

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::SchemaRef;
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::Bytes;
use datafusion::physical_plan::SendableRecordBatchStream;
use futures::StreamExt;
use http_body::Frame;
use portal_core::query::QuerySpec;
use serde::Deserialize;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{ApiJson, Error, ErrorCode};
use crate::state::{ActiveExtract, AppState};
use portal_core::api::{AuditAction, Role};
use serde_json::json;

/// Media type of an Arrow IPC stream.
pub const ARROW_STREAM: &str = "application/vnd.apache.arrow.stream";
/// Trailer: rows sent.
pub const ROW_COUNT: &str = "x-portal-row-count";
/// Trailer: milliseconds from request to last batch.
pub const ELAPSED_MS: &str = "x-portal-elapsed-ms";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/extract", post(extract))
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Format {
    #[default]
    Arrow,
    Csv,
    Parquet,
    /// An array of row objects (for tools without Arrow; much larger than Arrow).
    Json,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Arrow => "arrow",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(default)]
    format: Format,
}

async fn extract(
    State(state): State<AppState>,
    params: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
    user: CurrentUser,
    ApiJson(spec): ApiJson<QuerySpec>,
) -> Result<Response, Error> {
    let Query(params) = params.map_err(|e| {
        Error::client(
            ErrorCode::BadRequest,
            format!("format must be arrow, csv, parquet or json: {e}"),
        )
    })?;
    let started = Instant::now();
    let ds = spec.validate(state.row_cap())?;
    let requested = serde_json::to_value(&spec).unwrap_or_default();
    // Analysts see only their office's rows of office-scoped datasets, whatever the spec asks.
    let spec = if user.me.role == Role::Analyst {
        spec.scoped_to_office(ds, &user.me.office_code)
    } else {
        spec
    };
    let audit = ExtractAudit {
        state: state.clone(),
        user,
        detail: json!({"spec": requested, "format": params.format.as_str()}),
    };
    let engine = state.engine().filter(|e| e.has(ds.name)).ok_or_else(|| {
        Error::client(
            ErrorCode::DataUnavailable,
            format!("dataset '{}' has no data on this server", ds.name),
        )
    })?;
    let deadline = started + state.query_timeout();
    let df = engine.dataframe(&spec, ds).await?;
    let schema: SchemaRef = df.schema().inner().clone();
    let mut stream = within(deadline, df.execute_stream())
        .await?
        .map_err(|e| Error::internal("starting an extract", e))?;
    let first = match within(deadline, stream.next()).await? {
        Some(Ok(b)) => Some(b),
        Some(Err(e)) => return Err(Error::internal("running an extract", e)),
        None => None,
    };
    tracing::debug!(
        dataset = ds.name,
        first_batch_ms = started.elapsed().as_millis() as u64,
        "extract started"
    );
    match params.format {
        Format::Arrow => Ok(arrow_response(
            schema,
            first,
            stream,
            started,
            deadline,
            (state.begin_extract(), audit),
        )),
        Format::Csv => {
            let batches = collect_rest(first, stream, deadline).await?;
            audit.record(rows_of(&batches)).await;
            csv_response(&batches, ds.name)
        }
        Format::Parquet => {
            let batches = collect_rest(first, stream, deadline).await?;
            audit.record(rows_of(&batches)).await;
            parquet_response(schema, &batches, ds.name)
        }
        Format::Json => {
            let batches = collect_rest(first, stream, deadline).await?;
            audit.record(rows_of(&batches)).await;
            let mut w = arrow_json::ArrayWriter::new(Vec::new());
            let refs: Vec<&RecordBatch> = batches.iter().collect();
            w.write_batches(&refs)
                .and_then(|()| w.finish())
                .map_err(|e| Error::internal("encoding JSON", e))?;
            let mut body = w.into_inner();
            if body.is_empty() {
                body = b"[]".to_vec();
            }
            Ok(download(
                body,
                "application/json",
                &format!("{}.json", ds.name),
            ))
        }
    }
}

/// What the audit log keeps of one extract: who, from where, the spec as asked, the format and
/// (once known) the rows returned.
struct ExtractAudit {
    state: AppState,
    user: CurrentUser,
    detail: serde_json::Value,
}

impl ExtractAudit {
    async fn record(mut self, rows: u64) {
        self.detail["rows"] = json!(rows);
        let action = if self.detail["format"] == "arrow" {
            AuditAction::Extract
        } else {
            AuditAction::Download
        };
        if let Err(e) =
            audit::record_alone(self.state.db(), self.user.who(), action, &self.detail).await
        {
            tracing::error!(error = %e, "could not audit an extract");
        }
    }
}

fn rows_of(batches: &[RecordBatch]) -> u64 {
    batches.iter().map(|b| b.num_rows() as u64).sum()
}

async fn within<T>(deadline: Instant, fut: impl Future<Output = T>) -> Result<T, Error> {
    let left = deadline.saturating_duration_since(Instant::now());
    tokio::time::timeout(left, fut)
        .await
        .map_err(|_| timeout_error())
}

fn timeout_error() -> Error {
    Error::client(
        ErrorCode::QueryTimeout,
        "the query took longer than the server allows; filter or group it",
    )
}

fn take(buf: &mut Vec<u8>) -> Bytes {
    Bytes::from(std::mem::take(buf))
}

/// Streams the extract through a small channel: a task pulls batches and encodes them, the body
/// reads frames. When the client goes away the body and the receiver are dropped, the task's
/// next send fails, and dropping the DataFusion stream cancels the query.
fn arrow_response(
    schema: SchemaRef,
    first: Option<RecordBatch>,
    mut stream: SendableRecordBatchStream,
    started: Instant,
    deadline: Instant,
    (active, audit): (ActiveExtract, ExtractAudit),
) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, Error>>(2);
    tokio::spawn(async move {
        let _active = active;
        let mut writer = match StreamWriter::try_new(Vec::new(), &schema) {
            Ok(w) => w,
            Err(e) => {
                let _ = tx.send(Err(Error::internal("encoding Arrow IPC", e))).await;
                return;
            }
        };
        let mut rows = 0u64;
        let mut next = first.map(Ok);
        loop {
            let batch = match next.take() {
                Some(b) => Some(b),
                None => match within(deadline, stream.next()).await {
                    Ok(b) => b,
                    Err(e) => {
                        tracing::warn!("extract cut at the query timeout");
                        let _ = tx.send(Err(e)).await;
                        return;
                    }
                },
            };
            let Some(batch) = batch else { break };
            let batch = match batch {
                Ok(b) => b,
                Err(e) => {
                    let _ = tx.send(Err(Error::internal("running an extract", e))).await;
                    return;
                }
            };
            rows += batch.num_rows() as u64;
            if let Err(e) = writer.write(&batch) {
                let _ = tx.send(Err(Error::internal("encoding Arrow IPC", e))).await;
                return;
            }
            if tx
                .send(Ok(Frame::data(take(writer.get_mut()))))
                .await
                .is_err()
            {
                tracing::info!(rows, "client went away; extract cancelled");
                return;
            }
        }
        if let Err(e) = writer.finish() {
            let _ = tx.send(Err(Error::internal("encoding Arrow IPC", e))).await;
            return;
        }
        let mut trailers = HeaderMap::new();
        trailers.insert(HeaderName::from_static(ROW_COUNT), HeaderValue::from(rows));
        trailers.insert(
            HeaderName::from_static(ELAPSED_MS),
            HeaderValue::from(started.elapsed().as_millis() as u64),
        );
        audit.record(rows).await;
        let _ = tx.send(Ok(Frame::data(take(writer.get_mut())))).await;
        let _ = tx.send(Ok(Frame::trailers(trailers))).await;
    });
    let frames =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|f| (f, rx)) });
    let body = Body::new(http_body_util::StreamBody::new(frames));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(ARROW_STREAM)),
            (
                header::TRAILER,
                HeaderValue::from_static("x-portal-row-count, x-portal-elapsed-ms"),
            ),
        ],
        body,
    )
        .into_response()
}

/// CSV of `batches` as Excel opens it: UTF-8 with a byte-order mark, a header row, RFC 4180
/// quoting (fields with commas, quotes or line breaks are quoted, quotes doubled), missing
/// values as empty fields, dates as `YYYY-MM-DD`.
pub fn encode_csv(batches: &[RecordBatch]) -> Result<Vec<u8>, arrow_schema::ArrowError> {
    let mut buf = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = arrow_csv::WriterBuilder::new()
            .with_header(true)
            .build(&mut buf);
        for b in batches {
            w.write(b)?;
        }
    }
    Ok(buf)
}

fn csv_response(batches: &[RecordBatch], name: &str) -> Result<Response, Error> {
    let buf = encode_csv(batches).map_err(|e| Error::internal("encoding CSV", e))?;
    Ok(download(
        buf,
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
    ))
}

fn parquet_response(
    schema: SchemaRef,
    batches: &[RecordBatch],
    name: &str,
) -> Result<Response, Error> {
    let mut buf = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut buf, schema, None)
        .map_err(|e| Error::internal("encoding Parquet", e))?;
    for b in batches {
        w.write(b)
            .map_err(|e| Error::internal("encoding Parquet", e))?;
    }
    w.close()
        .map_err(|e| Error::internal("encoding Parquet", e))?;
    Ok(download(
        buf,
        "application/vnd.apache.parquet",
        &format!("{name}.parquet"),
    ))
}

async fn collect_rest(
    first: Option<RecordBatch>,
    mut stream: SendableRecordBatchStream,
    deadline: Instant,
) -> Result<Vec<RecordBatch>, Error> {
    let mut out: Vec<RecordBatch> = first.into_iter().collect();
    while let Some(b) = within(deadline, stream.next()).await? {
        out.push(b.map_err(|e| Error::internal("running an extract", e))?);
    }
    Ok(out)
}

fn download(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Date32Array, Float64Array, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    use super::*;

    #[test]
    fn csv_has_a_bom_and_quotes_korean_commas_quotes_and_nulls() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("item", DataType::Utf8, true),
            Field::new("value", DataType::Float64, true),
            Field::new("day", DataType::Date32, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![
                    Some("휴대폰, 부품"),
                    Some("그는 \"저가\"라고"),
                    None,
                    Some("줄\n바꿈"),
                ])),
                Arc::new(Float64Array::from(vec![
                    Some(1.5),
                    None,
                    Some(-2.0),
                    Some(0.0),
                ])),
                Arc::new(Date32Array::from(vec![
                    Some(18_262),
                    Some(0),
                    None,
                    Some(1),
                ])),
            ],
        )
        .expect("batch");
        let bytes = encode_csv(&[batch]).expect("csv");
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark first");
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        assert_eq!(
            text,
            "item,value,day\n\"휴대폰, 부품\",1.5,2020-01-01\n\"그는 \"\"저가\"\"라고\",,1970-01-01\n,-2.0,\n\"줄\n바꿈\",0.0,1970-01-02\n"
        );
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&rows[0][0], "휴대폰, 부품");
        assert_eq!(&rows[1][0], "그는 \"저가\"라고");
        assert_eq!(&rows[2][0], "");
    }
}
