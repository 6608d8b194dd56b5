//! Every HTTP call of the client. Errors arrive as [`ApiError`], decoded from the server's
//! `{code, message}` shape where the server sent one.

use gloo_net::http::{Request, RequestBuilder, Response};
use std::cell::RefCell;

use portal_core::accounts::{NewUser, PasswordChange, PasswordReset, UserSummary, UserUpdate};
use portal_core::api::{
    AuditPage, Catalog, CatalogDataset, ErrorBody, ExtractFormat, Health, LoginRequest, Me,
    SearchHit,
};
use portal_core::dashboard::{
    Dashboard, DashboardSummary, HomeFigures, NewDashboard, NewWidget, Shares, UpdateDashboard,
};
use wasm_bindgen::JsCast;

use crate::arrow::{Frame, Incremental};
use crate::extract_gate;
use portal_core::query::QuerySpec;
use portal_core::text::percent_encode as encode;
use portal_core::workflow::{
    AnalysisRequest, NewComment, NewRequest, Notifications, TransitionRequest,
};
use serde::de::DeserializeOwned;

/// Why a call to the server failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, server down, CORS).
    Network(String),
    /// The server answered with an error status and its error body.
    Server {
        /// HTTP status.
        status: u16,
        /// The server's `{code, message}`.
        body: ErrorBody,
    },
    /// The server (or a proxy before it) answered with an error status and no error body.
    Http(u16),
    /// The server answered 2xx with a body the client cannot read.
    Decode(String),
    /// The user cancelled the call.
    Cancelled,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(e) => write!(f, "network error: {e}"),
            ApiError::Server { status, body } => {
                write!(f, "{status} {}: {}", body.code, body.message)
            }
            ApiError::Http(status) => write!(f, "HTTP {status}"),
            ApiError::Decode(e) => write!(f, "unreadable response: {e}"),
            ApiError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for ApiError {}

/// The error of a non-2xx response, from its `{code, message}` body when it has one.
async fn error_of(res: Response) -> ApiError {
    let status = res.status();
    match res.json::<ErrorBody>().await {
        Ok(body) => ApiError::Server { status, body },
        Err(_) => ApiError::Http(status),
    }
}

async fn json_of<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.json()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// The body of a 2xx response as bytes, else its error.
async fn binary_of(res: Response) -> Result<Vec<u8>, ApiError> {
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.binary().await.map_err(network)
}

fn network(e: gloo_net::Error) -> ApiError {
    ApiError::Network(e.to_string())
}

/// Sends a request built with no body.
async fn send(b: RequestBuilder) -> Result<Response, ApiError> {
    b.send().await.map_err(network)
}

/// Sends `body` as JSON.
async fn send_json_body<B: serde::Serialize>(
    b: RequestBuilder,
    body: &B,
) -> Result<Response, ApiError> {
    b.json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(network)
}

/// A state-changing request: it carries the session's CSRF token.
fn changing(b: RequestBuilder) -> RequestBuilder {
    b.header("x-csrf-token", &csrf())
}

/// `Ok` for a 2xx response, else its error.
async fn ok_of(res: Response) -> Result<(), ApiError> {
    if res.ok() {
        Ok(())
    } else {
        Err(error_of(res).await)
    }
}

thread_local! {
    /// The CSRF token of the current session, sent on every state-changing request.
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
}

fn remember(me: &Me) {
    CSRF.with(|c| c.borrow_mut().clone_from(&me.csrf_token));
}

fn csrf() -> String {
    CSRF.with(|c| c.borrow().clone())
}

/// `GET /api/me`: the signed-in user (and the session's CSRF token, kept for later calls).
pub async fn me() -> Result<Me, ApiError> {
    let me: Me = get_json("/api/me").await?;
    remember(&me);
    Ok(me)
}

/// `POST /api/auth/login`.
pub async fn login(username: &str, password: &str) -> Result<Me, ApiError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    let me: Me = json_of(send_json_body(Request::post("/api/auth/login"), &body).await?).await?;
    remember(&me);
    Ok(me)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiError> {
    ok_of(send(changing(Request::post("/api/auth/logout"))).await?).await?;
    CSRF.with(|c| c.borrow_mut().clear());
    Ok(())
}

/// `POST /api/auth/logout-all`: every session of the user ends (this one too).
pub async fn logout_all() -> Result<(), ApiError> {
    ok_of(send(changing(Request::post("/api/auth/logout-all"))).await?).await?;
    CSRF.with(|c| c.borrow_mut().clear());
    Ok(())
}

/// `POST /api/me/password`.
pub async fn change_password(current: &str, new: &str) -> Result<(), ApiError> {
    let body = PasswordChange {
        current: current.to_owned(),
        new: new.to_owned(),
    };
    ok_of(send_json_body(changing(Request::post("/api/me/password")), &body).await?).await
}

