//! The HMAC key schedule (RFC 2104), shared by HMAC-SHA1 (v1) and HMAC-SHA256 (v3):
//! the hash states after one block of `key ^ ipad` and one of `key ^ opad`, computed
//! once per key so that each signature starts from them. Every buffer that held key
//! material is wiped before returning.

use zeroize::Zeroize;

/// The block size of SHA-1 and SHA-256.
pub(crate) const BLOCK: usize = 64;

/// `(inner, outer)`: `compress(iv, key ^ 0x36…)` and `compress(iv, key ^ 0x5c…)`.
///
/// `key` must be at most one block; callers hash a longer key first, as RFC 2104 says.
pub(crate) fn key_schedule<S: Copy>(
    key: &[u8],
    iv: S,
    compress: impl Fn(&mut S, &[u8; BLOCK]),
) -> (S, S) {
    let mut block = [0u8; BLOCK];
    if let Some(head) = block.get_mut(..key.len()) {
        head.copy_from_slice(key);
    }
    let mut pad = [0u8; BLOCK];
    let mut keyed = |xor: u8| {
        for (p, k) in pad.iter_mut().zip(&block) {
            *p = k ^ xor;
        }
        let mut state = iv;
        compress(&mut state, &pad);
        state
    };
    let schedule = (keyed(0x36), keyed(0x5c));
    pad.zeroize();
    block.zeroize();
    schedule
}
