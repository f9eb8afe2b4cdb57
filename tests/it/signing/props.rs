//! Properties of the v1 and v3 signers. What a signature depends on and the lengths of
//! what is written hold for both versions, each run once per version; the texts only v3
//! writes are checked for v3 alone.

use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, Method, Params, RESERVED_PARAMETERS, RpcSigner, Signed, SignedV3,
    V3_RESERVED_PARAMETERS, V3Signer,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use crate::support::oracles::strict_percent::strict_decode;
use crate::support::proptest_config;

/// The signature version a property runs with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Version {
    V1,
    V3,
}

const VERSIONS: [Version; 2] = [Version::V1, Version::V3];

impl Version {
    /// Whether the signer of this version refuses `key` as a parameter: v1 its common
    /// parameters, v3 (ignoring case) the names it sends as headers.
    fn is_reserved(self, key: &str) -> bool {
        match self {
            Version::V1 => RESERVED_PARAMETERS.contains(&key),
            Version::V3 => V3_RESERVED_PARAMETERS
                .iter()
                .any(|r| r.eq_ignore_ascii_case(key)),
        }
    }

    /// Cases per property unless `PROPTEST_CASES` says otherwise: v1 signs faster.
    fn config(self) -> ProptestConfig {
        proptest_config(match self {
            Version::V1 => 512,
            Version::V3 => 256,
        })
    }
}

fn key(version: Version) -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9._]{0,12}".prop_filter("reserved", move |k| !version.is_reserved(k))
}

/// 1 to 12 parameters with distinct keys and arbitrary (Unicode) values.
fn param_set(version: Version) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(key(version), any::<String>(), 1..12)
        .prop_map(|m| m.into_iter().collect())
}

/// Up to 4 extra headers: token names in mixed case, distinct ignoring case, none a
/// signed one; printable values.
fn extra_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map("x-[a-z0-9]{1,8}", "[ -~]{0,16}", 0..4).prop_flat_map(|m| {
        let n = m.len();
        (Just(m), prop::collection::vec(any::<bool>(), n)).prop_map(|(m, upper)| {
            m.into_iter()
                .zip(upper)
                .map(|((k, v), up)| (if up { k.to_ascii_uppercase() } else { k }, v))
                .collect()
        })
    })
}

/// Everything a signature depends on.
#[derive(Clone, Debug)]
struct Input {
    version: Version,
    params: Vec<(String, String)>,
    /// Extra signed headers: v3 only, empty for v1.
    extra: Vec<(String, String)>,
    secret: String,
    token: Option<String>,
    nonce: String,
    time: i64,
    /// The signed `host`: v3 only, empty for v1.
    host: String,
    post: bool,
}

const TIME: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;
const SECRET: &str = "[!-~]{1,40}";
const NONCE: &str = "[0-9a-f]{32}";
const HOST: &str = "[a-z0-9-]{1,10}\\.aliyuncs\\.com";

fn input(version: Version) -> impl Strategy<Value = Input> {
    let (extra, host) = match version {
        Version::V1 => (Just(Vec::new()).boxed(), Just(String::new()).boxed()),
        Version::V3 => (extra_headers().boxed(), HOST.boxed()),
    };
    (
        param_set(version),
        extra,
        SECRET,
        prop::option::of("[A-Za-z0-9+/=]{1,40}"),
        NONCE,
        TIME,
        host,
        any::<bool>(),
    )
        .prop_map(
            move |(params, extra, secret, token, nonce, time, host, post)| Input {
                version,
                params,
                extra,
                secret,
                token,
                nonce,
                time,
                host,
                post,
            },
        )
}

/// A request signed by the signer of either version.
enum Either<'s> {
    V1(Signed<'s, Params<'s, 16>>),
    V3(Box<SignedV3<'s, Params<'s, 16>>>),
}

