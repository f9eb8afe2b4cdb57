//! Verifying an `ACS3-HMAC-SHA256` (signature v3) request: the canonical request of
//! spec §3.2 rebuilt from the received query, signed headers and body hash.

use core::fmt;

use super::capacity::MAX_SIGNED_HEADERS;
use super::decoded::DecodedParams;
use super::error::{HeaderName, Part, VerifyError};
use super::verified::{Meta, V3Meta, Verified};
use super::verifier::{Verifier, check_method, check_time, credentials};
use crate::Timestamp;
use crate::signing::digest_text::digest_text;
use crate::signing::v3::{is_token_byte, trimmed_header_value};
use crate::signing::v3_canonical::{
    Hex256, hash_canonical_request, hex, write_canonical_request, write_string_to_sign,
};
use crate::signing::{
    EMPTY_BODY_SHA256, Header, Method, V3_ALGORITHM, V3_RESERVED_PARAMETERS, V3Credentials,
};
use hmac::Mac as _;
use sha2::{Digest as _, Sha256};

/// The body of a received v3 request, or its SHA-256.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Payload<'a> {
    /// The body bytes (empty for none); the verifier hashes them.
    Bytes(&'a [u8]),
    /// The hex SHA-256 of the body, computed by the caller (for a streamed body).
    Sha256Hex(&'a str),
}

/// A received signature v3 request, as a server sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct V3Request<'a> {
    /// The HTTP method, `GET` or `POST`.
    pub method: &'a str,
    /// The request path; RPC-style APIs use `/` only.
    pub path: &'a str,
    /// The raw query string, without the `?`.
    pub query: &'a [u8],
    /// Every received header, names in any case, `Authorization` included (over
    /// HTTP/2, pass the `:authority` pseudo-header as `host`).
    pub headers: &'a [Header<'a>],
    /// The body or its hash.
    pub body: Payload<'a>,
}

/// The headers every v3 request signs (spec §3.2), sorted.
pub const V3_ALWAYS_SIGNED: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// The STS token header, signed whenever present.
const TOKEN_HEADER: &str = "x-acs-security-token";

/// The media type of a form body, whose parameters are decoded with the query's.
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";

/// The one v1 common parameter a v3 query may carry: the Tea SDK may sign it (spec §3.2).
const FORMAT: &str = "Format";

const CREDENTIAL: &str = "Credential=";
const SIGNED_HEADERS: &str = ",SignedHeaders=";
const SIGNATURE: &str = ",Signature=";

/// The names of `SignedHeaders`, in order.
type SignedNames<'a> = heapless::Vec<&'a str, MAX_SIGNED_HEADERS>;

/// The parts of an `Authorization` value, with the offset of the header list.
struct Authorization<'a> {
    access_key_id: &'a str,
    signed_headers: SignedNames<'a>,
    signed_headers_at: usize,
    /// The MAC, decoded from its hex.
    signature: [u8; 32],
}

/// Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let rest = value
        .strip_prefix(V3_ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or(VerifyError::UnsupportedAlgorithm)?;
    let mut at = V3_ALGORITHM.len() + 1;
    let malformed = |at| VerifyError::MalformedAuthorization { at };

    let rest = rest.strip_prefix(CREDENTIAL).ok_or(malformed(at))?;
    at += CREDENTIAL.len();
    let end = rest.find(',').ok_or(malformed(at + rest.len()))?;
    let (access_key_id, rest) = rest.split_at(end);
    if access_key_id.is_empty() || access_key_id.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(malformed(at));
    }
    at += end;

    let rest = rest.strip_prefix(SIGNED_HEADERS).ok_or(malformed(at))?;
    at += SIGNED_HEADERS.len();
    let end = rest.find(',').ok_or(malformed(at + rest.len()))?;
    let (signed_headers, rest) = rest.split_at(end);
    let signed_headers_at = at;
    let signed_headers = signed_header_names(signed_headers, at)?;
    at += end;

    let signature = rest.strip_prefix(SIGNATURE).ok_or(malformed(at))?;
    at += SIGNATURE.len();
    if let Some(bad) = signature
        .bytes()
        .position(|b| !(b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return Err(malformed(at + bad));
    }
    if signature.len() != 64 {
        return Err(malformed(at + signature.len().min(64)));
    }
    let mut tag = [0u8; 32];
    for (byte, pair) in tag.iter_mut().zip(signature.as_bytes().chunks_exact(2)) {
        // Lower-case hex digits (checked above): `0`-`9` hold 0 to 9 in their low bits,
        // `a`-`f` hold 1 to 6 and bit 6.
        *byte = pair
            .iter()
            .fold(0, |acc, &d| acc << 4 | ((d & 0xF) + 9 * (d >> 6)));
    }
    Ok(Authorization {
        access_key_id,
        signed_headers,
        signed_headers_at,
        signature: tag,
    })
}

