//! A parameter value as the signer writes it: text to percent-encode byte by byte, or
//! a list whose source has already checked every byte.
//!
//! The check is what costs: deciding, 16 bytes at a time, which bytes to escape was
//! about half of the work outside the hash when signing a 10-id request. A typed
//! request checks its job ids once, when they are set (it has to look at each id
//! anyway, for the `,` it refuses), and hands the signer a [`LiteralList`]: the ids
//! are then copied as they are, with the encoded comma between them.

use core::fmt;

use super::chunk::{Chunked, Flush};
use super::percent;

/// A parameter value, as [`SortedParams::sorted_values`](super::SortedParams::sorted_values)
/// yields it. Both kinds sign and encode alike; the second spares the signer a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamValue<'a> {
    /// Text: every byte outside `A–Z a–z 0–9 - _ . ~` is percent-encoded.
    Text(&'a str),
    /// Items of unreserved bytes joined with `,`: written as they are, `,` as `%2C`.
    List(LiteralList<'a>),
}

impl<'a> ParamValue<'a> {
    /// The value's text (a list's items joined with `,`).
    pub const fn as_str(&self) -> &'a str {
        match self {
            Self::Text(text) => text,
            Self::List(list) => list.joined,
        }
    }
}

/// Items made of unreserved bytes only (`A–Z a–z 0–9 - _ . ~`), joined with `,`.
///
/// The signer copies each item as it is and writes the encoded comma between items,
/// without looking at the bytes again; [`LiteralList::new`] is where they are looked at.
///
/// ```
/// use mts_codec::signing::{LiteralList, ParamValue};
///
/// let list = LiteralList::new("a1,b-2,c.3", &[2, 3, 3]).ok_or("not a literal list")?;
/// assert_eq!(ParamValue::List(list).as_str(), "a1,b-2,c.3");
/// assert!(LiteralList::new("a 1,b", &[3, 1]).is_none()); // a space must be encoded
/// assert!(LiteralList::new("a1,b", &[1, 2]).is_none()); // the lengths do not fit
/// # Ok::<(), &str>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LiteralList<'a> {
    joined: &'a str,
    lens: &'a [u8],
}

impl<'a> LiteralList<'a> {
    /// `joined` read as items of `lens[0]`, `lens[1]`, … bytes with one `,` between
    /// each two; `None` unless that covers `joined` exactly, every item is non-empty
    /// and every byte of every item is unreserved.
    pub fn new(joined: &'a str, lens: &'a [u8]) -> Option<Self> {
        let mut rest = joined.as_bytes();
        for (i, &len) in lens.iter().enumerate() {
            if i > 0 {
                rest = rest.strip_prefix(b",")?;
            }
            let (item, after) = rest.split_at_checked(usize::from(len))?;
            if item.is_empty() || !percent::is_literal_bytes(item) {
                return None;
            }
            rest = after;
        }
        rest.is_empty().then_some(Self { joined, lens })
    }

    /// A list its caller has already checked as [`new`](Self::new) does. Should the
    /// claim be wrong, the signature is (the encoding would differ) or the write fails
    /// (where the list goes into one reservation), never memory.
    pub(crate) const fn checked(joined: &'a str, lens: &'a [u8]) -> Self {
        Self { joined, lens }
    }

    /// The items joined with `,`.
    pub const fn joined(&self) -> &'a str {
        self.joined
    }

    /// Appends the list percent-encoded once (`,` is `%2C`) or twice (`%252C`).
    #[inline]
    fn write<F: Flush, const N: usize>(self, out: &mut Chunked<F, N>, twice: bool) -> fmt::Result {
        let comma: &[u8] = if twice { b"%252C" } else { b"%2C" };
        let joined = self.joined.as_bytes();
        if !Chunked::<F, N>::TAKES_EARLY_BLOCKS {
            // The whole list in room reserved once: 33 instructions an item instead
            // of 45. (A sink that takes early blocks, v1's HMAC, takes them between
            // items, in the loop below.) Both loops take each item by its offset; an
            // iterator shared by the two (`scan`) cost 6 to 41 instructions more per
            // signature, measured.
            let len = joined.len() + self.lens.len().saturating_sub(1) * (comma.len() - 1);
            if let Some(done) = out.reserved(len, |room| {
                let mut start = 0;
                for (i, &item) in self.lens.iter().enumerate() {
                    if i > 0 {
                        room.put(comma)?;
                    }
                    let end = start + usize::from(item);
                    room.put(joined.get(start..end)?)?;
                    start = end + 1;
                }
                Some(())
            }) {
                return done;
            }
        }
        // Each item by its offset: one range check, where taking the comma and then
        // the item off the front of the rest cost about 11 instructions more per item.
        let mut start = 0;
        for (i, &len) in self.lens.iter().enumerate() {
            out.early_block()?;
            if i > 0 {
                out.raw(comma)?;
            }
            let end = start + usize::from(len);
            out.raw(joined.get(start..end).unwrap_or_default())?;
            start = end + 1;
        }
        Ok(())
    }
}

