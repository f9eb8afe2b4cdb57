//! The serde `Deserializer` over the [`Reader`]: schema-driven, never guessing from
//! element counts.
//!
//! Every `deserialize_*` call reads *the current element*, whose start tag has been read:
//!
//! - a struct or map is a [`MapAccess`] over its child elements, keyed by their names;
//!   text directly inside it is an error;
//! - a `Vec` is the current element as item 0 followed by the *consecutive* siblings of
//!   the same name, so a wrapper such as `<SnapshotJobList>` is a one-field struct whose
//!   field is the list of its `<SnapshotJob>` children, one child is a list of one, and
//!   an empty wrapper leaves a `#[serde(default)]` list empty. A repeat after some other
//!   element is a second value for the same key: serde's duplicate-field error;
//! - [`Text`](crate::text::Text) (recognised by [`TEXT_TOKEN`]) gets the leaf's raw
//!   slice, borrowed, flagged for XML decoding when it holds references, CDATA, comments,
//!   PIs or CRs;
//! - `&str` gets the leaf borrowed when it has nothing to decode; otherwise the decoded
//!   text through `visit_str` from a 256-byte stack buffer (longer escaped text is an
//!   error: use `Text`, or `String`, which decodes into a new `String`);
//! - integers, floats, `bool` and `char` parse the decoded leaf text;
//! - `Option` is `Some` whenever the element is present (XML has no null);
//! - ignored values (unknown elements) are skipped whole, iteratively.
//!
//! The current element is closed (its frame popped) only after its value is built, so
//! an error serde raises while building it (missing or duplicate field, invalid value)
//! is located at the element: the deserializer fills in offset and path as the error
//! passes through.

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer as _, MapAccess, SeqAccess, Visitor};

use super::error::XmlError;
use super::reader::{Leaf, Reader};
use crate::decode::tokens::{ITEMS_TOKEN, OBJECT_TOKEN, SKIP_TOKEN, TEXT_TOKEN};
use crate::text::{Encoding, Text};

/// Capacity of the stack buffer that escaped text is decoded into for `&str` fields.
const STR_BUFFER: usize = 256;
/// Capacity of the stack buffer that escaped numbers, booleans and chars are decoded into.
const SCALAR_BUFFER: usize = 64;

/// Deserializes `T` from `body`, whose root element must be named `root`.
///
/// Before the root only the XML declaration, comments, processing instructions and
/// whitespace may appear (a DOCTYPE is an error); after it, only comments, PIs and
/// whitespace.
#[cfg(test)]
pub(crate) fn from_xml<'de, T: de::Deserialize<'de>>(
    body: &'de str,
    root: &str,
) -> Result<T, XmlError> {
    from_xml_seed(body, root, core::marker::PhantomData::<T>)
}

/// [`from_xml`] through a seed.
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

/// Parses an optional `-` then decimal digits.
fn parse_integer(text: &str) -> Result<i128, &'static str> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() {
        return Err("expected an integer, found no digits");
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err("expected an integer (an optional `-` then decimal digits)");
        }
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
            .ok_or("integer too large")?;
    }
    Ok(if negative { -value } else { value })
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

    /// The decoded text of a leaf, borrowed when it needs no decoding, otherwise decoded
    /// into `buf`.
    fn decoded<'b, const N: usize>(
        &self,
        leaf: Leaf<'de>,
        buf: &'b mut heapless::String<N>,
        too_long: &'static str,
    ) -> Result<&'b str, XmlError>
    where
        'de: 'b,
    {
        if !leaf.escaped {
            return Ok(leaf.raw);
        }
        Text::from_raw(leaf.raw, Encoding::Xml)
            .write_to(buf)
            .map_err(|_| self.r.schema_error_at(too_long, leaf.offset))?;
        Ok(buf.as_str())
    }

    /// Reads the leaf as an integer.
    fn integer(&mut self) -> Result<(i128, usize), XmlError> {
        let leaf = self.r.read_leaf()?;
        let mut buf = heapless::String::<SCALAR_BUFFER>::new();
        let text = self.decoded(leaf, &mut buf, "number too long")?;
        parse_integer(text)
            .map(|n| (n, leaf.offset))
            .map_err(|reason| self.r.schema_error_at(reason, leaf.offset))
    }

    fn unsupported<T>(&self, what: &'static str) -> Result<T, XmlError> {
        Err(self.r.schema_error_at(what, self.r.offset()))
    }
}

macro_rules! deserialize_integer {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
            let (n, at) = self.integer()?;
            let result = match <$ty>::try_from(n) {
                Ok(n) => visitor.$visit(n),
                Err(_) => Err(self.r.schema_error_at("integer out of range", at)),
            };
            self.finish(result)
        }
    )*};
}

