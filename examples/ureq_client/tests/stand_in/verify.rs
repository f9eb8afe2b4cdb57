//! The stand-in's signature check with the crate's own verifier,
//! [`mts_codec::verify::Verifier::verify_rpc`] for v1 and
//! [`verify_v3`](mts_codec::verify::Verifier::verify_v3) for a request whose
//! `Authorization` is `ACS3-HMAC-SHA256`: the secret looked up by `AccessKeyId`, the
//! service's 15-minute window against the stand-in's clock, and each [`VerifyError`]
//! mapped to the gateway's code and status (spec §8.2, §8.3). Nonce replay stays with
//! the stand-in, which keeps the verified nonces.

use mts_codec::signing::V3_ALGORITHM;
use mts_codec::verify::{Payload, RpcRequest, V3Request, Verifier, VerifyError};

use super::{Received, Rejection, Verified};

/// The one key pair the stand-in knows.
pub const KEY_ID: &str = "LTAI-stand-in-key";
/// Its secret (not a real one).
pub const SECRET: &str = "stand-in-secret-not-real";

fn lookup(access_key_id: &str) -> Option<&'static str> {
    (access_key_id == KEY_ID).then_some(SECRET)
}

/// Verifies `request` with [`Verifier::verify_rpc`] or [`Verifier::verify_v3`] at the
/// stand-in's "now".
pub fn verify_with_codec(request: &Received<'_>) -> Result<Verified, Rejection> {
    let is_v3 = request.headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("authorization") && value.starts_with(V3_ALGORITHM)
    });
    if is_v3 {
        return verify_v3(request);
    }
    let rpc = RpcRequest {
        method: request.method,
        query: request.raw_query.as_bytes(),
        form_body: request.form_body,
    };
    let verifier = Verifier::new();
    answer(verifier.verify_rpc(&rpc, request.now, lookup), |text| {
        verifier.write_rpc_string_to_sign(&rpc, text)
    })
}

/// A v3 request: the headers as received, the body hashed by the verifier.
fn verify_v3(request: &Received<'_>) -> Result<Verified, Rejection> {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let v3 = V3Request {
        method: request.method,
        path: request.path,
        query: request.raw_query.as_bytes(),
        headers: &headers,
        body: Payload::Bytes(request.body),
    };
    let verifier = Verifier::new();
    answer(verifier.verify_v3(&v3, request.now, lookup), |text| {
        verifier.write_v3_string_to_sign(&v3, text)
    })
}

/// The stand-in's view of a verification: what it keeps of a verified request, or the
/// refusal; a signature mismatch quotes the server's string-to-sign (spec §8.1).
fn answer<const P: usize, const B: usize, E: std::fmt::Debug>(
    result: Result<mts_codec::verify::Verified<'_, P, B>, VerifyError>,
    write_string_to_sign: impl FnOnce(&mut String) -> Result<(), E>,
) -> Result<Verified, Rejection> {
    match result {
        Ok(verified) => Ok(Verified {
            access_key_id: verified.access_key_id().to_owned(),
            action: verified.action().to_owned(),
            nonce: verified.nonce().to_owned(),
        }),
        Err(VerifyError::SignatureMismatch) => {
            let mut server_string_to_sign = String::new();
            write_string_to_sign(&mut server_string_to_sign)
                .expect("a request that reached the signature check parses again");
            Err(Rejection::SignatureDoesNotMatch {
                server_string_to_sign,
            })
        }
        Err(error) => Err(rejection_of(error)),
    }
}

/// The gateway's answer to every refusal but a signature mismatch.
fn rejection_of(error: VerifyError) -> Rejection {
    let other = |status: u16, code: &str, message: String| Rejection::Other {
        status,
        code: code.to_owned(),
        message,
    };
    let invalid = |name: &str| {
        other(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is invalid."),
        )
    };
    match error {
        VerifyError::TimestampOutsideWindow { .. } => Rejection::TimestampExpired,
        VerifyError::BadTimestamp { .. } => invalid("Timestamp"),
        VerifyError::UnknownAccessKey => other(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.".to_owned(),
        ),
        // The signature's own parameters: the gateway calls these incomplete.
        VerifyError::MissingParameter {
            name: "Signature" | "SignatureMethod" | "SignatureVersion" | "SignatureNonce",
        }
        | VerifyError::Empty {
            name: "Signature" | "SignatureMethod" | "SignatureVersion" | "SignatureNonce",
        }
        | VerifyError::UnsupportedSignatureMethod
        | VerifyError::UnsupportedSignatureVersion
        | VerifyError::UnsupportedSignatureType => other(
            400,
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards.".to_owned(),
        ),
        VerifyError::MissingParameter { name } | VerifyError::Empty { name } => other(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        ),
        VerifyError::BadSecret { .. } => other(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure."
                .to_owned(),
        ),
        // Malformed lists, duplicates, capacities: the request as a whole is invalid.
        other_error => other(400, "InvalidParameter", other_error.to_string()),
    }
}
