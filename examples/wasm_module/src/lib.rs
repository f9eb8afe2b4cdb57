//! The crate as a WebAssembly module with a C ABI, for a JavaScript (or any wasm) host.
//!
//! Build (the library without its `std` feature; `.ci/run` does this and checks the size):
//!
//! ```text
//! cargo build --example wasm_module --target wasm32-unknown-unknown \
//!     --no-default-features --features alloc --profile wasm-release
//! node tests/wasm/run.mjs   # signs and decodes through the module, compares with the CLI
//! ```
//!
//! The library is `no_std` + `alloc` here; this example links `std` only for what a
//! `no_std` cdylib would have to write by hand: the global allocator (dlmalloc, which
//! `std` ships for `wasm32-unknown-unknown`) and the panic handler. Nothing here panics
//! on any input, and the profile sets `panic = "abort"`, so no unwinding code is kept.
//!
//! # The ABI
//!
//! Every text crosses the boundary as a `(pointer, length)` pair of UTF-8 bytes in the
//! module's memory (export `memory`). The host gets buffers with [`mts_alloc`] and gives
//! them back with [`mts_dealloc`]. Outputs follow `snprintf`: the function writes what
//! fits into `out[..out_cap]` and returns the full length; a return value greater than
//! `out_cap` means "call again with a buffer that large". A negative value is an
//! error code (`ERR_*`); nothing useful was written.
//!
//! - [`mts_sign`]: a signed `QuerySnapshotJobList` request. For `GET` the URL, for
//!   `POST` the `application/x-www-form-urlencoded` body (to send to `https://HOST/`).
//! - [`mts_decode`]: a response body (HTTP status, format, bytes), summarized as lines:
//!   `ok <RequestId>`, then `job <Id> <State>` per job and `missing <Id>` per unknown
//!   id; or `error <Code> <Message>` for an API error body; or `invalid <message>` for
//!   a body that cannot be decoded (the message names the byte offset and the member).
//!   An absent field is written as `-`; line breaks inside a field become spaces.
#![allow(unsafe_code)] // The C ABI: raw pointers from the host and exported symbols.

use std::fmt::Write as _;

use mts_codec::Timestamp;
use mts_codec::decode::{Format as BodyFormat, Response, decode_response};
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{Credentials, Format, Method, Scheme};

/// A text input is not UTF-8.
pub const ERR_UTF8: i32 = -1;
/// The access key id or secret is refused ([`Credentials::new`]).
pub const ERR_CREDENTIALS: i32 = -2;
/// The job ids are refused: none, more than ten, empty or too long.
pub const ERR_JOB_IDS: i32 = -3;
/// The timestamp is not `YYYY-MM-DDThh:mm:ssZ`.
pub const ERR_TIMESTAMP: i32 = -4;
/// The region id is not a valid region.
pub const ERR_REGION: i32 = -5;
/// Signing failed (an empty nonce).
pub const ERR_SIGN: i32 = -6;
/// A flag or format value this ABI does not define.
pub const ERR_ARGUMENT: i32 = -7;
/// The output is longer than `i32::MAX` bytes.
pub const ERR_TOO_LONG: i32 = -8;

/// [`mts_sign`] flag: sign for `POST` and output the form body (default: `GET`, URL).
pub const SIGN_POST: u32 = 1;
/// [`mts_sign`] flag: ask for an XML response (`Format=XML`; default: JSON).
pub const SIGN_XML: u32 = 2;

/// [`mts_decode`] format: a JSON body.
pub const BODY_JSON: u32 = 0;
/// [`mts_decode`] format: an XML body.
pub const BODY_XML: u32 = 1;

/// Allocates `len` zeroed bytes for the host to write an input or receive an output.
/// Returns null only if the allocation fails; give the buffer back with
/// [`mts_dealloc`] and the same `len`.
#[unsafe(no_mangle)]
pub extern "C" fn mts_alloc(len: usize) -> *mut u8 {
    let buffer: Box<[u8]> = vec![0u8; len].into_boxed_slice();
    Box::into_raw(buffer).cast::<u8>()
}

