//! The check behind the cargo-fuzz target `verify`: the request verifier
//! (`mts_codec::verify`) against hostile requests, against an independent model of its
//! rules, and against the signer. An input whose first byte is 0 is the structured half
//! (the rest feeds `arbitrary`); any other input is a hostile request written as HTTP
//! text (see [`Wire`]).
//!
//! # Every verification (both halves)
//!
//! Each `verify_rpc` / `verify_v3` call goes through [`check_v1`] or [`check_v3`], which
//! assert, besides "no panic" (libFuzzer adds: no hang, no leak, no runaway memory):
//! - every refusal has a non-empty `Display`, and its byte offsets lie inside the part
//!   they count in;
//! - v1: the outcome equals a reference model written from the module docs
//!   ([`v1_model`]): a textbook decoder of the query and form body, the common
//!   parameters in order, the reference string-to-sign and HMAC-SHA1 of
//!   `mts-codec-oracles`. The model names the exact error, but for a list the decoder
//!   refuses or that exceeds the capacities, where only the kind of error is fixed;
//!   `write_rpc_string_to_sign` writes the reference string-to-sign whenever the
//!   request is well formed;
//! - v3: the verifier passes its parse stage exactly when a reference reading of the
//!   rules of `verify_v3` accepts the request ([`v3_reference`]); then
//!   `write_v3_canonical_request` equals the canonical request rebuilt from spec §3.2
//!   with the reference decoder and encoder, and the outcome (time window, key lookup,
//!   HMAC-SHA256 of the reference string-to-sign) is the reference's;
//! - what verifies returns the reference's parameters, key, action, version, nonce,
//!   time and token.
//!
//! # The hostile half
//!
//! The text is read as a request and given to both verifiers, modelled as above with
//! the default capacities and a wide time window (v3 with unsigned headers refused and
//! allowed: allowing them refuses nothing more). Checked against those, not modelled
//! again: small capacities and the default window, which never accept what the wide
//! verifier refuses nor return other parameters, and (v3) the body's SHA-256 given in
//! place of the body, which verifies as the body does unless the body is a form (only
//! `Payload::Bytes` is decoded). The seeds are the signed requests of `tests/vectors/`
//! and `tests/vectors_v3/`, the Tea SDK's wire captures included, so mutations start
//! from requests that verify.
//!
//! # The structured half
//!
//! A request is signed by the crate's signer (v1: GET query, POST query, or a form
//! POST split between query and body, `+` or `%20` for spaces; v3: GET or POST, query
//! parameters, signed extra headers, no body, a form body or an opaque one, a token or
//! none, header names in any case, values padded with spaces and tabs, unsigned headers
//! added, headers in any order, unsigned headers refused or allowed), with fuzz-chosen
//! names, values, secrets and times, and verified with a lookup that knows only its key.
//! It must verify, returning what was signed, except where the signer signs what the
//! verifier documents it refuses: a time more than 15 minutes from "now"; v1: a
//! non-empty `SignatureType`; v3: an access key id with `,`, a space or a control byte
//! (it cannot be parsed back out of `Authorization`), a host, action, version or nonce
//! that is empty once trimmed, a form body that is not a well-formed list or repeats a
//! query parameter or names a v1 common parameter; either: more parameters or decoded
//! bytes than the verifier's capacities.
//!
//! Then up to four edits, each applied alone to the received request: one byte
//! replaced, inserted or deleted in the query, the body, the signature (v1's
//! `Signature` value, the last 64 bytes of v3's `Authorization`), the method, the
//! path, a header's name or value (`Authorization` included); a header removed,
//! repeated or added; the method swapped; v1's query and body swapped. An edited request must verify, with the very same result, exactly when it
//! carries the same signed content, and be refused otherwise:
//! - v1: the same method, and the same decoded parameter list (query and body
//!   together, `Signature` included). The only one-byte edits that keep it flip the
//!   case of a hex letter in a `%XX` escape, which RFC 3986 makes equivalent; swapping
//!   query and body keeps it too.
//! - v3: the same method, path `/`, decoded query and body bytes; exactly one
//!   `Authorization` and one of each signed header, with the same value once trimmed
//!   (so a header name's ASCII case, and the whitespace around a value, are free);
//!   and no header the verifier refuses unsigned: `x-acs-security-token` ever, and
//!   unless unsigned headers are allowed, any `x-acs-*` header or a `Content-Type`
//!   with a body. Any other unsigned header may come, go or change. Where unsigned
//!   headers are allowed and an unsigned `Content-Type` arrives with a body, the body
//!   may be read as a form or not: the outcome is then the model's alone.
//!
//! A request refused before the edit stays refused after it.

use arbitrary::Unstructured;
use hmac::Mac as _;
use mts_codec::Timestamp;
use mts_codec::signing::{
    BodyHash, Credentials, EMPTY_BODY_SHA256, Method, Params, RpcSigner, V3Signer,
};
use mts_codec::verify::{
    DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_PARAMETERS, Part, Payload, RpcRequest, V3Request,
    Verifier, VerifyError,
};
use sha2::{Digest as _, Sha256};

use mts_codec_oracles::reference_v1::{percent_encode, signature_of};

/// Runs one input: the structured half if it starts with 0, else the hostile half.
pub fn verify(data: &[u8]) {
    match data.split_first() {
        Some((0, rest)) => {
            let mut u = Unstructured::new(rest);
            // Running out of bytes ends the input early; that is not a finding.
            let _ = if u.arbitrary::<bool>().unwrap_or(false) {
                v3_roundtrip(&mut u)
            } else {
                v1_roundtrip(&mut u)
            };
        }
        _ => {
            let _ = hostile(data);
        }
    }
}

// ---- what a verification returned ------------------------------------------------------

/// What a verified request says, owned, to compare verifications.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Outcome {
    pub access_key_id: String,
    pub action: String,
    pub version: String,
    pub nonce: String,
    pub time: i64,
    pub token: Option<String>,
    /// Every parameter `Verified::params` gives, sorted by name.
    pub params: Vec<(String, String)>,
}

