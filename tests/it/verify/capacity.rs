//! The default verifier holds the largest request the service's clients send: every
//! `QuerySnapshotJobList` parameter, ten job ids and an STS token of 4 KB (about the
//! most STS issues, with a 2,048-character session policy), and more, up to a token
//! that fills [`DEFAULT_MAX_DECODED_BYTES`] exactly. One byte more is refused with an
//! error that says how to raise the capacity. All of it runs on a thread with a
//! 256 KiB stack, to show the default's stack need is modest; a capacity of 256 KiB
//! verifies on a stack of 7 times that (it took 9 before the parameters stayed put).

use mts_codec::signing::{BodyHash, Credentials, Method, Params, V3Signer};
use mts_codec::verify::{
    DEFAULT_MAX_DECODED_BYTES, Payload, RpcRequest, V3Request, Verified, Verifier, VerifyError,
};

use crate::support::fixtures::{
    IDS, KEY_ID, NONCE, SECRET, borrowed, fullest_request, lookup, time, v3_headers,
};

const SMALL_STACK: usize = 256 * 1024;

/// An STS-token-like text of `len` bytes: base64 characters, `+`, `/` and `=`
/// included (each percent-encoded on the wire, one byte decoded).
fn token(len: usize) -> String {
    const ALPHABET: &[u8] = b"CAIS+/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut t: String = (0..len)
        .map(|i| char::from(ALPHABET[i * 7 % ALPHABET.len()]))
        .collect();
    t.replace_range(len - 1.., "=");
    t
}

/// The v1 GET query of the fullest request, signed with STS token `token`.
fn query(token: &str) -> String {
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_security_token(token)
        .unwrap();
    let mut query = String::new();
    fullest_request()
        .method(Method::Get)
        .sign(&creds, time(), NONCE)
        .unwrap()
        .write_query(&mut query)
        .unwrap();
    query
}

/// The bytes the verifier holds for `query`: every name and value, decoded.
fn decoded_len(query: &str) -> usize {
    query
        .split('&')
        .flat_map(|segment| segment.splitn(2, '='))
        .map(|text| text.len() - 2 * text.matches('%').count())
        .sum()
}

/// Runs `f` on a thread with a `SMALL_STACK` stack; inline under WASI, which has no
/// threads (the stack bound is then shown by the native run).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    if cfg!(target_os = "wasi") {
        return f();
    }
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn default_capacity_holds_the_largest_sts_token() {
    // Without the token the fullest request decodes to well under 1 KiB...
    let others = decoded_len(&query("t")) - "t".len();
    assert!(others < 1024, "{others}");
    // ...so the default leaves room for a token of this many bytes:
    let largest = DEFAULT_MAX_DECODED_BYTES - others;
    assert!(largest > 7000, "{largest}");
    assert_eq!(
        decoded_len(&query(&token(largest))),
        DEFAULT_MAX_DECODED_BYTES
    );

    let verified = on_small_stack(move || {
        let verifier = Verifier::new();
        let mut seen = Vec::new();
        for len in [1200, 4096, largest] {
            let token = token(len);
            let query = query(&token);
            let verified = verifier
                .verify_rpc(&RpcRequest::get(&query), time(), lookup)
                .unwrap_or_else(|e| panic!("token of {len} bytes: {e}"));
            assert_eq!(verified.security_token(), Some(token.as_str()));
            seen.push(len);
        }
        seen
    });
    assert_eq!(verified, [1200, 4096, largest]);
}

#[test]
fn one_byte_more_says_how_to_raise_the_capacity() {
    let others = decoded_len(&query("t")) - 1;
    let over = DEFAULT_MAX_DECODED_BYTES - others + 1;
    let error = on_small_stack(move || {
        Verifier::new()
            .verify_rpc(&RpcRequest::get(&query(&token(over))), time(), lookup)
            .unwrap_err()
    });
    assert_eq!(
        error,
        VerifyError::TooLarge {
            capacity: DEFAULT_MAX_DECODED_BYTES
        }
    );
    let message = error.to_string();
    assert!(
        message.contains("raise the verifier's capacity `B`")
            && message.contains("Verifier::<P, B>::with_capacity()")
            && message.contains("DEFAULT_MAX_DECODED_BYTES"),
        "{message}"
    );
    // Raised as the message says, it verifies.
    let verified = on_small_stack(move || {
        Verifier::<32, 16384>::with_capacity()
            .verify_rpc(&RpcRequest::get(&query(&token(over))), time(), lookup)
            .map(|v| v.security_token().map(str::len))
    });
    assert_eq!(verified, Ok(Some(over)));

    let error = Verifier::<8, 16384>::with_capacity()
        .verify_rpc(&RpcRequest::get(&query("t")), time(), lookup)
        .unwrap_err();
    assert_eq!(error, VerifyError::TooManyParameters { capacity: 8 });
    assert!(
        error
            .to_string()
            .contains("raise the verifier's capacity `P` with `Verifier::<P, B>::with_capacity()`"),
        "{error}"
    );
}

