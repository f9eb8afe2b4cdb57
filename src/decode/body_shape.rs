//! What a body that failed to decode looked like, when it is not in the format at all:
//! empty, an HTML error page, the other format, plain text, UTF-16. A parse
//! error at byte 0 says none of that.

use core::fmt;

use super::error::{DecodeError, DecodeErrorKind};
use crate::format::Format;

/// UTF-8 encoding of U+FEFF.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Longest start of a text body quoted in the message, in bytes.
const QUOTED: usize = 40;
/// Longest HTML `<title>` quoted in the message, in bytes.
const TITLE: usize = 60;
/// How far into an HTML page its `<title>` is looked for.
const TITLE_WINDOW: usize = 2048;

/// A clearer error than `parsed` for a body that is not `format` at all, or `None` when
/// the body starts as `format` does (the parse error then says what is wrong).
pub(super) fn explain(format: Format, body: &[u8], parsed: &DecodeError) -> Option<DecodeError> {
    let start = body.trim_ascii_start();
    if start.is_empty() {
        let message = if body.is_empty() {
            "empty body"
        } else {
            "empty body (whitespace only)"
        };
        let kind = DecodeErrorKind::EmptyBody;
        return Some(DecodeError::new(
            kind,
            Some(format),
            format_args!("{message}"),
        ));
    }
    if start.starts_with(b"\xFE\xFF") || start.starts_with(b"\xFF\xFE") {
        return Some(DecodeError::new(
            DecodeErrorKind::WrongContent,
            Some(format),
            format_args!("the body is UTF-16 (byte-order mark), not UTF-8 {format}"),
        ));
    }
    // Both decoders skip a UTF-8 one.
    let start = start
        .strip_prefix(UTF8_BOM)
        .map_or(start, <[u8]>::trim_ascii_start);
    explain_start(format, start, parsed)
}

/// [`explain`] for a body whose first non-whitespace byte starts `start`.
fn explain_start(format: Format, start: &[u8], parsed: &DecodeError) -> Option<DecodeError> {
    let wrong = |m| DecodeError::new(DecodeErrorKind::WrongContent, Some(format), m);
    let first = *start.first()?;
    if first == b'<' && is_html(start) {
        return Some(match html_title(start) {
            Some(title) => wrong(format_args!(
                "the body is HTML, not {format} (title {title:?})"
            )),
            None => wrong(format_args!("the body is HTML, not {format}")),
        });
    }
    match (format, first) {
        (Format::Json, b'{') | (Format::Xml, b'<') => None,
        (Format::Json, b'<') => Some(wrong(format_args!(
            "the body is XML, not JSON (decode it as Format::Xml)"
        ))),
        (Format::Xml, b'{') => Some(wrong(format_args!(
            "the body is JSON, not XML (decode it as Format::Json)"
        ))),
        // A JSON value of the wrong type (`[`, `"`, a number, `null`) is JSON: its
        // schema error says so. Anything that does not even parse is text.
        (Format::Json, _) if parsed.kind() == DecodeErrorKind::Schema => None,
        _ => Some(wrong(format_args!(
            "the body is not {format}; it starts with {:?}",
            Quoted(start, QUOTED)
        ))),
    }
}

/// Whether a body starting with `<` is an HTML page: its first tag, after comments, is
/// `<!DOCTYPE html`, `<html`, `<head>` or `<body`, in any case.
fn is_html(start: &[u8]) -> bool {
    let mut rest = start;
    while let Some(comment) = rest.strip_prefix(b"<!--") {
        let Some(end) = find(comment, b"-->") else {
            return false;
        };
        rest = comment.split_at(end + 3).1.trim_ascii_start();
    }
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| starts_with_ignore_case(rest, tag.as_bytes()))
}

/// The text of the first `<title>` near the start of an HTML page, trimmed.
fn html_title(page: &[u8]) -> Option<Quoted<'_>> {
    let window = page.get(..TITLE_WINDOW).unwrap_or(page);
    let open = find_ignore_case(window, b"<title")?;
    let after = window.get(open..)?;
    let text = after.get(find(after, b">")? + 1..)?;
    let text = text.get(..find(text, b"<").unwrap_or(text.len()))?;
    let text = text.trim_ascii();
    (!text.is_empty()).then_some(Quoted(text, TITLE))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// At most `.1` bytes of `.0`, up to the first line break, cut at a character
/// boundary; `Debug` quotes and escapes them, with `…` when cut.
struct Quoted<'b>(&'b [u8], usize);

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line_end = self.0.iter().position(|&b| b == b'\n' || b == b'\r');
        let line = self.0.split_at(line_end.unwrap_or(self.0.len())).0;
        let head = line.split_at(line.len().min(self.1)).0;
        // The valid UTF-8 before the first invalid or cut sequence.
        let text = head.utf8_chunks().next().map_or("", |chunk| chunk.valid());
        write!(f, "{text:?}")?;
        if text.len() < self.0.len() {
            f.write_str("…")?;
        }
        Ok(())
    }
}
