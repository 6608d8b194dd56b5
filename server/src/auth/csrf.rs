//! The CSRF check: every state-changing request (any method but GET, HEAD and OPTIONS) must
//! carry its session's token in `X-CSRF-Token`. The session cookie is `SameSite=Strict` as
//! well; the token is the second line of defence.

use axum::http::Method;
use axum::http::request::Parts;

use crate::error::{Error, ErrorCode};

/// Header carrying the CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Refuses a state-changing request whose `X-CSRF-Token` is not `expected`.
pub fn check(parts: &Parts, expected: &str) -> Result<(), Error> {
    let changes_state = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !changes_state {
        return Ok(());
    }
    let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if sent == Some(expected) {
        Ok(())
    } else {
        Err(Error::client(
            ErrorCode::CsrfRejected,
            "missing or wrong X-CSRF-Token header for this session",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(method: Method, token: Option<&str>) -> Parts {
        let mut b = Request::builder().method(method).uri("/api/x");
        if let Some(t) = token {
            b = b.header(CSRF_HEADER, t);
        }
        b.body(()).expect("request").into_parts().0
    }

    #[test]
    fn only_state_changing_requests_need_the_token() {
        assert!(check(&parts(Method::GET, None), "t").is_ok());
        assert!(check(&parts(Method::POST, Some("t")), "t").is_ok());
        assert!(check(&parts(Method::POST, None), "t").is_err());
        assert!(check(&parts(Method::DELETE, Some("u")), "t").is_err());
    }
}