/// A v3 GET of ten job ids, signed with STS token `token`: its query and headers.
fn v3_signed(token: &str) -> (String, Vec<(String, String)>) {
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_security_token(token)
        .unwrap();
    let joined = IDS.join(",");
    let mut params = Params::<1>::new();
    params.insert("SnapshotJobIds", &joined).unwrap();
    let signed = V3Signer::new(
        "QuerySnapshotJobList",
        "2014-06-18",
        "mts.cn-shanghai.aliyuncs.com",
    )
    .method(Method::Get)
    .sign(&params, &[], BodyHash::Empty, &creds, time(), NONCE)
    .unwrap();
    let mut query = String::new();
    signed.write_query(&mut query).unwrap();
    let mut authorization = String::new();
    signed.write_authorization(&mut authorization).unwrap();
    (query, v3_headers(signed.headers(), authorization))
}

/// The request `(query, headers)` as received, a GET without a body.
fn v3_request<'a>(query: &'a str, headers: &'a [(&'a str, &'a str)]) -> V3Request<'a> {
    V3Request {
        method: "GET",
        path: "/",
        query: query.as_bytes(),
        headers,
        body: Payload::Bytes(b""),
    }
}

#[test]
fn v3_with_a_large_token_on_a_small_stack() {
    let result = on_small_stack(|| {
        let (query, owned) = v3_signed(&token(4096));
        let headers = borrowed(&owned);
        let verified = Verifier::new()
            .verify_v3(&v3_request(&query, &headers), time(), lookup)
            .unwrap();
        verified.security_token().map(str::len)
    });
    assert_eq!(result, Some(4096));
}

/// A capacity far above the default: 256 KiB of decoded names and values.
const LARGE: usize = 256 * 1024;

/// Runs `verify` on a thread whose stack is 7 times the `Verified` of [`LARGE`]: it
/// needs about 5 times in a debug build (2 to 3 in a release build), and needed 9
/// (4) when the parameters moved by value from layer to layer, an overflow that
/// aborts the process.
fn on_seven_times_the_verified(
    verify: impl FnOnce(Verifier<32, LARGE>) -> Result<Option<usize>, VerifyError> + Send + 'static,
) -> Result<Option<usize>, VerifyError> {
    let size = size_of::<Verified<'static, 32, LARGE>>();
    assert!((LARGE..LARGE + 2048).contains(&size), "{size}");
    std::thread::Builder::new()
        .stack_size(7 * size)
        .spawn(move || verify(Verifier::with_capacity()))
        .unwrap()
        .join()
        .unwrap()
}

#[test]
#[cfg_attr(
    target_os = "wasi",
    ignore = "WASI has no threads; its 1 MiB stack is too small"
)]
fn a_large_capacity_verifies_on_a_stack_a_few_times_its_size() {
    let (v1_query, (v3_query, v3_owned)) = (query(&token(4096)), v3_signed(&token(4096)));
    let v1 = on_seven_times_the_verified(move |verifier| {
        let verified = verifier.verify_rpc(&RpcRequest::get(&v1_query), time(), lookup);
        verified
            .as_ref()
            .map(|v| v.security_token().map(str::len))
            .map_err(|e| *e)
    });
    assert_eq!(v1, Ok(Some(4096)));
    let v3 = on_seven_times_the_verified(move |verifier| {
        let headers = borrowed(&v3_owned);
        let request = v3_request(&v3_query, &headers);
        let verified = verifier.verify_v3(&request, time(), lookup);
        verified
            .as_ref()
            .map(|v| v.security_token().map(str::len))
            .map_err(|e| *e)
    });
    assert_eq!(v3, Ok(Some(4096)));
}
