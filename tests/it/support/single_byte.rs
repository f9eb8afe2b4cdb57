//! The single-byte property of `verify::props`: change one byte of a signed query
//! and see whether it still verifies.
//!
//! The verifier accepts lower-case hex in escapes (`%2f` = `%2F`), so flipping the
//! case of a hex letter inside an escape is the one single-byte change that leaves the
//! decoded parameters identical. It is not skipped: it must verify *and* decode to the
//! same parameters; every other change must be refused.

use mts_codec::verify::VerifyError;

/// The positions of the hex digits of `%XX` escapes in `raw`.
fn escape_digit_positions(raw: &[u8]) -> Vec<bool> {
    let mut in_escape = vec![false; raw.len()];
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            in_escape[i + 1] = true;
            in_escape[i + 2] = true;
            i += 3;
        } else {
            i += 1;
        }
    }
    in_escape
}

/// Whether replacing `raw[i]` by `byte` only flips the case of an escape's hex letter.
fn is_hex_case_flip(raw: &[u8], escape_digit: &[bool], i: usize, byte: u8) -> bool {
    escape_digit[i]
        && raw[i].is_ascii_hexdigit()
        && raw[i].is_ascii_alphabetic()
        && byte != raw[i]
        && byte.eq_ignore_ascii_case(&raw[i])
}

/// Changes the byte at each of `positions` of `raw` to `replacement(i)` (and a letter
/// to its other case) and checks what `verify` says: refused, unless the change is a
/// hex-case flip inside an escape, which must verify with the same decoded parameters
/// as `original`.
pub fn check_single_byte_changes<T: PartialEq + std::fmt::Debug>(
    raw: &[u8],
    positions: impl Iterator<Item = usize>,
    original: &T,
    replacement: impl Fn(usize) -> u8,
    verify: impl Fn(&[u8]) -> Result<T, VerifyError>,
) {
    let escape_digit = escape_digit_positions(raw);
    let mut mutated = raw.to_vec();
    for i in positions {
        let mut bytes = vec![replacement(i)];
        if raw[i].is_ascii_alphabetic() {
            bytes.push(raw[i] ^ 0x20);
        }
        for byte in bytes {
            if byte == raw[i] {
                continue;
            }
            mutated[i] = byte;
            let outcome = verify(&mutated);
            if is_hex_case_flip(raw, &escape_digit, i, byte) {
                assert_eq!(
                    outcome.as_ref(),
                    Ok(original),
                    "hex case flip at {i} must decode alike"
                );
            } else {
                assert!(
                    outcome.is_err(),
                    "byte {i} {:?} -> {:?} still verifies",
                    raw[i] as char,
                    byte as char
                );
            }
        }
        mutated[i] = raw[i];
    }
}
