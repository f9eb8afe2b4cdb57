//! RFC 3986 percent-encoding, the one encoder of the signer, the wire writers, the
//! verifier and the OSS URLs.
//!
//! Only the unreserved bytes `A–Z a–z 0–9 - _ . ~` stay literal; every other byte becomes
//! `%XX` with upper-case hex. A space is `%20`, never `+`. This is what the Alibaba Cloud
//! SDKs produce (they get there by form-encoding and then patching `+`, `*` and `%7E`),
//! and using the same encoder for the signature and the URL rules out the classic
//! "signed one encoding, sent another" mismatch.

use core::fmt;

/// `%00%01…%FF`: the escape of byte `b` is the 3 bytes at `3 * b`.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build"
)]
const ESCAPES: &str = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const TABLE: [u8; 768] = {
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
    match core::str::from_utf8(&TABLE) {
        Ok(text) => text,
        Err(_) => panic!("the escape table is ASCII"),
    }
};

/// Whether `byte` is written literally (`A–Z a–z 0–9 - _ . ~`).
#[inline]
pub const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// The `%XX` escape of `byte` (the table holds all 256).
fn escape(byte: u8) -> Result<&'static str, fmt::Error> {
    let at = 3 * usize::from(byte);
    ESCAPES.get(at..at + 3).ok_or(fmt::Error)
}

/// The length of `bytes` once percent-encoded.
///
/// ```
/// use mts_codec::percent;
/// assert_eq!(percent::encoded_len(b"a,b c~"), 10); // a %2C b %20 c ~
/// ```
pub fn encoded_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

/// Writes `text` percent-encoded. Runs of unreserved bytes are written in one call.
///
/// ```
/// use mts_codec::percent;
/// let mut out = heapless::String::<32>::new();
/// percent::encode("2024-01-01T00:00:00Z", &mut out).unwrap();
/// assert_eq!(out, "2024-01-01T00%3A00%3A00Z");
/// ```
///
/// # Errors
/// Only what `out` returns (for example a full `heapless::String`).
pub fn encode<W: fmt::Write + ?Sized>(text: &str, out: &mut W) -> fmt::Result {
    encode_with(text, false, out)
}

/// Writes `text` percent-encoded once, or `twice` (`%` of each escape as `%25`: the
/// v1 string-to-sign encodes the encoded query again).
pub(crate) fn encode_with<W: fmt::Write + ?Sized>(
    text: &str,
    twice: bool,
    out: &mut W,
) -> fmt::Result {
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest.bytes().take_while(|&b| is_unreserved(b)).count();
        // The run is ASCII and ends before a character, or at the end.
        let (literal, tail) = rest.split_at_checked(run).ok_or(fmt::Error)?;
        if !literal.is_empty() {
            out.write_str(literal)?;
        }
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        for &b in c.encode_utf8(&mut [0; 4]).as_bytes() {
            let escape = escape(b)?;
            if twice {
                out.write_str("%25")?;
                out.write_str(escape.get(1..).ok_or(fmt::Error)?)?;
            } else {
                out.write_str(escape)?;
            }
        }
        rest = chars.as_str();
    }
    Ok(())
}

/// Writes arbitrary bytes percent-encoded (for values that are not UTF-8 text).
///
/// ```
/// use mts_codec::percent;
/// let mut out = heapless::String::<16>::new();
/// percent::encode_bytes(&[0xff, b'a', b' '], &mut out).unwrap();
/// assert_eq!(out, "%FFa%20");
/// ```
///
/// # Errors
/// Only what `out` returns.
pub fn encode_bytes<W: fmt::Write + ?Sized>(bytes: &[u8], out: &mut W) -> fmt::Result {
    let mut rest = bytes;
    loop {
        let run = rest.iter().take_while(|&&b| is_unreserved(b)).count();
        let (literal, tail) = rest.split_at(run);
        if !literal.is_empty() {
            // Unreserved bytes are ASCII.
            out.write_str(core::str::from_utf8(literal).map_err(|_| fmt::Error)?)?;
        }
        let Some((&b, tail)) = tail.split_first() else {
            return Ok(());
        };
        out.write_str(escape(b)?)?;
        rest = tail;
    }
}

/// `text`, percent-encoded when displayed.
///
/// ```
/// use mts_codec::percent::Encoded;
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
            let mut out = String::<4>::new();
            encode_bytes(&[b], &mut out).unwrap();
            assert_eq!(out.len(), encoded_len(&[b]), "byte {b:#04x}");
        }
    }

    #[test]
    fn known_encodings() {
        assert_eq!(enc("a b"), "a%20b");
        assert_eq!(enc("~-_."), "~-_.");
        assert_eq!(enc("*'()!+/=&,:"), "%2A%27%28%29%21%2B%2F%3D%26%2C%3A");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("%"), "%25");
        assert_eq!(enc(""), "");
        let mut twice = String::<64>::new();
        encode_with("a,é~", true, &mut twice).unwrap();
        assert_eq!(twice, "a%252C%25C3%25A9~");
    }
}
