//! A small stack buffer that the encoder fills byte by byte and hands on in chunks:
//! whole blocks to the MAC, or runs of text to a `fmt::Write`.
//!
//! Writing each escape or short run through `fmt::Write::write_str` costs a call and a
//! `memcpy` per piece; a 10-id request has about a hundred pieces per pass. Filling a
//! local buffer keeps the hot loop to loads, a table look-up and stores, with an
//! 8-bytes-at-a-time path for runs of unreserved bytes (hex ids, names, digits).

use core::fmt;

use super::hmac_sha1::HmacState;
use super::percent;

/// Where full chunks go.
pub(crate) trait Flush<const N: usize> {
    /// Takes a full chunk.
    fn full(&mut self, chunk: &[u8; N]) -> fmt::Result;
}

/// A buffer of `N` bytes in front of a [`Flush`].
pub(crate) struct Chunked<F, const N: usize> {
    buf: [u8; N],
    len: usize,
    sink: F,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte set where `lo <= byte <= hi` (bytes below 0x80 only).
#[inline(always)]
const fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    let ge_lo = w.wrapping_add(ONES.wrapping_mul(0x80 - lo as u64));
    let gt_hi = w.wrapping_add(ONES.wrapping_mul(0x7f - hi as u64));
    ge_lo & !gt_hi & HIGH
}

/// Whether all 8 bytes of `w` are unreserved (`A–Z a–z 0–9 - . _ ~`).
#[inline(always)]
const fn all_unreserved(w: u64) -> bool {
    if w & HIGH != 0 {
        return false;
    }
    let ok = in_range(w, b'0', b'9')
        | in_range(w, b'A', b'Z')
        | in_range(w, b'a', b'z')
        | in_range(w, b'-', b'.')
        | in_range(w, b'_', b'_')
        | in_range(w, b'~', b'~');
    ok == HIGH
}

impl<F: Flush<N>, const N: usize> Chunked<F, N> {
    pub(crate) const fn new(sink: F) -> Self {
        Self {
            buf: [0; N],
            len: 0,
            sink,
        }
    }

    /// The sink, and the bytes not yet handed on.
    pub(crate) fn into_parts(self) -> (F, heapless::Vec<u8, N>) {
        let tail = heapless::Vec::from_slice(self.buf.get(..self.len).unwrap_or_default());
        (self.sink, tail.unwrap_or_default())
    }

    /// Appends `bytes` as they are.
    #[inline]
    pub(crate) fn raw(&mut self, bytes: &[u8]) -> fmt::Result {
        let Self { buf, len, sink } = self;
        let mut n = *len;
        for &b in bytes {
            if let Some(slot) = buf.get_mut(n) {
                *slot = b;
            }
            n += 1;
            if n == N {
                n = 0;
                sink.full(buf)?;
            }
        }
        *len = n;
        Ok(())
    }

    /// Appends `text` percent-encoded once (`twice == false`) or twice.
    ///
    /// The fill level lives in a local for the whole call (the compiler would otherwise
    /// reload and store it around every byte), and groups of 8 unreserved bytes are
    /// copied in one store.
    #[inline]
    pub(crate) fn encoded(&mut self, text: &[u8], twice: bool) -> fmt::Result {
        let Self { buf, len, sink } = self;
        let mut n = *len;
        let mut rest = text;
        while !rest.is_empty() {
            // Room for the worst case of the next group (8 bytes, 5 output bytes each).
            if n + 40 > N {
                for &b in rest.iter().take(8) {
                    n = put_encoded(buf, n, sink, b, twice)?;
                }
                rest = rest.get(8..).unwrap_or_default();
                continue;
            }
            if let Some((group, tail)) = rest.split_first_chunk::<8>() {
                let w = u64::from_le_bytes(*group);
                if all_unreserved(w) {
                    if let Some(slot) = buf.get_mut(n..n + 8) {
                        slot.copy_from_slice(group);
                    }
                    n += 8;
                } else {
                    for &b in group {
                        n = put_fast(buf, n, b, twice);
                    }
                }
                rest = tail;
            } else {
                for &b in rest {
                    n = put_fast(buf, n, b, twice);
                }
                rest = &[];
            }
            if n == N {
                n = 0;
                sink.full(buf)?;
            }
        }
        *len = n;
        if *len == N {
            *len = 0;
            sink.full(buf)?;
        }
        Ok(())
    }
}

