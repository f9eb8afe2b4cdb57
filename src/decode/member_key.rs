//! A member's name, found among its struct's names.
//!
//! serde_json decodes an escaped name into its scratch memory (one allocation per body
//! that has one); reading every name as a raw token instead is slower for every body.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::member_names::MemberNames;

/// A member name read: its index into the struct's names (`None`: unknown) and, for an
/// unknown JSON member, the body after the name, where its value starts.
pub(crate) struct MemberKey<'de> {
    pub(crate) index: Option<usize>,
    pub(crate) json_rest: Option<&'de str>,
}

/// Reads a member name and finds it in `names`; `json_body` is the JSON body being read.
pub(crate) struct KeySeed<'de> {
    pub(crate) names: &'static MemberNames,
    pub(crate) json_body: Option<&'de str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'de> {
    type Value = MemberKey<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<MemberKey<'de>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'de> {
    type Value = MemberKey<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    /// A name borrowed from the body (XML's element name, or JSON's without escapes).
    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<MemberKey<'de>, E> {
        let json_body = self.json_body;
        let mut key = self.visit_str::<E>(name)?;
        if key.index.is_none() {
            key.json_rest = json_body.and_then(|body| after(body, name));
        }
        Ok(key)
    }

    /// A name serde_json had to decode: its position in the body is unknown.
    fn visit_str<E: de::Error>(self, name: &str) -> Result<MemberKey<'de>, E> {
        Ok(MemberKey {
            index: self.names.index_of(name.as_bytes()),
            json_rest: None,
        })
    }
}

#[cold]
/// The part of `body` after `name` (a slice of it) and its closing quote.
fn after<'de>(body: &'de str, name: &str) -> Option<&'de str> {
    let start = (name.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    body.get(start.checked_add(name.len())?..)?
        .strip_prefix('"')
}
