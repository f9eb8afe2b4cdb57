//! Values that sometimes need escaping and sometimes not (job ids, names given to
//! `RpcSigner::new`, `region_id`, `Credentials::new`): these properties sign random
//! requests and hold the signature to an independent reference
//! (`support::oracles::reference_v1`: a plain percent-encoder, the `hmac` crate and the
//! `base64` crate).

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{BodyHash, Credentials, Method, Params, RpcSigner, V3Signer};
use proptest::prelude::*;

const TIME: i64 = 1_704_067_200;
const TIME_TEXT: &str = "2024-01-01T00:00:00Z";

use crate::support::oracles::reference_v1;

/// The v1 signature of `params` (common ones included), computed the long way.
fn reference(params: Vec<(String, String)>, secret: &str) -> String {
    reference_v1::sign(params, "GET", secret).1
}

fn common(
    key_id: &str,
    action: &str,
    version: &str,
    region: &str,
    nonce: &str,
) -> Vec<(String, String)> {
    [
        ("AccessKeyId", key_id),
        ("Action", action),
        ("Format", "JSON"),
        ("RegionId", region),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", TIME_TEXT),
        ("Version", version),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// A job id: usually 32 hex digits (unreserved), sometimes text that needs escaping.
fn job_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9a-f]{32}",
        1 => "[A-Za-z0-9._~-]{1,64}",
        1 => "[^,]{1,16}",
    ]
}

/// Text that is unreserved or not.
fn name() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9._~-]{1,24}", "[ -~]{1,24}"]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn typed_request_signs_as_the_reference(
        ids in prop::collection::vec(job_id(), 1..=10),
        key_id in name(),
        region in "[A-Za-z0-9_-]{1,20}",
        nonce in "[ -~]{1,40}",
    ) {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let request = QuerySnapshotJobList::new()
            .job_ids(&refs)
            .unwrap()
            .region_id(&region)
            .unwrap()
            .method(Method::Get);
        let creds = Credentials::new(&key_id, "secret").unwrap();
        let time = Timestamp::from_unix_seconds(TIME).unwrap();
        let signed = request.sign(&creds, time, &nonce).unwrap();
        let mut params = common(&key_id, "QuerySnapshotJobList", "2014-06-18", &region, &nonce);
        params.push(("SnapshotJobIds".to_owned(), ids.join(",")));
        prop_assert_eq!(signed.signature(), reference(params, "secret"));
    }

    #[test]
    fn typed_request_signs_v3_as_its_text_does(ids in prop::collection::vec(job_id(), 1..=10)) {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let request = QuerySnapshotJobList::new().job_ids(&refs).unwrap();
        let joined = ids.join(",");
        let mut text = Params::<1>::new();
        text.insert("SnapshotJobIds", &joined).unwrap();
        let creds = Credentials::new("id", "s").unwrap();
        let time = Timestamp::from_unix_seconds(TIME).unwrap();
        let signer = V3Signer::new("QuerySnapshotJobList", "2014-06-18", "mts.cn-hangzhou.aliyuncs.com");
        let typed = signer.sign(&request, &[], BodyHash::Empty, &creds, time, "n").unwrap();
        let plain = signer.sign(&text, &[], BodyHash::Empty, &creds, time, "n").unwrap();
        prop_assert_eq!(typed.signature(), plain.signature());
    }

    #[test]
    fn generic_signer_signs_as_the_reference(
        action in name(),
        version in name(),
        region in name(),
        key_id in name(),
        value in any::<String>(),
    ) {
        let creds = Credentials::new(&key_id, "s").unwrap();
        let signer = RpcSigner::new(&action, &version).region_id(&region).method(Method::Get);
        let mut source = Params::<1>::new();
        source.insert("Key", &value).unwrap();
        let time = Timestamp::from_unix_seconds(TIME).unwrap();
        let signed = signer.sign(&source, &creds, time, "n").unwrap();
        let mut params = common(&key_id, &action, &version, &region, "n");
        params.push(("Key".to_owned(), value.clone()));
        prop_assert_eq!(signed.signature(), reference(params, "s"));
    }
}
