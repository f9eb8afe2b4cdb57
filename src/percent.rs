//! RFC 3986 percent-encoding, the one encoder of the signers, the wire writers, the
//! verifier and the OSS URLs.
//!
//! Only the unreserved bytes `A–Z a–z 0–9 - _ . ~` stay literal; every other byte becomes
//! `%XX` with upper-case hex, so a space is `%20`, never `+`. This is what the Alibaba
//! Cloud SDKs send, and one encoder for the signature and the URL rules out signing one
//! encoding and sending another.

use core::fmt;

/// Whether `byte` is written literally (`A–Z a–z 0–9 - _ . ~`).
#[inline]
pub const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// The upper-case hex digit of `nibble` (below 16).
fn hex_digit(nibble: u8) -> char {
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + nibble - 10
    })
}

/// Writes `%XX` for `byte`, its `%` as `%25` when `twice`.
fn write_escape<W: fmt::Write + ?Sized>(byte: u8, twice: bool, out: &mut W) -> fmt::Result {
    out.write_str(if twice { "%25" } else { "%" })?;
    out.write_char(hex_digit(byte >> 4))?;
    out.write_char(hex_digit(byte & 0xF))
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

/// Writes `text` percent-encoded.
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

/// Writes `text` percent-encoded once, or `twice` (the `%` of each escape as `%25`: the
/// v1 string-to-sign encodes the encoded query again).
pub(crate) fn encode_with<W: fmt::Write + ?Sized>(
    text: &str,
    twice: bool,
    out: &mut W,
) -> fmt::Result {
    let mut rest = text;
    while !rest.is_empty() {
        // Unreserved bytes are ASCII, so both splits fall on character boundaries.
        let literal = rest.bytes().take_while(|&b| is_unreserved(b)).count();
        let (literal, tail) = rest.split_at(literal);
        out.write_str(literal)?;
        let escaped = tail.bytes().take_while(|&b| !is_unreserved(b)).count();
        let (escaped, tail) = tail.split_at(escaped);
        for byte in escaped.bytes() {
            write_escape(byte, twice, out)?;
        }
        rest = tail;
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
    for &byte in bytes {
        if is_unreserved(byte) {
            out.write_char(char::from(byte))?;
        } else {
            write_escape(byte, false, out)?;
        }
    }
    Ok(())
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

    // `encode_with` is private; the public encoders are tested in tests/it/percent.rs.
    #[test]
    fn twice_escapes_the_percent_of_each_escape() {
        let mut twice = heapless::String::<64>::new();
        encode_with("a,é~", true, &mut twice).unwrap();
        assert_eq!(twice, "a%252C%25C3%25A9~");
    }
}
