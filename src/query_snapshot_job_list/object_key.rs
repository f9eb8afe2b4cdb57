//! An `Object` member as MTS sends it (URL-encoded UTF-8, maybe with a `{Count}` or
//! `{TileCount}` placeholder): decoded, numbered and encoded again for a URL path.

use core::fmt;

use crate::percent;
use crate::text::Text;

/// Writes `s` percent-encoded for a URL path: unreserved bytes and `/` literal.
pub(super) fn write_path_encoded<W: fmt::Write + ?Sized>(s: &str, out: &mut W) -> fmt::Result {
    for (i, segment) in s.split('/').enumerate() {
        if i > 0 {
            out.write_char('/')?;
        }
        percent::encode(segment, out)?;
    }
    Ok(())
}

/// A part of the decoded key: literal text, or where the image number goes.
pub(super) enum Piece<'s> {
    Text(&'s str),
    Number,
}

/// Walks the decoded key of `object`, calling `piece` for its text and for each
/// `placeholder` (ASCII, `{` only first, so a failed partial match never hides the start
/// of another). Returns whether it occurred; an invalid encoding is `fmt::Error`.
pub(super) fn substitute(
    object: Text<'_>,
    placeholder: &str,
    mut piece: impl FnMut(Piece<'_>) -> fmt::Result,
) -> Result<bool, fmt::Error> {
    let mut matched = 0usize;
    let mut found = false;
    for c in DecodedKey::new(object) {
        let c = c.map_err(|_| fmt::Error)?;
        loop {
            // `matched` counts whole (ASCII) characters of the placeholder.
            let (prefix, rest) = placeholder.split_at(matched);
            if rest.starts_with(c) {
                matched += c.len_utf8();
                if matched == placeholder.len() {
                    piece(Piece::Number)?;
                    found = true;
                    matched = 0;
                }
                break;
            }
            if matched > 0 {
                piece(Piece::Text(prefix))?;
                matched = 0;
                continue;
            }
            piece(Piece::Text(c.encode_utf8(&mut [0; 4])))?;
            break;
        }
    }
    if matched > 0 {
        piece(Piece::Text(placeholder.split_at(matched).0))?;
    }
    Ok(found)
}

/// The characters of a URL-encoded `Object`: `%XX` escapes decoded as UTF-8, every other
/// character as is. An error item carries the index of the offending `%` and ends the
/// walk.
pub(super) struct DecodedKey<'a> {
    chars: crate::text::Chars<'a>,
    at: usize,
    failed: bool,
}

impl<'a> DecodedKey<'a> {
    pub(super) fn new(object: Text<'a>) -> Self {
        Self {
            chars: object.chars(),
            at: 0,
            failed: false,
        }
    }

    /// The byte of a `%XX` escape whose `%` was just read.
    fn escaped_byte(&mut self) -> Option<u8> {
        let hi = self.chars.next()?.to_digit(16)?;
        let lo = self.chars.next()?.to_digit(16)?;
        self.at += 2;
        u8::try_from(hi * 16 + lo).ok()
    }

    /// The char that starts with the escaped byte `first`, reading further `%XX` escapes.
    fn escaped_char(&mut self, first: u8) -> Option<char> {
        let len = match first {
            0x00..=0x7F => 1,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return None,
        };
        let mut buf = [first, 0, 0, 0];
        for slot in buf.iter_mut().take(len).skip(1) {
            if self.chars.next()? != '%' {
                return None;
            }
            self.at += 1;
            *slot = self.escaped_byte()?;
        }
        core::str::from_utf8(buf.split_at(len).0)
            .ok()?
            .chars()
            .next()
    }
}

impl Iterator for DecodedKey<'_> {
    type Item = Result<char, usize>;

    fn next(&mut self) -> Option<Result<char, usize>> {
        if self.failed {
            return None;
        }
        let c = self.chars.next()?;
        let at = self.at;
        self.at += 1;
        if c != '%' {
            return Some(Ok(c));
        }
        let decoded = self.escaped_byte().and_then(|b| self.escaped_char(b));
        match decoded {
            Some(c) => Some(Ok(c)),
            None => {
                self.failed = true;
                Some(Err(at))
            }
        }
    }
}
