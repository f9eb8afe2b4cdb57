//! [`SignedV3`]: a request signed with signature v3, and every text of it.

use core::fmt::{self, Write as _};

use super::chunk::{Chunked, Flush, ToFmt};
use super::params::SortedParams;
use super::v3::{Header, Hex256, MAX_EXTRA_HEADERS, V3_ALGORITHM, V3Signer};
use super::write_error::{Output, WriteError, measured};
use super::{Method, ParamValue, Timestamp, canonical};

/// The signed header names without a token or extras.
const FIXED_NAMES: &str =
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
/// The signed header names with a token and no extras.
const FIXED_NAMES_STS: &str = "host;x-acs-action;x-acs-content-sha256;x-acs-date;\
     x-acs-security-token;x-acs-signature-nonce;x-acs-version";

/// The values of the headers every v3 request signs, trimmed (`x-acs-date` is the
/// request's timestamp).
#[derive(Clone, Copy, Debug)]
pub(super) struct FixedHeaders<'s> {
    pub(super) host: &'s str,
    pub(super) action: &'s str,
    pub(super) content_sha256: &'s str,
    pub(super) security_token: Option<&'s str>,
    pub(super) nonce: &'s str,
    pub(super) version: &'s str,
}

impl<'s> FixedHeaders<'s> {
    /// The headers, sorted, with `date` as `x-acs-date`; the token's is `None`
    /// without one.
    fn list<'x>(&self, date: &'x str) -> [Option<Header<'x>>; 7]
    where
        's: 'x,
    {
        [
            Some(("host", self.host)),
            Some(("x-acs-action", self.action)),
            Some(("x-acs-content-sha256", self.content_sha256)),
            Some(("x-acs-date", date)),
            self.security_token.map(|t| ("x-acs-security-token", t)),
            Some(("x-acs-signature-nonce", self.nonce)),
            Some(("x-acs-version", self.version)),
        ]
    }

    /// The names of the headers present.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        self.list("").into_iter().flatten().map(|(name, _)| name)
    }
}

/// Lower-case hex of 32 bytes into 64.
pub(crate) fn write_hex(bytes: &[u8; 32], out: &mut Hex256) {
    // Arithmetic rather than a table: no bounds check, and it vectorizes. The high
    // and low nibbles as two arrays first: the compiler then digits 16 at a time and
    // interleaves them (`punpcklbw`), where the pairs were built a byte at a time.
    let high: [u8; 32] = core::array::from_fn(|i| bytes.get(i).map_or(0, |b| b >> 4));
    let low: [u8; 32] = core::array::from_fn(|i| bytes.get(i).map_or(0, |b| b & 0xF));
    let digit = |n: u8| n + b'0' + u8::from(n > 9) * (b'a' - b'0' - 10);
    for ((pair, &h), &l) in out.chunks_exact_mut(2).zip(&high).zip(&low) {
        if let [a, b] = pair {
            *a = digit(h);
            *b = digit(l);
        }
    }
}

/// Lower-case hex of 32 bytes.
pub(crate) fn hex(bytes: &[u8; 32]) -> Hex256 {
    let mut out = [0u8; 64];
    write_hex(bytes, &mut out);
    out
}

/// Length of the v3 string-to-sign: `ACS3-HMAC-SHA256\n` + 64 hex digits.
pub(crate) const STRING_TO_SIGN_LEN: usize = V3_ALGORITHM.len() + 1 + 64;

/// The v3 string-to-sign, `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`,
/// shared by the signer and the verifier.
pub(crate) fn string_to_sign(request_hash: &Hex256) -> [u8; STRING_TO_SIGN_LEN] {
    let mut sts = [0u8; STRING_TO_SIGN_LEN];
    let (head, hex) = sts.split_at_mut(V3_ALGORITHM.len() + 1);
    head.copy_from_slice(b"ACS3-HMAC-SHA256\n");
    hex.copy_from_slice(request_hash);
    sts
}

