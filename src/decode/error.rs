//! [`DecodeError`]: what went wrong in a body, where (byte offset, line and column), in
//! which field (the path of wire names), and at which HTTP status.

use alloc::boxed::Box;
use core::fmt::{self, Write as _};

use crate::format::Format;

/// Longest path kept in an error; a longer one is cut and ends in `…`.
pub(crate) const PATH_CAPACITY: usize = 160;
/// Longest message kept in an error; a longer one is cut and ends in `…`.
pub(crate) const MESSAGE_CAPACITY: usize = 200;

/// A body that could not be decoded.
///
/// Carries the byte offset (and line and column) where decoding stopped, the
/// path of wire names leading there (e.g. `SnapshotJobList.SnapshotJob[3].State`) and
/// the parser's reason; from [`decode_response`](crate::decode_response), the HTTP
/// status too. A body that is not in the format at all (empty, an HTML error page, the
/// other format) is said to be so rather than reported as a parse error at byte 0:
///
/// ```text
/// HTTP 502: the body is HTML, not JSON (title "502 Bad Gateway")
/// HTTP 503: empty body
/// HTTP 200: the body is UTF-16 (byte-order mark), not UTF-8 JSON
/// ```
///
/// The details are boxed so that `Result<_, DecodeError>` stays
/// one word wide on the success path.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Details>);

#[derive(Clone, PartialEq, Eq)]
struct Details {
    kind: DecodeErrorKind,
    format: Option<Format>,
    status: Option<u16>,
    offset: Option<usize>,
    line_column: Option<(usize, usize)>,
    path: heapless::String<PATH_CAPACITY>,
    message: heapless::String<MESSAGE_CAPACITY>,
}

/// The class of a [`DecodeError`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is not valid UTF-8; the offset is the first bad byte.
    InvalidUtf8,
    /// The body is not well-formed JSON or XML (including a `<!DOCTYPE`).
    Syntax,
    /// The body ends before the document does.
    UnexpectedEof,
    /// Nesting deeper than the fixed limit, in known or unknown content.
    TooDeep,
    /// Well-formed, but not the documented shape: a wrong type, a duplicate member, an
    /// invalid escape, a wrong root element.
    Schema,
    /// The HTTP status is neither success (2xx) nor an API error (4xx/5xx).
    UnexpectedStatus,
    /// The format could not be told from the body (`Format::sniff` found neither `{`
    /// nor `<`).
    UnknownFormat,
    /// The body is empty or whitespace only, as a proxy's or gateway's bare 5xx is.
    EmptyBody,
    /// The body is not in the format asked for: an HTML page (a proxy's or load
    /// balancer's error page), the other format, or plain text. The message says which
    /// (`the body is HTML, not JSON`).
    WrongContent,
    /// The body is longer, or one of its lists holds more items, than the decode's
    /// [`Limits`](crate::Limits) allow; the message names the limit.
    LimitExceeded,
}

impl DecodeError {
    pub(crate) fn new(
        kind: DecodeErrorKind,
        format: Option<Format>,
        message: fmt::Arguments<'_>,
    ) -> Self {
        let mut details = Details {
            kind,
            format,
            status: None,
            offset: None,
            line_column: None,
            path: heapless::String::new(),
            message: heapless::String::new(),
        };
        write_truncated(&mut details.message, message);
        Self(Box::new(details))
    }

    /// Records the HTTP status the body came with.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.0.status = Some(status);
        self
    }

    pub(crate) fn at(mut self, offset: usize) -> Self {
        self.0.offset = Some(offset);
        self
    }

    pub(crate) fn with_kind(mut self, kind: DecodeErrorKind) -> Self {
        self.0.kind = kind;
        self
    }

    pub(crate) fn at_line_column(mut self, line: usize, column: usize) -> Self {
        self.0.line_column = Some((line, column));
        self
    }

    pub(crate) fn in_path(mut self, path: fmt::Arguments<'_>) -> Self {
        self.0.path.clear();
        write_truncated(&mut self.0.path, path);
        self
    }

    /// The class of the error.
    pub fn kind(&self) -> DecodeErrorKind {
        self.0.kind
    }

    /// The wire format being decoded, when one was chosen.
    pub fn format(&self) -> Option<Format> {
        self.0.format
    }

    /// The HTTP status of the response, when decoded through
    /// [`decode_response`](crate::decode_response).
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The byte offset in the body where decoding stopped.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }

    /// Line and column (both from 1; the column in bytes) where decoding stopped.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.0.line_column
    }

    /// The wire names leading to the failing member, e.g.
    /// `SnapshotJobList.SnapshotJob[0].SnapshotConfig.Time`; empty at the top level.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The parser's reason, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

/// Writes `args` into `out`, cutting at a character boundary and ending in `…` when it
/// does not fit.
pub(crate) fn write_truncated<const N: usize>(
    out: &mut heapless::String<N>,
    args: fmt::Arguments<'_>,
) {
    struct Cut<'s, const N: usize> {
        out: &'s mut heapless::String<N>,
        full: bool,
    }
    impl<const N: usize> fmt::Write for Cut<'_, N> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for c in s.chars() {
                // Keep room for the three bytes of `…`.
                if self.full || self.out.len() + c.len_utf8() + 3 > N {
                    self.full = true;
                    return Ok(());
                }
                self.out.push(c).map_err(|()| fmt::Error)?;
            }
            Ok(())
        }
    }
    let mut cut = Cut { out, full: false };
    // `Cut` never fails, so neither does formatting into it.
    let _ = cut.write_fmt(args);
    if cut.full {
        let _ = cut.out.push('…');
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        if let Some(status) = d.status {
            write!(f, "HTTP {status}: ")?;
        }
        match (d.kind, d.format) {
            // The message says what the body or status is; "cannot decode" adds nothing.
            (
                DecodeErrorKind::EmptyBody
                | DecodeErrorKind::WrongContent
                | DecodeErrorKind::UnexpectedStatus,
                _,
            ) => f.write_str(&d.message)?,
            (_, Some(format)) => write!(f, "cannot decode {format} body: {}", d.message)?,
            (_, None) => write!(f, "cannot decode body: {}", d.message)?,
        }
        if let Some(offset) = d.offset {
            write!(f, " at byte {offset}")?;
            if let Some((line, column)) = d.line_column {
                write!(f, " (line {line}, column {column})")?;
            }
        }
        if !d.path.is_empty() {
            write!(f, " in {}", d.path)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        f.debug_struct("DecodeError")
            .field("kind", &d.kind)
            .field("format", &d.format)
            .field("status", &d.status)
            .field("offset", &d.offset)
            .field("line_column", &d.line_column)
            .field("path", &d.path.as_str())
            .field("message", &d.message.as_str())
            .finish()
    }
}

#[cfg(feature = "std")]
impl std::error::Error for DecodeError {}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_long_text_at_a_char_boundary() {
        let mut s = heapless::String::<8>::new();
        write_truncated(&mut s, format_args!("{}", "ééééé"));
        assert_eq!(s.as_str(), "éé…");
        let mut s = heapless::String::<8>::new();
        write_truncated(&mut s, format_args!("abc"));
        assert_eq!(s.as_str(), "abc");
    }
}
