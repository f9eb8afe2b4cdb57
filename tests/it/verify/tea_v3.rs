//! Signature v3 requests as the official Python Tea SDK sends them
//! (`tests/vectors_v3/generate_tea.py`, pinned versions): captured on the wire and
//! verified here as received. `tea-format-query` carries `Format=json` in the query
//! (the SDK's global parameters), `tea-form-body` its parameters in a form body with
//! STS credentials. Around them, the shapes the SDK sends are accepted and the ones
//! it never sends are refused, each signed correctly by a reference signer written
//! here from spec §3.2 (so a refusal is the shape's, not the signature's). A request
//! that signs [`MAX_SIGNED_HEADERS`] headers verifies; one more is refused before the
//! key is looked up.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::signing::EMPTY_BODY_SHA256;
use mts_codec::verify::{
    HeaderName, MAX_SIGNED_HEADERS, Part, Payload, V3Request, Verifier, VerifyError,
};
use sha2::{Digest, Sha256};

/// One captured request: what arrived, the secret, and the parameters it carries.
struct Wire {
    method: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
    secret: String,
    now: Timestamp,
    expect: BTreeMap<String, String>,
}

fn wire(name: &str) -> Wire {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors_v3")
        .join(format!("{name}.wire.json"));
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let text = |key: &str| json[key].as_str().unwrap().to_owned();
    Wire {
        method: text("method"),
        query: text("query"),
        headers: json["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
        body: text("body"),
        secret: text("access_key_secret"),
        now: Timestamp::parse(&text("timestamp")).unwrap(),
        expect: json["expect"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect(),
    }
}

impl Wire {
    /// The request as received: this wire's method, query, `headers` and body.
    fn request<'a>(&'a self, headers: &'a [(&'a str, &'a str)]) -> V3Request<'a> {
        V3Request {
            method: &self.method,
            path: "/",
            query: self.query.as_bytes(),
            headers,
            body: Payload::Bytes(self.body.as_bytes()),
        }
    }

    fn headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    /// Verifies the request; on success, every decoded parameter.
    fn verify(&self) -> Result<BTreeMap<String, String>, VerifyError> {
        self.verify_with(Verifier::new())
    }

    /// Verifies the request with `verifier`; on success, every decoded parameter.
    fn verify_with(&self, verifier: Verifier) -> Result<BTreeMap<String, String>, VerifyError> {
        let headers = self.headers();
        let request = self.request(&headers);
        let verified =
            verifier.verify_v3(&request, self.now, |_: &str| Some(self.secret.as_str()))?;
        Ok(verified
            .params()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }

    fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
            .clone()
    }

    fn header_mut(&mut self, name: &str) -> &mut String {
        &mut self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
    }

    /// Sets query and body, then signs again as spec §3.2 says (the headers the
    /// `Authorization` names, the hash of the new body), independently of the crate.
    fn resign(&mut self, query: &str, body: &str) {
        self.query = query.to_owned();
        self.body = body.to_owned();
        *self.header_mut("x-acs-content-sha256") = hex(&Sha256::digest(body.as_bytes()));
        let authorization = self.header_mut("authorization").clone();
        let names = authorization
            .split(",SignedHeaders=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_owned();
        let credential = authorization.split(',').next().unwrap().to_owned();
        let mut pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (k, v) = s.split_once('=').unwrap();
                (rfc3986(&form_decode(k)), rfc3986(&form_decode(v)))
            })
            .collect();
        pairs.sort();
        let canonical_query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut canonical = format!("{}\n/\n{}\n", self.method, canonical_query.join("&"));
        for name in names.split(';') {
            let value = self
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .unwrap()
                .1
                .trim()
                .to_owned();
            canonical.push_str(&format!("{name}:{value}\n"));
        }
        canonical.push_str(&format!(
            "\n{names}\n{}",
            hex(&Sha256::digest(body.as_bytes()))
        ));
        let string_to_sign = format!(
            "ACS3-HMAC-SHA256\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let mut mac =
            <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(self.secret.as_bytes())
                .unwrap();
        mac.update(string_to_sign.as_bytes());
        let signature = hex(&mac.finalize().into_bytes());
        *self.header_mut("authorization") =
            format!("{credential},SignedHeaders={names},Signature={signature}");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `+` as space, `%XX` as its byte (the form rule).
fn form_decode(raw: &str) -> String {
    let raw = raw.replace('+', " ");
    let mut out = Vec::new();
    let mut bytes = raw.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let h: String = bytes.by_ref().take(2).map(char::from).collect();
            out.push(u8::from_str_radix(&h, 16).unwrap());
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap()
}

/// RFC 3986 percent-encoding of everything but unreserved bytes.
fn rfc3986(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn tea_format_in_the_query_verifies_and_is_returned() {
    let w = wire("tea-format-query");
    assert!(w.query.starts_with("Format=json&"), "{}", w.query);
    assert_eq!(w.verify(), Ok(w.expect.clone()));
    assert_eq!(w.expect["Format"], "json");
}

#[test]
fn tea_form_body_verifies_and_its_parameters_are_returned() {
    let w = wire("tea-form-body");
    assert!(!w.body.is_empty());
    // Query and body together, decoded (`+` is a space, `%2F` a slash).
    assert_eq!(w.verify(), Ok(w.expect.clone()));
    assert_eq!(w.expect["PipelineId"], "b11c171cced04565b1f38f1ecc39 x/y");
    assert_eq!(w.expect["MaximumPageSize"], "20");

    // The canonical request holds the query only; the body is covered by its hash.
    let headers = w.headers();
    let request = w.request(&headers);
    let mut canonical = String::new();
    Verifier::new()
        .write_v3_canonical_request(&request, &mut canonical)
        .unwrap();
    assert!(
        canonical.starts_with("POST\n/\nMaximumPageSize=20\n"),
        "{canonical}"
    );

    // Streamed (hash only): verifies, and the body's parameters are not decoded.
    let hash = w.header("x-acs-content-sha256");
    let streamed = V3Request {
        body: Payload::Sha256Hex(&hash),
        ..request
    };
    let verified = Verifier::new()
        .verify_v3(&streamed, w.now, |_: &str| Some(w.secret.as_str()))
        .unwrap();
    assert_eq!(verified.get("SnapshotJobIds"), None);
    assert_eq!(verified.get("MaximumPageSize"), Some("20"));
}

#[test]
fn the_reference_signer_reproduces_the_sdk() {
    // The re-signer below must agree with the SDK before it can vouch for a shape.
    for name in ["tea-format-query", "tea-form-body"] {
        let original = wire(name);
        let mut w = wire(name);
        let (query, body) = (w.query.clone(), w.body.clone());
        w.resign(&query, &body);
        assert_eq!(w.headers, original.headers, "{name}");
    }
}

#[test]
fn format_shapes_the_sdk_sends_are_accepted() {
    let ids = "SnapshotJobIds=72dfa5e679ab4be9a3ed9974c7360001";
    for format in ["json", "JSON", "xml", "XML"] {
        let mut w = wire("tea-format-query");
        w.resign(&format!("Format={format}&{ids}"), "");
        let params = w.verify().unwrap();
        assert_eq!(params["Format"], format);
    }
    // Format in the query next to a form body.
    let mut w = wire("tea-form-body");
    let body = w.body.clone();
    w.resign("Format=JSON&MaximumPageSize=20", &body);
    assert_eq!(w.verify().unwrap()["Format"], "JSON");
}

#[test]
fn format_shapes_the_sdk_never_sends_are_refused() {
    let ids = "SnapshotJobIds=72dfa5e679ab4be9a3ed9974c7360001";
    let refused = |query: &str, body: &str, case: &str| {
        let mut w = wire(case);
        w.resign(query, body);
        w.verify().unwrap_err()
    };
    // A value no SDK sends.
    for value in ["yaml", "", "json2"] {
        assert_eq!(
            refused(&format!("Format={value}&{ids}"), "", "tea-format-query"),
            VerifyError::UnsupportedFormat,
            "{value}"
        );
    }
    // Named otherwise than `Format`.
    assert_eq!(
        refused(&format!("format=json&{ids}"), "", "tea-format-query"),
        VerifyError::ReservedParameter { name: "Format" }
    );
    // In the body: the SDK puts it in the query only.
    assert_eq!(
        refused(
            "MaximumPageSize=20",
            &format!("Format=json&{ids}"),
            "tea-form-body"
        ),
        VerifyError::ReservedParameter { name: "Format" }
    );
    // The other v1 common parameters stay refused, in the query and in the body.
    for name in [
        "Action",
        "Version",
        "Timestamp",
        "SignatureNonce",
        "AccessKeyId",
    ] {
        assert_eq!(
            refused(&format!("{name}=x&{ids}"), "", "tea-format-query"),
            VerifyError::ReservedParameter { name },
            "{name}"
        );
        assert_eq!(
            refused(
                "MaximumPageSize=20",
                &format!("{name}=x&{ids}"),
                "tea-form-body"
            ),
            VerifyError::ReservedParameter { name },
            "{name}"
        );
    }
}

#[test]
fn form_body_rules() {
    // One namespace: a name in both the query and the body is refused.
    let mut w = wire("tea-form-body");
    w.resign("MaximumPageSize=20", "MaximumPageSize=30");
    assert_eq!(
        w.verify(),
        Err(VerifyError::DuplicateParameter {
            part: Part::FormBody,
            at: 0
        })
    );
    // A malformed body is named as the body.
    let mut w = wire("tea-form-body");
    w.resign("MaximumPageSize=20", "a=1&&b=2");
    assert!(matches!(
        w.verify(),
        Err(VerifyError::Malformed {
            part: Part::FormBody,
            at: 4,
            ..
        })
    ));
    // A media type with parameters, in any case, is still a form.
    let mut w = wire("tea-form-body");
    *w.header_mut("content-type") = "Application/X-WWW-Form-URLEncoded; charset=UTF-8".to_owned();
    let body = w.body.clone();
    w.resign("MaximumPageSize=20", &body);
    assert_eq!(
        w.verify().unwrap()["PipelineId"],
        "b11c171cced04565b1f38f1ecc39 x/y"
    );
    // Another content type: the body is not parameters.
    let mut w = wire("tea-form-body");
    *w.header_mut("content-type") = "application/json".to_owned();
    w.resign("MaximumPageSize=20", "{\"a\":1}");
    let params = w.verify().unwrap();
    assert_eq!(params.keys().collect::<Vec<_>>(), ["MaximumPageSize"]);
    // The body is hashed before it is read: a changed body is a hash mismatch.
    let mut w = wire("tea-form-body");
    w.body.push_str("&Extra=1");
    assert_eq!(w.verify(), Err(VerifyError::ContentHashMismatch));
}

/// The wire `name` with `header` (still sent) left out of `SignedHeaders`, signed again.
fn without_signing(name: &str, header: &str) -> Wire {
    let mut w = wire(name);
    let authorization = w.header("authorization");
    let (head, rest) = authorization.split_once(",SignedHeaders=").unwrap();
    let (list, _) = rest.split_once(',').unwrap();
    let names: Vec<&str> = list.split(';').filter(|&n| n != header).collect();
    assert_eq!(
        names.len() + 1,
        list.split(';').count(),
        "{header} is signed"
    );
    *w.header_mut("authorization") = format!(
        "{head},SignedHeaders={},Signature={}",
        names.join(";"),
        "0".repeat(64)
    );
    let (query, body) = (w.query.clone(), w.body.clone());
    w.resign(&query, &body);
    w
}

/// Where header `name` is in the received list.
fn index_of(w: &Wire, name: &str) -> usize {
    w.headers.iter().position(|(n, _)| n == name).unwrap()
}

#[test]
fn every_x_acs_header_and_the_content_type_of_a_body_must_be_signed() {
    let relaxed = Verifier::new().allow_unsigned_headers(true);
    assert!(!Verifier::new().allows_unsigned_headers() && relaxed.allows_unsigned_headers());
    // The official signers sign every `x-acs-*` header they send, and `content-type`:
    // left out of `SignedHeaders`, each is refused by default, named with its index.
    for header in [
        "content-type",
        "x-acs-credentials-provider",
        "x-acs-accesskey-id",
    ] {
        let w = without_signing("tea-form-body", header);
        let error = w.verify().unwrap_err();
        let index = index_of(&w, header);
        assert_eq!(
            error,
            VerifyError::ReceivedUnsigned {
                name: HeaderName::new(header),
                index
            }
        );
        assert_eq!(
            error.to_string(),
            format!("header `{header}` (index {index} of the received headers) is not signed")
        );
        // The same parse backs the string-to-sign writer.
        let headers = w.headers();
        let mut text = String::new();
        let written = relaxed.write_v3_string_to_sign(&w.request(&headers), &mut text);
        assert_eq!(written, Ok(()));
        let refused = Verifier::new().write_v3_string_to_sign(&w.request(&headers), &mut text);
        assert_eq!(refused, Err(error));
        // Allowed by the option, it verifies (the signature covers what is signed).
        assert_eq!(w.verify_with(relaxed), Ok(w.expect.clone()), "{header}");
    }
    // An `x-acs-*` header nobody signed, in any case: refused, named as received.
    let mut w = wire("tea-format-query");
    w.headers
        .insert(2, ("X-Acs-Foo".to_owned(), "bar".to_owned()));
    let name = HeaderName::new("X-Acs-Foo");
    assert_eq!(
        w.verify(),
        Err(VerifyError::ReceivedUnsigned { name, index: 2 })
    );
    assert_eq!(w.verify_with(relaxed), Ok(w.expect.clone()));
    // STS's token must be signed even so.
    let w = without_signing("tea-form-body", "x-acs-security-token");
    let error = VerifyError::UnsignedHeader {
        name: "x-acs-security-token",
    };
    assert_eq!(w.verify_with(relaxed), Err(error));
}

#[test]
fn an_unsigned_content_type_without_a_body_is_accepted() {
    // `tea-format-query` is a POST with no body and no `content-type`.
    let mut w = wire("tea-format-query");
    w.headers
        .push(("Content-Type".to_owned(), "application/json".to_owned()));
    assert_eq!(w.verify(), Ok(w.expect.clone()));
    // The same given by its hash: no body is the empty body's hash.
    let headers = w.headers();
    let request = V3Request {
        body: Payload::Sha256Hex(&EMPTY_BODY_SHA256.to_ascii_uppercase()),
        ..w.request(&headers)
    };
    let verified = Verifier::new().verify_v3(&request, w.now, |_: &str| Some(w.secret.as_str()));
    assert_eq!(verified.map(|v| v.params().count()), Ok(w.expect.len()));
    // A body given by its hash has a `content-type` to sign.
    let w = without_signing("tea-form-body", "content-type");
    let hash = w.header("x-acs-content-sha256");
    let headers = w.headers();
    let request = V3Request {
        body: Payload::Sha256Hex(&hash),
        ..w.request(&headers)
    };
    let name = HeaderName::new("content-type");
    let index = index_of(&w, "content-type");
    assert_eq!(
        Verifier::new()
            .verify_v3(&request, w.now, |_: &str| Some(w.secret.as_str()))
            .map(|_| ()),
        Err(VerifyError::ReceivedUnsigned { name, index })
    );
}

/// `tea-form-body` with signed headers `x-custom-00`… added until `SignedHeaders` lists
/// `total` names, signed again by the reference signer.
fn with_signed_headers(total: usize) -> Wire {
    let mut w = wire("tea-form-body");
    let authorization = w.header("authorization");
    let (head, rest) = authorization.split_once(",SignedHeaders=").unwrap();
    let (list, _) = rest.split_once(',').unwrap();
    let mut names: Vec<String> = list.split(';').map(str::to_owned).collect();
    for i in 0..total - names.len() {
        let name = format!("x-custom-{i:02}");
        w.headers.push((name.clone(), format!("value {i}")));
        names.push(name);
    }
    names.sort();
    // The reference signer signs the names `Authorization` lists.
    *w.header_mut("authorization") = format!(
        "{head},SignedHeaders={},Signature={}",
        names.join(";"),
        "0".repeat(64)
    );
    let (query, body) = (w.query.clone(), w.body.clone());
    w.resign(&query, &body);
    w
}

impl Wire {
    /// Verifies the request, counting the calls to the key lookup.
    fn verify_counting_lookups(&self) -> (Result<(), VerifyError>, usize) {
        let headers = self.headers();
        let request = self.request(&headers);
        let mut lookups = 0;
        let result = Verifier::new()
            .verify_v3(&request, self.now, |_: &str| {
                lookups += 1;
                Some(self.secret.as_str())
            })
            .map(|_| ());
        (result, lookups)
    }
}

#[test]
fn a_signed_header_list_at_the_cap_verifies() {
    let w = with_signed_headers(MAX_SIGNED_HEADERS);
    let authorization = w.header("authorization");
    let list = authorization.split("SignedHeaders=").nth(1).unwrap();
    let list = list.split(',').next().unwrap();
    assert_eq!(list.split(';').count(), MAX_SIGNED_HEADERS, "{list}");
    assert_eq!(w.verify_counting_lookups(), (Ok(()), 1));
    assert_eq!(w.verify(), Ok(w.expect.clone()));
    // The headers may arrive in any order and case.
    let mut w = w;
    w.headers.reverse();
    for (name, _) in &mut w.headers {
        *name = name.to_ascii_uppercase();
    }
    assert_eq!(w.verify_counting_lookups(), (Ok(()), 1));
}

#[test]
fn a_signed_header_list_over_the_cap_is_refused_before_the_key_lookup() {
    // Signed correctly and every header sent: refused for its length alone.
    let count = MAX_SIGNED_HEADERS + 1;
    let w = with_signed_headers(count);
    let (result, lookups) = w.verify_counting_lookups();
    let error = result.unwrap_err();
    assert_eq!(error, VerifyError::TooManySignedHeaders { count });
    assert_eq!(lookups, 0);
    assert_eq!(
        error.to_string(),
        format!(
            "Authorization lists {count} signed headers, more than the {MAX_SIGNED_HEADERS} \
             allowed (`MAX_SIGNED_HEADERS`)"
        )
    );

    // Thousands of names, none of them sent: refused before any is looked for, by the
    // string-to-sign writer too.
    let mut w = wire("tea-form-body");
    let names: Vec<String> = (0..8000).map(|i| format!("x-{i:05}")).collect();
    let authorization = w.header("authorization").replace(
        ",SignedHeaders=",
        &format!(",SignedHeaders={};", names.join(";")),
    );
    *w.header_mut("authorization") = authorization;
    let expected = VerifyError::TooManySignedHeaders { count: 8000 + 12 };
    assert_eq!(w.verify_counting_lookups(), (Err(expected), 0));
    let headers = w.headers();
    let request = w.request(&headers);
    let mut text = String::new();
    assert_eq!(
        Verifier::new().write_v3_string_to_sign(&request, &mut text),
        Err(expected)
    );
    assert_eq!(text, "");
}
