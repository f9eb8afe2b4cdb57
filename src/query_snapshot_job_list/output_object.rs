//! [`OutputObject`]: one object a finished job wrote, listed by
//! [`OutputObjects`](super::OutputObjects); its key and URL are written on demand.

use core::fmt;

use super::object_key::{Piece, substitute, write_path_encoded};
use crate::signing::write_error::len_of;
use crate::text::Text;

/// What every object of one listing shares.
#[derive(Clone, Copy, Debug)]
pub(super) struct Template<'a> {
    pub(super) bucket: Text<'a>,
    pub(super) location: Text<'a>,
    pub(super) object: Text<'a>,
    pub(super) placeholder: &'static str,
    pub(super) min_digits: u8,
}

/// One object a job wrote; its key and URL are written on demand.
///
/// `Object` is URL-encoded on the wire (spec §5.3): the response model returns it
/// verbatim, and this crate **decodes** it (`%XX` → byte, the bytes as UTF-8) to get the
/// OSS object key, then replaces every `{Count}` (or `{TileCount}`) of the decoded key.
/// Decoding first matters: the official samples encode the whole name, so the
/// placeholder arrives as `%7BCount%7D`. A `+` is kept as a `+` (RFC 3986 decoding, not
/// form decoding): Java's `URLEncoder` writes a space as `+`, but a `+` is also a legal
/// key character, and no source says which reading MTS applies.
///
/// A URL re-encodes the key for a URL path: every byte except `A–Z a–z 0–9 - _ . ~` and
/// `/` becomes `%XX` (upper-case), so `/` still separates "folders" as OSS shows them.
/// `Bucket` and `Location` go into the host name and must be made of ASCII letters,
/// digits and `-`; anything else is refused rather than written into a URL.
///
/// An object key without the placeholder names one object, whatever the count: MTS
/// writes every image to the same key, so only the last one remains.
#[derive(Clone, Copy, Debug)]
pub struct OutputObject<'a> {
    pub(super) template: Template<'a>,
    pub(super) number: u64,
}

impl<'a> OutputObject<'a> {
    /// The image number substituted for the placeholder (if the key has one).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// `Bucket`, as on the wire.
    pub fn bucket(&self) -> Text<'a> {
        self.template.bucket
    }

    /// `Location` (the OSS region, e.g. `oss-cn-hangzhou`), as on the wire.
    pub fn location(&self) -> Text<'a> {
        self.template.location
    }

    /// `Object` as on the wire: URL-encoded, placeholder not replaced.
    pub fn wire_object(&self) -> Text<'a> {
        self.template.object
    }

    /// Writes the OSS object key: the `Object` URL-decoded, placeholder replaced.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_key<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let t = &self.template;
        substitute(t.object, t.placeholder, |piece| match piece {
            Piece::Text(s) => out.write_str(s),
            // Zero-padded to `min_digits`, as `printf("%05d")` pads.
            Piece::Number => write!(out, "{:0w$}", self.number, w = usize::from(t.min_digits)),
        })
        .map(|_| ())
    }

    /// Writes `https://<Bucket>.<Location>.aliyuncs.com/<key>`, the key percent-encoded
    /// for a URL path (`/` kept).
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_url<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let t = &self.template;
        out.write_str("https://")?;
        t.bucket.write_to(out)?;
        out.write_char('.')?;
        t.location.write_to(out)?;
        out.write_str(".aliyuncs.com/")?;
        substitute(t.object, t.placeholder, |piece| match piece {
            Piece::Text(s) => write_path_encoded(s, out),
            Piece::Number => write!(out, "{:0w$}", self.number, w = usize::from(t.min_digits)),
        })
        .map(|_| ())
    }

    /// The exact length in bytes of [`write_key`](Self::write_key)'s output, to size a
    /// `heapless::String` or a buffer.
    pub fn key_len(&self) -> usize {
        len_of(|out| self.write_key(out))
    }

    /// The exact length in bytes of [`write_url`](Self::write_url)'s output.
    pub fn url_len(&self) -> usize {
        len_of(|out| self.write_url(out))
    }

    /// The key, for `format!`/`to_string()`; see [`write_key`](Self::write_key).
    pub fn key(&self) -> ObjectKey<'a> {
        ObjectKey(*self)
    }

    /// The URL, for `format!`/`to_string()`; see [`write_url`](Self::write_url).
    pub fn url(&self) -> ObjectUrl<'a> {
        ObjectUrl(*self)
    }
}

/// [`OutputObject::key`] as `Display`.
#[derive(Clone, Copy, Debug)]
pub struct ObjectKey<'a>(OutputObject<'a>);

impl fmt::Display for ObjectKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_key(f)
    }
}

/// [`OutputObject::url`] as `Display`.
#[derive(Clone, Copy, Debug)]
pub struct ObjectUrl<'a>(OutputObject<'a>);

impl fmt::Display for ObjectUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_url(f)
    }
}
