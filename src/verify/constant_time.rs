//! Comparing a received signature with the computed one without leaking, through the
//! time taken, how many leading bytes agree.

/// Whether `a == b`, in time that depends only on the lengths.
///
/// Every byte pair is XOR-ed and the differences OR-ed together, with no early exit;
/// [`core::hint::black_box`] keeps the optimizer from turning the fold back into a
/// short-circuiting comparison. The lengths are not secret (a v1 signature is always 28
/// base64 characters, a v3 one 64 hex digits), so unequal lengths return at once.
///
/// This is a best effort at the source level, as in every pure-Rust constant-time
/// comparison: it prevents the byte-by-byte early exit of `==` (a timing oracle that
/// lets an attacker guess a valid signature one byte at a time), not every conceivable
/// compiler or microarchitectural effect.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| acc | core::hint::black_box(x ^ y));
    core::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_when_every_byte_is() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"xbc"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        // Every single-bit flip at every position is seen.
        let base = *b"OLeaidS1JvxuMvnyHOwuJ+uX5qY=";
        for i in 0..base.len() {
            for bit in 0..8 {
                let mut other = base;
                other[i] ^= 1 << bit;
                assert!(!constant_time_eq(&base, &other), "byte {i} bit {bit}");
            }
        }
    }
}
