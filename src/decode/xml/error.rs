//! [`XmlError`]: why an XML body was rejected, where (byte offset) and in which element.

use alloc::boxed::Box;
use core::fmt::{self, Write as _};

use crate::decode::wrong_type::{Found, wrong_type, wrong_value};

/// Capacity of the element path kept in an error, in bytes.
pub(crate) const PATH_CAPACITY: usize = 160;
/// Capacity of a formatted (custom) message kept in an error, in bytes.
pub(crate) const MESSAGE_CAPACITY: usize = 128;

/// The element path of an error, e.g.
/// `QuerySnapshotJobListResponse/SnapshotJobList/SnapshotJob[3]/SnapshotConfig/Time`
/// (list items carry their 0-based index); when longer than [`PATH_CAPACITY`] its
/// leading elements are replaced by `…`.
pub(crate) type ErrorPath = heapless::String<PATH_CAPACITY>;

/// The class of an [`XmlError`] (mirrors the crate's public `DecodeErrorKind`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum XmlErrorKind {
    /// Not well-formed XML, or XML this reader refuses (a DOCTYPE).
    Syntax,
    /// The body ends inside the document.
    UnexpectedEof,
    /// More than [`MAX_DEPTH`](super::reader::MAX_DEPTH) nested elements.
    TooDeep,
    /// Well-formed, but not the shape the model asks for: wrong root, text where
    /// elements belong or the reverse, a bad number, and every error serde raises
    /// (missing or duplicate field, invalid value).
    Schema,
}

/// An XML decoding error: its kind, a short reason, the byte offset into the body where
/// it was found, and the path of the element being read.
///
/// Boxed so that `Result<T, XmlError>` stays one pointer wide on the decoding hot path.
pub(crate) struct XmlError(Box<Inner>);

struct Inner {
    kind: XmlErrorKind,
    offset: usize,
    path: ErrorPath,
    message: Message,
    /// Whether `offset` and `path` have been filled in. Errors raised by serde derive
    /// code (missing field, invalid type, ...) start unlocated; the deserializer locates
    /// them as they pass through it.
    located: bool,
}

enum Message {
    Static(&'static str),
    Custom(heapless::String<MESSAGE_CAPACITY>),
}

impl XmlError {
    /// An error with a fixed reason, at `offset` within element `path`.
    pub(crate) fn new(
        kind: XmlErrorKind,
        reason: &'static str,
        offset: usize,
        path: ErrorPath,
    ) -> Self {
        Self(Box::new(Inner {
            kind,
            offset,
            path,
            message: Message::Static(reason),
            located: true,
        }))
    }

    /// An error with a formatted reason (truncated with `…` past
    /// [`MESSAGE_CAPACITY`] bytes), at `offset` within element `path`.
    pub(crate) fn formatted(
        kind: XmlErrorKind,
        reason: fmt::Arguments<'_>,
        offset: usize,
        path: ErrorPath,
    ) -> Self {
        let mut e = <Self as serde::de::Error>::custom(reason);
        e.0.kind = kind;
        e.locate(offset, path);
        e
    }

    /// The reason, without position.
    pub(crate) fn message(&self) -> &str {
        match &self.0.message {
            Message::Static(s) => s,
            Message::Custom(s) => s.as_str(),
        }
    }

    /// Whether offset and path are known.
    pub(crate) fn is_located(&self) -> bool {
        self.0.located
    }

    /// Sets offset and path, unless already set (the innermost location wins).
    pub(crate) fn locate(&mut self, offset: usize, path: ErrorPath) {
        if !self.0.located {
            self.0.offset = offset;
            self.0.path = path;
            self.0.located = true;
        }
    }
}

/// A `fmt::Write` into a fixed buffer that keeps what fits and marks the cut with `…`.
pub(crate) struct Truncating<'s, const N: usize> {
    buf: &'s mut heapless::String<N>,
    truncated: bool,
}

impl<'s, const N: usize> Truncating<'s, N> {
    pub(crate) fn new(buf: &'s mut heapless::String<N>) -> Self {
        Self {
            buf,
            truncated: false,
        }
    }

