//! Structs come from objects only, and their unknown members are skipped under a depth
//! limit.
//!
//! Two holes in a plain `#[derive(Deserialize)]` over serde_json are closed here:
//!
//! - serde's derived struct visitors also accept a sequence (fields by position), so
//!   serde_json would read `["id", "token"]` as a response with `RequestId = "id"`. Every
//!   struct of the model goes through [`Object`], whose visitor takes a map and nothing
//!   else, handing it on through `MapAccessDeserializer` (borrowing stays intact).
//! - serde_json skips an unknown member (`IgnoredAny`) with a loop that has no nesting
//!   limit, so a balanced body nesting millions of `[` inside an unknown member would
//!   be accepted. [`Object`] wraps each member value so that `deserialize_ignored_any`
//!   first offers the format a [`SKIP_TOKEN`] newtype: the crate's XML deserializer
//!   recognises it and skips the element iteratively under its own depth limit; serde_json
//!   does not, and the value is then walked by [`BoundedSkip`], which fails past
//!   [`MAX_SKIP_DEPTH`] levels (serde_json's own limit of 128 levels applies too).

use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// The newtype-struct name by which skipping an unknown value is offered to a format.
pub(crate) const SKIP_TOKEN: &str = "$mts_codec::private::Skip";

/// Deepest nesting accepted inside an unknown member.
pub(crate) const MAX_SKIP_DEPTH: usize = 64;

/// Prefix of the error raised past [`MAX_SKIP_DEPTH`]; the JSON error mapping keys on it.
pub(crate) const TOO_DEEP_MESSAGE: &str = "nesting deeper than";

/// A `T` that was deserialized from a map (a JSON object, an XML element's children).
pub(crate) struct Object<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData)).map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(Members(map)))
    }
}

/// `deserialize_with` for an optional struct member.
pub(crate) fn optional<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Object<T>>::deserialize(d).map(|o| o.map(|Object(t)| t))
}

/// The members of an object, each value wrapped in [`MemberValue`].
struct Members<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(MemberSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct MemberSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for MemberSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(MemberValue(d))
    }
}

/// A member's value: everything goes to the format's deserializer unchanged, except
/// skipping, which is depth-limited.
struct MemberValue<D>(D);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MemberValue<D> {
    type Error = D::Error;

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_newtype_struct(SKIP_TOKEN, SkipVisitor { depth: 0 })?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Skips one value: `visit_unit` when the format skipped it itself, a bounded walk
/// otherwise.
struct SkipVisitor {
    depth: usize,
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
