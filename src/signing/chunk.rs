//! A stack buffer that the encoder fills and hands on in large pieces: whole blocks to
//! the MAC, or runs of text to a `fmt::Write`.
//!
//! Writing each escape or short run through `fmt::Write::write_str` costs a call and a
//! `memcpy` per piece; a 10-id request has about a hundred pieces per pass. Filling a
//! local buffer keeps the hot loop to loads, a word classification and stores:
//! the encoder copies 16 input bytes at a time into the buffer, classifies them with
//! [`percent::any_reserved`], and keeps all 16 when none is reserved (hex ids, names,
//! digits); otherwise it keeps the literal run before the first reserved byte and
//! escapes that byte.
//! The buffer is handed on only when the next step might not fit, so the per-byte
//! work has no "is the block full" test.
//!
//! A hash sink also takes blocks early ([`Flush::EARLY_AFTER`]): a block is
//! hashed while the encoder is still writing the text a few blocks further on, so
//! the processor runs the encoder in the shadow of the hash's long dependency chain
//! instead of after it.

use core::fmt;

use super::hmac_sha1::HmacState;
use super::lanes::{concat4, concat8};
use super::percent;

/// Where the buffered bytes go.
pub(crate) trait Flush {
    /// Takes a prefix of `data` and returns its length: the MAC takes whole 64-byte
    /// blocks (at most 63 bytes stay behind), a text sink takes everything.
    fn take(&mut self, data: &[u8]) -> Result<usize, fmt::Error>;

    /// Once this many bytes wait in the buffer, the oldest [`EARLY_TAKE`](Self::EARLY_TAKE)
    /// go to [`take`](Self::take) right away; `usize::MAX` (the default) never.
    ///
    /// For a hash: SHA-1 and SHA-256 rounds form one long dependency chain (about 120
    /// cycles a block with the x86 SHA extensions), which leaves the processor idle
    /// issue slots. A block hashed while the encoder goes on is hashed in the
    /// encoder's shadow; blocks hashed after the whole text is written are not.
    /// The lag (a few blocks, not one) keeps the hash's loads away from the
    /// encoder's latest stores, which it could not forward from.
    const EARLY_AFTER: usize = usize::MAX;

    /// How many bytes an early hand-on gives (whole blocks, fewer than
    /// [`EARLY_AFTER`](Self::EARLY_AFTER)).
    const EARLY_TAKE: usize = 64;
}

/// A buffer of `N` bytes in front of a [`Flush`].
pub(crate) struct Chunked<F, const N: usize> {
    buf: [u8; N],
    /// The bytes written: `buf[..len]`.
    len: usize,
    /// The bytes before `start` were taken early ([`Chunked::early_block`]).
    start: usize,
    sink: F,
}

/// Room one encoder step may need: a group of [`percent::LANES`] bytes (an escape
/// needs 5).
const STEP: usize = percent::LANES;
/// Room the last, short group of a text may need: 15 escapes of 5 bytes, the last
/// one stored as 8.
const TAIL_ROOM: usize = 5 * (STEP - 1) + 3;

impl<F: Flush, const N: usize> Chunked<F, N> {
    /// After a hand-on at most 63 bytes remain, so a step always fits.
    const ROOMY: () = assert!(N >= 64 + TAIL_ROOM);

    /// Whether the sink takes blocks early ([`Flush::EARLY_AFTER`] is set).
    pub(crate) const TAKES_EARLY_BLOCKS: bool = F::EARLY_AFTER != usize::MAX;

    #[allow(clippy::let_unit_value)]
    pub(crate) const fn new(sink: F) -> Self {
        let () = Self::ROOMY;
        Self {
            buf: [0; N],
            len: 0,
            start: 0,
            sink,
        }
    }

    /// Hands `f` the sink and the bytes not yet handed on.
    ///
    /// By reference: taking `self` by value moved the whole buffer (a 1 KiB `memcpy`
    /// per signature, measured), even with the buffer only borrowed inside.
    #[inline]
    pub(crate) fn finish_with<R>(&mut self, f: impl FnOnce(&mut F, &[u8]) -> R) -> R {
        let tail = self.buf.get(self.start..self.len).unwrap_or_default();
        f(&mut self.sink, tail)
    }

