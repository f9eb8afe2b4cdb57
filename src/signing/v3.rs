//! Signature v3, `ACS3-HMAC-SHA256`, for any `Action` and `Version`, without
//! allocation (spec §3.2).
//!
//! The query carries only the API parameters; the request metadata travels in
//! headers (`host`, `x-acs-action`, `x-acs-version`, `x-acs-date`,
//! `x-acs-signature-nonce`, `x-acs-content-sha256`, and `x-acs-security-token` with STS
//! credentials), all of them signed, plus any extra headers the caller chooses.
//!
//! 1. Canonical request = `METHOD\n/\n<canonical query>\n<"name:value\n" per signed
//!    header, names lower-cased and sorted, values trimmed>\n<names joined by ;>\n<body hash>`.
//! 2. String-to-sign = `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
//! 3. Signature = hex(HMAC-SHA256(AccessKeySecret, string-to-sign)): the key is the
//!    secret alone, without v1's `&`.
//! 4. `Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<names>,Signature=<hex>`.
//!
//! The canonical query uses the same percent-encoder as v1 and the wire.
//!
//! # What the signer refuses, and why
//!
//! The canonical query is percent-encoded, so no parameter can break its shape; but a
//! v3 query parameter named like a v1 common parameter (`Action`, `Version`,
//! `Signature`, `Timestamp`, … — [`V3_RESERVED_PARAMETERS`]) would give the gateway two
//! sources for the same input (`Action=X` in the query next to `x-acs-action: Y`, or a
//! v1 signature's parameters next to a v3 `Authorization`), and which one it honours
//! is not ours to know. Spec §3.2: in v3 the query carries *only* the API parameters.
//! So those names are refused, ASCII case-insensitively (no API parameter differs from
//! them only in case, and a gateway that folds case would see the same clash).
//! `RegionId` stays allowed: it is an ordinary API parameter of many actions, and v3
//! has no header for it.
//!
//! Header names and values go into the canonical request raw, one `name:value` per
//! line and names joined by `;`. A name that is not an HTTP token (RFC 9110: no `:`,
//! `;`, space or control byte) or a value with a control byte (a line break) could
//! make two different header sets produce the same canonical request, so both are
//! refused ([`SignError::BadHeader`]), as is an extra `Authorization` header, which is
//! the signer's own output.

use core::fmt;

use super::chunk::Chunked;
use super::lanes::any_in_groups;
use super::params::SortedParams;
use super::sha256::Sha256Stream;
use super::v3_credentials::V3SigningKey;
use super::v3_signed::{FixedHeaders, lower, string_to_sign, write_hex};
use super::{Method, SignError, Timestamp};

pub use super::v3_signed::SignedV3;

/// `ACS3-HMAC-SHA256`, the algorithm name.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// Hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// How many extra signed headers [`V3Signer::sign`] accepts.
pub const MAX_EXTRA_HEADERS: usize = 8;

/// The query parameter names [`V3Signer::sign`] refuses (compared ASCII
/// case-insensitively): the v1 common parameters, whose inputs v3 carries in headers
/// or does not use.
///
/// In v3 the query carries only the API parameters (spec §3.2). `Action=X` in the
/// query next to `x-acs-action: Y`, or v1 signature parameters next to a v3
/// `Authorization`, would give the gateway two sources for one input, and which it
/// honours is not ours to know. `RegionId` is not among them: it is an ordinary API
/// parameter of many actions, and v3 has no header for it.
pub const V3_RESERVED_PARAMETERS: [&str; 11] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// The 64 lower-case hex digits of a SHA-256 value.
pub type Hex256 = [u8; 64];

/// The body hash that goes into `x-acs-content-sha256` and the canonical request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum BodyHash<'a> {
    /// No body (GET, or POST with every parameter in the query).
    #[default]
    Empty,
    /// The caller's hex SHA-256 of the body (for a form body), lower-case.
    Hex(&'a str),
}

/// A header name and value, as signed and sent.
pub type Header<'s> = (&'s str, &'s str);

