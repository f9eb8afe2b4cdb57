//! Start tags (with their attributes), end tags and names.

use super::classes::{
    is_ascii_name_byte, is_forbidden_control, is_name_start, non_ascii_name_class,
};
use super::{Frame, Reader};
use crate::decode::xml::error::{XmlError, XmlErrorKind};

/// Most attributes one start tag may carry (this reader's limit, not XML's).
const MAX_ATTRIBUTES: usize = 16;
// The error's message spells the limit out.
const _: () = assert!(
    MAX_ATTRIBUTES == 16,
    "update \"more than 16\" in start_tag_rest"
);

impl<'a> Reader<'a> {
    /// Reads a name at the current position.
    #[inline(always)]
    pub(super) fn name(&mut self) -> Result<&'a str, XmlError> {
        let start = self.pos;
        match self.peek(0) {
            Some(b) if is_name_start(b) => {}
            None => return Err(self.eof()),
            Some(_) => return Err(self.error("expected a name")),
        }
        let rest = self.rest();
        let len = rest
            .iter()
            .position(|&b| !is_ascii_name_byte(b))
            .unwrap_or(rest.len());
        self.pos += len;
        if self.peek(0).is_some_and(|b| !b.is_ascii()) {
            self.non_ascii_name_rest(start)?;
        }
        // Names end before an ASCII byte (or at the end), so this is a char boundary.
        self.src
            .get(start..self.pos)
            .ok_or_else(|| self.error_at("name is not valid UTF-8", start))
    }

    /// Reads the rest of a name from its first non-ASCII character, checking each
    /// against XML's `NameStartChar` and `NameChar`, up to the first ASCII byte that
    /// no name holds. Out of line: most names are ASCII.
    #[cold]
    #[inline(never)]
    fn non_ascii_name_rest(&mut self, start: usize) -> Result<(), XmlError> {
        // The scan stopped at the first non-ASCII byte, after ASCII ones: a boundary.
        let tail = self
            .src
            .get(self.pos..)
            .ok_or_else(|| self.error_at("name is not valid UTF-8", start))?;
        for (i, c) in tail.char_indices() {
            let at = self.pos + i;
            let allowed = match u8::try_from(c) {
                Ok(b) if b.is_ascii() => {
                    if !is_ascii_name_byte(b) {
                        self.pos = at;
                        return Ok(());
                    }
                    true
                }
                _ => non_ascii_name_class(c).is_some_and(|may_start| may_start || at > start),
            };
            if !allowed {
                let reason = if at == start {
                    "a name cannot start with this character"
                } else {
                    "character not allowed in a name"
                };
                return Err(self.error_at(reason, at));
            }
        }
        self.pos = self.src.len();
        Ok(())
    }

    /// Reads a start tag at `<` (attributes are checked and ignored) and pushes its
    /// frame. Returns the element name.
    #[inline(always)]
    pub(super) fn start_tag(&mut self) -> Result<&'a str, XmlError> {
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
    pub(super) fn start_tag_rest(&mut self) -> Result<bool, XmlError> {
        // The names so far, for XML's Unique Att Spec: a fixed list bounds the quadratic
        // check (MTS bodies carry one attribute at most).
        let mut names = heapless::Vec::<&'a str, MAX_ATTRIBUTES>::new();
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
                Some(b) if spaced && is_name_start(b) => {
                    let at = self.pos;
                    let (name, _) = self.attribute()?;
                    if names.contains(&name) {
                        return Err(self.error_at("attribute repeated in one tag", at));
                    }
                    if names.push(name).is_err() {
                        return Err(self.error_at("more than 16 attributes in one tag", at));
                    }
                }
                None => return Err(self.eof()),
                Some(_) => return Err(self.error("malformed start tag")),
            }
        }
    }

    /// The error for a start tag at `at` past [`MAX_DEPTH`](super::MAX_DEPTH) open
    /// elements.
    #[cold]
    #[inline(never)]
    pub(super) fn too_deep(&self, at: usize) -> XmlError {
        XmlError::new(
            XmlErrorKind::TooDeep,
            "elements nested too deeply (limit 64)",
            at,
            self.path(),
        )
    }

    /// Reads one attribute (`name = "value"`), checking the value; returns the name and
    /// the offset of the value (which ends before the closing quote, at `self.pos - 1`).
    pub(super) fn attribute(&mut self) -> Result<(&'a str, usize), XmlError> {
        let name = self.name()?;
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
        let value = self.pos;
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
                    return Ok((name, value));
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Reads an end tag at `</` and checks it against the innermost open element,
    /// which it marks ended.
    pub(super) fn end_tag(&mut self) -> Result<(), XmlError> {
        // Fast path: `</name>` exactly as opened.
        if let Some(top) = self.stack.last_mut() {
            let name = top.name.as_bytes();
            let same = self
                .src
                .as_bytes()
                .get(self.pos + 2..)
                .and_then(|after| after.strip_prefix(name))
                .is_some_and(|after| after.first() == Some(&b'>'));
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
    pub(super) fn end_tag_slow(&mut self) -> Result<(), XmlError> {
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
}
