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
//! Either way the text is never copied.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::{Encoding, Text, validate_json_escapes};
use crate::decode::wrong_type::wrong_type;

/// The newtype-struct name by which `Text` announces itself to a deserializer.
pub(crate) const TEXT_TOKEN: &str = "$mts_codec::private::Text";

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(TEXT_TOKEN, TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number or boolean kept as text)")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Text<'de>, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        from_json_token(raw.get())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text::from_raw(v, Encoding::Plain))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Text<'de>, E> {
        let raw = core::str::from_utf8(v).map_err(|_| E::custom("XML text is not UTF-8"))?;
        Ok(Text::from_raw(raw, Encoding::Xml))
    }
}

/// Turns one validated JSON token into a `Text`.
fn from_json_token<'de, E: de::Error>(token: &'de str) -> Result<Text<'de>, E> {
    // The common case inline: a string literal with nothing to decode.
    if let Some(content) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !has_backslash(content.as_bytes()) {
            return Ok(Text::from_raw(content, Encoding::Plain));
        }
    }
    any_json_token(token)
}

/// [`from_json_token`] for every other token: escapes to validate, numbers, booleans,
/// errors. Out of line, so that the common case does not pay for its error formatting
/// in every call's prologue (callgrind: 142.9k to 140.5k instructions per 10 jobs).
#[inline(never)]
fn any_json_token<'de, E: de::Error>(token: &'de str) -> Result<Text<'de>, E> {
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
                Ok(Text::from_raw(content, Encoding::Json))
            } else {
                Ok(Text::from_raw(content, Encoding::Plain))
            }
        }
        Some(b'-' | b'0'..=b'9') | Some(b't' | b'f') => Ok(Text::from_raw(token, Encoding::Plain)),
        // Not `E::invalid_type`: see `decode::wrong_type`.
        Some(b'{') => Err(wrong_type("map", &TextVisitor)),
        Some(b'[') => Err(wrong_type("sequence", &TextVisitor)),
        Some(b'n') => Err(wrong_type("null", &TextVisitor)),
        _ => Err(E::custom("unexpected JSON token")),
    }
}

/// Whether `bytes` holds a `\\`. Without an early exit, so the compiler can check 16 or 32
/// bytes per instruction: texts are short (ids, states, times), where `memchr`'s setup
/// cost more than the scan (measured with callgrind on the 10-job body).
fn has_backslash(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| found | (b == b'\\'))
}

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_str() {
            Some(s) => serializer.serialize_str(s),
            None => serializer.collect_str(self),
        }
    }
}
