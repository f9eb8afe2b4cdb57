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

use super::MAX_DEPTH;
use super::error::{ErrorPath, PATH_CAPACITY, Truncating, XmlError, XmlErrorKind};
use crate::name_eq::same_name;
use crate::text::Encoding;
use core::fmt::Write as _;

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
    /// decoding ([`Encoding::Xml`]) to become the text.
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

/// Byte classes, looked up once per byte in the scanning loops.
const WHITESPACE: u8 = 1;
const NAME_START: u8 = 2;
const NAME: u8 = 4;
const TEXT_SPECIAL: u8 = 8;
const FORBIDDEN_CONTROL: u8 = 16;

static CLASSES: [u8; 256] = classes();

#[allow(clippy::indexing_slicing, reason = "evaluated at compile time")]
const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            class |= WHITESPACE;
        }
        // ASCII subsets of XML's `NameStartChar` and `NameChar`; every non-ASCII byte
        // is accepted in names.
        if b.is_ascii_alphabetic() || matches!(b, b'_' | b':') || b >= 0x80 {
            class |= NAME_START | NAME;
        }
        if b.is_ascii_digit() || matches!(b, b'-' | b'.') {
            class |= NAME;
        }
        // C0 controls XML does not allow: all but tab, LF and CR.
        if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
            class |= FORBIDDEN_CONTROL;
        }
        // Where a scan of character data stops and looks: markup, references, `>`
        // (for `]]>`), CR (line ends) and forbidden controls.
        if matches!(b, b'<' | b'&' | b'>' | b'\r') || class & FORBIDDEN_CONTROL != 0 {
            class |= TEXT_SPECIAL;
        }
        table[i] = class;
        i += 1;
    }
    table
}

#[inline]
fn is(b: u8, class: u8) -> bool {
    CLASSES.get(usize::from(b)).is_some_and(|c| c & class != 0)
}

fn is_whitespace(b: u8) -> bool {
    is(b, WHITESPACE)
}

fn is_name_start(b: u8) -> bool {
    is(b, NAME_START)
}

fn is_name_byte(b: u8) -> bool {
    is(b, NAME)
}

fn is_forbidden_control(b: u8) -> bool {
    is(b, FORBIDDEN_CONTROL)
}

fn is_text_special(b: u8) -> bool {
    is(b, TEXT_SPECIAL)
}

/// The index of the first [`is_text_special`] byte, eight bytes at a time: a word
/// holding none of `<`, `&`, `>` or a byte below 0x20 is skipped whole; in a word that
/// may hold one (tab and LF are below 0x20 but not special), the search starts at the
/// first byte flagged.
fn find_text_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `x` that is zero / below `n` (n <= 0x80). A borrow
    // can also flag a byte above a flagged one, never below: the lowest flag is exact.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        // Little-endian whatever the target, so that bit order is byte order.
        let x = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let flags = below(x, 0x20)
            | zero(x ^ (ONES * u64::from(b'<')))
            | zero(x ^ (ONES * u64::from(b'&')))
            | zero(x ^ (ONES * u64::from(b'>')));
        if flags != 0 {
            let first = (flags.trailing_zeros() / 8) as usize;
            let found = chunk
                .get(first..)
                .and_then(|tail| tail.iter().position(|&b| is_text_special(b)));
            if let Some(i) = found {
                return Some(offset + first + i);
            }
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is_text_special(b))
        .map(|i| offset + i)
}

// The depth error's message spells the limit out.
const _: () = assert!(MAX_DEPTH == 64, "update \"limit 64\" in too_deep");

