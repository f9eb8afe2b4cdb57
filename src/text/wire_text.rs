//! [`Text`] and its [`Chars`]: a string field as it came off the wire, decoded on demand.

use core::fmt;
use core::hash::{Hash, Hasher};

use super::{json, xml};

/// How the raw slice of a [`Text`] is encoded (without `alloc`, always `Plain`). A whole
/// word (`repr(usize)`), so that moving a [`Text`] copies no padding bytes one by one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
#[repr(usize)]
pub(crate) enum Encoding {
    /// The slice is the text: nothing to decode.
    Plain,
    /// The inside of a JSON string literal holding at least one `\` escape, validated.
    Json,
    /// The content of an XML leaf element holding references, CDATA, comments or CRs,
    /// validated; decoding joins the character data and trims XML whitespace.
    Xml,
}

/// A text field borrowed from the response body; see the [module docs](crate::text).
#[derive(Clone, Copy)]
pub struct Text<'a> {
    raw: &'a str,
    encoding: Encoding,
}

impl<'a> Text<'a> {
    /// A text that is exactly `s`, with nothing to decode.
    pub const fn plain(s: &'a str) -> Self {
        Self {
            raw: s,
            encoding: Encoding::Plain,
        }
    }

    /// A text whose raw slice `raw` is already validated for `encoding`.
    #[cfg(feature = "alloc")]
    pub(crate) const fn from_raw(raw: &'a str, encoding: Encoding) -> Self {
        Self { raw, encoding }
    }

    /// How the raw slice is encoded.
    #[cfg(feature = "alloc")]
    pub(crate) const fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The text as a borrowed `&str`, when the wire form needs no decoding.
    ///
    /// Returns `None` when the wire form holds escapes, entities or CDATA: use
    /// [`write_to`](Self::write_to), [`chars`](Self::chars) or `to_cow` then.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.encoding {
            Encoding::Plain => Some(self.raw),
            Encoding::Json | Encoding::Xml => None,
        }
    }

    /// The undecoded slice of the caller's buffer: the inside of a JSON string literal
    /// (escapes kept), the literal digits of a JSON number, or the content of an XML
    /// element (references and CDATA kept, outer whitespace trimmed).
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// Whether the wire form holds escapes, references or CDATA that decoding resolves.
    pub fn is_escaped(&self) -> bool {
        self.encoding != Encoding::Plain
    }

    /// The decoded characters.
    pub fn chars(&self) -> Chars<'a> {
        Chars(match self.encoding {
            Encoding::Plain => CharsInner::Plain(self.raw.chars()),
            Encoding::Json => CharsInner::Json(json::JsonChars::new(self.raw)),
            Encoding::Xml => CharsInner::Xml(xml::XmlChars::new(self.raw)),
        })
    }

    /// Writes the decoded text into `out`, unescaped runs as whole `&str` slices.
    ///
    /// # Errors
    /// Only the errors `out` itself returns (a full `heapless::String`, say).
    pub fn write_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        match self.encoding {
            Encoding::Plain => out.write_str(self.raw),
            Encoding::Json => json::write_json(self.raw, out),
            Encoding::Xml => xml::write_xml(self.raw, out),
        }
    }

    /// The length in bytes of the decoded text (UTF-8), computed without allocating.
    pub fn decoded_len(&self) -> usize {
        match self.encoding {
            Encoding::Plain => self.raw.len(),
            Encoding::Json | Encoding::Xml => self.chars().map(char::len_utf8).sum(),
        }
    }

    /// Whether the decoded text is empty.
    pub fn is_empty(&self) -> bool {
        match self.encoding {
            Encoding::Plain => self.raw.is_empty(),
            Encoding::Json | Encoding::Xml => self.chars().next().is_none(),
        }
    }

    /// The decoded text: borrowed when nothing needs decoding, owned otherwise.
    #[cfg(feature = "alloc")]
    pub fn to_cow(&self) -> alloc::borrow::Cow<'a, str> {
        match self.as_str() {
            Some(s) => alloc::borrow::Cow::Borrowed(s),
            None => {
                let mut owned = alloc::string::String::with_capacity(self.raw.len());
                owned.extend(self.chars());
                alloc::borrow::Cow::Owned(owned)
            }
        }
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        f.write_char('"')?;
        for c in self.chars() {
            for e in c.escape_debug() {
                f.write_char(e)?;
            }
        }
        f.write_char('"')
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        match self.as_str() {
            Some(s) => s == other,
            None => self.chars().eq(other.chars()),
        }
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<Text<'_>> for str {
    fn eq(&self, other: &Text<'_>) -> bool {
        *other == *self
    }
}

impl PartialEq<Text<'_>> for &str {
    fn eq(&self, other: &Text<'_>) -> bool {
        *other == **self
    }
}

/// Two texts are equal when their decoded characters are, whatever their wire forms
/// (so a JSON-decoded and an XML-decoded response compare equal).
impl PartialEq for Text<'_> {
    fn eq(&self, other: &Text<'_>) -> bool {
        match (self.as_str(), other.as_str()) {
            (Some(a), Some(b)) => a == b,
            _ => self.chars().eq(other.chars()),
        }
    }
}

impl Eq for Text<'_> {}

impl Hash for Text<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Consistent with `Eq`: hash the decoded characters, then a terminator like `str`.
        for c in self.chars() {
            state.write_u32(u32::from(c));
        }
        state.write_u8(0xff);
    }
}

/// Iterator over the decoded characters of a [`Text`], from [`Text::chars`].
#[derive(Clone, Debug)]
pub struct Chars<'a>(CharsInner<'a>);

#[derive(Clone, Debug)]
enum CharsInner<'a> {
    Plain(core::str::Chars<'a>),
    Json(json::JsonChars<'a>),
    Xml(xml::XmlChars<'a>),
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match &mut self.0 {
            CharsInner::Plain(c) => c.next(),
            CharsInner::Json(c) => c.next(),
            CharsInner::Xml(c) => c.next(),
        }
    }
}

impl core::iter::FusedIterator for Chars<'_> {}
