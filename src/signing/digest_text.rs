//! Hashing text as it is written: the canonical writers feed a hash or a MAC directly.

use core::fmt;

use hmac::digest::Update;

/// Feeds the text `write` writes to `digest` (a hash or a MAC).
pub(crate) fn digest_text<D: Update>(
    digest: &mut D,
    write: impl FnOnce(&mut Digesting<'_, D>) -> fmt::Result,
) -> fmt::Result {
    write(&mut Digesting(digest))
}

/// The writer [`digest_text`] hands out.
pub(crate) struct Digesting<'d, D>(&'d mut D);

impl<D: Update> fmt::Write for Digesting<'_, D> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
