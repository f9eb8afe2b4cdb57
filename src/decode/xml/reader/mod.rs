//! The pull reader: start tags, end tags and leaf text over a `&str`, validating as it
//! goes, without recursion and without allocating.
//!
//! The reader keeps one fixed-capacity stack of open elements ([`MAX_DEPTH`] frames of
//! borrowed names). It serves three purposes: end tags are checked against it by name,
//! its size is the depth limit (for known and skipped content alike), and it is the
//! element path reported in errors.
//!
//! An element's frame is pushed when its start tag is read and marked *ended* when its
//! end tag is read (at once for `<a/>`); the deserializer pops it after it has built the
//! element's value, so that an error raised by serde while building it (a missing
//! field, say) still reports the element's path.

use super::error::{ErrorPath, PATH_CAPACITY, Truncating, XmlError, XmlErrorKind};
use core::fmt::Write as _;

mod classes;
mod content;
mod markup;
mod tags;

use classes::is_whitespace;

/// An open element.
#[derive(Clone, Copy, Debug)]
struct Frame<'a> {
    name: &'a str,
    /// Index within its list, when the deserializer reads it as a list item.
    index: Option<u32>,
    /// Whether its end tag has been read.
    ended: bool,
}

/// The content of a leaf element.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Leaf<'a> {
    /// The content, literal XML whitespace trimmed at both ends; references, CDATA,
    /// comments and PIs kept as they are.
    pub(crate) raw: &'a str,
    /// Whether `raw` holds references, CDATA, comments, PIs or CRs, i.e. needs XML
    /// decoding ([`Encoding::Xml`](crate::text::Encoding::Xml)) to become the text.
    pub(crate) escaped: bool,
    /// Byte offset of `raw` in the body.
    pub(crate) offset: usize,
}

/// How a run of character data ended.
enum TextEnd {
    /// At `</`.
    EndTag,
    /// At `<` starting a child element.
    StartTag,
}

/// What a run of character data contained.
struct TextScan {
    end: TextEnd,
    /// References, CDATA, comments or PIs.
    markup: bool,
    /// A literal CR.
    cr: bool,
}
// The depth error's message spells the limit out.
/// Maximum element nesting depth, the root element counting as 1. Valid responses nest
/// 6 deep (`…/SnapshotConfig/TimeArray/TimePointList`); the limit applies to unknown,
/// skipped elements too.
pub(crate) const MAX_DEPTH: usize = 64;

const _: () = assert!(MAX_DEPTH == 64, "update \"limit 64\" in too_deep");

