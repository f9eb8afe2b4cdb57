//! The reference v1 signer of the signing tests, the textbook way with `String`s:
//! byte-by-byte percent-encoding, a sorted `Vec`, the `hmac` crate's HMAC-SHA1 and the
//! `base64` crate. Nothing of the crate under test is used. Used by
//! `signing::many_params`, `signing::literal_values` and `signing::credentials`, and by
//! the fuzz targets `sign_roundtrip` and `verify`.

use base64::Engine as _;
use hmac::{Hmac, Mac};

/// RFC 3986 percent-encoding: `A–Z a–z 0–9 - _ . ~` as they are, every other byte
/// `%XX` (upper-case hex).
pub fn percent_encode(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            write!(out, "%{b:02X}").expect("a String takes any text");
        }
    }
    out
}

/// `Base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn signature_of(string_to_sign: &str, secret: &str) -> String {
    let mut mac = <Hmac<sha1::Sha1> as hmac::digest::KeyInit>::new_from_slice(
        format!("{secret}&").as_bytes(),
    )
    .expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The string-to-sign and the signature of `params` (every parameter, common ones
/// included, in any order) sent with `method`.
pub fn sign(mut params: Vec<(String, String)>, method: &str, secret: &str) -> (String, String) {
    params.sort();
    let query = params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{method}&%2F&{}", percent_encode(&query));
    let signature = signature_of(&string_to_sign, secret);
    (string_to_sign, signature)
}