/// A signature v3 signer for one `Action` of one API `Version` at one host.
///
/// ```
/// use mts_codec::signing::{BodyHash, Credentials, Method, Params, V3Signer};
/// use mts_codec::Timestamp;
///
/// // Spec §3.2: the six headers, the `SnapshotJobIds` query, secret `testsecret`.
/// let creds = Credentials::new("testid", "testsecret")?;
/// let mut params = Params::<1>::new();
/// params.insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002")?;
/// let signer = V3Signer::new("QuerySnapshotJobList", "2014-06-18", "mts.cn-shanghai.aliyuncs.com")
///     .method(Method::Post);
/// let time = Timestamp::parse("2024-01-01T00:00:00Z")?;
/// let signed = signer.sign(&params, &[], BodyHash::Empty, &creds, time, "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f")?;
/// assert_eq!(signed.signature(), "212c43d6106cafbb4282f0339e41da98a14e06a3f6a5201da760e4b58c77a97d");
///
/// let mut auth = heapless::String::<256>::new();
/// signed.write_authorization(&mut auth)?;
/// assert_eq!(auth.len(), signed.authorization_len());
/// assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct V3Signer<'a> {
    pub(super) action: &'a str,
    pub(super) version: &'a str,
    pub(super) host: &'a str,
    pub(super) method: Method,
    /// Whether `action`, `version` and `host` are header values with nothing to trim
    /// and no control byte (a function of them, so equality is unchanged): checked
    /// once, here, instead of on every signature.
    pub(super) names_plain: bool,
}

impl fmt::Debug for V3Signer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3Signer")
            .field("action", &self.action)
            .field("version", &self.version)
            .field("host", &self.host)
            .field("method", &self.method)
            .finish()
    }
}

/// Whether `checked_value(value)` is `Ok(value)`, decided by a `const fn` (one byte at
/// a time, with `checked_value`'s own byte tests): both ends visible ASCII, no control
/// byte between. `false` can be pessimistic (a value `checked_value` would trim); then
/// the signer checks it.
const fn plain_header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if !(visible(first) && visible(last)) {
        return false;
    }
    let mut rest = bytes;
    while let [b, tail @ ..] = rest {
        if control(*b) {
            return false;
        }
        rest = tail;
    }
    true
}

/// Visible ASCII: no trimming at this end.
#[inline(always)]
const fn visible(b: u8) -> bool {
    b > b' ' && b < 0x7f
}

/// A control byte other than tab (DEL included): refused in a header value. (Bitwise
/// `&` and `|`, no branches: [`has_control`] classifies 16 lanes at once with it.)
#[inline(always)]
const fn control(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t')) | (b == 0x7f)
}

/// Bytes gathered before hashing: sixteen SHA-256 blocks, so that a 10-id canonical
/// request (about 800 bytes) is hashed in one run of blocks. (Measured against 512:
/// about 110 instructions fewer per signature, the hand-on and the split copy of the
/// piece that did not fit, for 512 more bytes of zeroed stack.)
const HASH_CHUNK: usize = 1024;

impl<'a> V3Signer<'a> {
    /// A signer for `action` of API `version`, sent to `host`, method `POST`.
    pub const fn new(action: &'a str, version: &'a str, host: &'a str) -> Self {
        Self {
            action,
            version,
            host,
            method: Method::Post,
            names_plain: plain_header_value(action)
                && plain_header_value(version)
                && plain_header_value(host),
        }
    }

