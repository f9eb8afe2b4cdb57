//! A struct's member names, indexed by length: finding the member a key names.
//!
//! Every key of every object is looked up among its struct's names (up to 12 of
//! them). A linear search compared the key's length with each name's in turn, about
//! half of them per key, and that was 61 instructions per key of the 10-job body
//! (callgrind). Here the names are chained by length when the table is built (at
//! compile time, from [`Members::NAMES`](super::members::Members::NAMES)): the key's
//! length picks the first name of that length, and only names of that length are
//! compared, usually one. Two names share a length in a few structs (`State`,
//! `Count`, `Input`); the chain then holds them in table order.

/// The longest member name a table indexes; longer keys are unknown members.
const MAX_NAME_LEN: usize = 32;

/// The most members a struct may have (the seen-member set is a `u32`).
pub(crate) const MAX_MEMBERS: usize = 32;

/// End of a chain.
const NONE: u8 = u8::MAX;

/// A struct's member names with, for each length, the chain of names of that length.
pub(crate) struct MemberNames {
    names: &'static [&'static str],
    /// The first name of each length, `NONE` when there is none.
    first_of_len: [u8; MAX_NAME_LEN + 1],
    /// After each name, the next one of the same length, `NONE` at the end.
    next_of_len: [u8; MAX_MEMBERS],
}

impl MemberNames {
    /// Indexes `names`. Evaluated at compile time: a struct with more than
    /// [`MAX_MEMBERS`] members or a name longer than 32 bytes fails the build.
    #[allow(clippy::indexing_slicing, reason = "evaluated at compile time")]
    pub(crate) const fn new(names: &'static [&'static str]) -> Self {
        assert!(names.len() <= MAX_MEMBERS, "at most 32 members");
        let mut first_of_len = [NONE; MAX_NAME_LEN + 1];
        let mut next_of_len = [NONE; MAX_MEMBERS];
        // From the last name back, so that each chain ends up in table order.
        let mut i = names.len();
        while i > 0 {
            i -= 1;
            let len = names[i].len();
            assert!(len <= MAX_NAME_LEN, "member names are at most 32 bytes");
            next_of_len[i] = first_of_len[len];
            first_of_len[len] = i as u8;
        }
        Self {
            names,
            first_of_len,
            next_of_len,
        }
    }

    /// The names, in index order.
    pub(crate) const fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The index of the member named `key`, `None` for an unknown member.
    #[inline]
    pub(crate) fn index_of(&self, key: &[u8]) -> Option<usize> {
        let mut at = *self.first_of_len.get(key.len())?;
        // `NONE` is past the end of `names` (at most 32), which ends the loop.
        while let Some(name) = self.names.get(usize::from(at)) {
            if name.as_bytes() == key {
                return Some(usize::from(at));
            }
            // `at` indexes `names` (at most 32 long): the modulo costs nothing and
            // spares a bounds check.
            at = *self.next_of_len.get(usize::from(at) % MAX_MEMBERS)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "Id",
        "State",
        "Count",
        "",
        "Input",
        "MNSMessageResult",
        "Code",
    ];
    const TABLE: MemberNames = MemberNames::new(NAMES);

    #[test]
    fn finds_every_name_and_only_those() {
        for (i, name) in NAMES.iter().enumerate() {
            assert_eq!(TABLE.index_of(name.as_bytes()), Some(i), "{name}");
        }
        for unknown in ["", "I", "Ix", "Stats", "Inputs", "code", "MNSMessageResulT"] {
            let expected = NAMES.iter().position(|n| *n == unknown);
            assert_eq!(TABLE.index_of(unknown.as_bytes()), expected, "{unknown}");
        }
        assert_eq!(TABLE.index_of(&[b'x'; 33]), None);
        assert_eq!(TABLE.index_of(&[b'x'; 1000]), None);
        assert_eq!(MemberNames::new(&[]).index_of(b""), None);
    }

    #[test]
    fn a_full_struct_of_long_names() {
        const LONG: &[&str] = &[
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "i",
            "j",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "q",
            "r",
            "s",
            "t",
            "u",
            "v",
            "w",
            "x",
            "y",
            "z",
            "aa",
            "bb",
            "cc",
            "dd",
            "ee",
            "ffffffffffffffffffffffffffffffff",
        ];
        const LONG_TABLE: MemberNames = MemberNames::new(LONG);
        for (i, name) in LONG.iter().enumerate() {
            assert_eq!(LONG_TABLE.index_of(name.as_bytes()), Some(i), "{name}");
        }
    }
}
