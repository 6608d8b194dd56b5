//! What went wrong, as a person reads it: a sentence in the current language that says what to
//! do, with the error code kept on a detail line for support. Every failure a page shows goes
//! through [`Problem`] and the [`ErrorNotice`] component.

use leptos::prelude::*;
use portal_core::analysis::{self, Field, FieldError};
use portal_core::api::ErrorCode;

use crate::api::ApiError;
use crate::i18n::{Key, Lang, text, textf, use_i18n};

/// A failure to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A call to the server failed.
    Api(ApiError),
    /// A field of the analysis form needs fixing.
    Form(FieldError),
    /// The scoring worker failed (its own message is the detail).
    Worker(String),
    /// The browser failed (decoding, drawing, saving a file; the message is the detail).
    Browser(String),
    /// A message already in the user's language (a table entry).
    Text(Key),
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        Problem::Api(e)
    }
}

impl From<FieldError> for Problem {
    fn from(e: FieldError) -> Self {
        Problem::Form(e)
    }
}

/// The sentence of an error code.
pub fn code_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::RouteNotFound => Key::ErrRouteNotFound,
        ErrorCode::MethodNotAllowed => Key::ErrMethodNotAllowed,
        ErrorCode::InvalidJson => Key::ErrInvalidJson,
        ErrorCode::BadRequest => Key::ErrBadRequest,
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::InvalidInput => Key::ErrInvalidInput,
        ErrorCode::UnknownDataset => Key::ErrUnknownDataset,
        ErrorCode::UnknownColumn => Key::ErrUnknownColumn,
        ErrorCode::TypeMismatch => Key::ErrTypeMismatch,
        ErrorCode::InvalidSpec => Key::ErrInvalidSpec,
        ErrorCode::TooManyRows => Key::ErrTooManyRows,
        ErrorCode::SpecTooLarge => Key::ErrSpecTooLarge,
        ErrorCode::Busy => Key::ErrBusy,
        ErrorCode::QueryTimeout => Key::ErrQueryTimeout,
        ErrorCode::QueryTooLarge => Key::ErrQueryTooLarge,
        ErrorCode::DataUnavailable => Key::ErrDataUnavailable,
        ErrorCode::ClusterUnavailable => Key::ErrClusterUnavailable,
        ErrorCode::Unauthenticated => Key::ErrUnauthenticated,
        ErrorCode::InvalidCredentials => Key::ErrInvalidCredentials,
        ErrorCode::WeakPassword => Key::ErrWeakPassword,
        ErrorCode::CsrfRejected => Key::ErrCsrfRejected,
        ErrorCode::TooManyAttempts => Key::ErrTooManyAttempts,
        ErrorCode::Forbidden => Key::ErrForbidden,
        ErrorCode::Conflict => Key::ErrConflict,
        ErrorCode::WrongState => Key::ErrWrongState,
        ErrorCode::PayloadTooLarge => Key::ErrPayloadTooLarge,
        ErrorCode::Internal => Key::ErrInternal,
    }
}

fn problem_sentence(lang: Lang, p: &analysis::Problem) -> String {
    use analysis::Problem as P;
    let with = |key: Key, t: &str| textf(lang, key, &[("text", t)]);
    match p {
        P::PickDataset => text(lang, Key::ProblemPickDataset).to_owned(),
        P::PickColumn => text(lang, Key::ProblemPickColumn).to_owned(),
        P::PickOperator => text(lang, Key::ProblemPickOperator).to_owned(),
        P::EnterValue => text(lang, Key::ProblemEnterValue).to_owned(),
        P::NotWholeNumber(t) => with(Key::ProblemNotWholeNumber, t),
        P::NotNumber(t) => with(Key::ProblemNotNumber, t),
        P::NotDate(t) => with(Key::ProblemNotDate, t),
        P::NotBool(t) => with(Key::ProblemNotBool, t),
        P::EnterValues => text(lang, Key::ProblemEnterValues).to_owned(),
        P::EnterBound => text(lang, Key::ProblemEnterBound).to_owned(),
        P::EnterText => text(lang, Key::ProblemEnterText).to_owned(),
        P::UnknownBucket(t) => with(Key::ProblemUnknownBucket, t),
        P::BucketNeedsDate => text(lang, Key::ProblemBucketNeedsDate).to_owned(),
        P::UnknownFunction(t) => with(Key::ProblemUnknownFunction, t),
        P::NeedsNumber => text(lang, Key::ProblemNeedsNumber).to_owned(),
        P::PositiveLimit => text(lang, Key::ProblemPositiveLimit).to_owned(),
        P::NeedsLimit => text(lang, Key::ProblemNeedsLimit).to_owned(),
    }
}

