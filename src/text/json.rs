//! The inside of a JSON string literal: its escapes validated while parsing (a lone
//! surrogate refused), decoded on demand (U+FFFD for what was never validated).

use core::fmt;

/// Why the inside of a JSON string literal was rejected.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg(feature = "alloc")]
pub(crate) struct JsonTextError {
    /// Byte offset of the offending `\` inside the literal's content.
    pub(crate) at: usize,
    /// What is wrong there.
    pub(crate) reason: &'static str,
}

/// Checks every escape of `content` (the bytes between the quotes) and that surrogate
/// escapes come in high-low pairs.
#[cfg(feature = "alloc")]
pub(crate) fn validate_json_escapes(content: &str) -> Result<(), JsonTextError> {
    let mut rest = content.as_bytes();
    let mut at = 0usize;
    while let Some(pos) = rest.iter().position(|&b| b == b'\\') {
        at += pos;
        // `pos` and then `used` are within `rest`: `position` found the `\\` there, and an
        // escape uses only bytes it has.
        let (_, escaped) = rest.split_at(pos);
        let (decoded, used) = decode_escape(escaped);
        decoded.map_err(|reason| JsonTextError { at, reason })?;
        at += used;
        rest = escaped.split_at(used).1;
    }
    Ok(())
}

/// The reasons an escape does not decode.
const INVALID: &str = "invalid escape";
const LONE_SURROGATE: &str = "lone UTF-16 surrogate in \\u escape";

/// Decodes the escape at the start of `bytes` (which begins with `\`); returns the
/// character, or why there is none, and how many bytes it used, at most `bytes.len()`:
/// ASCII bytes only, so a `str` splits there (an invalid escape uses its `\` alone).
fn decode_escape(bytes: &[u8]) -> (Result<char, &'static str>, usize) {
    let simple = |c| (Ok(c), 2);
    match bytes.get(1) {
        Some(b'"') => simple('"'),
        Some(b'\\') => simple('\\'),
        Some(b'/') => simple('/'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'n') => simple('\n'),
        Some(b'r') => simple('\r'),
        Some(b't') => simple('\t'),
        Some(b'u') => {
            let Some(first) = hex4(bytes.get(2..6)) else {
                return (Err(INVALID), 1);
            };
            match first {
                0xD800..=0xDBFF => {
                    let low = match (bytes.get(6), bytes.get(7)) {
                        (Some(b'\\'), Some(b'u')) => hex4(bytes.get(8..12)),
                        _ => None,
                    };
                    match low {
                        Some(low @ 0xDC00..=0xDFFF) => {
                            let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                            (char::from_u32(c).ok_or(INVALID), 12)
                        }
                        _ => (Err(LONE_SURROGATE), 6),
                    }
                }
                0xDC00..=0xDFFF => (Err(LONE_SURROGATE), 6),
                _ => (char::from_u32(first).ok_or(INVALID), 6),
            }
        }
        _ => (Err(INVALID), 1),
    }
}

/// The value of the hex digits `digits` (four, from `get(n..n + 4)`).
fn hex4(digits: Option<&[u8]>) -> Option<u32> {
    digits?
        .iter()
        .try_fold(0, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
}

/// Writes the decoded content into `out`: runs without escapes as whole slices.
pub(crate) fn write_json<W: fmt::Write + ?Sized>(content: &str, out: &mut W) -> fmt::Result {
    let mut rest = content;
    while let Some(pos) = rest.find('\\') {
        let (before, escaped) = rest.split_at(pos);
        out.write_str(before)?;
        let (decoded, used) = decode_escape(escaped.as_bytes());
        out.write_char(decoded.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        rest = escaped.split_at(used).1;
    }
    out.write_str(rest)
}

/// Decoded characters of the inside of a JSON string literal.
#[derive(Clone, Debug)]
pub(crate) struct JsonChars<'a> {
    rest: &'a str,
}

impl<'a> JsonChars<'a> {
    pub(crate) fn new(content: &'a str) -> Self {
        Self { rest: content }
    }
}

impl Iterator for JsonChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next()?;
        if c != '\\' {
            self.rest = chars.as_str();
            return Some(c);
        }
        let (decoded, used) = decode_escape(self.rest.as_bytes());
        self.rest = self.rest.split_at(used).1;
        Some(decoded.unwrap_or(char::REPLACEMENT_CHARACTER))
    }
}
