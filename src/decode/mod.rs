//! The decoding engine: JSON (through serde_json) and XML (a reader of our own) read into
//! the model's structs, and the [`DecodeError`] both report.
//!
//! The entry point is [`decode_response`](crate::decode_response).

mod body_shape;
mod error;
mod json;
mod json_path;
mod member_key;
mod member_names;
pub(crate) mod members;
mod skip;
mod text;
mod tokens;
pub(crate) mod wrong_type;
mod xml;

pub use error::{DecodeError, DecodeErrorKind};

pub use crate::format::Format;
pub(crate) use xml::root_is as xml_root_is;

/// Decodes `body` as `T`; XML bodies must have the root element `xml_root`.
///
/// A body that is not `format` at all fails with what it is instead (see
/// [`body_shape`]), not with the parse error at its first byte.
pub(crate) fn decode_body<'a, T: members::Members<'a> + Default>(
    format: Format,
    body: &'a [u8],
    xml_root: &str,
) -> Result<T, DecodeError> {
    parse_body(format, body, xml_root)
        .map_err(|parsed| body_shape::explain(format, body, &parsed).unwrap_or(parsed))
}

fn parse_body<'a, T: members::Members<'a> + Default>(
    format: Format,
    body: &'a [u8],
    xml_root: &str,
) -> Result<T, DecodeError> {
    let text = core::str::from_utf8(body).map_err(|e| {
        DecodeError::new(
            DecodeErrorKind::InvalidUtf8,
            Some(format),
            format_args!("invalid UTF-8"),
        )
        .at(e.valid_up_to())
    })?;
    let mut value = T::default();
    let json_body = (format == Format::Json).then(|| member_key::JsonBody::new(text));
    let root = members::ObjectSeed {
        target: &mut value,
        body: json_body.as_ref(),
    };
    match format {
        Format::Json => json::from_json(text, root)?,
        Format::Xml => xml::from_xml_seed(text, xml_root, root)?,
    }
    Ok(value)
}
