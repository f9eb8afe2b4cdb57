//! Access key credentials, with the secret held in a buffer that is wiped on drop.

use core::fmt;

use zeroize::Zeroize;

use super::hmac_sha1::HmacKey;

/// The longest AccessKeySecret [`Credentials`] accepts, in bytes. Alibaba Cloud secrets
/// are 30 characters; STS secrets are about as long.
pub const MAX_SECRET_LEN: usize = 128;

/// An AccessKey pair, optionally with an STS `SecurityToken`.
///
/// The AccessKeyId and the token are borrowed; they travel in the request in clear.
/// [`Credentials::new`] copies `secret + "&"` (the RPC v1 HMAC key) into a stack buffer,
/// derives the HMAC-SHA1 key schedule from it once (so each signature saves two SHA-1
/// blocks), and zeroes the buffer. It also keeps a copy of the secret for signature v3,
/// whose HMAC-SHA256 is keyed from it either on each [`V3Signer::sign`] call or once by
/// [`V3Credentials::new`] (the one to use when signing v3 more than once), so that
/// RPC v1 users neither pay for nor link SHA-256. The key schedule and the secret
/// are equally sensitive; both live in owned arrays that are zeroed on drop. `Debug`
/// shows the AccessKeyId and redacts the secret and the token. (As with any
/// zeroize-on-drop value, copies left behind by moves are not wiped.)
///
/// [`V3Signer::sign`]: super::V3Signer::sign
/// [`V3Credentials::new`]: super::V3Credentials::new
///
/// ```
/// use mts_codec::signing::Credentials;
///
/// let creds = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?
///     .with_security_token("demo-sts-token")?;
/// assert_eq!(
///     format!("{creds:?}"),
///     r#"Credentials { access_key_id: "LTAI-demo-key-id", access_key_secret: "<redacted>", security_token: Some("<redacted>") }"#
/// );
/// # Ok::<(), mts_codec::signing::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials<'a> {
    access_key_id: &'a str,
    /// Whether the id is made of unreserved bytes only (checked once, here): the
    /// signer then writes it without looking at its bytes.
    access_key_id_literal: bool,
    security_token: Option<&'a str>,
    key: HmacKey,
    secret: Secret,
}

/// The AccessKeySecret, for signature v3; zeroed on drop.
#[derive(Clone)]
struct Secret {
    bytes: [u8; MAX_SECRET_LEN],
    /// At most [`MAX_SECRET_LEN`].
    len: usize,
}

impl Secret {
    /// Copies `secret`, which [`signing_key`] has checked is at most [`MAX_SECRET_LEN`]
    /// bytes long.
    fn new(secret: &[u8]) -> Self {
        let mut bytes = [0u8; MAX_SECRET_LEN];
        let len = secret.len().min(MAX_SECRET_LEN);
        if let (Some(slot), Some(src)) = (bytes.get_mut(..len), secret.get(..len)) {
            slot.copy_from_slice(src);
        }
        Self { bytes, len }
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.len = 0;
    }
}

/// Why [`Credentials::new`] refused its input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The AccessKeyId is empty.
    EmptyAccessKeyId,
    /// The AccessKeySecret is empty.
    EmptySecret,
    /// The STS SecurityToken given to [`Credentials::with_security_token`] is empty.
    EmptySecurityToken,
    /// The AccessKeySecret is longer than [`MAX_SECRET_LEN`] bytes.
    SecretTooLong {
        /// Its length in bytes.
        len: usize,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyAccessKeyId => f.write_str("AccessKeyId is empty"),
            Self::EmptySecret => f.write_str("AccessKeySecret is empty"),
            Self::EmptySecurityToken => f.write_str(
                "SecurityToken is empty: pass the STS token that came with the temporary \
                 AccessKey, or no token at all for a long-term AccessKey",
            ),
            Self::SecretTooLong { len } => write!(
                f,
                "AccessKeySecret is {len} bytes long, more than the {MAX_SECRET_LEN} supported"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CredentialsError {}

impl<'a> Credentials<'a> {
    /// Credentials from an AccessKeyId and its secret. The secret is copied.
    ///
    /// # Errors
    /// An empty id or secret, or a secret longer than [`MAX_SECRET_LEN`].
    pub fn new(access_key_id: &'a str, access_key_secret: &str) -> Result<Self, CredentialsError> {
        if access_key_id.is_empty() {
            return Err(CredentialsError::EmptyAccessKeyId);
        }
        let key = signing_key(access_key_secret.as_bytes())?;
        Ok(Self {
            access_key_id,
            access_key_id_literal: super::percent::is_literal_bytes(access_key_id.as_bytes()),
            security_token: None,
            key,
            secret: Secret::new(access_key_secret.as_bytes()),
        })
    }

    /// Adds an STS `SecurityToken`, sent (and signed) as the `SecurityToken` parameter.
    ///
    /// # Errors
    /// [`CredentialsError::EmptySecurityToken`] for an empty token: the gateway refuses
    /// the request, and an unset variable is the usual cause. Credentials without a
    /// token (a long-term AccessKey) simply do not call this.
    pub fn with_security_token(
        mut self,
        security_token: &'a str,
    ) -> Result<Self, CredentialsError> {
        if security_token.is_empty() {
            return Err(CredentialsError::EmptySecurityToken);
        }
        self.security_token = Some(security_token);
        Ok(self)
    }

    /// The AccessKeyId.
    pub fn access_key_id(&self) -> &'a str {
        self.access_key_id
    }

    /// Whether the AccessKeyId is made of unreserved bytes only.
    pub(crate) fn access_key_id_literal(&self) -> bool {
        self.access_key_id_literal
    }

    /// The STS token, if any.
    pub fn security_token(&self) -> Option<&'a str> {
        self.security_token
    }

    /// The AccessKeySecret alone (no `&`): signature v3's HMAC-SHA256 key.
    pub(crate) fn secret(&self) -> &[u8] {
        self.secret.as_bytes()
    }

    /// The HMAC key schedule of `secret + "&"`.
    pub(crate) fn hmac_key(&self) -> &HmacKey {
        &self.key
    }
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &Redacted)
            .field("security_token", &self.security_token.map(|_| Redacted))
            .finish()
    }
}

