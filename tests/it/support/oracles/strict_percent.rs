//! The reference decoder of the signing tests: RFC 3986 percent-decoding that accepts
//! only what the signer may write (unreserved bytes and upper-case `%XX`). Used by the
//! properties of `signing::props` and `percent`, and by the fuzz target `sign_roundtrip`.

/// Decodes `%XX` escapes; `None` if `text` holds anything but unreserved bytes and
/// upper-case `%XX`.
pub fn strict_decode(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'A'..=b'F' => Some(c - b'A' + 10),
                _ => None,
            };
            out.push(hex(*b.get(i + 1)?)? << 4 | hex(*b.get(i + 2)?)?);
            i += 3;
        } else if b[i].is_ascii_alphanumeric() || b"-_.~".contains(&b[i]) {
            out.push(b[i]);
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}
