//! RFC 3986 percent-encoding, the one encoder used for the string-to-sign and the wire.
//!
//! Only the unreserved bytes `A–Z a–z 0–9 - _ . ~` stay literal; every other byte becomes
//! `%XX` with upper-case hex. A space is `%20`, never `+`. This is what the Alibaba Cloud
//! SDKs produce (they get there by form-encoding and then patching `+`, `*` and `%7E`),
//! and using the same encoder for the signature and the URL rules out the classic
//! "signed one encoding, sent another" mismatch.

use core::fmt;

use super::lanes::any_in_groups;

/// `true` for the RFC 3986 unreserved bytes.
// Built at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = unreserved(b as u8);
        b += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `%00%01…%FF`: the escape of byte `b` is the 3 bytes at `3 * b`.
// Built at compile time: an out-of-range index would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
const ESCAPES: [u8; 768] = {
    let mut out = [0u8; 768];
    let mut b = 0;
    while b < 256 {
        out[3 * b] = b'%';
        out[3 * b + 1] = HEX[b >> 4];
        out[3 * b + 2] = HEX[b & 0xF];
        b += 1;
    }
    out
};

const ESCAPES_STR: &str = match core::str::from_utf8(&ESCAPES) {
    Ok(s) => s,
    Err(_) => "",
};

/// Bytes classified at once by [`reserved_lanes`].
pub(crate) const LANES: usize = 16;

/// The bytes of `group` classified at once: byte `i` of the result (little-endian) is
/// `0xFF` when `group[i]` must be escaped and `0` when it is written as it is.
///
/// Agrees with the `UNRESERVED` table (a unit test checks every byte value in every
/// position). It is written as independent per-lane arithmetic so that the compiler
/// can classify all 16 bytes with a handful of SIMD compares (SSE2 on x86-64, NEON on
/// AArch64, scalar code elsewhere). `reserved_lanes(g) == 0` means "copy all 16
/// bytes", and `trailing_zeros() / 8` is the length of the leading literal run.
#[inline(always)]
pub(crate) fn reserved_lanes(group: &[u8; LANES]) -> u128 {
    u128::from_le_bytes(reserved_bytes(group))
}

/// [`reserved_lanes`] as an array: `0xFF` where a byte must be escaped, else `0`.
#[inline(always)]
fn reserved_bytes(group: &[u8; LANES]) -> [u8; LANES] {
    let mut lanes = [0u8; LANES];
    for (lane, &b) in lanes.iter_mut().zip(group) {
        // Each range test is "above the range's end", as a signed compare of the byte
        // moved so that the range starts at -128: SSE2 has a signed byte compare
        // (`pcmpgtb`) but no unsigned one, which took a `pminub` and a `pcmpeqb` per
        // range (measured: 17 vector instructions a group instead of 21).
        // `b | 0x20` folds `A–Z` onto `a–z` and maps nothing else into `a–z`.
        let not_alpha = ((b | 0x20).wrapping_sub(b'a') ^ 0x80) as i8 > i8::MIN + 25;
        // `-` `.` `/` and the digits are 0x2D..=0x39; only `/` is reserved among them.
        let not_dash_dot_digit = (b.wrapping_sub(b'-') ^ 0x80) as i8 > i8::MIN + 12;
        let reserved = not_alpha & (not_dash_dot_digit | (b == b'/')) & (b != b'_') & (b != b'~');
        *lane = if reserved { 0xFF } else { 0 };
    }
    lanes
}

/// Whether any byte of `group` must be escaped.
///
/// The lanes are OR-ed together rather than read as one integer: the compiler turns
/// this into a byte-mask instruction and a test (`pmovmskb` on x86-64), where the
/// 128-bit integer went through a stack slot and two 64-bit reloads.
#[inline(always)]
pub(crate) fn any_reserved(group: &[u8; LANES]) -> bool {
    reserved_bytes(group)
        .iter()
        .fold(0, |any, &lane| any | lane)
        != 0
}

/// The rule itself: `A–Z a–z 0–9 - _ . ~`. (The `UNRESERVED` table and
/// [`is_literal`] are built on it; `reserved_bytes` is its 16-lane form, held to the
/// table by a unit test.)
const fn unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~'
}

/// Whether every byte of `text` is unreserved, so that encoding leaves it as it is
/// (once or twice). A `const fn`, one byte at a time: for the names a signer is made
/// with, checked at compile time when the signer is a `const`. At run time
/// [`is_literal_bytes`] is the same test, 16 bytes at a time.
pub(crate) const fn is_literal(text: &str) -> bool {
    let mut rest = text.as_bytes();
    while let [b, tail @ ..] = rest {
        if !unreserved(*b) {
            return false;
        }
        rest = tail;
    }
    true
}

/// [`is_literal`] at run time, sixteen bytes at a time ([`any_in_groups`]). Finding
/// where the first reserved byte is ([`literal_prefix_len`]) costs more, and the
/// callers only ask whether there is one: measured at about 40 instructions a group,
/// against about 15 here.
#[inline]
pub(crate) fn is_literal_bytes(bytes: &[u8]) -> bool {
    !any_in_groups(bytes, any_reserved, |b| !is_unreserved(b))
}

