//! Every HTTP call of the client. Errors arrive as [`ApiError`], decoded from the server's
//! `{code, message}` shape where the server sent one.

use gloo_net::http::{Request, Response};
use portal_core::api::{ErrorBody, Health};
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

async fn json_of<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    if res.ok() {
        return res
            .json()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()));
    }
    let status = res.status();
    let body = res.json::<ErrorBody>().await.unwrap_or_else(|_| ErrorBody {
        code: "http_error".to_owned(),
        message: format!("HTTP {status}"),
    });
    Err(ApiError::Server { status, body })
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ApiError> {
    let res = Request::get("/api/health")
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    json_of(res).await
}
