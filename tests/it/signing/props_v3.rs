//! Properties of the signature v3 signer, as `signing_props.rs` has them for v1.
//!
//! 256 cases per property unless `PROPTEST_CASES` says otherwise.

use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, Method, Params, SignedV3, V3_RESERVED_PARAMETERS, V3Signer,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

use crate::support::strict_percent;
use strict_percent::strict_decode;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9._]{0,12}".prop_filter("reserved", |k| {
        !V3_RESERVED_PARAMETERS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(k))
    })
}

/// 1 to 12 parameters with distinct keys and arbitrary (Unicode) values.
fn param_set() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(key(), any::<String>(), 1..12).prop_map(|m| m.into_iter().collect())
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
    params: Vec<(String, String)>,
    extra: Vec<(String, String)>,
    secret: String,
    token: Option<String>,
    nonce: String,
    time: i64,
    host: String,
    post: bool,
}

fn input() -> impl Strategy<Value = Input> {
    (
        param_set(),
        extra_headers(),
        "[!-~]{1,40}",
        prop::option::of("[A-Za-z0-9+/=]{1,40}"),
        "[0-9a-f]{32}",
        0i64..=253_402_300_799,
        "[a-z0-9-]{1,10}\\.aliyuncs\\.com",
        any::<bool>(),
    )
        .prop_map(
            |(params, extra, secret, token, nonce, time, host, post)| Input {
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

/// Signs `input` (parameters inserted in the order given) and hands the signed
/// request to `check`.
fn with_signed<R>(input: &Input, check: impl FnOnce(&SignedV3<'_, Params<'_, 16>>) -> R) -> R {
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
    let time = Timestamp::from_unix_seconds(input.time).unwrap();
    let signed = V3Signer::new("QuerySnapshotJobList", "2014-06-18", &input.host)
        .method(method)
        .sign(&params, &extra, BodyHash::Empty, &creds, time, &input.nonce)
        .unwrap();
    check(&signed)
}

fn signature(input: &Input) -> String {
    with_signed(input, |s| s.signature().to_owned())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn signature_ignores_insertion_order(
        (input, shuffled) in input().prop_flat_map(|i| {
            let params = i.params.clone();
            (Just(i), Just(params).prop_shuffle())
        }),
    ) {
        let other = Input { params: shuffled, ..input.clone() };
        prop_assert_eq!(signature(&input), signature(&other));
    }

    #[test]
    fn any_single_parameter_change_changes_the_signature(
        input in input(),
        which in any::<prop::sample::Index>(),
        change_key in any::<bool>(),
        extra in "[a-zA-Z0-9 ,/+=%~]{1,3}",
    ) {
        let mut changed = input.clone();
        let i = which.index(changed.params.len());
        if change_key {
            let suffix = extra.replace(|c: char| !c.is_ascii_alphanumeric(), "Z");
            let new_key = format!("{}{}", changed.params[i].0, suffix);
            prop_assume!(!input.params.iter().any(|(k, _)| *k == new_key));
            prop_assume!(!V3_RESERVED_PARAMETERS.iter().any(|r| r.eq_ignore_ascii_case(&new_key)));
            changed.params[i].0 = new_key;
        } else {
            changed.params[i].1.push_str(&extra);
        }
        prop_assert_ne!(signature(&input), signature(&changed));
    }

    #[test]
    fn secret_nonce_time_host_and_method_are_signed(
        input in input(),
        secret in "[!-~]{1,40}",
        nonce in "[0-9a-f]{32}",
        time in 0i64..=253_402_300_799,
        host in "[a-z0-9-]{1,10}\\.aliyuncs\\.com",
    ) {
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
        if host != input.host {
            prop_assert_ne!(&before, &signature(&Input { host, ..input.clone() }));
        }
        prop_assert_ne!(&before, &signature(&Input { post: !input.post, ..input.clone() }));
    }

    #[test]
    fn canonical_query_is_escapes_and_unreserved_and_decodes_back(input in input()) {
        let query = with_signed(&input, |s| {
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
    fn lengths_match_what_is_written(input in input()) {
        with_signed(&input, |s| {
            let mut out = String::new();
            s.write_query(&mut out).unwrap();
            assert_eq!(out.len(), s.query_len());
            out.clear();
            s.write_canonical_request(&mut out).unwrap();
            assert_eq!(out.len(), s.canonical_request_len());
            out.clear();
            s.write_string_to_sign(&mut out).unwrap();
            assert_eq!(out.len(), s.string_to_sign_len());
            out.clear();
            s.write_signed_headers(&mut out).unwrap();
            assert_eq!(out.len(), s.signed_headers_len());
            out.clear();
            s.write_authorization(&mut out).unwrap();
            assert_eq!(out.len(), s.authorization_len());
        });
    }

    #[test]
    fn signature_is_hmac_sha256_of_the_hashed_canonical_request(input in input()) {
        let (canonical_request, string_to_sign, signature, authorization, names) =
            with_signed(&input, |s| {
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
