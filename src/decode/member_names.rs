//! A struct's member names, and finding the member a key names.

/// The longest member name; longer keys are unknown members.
pub(crate) const MAX_NAME_LEN: usize = 32;

/// The most members a struct may have (the seen-member set is a `u32`).
pub(crate) const MAX_MEMBERS: usize = 32;

/// A struct's member names, checked at compile time.
pub(crate) struct MemberNames {
    names: &'static [&'static str],
}

impl MemberNames {
    /// Wraps `names`. Evaluated at compile time: a struct with more than [`MAX_MEMBERS`]
    /// members or a name longer than [`MAX_NAME_LEN`] bytes fails the build.
    pub(crate) const fn new(names: &'static [&'static str]) -> Self {
        assert!(names.len() <= MAX_MEMBERS, "at most 32 members");
        let mut i = 0;
        while i < names.len() {
            #[expect(clippy::indexing_slicing, reason = "`i < names.len()`")]
            let name = names[i];
            assert!(
                name.len() <= MAX_NAME_LEN,
                "member names are at most 32 bytes"
            );
            i += 1;
        }
        Self { names }
    }

    /// The names, in index order.
    pub(crate) const fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The index of the member named `key`, `None` for an unknown member.
    pub(crate) fn index_of(&self, key: &[u8]) -> Option<usize> {
        self.names.iter().position(|name| name.as_bytes() == key)
    }
}
