//! Unknown members are skipped under a depth limit.
//!
//! serde_json skips an unknown member (`IgnoredAny`) with a loop that has no nesting
//! limit, so a balanced body nesting millions of `[` inside an unknown member would be
//! accepted. The model's member loop ([`super::members`]) instead offers the format a
//! [`SKIP_TOKEN`] newtype with a [`SkipVisitor`]: the crate's XML deserializer
//! recognises it and skips the element iteratively under its own depth limit;
//! serde_json does not, and the value is then walked by [`BoundedSkip`], which fails
//! past [`MAX_SKIP_DEPTH`] levels (serde_json's own limit of 128 levels applies too).
//! (Structs come from objects only: see [`super::members`].)

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The newtype-struct name by which skipping an unknown value is offered to a format.
pub(crate) const SKIP_TOKEN: &str = "$mts_codec::private::Skip";

/// Deepest nesting accepted inside an unknown member.
pub(crate) const MAX_SKIP_DEPTH: usize = 64;

/// Prefix of the error raised past [`MAX_SKIP_DEPTH`]; the JSON error mapping keys on it.
pub(crate) const TOO_DEEP_MESSAGE: &str = "nesting deeper than";

/// Skips one value: `visit_unit` when the format skipped it itself, a bounded walk
/// otherwise.
pub(crate) struct SkipVisitor {
    pub(crate) depth: usize,
}

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        BoundedSkip { depth: self.depth }.deserialize(d)
    }
}

/// Walks and discards one value, failing past [`MAX_SKIP_DEPTH`] levels of nesting.
#[derive(Clone, Copy)]
struct BoundedSkip {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for BoundedSkip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.depth > MAX_SKIP_DEPTH {
            return Err(de::Error::custom(format_args!(
                "{TOO_DEEP_MESSAGE} {MAX_SKIP_DEPTH} levels in an unknown member"
            )));
        }
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
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = BoundedSkip {
            depth: self.depth + 1,
        };
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = BoundedSkip {
            depth: self.depth + 1,
        };
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}