fn outcome<const P: usize, const B: usize>(v: &mts_codec::verify::Verified<'_, P, B>) -> Outcome {
    let params: Vec<(String, String)> = v
        .params()
        .map(|(k, val)| (k.to_owned(), val.to_owned()))
        .collect();
    for (k, val) in &params {
        assert_eq!(
            v.get(k),
            Some(val.as_str()),
            "get({k:?}) disagrees with params()"
        );
    }
    assert!(
        params.windows(2).all(|w| w[0].0 < w[1].0),
        "params() not sorted by name or repeated: {params:?}"
    );
    assert!(!v.nonce().is_empty(), "a verified nonce is never empty");
    let debug = format!("{v:?}");
    assert_eq!(
        debug.contains(r#"security_token: Some("<redacted>")"#),
        v.security_token().is_some(),
        "the token in Debug: {debug}"
    );
    Outcome {
        access_key_id: v.access_key_id().to_owned(),
        action: v.action().to_owned(),
        version: v.api_version().to_owned(),
        nonce: v.nonce().to_owned(),
        time: v.timestamp().unix_seconds(),
        token: v.security_token().map(str::to_owned),
        params,
    }
}

/// A refusal must say something.
fn check_error(error: &VerifyError) {
    assert!(!error.to_string().is_empty(), "empty Display for {error:?}");
}

// ---- the reference decoder --------------------------------------------------------------

/// Decodes one name or value by the module docs' rules: `%XX` in either case, `+` as a
/// space, no control byte, space or DEL unencoded, UTF-8 once decoded.
fn reference_text(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b if b <= b' ' || b == 0x7f => return None,
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Decodes a `name=value&…` list (empty for no bytes): every segment non-empty, with
/// `=` after a non-empty name. `None` where the rules refuse it.
fn reference_list(raw: &[u8]) -> Option<Vec<(String, String)>> {
    if raw.is_empty() {
        return Some(Vec::new());
    }
    raw.split(|&b| b == b'&')
        .map(|segment| {
            let eq = segment.iter().position(|&b| b == b'=')?;
            if eq == 0 {
                return None;
            }
            Some((
                reference_text(&segment[..eq])?,
                reference_text(&segment[eq + 1..])?,
            ))
        })
        .collect()
}

/// A decoded parameter and the part it came from.
type Param = (String, String, Part);

/// The parameters of a query and an optional body in one namespace, or why not.
fn reference_params(query: &[u8], body: Option<&[u8]>) -> Result<Vec<Param>, &'static str> {
    // The query comes without the URL's `?`; one left on is refused by name.
    if query.starts_with(b"?") {
        return Err("malformed query");
    }
    let mut all: Vec<Param> = reference_list(query)
        .ok_or("malformed query")?
        .into_iter()
        .map(|(k, v)| (k, v, Part::Query))
        .collect();
    if let Some(body) = body {
        let body = reference_list(body).ok_or("malformed form body")?;
        all.extend(body.into_iter().map(|(k, v)| (k, v, Part::FormBody)));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    if all.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err("parameter repeated");
    }
    Ok(all)
}

/// Whether `params` exceed `P` parameters or `B` decoded bytes.
fn over_capacity<const P: usize, const B: usize>(params: &[Param]) -> bool {
    params.len() > P
        || params
            .iter()
            .map(|(k, v, _)| k.len() + v.len())
            .sum::<usize>()
            > B
}

/// The sorted `(name, value)` pairs of `params`, less `skip`.
fn pairs_without(params: &[Param], skip: &str) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|(k, _, _)| k != skip)
        .map(|(k, v, _)| (k.clone(), v.clone()))
        .collect()
}

/// The reference canonical query: sorted pairs, each side percent-encoded.
fn reference_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The request time against "now", as the module docs state the window.
fn reference_time(text: &str, now: Timestamp, max: u32) -> Result<Timestamp, VerifyError> {
    let time = Timestamp::parse(text).map_err(|error| VerifyError::BadTimestamp { error })?;
    let skew_seconds = time.unix_seconds() - now.unix_seconds();
    if skew_seconds.unsigned_abs() > u64::from(max) {
        return Err(VerifyError::TimestampOutsideWindow {
            skew_seconds,
            allowed_seconds: max,
        });
    }
    Ok(time)
}

