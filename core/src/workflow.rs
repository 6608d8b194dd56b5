//! The analysis-request workflow (분석의뢰): five steps — 분석신청 (applied), 검토/승인 (approved),
//! 업무국 협조 (cooperating), 분석 진행 (in progress), 분석완료 (completed) — plus rejected,
//! withdrawn and needs-changes, and who may make each transition.

use serde::{Deserialize, Serialize};

use crate::api::Role;

crate::string_enum! {
    /// Where a request stands.
    pub enum RequestState {
        /// 분석신청: submitted, waiting for the big-data centre's review.
        Applied = "applied",
        /// 검토/승인: approved; a bureau liaison and an analyst are assigned.
        Approved = "approved",
        /// 업무국 협조: the bureau confirmed its cooperation.
        Cooperating = "cooperating",
        /// 분석 진행: the assigned analyst is working on it.
        InProgress = "in_progress",
        /// 분석완료: done, results attached.
        Completed = "completed",
        /// Refused by the reviewer (final).
        Rejected = "rejected",
        /// Taken back by the applicant (final).
        Withdrawn = "withdrawn",
        /// Sent back to the applicant for changes.
        NeedsChanges = "needs_changes",
    }
}

impl RequestState {
    /// The five-step tracker position reached (1..=5); needs-changes counts as step 1.
    pub fn step(self) -> u8 {
        match self {
            RequestState::Applied | RequestState::NeedsChanges => 1,
            RequestState::Approved => 2,
            RequestState::Cooperating => 3,
            RequestState::InProgress => 4,
            RequestState::Completed => 5,
            RequestState::Rejected | RequestState::Withdrawn => 1,
        }
    }
}

crate::string_enum! {
    /// What someone does to a request.
    pub enum Action {
        /// Reviewer: accept and assign (applied → approved).
        Approve = "approve",
        /// Reviewer: refuse (applied → rejected).
        Reject = "reject",
        /// Reviewer: send back (applied → needs_changes).
        RequestChanges = "request_changes",
        /// Applicant: submit again after changes (needs_changes → applied).
        Resubmit = "resubmit",
        /// Applicant: take back (applied, needs_changes or approved → withdrawn).
        Withdraw = "withdraw",
        /// Assigned bureau liaison: confirm cooperation (approved → cooperating).
        Confirm = "confirm",
        /// Assigned analyst: start (cooperating → in_progress).
        Start = "start",
        /// Assigned analyst: finish with results (in_progress → completed).
        Complete = "complete",
    }
}

/// Who acts; `I` identifies users (database ids on the server, user names in the client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<I> {
    /// User.
    pub user_id: I,
    /// Role.
    pub role: Role,
}

/// The people a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties<I> {
    /// Who filed it.
    pub applicant: I,
    /// Assigned bureau liaison, once approved.
    pub bureau: Option<I>,
    /// Assigned analyst, once approved.
    pub analyst: Option<I>,
}

/// The actions `actor` may take on a request in `state` (what the UI offers).
pub fn allowed_actions<I: PartialEq + Copy>(
    state: RequestState,
    actor: Actor<I>,
    parties: Parties<I>,
) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| next_state(state, *a, actor, parties).is_ok())
        .collect()
}

/// Why a transition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowError {
    /// The action does not apply in the current state.
    WrongState {
        /// The current state.
        state: RequestState,
        /// What was tried.
        action: Action,
    },
    /// The actor may not take this action on this request.
    NotAllowed {
        /// What was tried.
        action: Action,
    },
}

impl std::fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkflowError::WrongState { state, action } => {
                write!(f, "cannot {action:?} a request that is {}", state.as_str())
            }
            WorkflowError::NotAllowed { action } => {
                write!(f, "you may not {action:?} this request")
            }
        }
    }
}

impl std::error::Error for WorkflowError {}

