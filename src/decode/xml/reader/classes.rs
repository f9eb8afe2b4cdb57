//! Byte classes for the scanning loops, and the word-at-a-time search for the next
//! byte of character data that needs a look.

/// Byte classes, looked up once per byte in the scanning loops.
const WHITESPACE: u8 = 1;
const NAME_START: u8 = 2;
const NAME: u8 = 4;
const TEXT_SPECIAL: u8 = 8;
const FORBIDDEN_CONTROL: u8 = 16;
const ASCII_NAME: u8 = 32;

static CLASSES: [u8; 256] = classes();

#[allow(clippy::indexing_slicing, reason = "evaluated at compile time")]
const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            class |= WHITESPACE;
        }
        // ASCII subsets of XML's `NameStartChar` and `NameChar`; every non-ASCII byte
        // may be part of a name (its character is checked by the name reader).
        if b.is_ascii_alphabetic() || matches!(b, b'_' | b':') || b >= 0x80 {
            class |= NAME_START | NAME;
        }
        if b.is_ascii_digit() || matches!(b, b'-' | b'.') {
            class |= NAME;
        }
        if class & NAME != 0 && b < 0x80 {
            class |= ASCII_NAME;
        }
        // C0 controls XML does not allow: all but tab, LF and CR.
        if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
            class |= FORBIDDEN_CONTROL;
        }
        // Where a scan of character data stops and looks: markup, references, `>`
        // (for `]]>`), CR (line ends) and forbidden controls.
        if matches!(b, b'<' | b'&' | b'>' | b'\r') || class & FORBIDDEN_CONTROL != 0 {
            class |= TEXT_SPECIAL;
        }
        table[i] = class;
        i += 1;
    }
    table
}

#[inline]
fn is(b: u8, class: u8) -> bool {
    CLASSES.get(usize::from(b)).is_some_and(|c| c & class != 0)
}

pub(super) fn is_whitespace(b: u8) -> bool {
    is(b, WHITESPACE)
}

pub(super) fn is_name_start(b: u8) -> bool {
    is(b, NAME_START)
}

pub(super) fn is_name_byte(b: u8) -> bool {
    is(b, NAME)
}

/// An ASCII `NameChar`.
pub(super) fn is_ascii_name_byte(b: u8) -> bool {
    is(b, ASCII_NAME)
}

pub(super) fn is_forbidden_control(b: u8) -> bool {
    is(b, FORBIDDEN_CONTROL)
}

/// XML's non-ASCII `NameChar` ranges (inclusive), each with whether it holds
/// `NameStartChar`s too. (The ASCII ones are byte classes.)
static NON_ASCII_NAME_RANGES: [(u32, u32, bool); 15] = [
    (0xB7, 0xB7, false),
    (0xC0, 0xD6, true),
    (0xD8, 0xF6, true),
    (0xF8, 0x2FF, true),
    (0x300, 0x36F, false),
    (0x370, 0x37D, true),
    (0x37F, 0x1FFF, true),
    (0x200C, 0x200D, true),
    (0x203F, 0x2040, false),
    (0x2070, 0x218F, true),
    (0x2C00, 0x2FEF, true),
    (0x3001, 0xD7FF, true),
    (0xF900, 0xFDCF, true),
    (0xFDF0, 0xFFFD, true),
    (0x10000, 0xEFFFF, true),
];

/// For a non-ASCII `c`: `Some(true)` if it may start a name, `Some(false)` if it may
/// only continue one, `None` if no name holds it.
pub(super) fn non_ascii_name_class(c: char) -> Option<bool> {
    let c = u32::from(c);
    NON_ASCII_NAME_RANGES
        .iter()
        .find(|&&(lo, hi, _)| (lo..=hi).contains(&c))
        .map(|&(_, _, start)| start)
}

fn is_text_special(b: u8) -> bool {
    is(b, TEXT_SPECIAL)
}

/// The index of the first [`is_text_special`] byte, eight bytes at a time: a word
/// holding none of `<`, `&`, `>` or a byte below 0x20 is skipped whole (faster than a
/// byte loop on leaf text).
pub(super) fn find_text_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `x` that is zero / below `n` (n <= 0x80). A borrow
    // can also flag a byte above a flagged one, never below: the lowest flag is exact.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        // Little-endian whatever the target, so that bit order is byte order.
        let x = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let flags = below(x, 0x20)
            | zero(x ^ (ONES * u64::from(b'<')))
            | zero(x ^ (ONES * u64::from(b'&')))
            | zero(x ^ (ONES * u64::from(b'>')));
        if flags != 0 {
            let first = (flags.trailing_zeros() / 8) as usize;
            let found = chunk
                .get(first..)
                .and_then(|tail| tail.iter().position(|&b| is_text_special(b)));
            if let Some(i) = found {
                return Some(offset + first + i);
            }
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is_text_special(b))
        .map(|i| offset + i)
}
