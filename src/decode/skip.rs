//! Skipping the value of a member the model lacks, without decoding it.
//!
//! A JSON value is captured as serde_json's borrowed raw token (`ignore_value`), which
//! validates it without unescaping strings or parsing numbers, so an unknown member costs
//! no scratch memory for its escapes. `ignore_value` has no nesting limit, so the value
//! is first scanned for depth ([`json_depth_exceeds`]); one nesting deeper than
//! [`MAX_SKIP_DEPTH`] is instead walked level by level ([`BoundedSkip`]), which fails at
//! the level past the limit, so the error names where. XML skips the element itself.

use core::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::value::RawValue;

use super::tokens::SKIP_TOKEN;

/// Most arrays and objects nested in an unknown member's value (the value itself, if it
/// is one, counts).
pub(crate) const MAX_SKIP_DEPTH: usize = 64;

/// Prefix of the error raised past [`MAX_SKIP_DEPTH`]; the JSON error mapping keys on it.
pub(crate) const TOO_DEEP_MESSAGE: &str = "nesting deeper than";

/// Skips one unknown value. `rest` is the JSON body after the member's name, when
/// known: its value is then scanned for depth before it is captured.
pub(crate) struct SkipSeed<'de> {
    pub(crate) rest: Option<&'de str>,
}

impl<'de> DeserializeSeed<'de> for SkipSeed<'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_newtype_struct(SKIP_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for SkipSeed<'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    /// The format skipped the value itself (XML).
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    /// serde_json: the raw capture when the value is shallow enough, else the bounded walk.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.rest {
            Some(rest) if !json_depth_exceeds(rest, MAX_SKIP_DEPTH) => {
                <&RawValue>::deserialize(d).map(|_| ())
            }
            _ => BoundedSkip { depth: 0 }.deserialize(d),
        }
    }
}

/// Whether the JSON value that starts `rest` (after whitespace and a `:`) nests deeper
/// than `limit`. A linear scan; serde_json then validates what it captures.
fn json_depth_exceeds(rest: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in rest.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' if depth == 0 => return false,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' if depth == limit => return true,
            b'[' | b'{' => depth += 1,
            // The value's own close, or (for a scalar) its parent's or the next member.
            b']' | b'}' if depth <= 1 => return false,
            b',' if depth == 0 => return false,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// Walks and discards one value inside `depth` arrays and objects, failing at the one
/// past [`MAX_SKIP_DEPTH`].
#[derive(Clone, Copy)]
pub(crate) struct BoundedSkip {
    pub(crate) depth: usize,
}

impl BoundedSkip {
    /// The walk into an array or object, or the error if it is one too many.
    fn enter<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_SKIP_DEPTH {
            return Err(E::custom(format_args!(
                "{TOO_DEEP_MESSAGE} {MAX_SKIP_DEPTH} levels in an unknown member"
            )));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for BoundedSkip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BoundedSkip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.enter()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}
