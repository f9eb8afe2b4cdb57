//! Round trips between the signer and the verifier: everything the signer produces
//! verifies (v1 GET, v1 POST with the query, v1 POST with a form body, with `%20` or
//! `+` for spaces, and v3), and a single-byte change anywhere in the query does not.
//! The properties change [`POSITIONS`] random positions of each generated query (to a
//! random byte, and a letter to its other case); one fixed, escape-rich query has every
//! position changed to every one of the 256 byte values.
//!
//! On the single-byte property: the verifier accepts lower-case hex in escapes
//! (`%2f` = `%2F`, RFC 3986 §2.1). Flipping the case of a hex letter inside an escape
//! is therefore the one single-byte change that leaves the decoded parameter list
//! identical. The tests do not skip it: they assert that such a change verifies *and*
//! decodes to the same parameters, and that every other change is refused.
//!
//! 256 cases per property unless `PROPTEST_CASES` says otherwise.

use crate::support::single_byte;
use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, Format, Method, Params, RESERVED_PARAMETERS, RpcSigner,
    V3_RESERVED_PARAMETERS, V3Signer,
};
use mts_codec::verify::{Payload, RpcRequest, V3Request, Verifier, VerifyError};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use single_byte::check_single_byte_changes;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

/// The default capacities hold the largest generated request: at most 11 API
/// parameters plus 10 common ones and `Signature`, and about 2 KiB decoded (12 values
/// of 24 characters of up to 4 bytes, a token, the common parameters).
fn verifier() -> Verifier {
    Verifier::new()
}

fn key(reserved: &'static [&'static str]) -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9._]{0,12}".prop_filter("reserved", move |k| {
        !reserved.iter().any(|r| r.eq_ignore_ascii_case(k)) && k != "SignatureType"
    })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-zA-Z0-9 ,/+=%~*'()!&?#:;-]{0,24}",
        1 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
    ]
}

fn param_set(reserved: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(key(reserved), value(), 0..12).prop_map(|m| m.into_iter().collect())
}

/// Everything a v1 request depends on.
#[derive(Clone, Debug)]
struct V1Input {
    params: Vec<(String, String)>,
    id: String,
    secret: String,
    token: Option<String>,
    region: Option<String>,
    nonce: String,
    time: i64,
    skew: i64,
}

fn v1_input() -> impl Strategy<Value = V1Input> {
    (
        param_set(&RESERVED_PARAMETERS),
        "[A-Za-z0-9.]{1,24}",
        "[!-~]{1,40}",
        prop::option::of(value().prop_filter("non-empty", |t| !t.is_empty())),
        prop::option::of("[a-z0-9-]{1,16}"),
        "[!-~]{1,40}",
        900i64..=253_402_300_799 - 900,
        -900i64..=900,
    )
        .prop_map(
            |(params, id, secret, token, region, nonce, time, skew)| V1Input {
                params,
                id,
                secret,
                token,
                region,
                nonce,
                time,
                skew,
            },
        )
}

/// What the signer writes for `input`: the signed query (also the form body).
fn v1_signed_query(input: &V1Input, method: Method) -> String {
    let mut params = Params::<16>::new();
    for (k, v) in &input.params {
        params.insert(k, v).unwrap();
    }
    let mut creds = Credentials::new(&input.id, &input.secret).unwrap();
    if let Some(token) = &input.token {
        creds = creds.with_security_token(token).unwrap();
    }
    let mut signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18")
        .method(method)
        .format(Format::Xml);
    if let Some(region) = &input.region {
        signer = signer.region_id(region);
    }
    let time = Timestamp::from_unix_seconds(input.time).unwrap();
    let signed = signer.sign(&params, &creds, time, &input.nonce).unwrap();
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    query
}

