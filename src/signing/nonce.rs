//! `SignatureNonce`: a value that must differ between any two requests of an
//! AccessKey within the gateway's replay window.
//!
//! The signer takes the nonce from the caller, like the timestamp, so signing stays
//! deterministic. The gateway answers `SignatureNonceUsed` to a nonce it has seen, so
//! **every attempt, including every retry, is signed again with a fresh nonce**; resending
//! an already signed request fails. The requirement is uniqueness, not secrecy: the nonce
//! travels in clear. Any non-empty text works; the official SDKs send 32 lower-case hex
//! digits, and so does [`RandomNonce`] (with `std`).

/// Length of a [`RandomNonce`]: 32 lower-case hex digits (128 bits).
pub const RANDOM_NONCE_LEN: usize = 32;

/// 32 lower-case hex digits that are unique with overwhelming probability.
///
/// Built without a random-number crate: 128 bits from SipHash (`std`'s
/// [`RandomState`](std::collections::hash_map::RandomState), whose keys come from the
/// operating system's random source once per thread) over the system time in
/// nanoseconds, a process-wide counter and the thread id. The counter makes values from
/// one process distinct; the random keys make processes distinct. Not a secret and not
/// meant to be one.
///
/// ```
/// use mts_codec::signing::RandomNonce;
///
/// let a = RandomNonce::generate();
/// let b = RandomNonce::generate();
/// assert_eq!(a.as_str().len(), 32);
/// assert_ne!(a, b);
/// ```
#[cfg(feature = "std")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RandomNonce {
    hex: [u8; RANDOM_NONCE_LEN],
}

#[cfg(feature = "std")]
impl RandomNonce {
    /// A fresh nonce. Call it for every request and every retry.
    pub fn generate() -> Self {
        use core::hash::{BuildHasher, Hasher};
        use core::sync::atomic::{AtomicU64, Ordering};
        use std::collections::hash_map::RandomState;

        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let thread = std::thread::current().id();
        let state = RandomState::new();
        let half = |salt: u8| {
            let mut h = state.build_hasher();
            h.write_u8(salt);
            h.write_u128(nanos);
            h.write_u64(count);
            core::hash::Hash::hash(&thread, &mut h);
            h.finish()
        };
        let bits = (u128::from(half(1)) << 64) | u128::from(half(2));
        let mut hex = [0u8; RANDOM_NONCE_LEN];
        for (i, digit) in hex.iter_mut().enumerate() {
            let nibble = (bits >> (4 * (RANDOM_NONCE_LEN - 1 - i))) & 0xF;
            *digit = b"0123456789abcdef"
                .get(nibble as usize)
                .copied()
                .unwrap_or(b'0');
        }
        Self { hex }
    }

    /// The 32 hex digits.
    pub fn as_str(&self) -> &str {
        // Hex digits are ASCII; the fallback is unreachable.
        core::str::from_utf8(&self.hex).unwrap_or_default()
    }
}

#[cfg(feature = "std")]
impl core::fmt::Display for RandomNonce {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "std")]
impl core::fmt::Debug for RandomNonce {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("RandomNonce").field(&self.as_str()).finish()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[test]
    fn distinct_and_hex() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let n = RandomNonce::generate();
            assert!(
                n.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert!(seen.insert(n));
        }
    }
}