/// Number of decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
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

    fn rest(&self) -> &'a [u8] {
        self.bytes().get(self.pos..).unwrap_or_default()
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

    // ---- tags -----------------------------------------------------------------------

    /// Reads a name at the current position.
    #[inline(always)]
    fn name(&mut self) -> Result<&'a str, XmlError> {
        let start = self.pos;
        match self.peek(0) {
            Some(b) if is_name_start(b) => {}
            None => return Err(self.eof()),
            Some(_) => return Err(self.error("expected a name")),
        }
        let rest = self.rest();
        let len = rest
            .iter()
            .position(|&b| !is_name_byte(b))
            .unwrap_or(rest.len());
        self.pos += len;
        // Names end before an ASCII byte (or at the end), so this is a char boundary.
        self.src
            .get(start..self.pos)
            .ok_or_else(|| self.error_at("name is not valid UTF-8", start))
    }

    /// Reads a start tag at `<` (attributes are checked and ignored) and pushes its
    /// frame. Returns the element name.
    #[inline(always)]
    fn start_tag(&mut self) -> Result<&'a str, XmlError> {
        let at = self.pos;
        self.pos += 1;
        let name = self.name()?;
        // `<name>` is by far the most common tag: nothing more to read.
        let ended = if self.peek(0) == Some(b'>') {
            self.pos += 1;
            false
        } else {
            self.start_tag_rest()?
        };
        let frame = Frame {
            name,
            index: None,
            ended,
        };
        if self.stack.push(frame).is_err() {
            return Err(self.too_deep(at));
        }
        Ok(name)
    }

    /// The rest of a start tag after its name when `>` does not follow at once:
    /// attributes, whitespace, `/>`. Returns whether the element is self-closing. Out of
    /// line, like [`end_tag_slow`](Self::end_tag_slow), to keep the common case small.
    #[inline(never)]
    fn start_tag_rest(&mut self) -> Result<bool, XmlError> {
        loop {
            let spaced = self.skip_whitespace();
            match self.peek(0) {
                Some(b'>') => {
                    self.pos += 1;
                    return Ok(false);
                }
                Some(b'/') => {
                    if self.peek(1) != Some(b'>') {
                        return Err(self.error("expected `>` after `/` in a tag"));
                    }
                    self.pos += 2;
                    return Ok(true);
                }
                Some(b) if spaced && is_name_start(b) => self.attribute()?,
                None => return Err(self.eof()),
                Some(_) => return Err(self.error("malformed start tag")),
            }
        }
    }

    /// The error for a start tag at `at` past [`MAX_DEPTH`] open elements.
    #[cold]
    #[inline(never)]
    fn too_deep(&self, at: usize) -> XmlError {
        XmlError::new(
            XmlErrorKind::TooDeep,
            "elements nested too deeply (limit 64)",
            at,
            self.path(),
        )
    }

    /// Reads one attribute (`name = "value"`), checking the value, ignoring it.
    fn attribute(&mut self) -> Result<(), XmlError> {
        self.name()?;
        self.skip_whitespace();
        if self.peek(0) != Some(b'=') {
            return Err(self.error("expected `=` after an attribute name"));
        }
        self.pos += 1;
        self.skip_whitespace();
        let quote = match self.peek(0) {
            Some(q @ (b'"' | b'\'')) => q,
            None => return Err(self.eof()),
            Some(_) => return Err(self.error("expected a quoted attribute value")),
        };
        self.pos += 1;
        loop {
            let rest = self.rest();
            let Some(i) = rest
                .iter()
                .position(|&b| b == quote || b == b'<' || b == b'&' || b < 0x20)
            else {
                self.pos = self.src.len();
                return Err(self.eof());
            };
            self.pos += i;
            match self.peek(0) {
                Some(b'<') => return Err(self.error("`<` in an attribute value")),
                Some(b'&') => self.reference().map(drop)?,
                Some(b) if is_forbidden_control(b) => {
                    return Err(self.error("control character in an attribute value"));
                }
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Reads an end tag at `</` and checks it against the innermost open element,
    /// which it marks ended.
    fn end_tag(&mut self) -> Result<(), XmlError> {
        // Fast path: `</name>` exactly as opened.
        if let Some(top) = self.stack.last_mut() {
            let name = top.name.as_bytes();
            let after = self.src.as_bytes().get(self.pos + 2..).unwrap_or_default();
            // Compared in words, inlined: a slice `==` calls `memcmp`, which costs more
            // than the comparison for names this short.
            let same = after.get(..name.len()).is_some_and(|n| same_name(n, name))
                && after.get(name.len()) == Some(&b'>');
            if !top.ended && same {
                top.ended = true;
                self.pos += name.len() + 3;
                return Ok(());
            }
        }
        self.end_tag_slow()
    }

    /// [`end_tag`](Self::end_tag) when the tag is not exactly `</name>` of the open
    /// element: whitespace before `>`, or an error. Kept out of line so that the fast
    /// path does not pay for its error formatting in every call's prologue.
    #[inline(never)]
    fn end_tag_slow(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        self.pos += 2;
        let name = self.name()?;
        self.skip_whitespace();
        if self.peek(0) != Some(b'>') {
            return match self.peek(0) {
                None => Err(self.eof()),
                Some(_) => Err(self.error("malformed end tag")),
            };
        }
        self.pos += 1;
        match self.stack.last_mut() {
            Some(top) if top.name == name && !top.ended => {
                top.ended = true;
                Ok(())
            }
            Some(top) => {
                let open = top.name;
                Err(XmlError::formatted(
                    XmlErrorKind::Syntax,
                    format_args!("end tag </{name}> does not match start tag <{open}>"),
                    at,
                    self.path(),
                ))
            }
            None => Err(self.error_at("end tag without a start tag", at)),
        }
    }

    // ---- markup inside content ------------------------------------------------------

    /// Validates the reference at `&`, moves past it, returns its character.
    fn reference(&mut self) -> Result<char, XmlError> {
        let (c, used) = Encoding::parse_xml_reference(self.rest()).map_err(|r| self.error(r))?;
        self.pos += used;
        Ok(c)
    }

    /// Moves past the first `end` at or after the current position, rejecting forbidden
    /// control characters before it.
    fn skip_past(&mut self, end: &str, unterminated: &'static str) -> Result<(), XmlError> {
        let end = end.as_bytes();
        let first = end.first().copied().unwrap_or_default();
        loop {
            let Some(i) = self
                .rest()
                .iter()
                .position(|&b| b == first || is_forbidden_control(b))
            else {
                self.pos = self.src.len();
                return Err(self.eof_error(unterminated));
            };
            self.pos += i;
            if self.rest().starts_with(end) {
                self.pos += end.len();
                return Ok(());
            }
            if self.peek(0).is_some_and(is_forbidden_control) {
                return Err(self.error("control character XML does not allow"));
            }
            self.pos += 1;
        }
    }

    /// Skips a comment at `<!--`; `--` may appear only in its closing `-->`.
    fn skip_comment(&mut self) -> Result<(), XmlError> {
        self.pos += 4;
        self.skip_past("--", "unterminated comment")?;
        if self.peek(0) != Some(b'>') {
            return Err(self.error_at("`--` inside a comment", self.pos - 2));
        }
        self.pos += 1;
        Ok(())
    }

    /// Skips a processing instruction (or the XML declaration) at `<?`.
    fn skip_pi(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        self.pos += 2;
        let target = self.name()?;
        // `xml` (any case) is reserved: only the declaration, at the very start, uses it.
        let document_start = if self.src.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        if target.eq_ignore_ascii_case("xml") && !(target == "xml" && at == document_start) {
            return Err(self.error_at("the processing-instruction target `xml` is reserved (an XML declaration must come first)", at));
        }
        if !self.starts_with("?>") && !self.skip_whitespace() {
            return Err(self.error("malformed processing instruction"));
        }
        self.skip_past("?>", "unterminated processing instruction")
    }

    /// Skips a CDATA section at `<![CDATA[`; returns whether its content has anything
    /// but whitespace.
    fn skip_cdata(&mut self) -> Result<bool, XmlError> {
        self.pos += "<![CDATA[".len();
        let start = self.pos;
        self.skip_past("]]>", "unterminated CDATA section")?;
        let content = self.bytes().get(start..self.pos - 3).unwrap_or_default();
        Ok(content.iter().any(|&b| !is_whitespace(b)))
    }

    /// Handles `<!` inside an element: a comment or CDATA section (skipped; returns
    /// whether it was CDATA with non-whitespace content), anything else is an error.
    fn bang(&mut self) -> Result<bool, XmlError> {
        if self.starts_with("<!--") {
            self.skip_comment()?;
            Ok(false)
        } else if self.starts_with("<![CDATA[") {
            self.skip_cdata()
        } else if self.starts_with("<!DOCTYPE") {
            Err(self.error("DOCTYPE is not allowed (no DTDs)"))
        } else {
            Err(self.error("malformed markup after `<!`"))
        }
    }

    // ---- element content ------------------------------------------------------------

    /// Skips whitespace, comments and PIs between child elements (and references or
    /// CDATA that hold only whitespace); stops at the `<` of a start or end tag. Any
    /// other text is an error.
    fn skip_between_children(&mut self) -> Result<(), XmlError> {
        // Compact bodies: a start or end tag follows at once. Checked here, inlined, so
        // that the common case does not pay for the general loop's call (its cold error
        // paths make its prologue and epilogue cost more than the check).
        if self.peek(0) == Some(b'<') && !matches!(self.peek(1), Some(b'!' | b'?')) {
            return Ok(());
        }
        self.skip_between_children_slow()
    }

    #[inline(never)]
    fn skip_between_children_slow(&mut self) -> Result<(), XmlError> {
        loop {
            self.skip_whitespace();
            match self.peek(0) {
                Some(b'<') => match self.peek(1) {
                    Some(b'!') => {
                        let at = self.pos;
                        if self.bang()? {
                            return Err(self.schema_error_at(
                                "text directly inside an element that holds child elements",
                                at,
                            ));
                        }
                    }
                    Some(b'?') => self.skip_pi()?,
                    _ => return Ok(()),
                },
                Some(b'&') => {
                    let at = self.pos;
                    if !crate::text::is_xml_whitespace(self.reference()?) {
                        return Err(self.schema_error_at(
                            "text directly inside an element that holds child elements",
                            at,
                        ));
                    }
                }
                None => return Err(self.eof()),
                Some(_) => {
                    return Err(self.schema_error_at(
                        "text directly inside an element that holds child elements",
                        self.pos,
                    ));
                }
            }
        }
    }

    /// Reads the next child's start tag inside the current element and returns its
    /// name, or reads the current element's end tag and returns `None`.
    pub(crate) fn next_child(&mut self) -> Result<Option<&'a str>, XmlError> {
        match self.stack.last() {
            Some(top) if !top.ended => {}
            _ => return Ok(None),
        }
        self.skip_between_children()?;
        if self.peek(1) == Some(b'/') {
            self.end_tag()?;
            return Ok(None);
        }
        self.start_tag().map(Some)
    }

    /// Reads the next child's start tag if it is named `name` (after whitespace,
    /// comments and PIs); otherwise leaves the child or end tag unread.
    pub(crate) fn next_sibling_named(&mut self, name: &str) -> Result<bool, XmlError> {
        match self.stack.last() {
            Some(top) if !top.ended => {}
            _ => return Ok(false),
        }
        self.skip_between_children()?;
        let after = self.rest().get(1..).unwrap_or_default();
        let same = after
            .get(..name.len())
            .is_some_and(|n| same_name(n, name.as_bytes()))
            && after.get(name.len()).is_none_or(|&b| !is_name_byte(b));
        if !same {
            return Ok(false);
        }
        self.start_tag()?;
        Ok(true)
    }

    /// Scans character data up to the next start or end tag, validating references,
    /// CDATA, comments, PIs and characters on the way.
    #[inline(always)]
    fn scan_text(&mut self) -> Result<TextScan, XmlError> {
        let mut markup = false;
        let mut cr = false;
        loop {
            let Some(i) = find_text_special(self.rest()) else {
                self.pos = self.src.len();
                return Err(self.eof());
            };
            self.pos += i;
            match self.peek(0) {
                Some(b'<') => match self.peek(1) {
                    Some(b'/') => {
                        return Ok(TextScan {
                            end: TextEnd::EndTag,
                            markup,
                            cr,
                        });
                    }
                    Some(b'!') => {
                        self.bang()?;
                        markup = true;
                    }
                    Some(b'?') => {
                        self.skip_pi()?;
                        markup = true;
                    }
                    Some(b) if is_name_start(b) => {
                        return Ok(TextScan {
                            end: TextEnd::StartTag,
                            markup,
                            cr,
                        });
                    }
                    _ => return Err(self.error("`<` in text (write `&lt;`)")),
                },
                Some(b'&') => {
                    self.reference()?;
                    markup = true;
                }
                Some(b'>') => {
                    if self.pos >= 2 && self.bytes().get(self.pos - 2..self.pos) == Some(b"]]") {
                        return Err(self.error_at("`]]>` in text", self.pos - 2));
                    }
                    self.pos += 1;
                }
                Some(b'\r') => {
                    cr = true;
                    self.pos += 1;
                }
                _ => return Err(self.error("control character XML does not allow")),
            }
        }
    }

    /// Reads the content of the current element as text, up to and including its end
    /// tag. A child element inside is an error.
    pub(crate) fn read_leaf(&mut self) -> Result<Leaf<'a>, XmlError> {
        match self.stack.last() {
            Some(top) if !top.ended => {}
            _ => {
                return Ok(Leaf {
                    raw: "",
                    escaped: false,
                    offset: self.pos,
                });
            }
        }
        let start = self.pos;
        let scan = self.scan_text()?;
        if let TextEnd::StartTag = scan.end {
            return Err(self.child_in_leaf());
        }
        let end = self.pos;
        self.end_tag()?;
        let content = self.src.get(start..end).unwrap_or_default();
        // The edges of the content are literal characters, already checked: no form feed
        // (the one ASCII whitespace XML does not have) can be there.
        let raw = content.trim_ascii_start();
        let offset = start + (content.len() - raw.len());
        let raw = raw.trim_ascii_end();
        let escaped = scan.markup || (scan.cr && raw.as_bytes().contains(&b'\r'));
        Ok(Leaf {
            raw,
            escaped,
            offset,
        })
    }

    /// The error for the start tag at the current position, found where text was
    /// expected.
    #[cold]
    #[inline(never)]
    fn child_in_leaf(&mut self) -> XmlError {
        let at = self.pos;
        self.pos += 1;
        match self.name() {
            Ok(child) => XmlError::formatted(
                XmlErrorKind::Schema,
                format_args!("child element <{child}> inside an element that holds text"),
                at,
                self.path(),
            ),
            Err(e) => e,
        }
    }

    /// Skips the rest of the current element, whatever it holds, up to and including its
    /// end tag: iteratively, checking well-formedness and tag names, under the same
    /// depth limit.
    pub(crate) fn skip_element(&mut self) -> Result<(), XmlError> {
        let depth = self.stack.len();
        loop {
            match self.stack.last() {
                Some(top) if top.ended => {
                    if self.stack.len() <= depth {
                        return Ok(());
                    }
                    self.stack.pop();
                    continue;
                }
                Some(_) => {}
                None => return Ok(()),
            }
            match self.scan_text()?.end {
                TextEnd::EndTag => self.end_tag()?,
                TextEnd::StartTag => {
                    self.start_tag()?;
                }
            }
        }
    }

    /// Whether the current element's end tag has been read.
    pub(crate) fn is_ended(&self) -> bool {
        self.stack.last().is_some_and(|f| f.ended)
    }

    /// Name of the current element.
    pub(crate) fn current_name(&self) -> &'a str {
        self.stack.last().map_or("", |f| f.name)
    }

    /// Marks the current element as item `index` of a list (for error paths).
    pub(crate) fn set_list_index(&mut self, index: u32) {
        if let Some(top) = self.stack.last_mut() {
            top.index = Some(index);
        }
    }

    /// Closes the current element: skips what is left of it, then pops its frame.
    pub(crate) fn close(&mut self) -> Result<(), XmlError> {
        if !self.is_ended() {
            self.skip_element()?;
        }
        self.stack.pop();
        Ok(())
    }

    /// Whether the current element's content (from the current position) starts with a
    /// child element, looking past whitespace, comments and PIs without consuming
    /// anything.
    pub(crate) fn peek_has_children(&self) -> bool {
        // A look-ahead, not a parse: it builds no error (errors are boxed, so building
        // one allocates) and leaves malformed input for the real read to report.
        if self.is_ended() {
            return false;
        }
        let bytes = self.bytes();
        let mut pos = self.pos;
        loop {
            while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                pos += 1;
            }
            let rest = bytes.get(pos..).unwrap_or_default();
            let skip_to = |terminator: &[u8]| {
                rest.windows(terminator.len())
                    .position(|w| w == terminator)
                    .map(|at| pos + at + terminator.len())
            };
            let next = if rest.starts_with(b"<!--") {
                skip_to(b"-->")
            } else if rest.starts_with(b"<?") {
                skip_to(b"?>")
            } else {
                return matches!(rest, [b'<', c, ..] if !matches!(c, b'/' | b'!'));
            };
            match next {
                Some(after) => pos = after,
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_scan_agrees_with_the_byte_scan() {
        let mut all = [0u8; 256];
        for (i, b) in all.iter_mut().enumerate() {
            *b = i as u8;
        }
        for special in 0..=255u8 {
            for len in 1..24 {
                for at in 0..len {
                    let mut buf = [b'a'; 24];
                    buf[at] = special;
                    // Neighbours that stress borrows: high bytes, tabs, LFs.
                    if at > 0 {
                        buf[at - 1] = 0x80;
                    }
                    if at + 1 < len {
                        buf[at + 1] = b'\t';
                    }
                    let slice = &buf[..len];
                    assert_eq!(
                        find_text_special(slice),
                        slice.iter().position(|&b| is_text_special(b)),
                        "{slice:?}"
                    );
                }
            }
        }
        assert_eq!(find_text_special(&all), Some(0));
        assert_eq!(
            find_text_special(&all[0x20..]),
            Some(usize::from(b'&' - 0x20))
        );
        assert_eq!(find_text_special(b"\t\n\t\n\t\n\t\n\t\nabc"), None);
        // A word whose first flagged byte is a tab or LF: the search goes on from there.
        assert_eq!(find_text_special(b"ab\tcd<efgh"), Some(5));
        assert_eq!(find_text_special(b"\n\t\n\t\n\t\n&xxxxxxx"), Some(7));
        assert_eq!(find_text_special(b"a\tb\nc\td\ne<"), Some(9));
    }
}
