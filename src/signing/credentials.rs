//! Access key credentials: the AccessKeyId, the STS token, and the secret keyed into
//! HMAC-SHA1 (RPC v1) or HMAC-SHA256 (signature v3, [`V3Credentials`]).

use core::fmt;

use hmac::digest::Digest;
use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::Sha256;
use zeroize::Zeroizing;

/// The longest AccessKeySecret [`Credentials`] accepts, in bytes. Alibaba Cloud secrets
/// are 30 characters; STS secrets are about as long.
pub const MAX_SECRET_LEN: usize = 128;

/// An AccessKey pair, optionally with an STS `SecurityToken`.
///
/// The AccessKeyId and the token are borrowed; they travel in clear. [`Credentials::new`]
/// keys HMAC-SHA1 with `secret + "&"` (the RPC v1 key) once; each signature clones the
/// keyed state. A copy of the secret is kept for [`V3Credentials::new`]. Both are wiped
/// on drop (copies left behind by moves are not); `Debug` redacts the secret and token.
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
    security_token: Option<&'a str>,
    /// HMAC-SHA1 keyed with `secret + "&"`.
    v1_key: Hmac<Sha1>,
    /// `secret + "&"`: the secret alone, v3's key, is the first `secret_len` bytes.
    secret: Zeroizing<[u8; MAX_SECRET_LEN + 1]>,
    secret_len: usize,
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
        let secret = access_key_secret.as_bytes();
        if secret.is_empty() {
            return Err(CredentialsError::EmptySecret);
        }
        let too_long = CredentialsError::SecretTooLong { len: secret.len() };
        let mut kept = Zeroizing::new([0u8; MAX_SECRET_LEN + 1]);
        let (with_amp, _) = kept
            .split_at_mut_checked(secret.len() + 1)
            .ok_or(too_long)?;
        let (copy, amp) = with_amp.split_at_mut(secret.len());
        copy.copy_from_slice(secret);
        amp.fill(b'&');
        Ok(Self {
            access_key_id,
            security_token: None,
            v1_key: Hmac::new(&(*key_block::<Sha1>(with_amp)).into()),
            secret: kept,
            secret_len: secret.len(),
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

    /// The STS token, if any.
    pub fn security_token(&self) -> Option<&'a str> {
        self.security_token
    }

    /// HMAC-SHA1 keyed for RPC v1, ready for one signature.
    pub(crate) fn v1_mac(&self) -> Hmac<Sha1> {
        self.v1_key.clone()
    }

    /// The AccessKeySecret alone (no `&`): signature v3's HMAC-SHA256 key.
    fn secret(&self) -> &[u8] {
        // `new` keeps `secret_len <= MAX_SECRET_LEN`.
        self.secret.split_at(self.secret_len).0
    }
}

/// What `Debug` shows for a secret.
const REDACTED: &str = "<redacted>";

/// `key` as one HMAC key block (64 bytes for SHA-1 and SHA-256): hashed first when
/// longer, then zero-padded, as HMAC does; so keying cannot fail.
fn key_block<D: Digest>(key: &[u8]) -> Zeroizing<[u8; 64]> {
    let mut block = Zeroizing::new([0u8; 64]);
    let digest;
    let key = if key.len() > block.len() {
        digest = D::digest(key);
        digest.as_slice()
    } else {
        key
    };
    // At most 64 bytes: a block, or a digest shorter than one.
    block.split_at_mut(key.len()).0.copy_from_slice(key);
    block
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field("security_token", &self.security_token.map(|_| REDACTED))
            .finish()
    }
}

/// Credentials for signature v3: the AccessKeyId and STS token (borrowed, as in
/// [`Credentials`]) and HMAC-SHA256 keyed with the secret (without v1's `&`) once.
///
/// [`Credentials`] key only v1's HMAC-SHA1, so that v1-only builds never link SHA-256.
/// The keyed state is wiped on drop; `Debug` shows the AccessKeyId and redacts the key
/// and the token. It does not borrow the [`Credentials`] it was built from. See
/// [`V3Signer`](super::V3Signer) for an example.
#[derive(Clone)]
pub struct V3Credentials<'a> {
    access_key_id: &'a str,
    security_token: Option<&'a str>,
    key: Hmac<Sha256>,
}

impl<'a> V3Credentials<'a> {
    /// Keys HMAC-SHA256 with `credentials`' secret and borrows its AccessKeyId and token.
    pub fn new(credentials: &Credentials<'a>) -> Self {
        Self {
            access_key_id: credentials.access_key_id,
            security_token: credentials.security_token,
            key: Hmac::new(&(*key_block::<Sha256>(credentials.secret())).into()),
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

    /// HMAC-SHA256 keyed for signature v3, ready for one signature.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        self.key.clone()
    }
}

impl<'a> From<&Credentials<'a>> for V3Credentials<'a> {
    fn from(credentials: &Credentials<'a>) -> Self {
        Self::new(credentials)
    }
}

impl<'a> From<&V3Credentials<'a>> for V3Credentials<'a> {
    fn from(credentials: &V3Credentials<'a>) -> Self {
        credentials.clone()
    }
}

impl fmt::Debug for V3Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("hmac_sha256_key", &REDACTED)
            .field("security_token", &self.security_token.map(|_| REDACTED))
            .finish()
    }
}