    /// Hands the sink the oldest [`Flush::EARLY_TAKE`] bytes when
    /// [`Flush::EARLY_AFTER`] bytes wait. (With the default `usize::MAX`, nothing.)
    ///
    /// Called once per encoder group and by the writers between parameters, not
    /// per [`raw`](Self::raw) piece: there the test cost about 400 instructions per
    /// 10-id signature.
    #[inline(always)]
    pub(crate) fn early_block(&mut self) -> fmt::Result {
        // `len - start >= usize::MAX` is not false to the compiler (the subtraction
        // could wrap), so a sink without early blocks says so here: 5 instructions
        // per call, on every list item and encoder group of the v3 and text writers.
        if !Self::TAKES_EARLY_BLOCKS {
            return Ok(());
        }
        let start = self.start;
        if self.len - start >= F::EARLY_AFTER {
            let early = self
                .buf
                .get(start..start + F::EARLY_TAKE)
                .unwrap_or_default();
            self.start = start + self.sink.take(early)?;
        }
        Ok(())
    }

    /// Makes sure `k` more bytes fit (`k <= TAIL_ROOM`).
    #[inline(always)]
    fn room(&mut self, k: usize) -> fmt::Result {
        self.early_block()?;
        if self.len + k > N {
            self.hand_on()
        } else {
            Ok(())
        }
    }

    /// Hands the buffer (what was not taken early) to the sink and keeps what it
    /// leaves, moved to the front.
    #[inline(never)]
    fn hand_on(&mut self) -> fmt::Result {
        let (start, len) = (self.start, self.len);
        let used = start
            + self
                .sink
                .take(self.buf.get(start..len).unwrap_or_default())?;
        if used > len {
            return Err(fmt::Error);
        }
        self.buf.copy_within(used..len, 0);
        self.len = len - used;
        self.start = 0;
        Ok(())
    }

    /// Appends `bytes` as they are, copied in bulk.
    #[inline(always)]
    pub(crate) fn raw(&mut self, bytes: &[u8]) -> fmt::Result {
        let n = self.len;
        if let Some(slot) = self.buf.get_mut(n..n + bytes.len()) {
            copy_short(slot, bytes);
            self.len = n + bytes.len();
            Ok(())
        } else {
            self.raw_split(bytes)
        }
    }