impl V1Input {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_seconds(self.time + self.skew).unwrap()
    }

    fn lookup<'s>(&'s self) -> impl FnMut(&str) -> Option<&'s str> + 's {
        move |id| (id == self.id).then_some(self.secret.as_str())
    }

    /// Verifies `request` and, when it verifies, returns every decoded parameter.
    fn verify(&self, request: &RpcRequest<'_>) -> Result<Vec<(String, String)>, VerifyError> {
        let verified = verifier().verify_rpc(request, self.now(), self.lookup())?;
        Ok(verified
            .params()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }

    /// The checks every verified request of this input passes.
    fn assert_verified(&self, request: &RpcRequest<'_>) {
        let verified = verifier()
            .verify_rpc(request, self.now(), self.lookup())
            .unwrap_or_else(|e| panic!("{e}: {request:?}"));
        assert_eq!(verified.access_key_id(), self.id);
        assert_eq!(verified.nonce(), self.nonce);
        assert_eq!(verified.timestamp().unix_seconds(), self.time);
        assert_eq!(verified.security_token(), self.token.as_deref());
        assert_eq!(verified.get("RegionId"), self.region.as_deref());
        assert_eq!(verified.get("Format"), Some("XML"));
        for (k, v) in &self.params {
            assert_eq!(verified.get(k), Some(v.as_str()), "{k}");
        }
    }
}

/// How many positions of each generated query the single-byte properties change (each
/// to a random byte and, for a letter, to its other case). Every position of one
/// escape-rich query is changed to every byte value by
/// `every_single_byte_change_of_one_query_is_checked`.
const POSITIONS: usize = 24;

/// Everything a v3 request depends on.
#[derive(Clone, Debug)]
struct V3Input {
    params: Vec<(String, String)>,
    extra: Vec<(String, String)>,
    secret: String,
    token: Option<String>,
    nonce: String,
    time: i64,
    skew: i64,
    body: Vec<u8>,
    post: bool,
    upper_names: bool,
}

fn v3_input() -> impl Strategy<Value = V3Input> {
    (
        param_set(&V3_RESERVED_PARAMETERS),
        prop::collection::btree_map("(x-[a-z0-9]{1,8}|user-agent|accept)", "[ -~]{0,16}", 0..4)
            .prop_map(|m| m.into_iter().collect::<Vec<_>>()),
        "[!-~]{1,40}",
        prop::option::of("[A-Za-z0-9+/=]{1,40}"),
        "[0-9a-f]{32}",
        900i64..=253_402_300_799 - 900,
        -900i64..=900,
        prop::collection::vec(any::<u8>(), 0..64),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(params, extra, secret, token, nonce, time, skew, body, post, upper_names)| V3Input {
                params,
                extra,
                secret,
                token,
                nonce,
                time,
                skew,
                body,
                post,
                upper_names,
            },
        )
}

/// A signed v3 request as received: method, query, headers (Authorization included).
struct V3Sent {
    method: &'static str,
    query: String,
    headers: Vec<(String, String)>,
}

