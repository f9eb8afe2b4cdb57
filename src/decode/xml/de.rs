//! The serde `Deserializer` over the [`Reader`], answering what the model asks for (see
//! [`crate::decode::tokens`]) about *the current element*, whose start tag is read:
//!
//! - a struct ([`OBJECT_TOKEN`]) maps its child elements by name; text inside is an error;
//! - a list ([`ITEMS_TOKEN`]) is the element and its *consecutive* same-named siblings
//!   (`<SnapshotJobList>` is a struct of one member, the list of its children); a repeat
//!   after another element is a duplicate field;
//! - a [`Text`] ([`TEXT_TOKEN`]) is the leaf's raw slice, flagged when it needs decoding;
//! - the skip token ([`SKIP_TOKEN`]) skips the element; XML has no null;
//! - anything else is `deserialize_any`: a leaf's text, decoded into a 256-byte stack
//!   buffer when it must be (the model's integer items).
//!
//! An element is closed only after its value is built, so an error is located at it.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::error::XmlError;
use super::reader::Reader;
use crate::decode::tokens::{ITEMS_TOKEN, OBJECT_TOKEN, SKIP_TOKEN, TEXT_TOKEN};
use crate::text::{Encoding, Text};

/// Capacity of the stack buffer that an escaped leaf is decoded into for `visit_str`.
const STR_BUFFER: usize = 256;

/// Deserializes `seed`'s value from `body`, whose root element must be named `root`.
///
/// Before the root only the XML declaration, comments, processing instructions and
/// whitespace may appear (a DOCTYPE is an error); after it, only comments, PIs and
/// whitespace.
pub(crate) fn from_xml_seed<'de, S: DeserializeSeed<'de>>(
    body: &'de str,
    root: &str,
    seed: S,
) -> Result<S::Value, XmlError> {
    let mut de = Deserializer {
        r: Reader::new(body),
    };
    // XML's Char production excludes U+FFFE and U+FFFF everywhere in a document (text,
    // names, attributes, comments, PIs, CDATA): one pass over the body, cheaper than a
    // check in every scanner.
    if let Some(at) = find_noncharacter(body.as_bytes()) {
        return Err(de
            .r
            .error_at("U+FFFE and U+FFFF are not XML characters", at));
    }
    de.r.skip_prolog()?;
    de.r.open_root(root)?;
    let value = seed.deserialize(&mut de)?;
    de.r.finish_document()?;
    Ok(value)
}

/// The offset of the first U+FFFE or U+FFFF (UTF-8 `EF BF BE` / `EF BF BF`) in `bytes`.
fn find_noncharacter(bytes: &[u8]) -> Option<usize> {
    // Most bodies are ASCII, which `is_ascii` tells fast.
    if bytes.is_ascii() {
        return None;
    }
    bytes
        .windows(3)
        .position(|w| matches!(w, [0xEF, 0xBF, 0xBE | 0xBF]))
}

/// The XML deserializer; see the [module docs](self).
#[derive(Debug)]
pub(crate) struct Deserializer<'de> {
    r: Reader<'de>,
}

impl<'de> Deserializer<'de> {
    /// Fills in the current location of an error raised without one.
    fn locate(&self, mut e: XmlError) -> XmlError {
        if !e.is_located() {
            e.locate(self.r.offset(), self.r.path());
        }
        e
    }

    /// Ends the current element after its value was built (or locates the error).
    fn finish<T>(&mut self, result: Result<T, XmlError>) -> Result<T, XmlError> {
        match result {
            Ok(value) => {
                self.r.close()?;
                Ok(value)
            }
            Err(e) => Err(self.locate(e)),
        }
    }

    /// A leaf's text as `visit_borrowed_str`, or decoded on the stack as `visit_str`;
    /// the visitor's error is located at the text.
    fn leaf<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let result = if leaf.escaped {
            let mut buf = heapless::String::<STR_BUFFER>::new();
            Text::from_raw(leaf.raw, Encoding::Xml)
                .write_to(&mut buf)
                .map_err(|_| {
                    self.r
                        .schema_error_at("escaped text longer than 256 bytes", leaf.offset)
                })?;
            visitor.visit_str(&buf)
        } else {
            visitor.visit_borrowed_str(leaf.raw)
        };
        let result = result.map_err(|mut e: XmlError| {
            e.locate(leaf.offset, self.r.path());
            e
        });
        self.finish(result)
    }
}

/// Whether `name` is the model's newtype `token`: the pointer first (the linker
/// merges the constant, so this is usually one compare), then the text.
#[inline(always)]
fn is_token(name: &str, token: &str) -> bool {
    core::ptr::eq(name.as_ptr(), token.as_ptr()) || name == token
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = XmlError;

    /// An element with child elements is a map, anything else its text.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        if self.r.peek_has_children() {
            self.deserialize_map(visitor)
        } else {
            self.leaf(visitor)
        }
    }

    /// XML has no null: a present element is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_some(self)
    }

    /// [`Text`] gets the leaf's raw slice; the model's struct and list tokens read the
    /// element's children and the run of same-named elements; the model's skip token
    /// skips the element; any other newtype is its inner value.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        if is_token(name, TEXT_TOKEN) {
            let leaf = self.r.read_leaf()?;
            let result = if leaf.escaped {
                visitor.visit_borrowed_bytes(leaf.raw.as_bytes())
            } else {
                visitor.visit_borrowed_str(leaf.raw)
            };
            return self.finish(result);
        }
        if is_token(name, OBJECT_TOKEN) {
            return self.deserialize_map(visitor);
        }
        if is_token(name, ITEMS_TOKEN) {
            return self.deserialize_seq(visitor);
        }
        if name == SKIP_TOKEN {
            // An unknown member (see `decode::skip`): skipped iteratively, under the
            // depth limit.
            self.r.skip_element()?;
            let result = visitor.visit_unit();
            return self.finish(result);
        }
        visitor.visit_newtype_struct(self)
    }

    /// The current element and its consecutive same-named siblings.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let mut items = Items {
            name: self.r.current_name(),
            de: &mut *self,
            next: 0,
        };
        let result = visitor.visit_seq(&mut items);
        let first_unread = items.next == 0;
        match result {
            // Items close themselves; only an unread first item is left open.
            Ok(value) if first_unread => self.finish(Ok(value)),
            Ok(value) => Ok(value),
            Err(e) => Err(self.locate(e)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let result = visitor.visit_map(Children { de: &mut *self });
        self.finish(result)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct tuple tuple_struct struct enum identifier ignored_any
    }
}

/// The child elements of a struct or map element, keyed by name.
struct Children<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> MapAccess<'de> for Children<'_, 'de> {
    type Error = XmlError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, XmlError> {
        match self.de.r.next_child()? {
            Some(name) => seed
                .deserialize(BorrowedStrDeserializer::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, XmlError> {
        seed.deserialize(&mut *self.de)
    }
}

/// A list: the current element, then its consecutive siblings named `name`.
struct Items<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    name: &'de str,
    /// Index of the next item; 0 while the current element is unread.
    next: u32,
}

impl<'de> SeqAccess<'de> for &mut Items<'_, 'de> {
    type Error = XmlError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, XmlError> {
        if self.next > 0 && !self.de.r.next_sibling_named(self.name)? {
            return Ok(None);
        }
        self.de.r.set_list_index(self.next)?;
        self.next = self.next.saturating_add(1);
        seed.deserialize(&mut *self.de).map(Some)
    }
}
