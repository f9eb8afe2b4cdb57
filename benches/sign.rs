//! Signing a 10-id `QuerySnapshotJobList` GET, next to the HMAC floor and a naive
//! allocating signer; then the same request with signature v3, next to its hashing
//! floor.
//!
//! `cargo bench --bench sign -- --warm-up-time 1 --measurement-time 5`
//!
//! "Sign only" is what issue 2 measures: the signature from the request, the
//! credentials, the time and the nonce. The second line also writes the signed query.
//!
//! The v3 floor is the hashing v3 cannot avoid, over texts prepared outside the loop:
//! SHA-256 of the empty body, SHA-256 of the canonical request, and HMAC-SHA256 of the
//! string-to-sign, keyed once as `Credentials` keys ours. (Our signer takes the empty
//! body's hash as a constant, so the floor pays one compression more than it must.)
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{BodyHash, Credentials, Method, SignedV3, V3Signer};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

const IDS: [&str; 10] = [
    "88c6ca184c0e47098a5b665e2a126790",
    "88c6ca184c0e47098a5b665e2a126791",
    "88c6ca184c0e47098a5b665e2a126792",
    "88c6ca184c0e47098a5b665e2a126793",
    "88c6ca184c0e47098a5b665e2a126794",
    "88c6ca184c0e47098a5b665e2a126795",
    "88c6ca184c0e47098a5b665e2a126796",
    "88c6ca184c0e47098a5b665e2a126797",
    "88c6ca184c0e47098a5b665e2a126798",
    "88c6ca184c0e47098a5b665e2a126799",
];
const KEY_ID: &str = "LTAI5tDemoKeyId0000000000";
const SECRET: &str = "demoSecretNotReal0000000000000";
const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
const TIME: &str = "2024-01-01T00:00:00Z";

/// The straightforward way: owned strings, `format!`, a sorted `Vec`, allocation at
/// every step.
fn naive_sign(secret: &str, ids: &[&str]) -> String {
    fn enc(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    let mut params: Vec<(String, String)> = vec![
        ("AccessKeyId".to_string(), KEY_ID.to_string()),
        ("Action".to_string(), "QuerySnapshotJobList".to_string()),
        ("Format".to_string(), "JSON".to_string()),
        ("RegionId".to_string(), "cn-hangzhou".to_string()),
        ("SignatureMethod".to_string(), "HMAC-SHA1".to_string()),
        ("SignatureNonce".to_string(), NONCE.to_string()),
        ("SignatureVersion".to_string(), "1.0".to_string()),
        ("SnapshotJobIds".to_string(), ids.join(",")),
        ("Timestamp".to_string(), TIME.to_string()),
        ("Version".to_string(), "2014-06-18".to_string()),
    ];
    params.sort();
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("GET&{}&{}", enc("/"), enc(&canonical));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    // (base64 is built without `alloc` here, hence the buffer.)
    let mut buf = [0u8; 28];
    base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut buf)
        .unwrap();
    let signature = String::from_utf8(buf.to_vec()).unwrap();
    format!("{canonical}&Signature={}", enc(&signature))
}