/// The names of `SignedHeaders` (starting at `at`): at most [`MAX_SIGNED_HEADERS`]
/// non-empty lower-case tokens, strictly increasing, `authorization` not among them.
fn signed_header_names(list: &str, at: usize) -> Result<SignedNames<'_>, VerifyError> {
    // Counted before any name is looked at, so a long list costs one pass over its bytes.
    let count = list.bytes().filter(|&b| b == b';').count() + 1;
    let too_many = VerifyError::TooManySignedHeaders { count };
    if count > MAX_SIGNED_HEADERS {
        return Err(too_many);
    }
    let mut names = SignedNames::new();
    let mut previous: Option<&str> = None;
    let mut offset = at;
    for name in list.split(';') {
        let bad = name.is_empty()
            || !name
                .bytes()
                .all(|b| is_token_byte(b) && !b.is_ascii_uppercase())
            || name == "authorization"
            || previous.is_some_and(|p| p >= name);
        if bad {
            return Err(VerifyError::MalformedAuthorization { at: offset });
        }
        previous = Some(name);
        offset += name.len() + 1;
        names.push(name).map_err(|_| too_many)?;
    }
    Ok(names)
}

/// The received header `name` (lower-case), trimmed: `None` if absent, an error if it
/// occurs twice or holds a control byte.
fn find_header<'a>(headers: &[Header<'a>], name: &str) -> Result<Option<&'a str>, VerifyError> {
    let mut found = None;
    for (index, &(received, value)) in headers.iter().enumerate() {
        if !received.eq_ignore_ascii_case(name) {
            continue;
        }
        if found.is_some() {
            return Err(VerifyError::DuplicateHeader {
                name: HeaderName::new(name),
                index,
            });
        }
        found = Some(checked_value(name, index, value)?);
    }
    Ok(found)
}

/// The value of header `name` (at `index` of the received ones), trimmed as signed.
fn checked_value<'a>(name: &str, index: usize, value: &'a str) -> Result<&'a str, VerifyError> {
    trimmed_header_value(value).ok_or_else(|| VerifyError::MalformedHeader {
        name: HeaderName::new(name),
        index,
    })
}

/// Where a signed header was received: its first occurrence (index and raw value)
/// and the index of a second.
#[derive(Clone, Copy, Default)]
struct Received<'a> {
    first: Option<(usize, &'a str)>,
    again: Option<usize>,
}

/// The signed headers as received: the names of `SignedHeaders`, in order, and their
/// values, trimmed.
struct SignedHeaders<'a> {
    names: SignedNames<'a>,
    /// The value of `names[i]` at `i`; the rest empty.
    values: [&'a str; MAX_SIGNED_HEADERS],
}

