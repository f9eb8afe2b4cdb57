//! Sign a `QuerySnapshotJobList` request and print what would be sent, then decode the
//! sample responses of the MTS documentation, as a client would after its HTTP call
//! (the job and its snapshot's URL), and an API error with its signature diagnosis.
//!
//! Run with `cargo run --example quickstart`. The credentials are fake and the time and
//! nonce are fixed, so the output is the same on every run; a real client uses
//! `Timestamp::now()` and `RandomNonce::generate()` and signs every attempt anew.

use mts_codec::Timestamp;
use mts_codec::api_error::SignatureDiagnosis;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::{Numbering, QuerySnapshotJobList};
use mts_codec::signing::{Credentials, Method, Scheme};
use mts_codec::{Format, Response, decode_response};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Demo credentials: not a real key pair. The secret is copied into a buffer that is
    // wiped on drop, and `{:?}` prints it as "<redacted>".
    let credentials = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?;

    // The request: the job id of the MTS documentation example, sent as GET so the
    // URL alone is the whole request.
    let region = "cn-hangzhou";
    let request = QuerySnapshotJobList::new()
        .job_ids(&["88c6ca184c0e47098a5b665e2a126797"])?
        .region_id(region)?
        .method(Method::Get);

    // Time and nonce come from the caller. Fixed here for a reproducible output; a
    // reused nonce is refused by the gateway (`SignatureNonceUsed`).
    let time = Timestamp::parse("2024-01-01T00:00:00Z")?;
    let nonce = "0123456789abcdef0123456789abcdef";
    let signed = request.sign(&credentials, time, nonce)?;

    // Every output has an exact `*_len`, so a `heapless::String<N>` works as well as a
    // `String` here.
    let endpoint = Endpoint::for_region(region)?;
    let mut url = String::with_capacity(signed.url_len(Scheme::Https, &endpoint));
    signed.write_url(Scheme::Https, &endpoint, &mut url)?;
    let mut canonical = String::new();
    signed.write_canonical_query(&mut canonical)?;
    let mut string_to_sign = String::new();
    signed.write_string_to_sign(&mut string_to_sign)?;

    println!("credentials:     {credentials:?}");
    println!("URL:             {url}");
    // Compare these two with the "server string to sign is:" text of a
    // SignatureDoesNotMatch error when a signature is refused.
    println!("canonical query: {canonical}");
    println!("string-to-sign:  {string_to_sign}");
    println!("signature:       {}", signed.signature());

    // The HTTP call is yours to make. What comes back is decoded from the status,
    // the format asked for and the body bytes; every string borrows from the body.
    println!();
    let samples: [(&str, Format, &[u8]); 2] = [
        (
            "sample XML response (MTS documentation)",
            Format::Xml,
            include_bytes!("../tests/data/xml/seed.xml"),
        ),
        (
            "sample JSON response (MTS documentation)",
            Format::Json,
            include_bytes!("../tests/data/json/seed.json"),
        ),
    ];
    for (label, format, body) in samples {
        println!("{label}:");
        match decode_response(200, format, body)? {
            Response::Success(response) => print_jobs(&response),
            Response::ApiError(error) => println!("  API error:       {error}"),
        }
    }

    // An API error: the body the gateway sends (HTTP 400) when this very request is
    // signed with a wrong AccessKeySecret. Its message ends with the server's
    // string-to-sign; `diagnose_signature` compares it with ours.
    let body = format!(
        r#"{{"RequestId":"5B7C5B57-0000-4000-8000-000000000000","HostId":"mts.{region}.aliyuncs.com","Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"}}"#
    );
    println!();
    println!("sample API error (SignatureDoesNotMatch for the request above):");
    match decode_response(400, Format::Json, body.as_bytes())? {
        Response::ApiError(error) => {
            let code = error.code.map(|c| c.to_string()).unwrap_or_default();
            println!("  error code:      {code}");
            println!("  retryable:       {}", error.is_retryable());
            match error.diagnose_signature(&string_to_sign) {
                Some(SignatureDiagnosis::WrongSecret) => println!(
                    "  diagnosis:       both sides signed the same string: the AccessKeySecret is wrong"
                ),
                Some(SignatureDiagnosis::StringToSignDiffers { at }) => println!(
                    "  diagnosis:       the strings-to-sign differ from byte {at}: the request changed after signing"
                ),
                None => println!("  diagnosis:       the message carries no string-to-sign"),
            }
        }
        Response::Success(_) => println!("  (decoded as a success)"),
    }

    Ok(())
}

fn print_jobs(response: &mts_codec::query_snapshot_job_list::QuerySnapshotJobListResponse<'_>) {
    if let Some(id) = response.request_id {
        println!("  RequestId:       {id}");
    }
    for job in response.jobs() {
        let id = job.id.map(|t| t.to_string()).unwrap_or_default();
        let state = job.state.map(|s| s.to_string()).unwrap_or_default();
        println!("  job id:          {id}");
        println!(
            "  job state:       {state} (terminal: {})",
            job.is_terminal()
        );
        if let Some(created) = job.creation_timestamp() {
            match created {
                Ok(t) => println!("  created:         {t} (unix {})", t.unix_seconds()),
                Err(e) => println!("  created:         unreadable ({e})"),
            }
        }
        if let Some(time) = job.snapshot_config.as_ref().and_then(|c| c.time) {
            println!("  snapshot time:   {time} ms into the video");
        }
        // The OSS objects the job wrote, as URLs (`{Count}` numbered when the key has
        // the placeholder; here one object).
        match job.snapshot_objects(Numbering::DOCUMENTED) {
            Ok(objects) => {
                for object in objects {
                    println!("  snapshot URL:    {}", object.url());
                }
            }
            Err(e) => println!("  snapshot URL:    none ({e})"),
        }
    }
    for id in response.non_existent_ids() {
        println!("  unknown job id:  {id}");
    }
}