/// The state after `action` by `actor`, or why not. The state is checked first, then the actor.
pub fn next_state<I: PartialEq + Copy>(
    state: RequestState,
    action: Action,
    actor: Actor<I>,
    parties: Parties<I>,
) -> Result<RequestState, WorkflowError> {
    use RequestState as S;
    let to = match (state, action) {
        (S::Applied, Action::Approve) => S::Approved,
        (S::Applied, Action::Reject) => S::Rejected,
        (S::Applied, Action::RequestChanges) => S::NeedsChanges,
        (S::NeedsChanges, Action::Resubmit) => S::Applied,
        (S::Applied | S::NeedsChanges | S::Approved, Action::Withdraw) => S::Withdrawn,
        (S::Approved, Action::Confirm) => S::Cooperating,
        (S::Cooperating, Action::Start) => S::InProgress,
        (S::InProgress, Action::Complete) => S::Completed,
        _ => return Err(WorkflowError::WrongState { state, action }),
    };
    let is_reviewer = matches!(actor.role, Role::Reviewer | Role::Admin);
    let allowed = match action {
        Action::Approve | Action::Reject | Action::RequestChanges => is_reviewer,
        Action::Resubmit | Action::Withdraw => actor.user_id == parties.applicant,
        Action::Confirm => parties.bureau == Some(actor.user_id),
        Action::Start | Action::Complete => parties.analyst == Some(actor.user_id),
    };
    if allowed {
        Ok(to)
    } else {
        Err(WorkflowError::NotAllowed { action })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestState as S;

    #[test]
    fn attachments_are_judged_by_their_first_bytes() {
        assert!(content_matches("application/pdf", b"%PDF-1.7 ..."));
        assert!(!content_matches("application/pdf", b"MZ\x90\x00 an exe"));
        assert!(content_matches("image/png", b"\x89PNG\r\n\x1a\n...."));
        assert!(!content_matches("image/png", b"<svg onload=alert(1)>"));
        assert!(content_matches(
            "text/csv",
            "신고번호,품명\n1,휴대폰\n".as_bytes()
        ));
        assert!(
            content_matches("text/csv", b"\xbd\xc5\xb0\xed,a\n"),
            "CP949 text"
        );
        assert!(!content_matches("text/csv", b"PK\x03\x04 a zip"));
        assert!(!content_matches("text/plain", b"a\0b"));
        assert!(content_matches(
            "application/vnd.apache.parquet",
            b"PAR1....PAR1"
        ));
        assert!(!content_matches(
            "application/vnd.apache.parquet",
            b"PAR1 cut"
        ));
        assert!(!content_matches("text/html", b"<html>"));
    }

    #[test]
    fn result_links_are_portal_paths_only() {
        for ok in [
            "/analysis?a=%7B%7D",
            "/dashboards/3",
            "/data-map/import_declaration",
        ] {
            assert!(is_portal_path(ok), "{ok}");
        }
        for bad in [
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "/a b",
            "javascript:alert(1)",
            "",
            "/x\n",
        ] {
            assert!(!is_portal_path(bad), "{bad}");
        }
        assert!(!is_portal_path(&format!("/{}", "a".repeat(500))));
    }

    const PARTIES: Parties<i64> = Parties {
        applicant: 1,
        bureau: Some(2),
        analyst: Some(3),
    };

    fn who(user_id: i64, role: Role) -> Actor<i64> {
        Actor { user_id, role }
    }

    #[test]
    fn the_five_steps_in_order_by_the_right_people() {
        let reviewer = who(9, Role::Reviewer);
        let mut s = S::Applied;
        for (action, actor, step) in [
            (Action::Approve, reviewer, 2),
            (Action::Confirm, who(2, Role::Bureau), 3),
            (Action::Start, who(3, Role::Analyst), 4),
            (Action::Complete, who(3, Role::Analyst), 5),
        ] {
            s = next_state(s, action, actor, PARTIES).expect("allowed");
            assert_eq!(s.step(), step);
        }
        assert_eq!(s, S::Completed);
    }

    #[test]
    fn side_paths_and_refusals() {
        let applicant = who(1, Role::Analyst);
        let reviewer = who(9, Role::Reviewer);
        assert_eq!(
            next_state(S::Applied, Action::RequestChanges, reviewer, PARTIES),
            Ok(S::NeedsChanges)
        );
        assert_eq!(
            next_state(S::NeedsChanges, Action::Resubmit, applicant, PARTIES),
            Ok(S::Applied)
        );
        assert_eq!(
            next_state(S::Approved, Action::Withdraw, applicant, PARTIES),
            Ok(S::Withdrawn)
        );
        assert_eq!(
            next_state(S::Applied, Action::Reject, who(5, Role::Admin), PARTIES),
            Ok(S::Rejected)
        );
        // Wrong people.
        assert_eq!(
            next_state(S::Applied, Action::Approve, applicant, PARTIES),
            Err(WorkflowError::NotAllowed {
                action: Action::Approve
            })
        );
        assert!(next_state(S::Approved, Action::Confirm, who(7, Role::Bureau), PARTIES).is_err());
        assert!(
            next_state(
                S::Cooperating,
                Action::Start,
                who(8, Role::Analyst),
                PARTIES
            )
            .is_err()
        );
        assert!(next_state(S::Applied, Action::Withdraw, who(3, Role::Analyst), PARTIES).is_err());
        // Wrong states: finals accept nothing.
        for st in [S::Completed, S::Rejected, S::Withdrawn] {
            for action in [
                Action::Approve,
                Action::Withdraw,
                Action::Complete,
                Action::Resubmit,
            ] {
                assert!(matches!(
                    next_state(st, action, reviewer, PARTIES),
                    Err(WorkflowError::WrongState { .. })
                ));
            }
        }
    }

    #[test]
    fn the_ui_offers_exactly_the_allowed_actions_by_name() {
        let parties = Parties {
            applicant: "kim",
            bureau: Some("choi"),
            analyst: Some("lee"),
        };
        let me = |u, role| Actor { user_id: u, role };
        assert_eq!(
            allowed_actions(S::Applied, me("park", Role::Reviewer), parties),
            [Action::Approve, Action::Reject, Action::RequestChanges]
        );
        assert_eq!(
            allowed_actions(S::Applied, me("kim", Role::Analyst), parties),
            [Action::Withdraw]
        );
        assert_eq!(
            allowed_actions(S::Approved, me("choi", Role::Bureau), parties),
            [Action::Confirm]
        );
        assert_eq!(
            allowed_actions(S::InProgress, me("lee", Role::Analyst), parties),
            [Action::Complete]
        );
        assert!(allowed_actions(S::Completed, me("park", Role::Admin), parties).is_empty());
    }

    #[test]
    fn states_round_trip() {
        for &s in S::ALL {
            assert_eq!(RequestState::parse(s.as_str()), Some(s));
        }
        assert_eq!(RequestState::parse("done"), None);
    }
}

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest purpose, content or note, in characters.
pub const MAX_TEXT: usize = 10_000;

/// Body of `POST /api/requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// Short title.
    pub title: String,
    /// Why the analysis is needed.
    pub purpose: String,
    /// What should be analysed.
    pub content: String,
    /// Datasets wanted (catalog names).
    #[serde(default)]
    pub datasets: Vec<String>,
    /// Wanted by (`YYYY-MM-DD`).
    #[serde(default)]
    pub desired_date: Option<String>,
}

