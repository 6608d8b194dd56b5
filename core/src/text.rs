//! Small text encodings shared by the client and the server.

/// Percent-encodes UTF-8 text for a URL path segment, query value or RFC 5987 header value:
/// RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) stay, every other byte becomes `%XX`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn encodes_korean_and_reserved_characters() {
        assert_eq!(percent_encode("원산지"), "%EC%9B%90%EC%82%B0%EC%A7%80");
        assert_eq!(percent_encode("a b&c/d"), "a%20b%26c%2Fd");
        assert_eq!(percent_encode("hs6_code-1.x~"), "hs6_code-1.x~");
    }
}