/// A request signed with signature v3: the signature and every text of the request.
///
/// Each `write_*` method has a `*_len` twin with the exact number of bytes written.
/// Send `METHOD https://<host>/?<query>` with [`headers`](Self::headers) (plus
/// `Authorization`, [`write_authorization`](Self::write_authorization)).
pub struct SignedV3<'s, P: ?Sized> {
    pub(super) signer: V3Signer<'s>,
    pub(super) access_key_id: &'s str,
    pub(super) timestamp: [u8; Timestamp::FORMATTED_LEN],
    pub(super) params: &'s P,
    /// The headers every request signs. (Kept by name rather than in one list with
    /// the extras: the list of fifteen was most of this value, which is returned by
    /// copy, and writing the usual six needed neither a loop nor a match.)
    pub(super) fixed: FixedHeaders<'s>,
    /// The extra signed headers, values trimmed, sorted by lower-cased name; `None`
    /// when there are none. (An empty list was zeroed, all 264 bytes, on every
    /// signature: a `memset` call of 35 instructions, measured.)
    pub(super) extra: Option<heapless::Vec<Header<'s>, MAX_EXTRA_HEADERS>>,
    /// Hex SHA-256 of the canonical request, the string-to-sign's second line.
    pub(super) request_hash: Hex256,
    pub(super) signature: Hex256,
}

impl<P: ?Sized> fmt::Debug for SignedV3<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedV3")
            .field("signer", &self.signer)
            .field("access_key_id", &self.access_key_id)
            .field(
                "signature",
                &core::str::from_utf8(&self.signature).unwrap_or_default(),
            )
            .finish_non_exhaustive()
    }
}

const AUTH_CREDENTIAL: &str = " Credential=";
const AUTH_HEADERS: &str = ",SignedHeaders=";
const AUTH_SIGNATURE: &str = ",Signature=";