/// How many leading bytes of `bytes` are unreserved: 16 at a time, then one by one.
#[inline]
pub(crate) fn literal_prefix_len(bytes: &[u8]) -> usize {
    let mut done = 0;
    let mut rest = bytes;
    while let Some((group, tail)) = rest.split_first_chunk::<LANES>() {
        let mask = reserved_lanes(group);
        if mask != 0 {
            return done + (mask.trailing_zeros() / 8) as usize;
        }
        done += LANES;
        rest = tail;
    }
    done + rest.iter().take_while(|&&b| is_unreserved(b)).count()
}

/// The escape of `byte` (a reserved byte), once (`%XX`) or twice (`%25XX`), as 8
/// bytes to store, and how many of them count. Lets the encoder write an escape with
/// one 8-byte store.
///
/// Two hex-digit loads rather than a table of 256 words per form: those took 4 KiB
/// of the wasm module.
#[inline(always)]
pub(crate) fn escape_word(byte: u8, twice: bool) -> ([u8; 8], usize) {
    // A nibble always indexes the 16 digits; the fallback is unreachable.
    let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
    let (high, low) = (hex(byte >> 4), hex(byte & 0xF));
    if twice {
        ([b'%', b'2', b'5', high, low, 0, 0, 0], 5)
    } else {
        ([b'%', high, low, 0, 0, 0, 0, 0], 3)
    }
}

/// [`escape_word`] for any byte: an unreserved one is itself, one byte long.
#[inline(always)]
pub(crate) fn encoding_word(byte: u8, twice: bool) -> ([u8; 8], usize) {
    if is_unreserved(byte) {
        ([byte, 0, 0, 0, 0, 0, 0, 0], 1)
    } else {
        escape_word(byte, twice)
    }
}

/// Whether `byte` is written literally (`A–Z a–z 0–9 - _ . ~`).
#[inline]
pub fn is_unreserved(byte: u8) -> bool {
    // A `u8` always indexes a 256-entry table; the fallback is unreachable.
    UNRESERVED.get(usize::from(byte)).copied().unwrap_or(false)
}

/// The length of `bytes` once percent-encoded.
///
/// ```
/// use mts_codec::signing::percent;
/// assert_eq!(percent::encoded_len(b"a,b c~"), 10); // a %2C b %20 c ~
/// ```
#[inline]
pub fn encoded_len(bytes: &[u8]) -> usize {
    bytes.len() + 2 * escaped_count(bytes)
}

/// How many bytes of `bytes` are escaped.
#[inline]
fn escaped_count(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = bytes;
    while let Some((group, tail)) = rest.split_first_chunk::<LANES>() {
        count += (reserved_lanes(group).count_ones() / 8) as usize;
        rest = tail;
    }
    count + rest.iter().filter(|&&b| !is_unreserved(b)).count()
}

/// The length of `bytes` once percent-encoded twice (the form it takes inside the
/// string-to-sign): 1 for an unreserved byte, 5 (`%25XX`) for any other.
#[inline]
pub(crate) fn double_encoded_len(bytes: &[u8]) -> usize {
    bytes.len() + 4 * escaped_count(bytes)
}

/// The `%XX` escape of `byte`.
#[inline]
fn escape(byte: u8) -> &'static str {
    let at = 3 * usize::from(byte);
    ESCAPES_STR.get(at..at + 3).unwrap_or("")
}

/// Writes `text` percent-encoded. Runs of unreserved bytes are written in one call.
///
/// ```
/// use mts_codec::signing::percent;
/// let mut out = heapless::String::<32>::new();
/// percent::encode("2024-01-01T00:00:00Z", &mut out).unwrap();
/// assert_eq!(out, "2024-01-01T00%3A00%3A00Z");
/// ```
///
/// # Errors
/// Only what `out` returns (for example a full `heapless::String`).
#[inline]
pub fn encode<W: fmt::Write + ?Sized>(text: &str, out: &mut W) -> fmt::Result {
    encode_with(text, out, escape)
}

#[inline(always)]
fn encode_with<W: fmt::Write + ?Sized>(
    text: &str,
    out: &mut W,
    escape: fn(u8) -> &'static str,
) -> fmt::Result {
    let mut rest = text;
    while !rest.is_empty() {
        let run = literal_prefix_len(rest.as_bytes());
        // The run is ASCII and the byte after it starts a char or is ASCII, so `run`
        // is a char boundary.
        let (literal, tail) = rest.split_at_checked(run).unwrap_or((rest, ""));
        if !literal.is_empty() {
            out.write_str(literal)?;
        }
        let Some(c) = tail.chars().next() else { break };
        let mut utf8 = [0u8; 4];
        for &b in c.encode_utf8(&mut utf8).as_bytes() {
            out.write_str(escape(b))?;
        }
        rest = tail.get(c.len_utf8()..).unwrap_or("");
    }
    Ok(())
}

