//! HMAC-SHA1 (RFC 2104) over RustCrypto's SHA-1 compression function, with the keyed
//! state computed once per [`Credentials`](super::Credentials) and wiped on drop.
//!
//! Why not the `hmac` crate: its keyed state cannot be zeroed (no `Zeroize`, and this
//! crate forbids `unsafe`), and keying it per request costs two of the ~14 compressions
//! a 10-id request needs. Here the two keyed states are plain `[u32; 5]` arrays this
//! module owns. Checked against the `hmac` crate by property tests and against the
//! published signatures.

use sha1::Digest as _;
use sha1::digest::block_buffer::{BlockBuffer, Eager};
use sha1::digest::generic_array::GenericArray;
use sha1::digest::typenum::U64;
use zeroize::Zeroize;

use super::hmac_key_schedule::{BLOCK, key_schedule};
use super::md_padding::{Tail, compress_final};
const IV: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// One SHA-1 compression of `block` into `state`.
#[inline]
pub(crate) fn compress(state: &mut [u32; 5], block: &[u8; BLOCK]) {
    let block: &GenericArray<u8, _> = block.into();
    sha1::compress(state, core::slice::from_ref(block));
}

/// The HMAC key schedule: SHA-1 states after the `ipad` and `opad` blocks.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: [u32; 5],
    outer: [u32; 5],
}

impl HmacKey {
    pub(crate) fn new(key: &[u8]) -> Self {
        let (inner, outer) = if key.len() > BLOCK {
            let mut digest: [u8; 20] = sha1::Sha1::digest(key).into();
            let schedule = key_schedule(&digest, IV, compress);
            digest.zeroize();
            schedule
        } else {
            key_schedule(key, IV, compress)
        };
        Self { inner, outer }
    }

    /// A MAC over a message streamed in whole blocks by the caller.
    pub(crate) fn start(&self) -> HmacState {
        HmacState {
            state: self.inner,
            outer: self.outer,
            blocks: 0,
        }
    }
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

/// A running HMAC-SHA1: fed whole 64-byte blocks, finished with the last partial one.
pub(crate) struct HmacState {
    state: [u32; 5],
    outer: [u32; 5],
    blocks: u64,
}

impl HmacState {
    /// Feeds the whole 64-byte blocks of `data`; returns the remainder.
    #[inline]
    pub(crate) fn blocks<'d>(&mut self, data: &'d [u8]) -> &'d [u8] {
        let whole = data.len() / BLOCK * BLOCK;
        let (blocks, rest) = data.split_at_checked(whole).unwrap_or((&[], data));
        if !blocks.is_empty() {
            // One call for the whole run: SHA-1's hardware path (x86 SHA extensions)
            // keeps the state in registers from block to block, and the CPU-feature
            // check runs once. `block_buffer` (sha1's own buffer, re-exported) is the
            // safe way from bytes to a slice of blocks; it is left empty.
            let state = &mut self.state;
            let mut buffer = BlockBuffer::<U64, Eager>::default();
            buffer.digest_blocks(blocks, |blocks| sha1::compress(state, blocks));
            self.blocks += (whole / BLOCK) as u64;
        }
        rest
    }

    /// Pads the last `tail` (shorter than a block) and returns the 20-byte MAC. Call
    /// it once: the state is spent (and wiped when it drops).
    pub(crate) fn finish(&mut self, tail: &[u8]) -> [u8; 20] {
        // The message length counts the ipad block.
        let total = (self.blocks + 1)
            .wrapping_mul(BLOCK as u64)
            .wrapping_add(tail.len() as u64);
        compress_final(&mut self.state, tail, total, compress, Tail::Public);

        // Outer hash: opad state, then the inner digest (20 bytes), padded.
        let mut block = [0u8; BLOCK];
        for (chunk, word) in block.chunks_exact_mut(4).zip(self.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        if let Some(b) = block.get_mut(20) {
            *b = 0x80;
        }
        if let Some(len) = block.get_mut(BLOCK - 8..) {
            len.copy_from_slice(&(((BLOCK + 20) * 8) as u64).to_be_bytes());
        }
        let mut out_state = self.outer;
        compress(&mut out_state, &block);
        let mut mac = [0u8; 20];
        for (chunk, word) in mac.chunks_exact_mut(4).zip(out_state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out_state.zeroize();
        mac
    }
}

impl Drop for HmacState {
    fn drop(&mut self) {
        self.state.zeroize();
        self.outer.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};

    fn ours(key: &[u8], msg: &[u8]) -> [u8; 20] {
        let mut st = HmacKey::new(key).start();
        let rest = st.blocks(msg);
        st.finish(rest)
    }

    fn reference(key: &[u8], msg: &[u8]) -> [u8; 20] {
        let mut m = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
        m.update(msg);
        m.finalize().into_bytes().into()
    }

    #[test]
    fn matches_the_hmac_crate() {
        let data: [u8; 300] = core::array::from_fn(|i| (i * 7 + 3) as u8);
        for key_len in [0, 1, 11, 63, 64, 65, 129] {
            for msg_len in (0..200).chain([255, 256, 299]) {
                let key = &data[..key_len];
                let msg = &data[..msg_len];
                assert_eq!(
                    ours(key, msg),
                    reference(key, msg),
                    "key {key_len} msg {msg_len}"
                );
            }
        }
    }

    #[test]
    fn rfc2202_case_2() {
        let mac = ours(b"Jefe", b"what do ya want for nothing?");
        let want = [
            0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74, 0x16, 0xd5, 0xf1, 0x84,
            0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79,
        ];
        assert_eq!(mac, want);
    }
}