/// Body of `POST /api/requests/{id}/transitions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// What to do.
    pub action: Action,
    /// The version the caller saw; a stale one gets 409.
    pub version: i64,
    /// Why (kept in the history).
    #[serde(default)]
    pub note: Option<String>,
    /// For `approve`: the bureau liaison's user name.
    #[serde(default)]
    pub bureau: Option<String>,
    /// For `approve`: the analyst's user name.
    #[serde(default)]
    pub analyst: Option<String>,
    /// For `complete`: result links (portal paths such as saved extracts or dashboards).
    #[serde(default)]
    pub results: Vec<String>,
}

/// One step of a request's history.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// UTC time.
    pub at: String,
    /// Who.
    pub actor: String,
    /// From (absent for creation).
    #[cfg_attr(feature = "sqlx", sqlx(rename = "from_state"))]
    pub from: Option<RequestState>,
    /// To.
    #[cfg_attr(feature = "sqlx", sqlx(rename = "to_state"))]
    pub to: RequestState,
    /// Note given.
    pub note: Option<String>,
}

/// A request as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Purpose.
    pub purpose: String,
    /// Content.
    pub content: String,
    /// Datasets wanted.
    pub datasets: Vec<String>,
    /// Wanted by.
    pub desired_date: Option<String>,
    /// Current state.
    pub state: RequestState,
    /// Tracker step (1..=5).
    pub step: u8,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// Applicant's user name.
    pub applicant: String,
    /// Applicant's office code.
    pub office_code: String,
    /// Assigned bureau liaison.
    pub bureau: Option<String>,
    /// Assigned analyst.
    pub analyst: Option<String>,
    /// Result links, once completed.
    pub results: Vec<String>,
    /// Every transition, oldest first (only in the single-request answer).
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Comments, oldest first (only in the single-request answer).
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Attached files, oldest first (only in the single-request answer).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file attached to a request (download at `/api/requests/{request}/attachments/{id}`).
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Id.
    pub id: i64,
    /// Original file name.
    pub filename: String,
    /// Media type.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Who attached it.
    pub uploader: String,
    /// UTC time.
    pub at: String,
}