/// `GET /api/users` (administrators).
pub async fn users() -> Result<Vec<UserSummary>, ApiError> {
    get_json("/api/users").await
}

/// `POST /api/users`.
pub async fn create_user(new: &NewUser) -> Result<UserSummary, ApiError> {
    post_json("/api/users", new).await
}

/// `PUT /api/users/{id}`.
pub async fn update_user(id: i64, change: &UserUpdate) -> Result<UserSummary, ApiError> {
    send_json("PUT", &format!("/api/users/{id}"), change).await
}

/// `POST /api/users/{id}/password`.
pub async fn reset_password(id: i64, password: &str) -> Result<(), ApiError> {
    let body = PasswordReset {
        password: password.to_owned(),
    };
    ok_of(
        send_json_body(
            changing(Request::post(&format!("/api/users/{id}/password"))),
            &body,
        )
        .await?,
    )
    .await
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ApiError> {
    get_json("/api/health").await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    json_of(send(Request::get(url)).await?).await
}

/// `GET /api/catalog`.
pub async fn catalog() -> Result<Catalog, ApiError> {
    get_json("/api/catalog").await
}

/// `GET /api/catalog/{name}`.
pub async fn catalog_dataset(name: &str) -> Result<CatalogDataset, ApiError> {
    get_json(&format!("/api/catalog/{}", encode(name))).await
}

/// `GET /api/catalog/search?q=`; `record` when the user submitted it (counted on the home page).
pub async fn search_catalog(q: &str, record: bool) -> Result<Vec<SearchHit>, ApiError> {
    get_json(&format!(
        "/api/catalog/search?q={}&record={record}",
        encode(q)
    ))
    .await
}

/// `POST /api/extract` as an Arrow IPC stream, returned whole.
pub async fn extract_arrow(spec: &QuerySpec) -> Result<Vec<u8>, ApiError> {
    let (res, _permit) = send_extract(ExtractFormat::Arrow, spec, None).await?;
    binary_of(res).await
}

/// How long in all an extract waits for a free slot while the server answers 429 `busy` (other
/// tabs of the same user, or a server configured for fewer extracts per user).
const BUSY_PATIENCE_MS: u32 = 120_000;

/// Sends an extract when this tab has a free extract permit (`extract_gate`), sending it again
/// after the server's `Retry-After` while the server answers 429 `busy`, for at most
/// [`BUSY_PATIENCE_MS`]; aborting `signal` ends the wait as [`ApiError::Cancelled`]. The permit
/// is to be held until the response's body is read.
async fn send_extract(
    format: ExtractFormat,
    spec: &QuerySpec,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(Response, extract_gate::Permit), ApiError> {
    let permit = extract_gate::acquire().await;
    let aborted = || signal.is_some_and(web_sys::AbortSignal::aborted);
    if aborted() {
        return Err(ApiError::Cancelled);
    }
    let url = format!("/api/extract?format={format}");
    let mut waited = 0;
    loop {
        let res = changing(Request::post(&url))
            .abort_signal(signal)
            .json(spec)
            .map_err(|e| ApiError::Decode(e.to_string()))?
            .send()
            .await
            .map_err(|e| {
                if aborted() {
                    ApiError::Cancelled
                } else {
                    network(e)
                }
            })?;
        if res.status() != 429 || waited >= BUSY_PATIENCE_MS {
            return Ok((res, permit));
        }
        let wait_ms = res
            .headers()
            .get("retry-after")
            .and_then(|s| s.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 5)
            * 1000;
        let until = waited + wait_ms;
        while waited < until {
            if aborted() {
                return Err(ApiError::Cancelled);
            }
            sleep_ms(250).await;
            waited += 250;
        }
    }
}

/// Resolves after `ms` milliseconds (at once where there is no window).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(set, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `POST /api/extract?format=arrow`, decoded batch by batch as the stream arrives.
/// `progress(rows, bytes)` is called after every chunk; aborting `signal` cancels the call
/// (answered [`ApiError::Cancelled`]) and the server stops the query.
pub async fn extract_frame(
    spec: &QuerySpec,
    signal: Option<&web_sys::AbortSignal>,
    progress: impl Fn(usize, usize),
) -> Result<Frame, ApiError> {
    let aborted = || signal.is_some_and(web_sys::AbortSignal::aborted);
    let failed = |e: String| {
        if aborted() {
            ApiError::Cancelled
        } else {
            ApiError::Network(e)
        }
    };
    let (res, _permit) = send_extract(ExtractFormat::Arrow, spec, signal).await?;
    if !res.ok() {
        return Err(error_of(res).await);
    }
    let body = res
        .body()
        .ok_or_else(|| ApiError::Decode("empty response".to_owned()))?;
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut inc = Incremental::default();
    let mut bytes = 0;
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|e| failed(format!("{e:?}")))?;
        let field = |name: &str| js_sys::Reflect::get(&chunk, &name.into()).ok();
        if field("done").and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Some(value) = field("value") else { break };
        let data = js_sys::Uint8Array::new(&value);
        bytes += data.length() as usize;
        let rows = inc.push(data.to_vec()).map_err(ApiError::Decode)?;
        progress(rows, bytes);
    }
    inc.finish().map_err(ApiError::Decode)
}

