//! How a [`Text`] comes out of a serde `Deserializer`: it asks for a newtype named
//! [`TEXT_TOKEN`]. serde_json hands itself back and the value is taken as its borrowed
//! raw token (escapes kept); the crate's XML deserializer answers with the leaf's raw
//! slice. Either way nothing is copied. [`OptionalText`] reads a member the same way,
//! JSON `null` being one more token.

use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::tokens::TEXT_TOKEN;
use super::wrong_type::wrong_type;
use crate::text::{Encoding, Flag, Numeric, Text, validate_json_escapes};

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
    let Some(content) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
        return other_json_token(token);
    };
    if !has_backslash(content.as_bytes()) {
        return Ok(Some(Text::from_raw(content, Encoding::Plain)));
    }
    validate_json_escapes(content)
        .map_err(|e| E::custom(format_args!("{} at byte {} of the string", e.reason, e.at)))?;
    Ok(Some(Text::from_raw(content, Encoding::Json)))
}

/// A token other than a string: a number or boolean kept as its text, `null`, or a wrong
/// type. Out of line: the common case does not pay for its error formatting.
#[inline(never)]
fn other_json_token<'de, E: de::Error>(token: &'de str) -> Result<Option<Text<'de>>, E> {
    match token.as_bytes().first() {
        Some(b'-' | b'0'..=b'9' | b't' | b'f') => Ok(Some(Text::from_raw(token, Encoding::Plain))),
        // serde_json validated the token: `n` starts `null`.
        Some(b'n') => Ok(None),
        // Not `E::invalid_type`: see `decode::wrong_type`.
        Some(b'{') => Err(wrong_type("map", &TextVisitor)),
        Some(b'[') => Err(wrong_type("sequence", &TextVisitor)),
        _ => Err(E::custom("unexpected JSON token")),
    }
}

/// Whether `bytes` holds a `\\`: a byte loop without an early exit, which the compiler
/// vectorizes.
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

/// [`Numeric`] and [`Flag`] read and write as the [`Text`] they wrap.
macro_rules! as_text {
    ($($ty:ident),+) => {$(
        impl<'de: 'a, 'a> Deserialize<'de> for $ty<'a> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Text::deserialize(d).map(Self::new)
            }
        }

        impl serde::Serialize for $ty<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.text().serialize(s)
            }
        }
    )+};
}

as_text!(Numeric, Flag);
