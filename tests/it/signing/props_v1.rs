//! Properties of the encoder, the signer and `Timestamp`.

use mts_codec::Timestamp;
use mts_codec::percent;
use mts_codec::signing::{Credentials, Method, Params, RESERVED_PARAMETERS, RpcSigner};
use proptest::prelude::*;

use crate::support::strict_percent;
use strict_percent::strict_decode;

fn key() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9._]{0,12}"
        .prop_filter("reserved", |k| !RESERVED_PARAMETERS.contains(&k.as_str()))
}

/// 1 to 12 parameters with distinct keys and arbitrary (Unicode) values.
fn param_set() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(key(), any::<String>(), 1..12).prop_map(|m| m.into_iter().collect())
}

fn sign(pairs: &[(String, String)], method: Method) -> String {
    let mut params = Params::<16>::new();
    for (k, v) in pairs {
        params.insert(k, v).unwrap();
    }
    let creds = Credentials::new("testid", "testsecret")
        .unwrap()
        .with_security_token("tok")
        .unwrap();
    let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18")
        .region_id("cn-hangzhou")
        .method(method);
    let time = Timestamp::from_unix_seconds(1_704_067_200).unwrap();
    let signed = signer.sign(&params, &creds, time, "nonce").unwrap();

    // Every `*_len` agrees with what is written.
    let mut s = String::new();
    signed.write_canonical_query(&mut s).unwrap();
    assert_eq!(s.len(), signed.canonical_query_len());
    s.clear();
    signed.write_string_to_sign(&mut s).unwrap();
    assert_eq!(s.len(), signed.string_to_sign_len());
    s.clear();
    signed.write_query(&mut s).unwrap();
    assert_eq!(s.len(), signed.query_len());
    signed.signature().to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn encoded_bytes_are_unreserved_or_escapes_and_decode_back(input in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut out = String::new();
        percent::encode_bytes(&input, &mut out).unwrap();
        prop_assert_eq!(out.len(), percent::encoded_len(&input));
        prop_assert_eq!(strict_decode(&out), Some(input));
    }

    #[test]
    fn encoded_text_is_unreserved_or_escapes_and_decodes_back(input in any::<String>()) {
        let mut out = String::new();
        percent::encode(&input, &mut out).unwrap();
        prop_assert_eq!(out.len(), percent::encoded_len(input.as_bytes()));
        prop_assert_eq!(strict_decode(&out), Some(input.clone().into_bytes()));
        let mut bytes_out = String::new();
        percent::encode_bytes(input.as_bytes(), &mut bytes_out).unwrap();
        prop_assert_eq!(out, bytes_out);
    }

    #[test]
    fn signature_ignores_insertion_order(
        (pairs, shuffled) in param_set().prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle())),
        post in any::<bool>(),
    ) {
        let method = if post { Method::Post } else { Method::Get };
        prop_assert_eq!(sign(&pairs, method), sign(&shuffled, method));
    }

    #[test]
    fn any_single_change_changes_the_signature(
        pairs in param_set(),
        which in any::<prop::sample::Index>(),
        change_key in any::<bool>(),
        extra in "[a-zA-Z0-9 ,/+=%~]{1,3}",
    ) {
        let before = sign(&pairs, Method::Get);
        let mut changed = pairs.clone();
        let i = which.index(changed.len());
        if change_key {
            let new_key = format!("{}{}", changed[i].0, extra.replace(|c: char| !c.is_ascii_alphanumeric(), "Z"));
            prop_assume!(!pairs.iter().any(|(k, _)| *k == new_key));
            changed[i].0 = new_key;
        } else {
            changed[i].1.push_str(&extra);
        }
        prop_assert_ne!(before, sign(&changed, Method::Get));
    }

    #[test]
    fn method_is_signed(pairs in param_set()) {
        prop_assert_ne!(sign(&pairs, Method::Get), sign(&pairs, Method::Post));
    }

    #[test]
    fn timestamp_round_trips(secs in 0i64..=253_402_300_799) {
        let t = Timestamp::from_unix_seconds(secs).unwrap();
        let text = t.to_string();
        prop_assert_eq!(text.len(), 20);
        prop_assert_eq!(text.as_bytes(), &t.to_bytes()[..]);
        prop_assert_eq!(Timestamp::parse(&text), Ok(t));
    }
}