/// Writes arbitrary bytes percent-encoded (for values that are not UTF-8 text).
///
/// ```
/// use mts_codec::signing::percent;
/// let mut out = heapless::String::<16>::new();
/// percent::encode_bytes(&[0xff, b'a', b' '], &mut out).unwrap();
/// assert_eq!(out, "%FFa%20");
/// ```
///
/// # Errors
/// Only what `out` returns.
pub fn encode_bytes<W: fmt::Write + ?Sized>(bytes: &[u8], out: &mut W) -> fmt::Result {
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest.iter().take_while(|&&b| is_unreserved(b)).count();
        let (literal, tail) = rest.split_at(run);
        if !literal.is_empty() {
            // Unreserved bytes are ASCII, hence valid UTF-8.
            out.write_str(core::str::from_utf8(literal).map_err(|_| fmt::Error)?)?;
        }
        if let Some((&b, tail)) = tail.split_first() {
            out.write_str(escape(b))?;
            rest = tail;
        } else {
            rest = tail;
        }
    }
    Ok(())
}

/// `text`, percent-encoded when displayed.
///
/// ```
/// use mts_codec::signing::percent::Encoded;
/// assert_eq!(Encoded("a+b/c=").to_string(), "a%2Bb%2Fc%3D");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded<'a>(pub &'a str);

impl Encoded<'_> {
    /// The length of the encoded text.
    pub fn len(&self) -> usize {
        encoded_len(self.0.as_bytes())
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        encode(self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapless::String;

    fn enc(s: &str) -> String<256> {
        let mut out = String::new();
        encode(s, &mut out).unwrap();
        out
    }

    #[test]
    fn unreserved_set_is_exactly_rfc3986() {
        const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
        for b in 0..=255u8 {
            assert_eq!(is_unreserved(b), SET.contains(&b), "byte {b:#04x}");
        }
        assert_eq!((0..=255u8).filter(|&b| is_unreserved(b)).count(), 66);
    }

    #[test]
    fn lanes_agree_with_the_table() {
        for b in 0..=255u8 {
            for pos in 0..LANES {
                let mut g = [b'a'; LANES];
                g[pos] = b;
                let mask = reserved_lanes(&g);
                let want = if is_unreserved(b) {
                    0
                } else {
                    0xFFu128 << (8 * pos)
                };
                assert_eq!(mask, want, "byte {b:#04x} at {pos}");
                assert_eq!(any_reserved(&g), want != 0, "byte {b:#04x} at {pos}");
            }
        }
        let g = *b"\xffa\x80~\xc3-/Z _.09AZa";
        assert_eq!(reserved_lanes(&g), 0xFF_00FF_00FF_00FF_00FF);
    }

    #[test]
    fn literal_prefix_and_lengths() {
        for s in [
            "",
            "abc",
            "abcdefgh",
            "abcdefghi,",
            "0123456789abcdef0123,x",
            "0123456789abcdef0123456789abcdef,",
            "é",
            "a b",
            "~~~~~~~~~~~~~~~~~~/",
        ] {
            let want = s.bytes().take_while(|&b| is_unreserved(b)).count();
            assert_eq!(literal_prefix_len(s.as_bytes()), want, "{s:?}");
            assert_eq!(encoded_len(s.as_bytes()), enc(s).len(), "{s:?}");
        }
    }

    #[test]
    fn the_run_time_literal_test_agrees_with_the_const_one() {
        // Every length through three groups, literal or with one reserved byte at
        // each position: the group loop, the overlapping last group and the short
        // byte-by-byte case.
        for len in 0..50 {
            for at in (0..=len).rev() {
                let text: heapless::String<64> = (0..len)
                    .map(|i| {
                        if i == at {
                            '/'
                        } else {
                            (b'a' + (i % 26) as u8) as char
                        }
                    })
                    .collect();
                assert_eq!(
                    is_literal_bytes(text.as_bytes()),
                    is_literal(&text),
                    "{text:?}"
                );
                assert_eq!(is_literal(&text), at == len, "{text:?}");
            }
        }
    }

    #[test]
    fn encoding_words_agree_with_encode() {
        for b in 0..=127u8 {
            let text = [b];
            let text = core::str::from_utf8(&text).unwrap();
            let once = enc(text);
            let twice = enc(&once);
            for (want, double) in [(once.as_str(), false), (twice.as_str(), true)] {
                let (word, len) = encoding_word(b, double);
                assert_eq!(&word[..len], want.as_bytes(), "byte {b:#04x}");
            }
        }
        for b in 128..=255u8 {
            assert_eq!(encoding_word(b, false).1, 3);
            assert_eq!(encoding_word(b, true).1, 5);
        }
    }

    #[test]
    fn known_encodings() {
        assert_eq!(enc("a b"), "a%20b");
        assert_eq!(enc("~-_."), "~-_.");
        assert_eq!(enc("*'()!+/=&,:"), "%2A%27%28%29%21%2B%2F%3D%26%2C%3A");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("%"), "%25");
        assert_eq!(enc(""), "");
    }

    #[test]
    fn double_encoded_len_is_len_of_encode_of_encode() {
        for s in ["a b", "2024-01-01T00:00:00Z", "x,y", "é~", ""] {
            assert_eq!(double_encoded_len(s.as_bytes()), enc(&enc(s)).len());
        }
    }
}