/// The sentence of a form error: which field (rows counted from 1) and what to fix.
pub fn field_sentence(lang: Lang, e: &FieldError) -> String {
    let problem = problem_sentence(lang, &e.problem);
    let row = |key: Key, i: usize| {
        textf(
            lang,
            key,
            &[("n", &(i + 1).to_string()), ("problem", &problem)],
        )
    };
    match e.field {
        Field::Dataset => textf(lang, Key::FieldDataset, &[("problem", &problem)]),
        Field::Filter(i) => row(Key::FieldFilter, i),
        Field::GroupBy(i) => row(Key::FieldGroupBy, i),
        Field::Aggregate(i) => row(Key::FieldAggregate, i),
        Field::Limit => textf(lang, Key::FieldLimit, &[("problem", &problem)]),
    }
}

impl Problem {
    /// What happened and what to do, in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            Problem::Api(ApiError::Server { body, .. }) => {
                text(lang, code_key(body.code)).to_owned()
            }
            Problem::Api(ApiError::Http(status)) => {
                textf(lang, Key::ErrHttp, &[("status", &status.to_string())])
            }
            Problem::Api(ApiError::Network(_)) => text(lang, Key::ErrNetwork).to_owned(),
            Problem::Api(ApiError::Decode(_)) => text(lang, Key::ErrDecode).to_owned(),
            Problem::Api(ApiError::Cancelled) => text(lang, Key::RunCancelled).to_owned(),
            Problem::Form(e) => field_sentence(lang, e),
            Problem::Worker(_) => text(lang, Key::ErrWorker).to_owned(),
            Problem::Browser(_) => text(lang, Key::ErrBrowser).to_owned(),
            Problem::Text(key) => text(lang, *key).to_owned(),
        }
    }

    /// The support line: the error code and the server's or worker's own message, if any.
    pub fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            Problem::Api(ApiError::Server { body, .. }) => Some(textf(
                lang,
                Key::ErrDetailMessage,
                &[("code", body.code.as_str()), ("message", &body.message)],
            )),
            Problem::Api(ApiError::Network(m) | ApiError::Decode(m))
            | Problem::Worker(m)
            | Problem::Browser(m) => Some(m.clone()),
            _ => None,
        }
    }
}

/// A failure as a page shows it: the sentence, and the support line in small print.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    #[prop(into)]
    problem: Problem,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = StoredValue::new(problem);
    view! {
        <div class="error-notice" role="alert">
            <p>{move || problem.with_value(|p| p.sentence(i18n.lang()))}</p>
            {move || problem.with_value(|p| p.detail(i18n.lang())).map(|d| view! {
                <p class="error-detail">{d}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::api::ErrorBody;

    #[test]
    fn server_errors_read_as_sentences_with_the_code_for_support() {
        let e = Problem::Api(ApiError::Server {
            status: 400,
            body: ErrorBody {
                code: ErrorCode::UnknownColumn,
                message: "unknown column 'value'".into(),
            },
        });
        let s = e.sentence(Lang::Ko);
        assert!(s.contains("컬럼") && !s.contains("unknown_column"), "{s}");
        let d = e.detail(Lang::Ko).expect("detail");
        assert!(d.contains("unknown_column") && d.contains("'value'"), "{d}");
        assert_eq!(
            Problem::Api(ApiError::Http(502)).sentence(Lang::En),
            "The server answered with an error (HTTP 502). Try again later."
        );
        for &code in ErrorCode::ALL {
            assert!(!text(Lang::Ko, code_key(code)).is_empty());
        }
    }

    #[test]
    fn form_errors_name_the_row_from_one() {
        let e = FieldError {
            field: Field::Filter(1),
            problem: analysis::Problem::NotDate("2024-13-01".into()),
        };
        assert_eq!(
            field_sentence(Lang::Ko, &e),
            "조건 2: '2024-13-01'은(는) 날짜(YYYY-MM-DD)가 아닙니다."
        );
        assert_eq!(
            field_sentence(Lang::En, &e),
            "Condition 2: '2024-13-01' is not a date (YYYY-MM-DD)."
        );
    }
}
