//! Verification does not touch the heap: the counting global allocator sees zero
//! allocations while v1 and v3 requests of the default maximum size class (ten job ids,
//! an STS token, every common parameter) are verified, refused, and their server-side
//! texts written into `heapless::String`s; v3 with its parameters in a form body too.

use mts_codec::signing::{BodyHash, Credentials, EMPTY_BODY_SHA256, Method, Params, V3Signer};
use mts_codec::verify::{Payload, RpcRequest, V3Request, Verifier, VerifyError};
use sha2::Digest;

use crate::support::counting_alloc;
use crate::support::fixtures::{
    IDS, KEY_ID, NONCE, SECRET, TOKEN, borrowed, fullest_request, lookup, time, v3_headers,
};

#[test]
fn verifying_does_not_allocate() {
    let time = time();
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_security_token(TOKEN)
        .unwrap();

    // v1: the largest typed request, as a GET query and as a form body.
    let request = fullest_request();
    let mut query = String::new();
    let get = request.clone().method(Method::Get);
    get.sign(&creds, time, NONCE)
        .unwrap()
        .write_query(&mut query)
        .unwrap();
    let mut body = String::new();
    let post = request.method(Method::Post);
    post.sign(&creds, time, NONCE)
        .unwrap()
        .write_form_body(&mut body)
        .unwrap();

    // v3: the same ids and token, an extra header, a body.
    let joined = IDS.join(",");
    let mut params = Params::<2>::new();
    params.insert("SnapshotJobIds", &joined).unwrap();
    params.insert("MaximumPageSize", "300").unwrap();
    let signed = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Get)
    .sign(
        &params,
        &[("user-agent", "test")],
        BodyHash::Empty,
        &creds,
        time,
        NONCE,
    )
    .unwrap();
    let mut v3_query = String::new();
    signed.write_query(&mut v3_query).unwrap();
    let mut authorization = String::new();
    signed.write_authorization(&mut authorization).unwrap();
    let owned = v3_headers(signed.headers(), authorization);
    let headers = borrowed(&owned);
    let v3 = V3Request {
        method: "GET",
        path: "/",
        query: v3_query.as_bytes(),
        headers: &headers,
        body: Payload::Bytes(b""),
    };

    // v3 form POST: the parameters in an `application/x-www-form-urlencoded` body,
    // signed with its hash and `content-type`.
    let form = format!(
        "MaximumPageSize=300&SnapshotJobIds={}",
        joined.replace(',', "%2C")
    );
    let form_hash: String = sha2::Sha256::digest(form.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let no_query = Params::<0>::new();
    let signed_form = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Post)
    .sign(
        &no_query,
        &[("content-type", "application/x-www-form-urlencoded")],
        BodyHash::Hex(&form_hash),
        &creds,
        time,
        NONCE,
    )
    .unwrap();
    let mut form_authorization = String::new();
    signed_form
        .write_authorization(&mut form_authorization)
        .unwrap();
    let form_owned = v3_headers(signed_form.headers(), form_authorization);
    let form_headers = borrowed(&form_owned);
    let v3_form = V3Request {
        method: "POST",
        path: "/",
        query: b"",
        headers: &form_headers,
        body: Payload::Bytes(form.as_bytes()),
    };

    let mut sts = heapless::String::<4096>::new();
    let mut canonical = heapless::String::<4096>::new();
    let mut seen = [0usize; 8];
    let verifier = Verifier::new();
    let ((), n) = counting_alloc::count(|| {
        let verified = verifier
            .verify_rpc(&RpcRequest::get(&query), time, lookup)
            .unwrap();
        seen[0] = verified.params().count();
        seen[1] = verified.get("SnapshotJobIds").unwrap().len();
        assert_eq!(verified.security_token(), Some(TOKEN));

        let verified = verifier
            .verify_rpc(&RpcRequest::post_form("", body.as_bytes()), time, lookup)
            .unwrap();
        seen[2] = verified.params().count();

        let refused = verifier.verify_rpc(&RpcRequest::post(&query), time, lookup);
        assert_eq!(refused.unwrap_err(), VerifyError::SignatureMismatch);
        verifier
            .write_rpc_string_to_sign(&RpcRequest::post(&query), &mut sts)
            .unwrap();

        let verified = verifier.verify_v3(&v3, time, lookup).unwrap();
        seen[3] = verified.get("SnapshotJobIds").unwrap().len();
        seen[4] = usize::from(verified.security_token() == Some(TOKEN));
        let hashed = V3Request {
            body: Payload::Sha256Hex(EMPTY_BODY_SHA256),
            ..v3
        };
        seen[5] = usize::from(verifier.verify_v3(&hashed, time, lookup).is_ok());
        verifier
            .write_v3_canonical_request(&v3, &mut canonical)
            .unwrap();

        let verified = verifier.verify_v3(&v3_form, time, lookup).unwrap();
        seen[6] = verified.get("SnapshotJobIds").unwrap().len();
        seen[7] = verified.params().count();
    });
    assert_eq!(n, 0, "verifying allocated {n} times");

    // The work was real: 10 common parameters and 7 API parameters (Signature is not
    // listed); ten 32-character ids and nine commas.
    assert_eq!(seen, [17, 329, 17, 329, 1, 1, 329, 2]);
    assert!(sts.starts_with("POST&%2F&AccessKeyId%3DSTS.NTestKeyId%26"));
    assert!(canonical.starts_with("GET\n/\nMaximumPageSize=300&SnapshotJobIds="));
    assert!(canonical.contains("\nuser-agent:test\n"));
}
