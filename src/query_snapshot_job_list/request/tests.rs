//! Unit tests of the request builder's private tables; its public behaviour is tested
//! in tests/it/signing/request.rs.

use super::*;

#[test]
fn typed_keys_sorted() {
    assert!(TYPED_KEYS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn decimal_text() {
    for (v, s) in [
        (0, "0"),
        (7, "7"),
        (300, "300"),
        (u64::MAX, "18446744073709551615"),
    ] {
        assert_eq!(decimal(v), s);
    }
}