/// The secret the lookup gives, as the signer would take it.
fn reference_secret(
    id: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, VerifyError> {
    let secret = lookup(id).ok_or(VerifyError::UnknownAccessKey)?;
    Credentials::new(id, &secret).map_err(|error| VerifyError::BadSecret { error })?;
    Ok(secret)
}

// ---- v1 ---------------------------------------------------------------------------------

/// What the v1 model expects.
#[derive(Debug)]
enum Expect {
    /// Exactly this result.
    Exactly(Result<(), VerifyError>),
    /// The decoder refuses the list, or it exceeds the capacities (`capacity_only`):
    /// one of the parse errors, whichever the verifier meets first.
    ParseError { capacity_only: bool },
}

const V1_REQUIRED: [&str; 8] = [
    "AccessKeyId",
    "Action",
    "Version",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

/// The v1 rules of the module docs, step by step; with the expected string-to-sign
/// when the request is well formed.
fn v1_model<const P: usize, const B: usize>(
    verifier: &Verifier<P, B>,
    request: &RpcRequest<'_>,
    now: Timestamp,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> (Expect, Option<String>) {
    let exactly = |e| (Expect::Exactly(Err(e)), None);
    let method = request.method;
    if method != "GET" && method != "POST" {
        return exactly(VerifyError::UnsupportedMethod);
    }
    let Ok(params) = reference_params(request.query, request.form_body) else {
        return (
            Expect::ParseError {
                capacity_only: false,
            },
            None,
        );
    };
    if over_capacity::<P, B>(&params) {
        return (
            Expect::ParseError {
                capacity_only: true,
            },
            None,
        );
    }
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.as_str())
    };
    for name in V1_REQUIRED {
        match get(name) {
            None => return exactly(VerifyError::MissingParameter { name }),
            Some("") => return exactly(VerifyError::Empty { name }),
            Some(_) => {}
        }
    }
    let value = |name| get(name).unwrap_or_default();
    if value("SignatureMethod") != "HMAC-SHA1" {
        return exactly(VerifyError::UnsupportedSignatureMethod);
    }
    if value("SignatureVersion") != "1.0" {
        return exactly(VerifyError::UnsupportedSignatureVersion);
    }
    if get("SignatureType").is_some_and(|t| !t.is_empty()) {
        return exactly(VerifyError::UnsupportedSignatureType);
    }
    let query = reference_query(&pairs_without(&params, "Signature"));
    let string_to_sign = format!("{method}&%2F&{}", percent_encode(&query));
    let result = (|| {
        reference_time(value("Timestamp"), now, verifier.allowed_skew_seconds())?;
        let secret = reference_secret(value("AccessKeyId"), lookup)?;
        if signature_of(&string_to_sign, &secret) != value("Signature") {
            return Err(VerifyError::SignatureMismatch);
        }
        Ok(())
    })();
    (Expect::Exactly(result), Some(string_to_sign))
}

/// Verifies a v1 request and checks the result against [`v1_model`].
pub fn check_v1<const P: usize, const B: usize>(
    verifier: &Verifier<P, B>,
    request: &RpcRequest<'_>,
    now: Timestamp,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Outcome, VerifyError> {
    let result = verifier.verify_rpc(request, now, |id: &str| lookup(id));
    let mut written = String::new();
    let write = verifier.write_rpc_string_to_sign(request, &mut written);
    let (expect, string_to_sign) = v1_model(verifier, request, now, lookup);
    let got = result.as_ref().map(|_| ()).map_err(|e| *e);
    match &expect {
        Expect::Exactly(want) => assert_eq!(got, *want, "verify_rpc: {request:?}"),
        Expect::ParseError { capacity_only } => {
            let error = got.expect_err("the model refuses the list");
            let capacity = matches!(
                error,
                VerifyError::TooManyParameters { .. } | VerifyError::TooLarge { .. }
            );
            let parse = matches!(
                error,
                VerifyError::Malformed { .. }
                    | VerifyError::NotUtf8 { .. }
                    | VerifyError::DuplicateParameter { .. }
            );
            assert!(
                capacity || (parse && !capacity_only),
                "{error:?} for a list the model refuses ({expect:?}): {request:?}"
            );
        }
    }
    match (&string_to_sign, &write) {
        (Some(sts), Ok(())) => assert_eq!(&written, sts, "write_rpc_string_to_sign"),
        (None, Err(error)) => assert_eq!(Err(error), got.as_ref(), "write vs verify"),
        _ => panic!("write_rpc_string_to_sign gave {write:?}, the model {string_to_sign:?}"),
    }
    let result = result.map(|v| outcome(&v));
    match &result {
        Err(error) => {
            check_error(error);
            check_offsets(error, request.query, request.form_body.unwrap_or_default());
        }
        Ok(o) => {
            let params =
                reference_params(request.query, request.form_body).expect("the model accepted it");
            assert_eq!(o.params, pairs_without(&params, "Signature"));
            let get = |name: &str| o.params.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            assert_eq!(Some(&o.access_key_id), get("AccessKeyId"));
            assert_eq!(Some(&o.action), get("Action"));
            assert_eq!(Some(&o.version), get("Version"));
            assert_eq!(Some(&o.nonce), get("SignatureNonce"));
            assert_eq!(o.token.as_ref(), get("SecurityToken"));
        }
    }
    result
}

/// Byte offsets of a refusal lie within the part they count in.
fn check_offsets(error: &VerifyError, query: &[u8], body: &[u8]) {
    let len = |part: &Part| match part {
        Part::Query => query.len(),
        Part::FormBody => body.len(),
    };
    if let VerifyError::Malformed { part, at, .. }
    | VerifyError::NotUtf8 { part, at }
    | VerifyError::DuplicateParameter { part, at } = error
    {
        assert!(*at <= len(part), "{error:?} beyond the {part:?}");
    }
}

// ---- v3 ---------------------------------------------------------------------------------

/// The headers every v3 request signs, from spec §3.2 (not the crate's constant).
const ALWAYS_SIGNED: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// The v1 common parameters a v3 request carries elsewhere (compared ASCII
/// case-insensitively); `Format` may be in the query as `json` or `xml`.
const V1_COMMON: [&str; 11] = [
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

const FORM: &str = "application/x-www-form-urlencoded";

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hmac_sha256_hex(key: &str, text: &str) -> String {
    let mut mac = <hmac::Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(text.as_bytes());
    sha256_hex_of(&mac.finalize().into_bytes())
}

fn sha256_hex_of(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn has_control(value: &str) -> bool {
    value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f)
}

/// Whether a `Content-Type` names a form body, parameters aside.
fn reference_is_form(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|media| media.trim().eq_ignore_ascii_case(FORM))
    })
}

/// What the reference reads from a v3 request that follows every rule.
#[derive(Debug)]
struct V3Reference {
    canonical: String,
    access_key_id: String,
    signature: String,
    date: String,
    action: String,
    version: String,
    nonce: String,
    token: Option<String>,
    params: Vec<(String, String)>,
}