macro_rules! deserialize_float {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
            let leaf = self.r.read_leaf()?;
            let mut buf = heapless::String::<SCALAR_BUFFER>::new();
            let text = self.decoded(leaf, &mut buf, "number too long")?;
            let result = match text.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => Err(self.r.schema_error_at("expected a number", leaf.offset)),
            };
            self.finish(result)
        }
    )*};
}

/// Whether `name` is the model's newtype `token`: the pointer first (the linker
/// merges the constant, so this is usually one compare), then the text.
#[inline(always)]
fn is_token(name: &str, token: &str) -> bool {
    core::ptr::eq(name.as_ptr(), token.as_ptr()) || name == token
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = XmlError;

    /// Best effort, for unusual derives: an element with child elements is a map,
    /// anything else its text.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        if self.r.peek_has_children() {
            self.deserialize_map(visitor)
        } else {
            self.deserialize_str(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let mut buf = heapless::String::<SCALAR_BUFFER>::new();
        let result = match self.decoded(leaf, &mut buf, "boolean too long")? {
            "true" | "1" => visitor.visit_bool(true),
            "false" | "0" => visitor.visit_bool(false),
            _ => Err(self
                .r
                .schema_error_at("expected `true` or `false`", leaf.offset)),
        };
        self.finish(result)
    }

    deserialize_integer! {
        deserialize_i8 => i64, visit_i64;
        deserialize_i16 => i64, visit_i64;
        deserialize_i32 => i64, visit_i64;
        deserialize_i64 => i64, visit_i64;
        deserialize_i128 => i128, visit_i128;
        deserialize_u8 => u64, visit_u64;
        deserialize_u16 => u64, visit_u64;
        deserialize_u32 => u64, visit_u64;
        deserialize_u64 => u64, visit_u64;
        deserialize_u128 => u128, visit_u128;
    }

    deserialize_float! {
        deserialize_f32 => f32, visit_f32;
        deserialize_f64 => f64, visit_f64;
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let mut buf = heapless::String::<SCALAR_BUFFER>::new();
        let mut chars = self
            .decoded(leaf, &mut buf, "expected a single character")?
            .chars();
        let result = match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self
                .r
                .schema_error_at("expected a single character", leaf.offset)),
        };
        self.finish(result)
    }

    /// Borrowed when the leaf needs no decoding; otherwise decoded on the stack (up to
    /// 256 bytes) and passed to `visit_str`, so a `&str` field fails on escaped text
    /// (use `Text`) while `Cow<str>` and `String` work.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let result = if leaf.escaped {
            let mut buf = heapless::String::<STR_BUFFER>::new();
            let text = self.decoded(
                leaf,
                &mut buf,
                "escaped text longer than 256 bytes: use a Text or String field",
            )?;
            visitor.visit_str(text)
        } else {
            visitor.visit_borrowed_str(leaf.raw)
        };
        self.finish(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let result = if leaf.escaped {
            let text = Text::from_raw(leaf.raw, Encoding::Xml)
                .to_cow()
                .into_owned();
            visitor.visit_string(text)
        } else {
            visitor.visit_borrowed_str(leaf.raw)
        };
        self.finish(result)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, XmlError> {
        self.unsupported("byte arrays are not supported by the XML decoder")
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, XmlError> {
        self.unsupported("byte arrays are not supported by the XML decoder")
    }

    /// XML has no null: a present element is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let result = if leaf.raw.is_empty()
            || (leaf.escaped && Text::from_raw(leaf.raw, Encoding::Xml).is_empty())
        {
            visitor.visit_unit()
        } else {
            Err(self
                .r
                .schema_error_at("expected an empty element", leaf.offset))
        };
        self.finish(result)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        self.deserialize_unit(visitor)
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
            // The model offers skipping an unknown member this way (see
            // `decode::object`): skip it here, iteratively, under the depth limit.
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

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        let result = visitor.visit_map(Children { de: &mut *self });
        self.finish(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        self.deserialize_map(visitor)
    }

    /// Unit variants only, named by the leaf text.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, XmlError> {
        let leaf = self.r.read_leaf()?;
        let result = if leaf.escaped {
            let mut buf = heapless::String::<STR_BUFFER>::new();
            let text = self.decoded(leaf, &mut buf, "enum variant name too long")?;
            let variant: StrDeserializer<'_, XmlError> = text.into_deserializer();
            visitor.visit_enum(variant)
        } else {
            visitor.visit_enum(BorrowedStrDeserializer::<XmlError>::new(leaf.raw))
        };
        self.finish(result)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        self.deserialize_str(visitor)
    }

    /// Skips the element whole (iteratively, still checking it).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, XmlError> {
        self.r.skip_element()?;
        let result = visitor.visit_unit();
        self.finish(result)
    }

    fn is_human_readable(&self) -> bool {
        true
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
        self.de.r.set_list_index(self.next);
        self.next = self.next.saturating_add(1);
        seed.deserialize(&mut *self.de).map(Some)
    }
}
