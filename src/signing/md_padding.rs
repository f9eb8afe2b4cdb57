//! The final block(s) of a Merkle–Damgård hash with 64-byte blocks and a 64-bit
//! big-endian bit length, as SHA-1 and SHA-256 pad their messages (FIPS 180-4 §5.1.1).

use zeroize::Zeroize;

use super::hmac_key_schedule::BLOCK;

/// What the message's last bytes are, hence whether their padded copy is wiped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tail {
    /// A string-to-sign or a digest: nothing to wipe.
    Public,
    /// Key material (an HMAC key longer than a block, hashed first): wiped.
    Secret,
}

/// Pads `tail` (fewer than [`BLOCK`] bytes: the message after its whole blocks) and
/// compresses the last one or two blocks into `state`; `total_len` is the length in
/// bytes of everything hashed into `state`, `tail` included.
///
/// The padded copy is wiped only for a [`Tail::Secret`]: `zeroize` writes the 64
/// bytes one volatile store at a time, measured at about 130 instructions, paid
/// twice per v3 signature and once per v1 signature for text that is public anyway.
pub(crate) fn compress_final<S>(
    state: &mut S,
    tail: &[u8],
    total_len: u64,
    compress: impl Fn(&mut S, &[u8; BLOCK]),
    kind: Tail,
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
    if kind == Tail::Secret {
        last.zeroize();
    }
}
