//! Golden vectors (`tests/vectors/<case>/`): every intermediate text is compared byte
//! for byte, so a mismatch says where it starts.
//!
//! Each case has `request.json` (the input, in the `mts sign --jsonl` format) and the
//! expected `canonical-query.txt`, `string-to-sign.txt`, `signature.txt` and
//! `signed-query.txt`, written by `tests/vectors/generate.py` (independent Python).

use std::fs;
use std::path::{Path, PathBuf};

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, StateFilter};
use mts_codec::signing::{Credentials, Format, Method, Params, RpcSigner, Signed, SortedParams};
use serde_json::Value;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut cases: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "golden cases missing");
    cases
}

fn expected(case: &Path, file: &str) -> String {
    fs::read_to_string(case.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", case.display()))
}

/// Asserts equality and, on failure, names the first differing byte.
fn assert_same(case: &Path, what: &str, got: &str, want: &str) {
    if got == want {
        return;
    }
    let at = got
        .bytes()
        .zip(want.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let from = at.saturating_sub(20);
    panic!(
        "{}: {what} differs at byte {at}\n  got:  …{}\n  want: …{}",
        case.display(),
        got.get(from..(at + 40).min(got.len())).unwrap_or(got),
        want.get(from..(at + 40).min(want.len())).unwrap_or(want),
    );
}

struct Input {
    json: Value,
}

impl Input {
    fn load(case: &Path) -> Self {
        Self {
            json: serde_json::from_str(&expected(case, "request.json")).unwrap(),
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        self.json.get(key).and_then(Value::as_str)
    }
    fn method(&self) -> Method {
        match self.str("method").unwrap() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            other => panic!("method {other}"),
        }
    }
    fn format(&self) -> &str {
        self.str("format").unwrap()
    }
    fn credentials(&self) -> Credentials<'_> {
        let c = Credentials::new(
            self.str("access_key_id").unwrap(),
            self.str("access_key_secret").unwrap(),
        )
        .unwrap();
        match self.str("security_token") {
            Some(t) => c.with_security_token(t).unwrap(),
            None => c,
        }
    }
    fn timestamp(&self) -> Timestamp {
        Timestamp::parse(self.str("timestamp").unwrap()).unwrap()
    }
    fn job_ids(&self) -> Vec<&str> {
        self.json["job_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect()
    }
    /// `extra` as texts (numbers as decimal text).
    fn extra(&self) -> Vec<(String, String)> {
        let Some(extra) = self.json.get("extra").and_then(Value::as_object) else {
            return vec![];
        };
        extra
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                )
            })
            .collect()
    }
}

/// Writes every output and checks it against the files and against its `*_len`.
fn check<P: SortedParams + ?Sized>(case: &Path, how: &str, signed: &Signed<'_, P>) {
    let mut canonical = heapless::String::<4096>::new();
    signed.write_canonical_query(&mut canonical).unwrap();
    assert_eq!(canonical.len(), signed.canonical_query_len());
    assert_same(
        case,
        &format!("{how} canonical query"),
        &canonical,
        &expected(case, "canonical-query.txt"),
    );

    let mut sts = heapless::String::<4096>::new();
    signed.write_string_to_sign(&mut sts).unwrap();
    assert_eq!(sts.len(), signed.string_to_sign_len());
    assert_same(
        case,
        &format!("{how} string-to-sign"),
        &sts,
        &expected(case, "string-to-sign.txt"),
    );

    assert_same(
        case,
        &format!("{how} signature"),
        signed.signature(),
        &expected(case, "signature.txt"),
    );

    let mut query = heapless::String::<4096>::new();
    signed.write_query(&mut query).unwrap();
    assert_eq!(query.len(), signed.query_len());
    assert_same(
        case,
        &format!("{how} signed query"),
        &query,
        &expected(case, "signed-query.txt"),
    );

    let mut body = String::new();
    signed.write_form_body(&mut body).unwrap();
    assert_eq!(body.len(), signed.form_body_len());
    assert_eq!(body, query.as_str());

    let mut path = String::new();
    signed.write_path_and_query(&mut path).unwrap();
    assert_eq!(path.len(), signed.path_and_query_len());
    assert_eq!(path, format!("/?{query}"));
}

