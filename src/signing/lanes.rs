//! Sixteen-byte groups for yes/no byte tests. A classification written for 16 lanes
//! (a few vector compares and one byte-mask test) covers a text of any length: whole
//! groups, then the last sixteen bytes again (overlapping, which a yes/no test does
//! not mind), and a text of 4 to 15 bytes as one group of its first and last bytes.
//! Byte by byte, the 4–15-byte values (a version, a region, an id's tail) took about
//! 40 instructions each (measured).

/// Whether `group` finds something in `bytes`, looked at sixteen bytes at a time as
/// the module says; `byte` decides for a text of fewer than 4 bytes.
///
/// Used by the header-value check of v3 (a control byte) and the unreserved-bytes
/// check of ids and key ids (a byte to escape).
#[inline(always)]
pub(crate) fn any_in_groups(
    bytes: &[u8],
    group: impl Fn(&[u8; 16]) -> bool,
    byte: impl Fn(u8) -> bool,
) -> bool {
    if let Some(last) = bytes.last_chunk::<16>() {
        let mut rest = bytes;
        while let Some((g, after)) = rest.split_first_chunk::<16>() {
            if group(g) {
                return true;
            }
            rest = after;
        }
        return !rest.is_empty() && group(last);
    }
    if let (Some(head), Some(end)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        return group(&concat8(head, end));
    }
    if let (Some(head), Some(end)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return group(&concat4(head, end));
    }
    bytes.iter().any(|&b| byte(b))
}

/// `a` then `b`. (Written as lanes: the compiler keeps them in one vector register,
/// where shifting them into a `u128` made it classify byte by byte.)
#[inline(always)]
pub(crate) fn concat8(a: &[u8; 8], b: &[u8; 8]) -> [u8; 16] {
    let [a0, a1, a2, a3, a4, a5, a6, a7] = *a;
    let [b0, b1, b2, b3, b4, b5, b6, b7] = *b;
    [
        a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7,
    ]
}

/// `a`, `b`, `a`, `b`: a group of real bytes only, so the classification holds.
#[inline(always)]
pub(crate) fn concat4(a: &[u8; 4], b: &[u8; 4]) -> [u8; 16] {
    let [a0, a1, a2, a3] = *a;
    let [b0, b1, b2, b3] = *b;
    [
        a0, a1, a2, a3, b0, b1, b2, b3, a0, a1, a2, a3, b0, b1, b2, b3,
    ]
}
