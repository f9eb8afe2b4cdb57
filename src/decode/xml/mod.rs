//! XML response decoding: a small validating pull reader of our own and a serde
//! deserializer over it, so that the model reads JSON (through serde_json) and XML alike.
//!
//! What the reader accepts (a subset of XML 1.0 sufficient for MTS response and error
//! bodies, strict where it matters):
//!
//! - an optional XML declaration at the very start, checked (`version="1.x"`, then
//!   optionally `encoding="UTF-8"`, the only encoding read, and `standalone`); comments,
//!   processing instructions and whitespace around and between elements (skipped); any
//!   `<!DOCTYPE` is an error, so there are no DTDs, no custom or external entities and
//!   no entity expansion attacks;
//! - names checked against XML's `NameStartChar` and `NameChar`;
//! - attributes, checked for well-formedness and ignored (`list="true"`), each name once
//!   per tag and at most 16 per tag; end tags must match start tags by name; `<a/>` is
//!   an empty element;
//! - text with the five predefined entities, decimal and hex character references (to
//!   XML `Char`s only), CDATA sections; a stray `&` or `<`, an unknown entity, `]]>`
//!   and raw C0 controls other than tab, CR and LF are errors;
//! - at most [`MAX_DEPTH`](reader::MAX_DEPTH) nested elements, known or skipped alike: a body nesting
//!   millions of elements fails fast, with no recursion and no allocation.
//!
//! Text is zero-copy: a leaf is handed to [`Text`](crate::text::Text) as the raw slice of
//! the body, decoded on demand (see `text/xml.rs`). Errors carry the byte offset and the
//! element path (see [`XmlError`]).
//!
//! Entry point: [`from_xml_seed`] (the caller has checked UTF-8 once for the whole body).
//! `tests/it/decode/xml_well_formedness.rs` maps each well-formedness rule of XML 1.0 to
//! its test.

mod de;
mod error;
mod reader;
pub(crate) use de::from_xml_seed;

/// Whether the root element of `body` is named `name`, read no further than its name
/// (the prolog before it is checked as [`from_xml_seed`] does; `false` if it is bad).
pub(crate) fn root_is(body: &str, name: &str) -> bool {
    let mut r = reader::Reader::new(body);
    if r.skip_prolog().is_err() {
        return false;
    }
    // After the prolog the reader stands on the root's `<`, one ASCII byte.
    let tag = &body[r.offset() + 1..];
    tag.strip_prefix(name).is_some_and(|rest| {
        rest.bytes()
            .next()
            .is_some_and(|b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))
    })
}
