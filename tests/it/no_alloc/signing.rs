//! Signing does not touch the heap: the counting global allocator sees zero allocations
//! while requests are built, signed (v1 and v3) and written into `heapless::String`s.

use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{
    BodyHash, Credentials, Format, Method, Params, RpcSigner, Scheme, V3Credentials, V3Signer,
};

use crate::support::counting_alloc;
use crate::support::fixtures::{IDS, KEY_ID, NONCE, SECRET, TOKEN, fullest_request, time};

/// Runs `f` and returns how many allocations (and reallocations) it made.
fn allocations_during(f: impl FnOnce()) -> usize {
    counting_alloc::count(f).1
}

#[test]
fn typed_request_signs_without_allocating() {
    let (time, nonce) = (time(), NONCE);
    let mut url = heapless::String::<4096>::new();
    let mut post_url = heapless::String::<4096>::new();
    let mut body = heapless::String::<4096>::new();
    let mut sts = heapless::String::<4096>::new();
    let mut lens = [0usize; 4];
    let mut signatures = [[0u8; 28]; 2];

    let n = allocations_during(|| {
        let creds = Credentials::new(KEY_ID, SECRET)
            .unwrap()
            .with_security_token(TOKEN)
            .unwrap();
        let endpoint = Endpoint::for_region("cn-shanghai").unwrap();
        let base = fullest_request().param("SignatureType", "").unwrap();

        // GET: the full URL.
        let get = base.clone().method(Method::Get);
        let signed = get.sign(&creds, time, nonce).unwrap();
        signed
            .write_url(Scheme::Https, &endpoint, &mut url)
            .unwrap();
        signed.write_string_to_sign(&mut sts).unwrap();
        lens[0] = signed.url_len(Scheme::Https, &endpoint);
        lens[1] = signed.string_to_sign_len();
        signatures[0].copy_from_slice(signed.signature().as_bytes());

        // POST with every parameter in the query, and POST with a form body.
        let post = base.method(Method::Post).format(Format::Xml);
        let signed = post.sign(&creds, time, nonce).unwrap();
        signed
            .write_url(Scheme::Https, &endpoint, &mut post_url)
            .unwrap();
        signed.write_form_body(&mut body).unwrap();
        lens[2] = signed.url_len(Scheme::Https, &endpoint);
        lens[3] = signed.form_body_len();
        signatures[1].copy_from_slice(signed.signature().as_bytes());
    });
    assert_eq!(n, 0, "signing allocated {n} times");

    // The work was real.
    assert_eq!([url.len(), sts.len(), post_url.len(), body.len()], lens);
    assert!(url.starts_with("https://mts.cn-shanghai.aliyuncs.com/?AccessKeyId=STS.NTestKeyId&"));
    assert!(url.contains("&SecurityToken=CAIS%2Btoken%2Fwith%3Dreserved%26chars~and%20a%20space&"));
    assert!(url.contains(&format!("SnapshotJobIds={}&", IDS.join("%2C"))));
    assert!(sts.starts_with("GET&%2F&"));
    assert!(body.ends_with(&format!(
        "&Signature={}",
        encode(std::str::from_utf8(&signatures[1]).unwrap())
    )));
    assert_ne!(signatures[0], signatures[1]);
}

#[test]
fn generic_signer_signs_without_allocating() {
    let mut out = heapless::String::<1024>::new();
    let n = allocations_during(|| {
        let creds = Credentials::new("testid", "testsecret").unwrap();
        let mut params = Params::<4>::new();
        params.insert("PageSize", "50").unwrap();
        params.insert("RegionIdFilter", "cn-hangzhou").unwrap();
        let signer = RpcSigner::new("DescribeRegions", "2014-05-26")
            .format(Format::Xml)
            .method(Method::Get);
        let time = Timestamp::parse("2016-02-23T12:46:24Z").unwrap();
        let signed = signer.sign(&params, &creds, time, "nonce").unwrap();
        signed.write_path_and_query(&mut out).unwrap();
        assert_eq!(out.len(), signed.path_and_query_len());
    });
    assert_eq!(n, 0, "signing allocated {n} times");
    assert!(out.starts_with("/?AccessKeyId=testid&Action=DescribeRegions&"));
}