/// Largest attachment, in bytes.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// Media types accepted as attachments (documents, spreadsheets, data and images).
pub const ATTACHMENT_TYPES: [&str; 7] = [
    "application/pdf",
    "text/csv",
    "text/plain",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.apache.parquet",
];

/// Whether `bytes` are what an attachment of media type `kind` must be, judged by their first
/// bytes: PDF, PNG, JPEG, XLSX (a ZIP) and Parquet by their signatures; CSV and plain text must
/// hold no NUL byte and start with no binary signature (any text encoding is accepted, as
/// spreadsheets save CSV in the system's code page).
pub fn content_matches(kind: &str, bytes: &[u8]) -> bool {
    const BINARY: [&[u8]; 8] = [
        b"%PDF-",
        b"\x89PNG\r\n\x1a\n",
        b"\xFF\xD8\xFF",
        b"PK\x03\x04",
        b"PAR1",
        b"MZ",
        b"\x7FELF",
        b"\xCA\xFE\xBA\xBE",
    ];
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    match kind {
        "application/pdf" => starts(b"%PDF-"),
        "image/png" => starts(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => starts(b"\xFF\xD8\xFF"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            starts(b"PK\x03\x04")
        }
        "application/vnd.apache.parquet" => starts(b"PAR1") && bytes.ends_with(b"PAR1"),
        "text/csv" | "text/plain" => {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            !head.contains(&0) && !BINARY.iter().any(|sig| starts(sig))
        }
        _ => false,
    }
}

/// Whether a result link is a path of this portal: it starts with one `/` (never `//`, which a
/// browser takes as another host), holds no backslash, whitespace or control character, and is
/// at most 500 characters.
pub fn is_portal_path(link: &str) -> bool {
    link.starts_with('/')
        && !link.starts_with("//")
        && link.len() <= 500
        && !link
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// A comment on a request.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// UTC time.
    pub at: String,
    /// Author's user name.
    pub author: String,
    /// Text.
    pub body: String,
}

/// Body of `POST /api/requests/{id}/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// Text (1 to [`MAX_TEXT`] characters).
    pub body: String,
}

/// One in-app notification: a request reached a state that concerns the user.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// The request.
    pub request_id: i64,
    /// Its title.
    pub title: String,
    /// The state it reached.
    pub state: RequestState,
    /// Whether the user has read it.
    pub read: bool,
    /// UTC time.
    pub at: String,
}

/// Body of `GET /api/notifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    /// Unread count.
    pub unread: i64,
    /// The newest 50.
    pub items: Vec<Notification>,
}
