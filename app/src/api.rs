//! Every HTTP call of the client. Errors arrive as [`ApiError`], decoded from the server's
//! `{code, message}` shape where the server sent one.

use gloo_net::http::{Request, Response};
use std::cell::RefCell;

use portal_core::api::{
    AuditPage, Catalog, CatalogDataset, ErrorBody, Health, LoginRequest, Me, SearchHit,
};
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
        /// The server's `{code, message}`; a synthetic `http_error` when the body was not one.
        body: ErrorBody,
    },
    /// The server answered 2xx with a body the client cannot read.
    Decode(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(e) => write!(f, "network error: {e}"),
            ApiError::Server { status, body } => {
                write!(f, "{status} {}: {}", body.code, body.message)
            }
            ApiError::Decode(e) => write!(f, "unreadable response: {e}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// The error of a non-2xx response, from its `{code, message}` body when it has one.
async fn error_of(res: Response) -> ApiError {
    let status = res.status();
    let body = res.json::<ErrorBody>().await.unwrap_or_else(|_| ErrorBody {
        code: "http_error".to_owned(),
        message: format!("HTTP {status}"),
    });
    ApiError::Server { status, body }
}

async fn json_of<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.json()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
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
    let res = Request::post("/api/auth/login")
        .json(&body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let me: Me = json_of(res).await?;
    remember(&me);
    Ok(me)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiError> {
    let res = Request::post("/api/auth/logout")
        .header("x-csrf-token", &csrf())
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !res.ok() {
        return Err(error_of(res).await);
    }
    CSRF.with(|c| c.borrow_mut().clear());
    Ok(())
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ApiError> {
    get_json("/api/health").await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let res = Request::get(url)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    json_of(res).await
}

/// `GET /api/catalog`.
pub async fn catalog() -> Result<Catalog, ApiError> {
    get_json("/api/catalog").await
}

/// `GET /api/catalog/{name}`.
pub async fn catalog_dataset(name: &str) -> Result<CatalogDataset, ApiError> {
    get_json(&format!("/api/catalog/{}", encode(name))).await
}

/// `GET /api/catalog/search?q=`.
pub async fn search_catalog(q: &str) -> Result<Vec<SearchHit>, ApiError> {
    get_json(&format!("/api/catalog/search?q={}", encode(q))).await
}

/// `POST /api/extract` as an Arrow IPC stream, returned whole.
pub async fn extract_arrow(spec: &QuerySpec) -> Result<Vec<u8>, ApiError> {
    let res = Request::post("/api/extract?format=arrow")
        .header("x-csrf-token", &csrf())
        .json(spec)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !res.ok() {
        return Err(error_of(res).await);
    }
    res.binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
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
    let res = Request::post(url)
        .header("x-csrf-token", &csrf())
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    json_of(res).await
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
    let res = Request::post(&format!("/api/requests/{id}/attachments"))
        .header("x-csrf-token", &csrf())
        .header("x-filename", &encode(&file.name()))
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    json_of(res).await
}

/// `GET /api/notifications`.
pub async fn notifications() -> Result<Notifications, ApiError> {
    get_json("/api/notifications").await
}

/// `POST /api/notifications/read`.
pub async fn mark_notifications_read() -> Result<(), ApiError> {
    let res = Request::post("/api/notifications/read")
        .header("x-csrf-token", &csrf())
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if res.ok() {
        Ok(())
    } else {
        Err(error_of(res).await)
    }
}
