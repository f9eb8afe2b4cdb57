//! `Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", string-to-sign))`.

use core::fmt;

use super::chunk::Chunked;
use super::hmac_sha1::{HmacKey, HmacState};

/// Bytes gathered before hashing: sixteen SHA-1 blocks, so that a typical
/// string-to-sign (under 1 KiB) is hashed in one run of blocks.
pub(super) const MAC_CHUNK: usize = 1024;
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
        let digest = writer.finish_with(|mac, tail| {
            let rest = mac.blocks(tail);
            mac.finish(rest)
        });
        Ok(Self {
            base64: base64_of_mac(&digest),
        })
    }
}

/// The standard base64 alphabet.
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 of a 20-byte MAC: six 3-byte groups, then two bytes and `=`.
/// (Written out for the one size signed here: the general encoder's engine set-up
/// and length checks cost more than the 28 table loads.)
fn base64_of_mac(mac: &[u8; 20]) -> [u8; SIGNATURE_LEN] {
    let char_of = |six: u32| BASE64.get((six & 63) as usize).copied().unwrap_or(b'=');
    let mut out = [b'='; SIGNATURE_LEN];
    let (groups, last) = mac.split_at(18);
    for (bytes, chars) in groups.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
        if let ([a, b, c], [w, x, y, z]) = (bytes, chars) {
            let n = u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c);
            *w = char_of(n >> 18);
            *x = char_of(n >> 12);
            *y = char_of(n >> 6);
            *z = char_of(n);
        }
    }
    if let ([a, b], [.., w, x, y, _]) = (last, &mut out) {
        let n = u32::from(*a) << 16 | u32::from(*b) << 8;
        *w = char_of(n >> 18);
        *x = char_of(n >> 12);
        *y = char_of(n >> 6);
    }
    out
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
    fn base64_matches_the_base64_crate() {
        use base64::Engine as _;
        for seed in 0..=255u8 {
            let mac: [u8; 20] = core::array::from_fn(|i| {
                seed.wrapping_mul(31)
                    .wrapping_add((i as u8).wrapping_mul(73))
            });
            let mut want = [0u8; SIGNATURE_LEN];
            base64::engine::general_purpose::STANDARD
                .encode_slice(mac, &mut want)
                .unwrap();
            assert_eq!(base64_of_mac(&mac), want, "seed {seed}");
        }
        assert_eq!(&base64_of_mac(&[0xff; 20]), b"//////////////////////////8=");
    }

    #[test]
    fn early_blocks_match_one_shot() {
        // Encoded pieces take blocks early (`Flush::EARLY_AFTER`) and raw ones do not:
        // a long text in every piece size, alternating the two, gives one MAC.
        let mut text = heapless::String::<2048>::new();
        for i in 0..1500u32 {
            let c = b"abcXYZ019-_.~"[(i % 13) as usize] as char;
            text.push(c).unwrap();
        }
        let key = HmacKey::new(b"k&");
        let one = Signature::compute(&key, |w| w.raw(text.as_bytes())).unwrap();
        for step in (1..=300).step_by(7) {
            let sig = Signature::compute(&key, |w| {
                let mut rest = text.as_str();
                let mut encoded = true;
                while !rest.is_empty() {
                    let (piece, tail) = rest.split_at(step.min(rest.len()));
                    if encoded {
                        w.encoded(piece.as_bytes(), true)?;
                    } else {
                        w.raw(piece.as_bytes())?;
                    }
                    encoded = !encoded;
                    rest = tail;
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(sig, one, "step {step}");
        }
    }

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
