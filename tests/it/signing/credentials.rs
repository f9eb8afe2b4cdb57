//! `Credentials`: the secret keys HMAC-SHA1 (v1) and HMAC-SHA256 (v3) at every length it
//! takes, and the keyed credentials can be shared across threads.

use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, MAX_SECRET_LEN, Params, RpcSigner, V3Credentials, V3Signer,
};
use sha2::Sha256;

use crate::support::oracles::reference_v1;

#[test]
fn credentials_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Credentials<'static>>();
    check::<V3Credentials<'static>>();
}

#[test]
fn keys_as_the_hmac_crate_does_at_every_length() {
    // Up to the longest secret: keys up to the 64-byte block are padded, longer ones
    // hashed first; v1 keys with the secret and `&`, v3 with the secret alone.
    let time = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let params = Params::<0>::new();
    for len in 1..=MAX_SECRET_LEN {
        let secret = "k".repeat(len);
        let creds = Credentials::new("id", &secret).unwrap();

        let v1 = RpcSigner::new("A", "1")
            .sign(&params, &creds, time, "n")
            .unwrap();
        let mut sts = String::new();
        v1.write_string_to_sign(&mut sts).unwrap();
        assert_eq!(
            v1.signature(),
            reference_v1::signature_of(&sts, &secret),
            "v1, {len} bytes"
        );

        let v3 = V3Signer::new("A", "1", "h")
            .sign(&params, &[], BodyHash::Empty, &creds, time, "n")
            .unwrap();
        let mut sts = String::new();
        v3.write_string_to_sign(&mut sts).unwrap();
        let mut mac =
            <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(sts.as_bytes());
        let want: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(v3.signature(), want, "v3, {len} bytes");
    }
}