impl Either<'_> {
    fn signature(&self) -> String {
        match self {
            Either::V1(s) => s.signature().to_owned(),
            Either::V3(s) => s.signature().to_owned(),
        }
    }

    /// Each text the request writes: its name, the text, and the length its `*_len`
    /// announces.
    fn texts(&self) -> Vec<(&'static str, String, usize)> {
        fn text(
            write: impl FnOnce(&mut String) -> Result<(), mts_codec::signing::WriteError>,
        ) -> String {
            let mut out = String::new();
            write(&mut out).unwrap();
            out
        }
        match self {
            Either::V1(s) => vec![
                ("query", text(|o| s.write_query(o)), s.query_len()),
                (
                    "canonical query",
                    text(|o| s.write_canonical_query(o)),
                    s.canonical_query_len(),
                ),
                (
                    "string-to-sign",
                    text(|o| s.write_string_to_sign(o)),
                    s.string_to_sign_len(),
                ),
            ],
            Either::V3(s) => vec![
                ("query", text(|o| s.write_query(o)), s.query_len()),
                (
                    "canonical request",
                    text(|o| s.write_canonical_request(o)),
                    s.canonical_request_len(),
                ),
                (
                    "string-to-sign",
                    text(|o| s.write_string_to_sign(o)),
                    s.string_to_sign_len(),
                ),
                (
                    "signed headers",
                    text(|o| s.write_signed_headers(o)),
                    s.signed_headers_len(),
                ),
                (
                    "authorization",
                    text(|o| s.write_authorization(o)),
                    s.authorization_len(),
                ),
            ],
        }
    }
}