/// `POST /api/extract?format=` saved as a file named `name.ext` through the browser's download.
pub async fn download_extract(
    spec: &QuerySpec,
    format: ExtractFormat,
    name: &str,
) -> Result<(), ApiError> {
    let (res, _permit) = send_extract(format, spec, None).await?;
    let bytes = binary_of(res).await?;
    crate::files::save_bytes(
        &bytes,
        format.content_type(),
        &format!("{name}.{}", format.extension()),
    )
    .map_err(ApiError::Decode)
}

/// `GET /api/models/{model}/{file}` as bytes (the browser's HTTP cache keeps it; later calls
/// only revalidate).
pub async fn model_bytes(model: &str, file: &str) -> Result<Vec<u8>, ApiError> {
    let url = format!("/api/models/{}/{}", encode(model), encode(file));
    binary_of(send(Request::get(&url)).await?).await
}

/// `GET /api/network/ego` as an Arrow IPC stream: the edges of `query`'s ego network.
pub async fn ego_network(query: &portal_core::network::EgoQuery) -> Result<Vec<u8>, ApiError> {
    let q = ego_query_string(query);
    binary_of(send(Request::get(&format!("/api/network/ego?{q}"))).await?).await
}

/// `GET /api/shipments` as an Arrow IPC stream: the manifest lines the supply-chain model
/// scores, with what their histories start from.
pub async fn shipments(q: &portal_core::shipments::ShipmentQuery) -> Result<Vec<u8>, ApiError> {
    let q = query_string([
        ("from", q.from.clone()),
        ("to", q.to.clone()),
        ("limit", q.limit.map(|l| l.to_string())),
        ("office", q.office().map(str::to_owned)),
    ]);
    let url = format!("/api/shipments?{q}");
    binary_of(send(Request::get(&url)).await?).await
}

/// `GET /api/origin/exporters` as an Arrow IPC stream: every exporter of the user's scope with
/// the rerouting model's features.
pub async fn origin_exporters() -> Result<Vec<u8>, ApiError> {
    binary_of(send(Request::get("/api/origin/exporters")).await?).await
}

/// `GET /api/companies/scores` as an Arrow IPC stream: every company of the user's scope with
/// the features of the company models.
pub async fn company_scores() -> Result<Vec<u8>, ApiError> {
    binary_of(send(Request::get("/api/companies/scores")).await?).await
}

/// `GET /api/companies/{id}`: one company's profile.
pub async fn company_profile(id: &str) -> Result<portal_core::company::CompanyProfile, ApiError> {
    get_json(&format!("/api/companies/{}", encode(id))).await
}

/// `GET /api/origin/exporters/{id}`: one exporter's matched flows and routes.
pub async fn exporter_flows(id: &str) -> Result<portal_core::origin::ExporterFlows, ApiError> {
    get_json(&format!("/api/origin/exporters/{}", encode(id))).await
}

/// `GET /api/origin/fta`: the FTA verification queue.
pub async fn fta_queue(
    q: &portal_core::origin::FtaQuery,
) -> Result<portal_core::origin::FtaQueue, ApiError> {
    let q = query_string([
        ("agreement", q.agreement.clone()),
        ("office", q.office.clone()),
        ("limit", q.limit.map(|l| l.to_string())),
    ]);
    get_json(&format!("/api/origin/fta?{q}")).await
}

/// `GET /api/patterns/{pattern}` as an Arrow IPC stream: the pattern's combinations with at
/// least `min_shipments` shipments, highest lift first, at most `limit`.
pub async fn pattern_stats(
    pattern: portal_core::patterns::Pattern,
    min_shipments: u64,
    limit: u64,
) -> Result<Vec<u8>, ApiError> {
    let url = format!(
        "/api/patterns/{}?min_shipments={min_shipments}&limit={limit}",
        pattern.as_str()
    );
    binary_of(send(Request::get(&url)).await?).await
}

