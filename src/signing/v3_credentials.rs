//! [`V3Credentials`]: credentials with signature v3's HMAC-SHA256 keyed once, and
//! [`V3SigningKey`], what [`V3Signer::sign`](super::V3Signer::sign) accepts.
//!
//! [`Credentials::new`] keys only v1's HMAC-SHA1, so that RPC v1 users neither pay
//! for nor link SHA-256. Signing v3 with plain [`Credentials`] therefore keys
//! HMAC-SHA256 from the secret on every call: two SHA-256 compressions more per
//! signature. [`V3Credentials`] does that once.

use core::fmt;

use super::Credentials;
use super::credentials::Redacted;
use super::sha256::HmacSha256Key;

/// Credentials for signature v3 with the HMAC-SHA256 key schedule computed once: the
/// AccessKeyId and STS token (borrowed, as in [`Credentials`]) and the SHA-256 states
/// after the `ipad` and `opad` blocks of the secret.
///
/// Use it for anything that signs v3 more than once: [`V3Signer::sign`] with plain
/// [`Credentials`] keys HMAC-SHA256 on each call (two SHA-256 compressions, about a
/// tenth of a 10-id signature), because [`Credentials`] does not derive the v3 key
/// (so that v1-only builds never link SHA-256). Both give the same signature.
///
/// The key schedule is as sensitive as the secret: it is wiped on drop, and `Debug`
/// shows the AccessKeyId and redacts the key and the token. It does not borrow the
/// [`Credentials`] it was built from, which may be dropped. (As with any
/// zeroize-on-drop value, copies left behind by moves are not wiped.)
///
/// ```
/// use mts_codec::signing::{BodyHash, Credentials, Params, V3Credentials, V3Signer};
/// use mts_codec::Timestamp;
///
/// let creds = Credentials::new("testid", "testsecret")?;
/// let v3 = V3Credentials::new(&creds);
/// assert_eq!(
///     format!("{v3:?}"),
///     r#"V3Credentials { access_key_id: "testid", hmac_sha256_key: "<redacted>", security_token: None }"#
/// );
///
/// let mut params = Params::<1>::new();
/// params.insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002")?;
/// let signer = V3Signer::new("QuerySnapshotJobList", "2014-06-18", "mts.cn-shanghai.aliyuncs.com");
/// let time = Timestamp::parse("2024-01-01T00:00:00Z")?;
/// let nonce = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
/// // Pre-keyed, and keyed per call: the same signature (spec §3.2).
/// let signed = signer.sign(&params, &[], BodyHash::Empty, &v3, time, nonce)?;
/// assert_eq!(signed.signature(), "212c43d6106cafbb4282f0339e41da98a14e06a3f6a5201da760e4b58c77a97d");
/// let per_call = signer.sign(&params, &[], BodyHash::Empty, &creds, time, nonce)?;
/// assert_eq!(per_call.signature(), signed.signature());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`V3Signer::sign`]: super::V3Signer::sign
#[derive(Clone)]
pub struct V3Credentials<'a> {
    access_key_id: &'a str,
    security_token: Option<&'a str>,
    key: HmacSha256Key,
}

impl<'a> V3Credentials<'a> {
    /// Keys HMAC-SHA256 with `credentials`' secret (the secret alone, without v1's
    /// `&`) and borrows its AccessKeyId and token.
    pub fn new(credentials: &Credentials<'a>) -> Self {
        Self {
            access_key_id: credentials.access_key_id(),
            security_token: credentials.security_token(),
            key: HmacSha256Key::new(credentials.secret()),
        }
    }

    /// The AccessKeyId.
    pub fn access_key_id(&self) -> &'a str {
        self.access_key_id
    }

    /// The STS token, if any, sent (and signed) as `x-acs-security-token`.
    pub fn security_token(&self) -> Option<&'a str> {
        self.security_token
    }
}

impl<'a> From<&Credentials<'a>> for V3Credentials<'a> {
    fn from(credentials: &Credentials<'a>) -> Self {
        Self::new(credentials)
    }
}