/// Signature v3 of the typed request with STS credentials and extra headers, keyed per
/// call and pre-keyed ([`V3Credentials`]): neither allocates, keying included, and both
/// give the same bytes.
#[test]
fn v3_signs_without_allocating() {
    let (time, nonce) = (time(), NONCE);
    let mut per_call = heapless::String::<4096>::new();
    let mut pre_keyed = heapless::String::<4096>::new();
    let mut lens = [0usize; 2];
    let n = allocations_during(|| {
        let creds = Credentials::new(KEY_ID, SECRET)
            .unwrap()
            .with_security_token(TOKEN)
            .unwrap();
        let request = QuerySnapshotJobList::new()
            .job_ids(&IDS)
            .unwrap()
            .maximum_page_size(300)
            .unwrap()
            .method(Method::Get);
        let signer = V3Signer::new(
            "QuerySnapshotJobList",
            "2014-06-18",
            "mts.cn-shanghai.aliyuncs.com",
        )
        .method(Method::Get);
        let extra = [("Accept", "application/json")];
        let signed = signer
            .sign(&request, &extra, BodyHash::Empty, &creds, time, nonce)
            .unwrap();
        signed.write_canonical_request(&mut per_call).unwrap();
        signed.write_authorization(&mut per_call).unwrap();
        lens[0] = signed.canonical_request_len() + signed.authorization_len();
        drop(signed);
        let v3 = V3Credentials::new(&creds);
        drop(creds);
        let signed = signer
            .sign(&request, &extra, BodyHash::Empty, &v3, time, nonce)
            .unwrap();
        signed.write_canonical_request(&mut pre_keyed).unwrap();
        signed.write_authorization(&mut pre_keyed).unwrap();
        lens[1] = signed.canonical_request_len() + signed.authorization_len();
    });
    assert_eq!(n, 0, "v3 signing allocated {n} times");
    assert_eq!([per_call.len(), pre_keyed.len()], lens);
    assert_eq!(per_call, pre_keyed);
    assert!(per_call.starts_with("GET\n/\nMaximumPageSize=300&SnapshotJobIds="));
    assert!(
        per_call.contains("\nx-acs-security-token:CAIS+token/with=reserved&chars~and a space\n")
    );
    assert!(
        per_call.contains("ACS3-HMAC-SHA256 Credential=STS.NTestKeyId,SignedHeaders=accept;host;")
    );
}

/// The spec §3.2 vector, signed per call and pre-keyed without allocating: both give
/// its `Authorization`.
#[test]
fn the_v3_spec_vector_signs_without_allocating() {
    let spec_ids = "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002";
    let spec_time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let signer = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Post);
    let mut out = heapless::String::<1024>::new();
    let n = allocations_during(|| {
        let creds = Credentials::new("testid", "testsecret").unwrap();
        let mut params = Params::<1>::new();
        params.insert("SnapshotJobIds", spec_ids).unwrap();
        let signed = signer
            .sign(&params, &[], BodyHash::Empty, &creds, spec_time, NONCE)
            .unwrap();
        signed.write_query(&mut out).unwrap();
        signed.write_canonical_request(&mut out).unwrap();
        signed.write_authorization(&mut out).unwrap();
        // Keying once, and signing with the pre-keyed credentials.
        let v3 = V3Credentials::new(&creds);
        let signed = signer
            .sign(&params, &[], BodyHash::Empty, &v3, spec_time, NONCE)
            .unwrap();
        signed.write_authorization(&mut out).unwrap();
    });
    assert_eq!(n, 0, "v3 signing allocated {n} times");
    assert!(out.starts_with("SnapshotJobIds="));
    let auth = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors_v3/spec-3-2/authorization.txt"),
    )
    .unwrap();
    assert_eq!(out.matches(auth.as_str()).count(), 2, "{out}");
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    mts_codec::percent::encode(s, &mut out).unwrap();
    out
}
