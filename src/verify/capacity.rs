//! The capacities a [`Verifier`](super::Verifier) holds unless told otherwise.

/// How many parameters a [`Verifier`](super::Verifier) decodes unless told otherwise.
pub const DEFAULT_MAX_PARAMETERS: usize = 32;
/// How many bytes of decoded parameter names and values a [`Verifier`](super::Verifier) holds unless
/// told otherwise: a full request with an STS token twice the largest the service is
/// documented to issue (see the [module docs](super#sizes-and-no-allocation)).
pub const DEFAULT_MAX_DECODED_BYTES: usize = 8192;