fn v3_sign(input: &V3Input) -> V3Sent {
    let mut params = Params::<16>::new();
    for (k, v) in &input.params {
        params.insert(k, v).unwrap();
    }
    let mut creds = Credentials::new("testid", &input.secret).unwrap();
    if let Some(token) = &input.token {
        creds = creds.with_security_token(token).unwrap();
    }
    let extra: Vec<(&str, &str)> = input
        .extra
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let method = if input.post {
        Method::Post
    } else {
        Method::Get
    };
    let body_hash: String = Sha256::digest(&input.body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let time = Timestamp::from_unix_seconds(input.time).unwrap();
    let signed = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(method)
    .sign(
        &params,
        &extra,
        BodyHash::Hex(&body_hash),
        &creds,
        time,
        &input.nonce,
    )
    .unwrap();
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    let mut authorization = String::new();
    signed.write_authorization(&mut authorization).unwrap();
    let mut headers: Vec<(String, String)> = signed
        .headers()
        .map(|(n, v)| {
            let n = if input.upper_names {
                n.to_ascii_uppercase()
            } else {
                n.to_owned()
            };
            (n, v.to_owned())
        })
        .collect();
    headers.push(("Authorization".to_owned(), authorization));
    V3Sent {
        method: method.as_str(),
        query,
        headers,
    }
}

impl V3Input {
    fn verify(&self, sent: &V3Sent, query: &[u8]) -> Result<Vec<(String, String)>, VerifyError> {
        let headers: Vec<(&str, &str)> = sent
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = V3Request {
            method: sent.method,
            path: "/",
            query,
            headers: &headers,
            body: Payload::Bytes(&self.body),
        };
        let now = Timestamp::from_unix_seconds(self.time + self.skew).unwrap();
        let verified = verifier().verify_v3(&request, now, |id: &str| {
            (id == "testid").then_some(self.secret.as_str())
        })?;
        assert_eq!(verified.nonce(), self.nonce);
        assert_eq!(verified.security_token(), self.token.as_deref());
        assert_eq!(verified.timestamp().unix_seconds(), self.time);
        Ok(verified
            .params()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn v1_get_verifies(input in v1_input()) {
        let query = v1_signed_query(&input, Method::Get);
        input.assert_verified(&RpcRequest::get(&query));
    }

    #[test]
    fn v1_post_query_verifies(input in v1_input()) {
        let query = v1_signed_query(&input, Method::Post);
        input.assert_verified(&RpcRequest::post(&query));
        // Sent as GET, it does not.
        prop_assert_eq!(
            input.verify(&RpcRequest::get(&query)).unwrap_err(),
            VerifyError::SignatureMismatch
        );
    }

    #[test]
    fn v1_post_form_body_verifies_with_either_space(input in v1_input(), split in any::<prop::sample::Index>()) {
        let body = v1_signed_query(&input, Method::Post);
        input.assert_verified(&RpcRequest::post_form("", body.as_bytes()));
        // Spaces as `+`, as form encoders write them.
        let plus = body.replace("%20", "+");
        input.assert_verified(&RpcRequest::post_form("", plus.as_bytes()));
        // Some parameters in the query, the rest in the body.
        let segments: Vec<&str> = body.split('&').collect();
        let cut = split.index(segments.len() + 1);
        let (q, b) = segments.split_at(cut);
        let (q, b) = (q.join("&"), b.join("&"));
        input.assert_verified(&RpcRequest::post_form(&q, b.as_bytes()));
    }

    #[test]
    fn v1_single_byte_changes_do_not_verify(
        input in v1_input(),
        positions in prop::collection::vec(any::<prop::sample::Index>(), POSITIONS),
        replacements in prop::collection::vec(any::<u8>(), POSITIONS),
    ) {
        let query = v1_signed_query(&input, Method::Get);
        let original = input.verify(&RpcRequest::get(&query)).unwrap();
        check_single_byte_changes(
            query.as_bytes(),
            positions.iter().map(|p| p.index(query.len())),
            &original,
            |i| replacements[i % POSITIONS],
            |raw| input.verify(&RpcRequest { method: "GET", query: raw, form_body: None }),
        );
    }

    #[test]
    fn v3_verifies(input in v3_input()) {
        let sent = v3_sign(&input);
        let params = input.verify(&sent, sent.query.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let mut want = input.params.clone();
        want.sort();
        prop_assert_eq!(params, want);
    }

    #[test]
    fn v3_single_byte_changes_do_not_verify(
        input in v3_input(),
        positions in prop::collection::vec(any::<prop::sample::Index>(), POSITIONS),
        replacements in prop::collection::vec(any::<u8>(), POSITIONS),
    ) {
        let sent = v3_sign(&input);
        prop_assume!(!sent.query.is_empty());
        let original = input.verify(&sent, sent.query.as_bytes()).unwrap();
        check_single_byte_changes(
            sent.query.as_bytes(),
            positions.iter().map(|p| p.index(sent.query.len())),
            &original,
            |i| replacements[i % POSITIONS],
            |raw| input.verify(&sent, raw),
        );
    }
}

proptest! {
    #![proptest_config(config())]

    /// `Authorization` has no equivalent spellings: every single-byte change is refused.
    #[test]
    fn v3_authorization_changes_do_not_verify(
        input in v3_input(),
        replacements in prop::collection::vec(any::<u8>(), 1..16),
    ) {
        let sent = v3_sign(&input);
        let at = sent.headers.len() - 1;
        let original = sent.headers[at].1.clone();
        for (i, old) in original.bytes().enumerate() {
            let mut bytes = vec![replacements[i % replacements.len()]];
            if old.is_ascii_alphabetic() {
                bytes.push(old ^ 0x20);
            }
            for byte in bytes.into_iter().filter(|&b| b != old) {
                let mut changed = original.clone().into_bytes();
                changed[i] = byte;
                // A header value is text: a non-UTF-8 change cannot be received as one.
                let Ok(changed) = String::from_utf8(changed) else { continue };
                let mut altered = V3Sent {
                    method: sent.method,
                    query: sent.query.clone(),
                    headers: sent.headers.clone(),
                };
                altered.headers[at].1 = changed;
                let outcome = input.verify(&altered, altered.query.as_bytes());
                prop_assert!(outcome.is_err(), "byte {} of {:?} -> {:?}", i, original, byte as char);
            }
        }
    }

    /// Arbitrary input is an error or a verification, never a panic.
    #[test]
    fn arbitrary_requests_never_panic(
        method in prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), "[A-Z]{0,5}"],
        query in prop::collection::vec(any::<u8>(), 0..200),
        body in prop::option::of(prop::collection::vec(any::<u8>(), 0..200)),
        headers in prop::collection::vec(
            ("(host|x-acs-[a-z-]{0,20}|authorization|[a-zA-Z-]{1,12})", "\\PC{0,40}"),
            0..10,
        ),
        authorization in "ACS3-HMAC-SHA256 Credential=[a-z]{0,4},SignedHeaders=[a-z;-]{0,60},Signature=[0-9a-f]{0,66}",
    ) {
        let now = Timestamp::from_unix_seconds(1_704_067_200).unwrap();
        let rpc = RpcRequest { method: &method, query: &query, form_body: body.as_deref() };
        let _ = Verifier::<4, 64>::with_capacity().verify_rpc(&rpc, now, |_: &str| Some("s"));
        let _ = verifier().verify_rpc(&rpc, now, |_: &str| Some("s"));
        let mut all: Vec<(&str, &str)> =
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        all.push(("Authorization", &authorization));
        let v3 = V3Request {
            method: &method,
            path: "/",
            query: &query,
            headers: &all,
            body: Payload::Bytes(body.as_deref().unwrap_or_default()),
        };
        let _ = verifier().verify_v3(&v3, now, |_: &str| Some("s"));
        let mut out = String::new();
        let _ = verifier().write_v3_canonical_request(&v3, &mut out);
    }
}

/// One request with many kinds of escapes, every byte changed to every other value.
#[test]
fn every_single_byte_change_of_one_query_is_checked() {
    let input = V1Input {
        params: vec![
            ("NextPageToken".into(), "tok+en/=?".into()),
            ("SnapshotJobIds".into(), "a b,ü,~*'()".into()),
        ],
        id: "testid".into(),
        secret: "testsecret".into(),
        token: Some("CAIS+tok/=".into()),
        region: None,
        nonce: "n".into(),
        time: 1_704_067_200,
        skew: 0,
    };
    let query = v1_signed_query(&input, Method::Get);
    let original = input.verify(&RpcRequest::get(&query)).unwrap();
    for byte in 0..=255u8 {
        check_single_byte_changes(
            query.as_bytes(),
            0..query.len(),
            &original,
            |_| byte,
            |raw| {
                input.verify(&RpcRequest {
                    method: "GET",
                    query: raw,
                    form_body: None,
                })
            },
        );
    }
}
