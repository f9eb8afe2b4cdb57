//! XML leaf text: decoding on demand (INTERFACE PLACEHOLDER — replaced by the XML work).
//!
//! Contract: `raw` is the content of a leaf element already validated by the XML reader
//! and trimmed of literal XML whitespace at both ends. Decoding joins character data,
//! resolves the five predefined entities and character references, includes CDATA
//! contents, skips comments and processing instructions, normalises CR LF / CR to LF, and
//! trims XML whitespace at both ends of the decoded result.

use core::fmt;

/// Whether `c` is XML whitespace (space, tab, CR, LF).
pub(crate) fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Decoded characters of an XML leaf (placeholder: passes raw characters through).
#[derive(Clone, Debug)]
pub(crate) struct XmlChars<'a> {
    rest: core::str::Chars<'a>,
}

impl<'a> XmlChars<'a> {
    pub(crate) fn new(raw: &'a str) -> Self {
        Self { rest: raw.chars() }
    }
}

impl Iterator for XmlChars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        self.rest.next()
    }
}

/// Writes the decoded leaf into `out` (placeholder: writes the raw text).
pub(crate) fn write_xml<W: fmt::Write + ?Sized>(raw: &str, out: &mut W) -> fmt::Result {
    out.write_str(raw)
}