impl<P: SortedParams + ?Sized> SignedV3<'_, P> {
    /// The signature, 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        core::str::from_utf8(&self.signature).unwrap_or_default()
    }

    /// The extra signed headers, sorted.
    fn extras(&self) -> &[Header<'_>] {
        self.extra.as_ref().map_or(&[], |extra| extra.as_slice())
    }

    /// The HTTP method the request was signed for.
    pub fn method(&self) -> Method {
        self.signer.method
    }

    fn date(&self) -> &str {
        core::str::from_utf8(&self.timestamp).unwrap_or_default()
    }

    /// The headers to send (signed ones, sorted, names as given), `Authorization` not
    /// included. `x-acs-security-token` is there with STS credentials.
    pub fn headers(&self) -> impl Iterator<Item = Header<'_>> {
        let mut fixed = self
            .fixed
            .list(self.date())
            .into_iter()
            .flatten()
            .peekable();
        let mut extra = self.extras().iter().copied().peekable();
        // The fixed names are lower-case; the extras' are compared lower-cased.
        core::iter::from_fn(move || match (fixed.peek(), extra.peek()) {
            (Some(&(f, _)), Some(&(e, _))) if lower(e).lt(f.bytes()) => extra.next(),
            (Some(_), _) => fixed.next(),
            (None, _) => extra.next(),
        })
    }

    /// Length of [`write_query`](Self::write_query)'s output.
    pub fn query_len(&self) -> usize {
        canonical::len(self.params.sorted_values())
    }

    /// Writes the query: the API parameters, encoded and sorted (the canonical query).
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> Result<(), WriteError> {
        measured(out, Output::QUERY, |out| {
            let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
            canonical::write(self.params.sorted_values(), &mut chunked)?;
            chunked.finish()
        })
    }

    /// Length of [`write_signed_headers`](Self::write_signed_headers)'s output.
    pub fn signed_headers_len(&self) -> usize {
        self.headers().map(|h| h.0.len() + 1).sum::<usize>() - 1
    }

    /// Writes the signed header names, lower-cased, sorted, joined with `;`.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_signed_headers<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::SIGNED_HEADERS, |out| {
            self.signed_headers_to(out)
        })
    }

    fn signed_headers_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
        self.signed_headers(&mut chunked)?;
        chunked.finish()
    }

    fn signed_headers<F: Flush, const N: usize>(&self, out: &mut Chunked<F, N>) -> fmt::Result {
        if self.extras().is_empty() {
            // The usual case, in one copy.
            let names = if self.fixed.security_token.is_none() {
                FIXED_NAMES
            } else {
                FIXED_NAMES_STS
            };
            return out.raw(names.as_bytes());
        }
        for (i, (name, _)) in self.headers().enumerate() {
            if i > 0 {
                out.raw(b";")?;
            }
            lowered(name, out)?;
        }
        Ok(())
    }

    /// Writes the canonical request with `params`, the source's parameters (checked
    /// ones while signing).
    pub(super) fn canonical_request<'x, F: Flush, const N: usize>(
        &self,
        params: impl Iterator<Item = (&'x str, ParamValue<'x>)>,
        out: &mut Chunked<F, N>,
    ) -> fmt::Result {
        out.raw(self.signer.method.as_str().as_bytes())?;
        out.raw(b"\n/\n")?;
        canonical::write(params, out)?;
        out.raw(b"\n")?;
        if self.extras().is_empty() {
            // The usual case: the six or seven fixed headers in straight-line code,
            // each name with its separators as one constant.
            let f = &self.fixed;
            out.raw(b"host:")?;
            out.raw(f.host.as_bytes())?;
            out.raw(b"\nx-acs-action:")?;
            out.raw(f.action.as_bytes())?;
            out.raw(b"\nx-acs-content-sha256:")?;
            out.raw(f.content_sha256.as_bytes())?;
            out.raw(b"\nx-acs-date:")?;
            out.raw(&self.timestamp)?;
            if let Some(token) = f.security_token {
                out.raw(b"\nx-acs-security-token:")?;
                out.raw(token.as_bytes())?;
            }
            out.raw(b"\nx-acs-signature-nonce:")?;
            out.raw(f.nonce.as_bytes())?;
            out.raw(b"\nx-acs-version:")?;
            out.raw(f.version.as_bytes())?;
            out.raw(b"\n")?;
        } else {
            for (name, value) in self.headers() {
                lowered(name, out)?;
                out.raw(b":")?;
                out.raw(value.as_bytes())?;
                out.raw(b"\n")?;
            }
        }
        out.raw(b"\n")?;
        self.signed_headers(out)?;
        out.raw(b"\n")?;
        out.raw(self.fixed.content_sha256.as_bytes())
    }

    /// Length of [`write_canonical_request`](Self::write_canonical_request)'s output.
    pub fn canonical_request_len(&self) -> usize {
        let headers: usize = self.headers().map(|(n, v)| n.len() + v.len() + 2).sum();
        self.signer.method.as_str().len()
            + 3
            + self.query_len()
            + 1
            + headers
            + 1
            + self.signed_headers_len()
            + 1
            + self.fixed.content_sha256.len()
    }

    /// Writes the canonical request (for comparing with the server's).
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_canonical_request<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::CANONICAL_REQUEST, |out| {
            let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
            self.canonical_request(self.params.sorted_values(), &mut chunked)?;
            chunked.finish()
        })
    }

    /// Length of [`write_string_to_sign`](Self::write_string_to_sign)'s output.
    pub const fn string_to_sign_len(&self) -> usize {
        STRING_TO_SIGN_LEN
    }

    /// Writes the string-to-sign, `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)),
    /// from the hash computed while signing.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_string_to_sign<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::STRING_TO_SIGN, |out| {
            out.write_str(V3_ALGORITHM)?;
            out.write_str("\n")?;
            out.write_str(core::str::from_utf8(&self.request_hash).map_err(|_| fmt::Error)?)
        })
    }

    /// Length of [`write_authorization`](Self::write_authorization)'s output.
    pub fn authorization_len(&self) -> usize {
        V3_ALGORITHM.len()
            + AUTH_CREDENTIAL.len()
            + self.access_key_id.len()
            + AUTH_HEADERS.len()
            + self.signed_headers_len()
            + AUTH_SIGNATURE.len()
            + 64
    }

    /// Writes the `Authorization` header value.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_authorization<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::AUTHORIZATION, |out| {
            out.write_str(V3_ALGORITHM)?;
            out.write_str(AUTH_CREDENTIAL)?;
            out.write_str(self.access_key_id)?;
            out.write_str(AUTH_HEADERS)?;
            self.signed_headers_to(out)?;
            out.write_str(AUTH_SIGNATURE)?;
            out.write_str(self.signature())
        })
    }
}

/// The lower-cased bytes of a header name.
pub(super) fn lower(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// Writes `name` lower-cased.
#[inline]
fn lowered<F: Flush, const N: usize>(name: &str, out: &mut Chunked<F, N>) -> fmt::Result {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return out.raw(name.as_bytes());
    }
    let mut rest = name.as_bytes();
    while !rest.is_empty() {
        let mut buf = [0u8; 32];
        let n = rest.len().min(buf.len());
        for (d, s) in buf.iter_mut().zip(rest) {
            *d = s.to_ascii_lowercase();
        }
        out.raw(buf.get(..n).unwrap_or_default())?;
        rest = rest.get(n..).unwrap_or_default();
    }
    Ok(())
}
