//! Equality of two short byte strings (element and member names) without a call to
//! `memcmp`.
//!
//! Every XML end tag is checked against its open element's name, and every member key
//! is looked up among its struct's names, all a few bytes long. A slice `==` compares
//! lengths and then calls `memcmp`, whose call and set-up cost more than the comparison
//! itself for names this short; here the bytes are compared in (possibly overlapping)
//! words, inlined.

/// Whether `a` and `b` hold the same bytes.
#[inline]
pub(crate) fn same_name(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        // Whole words, then the last word, which may overlap the one before it.
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half_word(a, 0) == half_word(b, 0) && half_word(a, n - 4) == half_word(b, n - 4)
    } else {
        // 0 to 3 bytes: first, middle and last cover them all.
        a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last()
    }
}

/// The eight bytes at `at` (`None` past the end, which the callers never ask for).
#[inline]
fn word(s: &[u8], at: usize) -> Option<u64> {
    let bytes = s.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(bytes).ok().map(u64::from_ne_bytes)
}

/// The four bytes at `at` (`None` past the end, which the callers never ask for).
#[inline]
fn half_word(s: &[u8], at: usize) -> Option<u32> {
    let bytes = s.get(at..at.checked_add(4)?)?;
    <[u8; 4]>::try_from(bytes).ok().map(u32::from_ne_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_slice_equality() {
        let base: [u8; 40] = core::array::from_fn(|i| b'A' + i as u8);
        for len in 0..=base.len() {
            let a = &base[..len];
            assert!(same_name(a, a));
            // One byte changed, at every position.
            for at in 0..len {
                let mut other = base;
                other[at] ^= 0x20;
                assert!(!same_name(a, &other[..len]), "len {len}, byte {at}");
            }
            // Lengths differ: a prefix is not the same name.
            if len > 0 {
                assert!(!same_name(a, &base[..len - 1]));
                assert!(!same_name(&base[..len - 1], a));
            }
        }
        assert!(same_name(b"", b""));
        assert!(!same_name(b"Id", b"ID"));
        assert!(same_name("SnapshotJob".as_bytes(), b"SnapshotJob"));
    }
}