#[test]
fn generic_signer_matches_every_vector() {
    for case in cases() {
        let input = Input::load(&case);
        let extra = input.extra();
        let ids = input.job_ids().join(",");
        let mut params = Params::<32>::new();
        if !ids.is_empty() {
            params.insert("SnapshotJobIds", &ids).unwrap();
        }
        for (k, v) in &extra {
            params.insert(k, v).unwrap();
        }
        let mut signer = RpcSigner::new(
            input.str("action").unwrap_or("QuerySnapshotJobList"),
            input.str("version").unwrap_or("2014-06-18"),
        )
        .format_text(input.format())
        .method(input.method());
        if let Some(region) = input.str("region_id") {
            signer = signer.region_id(region);
        }
        let creds = input.credentials();
        let signed = signer
            .sign(
                &params,
                &creds,
                input.timestamp(),
                input.str("nonce").unwrap(),
            )
            .unwrap();
        assert_eq!(signed.method(), input.method());
        check(&case, "generic", &signed);
    }
}

#[test]
fn typed_builder_matches_the_query_snapshot_job_list_vectors() {
    let mut seen = 0;
    for case in cases() {
        let input = Input::load(&case);
        if input
            .str("action")
            .is_some_and(|a| a != "QuerySnapshotJobList")
        {
            continue;
        }
        seen += 1;
        let extra = input.extra();
        let mut q = QuerySnapshotJobList::new()
            .format_text(input.format())
            .method(input.method());
        let ids = input.job_ids();
        if !ids.is_empty() {
            q = q.job_ids(&ids).unwrap();
        }
        if let Some(region) = input.str("region_id") {
            q = q.region_id(region).unwrap();
        }
        for (k, v) in &extra {
            q = match k.as_str() {
                "NextPageToken" => q.next_page_token(v).unwrap(),
                "MaximumPageSize" => q.maximum_page_size(v.parse().unwrap()).unwrap(),
                "OwnerId" => q.owner_id(v.parse().unwrap()),
                "StartOfJobCreatedTimeRange" => {
                    q.start_of_job_created_time_range(Timestamp::parse(v).unwrap())
                }
                "State" => {
                    assert_eq!(v, "Snapshoting");
                    q.state(StateFilter::Snapshoting)
                }
                _ => q.param(k, v).unwrap(),
            };
        }
        let creds = input.credentials();
        let signed = q
            .sign(&creds, input.timestamp(), input.str("nonce").unwrap())
            .unwrap();
        check(&case, "typed", &signed);
    }
    assert_eq!(seen, 3);
}

#[test]
fn get_url_of_the_documentation_vector() {
    use mts_codec::endpoint::Endpoint;
    use mts_codec::signing::Scheme;

    let creds = Credentials::new("testid", "testsecret").unwrap();
    let signer = RpcSigner::new("DescribeRegions", "2014-05-26")
        .format(Format::Xml)
        .method(Method::Get);
    let time = Timestamp::parse("2016-02-23T12:46:24Z").unwrap();
    let params = Params::<0>::new();
    let signed = signer
        .sign(
            &params,
            &creds,
            time,
            "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        )
        .unwrap();
    let endpoint = Endpoint::custom("ecs.aliyuncs.com").unwrap();
    for (scheme, prefix) in [(Scheme::Https, "https"), (Scheme::Http, "http")] {
        let mut url = String::new();
        signed.write_url(scheme, &endpoint, &mut url).unwrap();
        assert_eq!(url.len(), signed.url_len(scheme, &endpoint));
        assert_eq!(
            url,
            format!(
                "{prefix}://ecs.aliyuncs.com/?AccessKeyId=testid&Action=DescribeRegions&Format=XML\
                 &SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
                 &SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26\
                 &Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
            )
        );
    }
}
