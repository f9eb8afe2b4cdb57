//! RFC 3986 percent-encoding, the one encoder used for the string-to-sign and the wire.
//!
//! Only the unreserved bytes `A–Z a–z 0–9 - _ . ~` stay literal; every other byte becomes
//! `%XX` with upper-case hex. A space is `%20`, never `+`. This is what the Alibaba Cloud
//! SDKs produce (they get there by form-encoding and then patching `+`, `*` and `%7E`),
//! and using the same encoder for the signature and the URL rules out the classic
//! "signed one encoding, sent another" mismatch.

use core::fmt;

/// `true` for the RFC 3986 unreserved bytes.
// Built at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        b += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `%00%01…%FF`: the escape of byte `b` is the 3 bytes at `3 * b`.
// Built at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const ESCAPES: [u8; 768] = {
    let mut out = [0u8; 768];
    let mut b = 0;
    while b < 256 {
        out[3 * b] = b'%';
        out[3 * b + 1] = HEX[b >> 4];
        out[3 * b + 2] = HEX[b & 0xF];
        b += 1;
    }
    out
};

const ESCAPES_STR: &str = match core::str::from_utf8(&ESCAPES) {
    Ok(s) => s,
    Err(_) => "",
};

/// Whether `byte` is written literally (`A–Z a–z 0–9 - _ . ~`).
#[inline]
pub fn is_unreserved(byte: u8) -> bool {
    // A `u8` always indexes a 256-entry table; the fallback is unreachable.
    UNRESERVED.get(usize::from(byte)).copied().unwrap_or(false)
}

/// The two upper-case hex digits of `byte`.
#[inline(always)]
pub(crate) fn hex_digits(byte: u8) -> [u8; 2] {
    let digit = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
    [digit(byte >> 4), digit(byte & 0xF)]
}

/// The length of `bytes` once percent-encoded.
///
/// ```
/// use mts_codec::signing::percent;
/// assert_eq!(percent::encoded_len(b"a,b c~"), 10); // a %2C b %20 c ~
/// ```
#[inline]
pub fn encoded_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

/// The length of `bytes` once percent-encoded twice (the form it takes inside the
/// string-to-sign): 1 for an unreserved byte, 5 (`%25XX`) for any other.
#[inline]
pub(crate) fn double_encoded_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| if is_unreserved(b) { 1 } else { 5 })
        .sum()
}

/// The `%XX` escape of `byte`.
#[inline]
fn escape(byte: u8) -> &'static str {
    let at = 3 * usize::from(byte);
    ESCAPES_STR.get(at..at + 3).unwrap_or("")
}

/// Writes `text` percent-encoded. Runs of unreserved bytes are written in one call.
///
/// ```
/// use mts_codec::signing::percent;
/// let mut out = heapless::String::<32>::new();
/// percent::encode("2024-01-01T00:00:00Z", &mut out).unwrap();
/// assert_eq!(out, "2024-01-01T00%3A00%3A00Z");
/// ```
///
/// # Errors
/// Only what `out` returns (for example a full `heapless::String`).
#[inline]
pub fn encode<W: fmt::Write + ?Sized>(text: &str, out: &mut W) -> fmt::Result {
    encode_with(text, out, escape)
}

#[inline(always)]
fn encode_with<W: fmt::Write + ?Sized>(
    text: &str,
    out: &mut W,
    escape: fn(u8) -> &'static str,
) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            if run_start < i {
                // Both ends sit next to ASCII bytes, so they are char boundaries.
                out.write_str(text.get(run_start..i).unwrap_or(""))?;
            }
            out.write_str(escape(b))?;
            run_start = i + 1;
        }
    }
    if run_start < bytes.len() {
        out.write_str(text.get(run_start..).unwrap_or(""))?;
    }
    Ok(())
}

/// Writes arbitrary bytes percent-encoded (for values that are not UTF-8 text).
///
/// ```
/// use mts_codec::signing::percent;
/// let mut out = heapless::String::<16>::new();
/// percent::encode_bytes(&[0xff, b'a', b' '], &mut out).unwrap();
/// assert_eq!(out, "%FFa%20");
/// ```
///
/// # Errors
/// Only what `out` returns.
pub fn encode_bytes<W: fmt::Write + ?Sized>(bytes: &[u8], out: &mut W) -> fmt::Result {
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest.iter().take_while(|&&b| is_unreserved(b)).count();
        let (literal, tail) = rest.split_at(run);
        if !literal.is_empty() {
            // Unreserved bytes are ASCII, hence valid UTF-8.
            out.write_str(core::str::from_utf8(literal).map_err(|_| fmt::Error)?)?;
        }
        if let Some((&b, tail)) = tail.split_first() {
            out.write_str(escape(b))?;
            rest = tail;
        } else {
            rest = tail;
        }
    }
    Ok(())
}

/// `text`, percent-encoded when displayed.
///
/// ```
/// use mts_codec::signing::percent::Encoded;
/// assert_eq!(Encoded("a+b/c=").to_string(), "a%2Bb%2Fc%3D");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded<'a>(pub &'a str);

impl Encoded<'_> {
    /// The length of the encoded text.
    pub fn len(&self) -> usize {
        encoded_len(self.0.as_bytes())
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        encode(self.0, f)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use heapless::String;

    fn enc(s: &str) -> String<256> {
        let mut out = String::new();
        encode(s, &mut out).unwrap();
        out
    }

    #[test]
    fn unreserved_set_is_exactly_rfc3986() {
        const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        for b in 0..=255u8 {
            assert_eq!(is_unreserved(b), SET.contains(&b), "byte {b:#04x}");
        }
        assert_eq!((0..=255u8).filter(|&b| is_unreserved(b)).count(), 66);
    }

    #[test]
    fn known_encodings() {
        assert_eq!(enc("a b"), "a%20b");
        assert_eq!(enc("~-_."), "~-_.");
        assert_eq!(enc("*'()!+/=&,:"), "%2A%27%28%29%21%2B%2F%3D%26%2C%3A");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("%"), "%25");
        assert_eq!(enc(""), "");
    }

    #[test]
    fn double_encoded_len_is_len_of_encode_of_encode() {
        for s in ["a b", "2024-01-01T00:00:00Z", "x,y", "é~", ""] {
            assert_eq!(double_encoded_len(s.as_bytes()), enc(&enc(s)).len());
        }
    }
}