    /// Sets the HTTP method.
    #[must_use]
    pub const fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Signs `params` (the query) and the headers, with `extra_headers` signed too
    /// (names in any case, values trimmed), at `timestamp` with `nonce`.
    ///
    /// `credentials` is a [`V3Credentials`](super::V3Credentials), whose HMAC-SHA256
    /// is keyed once (use it for anything that signs more than once), or plain
    /// [`Credentials`](super::Credentials), keyed on each call (two SHA-256
    /// compressions more). Both give the same signature.
    ///
    /// # Errors
    /// An empty nonce, action or version; a parameter named in
    /// [`V3_RESERVED_PARAMETERS`] ([`SignError::ReservedParameter`]); an unsorted
    /// parameter source; more than [`MAX_EXTRA_HEADERS`] extra headers, an extra
    /// header that repeats a signed one or is `Authorization`, a header name that is
    /// not an HTTP token, or a header value (trimmed) with a control byte
    /// ([`SignError::BadHeader`]).
    pub fn sign<'s, P: SortedParams + ?Sized, K: V3SigningKey + ?Sized>(
        &self,
        params: &'s P,
        extra_headers: &[Header<'s>],
        body: BodyHash<'s>,
        credentials: &'s K,
        timestamp: Timestamp,
        nonce: &'s str,
    ) -> Result<SignedV3<'s, P>, SignError>
    where
        'a: 's,
    {
        super::rpc::check_required(self.action, self.version, nonce)?;
        if extra_headers.len() > MAX_EXTRA_HEADERS {
            return Err(SignError::BadHeader);
        }
        // The signer's own values were checked when it was made, if they could be.
        let own = |value| {
            if self.names_plain {
                Ok(value)
            } else {
                checked_value(value)
            }
        };
        let fixed = FixedHeaders {
            host: own(self.host)?,
            action: own(self.action)?,
            content_sha256: match body {
                BodyHash::Empty => EMPTY_BODY_SHA256,
                BodyHash::Hex(hex) => checked_value(hex)?,
            },
            security_token: match credentials.v3_security_token() {
                Some(token) => Some(checked_value(token)?),
                None => None,
            },
            nonce: checked_value(nonce)?,
            version: own(self.version)?,
        };
        let mut signed = SignedV3 {
            signer: *self,
            access_key_id: credentials.v3_access_key_id(),
            timestamp: timestamp.to_bytes(),
            params,
            fixed,
            extra: None,
            request_hash: [b'0'; 64],
            signature: [b'0'; 64],
        };
        // Filled in place, as the hashes are: the value is returned by copy.
        if !extra_headers.is_empty() {
            let extra = signed.extra.insert(heapless::Vec::new());
            sorted_extras(extra_headers, &signed.fixed, extra)?;
        }
        // One pass over the parameters both checks them and hashes the canonical request.
        let mut error = None;
        let mut hasher = Chunked::<_, HASH_CHUNK>::new(Sha256Stream::new());
        let mut checked = Checked {
            params: params.sorted_values(),
            previous: None,
            index: 0,
            error: &mut error,
        };
        // By reference: by value, the ~190-byte iterator was copied into the writer's
        // frame (a `memcpy` call, 22 instructions per signature, measured).
        signed
            .canonical_request(&mut checked, &mut hasher)
            .map_err(|_| SignError::Mac)?;
        if let Some(error) = error {
            return Err(error);
        }
        let digest = hasher.finish_with(|sha, tail| sha.finish(tail));
        write_hex(&digest, &mut signed.request_hash);
        let sts = string_to_sign(&signed.request_hash);
        let mac = credentials.with_v3_key(|key| key.mac(&sts));
        write_hex(&mac, &mut signed.signature);
        Ok(signed)
    }
}

/// Fills `extra` (empty) with `extra_headers`, values trimmed and checked, sorted by
/// lower-cased name; refuses a name that is not an HTTP token, `Authorization`, and
/// one that repeats a signed header.
fn sorted_extras<'s>(
    extra_headers: &[Header<'s>],
    fixed: &FixedHeaders<'s>,
    extra: &mut heapless::Vec<Header<'s>, MAX_EXTRA_HEADERS>,
) -> Result<(), SignError> {
    for &(name, value) in extra_headers {
        let is_token = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if name.is_empty() || !is_token || name.eq_ignore_ascii_case("authorization") {
            return Err(SignError::BadHeader);
        }
        if fixed
            .names()
            .any(|signed| signed.eq_ignore_ascii_case(name))
        {
            return Err(SignError::BadHeader);
        }
        let mut at = extra.len();
        for (i, (signed, _)) in extra.iter().enumerate() {
            if signed.eq_ignore_ascii_case(name) {
                return Err(SignError::BadHeader);
            }
            if at == extra.len() && lower(signed).gt(lower(name)) {
                at = i;
            }
        }
        extra
            .insert(at, (name, checked_value(value)?))
            .map_err(|_| SignError::BadHeader)?;
    }
    Ok(())
}

