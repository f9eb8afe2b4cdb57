//! [`Text`]: a string field of a response, borrowed from the caller's buffer even when
//! the wire form holds escapes, decoded on demand.
//!
//! A JSON string such as `"a\u4e2d\"b"` or an XML leaf such as `<M> a&amp;b </M>` needs
//! unescaping before it means anything. Copying every such field into a fresh `String`
//! is what makes owned decoders slow; this crate keeps the wire slice instead, validated
//! while parsing, and decodes it when and where the caller wants:
//!
//! - [`Text::as_str`] hands out the `&str` directly when there is nothing to decode (the
//!   common case: ids, states, numbers, times);
//! - [`Text::write_to`] (and `Display`) decodes into any [`core::fmt::Write`], so a
//!   `heapless::String` works without a heap;
//! - [`Text::chars`] iterates over the decoded characters;
//! - `Text::to_cow` (with `alloc`) borrows when it can and allocates only when it must;
//! - `==` against `&str` compares the decoded text.
//!
//! Validation happens while parsing, so decoding on demand cannot fail: a lone surrogate
//! in `\ud800` or an unknown XML entity is a decode error of the whole response.
//!
//! ```
//! use mts_codec::text::Text;
//!
//! let id = Text::plain("88c6ca184c0e47098a5b665e2a126797");
//! assert_eq!(id.as_str(), Some("88c6ca184c0e47098a5b665e2a126797"));
//! assert_eq!(id, "88c6ca184c0e47098a5b665e2a126797");
//! ```

mod json;
mod wire_text;
mod xml;

#[cfg(feature = "alloc")]
mod number;

#[cfg(feature = "alloc")]
pub(crate) use json::validate_json_escapes;
#[cfg(feature = "alloc")]
pub use number::{Flag, Numeric, NumericError};
#[cfg(feature = "alloc")]
pub(crate) use xml::{is_xml_whitespace, parse_reference as parse_xml_reference};

#[cfg(feature = "alloc")]
pub(crate) use wire_text::Encoding;
pub use wire_text::{Chars, Text};
