//! The server's one error type, split by fault.
//!
//! Client faults carry a message for the user and a code from [`ErrorCode`] (the one table of
//! codes, in `portal_core::api`; the statuses are [`status`]); internal faults
//! (I/O, later the database and the query engine) are logged in full and answered with a
//! generic 500. Every error leaves the server as [`portal_core::api::ErrorBody`].

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::api::ErrorBody;
pub use portal_core::api::ErrorCode;

/// The HTTP status each error code is answered with (the codes themselves are
/// [`portal_core::api::ErrorCode`], shared with the client).
pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::RouteNotFound | ErrorCode::NotFound | ErrorCode::UnknownDataset => {
            StatusCode::NOT_FOUND
        }
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::InvalidJson
        | ErrorCode::BadRequest
        | ErrorCode::InvalidInput
        | ErrorCode::UnknownColumn
        | ErrorCode::TypeMismatch
        | ErrorCode::InvalidSpec
        | ErrorCode::TooManyRows
        | ErrorCode::SpecTooLarge
        | ErrorCode::WeakPassword => StatusCode::BAD_REQUEST,
        ErrorCode::QueryTimeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::QueryTooLarge => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::CsrfRejected | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Conflict | ErrorCode::WrongState => StatusCode::CONFLICT,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooManyAttempts | ErrorCode::Busy => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::DataUnavailable | ErrorCode::ClusterUnavailable => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Errors of the portal server, by fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's fault: answered with the code's status and this message.
    #[error("{message}")]
    Client {
        /// Which client fault this is.
        code: ErrorCode,
        /// Explanation for the user; must not contain internal details.
        message: String,
    },
    /// The server's fault: logged with its source, answered with a generic 500.
    #[error("{context}: {source}")]
    Internal {
        /// What the server was doing.
        context: String,
        /// The underlying failure.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// A client fault with the given code and user-facing message.
    pub fn client(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::Client {
            code,
            message: message.into(),
        }
    }

    /// An internal fault; `context` says what was being done (it is logged, not sent). A query
    /// that ran out of the engine's memory pool is not the server's fault but the question's
    /// size: that is the client's `query_too_large`, whatever the caller was doing.
    pub fn internal(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let source = source.into();
        if out_of_memory_pool(&*source) {
            // The user is told to narrow the question; the log keeps which query it was.
            tracing::warn!(context = context.into(), error = %source, "a query ran out of the query memory");
            return Error::client(
                ErrorCode::QueryTooLarge,
                "the question needs more memory than the server allows one query; narrow it \
                 (a shorter period, an office, fewer groups)",
            );
        }
        Error::Internal {
            context: context.into(),
            source,
        }
    }
}

/// Whether `e` (or what it wraps) is the engine's memory pool refusing a reservation.
fn out_of_memory_pool(e: &(dyn std::error::Error + 'static)) -> bool {
    use datafusion::error::DataFusionError;
    if let Some(d) = e.downcast_ref::<DataFusionError>() {
        return matches!(d.find_root(), DataFusionError::ResourcesExhausted(_));
    }
    e.source().is_some_and(out_of_memory_pool)
}

impl From<portal_core::query::SpecError> for Error {
    fn from(e: portal_core::query::SpecError) -> Self {
        Error::client(e.error_code(), e.to_string())
    }
}

/// A JSON request body whose parse failures answer `invalid_json` in the `{code, message}` shape.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(Error::client(ErrorCode::InvalidJson, rejection.body_text())),
        }
    }
}

/// Path parameters whose parse failures (e.g. `/api/requests/abc`) answer `bad_request` in the
/// `{code, message}` shape.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(rejection) => Err(Error::client(ErrorCode::BadRequest, rejection.body_text())),
        }
    }
}

/// What a route's query parameters are, said when they fail to parse.
pub trait QueryHelp {
    /// The parameters and their forms, in one phrase (`from and to (YYYY-MM-DD) are the
    /// parameters`).
    const HELP: &'static str;
}

/// Query parameters whose parse failures (`?limit=many`) answer `bad_request` in the
/// `{code, message}` shape: the route's [`QueryHelp`], then what failed. Take it as
/// `Result<ApiQuery<T>, Error>` to check something else first (a role, an audit).
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned + QueryHelp + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(Error::client(
                ErrorCode::BadRequest,
                format!("{}: {}", T::HELP, rejection.body_text()),
            )),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (code, message) = match self {
            Error::Client { code, message } => (code, message),
            Error::Internal { context, source } => {
                tracing::error!(%context, error = %source, "internal error");
                (
                    ErrorCode::Internal,
                    "The server could not complete the request; the error was logged.".to_owned(),
                )
            }
        };
        (status(code), Json(ErrorBody { code, message })).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_an_error_status() {
        for &code in ErrorCode::ALL {
            let s = status(code);
            assert!(s.is_client_error() || s.is_server_error(), "{code}");
            if code == ErrorCode::Internal {
                assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
            }
        }
    }

    #[test]
    fn a_query_out_of_the_memory_pool_is_too_large_not_a_fault() {
        use datafusion::error::DataFusionError;
        let exhausted = || DataFusionError::ResourcesExhausted("HashJoinInput".into());
        for source in [
            exhausted(),
            exhausted().context("joining"),
            DataFusionError::ArrowError(
                Box::new(arrow_schema::ArrowError::ExternalError(Box::new(
                    exhausted(),
                ))),
                None,
            ),
        ] {
            let e = Error::internal("running a query", source);
            assert!(
                matches!(
                    e,
                    Error::Client {
                        code: ErrorCode::QueryTooLarge,
                        ..
                    }
                ),
                "{e}"
            );
        }
        assert_eq!(
            status(ErrorCode::QueryTooLarge),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let other = Error::internal("planning", DataFusionError::Plan("bad".into()));
        assert!(matches!(other, Error::Internal { .. }));
    }

    #[tokio::test]
    async fn internal_error_hides_its_source() {
        let err = Error::internal("reading secret file", std::io::Error::other("/etc/shadow"));
        let res = err.into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let bytes = axum::body::to_bytes(res.into_body(), 4096)
            .await
            .expect("body");
        let body: ErrorBody = serde_json::from_slice(&bytes).expect("error body");
        assert_eq!(body.code, ErrorCode::Internal);
        assert!(!body.message.contains("shadow"), "{}", body.message);
        assert!(!body.message.contains("secret"), "{}", body.message);
    }
}
