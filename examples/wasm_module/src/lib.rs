//! The crate as a WebAssembly module with a C ABI, for a JavaScript (or any wasm) host.
//!
//! It is its own package (`examples/wasm_module/Cargo.toml`), so that it links the
//! library as a `no_std` user's module does. Build (`.ci/run` does this and checks the
//! size):
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown \
//!     --manifest-path examples/wasm_module/Cargo.toml --target-dir target
//! node tests/wasm/run.mjs   # signs and decodes through the module, compares with the CLI
//! ```
//!
//! On `wasm32` the module is `no_std` + `alloc`, like the library here: it brings its own
//! global allocator ([`size_classes`], a few hundred bytes where `std`'s dlmalloc is
//! about 7 KiB) and a panic handler that traps. Nothing here panics on any input, and
//! the profile sets `panic = "abort"`, so no unwinding code is kept. Built for another
//! target (`cargo check` on a laptop), it links `std` and its allocator.
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
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{Credentials, Format, Method, Scheme};
use mts_codec::{Format as BodyFormat, Response, decode_response};

#[cfg(target_arch = "wasm32")]
mod size_classes;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: size_classes::SizeClasses = size_classes::SizeClasses::new();

/// Nothing here panics (see the module docs); should something anyway, the module
/// traps, and the host's call throws.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

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
    let buffer: Box<[u8]> = alloc::vec![0u8; len].into_boxed_slice();
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
    // The `String` grows as it is written: sizing it first with `url_len` or
    // `form_body_len` (what a caller with a fixed buffer does) would link a second
    // pass over the parameters into the module.
    let mut out = String::new();
    let written = match method {
        Method::Get => signed.write_url(Scheme::Https, &endpoint, &mut out),
        Method::Post => signed.write_form_body(&mut out),
    };
    written.map_err(|_| ERR_SIGN)?;
    Ok(out)
}

/// The summary lines of a body; never fails (a bad body is an `invalid` line).
fn summarize(status: u32, format: BodyFormat, body: &[u8]) -> String {
    let mut out = Lines(String::new());
    let Ok(status) = u16::try_from(status) else {
        out.line(format_args!("invalid HTTP status {status} is out of range"));
        return out.0;
    };
    match decode_response(status, format, body) {
        Ok(Response::Success(response)) => {
            out.line(format_args!("ok {}", Field(response.request_id)));
            for job in response.jobs() {
                let (id, state) = (Field(job.id), Field(job.state.as_ref()));
                out.line(format_args!("job {id} {state}"));
            }
            for id in response.non_existent_ids() {
                out.line(format_args!("missing {id}"));
            }
        }
        Ok(Response::ApiError(error)) => {
            let (code, message) = (Field(error.code), Field(error.message));
            out.line(format_args!("error {code} {message}"));
        }
        Err(error) => out.line(format_args!("invalid {error}")),
    }
    out.0
}

/// An optional field as its text, `-` when absent.
struct Field<T>(Option<T>);

impl<T: core::fmt::Display> core::fmt::Display for Field<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            Some(value) => value.fmt(f),
            None => f.write_str("-"),
        }
    }
}

/// Summary lines: a line break inside a field becomes a space, so that one line stays
/// one record.
struct Lines(String);

impl Lines {
    /// Writes `text` and a line break.
    fn line(&mut self, text: core::fmt::Arguments<'_>) {
        // Writing into a `String` cannot fail.
        let _ = self.write_fmt(text);
        self.0.push('\n');
    }
}

impl core::fmt::Write for Lines {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let one_line = s
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c });
        self.0.extend(one_line);
        Ok(())
    }
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
