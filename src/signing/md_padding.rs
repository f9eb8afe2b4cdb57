//! The final block(s) of a Merkle–Damgård hash with 64-byte blocks and a 64-bit
//! big-endian bit length, as SHA-1 and SHA-256 pad their messages (FIPS 180-4 §5.1.1).

use zeroize::Zeroize;

use super::hmac_key_schedule::BLOCK;

/// Pads `tail` (fewer than [`BLOCK`] bytes: the message after its whole blocks) and
/// compresses the last one or two blocks into `state`; `total_len` is the length in
/// bytes of everything hashed into `state`, `tail` included.
pub(crate) fn compress_final<S>(
    state: &mut S,
    tail: &[u8],
    total_len: u64,
    compress: impl Fn(&mut S, &[u8; BLOCK]),
) {
    let bits = total_len.wrapping_mul(8);
    let mut last = [0u8; BLOCK];
    let n = tail.len().min(BLOCK - 1);
    if let (Some(head), Some(src)) = (last.get_mut(..n), tail.get(..n)) {
        head.copy_from_slice(src);
    }
    if let Some(b) = last.get_mut(n) {
        *b = 0x80;
    }
    if n >= BLOCK - 8 {
        compress(state, &last);
        last = [0u8; BLOCK];
    }
    if let Some(len) = last.get_mut(BLOCK - 8..) {
        len.copy_from_slice(&bits.to_be_bytes());
    }
    compress(state, &last);
    last.zeroize();
}