    /// Appends the `…` mark if anything was cut, making room for it.
    pub(crate) fn finish(self) {
        if self.truncated {
            while self.buf.len() + '…'.len_utf8() > N {
                if self.buf.pop().is_none() {
                    return;
                }
            }
            let _ = self.buf.push('…');
        }
    }
}

impl<const N: usize> fmt::Write for Truncating<'_, N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.truncated {
            return Ok(());
        }
        if self.buf.push_str(s).is_err() {
            for c in s.chars() {
                if self.buf.push(c).is_err() {
                    break;
                }
            }
            self.truncated = true;
        }
        Ok(())
    }
}

impl serde::de::Error for XmlError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let mut text = heapless::String::new();
        let mut w = Truncating::new(&mut text);
        let _ = write!(w, "{msg}");
        w.finish();
        Self(Box::new(Inner {
            kind: XmlErrorKind::Schema,
            offset: 0,
            path: ErrorPath::new(),
            message: Message::Custom(text),
            located: false,
        }))
    }

    /// serde's text, through [`Found`]: the model's own `wrong_type`.
    fn invalid_type(found: serde::de::Unexpected<'_>, expected: &dyn serde::de::Expected) -> Self {
        wrong_type(Found(found), expected)
    }

    /// serde's text, through [`Found`]: the model's own `wrong_value`.
    fn invalid_value(found: serde::de::Unexpected<'_>, expected: &dyn serde::de::Expected) -> Self {
        wrong_value(found, expected)
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        if self.0.located {
            write!(f, " at byte {}", self.0.offset)?;
            if !self.0.path.is_empty() {
                write!(f, " (in {})", self.0.path)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XmlError")
            .field("kind", &self.0.kind)
            .field("message", &self.message())
            .field("offset", &self.0.offset)
            .field("path", &self.0.path.as_str())
            .field("located", &self.0.located)
            .finish()
    }
}

/// The crate's public error: same kind, reason and offset; the path in the wire-name
/// form the JSON decoder reports (`SnapshotJobList.SnapshotJob[3].State`: root element
/// left out, `.` between names), so both formats name a failing field alike.
impl From<XmlError> for crate::decode::DecodeError {
    fn from(e: XmlError) -> Self {
        use crate::decode::{DecodeError, DecodeErrorKind, Format};
        let kind = match e.0.kind {
            XmlErrorKind::Syntax => DecodeErrorKind::Syntax,
            XmlErrorKind::UnexpectedEof => DecodeErrorKind::UnexpectedEof,
            XmlErrorKind::TooDeep => DecodeErrorKind::TooDeep,
            XmlErrorKind::Schema => DecodeErrorKind::Schema,
        };
        let error = DecodeError::new(kind, Some(Format::Xml), format_args!("{}", e.message()));
        if !e.0.located {
            return error;
        }
        error
            .at(e.0.offset)
            .in_path(format_args!("{}", FieldPath(&e.0.path)))
    }
}

/// An element path shown in the JSON decoder's form: without the root, `.`-separated.
struct FieldPath<'a>(&'a str);

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let below_root = match self.0.strip_prefix("…/") {
            Some(rest) => {
                f.write_str("…")?;
                rest
            }
            None => self.0.split_once('/').map_or("", |(_, rest)| rest),
        };
        for (i, name) in below_root.split('/').enumerate() {
            if i > 0 {
                f.write_char('.')?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

/// `serde::de::Error` requires this (`std::error::Error` under `std`).
impl serde::de::StdError for XmlError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use serde::de::Error as _;

    /// `XmlError`'s own `Display`, which no public error shows (a `DecodeError` takes
    /// its parts; the rest is tested in tests/it/decode/xml_reader.rs).
    #[test]
    fn display_adds_offset_and_path_once_located() {
        let mut e = XmlError::custom("missing field `Id`");
        assert_eq!(e.to_string(), "missing field `Id`");
        let mut path = ErrorPath::new();
        path.push_str("A/B[2]/C").unwrap();
        e.locate(7, path);
        e.locate(9, ErrorPath::new());
        assert_eq!(e.to_string(), "missing field `Id` at byte 7 (in A/B[2]/C)");
        let e = XmlError::new(XmlErrorKind::Syntax, "bad thing", 42, ErrorPath::new());
        assert_eq!(e.to_string(), "bad thing at byte 42");
    }
}
