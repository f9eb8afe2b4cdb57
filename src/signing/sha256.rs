//! SHA-256 and HMAC-SHA256 (RFC 2104) over RustCrypto's SHA-256 compression function,
//! for signature v3.
//!
//! The HMAC's keyed state (the SHA-256 states after the `ipad` and `opad` blocks) is
//! computed from the secret that [`Credentials`](super::Credentials) keeps, once by
//! [`V3Credentials`](super::V3Credentials) or per signature with plain credentials (so
//! that v1-only users never key or link SHA-256), and wiped on drop, as for
//! v1's HMAC-SHA1 (see `hmac_sha1.rs` for why not the `hmac` crate).
//! Checked against `sha2`'s digest and the `hmac` crate by the unit tests below and
//! by `tests/signing_v3_props.rs`.

use core::fmt;

use sha2::Digest as _;
use sha2::digest::generic_array::GenericArray;
use zeroize::Zeroize;

use super::chunk::Flush;

use super::hmac_key_schedule::{BLOCK, key_schedule};
use super::md_padding::{Tail, compress_final};
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// One SHA-256 compression of `block` into `state`.
#[inline]
fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    let block: &GenericArray<u8, _> = block.into();
    sha2::compress256(state, core::slice::from_ref(block));
}

/// The big-endian bytes of a SHA-256 state.
fn digest_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// A running SHA-256, fed whole 64-byte blocks and finished with the last partial one.
pub(crate) struct Sha256Blocks {
    state: [u32; 8],
    /// Blocks compressed so far, including a keyed prefix block.
    blocks: u64,
}

impl Sha256Blocks {
    /// A plain SHA-256.
    pub(crate) const fn new() -> Self {
        Self {
            state: IV,
            blocks: 0,
        }
    }

    /// Feeds the whole 64-byte blocks of `data`; returns the remainder.
    #[inline]
    pub(crate) fn blocks<'d>(&mut self, data: &'d [u8]) -> &'d [u8] {
        let mut blocks = data.chunks_exact(BLOCK);
        for block in &mut blocks {
            if let Ok(block) = block.try_into() {
                compress(&mut self.state, block);
                self.blocks += 1;
            }
        }
        blocks.remainder()
    }

    /// Feeds `tail` (any length), pads, and returns the digest; `kind` says whether
    /// the padded copy of the last bytes must be wiped.
    pub(crate) fn finish(mut self, tail: &[u8], kind: Tail) -> [u8; 32] {
        let tail = self.blocks(tail);
        let total = self
            .blocks
            .wrapping_mul(BLOCK as u64)
            .wrapping_add(tail.len() as u64);
        compress_final(&mut self.state, tail, total, compress, kind);
        digest_bytes(&self.state)
    }
}

impl Drop for Sha256Blocks {
    fn drop(&mut self) {
        // The inner HMAC state is keyed; a plain hash's state is harmless but cheap to wipe.
        self.state.zeroize();
    }
}

/// The canonical request's hash: `sha2`'s streaming digest, which compresses a run of
/// whole blocks in one call (cheaper than [`Sha256Blocks`]' call per block). Nothing
/// secret goes through it, so its state need not be wiped.
pub(crate) struct Sha256Stream(sha2::Sha256);

impl Sha256Stream {
    pub(crate) fn new() -> Self {
        Self(sha2::Sha256::new())
    }

    /// Feeds `tail` and returns the digest (and starts over).
    pub(crate) fn finish(&mut self, tail: &[u8]) -> [u8; 32] {
        self.0.update(tail);
        self.0.finalize_reset().into()
    }
}

impl Flush for Sha256Stream {
    #[inline]
    fn take(&mut self, data: &[u8]) -> Result<usize, fmt::Error> {
        self.0.update(data);
        Ok(data.len())
    }
}

/// The HMAC-SHA256 key schedule: SHA-256 states after the `ipad` and `opad` blocks.
///
/// `pub` only so that the sealed `V3SigningKey` can hand it to the signer; this module
/// is crate-private, so outside the crate it can be neither named nor used.
#[derive(Clone)]
pub struct HmacSha256Key {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl HmacSha256Key {
    /// Keys an HMAC-SHA256 with `key` (hashed first when longer than a block).
    pub(crate) fn new(key: &[u8]) -> Self {
        let (inner, outer) = if key.len() > BLOCK {
            let mut digest = Sha256Blocks::new().finish(key, Tail::Secret);
            let schedule = key_schedule(&digest, IV, compress);
            digest.zeroize();
            schedule
        } else {
            key_schedule(key, IV, compress)
        };
        Self { inner, outer }
    }

    /// HMAC-SHA256 of `message`.
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        let inner = Sha256Blocks {
            state: self.inner,
            blocks: 1,
        }
        .finish(message, Tail::Public);
        Sha256Blocks {
            state: self.outer,
            blocks: 1,
        }
        .finish(&inner, Tail::Public)
    }
}

impl fmt::Debug for HmacSha256Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacSha256Key(<redacted>)")
    }
}

impl Drop for HmacSha256Key {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    #[test]
    fn hash_matches_sha2_at_every_length() {
        let data: [u8; 300] = core::array::from_fn(|i| (i * 13 + 5) as u8);
        for len in 0..data.len() {
            let want: [u8; 32] = Sha256::digest(&data[..len]).into();
            assert_eq!(
                Sha256Blocks::new().finish(&data[..len], Tail::Public),
                want,
                "len {len}"
            );
            // Fed in two pieces, the first one whole blocks.
            let cut = len / 64 * 64;
            let mut split = Sha256Blocks::new();
            assert!(split.blocks(&data[..cut]).is_empty());
            assert_eq!(
                split.finish(&data[cut..len], Tail::Secret),
                want,
                "split {len}"
            );
        }
    }

    #[test]
    fn mac_matches_the_hmac_crate() {
        let data: [u8; 300] = core::array::from_fn(|i| (i * 7 + 3) as u8);
        for key_len in [0, 1, 10, 30, 63, 64, 65, 128, 129] {
            let key = HmacSha256Key::new(&data[..key_len]);
            for msg_len in (0..200).chain([255, 256, 299]) {
                let mut m = Hmac::<Sha256>::new_from_slice(&data[..key_len]).unwrap();
                m.update(&data[..msg_len]);
                let want: [u8; 32] = m.finalize().into_bytes().into();
                assert_eq!(
                    key.mac(&data[..msg_len]),
                    want,
                    "key {key_len} msg {msg_len}"
                );
            }
        }
    }

    #[test]
    fn rfc4231_case_2() {
        let mac = HmacSha256Key::new(b"Jefe").mac(b"what do ya want for nothing?");
        let hex: heapless::String<64> = mac
            .iter()
            .flat_map(|b| {
                let d = |n: u8| char::from_digit(u32::from(n), 16).unwrap();
                [d(b >> 4), d(b & 0xF)]
            })
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