impl fmt::Debug for V3Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("hmac_sha256_key", &Redacted)
            .field("security_token", &self.security_token.map(|_| Redacted))
            .finish()
    }
}

mod sealed {
    /// Keeps [`V3SigningKey`](super::V3SigningKey) implemented only here.
    pub trait Sealed {
        /// The AccessKeyId.
        fn v3_access_key_id(&self) -> &str;
        /// The STS token, if any.
        fn v3_security_token(&self) -> Option<&str>;
        /// Runs `f` with the HMAC-SHA256 key schedule (`HmacSha256Key` cannot be named,
        /// nor used, outside this crate).
        fn with_v3_key<R>(&self, f: impl FnOnce(&super::HmacSha256Key) -> R) -> R;
    }
}

/// What [`V3Signer::sign`](super::V3Signer::sign) signs with: [`V3Credentials`]
/// (HMAC-SHA256 keyed once; use it when signing more than once) or [`Credentials`]
/// (keyed on each call, and the key schedule wiped right after). Sealed: implemented
/// only for those two.
pub trait V3SigningKey: sealed::Sealed {}

impl sealed::Sealed for V3Credentials<'_> {
    #[inline]
    fn v3_access_key_id(&self) -> &str {
        self.access_key_id
    }

    #[inline]
    fn v3_security_token(&self) -> Option<&str> {
        self.security_token
    }

    #[inline]
    fn with_v3_key<R>(&self, f: impl FnOnce(&HmacSha256Key) -> R) -> R {
        f(&self.key)
    }
}

impl V3SigningKey for V3Credentials<'_> {}

impl sealed::Sealed for Credentials<'_> {
    #[inline]
    fn v3_access_key_id(&self) -> &str {
        self.access_key_id()
    }

    #[inline]
    fn v3_security_token(&self) -> Option<&str> {
        self.security_token()
    }

    #[inline]
    fn with_v3_key<R>(&self, f: impl FnOnce(&HmacSha256Key) -> R) -> R {
        // Keyed here rather than in `Credentials::new`, so that RPC v1 users never key
        // (or link) HMAC-SHA256; the key schedule is wiped when it drops, right here.
        f(&HmacSha256Key::new(self.secret()))
    }
}

impl V3SigningKey for Credentials<'_> {}

#[cfg(test)]
mod tests {
    use super::sealed::Sealed;
    use super::*;
    use core::fmt::Write;

    #[test]
    fn v3_credentials_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<V3Credentials<'static>>();
    }

    #[test]
    fn both_keys_give_the_same_mac() {
        let creds = Credentials::new("AKID", "testsecret")
            .unwrap()
            .with_security_token("tok")
            .unwrap();
        let v3 = V3Credentials::from(&creds);
        let want = HmacSha256Key::new(b"testsecret").mac(b"message");
        assert_eq!(v3.with_v3_key(|k| k.mac(b"message")), want);
        assert_eq!(creds.with_v3_key(|k| k.mac(b"message")), want);
        assert_eq!(v3.v3_access_key_id(), "AKID");
        assert_eq!(v3.v3_security_token(), Some("tok"));
        assert_eq!(creds.v3_security_token(), Some("tok"));
        // It outlives the credentials it was keyed from.
        drop(creds);
        assert_eq!(v3.clone().with_v3_key(|k| k.mac(b"message")), want);
    }

    #[test]
    fn debug_redacts_key_and_token() {
        let creds = Credentials::new("AKID", "super-secret-value")
            .unwrap()
            .with_security_token("sts-token-value")
            .unwrap();
        let v3 = V3Credentials::new(&creds);
        let mut out = heapless::String::<256>::new();
        write!(out, "{v3:?}").unwrap();
        assert_eq!(
            out,
            r#"V3Credentials { access_key_id: "AKID", hmac_sha256_key: "<redacted>", security_token: Some("<redacted>") }"#
        );
        let mut alt = heapless::String::<256>::new();
        write!(alt, "{v3:#?}").unwrap();
        assert!(!alt.contains("super-secret") && !alt.contains("sts-token"));
        assert_eq!(alt.matches("<redacted>").count(), 2);
    }
}
