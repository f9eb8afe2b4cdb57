//! Markup inside content: references, comments, processing instructions, CDATA.

use super::Reader;
use super::classes::{is_forbidden_control, is_name_start, is_whitespace};
use crate::decode::xml::error::XmlError;
use crate::text::parse_xml_reference;

impl<'a> Reader<'a> {
    /// Validates the reference at `&`, moves past it, returns its character.
    pub(super) fn reference(&mut self) -> Result<char, XmlError> {
        let (c, used) = parse_xml_reference(self.rest()).map_err(|r| self.error(r))?;
        self.pos += used;
        Ok(c)
    }

    /// Moves past the first `end` at or after the current position, rejecting forbidden
    /// control characters before it.
    pub(super) fn skip_past(
        &mut self,
        end: &str,
        unterminated: &'static str,
    ) -> Result<(), XmlError> {
        let end = end.as_bytes();
        // Past an empty delimiter is where the reader stands.
        let Some(&first) = end.first() else {
            return Ok(());
        };
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
    pub(super) fn skip_comment(&mut self) -> Result<(), XmlError> {
        self.pos += 4;
        self.skip_past("--", "unterminated comment")?;
        if self.peek(0) != Some(b'>') {
            return Err(self.error_at("`--` inside a comment", self.pos - 2));
        }
        self.pos += 1;
        Ok(())
    }

    /// Skips a processing instruction (or the XML declaration) at `<?`.
    pub(super) fn skip_pi(&mut self) -> Result<(), XmlError> {
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
        if target == "xml" {
            return self.xml_declaration();
        }
        if !self.starts_with("?>") && !self.skip_whitespace() {
            return Err(self.error("malformed processing instruction"));
        }
        self.skip_past("?>", "unterminated processing instruction")
    }

    /// Reads the rest of the XML declaration after `<?xml`: `version`, then optionally
    /// `encoding` (UTF-8, the only one this reader reads) and `standalone`, in that
    /// order, each after whitespace, then `?>`. They are read as attributes, then checked.
    #[inline(never)]
    fn xml_declaration(&mut self) -> Result<(), XmlError> {
        // The pseudo-attribute that may come next: 0 version, 1 encoding, 2 standalone.
        let mut next = 0;
        loop {
            let spaced = self.skip_whitespace();
            if next > 0 && self.starts_with("?>") {
                self.pos += 2;
                return Ok(());
            }
            let at = self.pos;
            let malformed = "malformed XML declaration (expected version, then optionally encoding and standalone)";
            match self.peek(0) {
                None => return Err(self.eof()),
                Some(b) if spaced && is_name_start(b) => {}
                Some(_) => return Err(self.error_at(malformed, at)),
            }
            let (name, start) = self.attribute()?;
            let slot = match name {
                "version" if next == 0 => 0,
                "encoding" if next == 1 => 1,
                "standalone" if next == 1 || next == 2 => 2,
                _ => return Err(self.error_at(malformed, at)),
            };
            #[expect(
                clippy::indexing_slicing,
                reason = "attribute() read the value from `start` to its closing quote at pos - 1"
            )]
            let value = &self.bytes()[start..self.pos - 1];
            let (valid, reason) = match slot {
                0 => (
                    value.strip_prefix(b"1.").is_some_and(|minor| {
                        !minor.is_empty() && minor.iter().all(u8::is_ascii_digit)
                    }),
                    "XML version must be `1.` then digits (`1.0`)",
                ),
                1 => (
                    value.eq_ignore_ascii_case(b"UTF-8"),
                    "declared encoding is not UTF-8 (the body is read as UTF-8 only)",
                ),
                _ => (
                    value == b"yes" || value == b"no",
                    "`standalone` must be `yes` or `no`",
                ),
            };
            if !valid {
                return Err(self.error_at(reason, start));
            }
            next = slot + 1;
        }
    }

    /// Skips a CDATA section at `<![CDATA[`; returns whether its content has anything
    /// but whitespace.
    pub(super) fn skip_cdata(&mut self) -> Result<bool, XmlError> {
        self.pos += "<![CDATA[".len();
        let (start, content) = (self.pos, self.rest());
        self.skip_past("]]>", "unterminated CDATA section")?;
        let len = self.pos - "]]>".len() - start;
        Ok(content.iter().take(len).any(|&b| !is_whitespace(b)))
    }

    /// Handles `<!` inside an element: a comment or CDATA section (skipped; returns
    /// whether it was CDATA with non-whitespace content), anything else is an error.
    pub(super) fn bang(&mut self) -> Result<bool, XmlError> {
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
}