/// The rules of `verify_v3`'s docs that need no clock and no secret, read from the
/// request with no code of the crate: the reading, or the first rule broken.
fn v3_reference<const P: usize, const B: usize>(
    request: &V3Request<'_>,
    strict: bool,
) -> Result<V3Reference, String> {
    if request.method != "GET" && request.method != "POST" {
        return Err("method".into());
    }
    if request.path != "/" {
        return Err("path".into());
    }
    let headers = request.headers;
    let named = |name: &str| -> Vec<&str> {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect()
    };
    // At most one, without a control byte once trimmed.
    let at_most_one = |name: &str| -> Result<Option<&str>, String> {
        match named(name)[..] {
            [] => Ok(None),
            [value] if !has_control(value) => Ok(Some(value)),
            [_] => Err(format!("{name}: control byte")),
            _ => Err(format!("{name}: repeated")),
        }
    };
    let authorization = at_most_one("authorization")?.ok_or("no authorization")?;
    let rest = authorization
        .strip_prefix("ACS3-HMAC-SHA256 Credential=")
        .ok_or("authorization: prefix")?;
    let (id, rest) = rest.split_once(',').ok_or("authorization: no `,`")?;
    if id.is_empty() || id.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err("authorization: credential".into());
    }
    let rest = rest
        .strip_prefix("SignedHeaders=")
        .ok_or("authorization: SignedHeaders")?;
    let (list, signature) = rest.split_once(',').ok_or("authorization: no second `,`")?;
    let signature = signature
        .strip_prefix("Signature=")
        .ok_or("authorization: Signature")?;
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err("authorization: signature not 64 lower-case hex digits".into());
    }
    let names: Vec<&str> = list.split(';').collect();
    let token_byte =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&b);
    if names.len() > 32
        || names
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(token_byte) || *n == "authorization")
        || names.windows(2).any(|w| w[0] >= w[1])
    {
        return Err("authorization: signed header names".into());
    }
    if let Some(name) = ALWAYS_SIGNED.iter().find(|n| !names.contains(n)) {
        return Err(format!("{name} not signed"));
    }
    let token = at_most_one("x-acs-security-token")?;
    if token.is_some() && !names.contains(&"x-acs-security-token") {
        return Err("token not signed".into());
    }
    let has_body = match request.body {
        Payload::Bytes(body) => !body.is_empty(),
        Payload::Sha256Hex(hash) => !hash.eq_ignore_ascii_case(EMPTY_BODY_SHA256),
    };
    for (name, _) in headers {
        let lower = name.to_ascii_lowercase();
        let unsigned_refused = lower.starts_with("x-acs-") || has_body && lower == "content-type";
        if strict && unsigned_refused && !names.contains(&lower.as_str()) {
            return Err(format!("{name} unsigned"));
        }
    }
    let mut values = Vec::new();
    for name in &names {
        match named(name)[..] {
            [value] if !has_control(value) => values.push(value),
            [] => return Err(format!("signed {name} missing")),
            [_] => return Err(format!("signed {name}: control byte")),
            _ => return Err(format!("signed {name} repeated")),
        }
    }
    let value = |name: &str| values[names.iter().position(|n| *n == name).unwrap()];
    for name in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        if value(name).is_empty() {
            return Err(format!("{name} empty"));
        }
    }
    let content_sha256 = value("x-acs-content-sha256");
    let body_hash = match request.body {
        Payload::Bytes(body) => sha256_hex(body),
        Payload::Sha256Hex(hash) if hash.len() == 64 => hash.to_owned(),
        Payload::Sha256Hex(_) => return Err("body hash not 64 bytes".into()),
    };
    if !content_sha256.eq_ignore_ascii_case(&body_hash) {
        return Err("body hash".into());
    }
    let form = match request.body {
        Payload::Bytes(body) if !body.is_empty() => {
            reference_is_form(at_most_one("content-type")?).then_some(body)
        }
        _ => None,
    };
    let params = reference_params(request.query, form)?;
    if over_capacity::<P, B>(&params) {
        return Err("capacity".into());
    }
    for (k, v, part) in &params {
        if *part == Part::Query && k == "Format" {
            if !(v.eq_ignore_ascii_case("json") || v.eq_ignore_ascii_case("xml")) {
                return Err("Format".into());
            }
        } else if V1_COMMON.iter().any(|c| c.eq_ignore_ascii_case(k)) {
            return Err(format!("common parameter {k}"));
        }
    }
    let query: Vec<(String, String)> = params
        .iter()
        .filter(|(_, _, part)| *part == Part::Query)
        .map(|(k, v, _)| (k.clone(), v.clone()))
        .collect();
    let lines: String = names
        .iter()
        .zip(&values)
        .map(|(n, v)| format!("{n}:{v}\n"))
        .collect();
    let canonical = format!(
        "{}\n/\n{}\n{lines}\n{list}\n{content_sha256}",
        request.method,
        reference_query(&query)
    );
    Ok(V3Reference {
        canonical,
        access_key_id: id.to_owned(),
        signature: signature.to_owned(),
        date: value("x-acs-date").to_owned(),
        action: value("x-acs-action").to_owned(),
        version: value("x-acs-version").to_owned(),
        nonce: value("x-acs-signature-nonce").to_owned(),
        token: token.map(str::to_owned),
        params: pairs_without(&params, ""),
    })
}

