//! [`decode_response`]: a `QuerySnapshotJobList` response from its HTTP status, format
//! and body, as the success body or the API error body it is.

use crate::api_error::ApiError;
use crate::decode::{DecodeError, DecodeErrorKind, Format, Limits};

use super::QuerySnapshotJobListResponse;

/// A decoded response: the success body, or the API error body the gateway sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response<'a> {
    /// A 2xx status with a success body: the jobs.
    Success(QuerySnapshotJobListResponse<'a>),
    /// A 4xx/5xx status, or an API error body at any status: `Code`, `Message`, ...
    ApiError(ApiError<'a>),
}

/// Decodes a `QuerySnapshotJobList` response from its HTTP status, format and body.
///
/// The outcome follows the status, except that an API error body is never a success:
///
/// - 400–599: the API error body (decided by status, as gateway generations disagree
///   on which status a code gets).
/// - 200–299: the success body, unless the body is an API error: in JSON a top level
///   with `Code` and without `SnapshotJobList`, in XML the root element `<Error>`
///   (see [`ApiError`]). Such a body is [`Response::ApiError`], so that a gateway or
///   proxy answering 200 with an error never reads as a success with no jobs.
/// - any other status: an API error body as above is [`Response::ApiError`]; anything
///   else is [`DecodeErrorKind::UnexpectedStatus`].
///
/// Every string in the result borrows from `body`.
///
/// # Errors
/// [`DecodeError`] carrying `status`, with the byte offset and field path where the body
/// went wrong, or what the body is instead when it is not `format` at all: empty
/// ([`DecodeErrorKind::EmptyBody`]), an HTML error page or the other format
/// ([`DecodeErrorKind::WrongContent`]).
pub fn decode_response(
    status: u16,
    format: Format,
    body: &[u8],
) -> Result<Response<'_>, DecodeError> {
    decode_response_with(status, format, body, Limits::DEFAULT)
}

/// [`decode_response`] within `limits` instead of the default [`Limits`].
///
/// # Errors
/// As [`decode_response`]; [`DecodeErrorKind::LimitExceeded`] for a body or list over
/// `limits`.
pub fn decode_response_with(
    status: u16,
    format: Format,
    body: &[u8],
    limits: Limits,
) -> Result<Response<'_>, DecodeError> {
    decode_by_status(status, format, body, limits).map_err(|e| e.with_status(status))
}

/// [`decode_response`] without the status in its errors.
fn decode_by_status(
    status: u16,
    format: Format,
    body: &[u8],
    limits: Limits,
) -> Result<Response<'_>, DecodeError> {
    match status {
        200..=299 => decode_success(format, body, limits),
        400..=599 => ApiError::decode_with(format, body, limits).map(Response::ApiError),
        _ => match api_error_body(format, body, limits) {
            Some(error) => Ok(Response::ApiError(error)),
            None => Err(DecodeError::new(
                DecodeErrorKind::UnexpectedStatus,
                Some(format),
                format_args!("the status is neither success (2xx) nor an API error (4xx/5xx)"),
            )),
        },
    }
}

/// A 2xx body: the success body, or the API error body it is instead.
fn decode_success(
    format: Format,
    body: &[u8],
    limits: Limits,
) -> Result<Response<'_>, DecodeError> {
    if format == Format::Xml {
        // The root tells; an `<Error>` root would fail the success decode.
        if core::str::from_utf8(body).is_ok_and(|text| crate::decode::xml_root_is(text, "Error")) {
            return ApiError::decode_with(format, body, limits).map(Response::ApiError);
        }
        return QuerySnapshotJobListResponse::decode_with(format, body, limits)
            .map(Response::Success);
    }
    let success = QuerySnapshotJobListResponse::decode_with(format, body, limits)?;
    // Only a body without jobs is read again: an error body has none.
    if success.snapshot_job_list.is_none() {
        if let Some(error) = api_error_body(format, body, limits) {
            return Ok(Response::ApiError(error));
        }
    }
    Ok(Response::Success(success))
}

/// `body` as an API error, when it is one: it decodes as [`ApiError`] and has a `Code`.
fn api_error_body(format: Format, body: &[u8], limits: Limits) -> Option<ApiError<'_>> {
    ApiError::decode_with(format, body, limits)
        .ok()
        .filter(|error| error.code.is_some())
}

/// The conformance shape `mts decode` prints and the golden tests compare:
/// `{"outcome":"ok","response":{…}}` or `{"outcome":"api_error","error":{…}}`, members
/// under their wire names, absent members omitted, texts decoded.
impl serde::Serialize for Response<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Response", 2)?;
        match self {
            Self::Success(body) => {
                s.serialize_field("outcome", "ok")?;
                s.serialize_field("response", body)?;
            }
            Self::ApiError(body) => {
                s.serialize_field("outcome", "api_error")?;
                s.serialize_field("error", body)?;
            }
        }
        s.end()
    }
}