/// Writes the encoding of `b` at `n` (room for 5 bytes is guaranteed by the caller);
/// returns the new fill level.
#[inline(always)]
fn put_fast<const N: usize>(buf: &mut [u8; N], n: usize, b: u8, twice: bool) -> usize {
    if percent::is_unreserved(b) {
        if let Some(slot) = buf.get_mut(n) {
            *slot = b;
        }
        n + 1
    } else {
        let [hi, lo] = percent::hex_digits(b);
        let (bytes, len) = if twice {
            ([b'%', b'2', b'5', hi, lo], 5)
        } else {
            ([b'%', hi, lo, 0, 0], 3)
        };
        if let Some(slot) = buf.get_mut(n..n + 5) {
            slot.copy_from_slice(&bytes);
        }
        n + len
    }
}

/// Like [`put_fast`], handing on a full chunk when needed.
#[inline]
fn put_encoded<F: Flush<N>, const N: usize>(
    buf: &mut [u8; N],
    mut n: usize,
    sink: &mut F,
    b: u8,
    twice: bool,
) -> Result<usize, fmt::Error> {
    let mut one = [0u8; 5];
    let used = put_fast(&mut one, 0, b, twice);
    for &c in one.get(..used).unwrap_or_default() {
        if let Some(slot) = buf.get_mut(n) {
            *slot = c;
        }
        n += 1;
        if n == N {
            n = 0;
            sink.full(buf)?;
        }
    }
    Ok(n)
}

impl<const N: usize> Flush<N> for HmacState {
    #[inline]
    fn full(&mut self, chunk: &[u8; N]) -> fmt::Result {
        // N is a multiple of the SHA-1 block size (checked in `Signature::compute`).
        self.blocks(chunk);
        Ok(())
    }
}

/// Hands chunks of ASCII text to a `fmt::Write`.
pub(crate) struct ToFmt<'w, W: ?Sized>(pub(crate) &'w mut W);

impl<W: fmt::Write + ?Sized, const N: usize> Flush<N> for ToFmt<'_, W> {
    #[inline]
    fn full(&mut self, chunk: &[u8; N]) -> fmt::Result {
        // Encoder output is ASCII, so this conversion does not fail.
        self.0
            .write_str(core::str::from_utf8(chunk).map_err(|_| fmt::Error)?)
    }
}

impl<W: fmt::Write + ?Sized, const N: usize> Chunked<ToFmt<'_, W>, N> {
    /// Hands on the last partial chunk.
    pub(crate) fn finish(self) -> fmt::Result {
        let (sink, tail) = self.into_parts();
        sink.0
            .write_str(core::str::from_utf8(tail.as_slice()).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn swar_agrees_with_the_table() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut w = [b'a'; 8];
                w[pos] = b;
                assert_eq!(
                    all_unreserved(u64::from_le_bytes(w)),
                    percent::is_unreserved(b),
                    "byte {b:#04x} at {pos}"
                );
            }
        }
    }

    #[test]
    fn chunked_encoding_equals_percent_encode() {
        let samples = [
            "",
            "a",
            "abcdefgh",
            "abcdefghi",
            "0123456789abcdef0123456789abcdef,x",
            "2024-01-01T00:00:00Z",
            "id with space, ünïcode ~*'()!",
            "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        ];
        fn run<const N: usize>(parts: &[&str], twice: bool) -> heapless::String<2048> {
            let mut out = heapless::String::<2048>::new();
            let mut c = Chunked::<_, N>::new(ToFmt(&mut out));
            for p in parts {
                c.encoded(p.as_bytes(), twice).unwrap();
            }
            c.raw(b"&").unwrap();
            c.finish().unwrap();
            out
        }
        for twice in [false, true] {
            for s in samples {
                // Repeated so that chunk boundaries fall everywhere.
                let parts = [s, s, "x", s, s, s];
                let mut joined = heapless::String::<1024>::new();
                for p in parts {
                    joined.push_str(p).unwrap();
                }
                let s = joined.as_str();
                let out = run::<16>(&parts, twice);
                assert_eq!(out, run::<64>(&parts, twice));
                assert_eq!(out, run::<256>(&parts, twice));
                let mut want = heapless::String::<1024>::new();
                percent::encode(s, &mut want).unwrap();
                if twice {
                    let once = want.clone();
                    want.clear();
                    percent::encode(&once, &mut want).unwrap();
                }
                want.push('&').unwrap();
                assert_eq!(out, want, "{s:?} twice={twice}");
            }
        }
    }
}
