//! XML response decoding: a strict pull reader of our own (a subset of XML 1.0; any
//! `<!DOCTYPE` is refused, so there are no DTDs and no entity expansion) and a serde
//! deserializer over it, so that the model reads JSON and XML alike.
//!
//! Text is zero-copy, decoded on demand (see `text/xml.rs`); nesting stops at
//! [`MAX_DEPTH`](reader::MAX_DEPTH) elements without recursion; errors carry the byte
//! offset and element path. Entry point: [`from_xml_seed`].
//! `tests/it/decode/xml_well_formedness.rs` maps each well-formedness rule of XML 1.0
//! to what the reader does and its test.

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