/// Frees a buffer from [`mts_alloc`].
///
/// # Safety
/// `ptr` and `len` must be a pointer returned by [`mts_alloc`] and the length it was
/// called with, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mts_dealloc(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: per the contract, `ptr..ptr+len` is the boxed slice `mts_alloc` leaked,
    // so rebuilding the box with the same length frees it with its own layout.
    drop(unsafe { Box::from_raw(core::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Signs a `QuerySnapshotJobList` request and writes the URL (`GET`) or the form body
/// (`POST`) to `out`. Returns its length (see the module docs) or an `ERR_*` code.
///
/// `job_ids` are joined with `,` (an id cannot contain one); `timestamp` is
/// `YYYY-MM-DDThh:mm:ssZ`; `flags` combines [`SIGN_POST`] and [`SIGN_XML`]. Sign every
/// attempt, retries included, with a fresh nonce.
///
/// # Safety
/// Each `(ptr, len)` input must be readable for `len` bytes (a null `ptr` is allowed
/// with `len` 0), and `out` writable for `out_cap` bytes, none of them overlapping `out`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // One (pointer, length) pair per text: a plain C ABI.
pub unsafe extern "C" fn mts_sign(
    key_id_ptr: *const u8,
    key_id_len: usize,
    secret_ptr: *const u8,
    secret_len: usize,
    job_ids_ptr: *const u8,
    job_ids_len: usize,
    timestamp_ptr: *const u8,
    timestamp_len: usize,
    nonce_ptr: *const u8,
    nonce_len: usize,
    region_ptr: *const u8,
    region_len: usize,
    flags: u32,
    out_ptr: *mut u8,
    out_cap: usize,
) -> i32 {
    // SAFETY: the caller's contract covers every pair, as the docs above require.
    let texts = unsafe {
        [
            text(key_id_ptr, key_id_len),
            text(secret_ptr, secret_len),
            text(job_ids_ptr, job_ids_len),
            text(timestamp_ptr, timestamp_len),
            text(nonce_ptr, nonce_len),
            text(region_ptr, region_len),
        ]
    };
    let [
        Some(key_id),
        Some(secret),
        Some(job_ids),
        Some(timestamp),
        Some(nonce),
        Some(region),
    ] = texts
    else {
        return ERR_UTF8;
    };
    let result = sign(SignInput {
        key_id,
        secret,
        job_ids,
        timestamp,
        nonce,
        region,
        flags,
    });
    match result {
        // SAFETY: the caller's contract for `out`.
        Ok(output) => unsafe { write_out(&output, out_ptr, out_cap) },
        Err(code) => code,
    }
}

/// Decodes a response body and writes its summary lines (see the module docs) to
/// `out`. Returns their length or an `ERR_*` code. `format` is [`BODY_JSON`] or
/// [`BODY_XML`]; `status` is the HTTP status (2xx success, 4xx/5xx API error).
///
/// # Safety
/// `body_ptr` must be readable for `body_len` bytes (null with 0 is allowed), and
/// `out_ptr` writable for `out_cap` bytes, not overlapping the body.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mts_decode(
    status: u32,
    format: u32,
    body_ptr: *const u8,
    body_len: usize,
    out_ptr: *mut u8,
    out_cap: usize,
) -> i32 {
    let format = match format {
        BODY_JSON => BodyFormat::Json,
        BODY_XML => BodyFormat::Xml,
        _ => return ERR_ARGUMENT,
    };
    // SAFETY: the caller's contract for the body.
    let body = unsafe { bytes(body_ptr, body_len) };
    let summary = summarize(status, format, body);
    // SAFETY: the caller's contract for `out`.
    unsafe { write_out(&summary, out_ptr, out_cap) }
}

struct SignInput<'a> {
    key_id: &'a str,
    secret: &'a str,
    job_ids: &'a str,
    timestamp: &'a str,
    nonce: &'a str,
    region: &'a str,
    flags: u32,
}

fn sign(input: SignInput<'_>) -> Result<String, i32> {
    if input.flags & !(SIGN_POST | SIGN_XML) != 0 {
        return Err(ERR_ARGUMENT);
    }
    let method = if input.flags & SIGN_POST != 0 {
        Method::Post
    } else {
        Method::Get
    };
    let format = if input.flags & SIGN_XML != 0 {
        Format::Xml
    } else {
        Format::Json
    };
    let credentials = Credentials::new(input.key_id, input.secret).map_err(|_| ERR_CREDENTIALS)?;
    let ids: Vec<&str> = input.job_ids.split(',').collect();
    let request = QuerySnapshotJobList::new()
        .job_ids(&ids)
        .map_err(|_| ERR_JOB_IDS)?
        .region_id(input.region)
        .map_err(|_| ERR_REGION)?
        .format(format)
        .method(method);
    let endpoint = Endpoint::for_region(input.region).map_err(|_| ERR_REGION)?;
    let timestamp = Timestamp::parse(input.timestamp).map_err(|_| ERR_TIMESTAMP)?;
    let signed = request
        .sign(&credentials, timestamp, input.nonce)
        .map_err(|_| ERR_SIGN)?;
    let mut out = String::new();
    let written = match method {
        Method::Get => {
            out.reserve_exact(signed.url_len(Scheme::Https, &endpoint));
            signed.write_url(Scheme::Https, &endpoint, &mut out)
        }
        Method::Post => {
            out.reserve_exact(signed.form_body_len());
            signed.write_form_body(&mut out)
        }
    };
    written.map_err(|_| ERR_SIGN)?;
    Ok(out)
}

/// The summary lines of a body; never fails (a bad body is an `invalid` line).
fn summarize(status: u32, format: BodyFormat, body: &[u8]) -> String {
    let mut out = String::new();
    // Writing into a `String` cannot fail; the results are ignored for that reason.
    let Ok(status) = u16::try_from(status) else {
        let _ = writeln!(out, "invalid HTTP status {status} is out of range");
        return out;
    };
    match decode_response(status, format, body) {
        Ok(Response::Success(response)) => {
            line(&mut out, "ok", &[&field(response.request_id)]);
            for job in response.jobs() {
                let state = job.state.map_or_else(|| "-".into(), |s| s.to_string());
                line(&mut out, "job", &[&field(job.id), &state]);
            }
            for id in response.non_existent_ids() {
                line(&mut out, "missing", &[&id.to_string()]);
            }
        }
        Ok(Response::ApiError(error)) => {
            line(
                &mut out,
                "error",
                &[&field(error.code), &field(error.message)],
            );
        }
        Err(error) => line(&mut out, "invalid", &[&error.to_string()]),
    }
    out
}

fn field(text: Option<mts_codec::text::Text<'_>>) -> String {
    text.map_or_else(|| "-".into(), |t| t.to_string())
}

/// `tag field field...` and a line break; line breaks inside a field become spaces so
/// that one line stays one record.
fn line(out: &mut String, tag: &str, fields: &[&str]) {
    out.push_str(tag);
    for f in fields {
        out.push(' ');
        out.extend(
            f.chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
    }
    out.push('\n');
}

/// The bytes at `ptr..ptr+len`; empty for a null pointer or a zero length.
///
/// # Safety
/// A non-null `ptr` must be readable for `len` bytes, which stay unchanged while the
/// returned slice lives.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: non-null and readable for `len` bytes per the caller's contract; `u8`
    // has no alignment or validity requirement.
    unsafe { core::slice::from_raw_parts(ptr, len) }
}

/// Like [`bytes`], as UTF-8 text; `None` if it is not.
///
/// # Safety
/// As for [`bytes`].
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    // SAFETY: forwarded contract.
    core::str::from_utf8(unsafe { bytes(ptr, len) }).ok()
}

/// Copies what fits of `output` to `out[..cap]`; returns the full length.
///
/// # Safety
/// A non-null `out` must be writable for `cap` bytes and not overlap `output`.
unsafe fn write_out(output: &str, out: *mut u8, cap: usize) -> i32 {
    let Ok(len) = i32::try_from(output.len()) else {
        return ERR_TOO_LONG;
    };
    let n = output.len().min(cap);
    if !out.is_null() && n > 0 {
        // SAFETY: `n <= cap` bytes are writable at `out` and do not overlap `output`.
        unsafe { core::ptr::copy_nonoverlapping(output.as_ptr(), out, n) };
    }
    len
}
