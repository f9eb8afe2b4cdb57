//! Sign a `QuerySnapshotJobList` request and print what would be sent.
//!
//! Run with `cargo run --example quickstart`. The credentials are fake and the time and
//! nonce are fixed, so the output is the same on every run; a real client uses
//! `Timestamp::now()` and `RandomNonce::generate()` and signs every attempt anew.

use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{Credentials, Method, Scheme};

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

    // Decoding the response: added with the response decoder.

    Ok(())
}
