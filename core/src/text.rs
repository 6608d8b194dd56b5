//! Small text encodings shared by the client and the server.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Every byte but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`).
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes UTF-8 text for a URL path segment, query value or RFC 5987 header value:
/// RFC 3986 unreserved characters stay, every other byte becomes `%XX`.
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, RESERVED).to_string()
}

/// Decodes `%XX` escapes (and `+` as a space, as in form-encoded query strings); `None` when an
/// escape is malformed or the bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    // The crate leaves malformed escapes as they are; refuse them instead.
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)))
    });
    if malformed {
        return None;
    }
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// A text cell as a spreadsheet should show it: a value that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (which Excel and LibreOffice would take as a formula) gets a leading
/// `'`, so it is shown as text and never run. Applied to text columns only: numbers stay numbers.
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The SQL `LIKE` pattern (escape character `\\`) of "contains `s`": `%s%` with `%`, `_` and
/// `\\` in `s` escaped, so that the text is matched as it is written.
pub fn contains_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// Whether `s` can be shown as a name as it is: no control characters and no bidirectional
/// overrides, embeddings, isolates or marks (which make `gpj.exe` read as `exe.jpg`).
pub fn is_display_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

#[cfg(test)]
mod tests {
    use super::{
        contains_pattern, is_display_safe, percent_decode, percent_encode, spreadsheet_safe,
    };

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("휴대폰"), "%휴대폰%");
    }

    #[test]
    fn formula_cells_are_shown_as_text() {
        for s in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(spreadsheet_safe(s), format!("'{s}"));
        }
        for s in ["휴대폰", "a=b", "", "1-2"] {
            assert_eq!(spreadsheet_safe(s), s);
        }
    }

    #[test]
    fn names_with_controls_or_bidi_overrides_are_not_display_safe() {
        assert!(is_display_safe("보고서 2026.csv"));
        assert!(!is_display_safe("report\u{202E}vsc.exe"));
        assert!(!is_display_safe("a\u{2066}b"));
        assert!(!is_display_safe("line\nbreak"));
        assert!(!is_display_safe("nul\u{0}"));
    }

    #[test]
    fn decoding_reverses_encoding_and_refuses_garbage() {
        for s in ["원산지 a&b", "{\"spec\":[1,2]}", ""] {
            assert_eq!(percent_decode(&percent_encode(s)).as_deref(), Some(s));
        }
        assert_eq!(percent_decode("a+b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%E"), None);
        assert_eq!(percent_decode("%ZZ"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn encodes_korean_and_reserved_characters() {
        assert_eq!(percent_encode("원산지"), "%EC%9B%90%EC%82%B0%EC%A7%80");
        assert_eq!(percent_encode("a b&c/d"), "a%20b%26c%2Fd");
        assert_eq!(percent_encode("hs6_code-1.x~"), "hs6_code-1.x~");
    }
}
