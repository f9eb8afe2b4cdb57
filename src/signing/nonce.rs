//! `SignatureNonce`: any non-empty text, unique per AccessKey within the gateway's
//! replay window (`SignatureNonceUsed` otherwise), so every attempt is signed anew.
//! The official SDKs send 32 lower-case hex digits, as [`RandomNonce`] does.

/// Length of a [`RandomNonce`]: 32 lower-case hex digits (128 bits).
pub const RANDOM_NONCE_LEN: usize = 32;

/// 32 lower-case hex digits that are unique with overwhelming probability.
///
/// 128 bits of SipHash (`std`'s `RandomState`, keyed from the operating system's
/// random source) over the time, a process-wide counter and the thread id: the counter
/// keeps one process's values distinct, the random keys distinct processes. Not a
/// secret.
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
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RandomNonce(heapless::String<RANDOM_NONCE_LEN>);

#[cfg(feature = "std")]
impl RandomNonce {
    /// A fresh nonce. Call it for every request and every retry.
    pub fn generate() -> Self {
        use core::fmt::Write as _;
        use core::hash::{BuildHasher, Hasher};
        use core::sync::atomic::{AtomicU64, Ordering};

        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let thread = std::thread::current().id();
        let state = std::collections::hash_map::RandomState::new();
        let half = |salt: u8| {
            let mut h = state.build_hasher();
            h.write_u8(salt);
            h.write_u128(nanos);
            h.write_u64(count);
            core::hash::Hash::hash(&thread, &mut h);
            h.finish()
        };
        let mut hex = heapless::String::new();
        // 32 hex digits always fit the 32 bytes.
        let written = write!(hex, "{:016x}{:016x}", half(1), half(2));
        debug_assert!(written.is_ok());
        Self(hex)
    }

    /// The 32 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "std")]
impl core::fmt::Display for RandomNonce {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}