impl<'a> SignedHeaders<'a> {
    /// Matches `names` (listed at byte `at` of `Authorization`) to `headers` in one
    /// pass over them: a header that is not signed is refused if `must_sign` it; each
    /// name must be received once with a well-formed value. The errors are
    /// `find_header`'s, for the first name in `SignedHeaders` order that has one.
    fn match_received(
        headers: &[Header<'a>],
        names: SignedNames<'a>,
        mut at: usize,
        must_sign: impl Fn(&str) -> bool,
    ) -> Result<Self, VerifyError> {
        let mut received = [Received::default(); MAX_SIGNED_HEADERS];
        for (index, &(name, value)) in headers.iter().enumerate() {
            // The signed names are distinct: at most one matches.
            let Some((_, signed)) = names
                .iter()
                .zip(&mut received)
                .find(|(signed_name, _)| signed_name.eq_ignore_ascii_case(name))
            else {
                if must_sign(name) {
                    let name = HeaderName::new(name);
                    return Err(VerifyError::ReceivedUnsigned { name, index });
                }
                continue;
            };
            if signed.first.is_none() {
                signed.first = Some((index, value));
            } else if signed.again.is_none() {
                signed.again = Some(index);
            }
        }
        let mut values = [""; MAX_SIGNED_HEADERS];
        for ((&name, received), out) in names.iter().zip(received).zip(&mut values) {
            let Some((index, value)) = received.first else {
                return Err(VerifyError::SignedHeaderMissing {
                    name: HeaderName::new(name),
                    at,
                });
            };
            *out = checked_value(name, index, value)?;
            if let Some(index) = received.again {
                return Err(VerifyError::DuplicateHeader {
                    name: HeaderName::new(name),
                    index,
                });
            }
            at += name.len() + 1;
        }
        Ok(Self { names, values })
    }

    /// Each signed header's name and trimmed value, in `SignedHeaders` order.
    fn iter(&self) -> impl Iterator<Item = Header<'a>> + Clone + '_ {
        self.names.iter().copied().zip(self.values.iter().copied())
    }

    /// The value of a header every request signs, checked by `parse` to be signed:
    /// refused if empty.
    fn required(&self, name: &'static str) -> Result<&'a str, VerifyError> {
        match self.iter().find(|&(signed, _)| signed == name) {
            None => Err(VerifyError::MissingHeader { name }),
            Some((_, "")) => Err(VerifyError::Empty { name }),
            Some((_, value)) => Ok(value),
        }
    }
}

/// Whether a `Content-Type` value names a form body (parameters such as
/// `; charset=utf-8` aside).
fn is_form(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|value| {
        let media_type = value
            .split_once(';')
            .map_or(value, |(media_type, _)| media_type);
        media_type.trim().eq_ignore_ascii_case(FORM_MEDIA_TYPE)
    })
}

/// No v1 common parameter (ASCII case-insensitively) among the decoded ones, except a
/// query `Format` of `json` or `xml`, as the Tea SDK may sign it (spec §3.2).
fn check_parameters<const P: usize, const B: usize>(
    params: &DecodedParams<P, B>,
) -> Result<(), VerifyError> {
    for (key, value, part) in params.iter_with_part() {
        if part == Part::Query && key == FORMAT {
            if !(value.eq_ignore_ascii_case("json") || value.eq_ignore_ascii_case("xml")) {
                return Err(VerifyError::UnsupportedFormat);
            }
            continue;
        }
        if let Some(&name) = V3_RESERVED_PARAMETERS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(key))
        {
            return Err(VerifyError::ReservedParameter { name });
        }
    }
    Ok(())
}

/// A parsed v3 request whose shape, headers, body hash and query are checked.
pub(crate) struct ParsedV3<'a, 'p, const P: usize, const B: usize> {
    method: Method,
    /// The signed headers, in `SignedHeaders` order, values trimmed.
    signed: SignedHeaders<'a>,
    signature: [u8; 32],
    content_sha256: &'a str,
    meta: V3Meta<'a>,
    date: &'a str,
    params: &'p DecodedParams<P, B>,
}