/// `value` trimmed, if it holds no control byte but tabs.
#[inline]
fn checked_value(value: &str) -> Result<&str, SignError> {
    // `trim` decodes characters; skip it when both ends are visible ASCII.
    let visible = |b: Option<&u8>| b.is_some_and(|&b| visible(b));
    let bytes = value.as_bytes();
    let value = if visible(bytes.first()) && visible(bytes.last()) {
        value
    } else {
        value.trim()
    };
    if has_control(value.as_bytes()) {
        return Err(SignError::BadHeader);
    }
    Ok(value)
}

/// Whether `bytes` holds a control byte other than tab (DEL included): sixteen
/// branch-free lanes at a time ([`any_in_groups`]).
#[inline]
fn has_control(bytes: &[u8]) -> bool {
    #[inline(always)]
    fn group(g: &[u8; 16]) -> bool {
        g.iter().fold(0, |any, &b| any | u8::from(control(b))) != 0
    }
    any_in_groups(bytes, group, control)
}

/// The reserved name `key` matches, ASCII case-insensitively, if any.
#[inline]
fn reserved(key: &str) -> Option<&'static str> {
    if !(6..=16).contains(&key.len()) {
        return None;
    }
    V3_RESERVED_PARAMETERS
        .iter()
        .find(|r| r.len() == key.len() && r.eq_ignore_ascii_case(key))
        .copied()
}

/// The parameters of a source, checked on the way (no reserved name, strictly
/// increasing keys). Stops at the first problem and leaves it in `error`.
struct Checked<'e, 'x, I> {
    params: I,
    previous: Option<&'x str>,
    index: usize,
    error: &'e mut Option<SignError>,
}

impl<'x, V, I: Iterator<Item = (&'x str, V)>> Iterator for Checked<'_, 'x, I> {
    type Item = (&'x str, V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.error.is_some() {
            return None;
        }
        let (key, value) = self.params.next()?;
        if let Some(name) = reserved(key) {
            *self.error = Some(SignError::ReservedParameter { name });
            return None;
        }
        if self.previous.is_some_and(|p| p >= key) {
            *self.error = Some(SignError::UnsortedParams { after: self.index });
            return None;
        }
        self.previous = Some(key);
        self.index += 1;
        Some((key, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_header_values_are_what_checked_value_leaves_alone() {
        let values = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "a b",
            "a\tb",
            "\ta",
            "a\u{7f}",
            "a\nb",
            "mts.cn-hangzhou.aliyuncs.com",
            "2014-06-18",
            "é",
            "aé",
            "éa",
            "~",
            "\u{1}x",
        ];
        for value in values {
            if plain_header_value(value) {
                assert_eq!(checked_value(value), Ok(value), "{value:?}");
            }
        }
        assert!(plain_header_value("QuerySnapshotJobList"));
        assert!(plain_header_value("a\tb"));
        assert!(!plain_header_value("a\nb"));
        assert!(!plain_header_value(" a"));
        let signer = V3Signer::new("A", "v", "h");
        assert!(signer.names_plain);
        assert!(!V3Signer::new("A", "v", "h\n").names_plain);
    }

    #[test]
    fn control_bytes_are_found_at_every_length_and_position() {
        for len in 0..50 {
            let mut text = [b'a'; 50];
            assert!(!has_control(&text[..len]));
            for at in 0..len {
                for (b, control) in [(b'\n', true), (0x7f, true), (0, true), (b'\t', false)] {
                    text[at] = b;
                    assert_eq!(
                        has_control(&text[..len]),
                        control,
                        "len {len} at {at} {b:#x}"
                    );
                    text[at] = b'a';
                }
            }
        }
    }
}
