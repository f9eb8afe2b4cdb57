//! `Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", string-to-sign))`.

use core::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The length of a signature: 20 HMAC-SHA1 bytes in base64 with padding.
pub const SIGNATURE_LEN: usize = 28;

/// An RPC v1 signature: 28 characters of standard base64 (`A–Z a–z 0–9 + /`, `=` pad).
///
/// On the wire it is percent-encoded like every other value (`+` → `%2B`, `/` → `%2F`,
/// `=` → `%3D`); [`Signature::as_str`] gives the plain form.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    base64: [u8; SIGNATURE_LEN],
}

impl Signature {
    /// The base64 text.
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII; the fallback is unreachable.
        core::str::from_utf8(&self.base64).unwrap_or_default()
    }

    /// HMAC-SHA1 over the text `write` produces, keyed with `key`, base64-encoded.
    ///
    /// The text is streamed into the MAC through a small stack buffer; it is never
    /// stored whole.
    pub(crate) fn compute(
        key: &[u8],
        write: impl FnOnce(&mut MacWriter) -> fmt::Result,
    ) -> Result<Self, fmt::Error> {
        // HMAC accepts keys of any length; this never fails.
        let mac = Hmac::<Sha1>::new_from_slice(key).map_err(|_| fmt::Error)?;
        let mut writer = MacWriter { mac, buf: [0; BLOCK], len: 0 };
        write(&mut writer)?;
        let digest = writer.finish();
        let mut base64 = [0u8; SIGNATURE_LEN];
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(digest, &mut base64)
            .map_err(|_| fmt::Error)?;
        if written != SIGNATURE_LEN {
            return Err(fmt::Error);
        }
        Ok(Self { base64 })
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.as_str()).finish()
    }
}

/// Bytes buffered before each MAC update: one SHA-1 block.
const BLOCK: usize = 64;

/// A `fmt::Write` that feeds a MAC in whole blocks.
pub(crate) struct MacWriter {
    mac: Hmac<Sha1>,
    buf: [u8; BLOCK],
    len: usize,
}

impl MacWriter {
    fn finish(mut self) -> [u8; 20] {
        if let Some(rest) = self.buf.get(..self.len) {
            self.mac.update(rest);
        }
        self.mac.finalize().into_bytes().into()
    }
}

impl fmt::Write for MacWriter {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        let end = self.len + bytes.len();
        if let Some(slot) = self.buf.get_mut(self.len..end) {
            slot.copy_from_slice(bytes);
            self.len = end;
            return Ok(());
        }
        // Does not fit: fill the block, hash it, then hash whole blocks directly.
        let room = BLOCK - self.len;
        let (head, tail) = bytes.split_at(room.min(bytes.len()));
        if let Some(slot) = self.buf.get_mut(self.len..) {
            slot.copy_from_slice(head);
        }
        self.mac.update(&self.buf);
        let whole = tail.len() - tail.len() % BLOCK;
        let (blocks, rest) = tail.split_at(whole);
        if !blocks.is_empty() {
            self.mac.update(blocks);
        }
        if let Some(slot) = self.buf.get_mut(..rest.len()) {
            slot.copy_from_slice(rest);
        }
        self.len = rest.len();
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use fmt::Write as _;

    #[test]
    fn streaming_matches_one_shot() {
        let text = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
        let one = Signature::compute(b"testsecret&", |w| w.write_str(text)).unwrap();
        assert_eq!(one.as_str(), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        // Every split into pieces of 1..=130 bytes gives the same MAC.
        for step in 1..=130 {
            let sig = Signature::compute(b"testsecret&", |w| {
                let mut rest = text;
                while !rest.is_empty() {
                    let (piece, tail) = rest.split_at(step.min(rest.len()));
                    w.write_str(piece)?;
                    rest = tail;
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(sig, one, "step {step}");
        }
    }
}