/// Verifies a v3 request and checks the result against [`v3_reference`].
pub fn check_v3<const P: usize, const B: usize>(
    verifier: &Verifier<P, B>,
    request: &V3Request<'_>,
    now: Timestamp,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Outcome, VerifyError> {
    let result = verifier.verify_v3(request, now, |id: &str| lookup(id));
    let mut canonical = String::new();
    let write = verifier.write_v3_canonical_request(request, &mut canonical);
    let reference = v3_reference::<P, B>(request, !verifier.allows_unsigned_headers());
    let got = result.as_ref().map(|_| ()).map_err(|e| *e);
    match (&write, &reference) {
        (Err(error), Err(_)) => assert_eq!(Err(error), got.as_ref(), "write vs verify"),
        (Ok(()), Ok(r)) => {
            assert_eq!(canonical, r.canonical, "canonical request");
            let sts = format!("ACS3-HMAC-SHA256\n{}", sha256_hex(r.canonical.as_bytes()));
            let want = (|| {
                reference_time(&r.date, now, verifier.allowed_skew_seconds())?;
                let secret = reference_secret(&r.access_key_id, lookup)?;
                if hmac_sha256_hex(&secret, &sts) != r.signature {
                    return Err(VerifyError::SignatureMismatch);
                }
                Ok(())
            })();
            assert_eq!(got, want, "verify_v3 after the parse stage: {request:?}");
        }
        (Err(error), Ok(_)) => {
            panic!("verify_v3 refused ({error:?}) what the reference accepts: {request:?}")
        }
        (Ok(()), Err(why)) => {
            panic!("verify_v3 accepted what breaks a rule ({why}): {request:?}")
        }
    }
    let result = result.map(|v| outcome(&v));
    match (&result, &reference) {
        (Err(error), _) => {
            check_error(error);
            let body = match request.body {
                Payload::Bytes(body) => body,
                Payload::Sha256Hex(_) => b"",
            };
            check_offsets(error, request.query, body);
        }
        (Ok(o), Ok(r)) => {
            let want = Outcome {
                access_key_id: r.access_key_id.clone(),
                action: r.action.clone(),
                version: r.version.clone(),
                nonce: r.nonce.clone(),
                time: Timestamp::parse(&r.date).unwrap().unix_seconds(),
                token: r.token.clone(),
                params: r.params.clone(),
            };
            assert_eq!(*o, want, "what verify_v3 returned");
        }
        (Ok(_), Err(_)) => unreachable!("checked above"),
    }
    result
}

// ---- the hostile half -------------------------------------------------------------------

/// A request as HTTP text: `METHOD target[ version]`, then `name: value` lines (a line
/// without `:` is a name with an empty value), an empty line, and the body. Lines end
/// with `\n` or `\r\n`; the target is the path, then `?` and the raw query. Names,
/// values and the method are read as UTF-8, invalid bytes replaced.
#[derive(Debug)]
pub struct Wire {
    pub method: String,
    pub path: String,
    pub query: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Wire {
    pub fn parse(data: &[u8]) -> Self {
        let mut lines = Vec::new();
        let mut rest = data;
        let mut body: &[u8] = &[];
        while !rest.is_empty() {
            let (line, after) = match rest.iter().position(|&b| b == b'\n') {
                Some(end) => (&rest[..end], &rest[end + 1..]),
                None => (rest, &[][..]),
            };
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            rest = after;
            if line.is_empty() && !lines.is_empty() {
                body = rest;
                break;
            }
            lines.push(line);
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let request_line: &[u8] = lines.first().copied().unwrap_or_default();
        let header_lines = lines.get(1..).unwrap_or_default();
        let mut parts = request_line.splitn(3, |&b| b == b' ');
        let method = text(parts.next().unwrap_or_default());
        let target = parts.next().unwrap_or_default();
        let (path, query) = match target.iter().position(|&b| b == b'?') {
            Some(q) => (&target[..q], &target[q + 1..]),
            None => (target, &[][..]),
        };
        let headers = header_lines
            .iter()
            .map(|line| match line.iter().position(|&b| b == b':') {
                Some(colon) => (text(&line[..colon]), text(&line[colon + 1..])),
                None => (text(line), String::new()),
            })
            .collect();
        Self {
            method,
            path: text(path),
            query: query.to_vec(),
            headers,
            body: body.to_vec(),
        }
    }
}

/// "Now" for hostile requests: the time of most of the vectors.
const HOSTILE_NOW: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z

/// The keys of the vectors, and two whose secrets the signer refuses.
fn vector_secret(id: &str) -> Option<String> {
    Some(
        match id {
            "testid" => "testsecret",
            "STS.NTestKeyId" => "s3cr3t/+=",
            "STS.demo-key-id" => "stsSecretNotReal",
            "LTAI-demo-key-id" => "demo-secret-not-real",
            "empty-secret" => "",
            "long-secret" => return Some("x".repeat(129)),
            _ => return None,
        }
        .to_owned(),
    )
}

/// A hostile request through both verifiers, in several configurations; what the
/// widest v1 and v3 verifiers returned.
pub fn hostile(data: &[u8]) -> (Result<Outcome, VerifyError>, Result<Outcome, VerifyError>) {
    let wire = Wire::parse(data);
    let now = Timestamp::from_unix_seconds(HOSTILE_NOW).unwrap();
    let lookup: &dyn Fn(&str) -> Option<String> = &vector_secret;
    let has_content_type = wire
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));

    let rpc = RpcRequest {
        method: &wire.method,
        query: &wire.query,
        form_body: (!wire.body.is_empty() || has_content_type).then_some(&wire.body[..]),
    };
    let wide = Verifier::new().max_skew_seconds(u32::MAX);
    let v1 = check_v1(&wide, &rpc, now, lookup);
    // The narrower verifiers are not modelled again: they refuse at least what the wide
    // one refuses, and return the same when they accept.
    let narrow = Verifier::new()
        .verify_rpc(&rpc, now, lookup)
        .map(|v| outcome(&v));
    let small = Verifier::<8, 256>::with_capacity()
        .max_skew_seconds(u32::MAX)
        .verify_rpc(&rpc, now, lookup)
        .map(|v| outcome(&v));
    for (name, other) in [("default window", &narrow), ("small capacity", &small)] {
        match other {
            Ok(o) => assert_eq!(
                Ok(o),
                v1.as_ref(),
                "v1 {name} accepts what the wide refuses"
            ),
            Err(e) => check_error(e),
        }
    }

    let headers: Vec<(&str, &str)> = wire
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let body_hash = sha256_hex(&wire.body);
    let request = V3Request {
        method: &wire.method,
        path: &wire.path,
        query: &wire.query,
        headers: &headers,
        body: Payload::Bytes(&wire.body),
    };
    let strict = check_v3(&wide, &request, now, lookup);
    let mut canonical = String::new();
    let mut string_to_sign = String::new();
    match (
        wide.write_v3_canonical_request(&request, &mut canonical),
        wide.write_v3_string_to_sign(&request, &mut string_to_sign),
    ) {
        (Ok(()), Ok(())) => assert_eq!(
            string_to_sign,
            format!("ACS3-HMAC-SHA256\n{}", sha256_hex(canonical.as_bytes()))
        ),
        (written, other) => assert_eq!(written, other, "the two writers disagree"),
    }
    let relaxed = check_v3(&wide.allow_unsigned_headers(true), &request, now, lookup);
    if let Ok(o) = &strict {
        assert_eq!(
            Ok(o),
            relaxed.as_ref(),
            "allowing unsigned headers refuses more"
        );
    }
    let narrow = Verifier::new()
        .verify_v3(&request, now, lookup)
        .map(|v| outcome(&v));
    let small = Verifier::<8, 256>::with_capacity()
        .max_skew_seconds(u32::MAX)
        .verify_v3(&request, now, lookup)
        .map(|v| outcome(&v));
    for (name, other) in [("default window", &narrow), ("small capacity", &small)] {
        match other {
            Ok(o) => assert_eq!(
                Ok(o),
                strict.as_ref(),
                "v3 {name} accepts what the wide refuses"
            ),
            Err(e) => check_error(e),
        }
    }
    let hashed = V3Request {
        body: Payload::Sha256Hex(&body_hash),
        ..request
    };
    let by_hash = wide.verify_v3(&hashed, now, lookup).map(|v| outcome(&v));
    let content_type = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| *v);
    if wire.body.is_empty() || !reference_is_form(content_type) {
        assert_eq!(
            by_hash, strict,
            "the body's hash verifies otherwise than the body"
        );
    }
    (v1, strict)
}

// ---- the structured half ----------------------------------------------------------------

/// The most API parameters a structured request draws.
const MAX_DRAWN: usize = 12;

/// One of `common`, or (one time in four) any text.
fn pick(u: &mut Unstructured<'_>, common: &[&str]) -> arbitrary::Result<String> {
    if u.ratio(1, 4)? {
        u.arbitrary()
    } else {
        Ok((*u.choose(common)?).to_owned())
    }
}

/// Up to `max` name-value pairs.
fn pairs(u: &mut Unstructured<'_>, max: usize) -> arbitrary::Result<Vec<(String, String)>> {
    u.arbitrary_iter()?.take(max).collect()
}

/// The request time, and "now" up to 1000 s either side of it.
fn times(u: &mut Unstructured<'_>) -> arbitrary::Result<(Timestamp, Timestamp, i64)> {
    let time = u.int_in_range(0..=253_402_300_799i64)?;
    let skew = u.int_in_range(-1000..=1000i64)?;
    match (
        Timestamp::from_unix_seconds(time),
        Timestamp::from_unix_seconds(time + skew),
    ) {
        (Ok(t), Ok(n)) => Ok((t, n, skew)),
        _ => Err(arbitrary::Error::IncorrectFormat),
    }
}

