//! User administration shapes (`/api/users`, `/api/me/password`) and the password policy, shared
//! by the server (which enforces it) and the client (which says what is wrong before sending).

use serde::{Deserialize, Serialize};

use crate::api::Role;

/// Fewest characters of a password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most bytes of a password (argon2 input).
pub const MAX_PASSWORD_BYTES: usize = 256;

/// Passwords refused whatever their length: the commonest ones and the demo password.
const COMMON: [&str; 24] = [
    "123456789012",
    "1234567890123",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiopas",
    "qwerty123456",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "iloveyou1234",
    "admin1234567",
    "administrator",
    "letmein12345",
    "welcome12345",
    "abcdefghijkl",
    "aaaaaaaaaaaa",
    "000000000000",
    "111111111111",
    "changeme1234",
    "portal-demo-2026",
    "customs12345",
    "kcs123456789",
    "gwansae12345",
    "p@ssw0rd1234",
];

crate::string_enum! {
    /// Why a password is refused.
    pub enum PasswordProblem {
        /// Fewer than [`MIN_PASSWORD_CHARS`] characters (or more than [`MAX_PASSWORD_BYTES`]).
        Length = "length",
        /// The user name, or contains it.
        ContainsUsername = "contains_username",
        /// One of the commonest passwords.
        Common = "common",
    }
}

/// What is wrong with `password` for `username`, if anything.
pub fn password_problem(username: &str, password: &str) -> Option<PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Some(PasswordProblem::Length);
    }
    let lower = password.to_lowercase();
    let name = username.trim().to_lowercase();
    if !name.is_empty() && lower.contains(&name) {
        return Some(PasswordProblem::ContainsUsername);
    }
    if COMMON.contains(&lower.as_str()) {
        return Some(PasswordProblem::Common);
    }
    None
}

/// Whether `username` is acceptable: 3 to 64 characters of `a-z 0-9 . _ -`, starting with a
/// letter.
pub fn valid_username(username: &str) -> bool {
    (3..=64).contains(&username.len())
        && username.starts_with(|c: char| c.is_ascii_lowercase())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// One account as administrators see it (`GET /api/users`).
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    /// Database id.
    pub id: i64,
    /// Account name.
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Office code.
    pub office_code: String,
    /// Whether the account may not sign in.
    pub disabled: bool,
    /// When it was created (UTC).
    pub created_at: String,
}

/// Body of `POST /api/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Account name ([`valid_username`]).
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Office code (an office of the portal).
    pub office_code: String,
    /// First password (the policy applies).
    pub password: String,
}

/// Body of `PUT /api/users/{id}`: the fields to change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    /// New display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default)]
    pub role: Option<Role>,
    /// New office.
    #[serde(default)]
    pub office_code: Option<String>,
    /// Disable (true) or enable (false) the account; disabling ends its sessions.
    #[serde(default)]
    pub disabled: Option<bool>,
}

/// Body of `POST /api/users/{id}/password` (an administrator sets a new password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// The new password (the policy applies); the user's sessions end.
    pub password: String,
}

/// Body of `POST /api/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The current password.
    pub current: String,
    /// The new password (the policy applies); other sessions end.
    pub new: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_wants_length_no_user_name_and_no_common_password() {
        assert_eq!(
            password_problem("kim", "short"),
            Some(PasswordProblem::Length)
        );
        assert_eq!(
            password_problem("kim.analyst", "my-KIM.ANALYST-2026"),
            Some(PasswordProblem::ContainsUsername)
        );
        assert_eq!(
            password_problem("kim", "Portal-Demo-2026"),
            Some(PasswordProblem::Common)
        );
        assert_eq!(password_problem("kim", "관세청 빅데이터 2026!"), None);
        assert_eq!(
            password_problem("kim", &"x".repeat(300)),
            Some(PasswordProblem::Length)
        );
    }

    #[test]
    fn user_names_are_simple_lower_case() {
        for ok in ["analyst.incheon", "kim_2", "a-b"] {
            assert!(valid_username(ok), "{ok}");
        }
        for bad in ["Kim", "ab", "1kim", "김분석", "a b", &"a".repeat(65)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }
}
