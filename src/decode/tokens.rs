//! The newtype-struct names by which the model asks a format for something other than a
//! plain serde value. The crate's XML deserializer recognises them; serde_json does not,
//! hands itself back through `visit_newtype_struct`, and is then asked for any value.

/// A [`Text`](crate::text::Text): the leaf's raw slice, borrowed.
pub(crate) const TEXT_TOKEN: &str = "$mts_codec::private::Text";

/// A struct of the model: XML reads the element's children (`deserialize_map`).
///
/// Not `deserialize_map` directly: serde_json reports a wrong type there through serde's
/// `Unexpected`, which links float formatting (see [`super::wrong_type`]).
pub(crate) const OBJECT_TOKEN: &str = "$mts_codec::private::Object";

/// A list of the model: XML reads the run of same-named elements (`deserialize_seq`).
pub(crate) const ITEMS_TOKEN: &str = "$mts_codec::private::Items";

/// An unknown member's value, skipped without decoding it.
pub(crate) const SKIP_TOKEN: &str = "$mts_codec::private::Skip";
