//! Request signing without allocation: Alibaba Cloud's RPC signature v1
//! ([`RpcSigner`], HMAC-SHA1) and signature v3 ([`V3Signer`], `ACS3-HMAC-SHA256`), for
//! any `Action` and `Version`.
//!
//! v1: every parameter (the API's plus `AccessKeyId`, `Action`, `Format`, `RegionId`,
//! `SecurityToken`, `SignatureMethod`, `SignatureNonce`, `SignatureVersion`,
//! `Timestamp`, `Version`) is percent-encoded ([`percent`](crate::percent)), sorted and
//! joined: the canonical query. The string-to-sign is `METHOD&%2F&` +
//! percent-encode(canonical query), and `Signature` = Base64(HMAC-SHA1(secret + `&`,
//! string-to-sign)). The signers take any [`SortedParams`] source and return a signed
//! request that writes every text into any [`core::fmt::Write`], its length known.
//!
//! The time and the nonce come from the caller: sign every attempt, retries included,
//! with a fresh nonce (`SignatureNonceUsed` otherwise) and a current time (15 minutes
//! off gives `InvalidTimeStamp.Expired`); with `std`, [`Timestamp::now`] and
//! [`RandomNonce::generate`]. v3 signs with [`V3Credentials`], HMAC-SHA256 keyed once:
//! [`Credentials`] key only v1's HMAC-SHA1, so v1-only builds do not link SHA-256.

use core::fmt;

use hmac::digest::Update;

mod credentials;
mod nonce;
mod params;
mod v1;
pub(crate) mod v1_canonical;
mod v3;
pub(crate) mod v3_canonical;
mod write_error;

pub use crate::format::Format;
pub use crate::http::{Method, Scheme};
pub use crate::timestamp::{Timestamp, TimestampError};
pub use credentials::{Credentials, CredentialsError, MAX_SECRET_LEN, V3Credentials};
pub use nonce::RANDOM_NONCE_LEN;
#[cfg(feature = "std")]
pub use nonce::RandomNonce;
pub use params::{DEFAULT_CAPACITY, Params, ParamsError, ParamsErrorKind, SortedParams};
pub use v1::{
    FORM_CONTENT_TYPE, RESERVED_PARAMETERS, RpcSigner, SIGNATURE_LEN, SignError, Signature, Signed,
};
pub use v3::{
    BodyHash, EMPTY_BODY_SHA256, Header, Hex256, MAX_EXTRA_HEADERS, SignedV3, V3_ALGORITHM,
    V3_RESERVED_PARAMETERS, V3Signer,
};
pub use write_error::WriteError;

pub(crate) use params::merge_sorted;

/// Feeds the text `write` writes to `digest` (a hash or a MAC), through a buffer:
/// the writers hand over many short pieces, and each `update` call has a cost.
pub(crate) fn digest_text<D: Update>(
    digest: &mut D,
    write: impl FnOnce(&mut Digesting<'_, D>) -> fmt::Result,
) -> fmt::Result {
    let mut out = Digesting {
        digest,
        buf: [0; DIGEST_BUF],
        len: 0,
    };
    write(&mut out)?;
    out.digest.update(out.buf.split_at(out.len).0);
    Ok(())
}

/// The buffer of [`digest_text`]: whole SHA-1 and SHA-256 blocks.
const DIGEST_BUF: usize = 512;

/// The writer [`digest_text`] hands out.
pub(crate) struct Digesting<'d, D> {
    digest: &'d mut D,
    buf: [u8; DIGEST_BUF],
    /// Bytes held in `buf`, at most `DIGEST_BUF`.
    len: usize,
}

impl<D: Update> fmt::Write for Digesting<'_, D> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        if bytes.len() > DIGEST_BUF - self.len {
            self.digest.update(self.buf.split_at(self.len).0);
            self.len = 0;
        }
        match self.buf.split_at_mut(self.len).1.get_mut(..bytes.len()) {
            Some(free) => {
                free.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            // Longer than the whole buffer.
            None => self.digest.update(bytes),
        }
        Ok(())
    }
}

/// The number of bytes `write` writes: every `*_len` method is its writer, counted.
pub(crate) fn len_of(write: impl FnOnce(&mut Count) -> fmt::Result) -> usize {
    let mut count = Count(0);
    // Counting never refuses, and the writers fail only when their writer does.
    match write(&mut count) {
        Ok(()) | Err(fmt::Error) => count.0,
    }
}

/// A writer that only counts.
pub(crate) struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
