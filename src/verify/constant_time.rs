//! Comparing a received signature with the computed one in constant time.

/// Whether `a == b`, in time that depends only on the lengths (not secret): `==` exits
/// at the first difference, letting an attacker guess a signature byte by byte.
/// `black_box` keeps the optimizer from restoring the early exit.
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
