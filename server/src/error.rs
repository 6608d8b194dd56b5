//! The server's one error type, split by fault.
//!
//! Client faults carry a message for the user and a code from [`ErrorCode`]; internal faults
//! (I/O, later the database and the query engine) are logged in full and answered with a
//! generic 500. Every error leaves the server as [`portal_core::api::ErrorBody`].

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::api::ErrorBody;

/// Every error code the API can answer with: the one table of code, meaning and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// No API route has this path.
    RouteNotFound,
    /// The route exists but not for this HTTP method.
    MethodNotAllowed,
    /// The request body is not valid JSON or lacks required fields.
    InvalidJson,
    /// The request is well-formed but its values are not acceptable.
    BadRequest,
    /// A named resource does not exist.
    NotFound,
    /// An input file (CSV, reference data) is missing or malformed.
    InvalidInput,
    /// The extract names a dataset that does not exist.
    UnknownDataset,
    /// The extract names a column that does not exist.
    UnknownColumn,
    /// A filter value or aggregate does not fit the column's type.
    TypeMismatch,
    /// The extract spec is inconsistent.
    InvalidSpec,
    /// An ungrouped extract without a limit or above the row cap.
    TooManyRows,
    /// The query ran longer than the server's query timeout.
    QueryTimeout,
    /// The datasets are not prepared on this server.
    DataUnavailable,
    /// No valid session: sign in first.
    Unauthenticated,
    /// Wrong user name or password.
    InvalidCredentials,
    /// A state-changing request without the session's CSRF token.
    CsrfRejected,
    /// Too many failed logins for this account or address; retry later.
    TooManyAttempts,
    /// Signed in, but this role may not do that.
    Forbidden,
    /// The resource changed since the caller read it (stale version).
    Conflict,
    /// The action does not apply in the resource's current state.
    WrongState,
    /// The request body is larger than allowed.
    PayloadTooLarge,
    /// A fault of the server; details are in the log only.
    Internal,
}

impl ErrorCode {
    /// All codes, for documentation and exhaustive tests.
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::PayloadTooLarge,
        ErrorCode::Forbidden,
        ErrorCode::Conflict,
        ErrorCode::WrongState,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::CsrfRejected,
        ErrorCode::TooManyAttempts,
        ErrorCode::RouteNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::InvalidJson,
        ErrorCode::BadRequest,
        ErrorCode::NotFound,
        ErrorCode::InvalidInput,
        ErrorCode::UnknownDataset,
        ErrorCode::UnknownColumn,
        ErrorCode::TypeMismatch,
        ErrorCode::InvalidSpec,
        ErrorCode::TooManyRows,
        ErrorCode::QueryTimeout,
        ErrorCode::DataUnavailable,
        ErrorCode::Internal,
    ];

    /// The stable identifier written to the `code` field.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::RouteNotFound => "route_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownDataset => "unknown_dataset",
            ErrorCode::UnknownColumn => "unknown_column",
            ErrorCode::TypeMismatch => "type_mismatch",
            ErrorCode::InvalidSpec => "invalid_spec",
            ErrorCode::TooManyRows => "too_many_rows",
            ErrorCode::QueryTimeout => "query_timeout",
            ErrorCode::DataUnavailable => "data_unavailable",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::CsrfRejected => "csrf_rejected",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::WrongState => "wrong_state",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status this code is answered with.
    pub fn status(self) -> StatusCode {
        match self {
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
            | ErrorCode::TooManyRows => StatusCode::BAD_REQUEST,
            ErrorCode::QueryTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::CsrfRejected | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::Conflict | ErrorCode::WrongState => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::DataUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
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

    /// An internal fault; `context` says what was being done (it is logged, not sent).
    pub fn internal(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Internal {
            context: context.into(),
            source: source.into(),
        }
    }
}

impl From<portal_core::query::SpecError> for Error {
    fn from(e: portal_core::query::SpecError) -> Self {
        use portal_core::query::SpecError as S;
        let code = match &e {
            S::UnknownDataset(_) => ErrorCode::UnknownDataset,
            S::UnknownColumn(_) => ErrorCode::UnknownColumn,
            S::TypeMismatch { .. } => ErrorCode::TypeMismatch,
            S::Invalid(_) => ErrorCode::InvalidSpec,
            S::TooManyRows { .. } => ErrorCode::TooManyRows,
        };
        Error::client(code, e.to_string())
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
        let body = ErrorBody {
            code: code.as_str().to_owned(),
            message,
        };
        (code.status(), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_map_to_error_statuses() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
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
        assert_eq!(body.code, "internal");
        assert!(!body.message.contains("shadow"), "{}", body.message);
        assert!(!body.message.contains("secret"), "{}", body.message);
    }
}
