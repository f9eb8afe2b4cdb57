//! `RandomNonce`: fresh lower-case hex nonces from the system's random source.

use std::collections::HashSet;

use mts_codec::signing::{RANDOM_NONCE_LEN, RandomNonce};

#[test]
fn distinct_and_hex() {
    let mut seen = HashSet::new();
    for _ in 0..10_000 {
        let n = RandomNonce::generate();
        assert!(
            n.as_str()
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(n.as_str().len(), RANDOM_NONCE_LEN);
        assert!(seen.insert(n));
    }
}