/// One byte replaced, inserted or deleted.
#[derive(Clone, Copy, Debug)]
enum Op {
    Replace(u8),
    Insert(u8),
    Delete,
}

/// An edit of the received request: `what` it touches, `which` header, `at` what byte.
#[derive(Clone, Copy, Debug)]
struct Edit {
    what: u8,
    which: usize,
    at: usize,
    op: Op,
}

impl Edit {
    /// The edit's position in a span of `len` bytes (an insertion may go after them).
    fn within(&self, len: usize) -> usize {
        match self.op {
            Op::Insert(_) => self.at % (len + 1),
            _ => self.at % len.max(1),
        }
    }
}

fn edits(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Edit>> {
    let n = u.int_in_range(0..=4u8)?;
    (0..n)
        .map(|_| {
            Ok(Edit {
                what: u.arbitrary()?,
                which: u.arbitrary::<u8>()?.into(),
                at: u.arbitrary::<u16>()?.into(),
                op: match u.int_in_range(0..=2u8)? {
                    0 => Op::Replace(u.arbitrary()?),
                    1 => Op::Insert(u.arbitrary()?),
                    _ => Op::Delete,
                },
            })
        })
        .collect()
}

/// `bytes` with `op` applied at `at` (taken modulo the length).
fn apply(bytes: &[u8], at: usize, op: Op) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match op {
        Op::Insert(b) => out.insert(at % (bytes.len() + 1), b),
        _ if bytes.is_empty() => {}
        Op::Replace(b) => out[at % bytes.len()] = b,
        Op::Delete => {
            out.remove(at % bytes.len());
        }
    }
    out
}

/// `text` with `op` applied, if it stays UTF-8.
fn apply_text(text: &str, at: usize, op: Op) -> Option<String> {
    String::from_utf8(apply(text.as_bytes(), at, op)).ok()
}

/// A received v1 request.
#[derive(Clone, Debug)]
struct V1Sent {
    method: String,
    query: Vec<u8>,
    body: Option<Vec<u8>>,
}

impl V1Sent {
    fn request(&self) -> RpcRequest<'_> {
        RpcRequest {
            method: &self.method,
            query: &self.query,
            form_body: self.body.as_deref(),
        }
    }

    /// What the signature covers: the method and the decoded parameters (`None` if
    /// the rules refuse them).
    fn signed_content(&self) -> Option<(String, Vec<Param>)> {
        let mut params = reference_params(&self.query, self.body.as_deref()).ok()?;
        // One namespace: where a parameter came from is not signed.
        params.iter_mut().for_each(|p| p.2 = Part::Query);
        Some((self.method.clone(), params))
    }

    fn edited(&self, edit: Edit) -> Option<Self> {
        let mut out = self.clone();
        match edit.what % 7 {
            6 => {
                // A byte of the signature, wherever it is.
                let (raw, range) = [&mut out.query]
                    .into_iter()
                    .chain(out.body.as_mut())
                    .find_map(|raw| value_range(raw, b"Signature").map(|r| (raw, r)))?;
                *raw = apply(raw, range.start + edit.within(range.len()), edit.op);
            }
            0 => out.query = apply(&self.query, edit.at, edit.op),
            1 => out.body = Some(apply(self.body.as_deref()?, edit.at, edit.op)),
            2 => out.method = apply_text(&self.method, edit.at, edit.op)?,
            3 => out.method = if self.method == "GET" { "POST" } else { "GET" }.into(),
            4 => out.body = None,
            _ => {
                let body = self.body.clone()?;
                out.body = Some(std::mem::replace(&mut out.query, body));
            }
        }
        Some(out)
    }
}

/// Where the value of parameter `name` is in a raw list.
fn value_range(raw: &[u8], name: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for segment in raw.split(|&b| b == b'&') {
        if let Some(value) = segment
            .strip_prefix(name)
            .and_then(|s| s.strip_prefix(b"="))
        {
            let start = at + segment.len() - value.len();
            return Some(start..at + segment.len());
        }
        at += segment.len() + 1;
    }
    None
}

/// Signs a v1 request, verifies it, and checks the edits (see the module docs).
fn v1_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let id: String = pick(u, &["testid", "STS.NTestKeyId"])?;
    let secret: String = u.arbitrary()?;
    let token: Option<String> = u.arbitrary()?;
    let nonce: String = pick(u, &["3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f"])?;
    let action = pick(u, &["QuerySnapshotJobList", "DescribeRegions"])?;
    let version = pick(u, &["2014-06-18"])?;
    let region: Option<String> = u.arbitrary()?;
    let format: Option<String> = u.arbitrary()?;
    let api = pairs(u, MAX_DRAWN)?;
    let (time, now, skew) = times(u)?;
    let layout = u.int_in_range(0..=2u8)?;
    let split: usize = u.arbitrary::<u8>()?.into();
    let plus: bool = u.arbitrary()?;
    let edits = edits(u)?;

    let Ok(mut creds) = Credentials::new(&id, &secret) else {
        return Ok(());
    };
    if let Some(token) = &token {
        let Ok(with) = creds.with_security_token(token) else {
            return Ok(());
        };
        creds = with;
    }
    let mut params = Params::<MAX_DRAWN>::new();
    for (k, v) in &api {
        if params.insert(k, v).is_err() {
            return Ok(());
        }
    }
    let method = if layout == 0 {
        Method::Get
    } else {
        Method::Post
    };
    let mut signer = RpcSigner::new(&action, &version).method(method);
    if let Some(region) = &region {
        signer = signer.region_id(region);
    }
    if let Some(format) = &format {
        signer = signer.format_text(format);
    }
    let Ok(signed) = signer.sign(&params, &creds, time, &nonce) else {
        return Ok(());
    };
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    let query = if plus {
        query.replace("%20", "+")
    } else {
        query
    };
    let sent = if layout == 2 {
        let segments: Vec<&str> = query.split('&').collect();
        let (q, b) = segments.split_at(split % (segments.len() + 1));
        V1Sent {
            method: "POST".into(),
            query: q.join("&").into_bytes(),
            body: Some(b.join("&").into_bytes()),
        }
    } else {
        V1Sent {
            method: method.as_str().into(),
            query: query.into_bytes(),
            body: None,
        }
    };

    let lookup = |key: &str| (key == id).then(|| secret.clone());
    let verifier = Verifier::new();
    let baseline = check_v1(&verifier, &sent.request(), now, &lookup);
    let (_, decoded) = sent
        .signed_content()
        .expect("the signer writes what the verifier's rules decode");
    let over = over_capacity::<DEFAULT_MAX_PARAMETERS, DEFAULT_MAX_DECODED_BYTES>(&decoded);
    let signature_type = api
        .iter()
        .any(|(k, v)| k == "SignatureType" && !v.is_empty());
    let refuse = over || signature_type || skew.unsigned_abs() > 900;
    match &baseline {
        Ok(o) => {
            assert!(!refuse, "verified what it must refuse: {sent:?}");
            assert_eq!(o.access_key_id, id);
            assert_eq!(o.action, action);
            assert_eq!(o.version, version);
            assert_eq!(o.nonce, nonce);
            assert_eq!(o.time, time.unix_seconds());
            assert_eq!(o.token, token);
            let get = |name: &str| o.params.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            assert_eq!(get("RegionId"), region.as_ref());
            assert_eq!(
                get("Format").map(String::as_str),
                Some(format.as_deref().unwrap_or("JSON"))
            );
            for (k, v) in &api {
                assert_eq!(get(k), Some(v), "API parameter {k:?}");
            }
        }
        Err(e) => assert!(
            refuse,
            "the signer's request refused: {e} ({e:?}): {sent:?}"
        ),
    }

    let original = sent.signed_content();
    for edit in edits {
        let Some(edited) = sent.edited(edit) else {
            continue;
        };
        let result = check_v1(&verifier, &edited.request(), now, &lookup);
        if baseline.is_ok() && edited.signed_content() == original {
            assert_eq!(
                result, baseline,
                "{edit:?} keeps the signed content: {edited:?}"
            );
        } else {
            assert!(result.is_err(), "{edit:?} verified: {edited:?}");
        }
    }
    Ok(())
}