    /// [`raw`](Self::raw) for bytes that do not fit at once.
    #[inline(never)]
    fn raw_split(&mut self, bytes: &[u8]) -> fmt::Result {
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = self.len;
            let free = N - n;
            let (head, tail) = rest
                .split_at_checked(free.min(rest.len()))
                .unwrap_or((rest, &[]));
            if let Some(slot) = self.buf.get_mut(n..n + head.len()) {
                slot.copy_from_slice(head);
            }
            self.len = n + head.len();
            rest = tail;
            if !rest.is_empty() {
                self.hand_on()?;
            }
        }
        Ok(())
    }

    /// Runs `fill` on room for exactly `len` more bytes, checked once, and keeps what
    /// it writes: for a run of raw pieces whose total length is known, each piece is
    /// then a length test and a copy, where [`raw`](Self::raw) loads, checks and
    /// stores the fill level. `None`, with nothing written, when `len` bytes do not
    /// fit even after a hand-on (the caller then writes piece by piece). Should
    /// `fill` not write exactly `len` bytes, nothing is kept and the result is an
    /// error: a wrong length is a bug, never a short text.
    ///
    /// No early blocks are taken inside the run; a sink with early blocks takes them
    /// at the next [`early_block`](Self::early_block).
    #[inline(always)]
    pub(crate) fn reserved(
        &mut self,
        len: usize,
        fill: impl FnOnce(&mut Room<'_>) -> Option<()>,
    ) -> Option<fmt::Result> {
        if len > N - self.len {
            if let Err(e) = self.hand_on() {
                return Some(Err(e));
            }
        }
        let n = self.len;
        let slot = self.buf.get_mut(n..n.checked_add(len)?)?;
        let mut room = Room { rest: slot };
        if fill(&mut room).is_none() || !room.rest.is_empty() {
            return Some(Err(fmt::Error));
        }
        self.len = n + len;
        Some(Ok(()))
    }

    /// Appends `text` percent-encoded once (`twice == false`) or twice (then a reserved
    /// byte `b` becomes `%25` + HEX(b), which is what encoding its `%XX` again gives).
    #[inline]
    pub(crate) fn encoded(&mut self, text: &[u8], twice: bool) -> fmt::Result {
        let mut rest = text;
        while let Some((group, after)) = rest.split_first_chunk::<STEP>() {
            // The group, then maybe an escape's 8-byte store at up to 15 bytes in.
            self.room(STEP + 8)?;
            let n = self.len;
            if let Some(slot) = self.buf.get_mut(n..n + STEP) {
                slot.copy_from_slice(group);
            }
            // The usual case first: sixteen literal bytes, already in place.
            if !percent::any_reserved(group) {
                self.len = n + STEP;
                rest = after;
                continue;
            }
            // Found byte by byte: counting the lanes' trailing zeros takes the vector
            // out through memory, and in a list of ids the comma is the group's first
            // byte.
            let run = group
                .iter()
                .position(|&b| !percent::is_unreserved(b))
                .unwrap_or(STEP - 1);
            let byte = group.get(run).copied().unwrap_or_default();
            self.len = self.put_escape(n + run, byte, twice);
            rest = rest.get(run + 1..).unwrap_or_default();
        }
        if !rest.is_empty() {
            self.room(TAIL_ROOM)?;
            if !self.literal_tail(text, rest) {
                self.short_tail(rest, twice);
            }
        }
        Ok(())
    }

    /// Appends `rest`, the last bytes of `text` (fewer than a group), in one or two
    /// overlapping stores when they are all literal; `false` (nothing written) when
    /// one must be escaped. Room is checked by the caller.
    ///
    /// Measured on the 10-id request: values end in a 1–15-byte remainder (the
    /// AccessKeyId, Action, RegionId, Version, each id list), which byte by byte took
    /// about 8 instructions a byte; classified as one group it is one classification
    /// and two stores.
    #[inline(always)]
    fn literal_tail(&mut self, text: &[u8], rest: &[u8]) -> bool {
        let n = self.len;
        let r = rest.len();
        let written = if let Some(last) = text.last_chunk::<STEP>() {
            // The bytes before `rest` in the last 16 of the text were written as they
            // are when these 16 are all literal: rewrite them with the new ones, unless
            // a hand-on took them away.
            let Some(start) = (n + r).checked_sub(STEP) else {
                return false;
            };
            if percent::any_reserved(last) {
                return false;
            }
            if let Some(slot) = self.buf.get_mut(start..n + r) {
                slot.copy_from_slice(last);
            }
            true
        } else if r >= 8 {
            // 8 to 15 bytes: the first and the last eight, overlapping.
            self.two_stores::<8>(rest, concat8)
        } else {
            // 4 to 7 bytes: the first and the last four (fewer: `false`).
            self.two_stores::<4>(rest, concat4)
        };
        if written {
            self.len = n + r;
        }
        written
    }

    /// [`literal_tail`](Self::literal_tail) for `K..2K` bytes (the caller picks `K`:
    /// the two stores cover `rest` only below `2K`): stores the first and the last `K`
    /// of `rest` (overlapping) at the fill level when `group` of them is all literal.
    /// `false` (nothing stored) when `rest` is shorter than `K` or a byte must be
    /// escaped.
    #[inline(always)]
    fn two_stores<const K: usize>(
        &mut self,
        rest: &[u8],
        group: fn(&[u8; K], &[u8; K]) -> [u8; STEP],
    ) -> bool {
        let (n, r) = (self.len, rest.len());
        let (Some(head), Some(end)) = (rest.first_chunk::<K>(), rest.last_chunk::<K>()) else {
            return false;
        };
        if percent::any_reserved(&group(head, end)) {
            return false;
        }
        if let Some(slot) = self.buf.get_mut(n..n + K) {
            slot.copy_from_slice(head);
        }
        if let Some(slot) = self.buf.get_mut(n + r - K..n + r) {
            slot.copy_from_slice(end);
        }
        true
    }

    /// The last bytes of a text (fewer than a group) when one of them is reserved (the
    /// literal case is [`literal_tail`](Self::literal_tail)), one by one, each with
    /// one 8-byte store of its encoding (room is checked by the caller).
    #[inline(always)]
    fn short_tail(&mut self, tail: &[u8], twice: bool) {
        let mut n = self.len;
        for &b in tail.iter().take(STEP - 1) {
            let (word, len) = percent::encoding_word(b, twice);
            if let Some(slot) = self.buf.get_mut(n..n + 8) {
                slot.copy_from_slice(&word);
            }
            n += len;
        }
        self.len = n;
    }

    /// Writes the escape of `byte` at `n` (room for 8 bytes is checked by the caller);
    /// returns the new fill level.
    #[inline(always)]
    fn put_escape(&mut self, n: usize, byte: u8, twice: bool) -> usize {
        let (word, len) = percent::escape_word(byte, twice);
        if let Some(slot) = self.buf.get_mut(n..n + 8) {
            slot.copy_from_slice(&word);
        }
        n + len
    }
}

