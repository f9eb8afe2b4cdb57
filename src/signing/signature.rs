//! `Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", string-to-sign))`.

use core::fmt;

use super::chunk::Chunked;
use super::hmac_sha1::{HmacKey, HmacState};
use base64::Engine as _;

/// Bytes gathered before hashing: sixteen SHA-1 blocks, so that a typical
/// string-to-sign (under 1 KiB) is hashed in one run of blocks.
const MAC_CHUNK: usize = 1024;
const _: () = assert!(MAC_CHUNK % 64 == 0);

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
        key: &HmacKey,
        write: impl FnOnce(&mut Chunked<HmacState, MAC_CHUNK>) -> fmt::Result,
    ) -> Result<Self, fmt::Error> {
        let mut writer = Chunked::new(key.start());
        write(&mut writer)?;
        let digest = writer.finish_with(|mut mac, tail| {
            let rest = mac.blocks(tail);
            mac.finish(rest)
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_matches_one_shot() {
        let text = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
        let key = HmacKey::new(b"testsecret&");
        let one = Signature::compute(&key, |w| w.raw(text.as_bytes())).unwrap();
        assert_eq!(one.as_str(), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        // Every split into pieces of 1..=130 bytes gives the same MAC.
        for step in 1..=130 {
            let sig = Signature::compute(&key, |w| {
                let mut rest = text;
                while !rest.is_empty() {
                    let (piece, tail) = rest.split_at(step.min(rest.len()));
                    w.raw(piece.as_bytes())?;
                    rest = tail;
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(sig, one, "step {step}");
        }
    }
}
