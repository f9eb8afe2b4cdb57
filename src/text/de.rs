//! How a [`Text`] comes out of a serde `Deserializer`, for both wire formats.
//!
//! `Text::deserialize` asks for a newtype struct named [`TEXT_TOKEN`]:
//!
//! - serde_json does not know the name and hands itself back through
//!   `visit_newtype_struct`; the visitor then takes the value as a borrowed
//!   `serde_json::value::RawValue` (the validated token, escapes kept) and classifies it:
//!   a string literal, a number (kept as its literal digits), or `true`/`false`.
//! - The crate's XML deserializer recognises the name and answers with
//!   `visit_borrowed_str` for a leaf with nothing to decode, or `visit_borrowed_bytes`
//!   for a validated leaf that needs XML decoding (entities, CDATA, comments, CRs).
//!
//! Either way the text is never copied. A text member of the model is read the same
//! way through [`OptionalText`], where JSON `null` (absent) is one more token the
//! capture can return.

use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::{Encoding, Text, validate_json_escapes};
use crate::decode::wrong_type::wrong_type;

/// The newtype-struct name by which `Text` announces itself to a deserializer.
pub(crate) const TEXT_TOKEN: &str = "$mts_codec::private::Text";

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_newtype_struct(TEXT_TOKEN, TextVisitor)?
            // Not `invalid_type`: see `decode::wrong_type`.
            .ok_or_else(|| wrong_type("null", &TextVisitor))
    }
}

/// An optional text member (`null` is absent), read with one request to the format.
///
/// `Option<Text>` would first ask serde_json for an option (a whitespace skip and a
/// peek for `null`), then for the text, whose raw-token capture skips the same
/// whitespace again. Here the raw token is captured once and `null` is one of the
/// tokens it can be; XML has no null and answers as for [`Text`].
pub(crate) struct OptionalText;

impl<'de> DeserializeSeed<'de> for OptionalText {
    type Value = Option<Text<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Text<'de>>, D::Error> {
        d.deserialize_newtype_struct(TEXT_TOKEN, TextVisitor)
    }
}

/// A text, or `None` for a JSON `null`.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<Text<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number or boolean kept as text)")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Option<Text<'de>>, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        from_json_token(raw.get())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Option<Text<'de>>, E> {
        Ok(Some(Text::from_raw(v, Encoding::Plain)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Option<Text<'de>>, E> {
        let raw = core::str::from_utf8(v).map_err(|_| E::custom("XML text is not UTF-8"))?;
        Ok(Some(Text::from_raw(raw, Encoding::Xml)))
    }
}

/// Turns one validated JSON token into a `Text`; `null` is `None`.
fn from_json_token<'de, E: de::Error>(token: &'de str) -> Result<Option<Text<'de>>, E> {
    // The common case inline: a string literal with nothing to decode.
    if let Some(content) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !has_backslash(content.as_bytes()) {
            return Ok(Some(Text::from_raw(content, Encoding::Plain)));
        }
    }
    any_json_token(token)
}

/// [`from_json_token`] for every other token: escapes to validate, numbers, booleans,
/// errors. Out of line, so that the common case does not pay for its error formatting
/// in every call's prologue (callgrind: 142.9k to 140.5k instructions per 10 jobs).
#[inline(never)]
fn any_json_token<'de, E: de::Error>(token: &'de str) -> Result<Option<Text<'de>>, E> {
    let bytes = token.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let content = token
                .get(1..token.len().saturating_sub(1))
                .ok_or_else(|| E::custom("truncated string"))?;
            if has_backslash(content.as_bytes()) {
                validate_json_escapes(content).map_err(|e| {
                    E::custom(format_args!("{} at byte {} of the string", e.reason, e.at))
                })?;
                Ok(Some(Text::from_raw(content, Encoding::Json)))
            } else {
                Ok(Some(Text::from_raw(content, Encoding::Plain)))
            }
        }
        Some(b'-' | b'0'..=b'9') | Some(b't' | b'f') => {
            Ok(Some(Text::from_raw(token, Encoding::Plain)))
        }
        // serde_json validated the token: `n` starts `null`.
        Some(b'n') => Ok(None),
        // Not `E::invalid_type`: see `decode::wrong_type`.
        Some(b'{') => Err(wrong_type("map", &TextVisitor)),
        Some(b'[') => Err(wrong_type("sequence", &TextVisitor)),
        _ => Err(E::custom("unexpected JSON token")),
    }
}

/// Whether `bytes` holds a `\\`.
///
/// A word at a time (a word whose bytes equal `\\` has a zero byte after the xor):
/// eight bytes at 0, 8, … and the last eight, overlapping the word before; four bytes
/// at both ends of a shorter text. Texts are short (ids, states, times): `memchr`'s
/// set-up cost more than the scan, and a byte loop (`fold`, vectorized only for 16
/// bytes and more) cost 32 instructions per text of the 10-job body (callgrind); the
/// word scans took 1.1k and then 0.7k instructions off a decode of it.
fn has_backslash(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    // A byte of `x` is zero where `bytes` holds a `\\`; the classic test for a zero byte
    // (exact as to whether there is one).
    let has_zero_byte = |x: u64, ones: u64| x.wrapping_sub(ones) & !x & (ones << 7) != 0;
    let word = |at: usize| {
        let chunk = bytes.get(at..at.saturating_add(8)).unwrap_or_default();
        <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes) ^ (ONES * 0x5c)
    };
    let half_word = |at: usize| {
        let chunk = bytes.get(at..at.saturating_add(4)).unwrap_or_default();
        let word = <[u8; 4]>::try_from(chunk).map_or(0, u32::from_le_bytes);
        u64::from(word ^ (u32::MAX / 255 * 0x5c))
    };
    let n = bytes.len();
    if let Some(last) = n.checked_sub(8) {
        let mut at = 0;
        while at < last {
            if has_zero_byte(word(at), ONES) {
                return true;
            }
            at += 8;
        }
        has_zero_byte(word(last), ONES)
    } else if let Some(last) = n.checked_sub(4) {
        const HALF_ONES: u64 = (u32::MAX / 255) as u64;
        has_zero_byte(half_word(0), HALF_ONES) || has_zero_byte(half_word(last), HALF_ONES)
    } else {
        bytes.contains(&b'\\')
    }
}

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_str() {
            Some(s) => serializer.serialize_str(s),
            None => serializer.collect_str(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_backslash;

    #[test]
    fn has_backslash_agrees_with_a_byte_scan() {
        let base = [b'a'; 40];
        for len in 0..=base.len() {
            assert!(!has_backslash(&base[..len]), "len {len}");
            for at in 0..len {
                let mut text = base;
                text[at] = b'\\';
                assert!(has_backslash(&text[..len]), "len {len}, at {at}");
                // Bytes next to `\\` in value, and high bytes, are not backslashes.
                text[at] = b'\\' + 1;
                assert!(!has_backslash(&text[..len]), "len {len}, at {at}");
                text[at] = 0xdc;
                assert!(!has_backslash(&text[..len]), "len {len}, at {at}");
            }
        }
    }
}
