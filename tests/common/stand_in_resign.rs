//! The stand-in's temporary signature check, until issue 6 part 1 (`mts_codec::verify`)
//! is merged: rebuild the `QuerySnapshotJobList` request from the received parameters,
//! sign it again with the crate's signer, compare, and check `Timestamp` against the
//! clock with the service's 15-minute window. Nonce replay is the stand-in's job.

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{self, Credentials, Method};

use super::{Received, Rejection, Verified};

/// The one key pair the stand-in knows.
pub const KEY_ID: &str = "LTAI-stand-in-key";
/// Its secret (not a real one).
pub const SECRET: &str = "stand-in-secret-not-real";
/// The window the service allows between `Timestamp` and its clock.
const SKEW_SECONDS: i64 = 15 * 60;

/// The temporary signature check: recompute with the crate's signer and compare. Only
/// the parameters the example's client sends are known; anything else is refused.
pub fn recompute_with_signer(request: &Received<'_>) -> Result<Verified, Rejection> {
    let p = request.params;
    let get = |name: &str| p.get(name).map(String::as_str);
    let mismatch = |server_string_to_sign: String| Rejection::SignatureDoesNotMatch {
        server_string_to_sign,
    };
    let (Some(key_id), Some(signature), Some(nonce), Some(time)) = (
        get("AccessKeyId"),
        get("Signature"),
        get("SignatureNonce"),
        get("Timestamp"),
    ) else {
        return Err(Rejection::Other {
            status: 400,
            code: "IncompleteSignature".into(),
            message: "The request signature does not conform to Aliyun standards.".into(),
        });
    };
    if get("SignatureMethod") != Some("HMAC-SHA1") || get("SignatureVersion") != Some("1.0") {
        return Err(mismatch(String::new()));
    }
    if key_id != KEY_ID {
        return Err(Rejection::Other {
            status: 404,
            code: "InvalidAccessKeyId.NotFound".into(),
            message: "Specified access key is not found.".into(),
        });
    }
    let time = Timestamp::parse(time).map_err(|_| Rejection::TimestampExpired)?;
    let now = Timestamp::now().unwrap().unix_seconds();
    if (now - time.unix_seconds()).abs() > SKEW_SECONDS {
        return Err(Rejection::TimestampExpired);
    }
    // Rebuild what the client signed. Only the parameters this client sends are known.
    let ids: Vec<&str> = get("SnapshotJobIds")
        .map(|s| s.split(',').collect())
        .unwrap_or_default();
    let format = match get("Format") {
        Some("JSON") => signing::Format::Json,
        Some("XML") => signing::Format::Xml,
        Some(other) => signing::Format::Other(other),
        None => return Err(mismatch(String::new())),
    };
    let method = match request.method {
        "GET" => Method::Get,
        _ => Method::Post,
    };
    let known = [
        "AccessKeyId",
        "Action",
        "Format",
        "RegionId",
        "Signature",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureType",
        "SignatureVersion",
        "SnapshotJobIds",
        "Timestamp",
        "Version",
    ];
    if p.keys().any(|k| !known.contains(&k.as_str()))
        || get("Action") != Some("QuerySnapshotJobList")
    {
        return Err(mismatch(String::new()));
    }
    let mut rebuilt = QuerySnapshotJobList::new()
        .job_ids(&ids)
        .map_err(|_| mismatch(String::new()))?
        .format(format)
        .method(method);
    if let Some(region) = get("RegionId") {
        rebuilt = rebuilt
            .region_id(region)
            .map_err(|_| mismatch(String::new()))?;
    }
    let credentials = Credentials::new(KEY_ID, SECRET).unwrap();
    let signed = rebuilt.sign(&credentials, time, nonce).unwrap();
    if signed.signature() != signature {
        let mut string_to_sign = String::new();
        signed.write_string_to_sign(&mut string_to_sign).unwrap();
        return Err(mismatch(string_to_sign));
    }
    Ok(Verified {
        access_key_id: key_id.to_owned(),
        nonce: nonce.to_owned(),
    })
}