/// Signed extra headers the official signers send, and a few more.
const EXTRA_NAMES: [&str; 6] = [
    "accept",
    "user-agent",
    "x-acs-accesskey-id",
    "X-Acs-Credentials-Provider",
    "x-forwarded-host",
    "x-acs-security-token",
];
/// Unsigned headers a proxy or client may add.
const UNSIGNED_NAMES: [&str; 5] = [
    "Accept-Encoding",
    "Content-Length",
    "via",
    "X-Forwarded-For",
    "connection",
];
/// Headers an edit may add.
const ADDED_NAMES: [&str; 8] = [
    "x-acs-evil",
    "X-ACS-SIGNATURE-NONCE",
    "content-type",
    "x-acs-security-token",
    "authorization",
    "accept-encoding",
    "Host",
    "x-acs-content-sha256",
];
const CONTENT_TYPES: [&str; 6] = [
    FORM,
    "application/x-www-form-urlencoded; charset=UTF-8",
    "Application/X-WWW-Form-Urlencoded",
    "application/json",
    "application/octet-stream",
    "text/plain",
];

/// A received v3 request.
#[derive(Clone, Debug)]
struct V3Sent {
    method: String,
    path: String,
    query: Vec<u8>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl V3Sent {
    fn check(
        &self,
        verifier: &Verifier,
        now: Timestamp,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Outcome, VerifyError> {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = V3Request {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &headers,
            body: Payload::Bytes(&self.body),
        };
        check_v3(verifier, &request, now, lookup)
    }

    fn edited(&self, edit: Edit, added_value: &str) -> Option<Self> {
        let mut out = self.clone();
        let which = edit.which % self.headers.len();
        match edit.what % 11 {
            10 => {
                // A byte of the signature, the last 64 of `Authorization`.
                let (_, value) = out
                    .headers
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))?;
                let end = value.trim_end().len();
                let start = end.saturating_sub(64);
                *value = apply_text(value, start + edit.within(end - start), edit.op)?;
            }
            0 => out.query = apply(&self.query, edit.at, edit.op),
            1 => out.body = apply(&self.body, edit.at, edit.op),
            2 => out.headers[which].0 = apply_text(&self.headers[which].0, edit.at, edit.op)?,
            3 => out.headers[which].1 = apply_text(&self.headers[which].1, edit.at, edit.op)?,
            4 => out.method = apply_text(&self.method, edit.at, edit.op)?,
            5 => out.method = if self.method == "GET" { "POST" } else { "GET" }.into(),
            6 => out.path = apply_text(&self.path, edit.at, edit.op)?,
            7 => {
                out.headers.remove(which);
            }
            8 => out.headers.push(self.headers[which].clone()),
            _ => {
                let name = ADDED_NAMES[edit.at % ADDED_NAMES.len()];
                out.headers.insert(which, (name.into(), added_value.into()));
            }
        }
        Some(out)
    }

    /// Whether `self` (an edit of `original`, whose signed header names are `signed`)
    /// carries the same signed content and no header refused unsigned; `None` where an
    /// unsigned `Content-Type` may make the body a form or not.
    fn same_content(&self, original: &Self, signed: &[String], strict: bool) -> Option<bool> {
        let trimmed = |sent: &Self, name: &str| -> Vec<String> {
            sent.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_owned())
                .collect()
        };
        let decoded = |sent: &Self| {
            reference_list(&sent.query).map(|mut l| {
                l.sort();
                l
            })
        };
        if self.method != original.method
            || self.path != "/"
            || self.body != original.body
            || decoded(self).is_none()
            || decoded(self) != decoded(original)
        {
            return Some(false);
        }
        for name in signed.iter().map(String::as_str).chain(["authorization"]) {
            let now = trimmed(self, name);
            if now.len() != 1 || now != trimmed(original, name) {
                return Some(false);
            }
        }
        let mut unknown = false;
        for (name, _) in &self.headers {
            let lower = name.to_ascii_lowercase();
            if lower == "authorization" || signed.contains(&lower) {
                continue;
            }
            let body_type = lower == "content-type" && !self.body.is_empty();
            if lower == "x-acs-security-token"
                || strict && (lower.starts_with("x-acs-") || body_type)
            {
                return Some(false);
            }
            unknown |= body_type;
        }
        (!unknown).then_some(true)
    }
}

/// `name` in the case `style` says: as given, upper, or lower.
fn recase(name: &str, style: u8) -> String {
    match style % 3 {
        0 => name.to_owned(),
        1 => name.to_ascii_uppercase(),
        _ => name.to_ascii_lowercase(),
    }
}

/// `value` with spaces or tabs around it, as `style` says.
fn pad(value: &str, style: u8) -> String {
    let before = ["", " ", "\t", " \t"][usize::from(style & 3)];
    let after = ["", " ", "\t", "  "][usize::from(style >> 2 & 3)];
    format!("{before}{value}{after}")
}