/// Prints `"<redacted>"`.
pub(super) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Derives the HMAC key schedule from `secret + "&"`, assembled in a stack buffer that
/// is zeroed before returning.
fn signing_key(secret: &[u8]) -> Result<HmacKey, CredentialsError> {
    if secret.is_empty() {
        return Err(CredentialsError::EmptySecret);
    }
    if secret.len() > MAX_SECRET_LEN {
        return Err(CredentialsError::SecretTooLong { len: secret.len() });
    }
    let mut buf = [0u8; MAX_SECRET_LEN + 1];
    if let Some(slot) = buf.get_mut(..secret.len()) {
        slot.copy_from_slice(secret);
    }
    if let Some(amp) = buf.get_mut(secret.len()) {
        *amp = b'&';
    }
    let key = HmacKey::new(buf.get(..=secret.len()).unwrap_or_default());
    buf.zeroize();
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::fmt::Write;

    #[test]
    fn credentials_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Credentials<'static>>();
    }

    #[test]
    fn keeps_the_secret_alone_for_v3() {
        let c = Credentials::new("id", "testsecret").unwrap();
        assert_eq!(c.secret(), b"testsecret");
        let long = [b'x'; MAX_SECRET_LEN];
        let s = core::str::from_utf8(&long).unwrap();
        assert_eq!(
            Credentials::new("id", s).unwrap().clone().secret(),
            &long[..]
        );
    }

    #[test]
    fn longest_secret_is_accepted() {
        let long = [b'x'; MAX_SECRET_LEN];
        let s = core::str::from_utf8(&long).unwrap();
        assert!(Credentials::new("id", s).is_ok());
    }

    #[test]
    fn rejects_bad_input() {
        let long = [b'x'; MAX_SECRET_LEN + 1];
        let s = core::str::from_utf8(&long).unwrap();
        assert_eq!(
            Credentials::new("id", s).unwrap_err(),
            CredentialsError::SecretTooLong {
                len: MAX_SECRET_LEN + 1
            }
        );
        assert_eq!(
            Credentials::new("id", "").unwrap_err(),
            CredentialsError::EmptySecret
        );
        assert_eq!(
            Credentials::new("", "s").unwrap_err(),
            CredentialsError::EmptyAccessKeyId
        );
        let e = Credentials::new("id", "s")
            .unwrap()
            .with_security_token("")
            .unwrap_err();
        assert_eq!(e, CredentialsError::EmptySecurityToken);
        let mut shown = heapless::String::<160>::new();
        write!(shown, "{e}").unwrap();
        assert!(
            shown.starts_with("SecurityToken is empty: pass the STS token"),
            "{shown}"
        );
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new("AKID", "super-secret-value")
            .unwrap()
            .with_security_token("sts-token-value")
            .unwrap();
        let mut out = heapless::String::<256>::new();
        write!(out, "{c:?}").unwrap();
        assert!(out.contains("AKID"));
        assert!(!out.contains("super-secret-value"));
        assert!(!out.contains("sts-token-value"));
        assert_eq!(out.matches("<redacted>").count(), 2);
        let mut alt = heapless::String::<256>::new();
        write!(alt, "{c:#?}").unwrap();
        assert!(!alt.contains("super-secret") && !alt.contains("sts-token"));
        let plain = Credentials::new("AKID", "super-secret-value").unwrap();
        out.clear();
        write!(out, "{plain:?}").unwrap();
        assert!(out.ends_with("security_token: None }"));
    }
}