impl<'a, 'p, const P: usize, const B: usize> ParsedV3<'a, 'p, P, B> {
    /// Decodes into `params` and checks everything that needs neither a clock nor a secret.
    pub(crate) fn parse(
        request: &V3Request<'a>,
        verifier: &Verifier<P, B>,
        params: &'p mut DecodedParams<P, B>,
    ) -> Result<Self, VerifyError> {
        let method = check_method(request.method)?;
        if request.path != "/" {
            return Err(VerifyError::UnsupportedPath);
        }
        let headers = request.headers;
        let authorization =
            find_header(headers, "authorization")?.ok_or(VerifyError::MissingHeader {
                name: "authorization",
            })?;
        let authorization = parse_authorization(authorization)?;
        let is_signed = |name: &str| authorization.signed_headers.contains(&name);
        for name in V3_ALWAYS_SIGNED {
            if !is_signed(name) {
                return Err(VerifyError::UnsignedHeader { name });
            }
        }
        let security_token = find_header(headers, TOKEN_HEADER)?;
        if security_token.is_some() && !is_signed(TOKEN_HEADER) {
            return Err(VerifyError::UnsignedHeader { name: TOKEN_HEADER });
        }
        let has_body = match request.body {
            Payload::Bytes(body) => !body.is_empty(),
            Payload::Sha256Hex(hash) => !hash.eq_ignore_ascii_case(EMPTY_BODY_SHA256),
        };
        // What the official signers sign, whenever they send it (see `verify_v3`).
        let strict = !verifier.allows_unsigned_headers();
        let must_sign = |name: &str| {
            let acs = matches!(name.get(..6), Some(p) if p.eq_ignore_ascii_case("x-acs-"));
            strict && (acs || has_body && name.eq_ignore_ascii_case("content-type"))
        };
        // Every signed header is sent, once, without a control byte.
        let signed = SignedHeaders::match_received(
            headers,
            authorization.signed_headers,
            authorization.signed_headers_at,
            must_sign,
        )?;
        let [host, action, content_sha256, date, nonce, version] =
            V3_ALWAYS_SIGNED.map(|name| signed.required(name));
        let (_, action, content_sha256, date, nonce, version) =
            (host?, action?, content_sha256?, date?, nonce?, version?);
        let mismatch = VerifyError::ContentHashMismatch;
        let body_hash = match request.body {
            Payload::Bytes(body) => hex(&Sha256::digest(body).into()),
            Payload::Sha256Hex(text) => Hex256::try_from(text.as_bytes()).map_err(|_| mismatch)?,
        };
        if !content_sha256.as_bytes().eq_ignore_ascii_case(&body_hash) {
            return Err(mismatch);
        }
        params.parse(request.query, Part::Query)?;
        if let Payload::Bytes(body) = request.body {
            if !body.is_empty() && is_form(find_header(headers, "content-type")?) {
                params.parse(body, Part::FormBody)?;
            }
        }
        check_parameters(params)?;
        Ok(Self {
            method,
            signed,
            signature: authorization.signature,
            content_sha256,
            meta: V3Meta {
                access_key_id: authorization.access_key_id,
                action,
                version,
                nonce,
                security_token,
            },
            date,
            params,
        })
    }

    /// Writes the canonical request: `METHOD\n/\n<query>\n<name:value\n…>\n<names>\n<hash>`.
    fn canonical_request<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        // The signature covers the query; a form body is covered by its hash.
        write_canonical_request(
            self.method.as_str(),
            self.params.iter_part(Part::Query),
            self.signed.iter(),
            self.content_sha256,
            out,
        )
    }

    /// Hex SHA-256 of the canonical request, the string-to-sign's second line.
    fn request_hash(&self) -> Result<Hex256, VerifyError> {
        let digest = hash_canonical_request(|out| self.canonical_request(out))
            .map_err(|_| VerifyError::Write)?;
        Ok(hex(&digest))
    }

    /// The checks that need the clock and the secret; the signed time and metadata.
    pub(crate) fn verify<F, S>(
        &self,
        verifier: &Verifier<P, B>,
        now: Timestamp,
        lookup: F,
    ) -> Result<(Timestamp, Meta<'a>), VerifyError>
    where
        F: FnMut(&str) -> Option<S>,
        S: AsRef<str>,
    {
        let timestamp = check_time(self.date, now, verifier.allowed_skew_seconds())?;
        let mut mac = V3Credentials::new(&credentials(self.meta.access_key_id, lookup)?).mac();
        let request_hash = self.request_hash()?;
        digest_text(&mut mac, |out| write_string_to_sign(&request_hash, out))
            .map_err(|_| VerifyError::Write)?;
        // In constant time, by the `hmac` crate.
        mac.verify_slice(&self.signature)
            .map_err(|_| VerifyError::SignatureMismatch)?;
        Ok((timestamp, Meta::V3(self.meta)))
    }
}

