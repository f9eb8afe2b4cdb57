//! Signing does not touch the heap: a counting global allocator sees zero allocations
//! while requests are built, signed and written into `heapless::String`s.

use crate::support::counting_alloc;
use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, StateFilter};
use mts_codec::signing::{
    BodyHash, Credentials, Format, Method, Params, RpcSigner, Scheme, V3Credentials, V3Signer,
};

/// Runs `f` and returns how many allocations (and reallocations) it made.
fn allocations_during(f: impl FnOnce()) -> usize {
    counting_alloc::count(f).1
}

use crate::support::ten_ids;
use ten_ids::{IDS, TOKEN};

#[test]
fn signing_does_not_allocate() {
    the_counter_sees_allocations();
    typed_request_signs_without_allocating();
    generic_signer_signs_without_allocating();
    v3_signs_without_allocating();
}

fn the_counter_sees_allocations() {
    let n = allocations_during(|| {
        let b = std::hint::black_box(Box::new([1u8; 64]));
        drop(b);
    });
    assert!(n >= 1, "the counting allocator must observe a Box");
}

fn typed_request_signs_without_allocating() {
    let time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let nonce = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
    let mut url = heapless::String::<4096>::new();
    let mut post_url = heapless::String::<4096>::new();
    let mut body = heapless::String::<4096>::new();
    let mut sts = heapless::String::<4096>::new();
    let mut lens = [0usize; 4];
    let mut signatures = [[0u8; 28]; 2];

    let n = allocations_during(|| {
        let creds = Credentials::new("STS.NTestKeyId", "testsecret")
            .unwrap()
            .with_security_token(TOKEN)
            .unwrap();
        let endpoint = Endpoint::for_region("cn-shanghai").unwrap();
        let base = QuerySnapshotJobList::new()
            .job_ids(&IDS)
            .unwrap()
            .region_id("cn-shanghai")
            .unwrap()
            .maximum_page_size(300)
            .unwrap()
            .state(StateFilter::Snapshoting)
            .start_of_job_created_time_range(time)
            .end_of_job_created_time_range(time)
            .pipeline_id("b11c171cced04565b1f38f1ecc39")
            .unwrap()
            .owner_id(1_234_567_890)
            .param("SignatureType", "")
            .unwrap();

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
fn v3_signs_without_allocating() {
    let time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let nonce = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
    let mut per_call = heapless::String::<4096>::new();
    let mut pre_keyed = heapless::String::<4096>::new();
    let mut lens = [0usize; 2];
    let n = allocations_during(|| {
        let creds = Credentials::new("STS.NTestKeyId", "testsecret")
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

fn encode(s: &str) -> String {
    let mut out = String::new();
    mts_codec::percent::encode(s, &mut out).unwrap();
    out
}