impl ParamValue<'_> {
    /// Appends the value percent-encoded once, or twice (for the v1 string-to-sign).
    #[inline(always)]
    pub(crate) fn write_encoded<F: Flush, const N: usize>(
        self,
        out: &mut Chunked<F, N>,
        twice: bool,
    ) -> fmt::Result {
        match self {
            Self::Text(text) => out.encoded(text.as_bytes(), twice),
            Self::List(list) => list.write(out, twice),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::chunk::ToFmt;

    fn both(value: ParamValue<'_>, twice: bool) -> (heapless::String<512>, heapless::String<512>) {
        let mut fast = heapless::String::<512>::new();
        let mut out = Chunked::<_, 192>::new(ToFmt(&mut fast));
        value.write_encoded(&mut out, twice).unwrap();
        out.finish().unwrap();
        let mut text = heapless::String::<512>::new();
        let mut out = Chunked::<_, 192>::new(ToFmt(&mut text));
        ParamValue::Text(value.as_str())
            .write_encoded(&mut out, twice)
            .unwrap();
        out.finish().unwrap();
        (fast, text)
    }

    #[test]
    fn a_list_encodes_as_its_text_does() {
        let cases: [(&str, &[u8]); 5] = [
            ("a", &[1]),
            ("a,b", &[1, 1]),
            ("88c6ca184c0e47098a5b665e2a126790,x-y_z.~", &[32, 7]),
            ("AZaz09-_.~,0123456789abcdef0123456789abcdef0123", &[10, 36]),
            ("", &[]),
        ];
        for (joined, lens) in cases {
            let list = LiteralList::new(joined, lens).unwrap();
            for twice in [false, true] {
                let (fast, text) = both(ParamValue::List(list), twice);
                assert_eq!(fast, text, "{joined:?} twice={twice}");
            }
        }
    }

    #[test]
    fn a_list_after_any_prefix_encodes_as_its_text_does() {
        // After a prefix of every length, a list fits the 192-byte buffer as it is,
        // only after a hand-on, or (ten items, over 300 bytes) not at once: then it is
        // written item by item.
        let items = ["88c6ca184c0e47098a5b665e2a126790", "a-b", "Z_9.~"];
        let prefix = [b'p'; 200];
        for count in [1, 4, 10] {
            let mut joined = heapless::String::<512>::new();
            let mut lens = heapless::Vec::<u8, 16>::new();
            for item in items.iter().cycle().take(count) {
                if !joined.is_empty() {
                    joined.push(',').unwrap();
                }
                joined.push_str(item).unwrap();
                lens.push(item.len() as u8).unwrap();
            }
            let list = LiteralList::new(&joined, &lens).unwrap();
            for at in 0..prefix.len() {
                for twice in [false, true] {
                    let write = |value: ParamValue<'_>| {
                        let mut text = heapless::String::<1024>::new();
                        let mut out = Chunked::<_, 192>::new(ToFmt(&mut text));
                        out.raw(&prefix[..at]).unwrap();
                        value.write_encoded(&mut out, twice).unwrap();
                        out.raw(b"&").unwrap();
                        out.finish().unwrap();
                        text
                    };
                    assert_eq!(
                        write(ParamValue::List(list)),
                        write(ParamValue::Text(&joined)),
                        "{count} items after {at} bytes, twice={twice}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_list_whose_lengths_do_not_add_up_is_an_error_not_a_short_text() {
        // `checked` trusts its caller; a wrong claim must not write a shorter text.
        let list = LiteralList::checked("ab,c", &[1, 1]);
        let mut text = heapless::String::<64>::new();
        let mut out = Chunked::<_, 192>::new(ToFmt(&mut text));
        assert!(
            ParamValue::List(list)
                .write_encoded(&mut out, false)
                .is_err()
        );
    }

    #[test]
    fn new_refuses_what_does_not_fit() {
        assert!(LiteralList::new("a,b", &[1, 1]).is_some());
        assert!(LiteralList::new("a,b", &[3]).is_none()); // `,` inside an item
        assert!(LiteralList::new("a,b", &[1]).is_none()); // bytes left over
        assert!(LiteralList::new("a,b", &[1, 2]).is_none()); // past the end
        assert!(LiteralList::new("a;b", &[1, 1]).is_none()); // not a comma between
        assert!(LiteralList::new(",b", &[0, 1]).is_none()); // an empty item
        assert!(LiteralList::new("a,b/", &[1, 2]).is_none()); // `/` is reserved
        assert!(LiteralList::new("é", &[2]).is_none()); // so is every non-ASCII byte
        assert!(LiteralList::new("", &[]).is_some());
    }
}
