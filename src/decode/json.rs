//! JSON bodies through serde_json (strict RFC 8259), with its errors mapped to offset,
//! line, column, member path and kind.

use core::fmt::Write as _;

use serde::de::DeserializeSeed;

use super::error::{DecodeError, DecodeErrorKind, MESSAGE_CAPACITY};
use super::json_path::JsonPath;
use super::skip::TOO_DEEP_MESSAGE;
use crate::format::Format;

/// Decodes `text` as one JSON value through `seed`, followed by nothing but whitespace.
///
/// A leading UTF-8 byte-order mark is skipped, as RFC 8259 (§8.1) allows and as XML
/// does; error offsets still count it.
pub(crate) fn from_json<'a, S: DeserializeSeed<'a>>(
    text: &'a str,
    seed: S,
) -> Result<S::Value, DecodeError> {
    let (bom, json) = match text.strip_prefix('\u{feff}') {
        Some(json) => ('\u{feff}'.len_utf8(), json),
        None => (0, text),
    };
    let mut de = serde_json::Deserializer::from_str(json);
    seed.deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| json_error(json, bom, &e))
}

/// The error `e` at its place in `text`, which starts `bom` bytes into the body.
fn json_error(text: &str, bom: usize, e: &serde_json::Error) -> DecodeError {
    let mut message = heapless::String::<{ MESSAGE_CAPACITY * 2 }>::new();
    super::error::write_truncated(&mut message, format_args!("{e}"));
    // serde_json appends " at line L column C"; the position is reported separately.
    let position_suffix = {
        let mut s = heapless::String::<64>::new();
        let _ = write!(s, " at line {} column {}", e.line(), e.column());
        s
    };
    let reason = message
        .strip_suffix(position_suffix.as_str())
        .unwrap_or(&message);
    let kind = match e.classify() {
        serde_json::error::Category::Eof => DecodeErrorKind::UnexpectedEof,
        serde_json::error::Category::Data if reason.starts_with(TOO_DEEP_MESSAGE) => {
            DecodeErrorKind::TooDeep
        }
        serde_json::error::Category::Data => DecodeErrorKind::Schema,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            if reason.starts_with("recursion limit exceeded") {
                DecodeErrorKind::TooDeep
            } else {
                DecodeErrorKind::Syntax
            }
        }
    };
    let error = DecodeError::new(kind, Some(Format::Json), format_args!("{reason}"));
    if e.line() == 0 {
        return error;
    }
    let offset = offset_of(text, e.line(), e.column());
    let column = e.column() + if e.line() == 1 { bom } else { 0 };
    error
        .at(bom + offset)
        .at_line_column(e.line(), column)
        .in_path(format_args!("{}", JsonPath::at(text, offset)))
}

/// The byte offset of (1-based) `line` and `column`, serde_json's byte-counted position
/// of the last byte it read; clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_of_counts_lines() {
        let text = "ab\ncd\nef";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 3, 1), 6);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