/// Number of decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// The pull reader; see the [module docs](self).
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    src: &'a str,
    pos: usize,
    stack: heapless::Vec<Frame<'a>, MAX_DEPTH>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src` (after a UTF-8 byte order mark, if any).
    pub(crate) fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: if src.starts_with('\u{feff}') { 3 } else { 0 },
            stack: heapless::Vec::new(),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// The byte `ahead` bytes after the current position.
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes().get(self.pos + ahead).copied()
    }

    /// The body from the current position on.
    fn rest(&self) -> &'a [u8] {
        #[expect(
            clippy::indexing_slicing,
            reason = "the reader moves only past bytes it has seen: pos <= len"
        )]
        &self.bytes()[self.pos..]
    }

    fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s.as_bytes())
    }

    fn skip_whitespace(&mut self) -> bool {
        let n = self
            .rest()
            .iter()
            .take_while(|&&b| is_whitespace(b))
            .count();
        self.pos += n;
        n > 0
    }

    // ---- errors ---------------------------------------------------------------------

    /// The element path of the current position: open elements from the root, list items
    /// with their index; leading elements replaced by `…` if it does not fit.
    pub(crate) fn path(&self) -> ErrorPath {
        let seg_len = |f: &Frame<'_>| f.name.len() + f.index.map_or(0, |i| digits(i) + 2);
        let total: usize =
            self.stack.iter().map(seg_len).sum::<usize>() + self.stack.len().saturating_sub(1);
        let mut first = 0;
        if total > PATH_CAPACITY {
            // Keep the innermost elements that fit after a `…/` prefix.
            let budget = PATH_CAPACITY - "…/".len();
            let mut used = 0;
            first = self.stack.len();
            for (i, f) in self.stack.iter().enumerate().rev() {
                let need = seg_len(f) + usize::from(i + 1 != self.stack.len());
                if used + need > budget {
                    break;
                }
                used += need;
                first = i;
            }
            // The innermost element alone too long: keep its start, cut with `…`.
            first = first.min(self.stack.len().saturating_sub(1));
        }
        let mut path = ErrorPath::new();
        let mut w = Truncating::new(&mut path);
        if first > 0 {
            let _ = w.write_str("…/");
        }
        for (i, f) in self.stack.iter().enumerate().skip(first) {
            if i > first {
                let _ = w.write_char('/');
            }
            let _ = w.write_str(f.name);
            if let Some(index) = f.index {
                let _ = write!(w, "[{index}]");
            }
        }
        w.finish();
        path
    }

    /// The current byte offset.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    /// A syntax error at `offset`, in the current element.
    pub(crate) fn error_at(&self, reason: &'static str, offset: usize) -> XmlError {
        XmlError::new(XmlErrorKind::Syntax, reason, offset, self.path())
    }

    /// A syntax error at the current position.
    pub(crate) fn error(&self, reason: &'static str) -> XmlError {
        self.error_at(reason, self.pos)
    }

    /// A schema error (well-formed, wrong shape) at `offset`, in the current element.
    pub(crate) fn schema_error_at(&self, reason: &'static str, offset: usize) -> XmlError {
        XmlError::new(XmlErrorKind::Schema, reason, offset, self.path())
    }

    /// The input ends too early, with `reason`.
    fn eof_error(&self, reason: &'static str) -> XmlError {
        XmlError::new(XmlErrorKind::UnexpectedEof, reason, self.pos, self.path())
    }

    fn eof(&self) -> XmlError {
        if self.stack.is_empty() {
            self.eof_error("unexpected end of input")
        } else {
            self.eof_error("unexpected end of input inside an element")
        }
    }

    // ---- document level -------------------------------------------------------------

    /// Skips what may precede the root element: the XML declaration, comments,
    /// processing instructions and whitespace. Stops at the root's `<`.
    pub(crate) fn skip_prolog(&mut self) -> Result<(), XmlError> {
        loop {
            self.skip_whitespace();
            match (self.peek(0), self.peek(1)) {
                (Some(b'<'), Some(b'?')) => self.skip_pi()?,
                (Some(b'<'), Some(b'!')) => {
                    if self.starts_with("<!--") {
                        self.skip_comment()?;
                    } else if self.starts_with("<!DOCTYPE") {
                        return Err(self.error("DOCTYPE is not allowed (no DTDs)"));
                    } else {
                        return Err(self.error("unexpected markup before the root element"));
                    }
                }
                (Some(b'<'), _) => return Ok(()),
                (None, _) => return Err(self.eof_error("no root element")),
                _ => return Err(self.error("text before the root element")),
            }
        }
    }

    /// Reads the root element's start tag (after [`skip_prolog`](Self::skip_prolog))
    /// and checks its name.
    pub(crate) fn open_root(&mut self, expected: &str) -> Result<(), XmlError> {
        let at = self.pos;
        let name = self.start_tag()?;
        if name != expected {
            return Err(XmlError::formatted(
                XmlErrorKind::Schema,
                format_args!("expected root element <{expected}>, found <{name}>"),
                at,
                ErrorPath::new(),
            ));
        }
        Ok(())
    }

    /// After the root element: only comments, processing instructions and whitespace.
    pub(crate) fn finish_document(&mut self) -> Result<(), XmlError> {
        if !self.stack.is_empty() {
            return Err(self.error("internal: root element not closed"));
        }
        loop {
            self.skip_whitespace();
            match (self.peek(0), self.peek(1)) {
                (None, _) => return Ok(()),
                (Some(b'<'), Some(b'?')) => self.skip_pi()?,
                (Some(b'<'), Some(b'!')) if self.starts_with("<!--") => self.skip_comment()?,
                (Some(b'<'), Some(b'!')) if self.starts_with("<!DOCTYPE") => {
                    return Err(self.error("DOCTYPE is not allowed (no DTDs)"));
                }
                _ => return Err(self.error("content after the root element")),
            }
        }
    }
}
