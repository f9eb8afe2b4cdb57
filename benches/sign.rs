//! The speed guard of signing: a 10-id `QuerySnapshotJobList` signed with RPC v1, side
//! by side with a keyed HMAC-SHA1 over the same string-to-sign (the work no signer can
//! skip). The signature must stay within 5× of it; the official SDKs take 20–100×.
//!
//! `cargo bench --manifest-path benches/Cargo.toml --bench sign -- --warm-up-time 1 --measurement-time 3`
//!
//! Before criterion's runs, both are timed back to back (best of 7 rounds) and the
//! ratio is printed and checked.
// The baseline HMAC takes its MAC out, as only the signer may in the crate (clippy.toml).
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::Credentials;
use sha1::Sha1;

const SECRET: &str = "testsecret";
const NONCE: &str = "0123456789abcdef0123456789abcdef";
/// The most the signature may take, in multiples of the keyed HMAC.
const GUARD: f64 = 5.0;

/// The 10-id request, the credentials, the time, and the string-to-sign it yields.
struct Case {
    request: QuerySnapshotJobList<'static>,
    credentials: Credentials<'static>,
    time: Timestamp,
    string_to_sign: String,
    keyed: Hmac<Sha1>,
}

impl Case {
    fn new() -> Self {
        let ids: Vec<String> = (0..10)
            .map(|i| format!("88c6ca184c0e47098a5b665e2a12679{i}"))
            .collect();
        let ids: Vec<&'static str> = ids.into_iter().map(|id| &*id.leak()).collect();
        let request = QuerySnapshotJobList::new()
            .job_ids(&ids)
            .unwrap()
            .region_id("cn-hangzhou")
            .unwrap();
        let credentials = Credentials::new("LTAI-bench-key-id", SECRET).unwrap();
        let time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
        let mut string_to_sign = String::new();
        request
            .sign(&credentials, time, NONCE)
            .unwrap()
            .write_string_to_sign(&mut string_to_sign)
            .unwrap();
        let keyed =
            <Hmac<Sha1> as KeyInit>::new_from_slice(format!("{SECRET}&").as_bytes()).unwrap();
        Self {
            request,
            credentials,
            time,
            string_to_sign,
            keyed,
        }
    }

    /// The signature, as the crate computes it.
    fn sign(&self) -> usize {
        let signed = self
            .request
            .sign(&self.credentials, self.time, NONCE)
            .unwrap();
        signed.signature().len()
    }

    /// The floor: a keyed HMAC-SHA1 (cloned, as the crate does) over the string-to-sign.
    fn hmac(&self) -> usize {
        let mut mac = self.keyed.clone();
        mac.update(self.string_to_sign.as_bytes());
        mac.finalize().into_bytes().len()
    }
}

/// The fastest of 7 rounds of `runs` calls of `f`.
fn best(runs: u32, f: impl Fn() -> usize) -> Duration {
    (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..runs {
                black_box(f());
            }
            start.elapsed() / runs
        })
        .min()
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let case = Case::new();
    let (sign, hmac) = (best(20_000, || case.sign()), best(20_000, || case.hmac()));
    let ratio = sign.as_secs_f64() / hmac.as_secs_f64();
    println!(
        "guard: sign {sign:?}, keyed HMAC-SHA1 {hmac:?} over {} bytes: {ratio:.2}x (at most {GUARD}x)",
        case.string_to_sign.len()
    );
    assert!(ratio <= GUARD, "signing takes {ratio:.2}x the keyed HMAC");

    let mut group = c.benchmark_group("sign 10-id v1");
    group.bench_function("keyed HMAC-SHA1 over the string-to-sign", |b| {
        b.iter(|| black_box(case.hmac()))
    });
    group.bench_function("mts-codec: sign", |b| b.iter(|| black_box(case.sign())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