fn bench(c: &mut Criterion) {
    let creds = Credentials::new(KEY_ID, SECRET).unwrap();
    let time = Timestamp::parse(TIME).unwrap();
    let request = QuerySnapshotJobList::new()
        .job_ids(&IDS)
        .unwrap()
        .region_id("cn-hangzhou")
        .unwrap()
        .method(Method::Get);

    // The three agree.
    let signed = request.sign(&creds, time, NONCE).unwrap();
    let mut query = heapless::String::<2048>::new();
    signed.write_query(&mut query).unwrap();
    assert_eq!(query.as_str(), naive_sign(SECRET, &IDS));
    let mut string_to_sign = String::new();
    signed.write_string_to_sign(&mut string_to_sign).unwrap();
    // The floor is keyed once, outside the loop, as `Credentials` keys our HMAC once:
    // both then pay only for the message blocks and the two finishing compressions.
    let key = format!("{SECRET}&");
    let keyed = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();

    let mut group = c.benchmark_group("sign 10-id GET");
    group.bench_function("floor: pre-keyed HMAC-SHA1 over the string-to-sign", |b| {
        b.iter(|| {
            let mut mac = black_box(&keyed).clone();
            mac.update(black_box(string_to_sign.as_bytes()));
            black_box(mac.finalize().into_bytes())
        })
    });
    group.bench_function(
        "mts-codec: sign + signed query into heapless::String",
        |b| {
            let mut out = heapless::String::<2048>::new();
            b.iter(|| {
                out.clear();
                let signed = black_box(&request).sign(&creds, time, NONCE).unwrap();
                signed.write_query(&mut out).unwrap();
                black_box(out.len())
            })
        },
    );
    group.bench_function("mts-codec: sign only", |b| {
        b.iter(|| {
            black_box(
                black_box(&request)
                    .sign(&creds, time, NONCE)
                    .unwrap()
                    .signature_value(),
            )
        })
    });
    group.bench_function("baseline: String/format!/Vec-sort signer", |b| {
        b.iter(|| black_box(naive_sign(black_box(SECRET), black_box(&IDS))))
    });
    group.finish();
}

fn sign_v3<'s>(
    signer: &V3Signer<'s>,
    request: &'s QuerySnapshotJobList<'s>,
    creds: &'s Credentials<'_>,
    time: Timestamp,
) -> SignedV3<'s, QuerySnapshotJobList<'s>> {
    signer
        .sign(request, &[], BodyHash::Empty, creds, time, NONCE)
        .unwrap()
}

fn bench_v3(c: &mut Criterion) {
    let creds = Credentials::new(KEY_ID, SECRET).unwrap();
    let time = Timestamp::parse(TIME).unwrap();
    // The typed request yields only its API parameters: exactly v3's query.
    let request = QuerySnapshotJobList::new()
        .job_ids(&IDS)
        .unwrap()
        .method(Method::Get);
    let signer = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-hangzhou.aliyuncs.com",
    )
    .method(Method::Get);
    let sign = |request| sign_v3(&signer, request, &creds, time);

    let signed = sign(&request);
    let mut canonical_request = String::new();
    signed
        .write_canonical_request(&mut canonical_request)
        .unwrap();
    let mut string_to_sign = String::new();
    signed.write_string_to_sign(&mut string_to_sign).unwrap();
    let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    // The floor computes the same signature.
    let floor = || {
        let body: [u8; 32] = Sha256::digest(black_box(b"")).into();
        let request_hash: [u8; 32] = Sha256::digest(black_box(canonical_request.as_bytes())).into();
        let mut mac = black_box(&keyed).clone();
        mac.update(black_box(string_to_sign.as_bytes()));
        (body, request_hash, mac.finalize().into_bytes())
    };
    let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let (body, request_hash, mac) = floor();
    assert_eq!(hex(&body), mts_codec::signing::EMPTY_BODY_SHA256);
    assert_eq!(
        string_to_sign,
        format!("ACS3-HMAC-SHA256\n{}", hex(&request_hash))
    );
    assert_eq!(hex(&mac), signed.signature());

    let mut group = c.benchmark_group("sign 10-id GET, v3");
    group.bench_function(
        "floor: SHA-256 of empty body + of canonical request, pre-keyed HMAC-SHA256",
        |b| b.iter(|| black_box(floor())),
    );
    group.bench_function("mts-codec: v3 sign only", |b| {
        b.iter(|| black_box(sign(black_box(&request)).signature().len()))
    });
    group.bench_function(
        "mts-codec: v3 sign + query + authorization into heapless::String",
        |b| {
            let mut out = heapless::String::<2048>::new();
            b.iter(|| {
                out.clear();
                let signed = sign(black_box(&request));
                signed.write_query(&mut out).unwrap();
                signed.write_authorization(&mut out).unwrap();
                black_box(out.len())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench, bench_v3);
criterion_main!(benches);
