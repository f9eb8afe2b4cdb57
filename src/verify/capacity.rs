//! The capacities a [`Verifier`](super::Verifier) holds unless told otherwise, and the
//! fixed bound on a v3 request's signed headers.

/// How many parameters a [`Verifier`](super::Verifier) decodes unless told otherwise.
pub const DEFAULT_MAX_PARAMETERS: usize = 32;
/// How many bytes of decoded parameter names and values a [`Verifier`](super::Verifier) holds unless
/// told otherwise: a full request with an STS token twice the largest the service is
/// documented to issue (see the [module docs](super#sizes-and-no-allocation)).
pub const DEFAULT_MAX_DECODED_BYTES: usize = 8192;
/// The most names a v3 `Authorization` may list in `SignedHeaders`, twice what the
/// official signers sign: the Tea SDK signs every header it sends, 12 with STS
/// credentials (`accept`, `content-type`, `host`, `user-agent` and eight `x-acs-*`),
/// and this crate's [`V3Signer`](crate::signing::V3Signer) at most 15 (7 and
/// [`MAX_EXTRA_HEADERS`](crate::signing::MAX_EXTRA_HEADERS) extras). A longer list is
/// refused with [`VerifyError::TooManySignedHeaders`](super::VerifyError::TooManySignedHeaders)
/// before any header is matched or a secret looked up.
pub const MAX_SIGNED_HEADERS: usize = 32;
