//! Element content: navigation between children, leaf text, skipping elements.

use super::classes::{find_text_special, is_name_byte, is_name_start};
use super::{Leaf, Reader, TextEnd, TextScan};
use crate::decode::xml::error::{XmlError, XmlErrorKind};

impl<'a> Reader<'a> {
    /// Skips whitespace, comments and PIs between child elements (and references or
    /// CDATA that hold only whitespace); stops at the `<` of a start or end tag. Any
    /// other text is an error.
    pub(super) fn skip_between_children(&mut self) -> Result<(), XmlError> {
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
            let at = self.pos;
            let text = match (self.peek(0), self.peek(1)) {
                (Some(b'<'), Some(b'!')) => self.bang()?,
                (Some(b'<'), Some(b'?')) => self.skip_pi().map(|()| false)?,
                (Some(b'<'), _) => return Ok(()),
                (Some(b'&'), _) => !crate::text::is_xml_whitespace(self.reference()?),
                (None, _) => return Err(self.eof()),
                (Some(_), _) => true,
            };
            if text {
                return Err(self.schema_error_at(
                    "text directly inside an element that holds child elements",
                    at,
                ));
            }
        }
    }

    /// Reads the next child's start tag inside the current element and returns its
    /// name, or reads the current element's end tag and returns `None`.
    pub(crate) fn next_child(&mut self) -> Result<Option<&'a str>, XmlError> {
        if !self.in_open_element() {
            return Ok(None);
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
        if !self.in_open_element() {
            return Ok(false);
        }
        self.skip_between_children()?;
        let same = self
            .rest()
            .strip_prefix(b"<")
            .and_then(|tag| tag.strip_prefix(name.as_bytes()))
            .is_some_and(|after| after.first().is_none_or(|&b| !is_name_byte(b)));
        if !same {
            return Ok(false);
        }
        self.start_tag()?;
        Ok(true)
    }

    /// Scans character data up to the next start or end tag, validating references,
    /// CDATA, comments, PIs and characters on the way.
    #[inline(always)]
    pub(super) fn scan_text(&mut self) -> Result<TextScan, XmlError> {
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
        if !self.in_open_element() {
            return Ok(Leaf {
                raw: "",
                escaped: false,
                offset: self.pos,
            });
        }
        let start = self.pos;
        let scan = self.scan_text()?;
        if let TextEnd::StartTag = scan.end {
            return Err(self.child_in_leaf());
        }
        let end = self.pos;
        self.end_tag()?;
        // `start` follows the start tag's `>`, `end` is at `</`: boundaries, in order.
        let content = &self.src[start..end];
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

    /// Whether there is a current element and its end tag is still unread.
    fn in_open_element(&self) -> bool {
        self.stack.last().is_some_and(|f| !f.ended)
    }

    /// Name of the current element.
    pub(crate) fn current_name(&self) -> &'a str {
        self.stack.last().map_or("", |f| f.name)
    }

    /// Marks the current element as item `index` of a list (for error paths).
    pub(crate) fn set_list_index(&mut self, index: u32) -> Result<(), XmlError> {
        match self.stack.last_mut() {
            Some(top) => {
                top.index = Some(index);
                Ok(())
            }
            None => Err(self.error("internal: a list item outside any element")),
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
        let mut rest = self.rest();
        loop {
            while let [b' ' | b'\t' | b'\r' | b'\n', tail @ ..] = rest {
                rest = tail;
            }
            let past = |terminator: &[u8]| {
                rest.windows(terminator.len())
                    .position(|w| w == terminator)
                    .map(|at| rest.split_at(at + terminator.len()).1)
            };
            let next = if rest.starts_with(b"<!--") {
                past(b"-->")
            } else if rest.starts_with(b"<?") {
                past(b"?>")
            } else {
                return matches!(rest, [b'<', c, ..] if !matches!(c, b'/' | b'!'));
            };
            match next {
                Some(after) => rest = after,
                None => return false,
            }
        }
    }
}
