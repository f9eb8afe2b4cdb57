//! The decoding engine: JSON (through serde_json) and XML (a reader of our own) read into
//! the model's structs, and the [`DecodeError`] both report.
//!
//! The entry point is [`decode_response`](crate::decode_response).

mod body_shape;
mod error;
mod json;
mod json_path;
mod limits;
mod member_key;
mod member_names;
pub(crate) mod members;
mod skip;
mod text;
mod tokens;
pub(crate) mod wrong_type;
mod xml;

pub use error::{DecodeError, DecodeErrorKind};
pub use limits::Limits;

pub use crate::format::Format;
pub(crate) use xml::root_is as xml_root_is;

/// Decodes `body` as `T` within `limits`; XML bodies must have the root element
/// `xml_root`.
///
/// A body that is not `format` at all fails with what it is instead (see
/// [`body_shape`]), not with the parse error at its first byte.
pub(crate) fn decode_body<'a, T: members::Members<'a> + Default>(
    format: Format,
    body: &'a [u8],
    xml_root: &str,
    limits: Limits,
) -> Result<T, DecodeError> {
    if body.len() > limits.max_body_bytes() {
        return Err(DecodeError::new(
            DecodeErrorKind::LimitExceeded,
            Some(format),
            format_args!(
                "the body is {} bytes, more than {} (Limits::max_body_bytes)",
                body.len(),
                limits.max_body_bytes()
            ),
        ));
    }
    parse_body(format, body, xml_root, limits)
        .map_err(|parsed| body_shape::explain(format, body, &parsed).unwrap_or(parsed))
        .map_err(
            |e| match e.message().starts_with(members::LIST_LIMIT_MESSAGE) {
                true => e.with_kind(DecodeErrorKind::LimitExceeded),
                false => e,
            },
        )
}

fn parse_body<'a, T: members::Members<'a> + Default>(
    format: Format,
    body: &'a [u8],
    xml_root: &str,
    limits: Limits,
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
    let cx = members::Context {
        json: (format == Format::Json).then(|| member_key::JsonBody::new(text)),
        max_list_items: limits.max_list_items(),
    };
    let root = members::ObjectSeed {
        target: &mut value,
        cx: &cx,
    };
    match format {
        Format::Json => json::from_json(text, root)?,
        Format::Xml => xml::from_xml_seed(text, xml_root, root)
            .map_err(|e| with_line_column(DecodeError::from(e), text))?,
    }
    Ok(value)
}

/// `e` with the line and column (from 1, the column in bytes) of its offset in `text`,
/// as serde_json gives them for JSON.
fn with_line_column(e: DecodeError, text: &str) -> DecodeError {
    let Some(before) = e.offset().and_then(|offset| text.as_bytes().get(..offset)) else {
        return e;
    };
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    e.at_line_column(line, before.len() - line_start + 1)
}