/// Signs a v3 request, verifies it, and checks the edits (see the module docs).
fn v3_roundtrip(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let id: String = pick(u, &["testid", "STS.demo-key-id"])?;
    let secret: String = u.arbitrary()?;
    let token: Option<String> = u.arbitrary()?;
    let nonce: String = pick(u, &["3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f"])?;
    let action = pick(u, &["QuerySnapshotJobList"])?;
    let version = pick(u, &["2014-06-18"])?;
    let host = pick(u, &["mts.cn-shanghai.aliyuncs.com"])?;
    let api = pairs(u, MAX_DRAWN)?;
    let mut extras = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        let name = pick(u, &EXTRA_NAMES)?;
        extras.push((name, u.arbitrary::<String>()?));
    }
    let (body, content_type) = match u.int_in_range(0..=2u8)? {
        0 => (Vec::new(), None),
        1 => {
            let form = pairs(u, 6)?;
            let plus: bool = u.arbitrary()?;
            let text = reference_query(&form);
            let text = if plus { text.replace("%20", "+") } else { text };
            (text.into_bytes(), Some(*u.choose(&CONTENT_TYPES[..3])?))
        }
        _ => {
            let bytes: Vec<u8> = u.arbitrary()?;
            let ct: Option<&str> = if u.arbitrary()? {
                Some(*u.choose(&CONTENT_TYPES)?)
            } else {
                None
            };
            (bytes, ct)
        }
    };
    let mut unsigned = Vec::new();
    for _ in 0..u.int_in_range(0..=2u8)? {
        let name = *u.choose(&UNSIGNED_NAMES)?;
        unsigned.push((name, u.arbitrary::<String>()?));
    }
    let name_style: u8 = u.arbitrary()?;
    let pad_style: u8 = u.arbitrary()?;
    let rotate: usize = u.arbitrary::<u8>()?.into();
    let strict: bool = u.arbitrary()?;
    let method = if u.arbitrary()? {
        Method::Post
    } else {
        Method::Get
    };
    let (time, now, skew) = times(u)?;
    let edits = edits(u)?;
    let added_value: String = u.arbitrary()?;

    let Ok(mut creds) = Credentials::new(&id, &secret) else {
        return Ok(());
    };
    if let Some(token) = &token {
        let Ok(with) = creds.with_security_token(token) else {
            return Ok(());
        };
        creds = with;
    }
    let mut params = Params::<MAX_DRAWN>::new();
    for (k, v) in &api {
        if params.insert(k, v).is_err() {
            return Ok(());
        }
    }
    let mut extra: Vec<(&str, &str)> = extras
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    if let Some(ct) = content_type {
        extra.push(("Content-Type", ct));
    }
    let body_hash = sha256_hex(&body);
    let Ok(signed) = V3Signer::new(&action, &version, &host).method(method).sign(
        &params,
        &extra,
        BodyHash::Hex(&body_hash),
        &creds,
        time,
        &nonce,
    ) else {
        return Ok(());
    };
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    let mut authorization = String::new();
    signed.write_authorization(&mut authorization).unwrap();
    let signed_names: Vec<String> = signed
        .headers()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let signed_value = |name: &str| {
        signed
            .headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_owned())
    };
    let mut headers: Vec<(String, String)> = signed
        .headers()
        .enumerate()
        .map(|(i, (n, v))| {
            (
                recase(n, name_style),
                pad(v, pad_style.rotate_left(i as u32)),
            )
        })
        .collect();
    headers.push((recase("Authorization", name_style), authorization));
    for (name, value) in unsigned {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            headers.push((name.into(), value));
        }
    }
    let len = headers.len();
    headers.rotate_left(rotate % len);
    let sent = V3Sent {
        method: method.as_str().into(),
        path: "/".into(),
        query: query.into_bytes(),
        headers,
        body,
    };

    let lookup = |key: &str| (key == id).then(|| secret.clone());
    let verifier = Verifier::new().allow_unsigned_headers(!strict);
    let baseline = sent.check(&verifier, now, &lookup);
    // What the verifier documents it refuses of what the signer signs.
    let bad_id = id.bytes().any(|b| b == b',' || b <= b' ' || b == 0x7f);
    let empty = [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-signature-nonce",
    ]
    .iter()
    .any(|name| signed_value(name).is_some_and(|v| v.is_empty()));
    let form = (!sent.body.is_empty()
        && reference_is_form(signed_value("content-type").as_deref()))
    .then_some(&sent.body[..]);
    let bad_params = match reference_params(&sent.query, form) {
        Err(_) => true,
        Ok(params) => {
            over_capacity::<DEFAULT_MAX_PARAMETERS, DEFAULT_MAX_DECODED_BYTES>(&params)
                || params.iter().any(|(k, _, part)| {
                    *part == Part::FormBody && V1_COMMON.iter().any(|c| c.eq_ignore_ascii_case(k))
                })
        }
    };
    let refuse = bad_id || empty || bad_params || skew.unsigned_abs() > 900;
    match &baseline {
        Ok(o) => {
            assert!(!refuse, "verified what it must refuse: {sent:?}");
            assert_eq!(o.access_key_id, id);
            assert_eq!(Some(&o.action), signed_value("x-acs-action").as_ref());
            assert_eq!(o.action, action.trim());
            assert_eq!(o.version, version.trim());
            assert_eq!(o.nonce, nonce.trim());
            assert_eq!(o.time, time.unix_seconds());
            assert_eq!(o.token, signed_value("x-acs-security-token"));
            for (k, v) in &api {
                let got = o.params.iter().find(|(n, _)| n == k).map(|(_, v)| v);
                assert_eq!(got, Some(v), "API parameter {k:?}");
            }
        }
        Err(e) => assert!(
            refuse,
            "the signer's request refused: {e} ({e:?}): {sent:?}"
        ),
    }

    for edit in edits {
        let Some(edited) = sent.edited(edit, &added_value) else {
            continue;
        };
        let result = edited.check(&verifier, now, &lookup);
        match edited.same_content(&sent, &signed_names, strict) {
            Some(true) if baseline.is_ok() => {
                assert_eq!(
                    result, baseline,
                    "{edit:?} keeps the signed content: {edited:?}"
                );
            }
            Some(_) => assert!(result.is_err(), "{edit:?} verified: {edited:?}"),
            None => {}
        }
    }
    Ok(())
}