impl<const P: usize, const B: usize> Verifier<P, B> {
    /// Verifies a signature v3 (`ACS3-HMAC-SHA256`) request: parses `Authorization`
    /// (at most [`MAX_SIGNED_HEADERS`] signed headers), checks that the always-signed
    /// headers ([`V3_ALWAYS_SIGNED`], and `x-acs-security-token` when sent) are signed,
    /// that no header arrived unsigned that must be signed (below) and every signed
    /// header is sent once, that `x-acs-content-sha256` is the body's SHA-256, decodes
    /// the query and a form body, checks that neither has a v1 common parameter but a
    /// query `Format`, the time window of `x-acs-date`, then looks up the secret and
    /// compares the signature in constant time.
    ///
    /// A body given as [`Payload::Bytes`] whose `Content-Type` is
    /// `application/x-www-form-urlencoded` (the Tea SDK's form `POST`) is decoded with
    /// the query's rules, and its parameters are returned by [`Verified::get`] and
    /// [`Verified::params`] with the query's, in one namespace (a name in both is
    /// refused). Its hash covers it; the canonical request holds the query only. A
    /// body given as [`Payload::Sha256Hex`] is not decoded.
    ///
    /// The query may carry `Format` (exactly so named) set to `json` or `xml` in either
    /// case: TeaCore signs it as an ordinary query parameter when the caller sets it
    /// through `global_parameters` or `extends_parameters` (spec §3.2), and it is
    /// returned by [`Verified::get`]. Any other v1 common parameter
    /// ([`V3_RESERVED_PARAMETERS`]), any other `Format` value, or a `Format` in the
    /// body is never sent by the SDKs and is refused.
    ///
    /// The official signers sign every `x-acs-*` header they send, and `Content-Type`
    /// (Go and Java sign `host`, `content-type` and each `x-acs-*` header, Python each
    /// header it sets). So by default an `x-acs-*` header, or a `Content-Type` with a
    /// non-empty body, that `SignedHeaders` does not list is refused
    /// ([`VerifyError::ReceivedUnsigned`]): whoever read it would trust what nobody
    /// signed. Other headers (`accept-encoding`, `content-length`, a proxy's) may
    /// arrive unsigned; [`allow_unsigned_headers`](Self::allow_unsigned_headers)
    /// accepts these too (but never an unsigned `x-acs-security-token`).
    ///
    /// Header values are trimmed, as the signer trims them. The signature must be
    /// lower-case hex, as the signer writes it. `lookup` is used as by
    /// [`verify_rpc`](Self::verify_rpc); the HMAC-SHA256 key is derived from the
    /// secret alone and wiped on drop.
    ///
    /// # Errors
    /// The first check that fails, in the order above; see [`VerifyError`].
    pub fn verify_v3<'a, F, S>(
        &self,
        request: &V3Request<'a>,
        now: Timestamp,
        lookup: F,
    ) -> Result<Verified<'a, P, B>, VerifyError>
    where
        F: FnMut(&str) -> Option<S>,
        S: AsRef<str>,
    {
        Verified::check(|params| ParsedV3::parse(request, self, params)?.verify(self, now, lookup))
    }

    /// Writes the canonical request the server computes for `request` (spec §3.2),
    /// to compare with the client's. Needs no secret and no clock.
    ///
    /// # Errors
    /// What [`verify_v3`](Self::verify_v3) reports for a malformed request, or
    /// [`VerifyError::Write`] if `out` fails.
    pub fn write_v3_canonical_request<W: fmt::Write + ?Sized>(
        &self,
        request: &V3Request<'_>,
        out: &mut W,
    ) -> Result<(), VerifyError> {
        ParsedV3::parse(request, self, &mut DecodedParams::new())?
            .canonical_request(out)
            .map_err(|_| VerifyError::Write)
    }

    /// Writes the string-to-sign the server computes for `request`,
    /// `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`.
    ///
    /// # Errors
    /// As [`write_v3_canonical_request`](Self::write_v3_canonical_request).
    pub fn write_v3_string_to_sign<W: fmt::Write + ?Sized>(
        &self,
        request: &V3Request<'_>,
        out: &mut W,
    ) -> Result<(), VerifyError> {
        let request_hash =
            ParsedV3::parse(request, self, &mut DecodedParams::new())?.request_hash()?;
        write_string_to_sign(&request_hash, out).map_err(|_| VerifyError::Write)
    }
}
