//! Reference encoders for `sign_roundtrip`, written the textbook way with nothing of the
//! crate under test: byte-by-byte percent-encoding and decoding, the `hmac` crate's
//! HMAC-SHA1 and the `base64` crate. The main crate's signing tests hold the same
//! oracles (`tests/it/support/reference_v1.rs`, `strict_percent.rs`).

use base64::Engine as _;
use hmac::{Hmac, Mac};

/// RFC 3986 percent-encoding: `A–Z a–z 0–9 - _ . ~` as they are, every other byte
/// `%XX` (upper-case hex).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `Base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn signature_of(string_to_sign: &str, secret: &str) -> String {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

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