/// Signs `input` (parameters inserted in the order given) with its version's signer
/// and hands the signed request to `check`.
fn with_signed<R>(input: &Input, check: impl FnOnce(&Either<'_>) -> R) -> R {
    let mut params = Params::<16>::new();
    for (k, v) in &input.params {
        params.insert(k, v).unwrap();
    }
    let mut creds = Credentials::new("testid", &input.secret).unwrap();
    if let Some(token) = &input.token {
        creds = creds.with_security_token(token).unwrap();
    }
    let method = if input.post {
        Method::Post
    } else {
        Method::Get
    };
    let time = Timestamp::from_unix_seconds(input.time).unwrap();
    let signed = match input.version {
        Version::V1 => Either::V1(
            RpcSigner::new("QuerySnapshotJobList", "2014-06-18")
                .region_id("cn-hangzhou")
                .method(method)
                .sign(&params, &creds, time, &input.nonce)
                .unwrap(),
        ),
        Version::V3 => {
            let extra: Vec<(&str, &str)> = input
                .extra
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Either::V3(Box::new(
                V3Signer::new("QuerySnapshotJobList", "2014-06-18", &input.host)
                    .method(method)
                    .sign(&params, &extra, BodyHash::Empty, &creds, time, &input.nonce)
                    .unwrap(),
            ))
        }
    };
    check(&signed)
}

fn signature(input: &Input) -> String {
    with_signed(input, |s| s.signature())
}

#[test]
fn signature_ignores_insertion_order() {
    for version in VERSIONS {
        let inputs = input(version).prop_flat_map(|i| {
            let params = i.params.clone();
            (Just(i), Just(params).prop_shuffle())
        });
        proptest!(version.config(), |((input, shuffled) in inputs)| {
            let other = Input { params: shuffled, ..input.clone() };
            prop_assert_eq!(signature(&input), signature(&other));
        });
    }
}

#[test]
fn any_single_parameter_change_changes_the_signature() {
    for version in VERSIONS {
        proptest!(version.config(), |(
            input in input(version),
            which in any::<prop::sample::Index>(),
            change_key in any::<bool>(),
            extra in "[a-zA-Z0-9 ,/+=%~]{1,3}",
        )| {
            let mut changed = input.clone();
            let i = which.index(changed.params.len());
            if change_key {
                let suffix = extra.replace(|c: char| !c.is_ascii_alphanumeric(), "Z");
                let new_key = format!("{}{}", changed.params[i].0, suffix);
                prop_assume!(!input.params.iter().any(|(k, _)| *k == new_key));
                prop_assume!(!version.is_reserved(&new_key));
                changed.params[i].0 = new_key;
            } else {
                changed.params[i].1.push_str(&extra);
            }
            prop_assert_ne!(signature(&input), signature(&changed));
        });
    }
}

#[test]
fn secret_nonce_time_method_and_v3_host_are_signed() {
    for version in VERSIONS {
        proptest!(version.config(), |(
            input in input(version),
            secret in SECRET,
            nonce in NONCE,
            time in TIME,
            host in HOST,
        )| {
            let before = signature(&input);
            if secret != input.secret {
                prop_assert_ne!(&before, &signature(&Input { secret, ..input.clone() }));
            }
            if nonce != input.nonce {
                prop_assert_ne!(&before, &signature(&Input { nonce, ..input.clone() }));
            }
            if time != input.time {
                prop_assert_ne!(&before, &signature(&Input { time, ..input.clone() }));
            }
            if version == Version::V3 && host != input.host {
                prop_assert_ne!(&before, &signature(&Input { host, ..input.clone() }));
            }
            prop_assert_ne!(&before, &signature(&Input { post: !input.post, ..input.clone() }));
        });
    }
}

#[test]
fn lengths_match_what_is_written() {
    for version in VERSIONS {
        proptest!(version.config(), |(input in input(version))| {
            for (name, text, len) in with_signed(&input, |s| s.texts()) {
                prop_assert_eq!(text.len(), len, "{}", name);
            }
        });
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

proptest! {
    #![proptest_config(Version::V3.config())]

    #[test]
    fn v3_query_is_escapes_and_unreserved_and_decodes_back(input in input(Version::V3)) {
        let query = with_signed(&input, |s| {
            let Either::V3(s) = s else { unreachable!("a v3 input") };
            let mut q = String::new();
            s.write_query(&mut q).unwrap();
            q
        });
        let mut sorted = input.params.clone();
        sorted.sort();
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let k = String::from_utf8(strict_decode(k).unwrap()).unwrap();
                let v = String::from_utf8(strict_decode(v).unwrap()).unwrap();
                (k, v)
            })
            .collect();
        prop_assert_eq!(decoded, sorted);
    }

    #[test]
    fn v3_signature_is_hmac_sha256_of_the_hashed_canonical_request(input in input(Version::V3)) {
        let (canonical_request, string_to_sign, signature, authorization, names) =
            with_signed(&input, |s| {
                let Either::V3(s) = s else { unreachable!("a v3 input") };
                let mut texts: [String; 4] = Default::default();
                s.write_canonical_request(&mut texts[0]).unwrap();
                s.write_string_to_sign(&mut texts[1]).unwrap();
                s.write_authorization(&mut texts[2]).unwrap();
                s.write_signed_headers(&mut texts[3]).unwrap();
                let [cr, sts, auth, names] = texts;
                (cr, sts, s.signature().to_owned(), auth, names)
            });
        // The string-to-sign, recomputed from the canonical request.
        let want_sts = format!(
            "ACS3-HMAC-SHA256\n{}",
            hex(&Sha256::digest(canonical_request.as_bytes()))
        );
        prop_assert_eq!(&string_to_sign, &want_sts);
        // The signature, recomputed with the secret alone as the key.
        let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(input.secret.as_bytes()).unwrap();
        mac.update(want_sts.as_bytes());
        prop_assert_eq!(&signature, &hex(&mac.finalize().into_bytes()));
        prop_assert_eq!(
            authorization,
            format!("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={names},Signature={signature}")
        );
        // The signed names: sorted, lower-case, the token's header with a token.
        let list: Vec<&str> = names.split(';').collect();
        let mut sorted = list.clone();
        sorted.sort_unstable();
        prop_assert_eq!(&list, &sorted);
        prop_assert!(names.bytes().all(|b| !b.is_ascii_uppercase()));
        prop_assert_eq!(list.contains(&"x-acs-security-token"), input.token.is_some());
        prop_assert_eq!(list.len(), 6 + usize::from(input.token.is_some()) + input.extra.len());
    }
}