/// Room reserved in a [`Chunked`] buffer ([`Chunked::reserved`]), filled from the front.
pub(crate) struct Room<'b> {
    rest: &'b mut [u8],
}

impl Room<'_> {
    /// Appends `bytes`; `None` (nothing written) when they do not fit.
    #[must_use]
    #[inline(always)]
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut_checked(bytes.len())?;
        copy_short(head, bytes);
        self.rest = tail;
        Some(())
    }
}

/// `dst.copy_from_slice(src)` (same lengths), without a call to `memcpy` for the
/// short pieces the writers append (names, separators, header values): up to 32 bytes
/// are two overlapping fixed-size copies (the first and the last 16, 8 or 4 bytes; the
/// overlap gets the same bytes twice), below 4 bytes one by one.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    if dst.len() != src.len() {
        return;
    }
    macro_rules! two {
        ($k:literal) => {
            if let (Some(head), Some(end)) = (src.first_chunk::<$k>(), src.last_chunk::<$k>()) {
                if let Some(d) = dst.first_chunk_mut::<$k>() {
                    *d = *head;
                }
                if let Some(d) = dst.last_chunk_mut::<$k>() {
                    *d = *end;
                }
                return;
            }
        };
    }
    if src.len() > 2 * 16 {
        dst.copy_from_slice(src);
        return;
    }
    two!(16);
    two!(8);
    two!(4);
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

impl Flush for HmacState {
    #[inline]
    fn take(&mut self, data: &[u8]) -> Result<usize, fmt::Error> {
        let rest = self.blocks(data);
        Ok(data.len() - rest.len())
    }

    /// Two blocks at a time, two to four blocks behind the encoder. Measured on the
    /// 10-id request: lags of 128 to 256 bytes timed alike, 320 and more gave the
    /// gain back; two blocks a call instead of one spare about 170 instructions of
    /// call overhead per signature at the same speed.
    const EARLY_AFTER: usize = 256;
    const EARLY_TAKE: usize = 128;
}

/// Hands text to a `fmt::Write`.
pub(crate) struct ToFmt<'w, W: ?Sized>(pub(crate) &'w mut W);

impl<W: fmt::Write + ?Sized> Flush for ToFmt<'_, W> {
    #[inline]
    fn take(&mut self, data: &[u8]) -> Result<usize, fmt::Error> {
        // Everything buffered comes from `str`s, but a hand-on may cut a character in
        // two: write up to the cut and keep the rest for the next piece.
        let text = match core::str::from_utf8(data) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() => data
                .get(..e.valid_up_to())
                .and_then(|valid| core::str::from_utf8(valid).ok())
                .unwrap_or_default(),
            Err(_) => return Err(fmt::Error),
        };
        self.0.write_str(text)?;
        Ok(text.len())
    }
}

impl<W: fmt::Write + ?Sized, const N: usize> Chunked<ToFmt<'_, W>, N> {
    /// Hands on the last piece.
    pub(crate) fn finish(mut self) -> fmt::Result {
        self.finish_with(|sink, tail| sink.take(tail).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let out = run::<144>(&parts, twice);
                assert_eq!(out, run::<192>(&parts, twice));
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

    #[test]
    fn every_length_with_an_escape_anywhere() {
        // Literal texts of 0..40 bytes, and the same with one reserved byte at each
        // position: the group loop, both overlapping-tail widths and their fallbacks.
        for len in 0..40 {
            for at in (0..=len).rev() {
                let mut text = heapless::String::<64>::new();
                for i in 0..len {
                    let c = if i == at {
                        ','
                    } else {
                        (b'a' + (i % 26) as u8) as char
                    };
                    text.push(c).unwrap();
                }
                for twice in [false, true] {
                    let mut out = heapless::String::<512>::new();
                    let mut c = Chunked::<_, 144>::new(ToFmt(&mut out));
                    c.encoded(text.as_bytes(), twice).unwrap();
                    c.finish().unwrap();
                    let mut want = heapless::String::<512>::new();
                    percent::encode(&text, &mut want).unwrap();
                    if twice {
                        let once = want.clone();
                        want.clear();
                        percent::encode(&once, &mut want).unwrap();
                    }
                    assert_eq!(out, want, "{text:?} twice={twice}");
                }
            }
        }
    }
}