/// A query string of `pairs`, values percent-encoded, empty ones left out.
fn query_string<const N: usize>(pairs: [(&str, Option<String>); N]) -> String {
    pairs
        .into_iter()
        .filter_map(|(k, v)| {
            v.filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(&v)))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The query string of an ego query (empty fields left out).
fn ego_query_string(q: &portal_core::network::EgoQuery) -> String {
    query_string([
        ("party", Some(q.party.clone())),
        ("hops", q.hops.map(|h| h.to_string())),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
        ("chapter", q.chapter.clone()),
        ("min_shipments", q.min_shipments.map(|m| m.to_string())),
        ("max_edges", q.max_edges.map(|m| m.to_string())),
        ("roles", q.roles.clone()),
    ])
}

/// `GET /api/home`.
pub async fn home() -> Result<HomeFigures, ApiError> {
    get_json("/api/home").await
}

/// `GET /api/dashboards`.
pub async fn dashboards() -> Result<Vec<DashboardSummary>, ApiError> {
    get_json("/api/dashboards").await
}

/// `GET /api/dashboards/{id}`.
pub async fn dashboard(id: i64) -> Result<Dashboard, ApiError> {
    get_json(&format!("/api/dashboards/{id}")).await
}

/// `POST /api/dashboards`.
pub async fn create_dashboard(title: &str) -> Result<Dashboard, ApiError> {
    post_json(
        "/api/dashboards",
        &NewDashboard {
            title: title.to_owned(),
        },
    )
    .await
}

/// `POST /api/dashboards/{id}/widgets`.
pub async fn add_widget(id: i64, w: &NewWidget) -> Result<Dashboard, ApiError> {
    post_json(&format!("/api/dashboards/{id}/widgets"), w).await
}

/// `POST /api/dashboards/{id}/duplicate`.
pub async fn duplicate_dashboard(id: i64) -> Result<Dashboard, ApiError> {
    post_json(&format!("/api/dashboards/{id}/duplicate"), &()).await
}

async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    let req = match method {
        "PUT" => Request::put(url),
        _ => Request::post(url),
    };
    json_of(send_json_body(changing(req), body).await?).await
}

/// `PUT /api/dashboards/{id}`.
pub async fn update_dashboard(id: i64, u: &UpdateDashboard) -> Result<Dashboard, ApiError> {
    send_json("PUT", &format!("/api/dashboards/{id}"), u).await
}

/// `PUT /api/dashboards/{id}/shares`.
pub async fn share_dashboard(id: i64, s: &Shares) -> Result<Dashboard, ApiError> {
    send_json("PUT", &format!("/api/dashboards/{id}/shares"), s).await
}

/// `DELETE /api/dashboards/{id}`.
pub async fn delete_dashboard(id: i64) -> Result<(), ApiError> {
    ok_of(send(changing(Request::delete(&format!("/api/dashboards/{id}")))).await?).await
}

/// `GET /api/audit` with optional filters and the `before` cursor.
pub async fn audit(action: &str, user: &str, before: Option<i64>) -> Result<AuditPage, ApiError> {
    let mut url = format!(
        "/api/audit?limit=100&action={}&user={}",
        encode(action),
        encode(user)
    );
    if let Some(b) = before {
        url.push_str(&format!("&before={b}"));
    }
    get_json(&url).await
}

async fn post_json<B: serde::Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_json("POST", url, body).await
}

/// `GET /api/requests?queue=` (`all`, `mine`, `review`, `bureau`, `assigned`).
pub async fn requests(queue: &str) -> Result<Vec<AnalysisRequest>, ApiError> {
    get_json(&format!("/api/requests?queue={}", encode(queue))).await
}

/// `GET /api/requests/{id}`.
pub async fn request(id: i64) -> Result<AnalysisRequest, ApiError> {
    get_json(&format!("/api/requests/{id}")).await
}

/// `POST /api/requests`.
pub async fn create_request(req: &NewRequest) -> Result<AnalysisRequest, ApiError> {
    post_json("/api/requests", req).await
}

/// `POST /api/requests/{id}/transitions`.
pub async fn transition(id: i64, t: &TransitionRequest) -> Result<AnalysisRequest, ApiError> {
    post_json(&format!("/api/requests/{id}/transitions"), t).await
}

/// `POST /api/requests/{id}/comments`.
pub async fn comment(id: i64, body: &str) -> Result<AnalysisRequest, ApiError> {
    post_json(
        &format!("/api/requests/{id}/comments"),
        &NewComment {
            body: body.to_owned(),
        },
    )
    .await
}

/// `POST /api/requests/{id}/attachments` with the file's bytes.
pub async fn attach(id: i64, file: &web_sys::File) -> Result<AnalysisRequest, ApiError> {
    let res = changing(Request::post(&format!("/api/requests/{id}/attachments")))
        .header("x-filename", &encode(&file.name()))
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(network)?;
    json_of(res).await
}

/// `GET /api/notifications`.
pub async fn notifications() -> Result<Notifications, ApiError> {
    get_json("/api/notifications").await
}

/// `POST /api/notifications/read`.
pub async fn mark_notifications_read() -> Result<(), ApiError> {
    ok_of(send(changing(Request::post("/api/notifications/read"))).await?).await
}
