//! The one pass over an RPC v1 request's parameters: it checks the source's
//! parameters, merges them with the common parameters, and streams the text out
//! without storing the merged list anywhere. It writes either text:
//! - the string-to-sign ([`STRING_TO_SIGN`]), into the MAC when signing and into the
//!   caller's writer for [`Signed::write_string_to_sign`](super::Signed::write_string_to_sign);
//! - the canonical query ([`CANONICAL_QUERY`]), which the signed query and the form
//!   body start with.
//!
//! It writes exactly what [`string_to_sign::write`](super::string_to_sign::write) and
//! [`canonical::write`](super::canonical::write) write for the merged list (a unit
//! test and the golden vectors hold it to that), but does less work for the parts
//! whose text the signer knows in advance:
//! - each common key is written as one constant, separators included
//!   (`%26SignatureNonce%3D` or `&SignatureNonce=`), instead of being encoded byte by
//!   byte;
//! - `SignatureMethod` and `SignatureVersion` values are constants with nothing to
//!   escape, written as they are;
//! - the timestamp's encoding has a fixed shape (`…T00%253A00%253A00Z` or
//!   `…T00%3A00%3A00Z`) and is assembled from the formatted text with a few moves.
//!
//! The signed request keeps no merged list either: its writers run the pass again, so
//! the sign step returns a small value instead of a kilobyte of borrowed pairs.

use core::fmt;

use super::chunk::{Chunked, Flush};
use super::params::SortedParams;
use super::rpc::{Format, RESERVED_PARAMETERS, SignError};
use super::signed::Parts;
use crate::Timestamp;

/// `&%2F&`: the encoded path `/` between the method and the query.
const PATH: &[u8] = b"&%2F&";

/// Which text [`write`] writes: the string-to-sign (`true`: everything encoded twice,
/// `METHOD&%2F&` in front) or the canonical query (`false`).
pub(crate) type Twice = bool;
/// [`write`] writes the string-to-sign.
pub(crate) const STRING_TO_SIGN: Twice = true;
/// [`write`] writes the canonical query.
pub(crate) const CANONICAL_QUERY: Twice = false;

/// The separator between pairs: `&`, encoded once more in the string-to-sign.
const fn and(twice: Twice) -> &'static [u8] {
    if twice { b"%26" } else { b"&" }
}

/// The separator between a key and its value: `=`, encoded once more in the
/// string-to-sign.
const fn equals(twice: Twice) -> &'static [u8] {
    if twice { b"%3D" } else { b"=" }
}

/// The reserved name `key` is equal to, if any.
#[inline]
fn reserved(key: &str) -> Option<&'static str> {
    // A `match` on the names compiles to a length switch and one comparison, cheaper
    // than a binary search over the 11 names for every key.
    match key {
        "AccessKeyId" | "Action" | "Format" | "RegionId" | "SecurityToken" | "Signature"
        | "SignatureMethod" | "SignatureNonce" | "SignatureVersion" | "Timestamp" | "Version" => {
            RESERVED_PARAMETERS.iter().find(|&&r| r == key).copied()
        }
        _ => None,
    }
}

/// `a < b` in byte order, deciding on the first eight bytes (or the first byte) when
/// they differ, without a call to `memcmp`: the common keys share their first byte
/// with many API keys (`SignatureMethod` and `SnapshotJobIds`).
#[inline(always)]
fn key_less(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if let (Some(x), Some(y)) = (x.first_chunk::<8>(), y.first_chunk::<8>()) {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x < y;
        }
    } else if let (Some(x), Some(y)) = (x.first(), y.first()) {
        if x != y {
            return x < y;
        }
    }
    a < b
}

/// How a common parameter's value goes into the string-to-sign.
#[derive(Clone, Copy)]
enum Value<'x> {
    /// Caller text: encoded twice.
    Text(&'x str),
    /// Text with nothing to escape (a constant, or already double-encoded): as it is.
    Literal(&'x [u8]),
}

/// A common parameter: its key (for the merge), `%26Key%3D` or `&Key=` (written
/// without its leading separator when it comes first) and its value.
#[derive(Clone, Copy)]
struct Common<'x> {
    key: &'static str,
    piece: &'static [u8],
    value: Value<'x>,
}

/// `%26` + `key` + `%3D` (twice) or `&` + `key` + `=`, as a constant.
macro_rules! common {
    ($twice:expr, $key:literal, $value:expr) => {
        Common {
            key: $key,
            piece: if $twice {
                concat!("%26", $key, "%3D").as_bytes()
            } else {
                concat!("&", $key, "=").as_bytes()
            },
            value: $value,
        }
    };
}

/// The timestamp `YYYY-MM-DDThh:mm:ssZ` encoded once (`YYYY-MM-DDThh%3Amm%3AssZ`) or
/// twice (`YYYY-MM-DDThh%253Amm%253AssZ`): the first `len` bytes of the array.
pub(crate) fn encoded_timestamp(
    text: &[u8; Timestamp::FORMATTED_LEN],
    twice: Twice,
) -> ([u8; Timestamp::FORMATTED_LEN + 8], usize) {
    // Fixed positions: the compiler assembles this with a few moves, no copy loop.
    let [
        y0,
        y1,
        y2,
        y3,
        dash1,
        mo0,
        mo1,
        dash2,
        d0,
        d1,
        t,
        h0,
        h1,
        _,
        mi0,
        mi1,
        _,
        s0,
        s1,
        z,
    ] = *text;
    let head = [y0, y1, y2, y3, dash1, mo0, mo1, dash2, d0, d1, t, h0, h1];
    let [a, b, c, d, e, f, g, h, i, j, k, l, m] = head;
    if twice {
        let [c0, c1, c2, c3, c4] = *b"%253A";
        let encoded = [
            a, b, c, d, e, f, g, h, i, j, k, l, m, c0, c1, c2, c3, c4, mi0, mi1, c0, c1, c2, c3,
            c4, s0, s1, z,
        ];
        (encoded, Timestamp::FORMATTED_LEN + 8)
    } else {
        let [c0, c1, c2] = *b"%3A";
        let encoded = [
            a, b, c, d, e, f, g, h, i, j, k, l, m, c0, c1, c2, mi0, mi1, c0, c1, c2, s0, s1, z, 0,
            0, 0, 0,
        ];
        (encoded, Timestamp::FORMATTED_LEN + 4)
    }
}

/// How many common parameters there are (`RegionId` and `SecurityToken` may be absent).
const COMMON_COUNT: usize = 10;

/// Common parameter `at` in key order, or `None` when it is absent. Built on demand
/// rather than as an array: the pass then neither fills nor copies ten entries.
#[inline(always)]
fn common_at<'x, P: ?Sized, const TWICE: Twice>(
    parts: &Parts<'x, P>,
    timestamp: &'x [u8],
    at: usize,
) -> Option<Common<'x>> {
    let signer = &parts.signer;
    // Text already known to be unreserved bytes only is written as it is.
    let value = |text: &'x str, literal: bool| {
        if literal {
            Value::Literal(text.as_bytes())
        } else {
            Value::Text(text)
        }
    };
    Some(match at {
        0 => common!(
            TWICE,
            "AccessKeyId",
            value(parts.access_key_id, parts.access_key_id_literal)
        ),
        1 => common!(TWICE, "Action", value(signer.action, signer.names_literal)),
        2 => common!(
            TWICE,
            "Format",
            value(
                signer.format.as_str(),
                !matches!(signer.format, Format::Other(_))
            )
        ),
        3 => common!(
            TWICE,
            "RegionId",
            value(signer.region_id?, signer.region_literal)
        ),
        4 => common!(TWICE, "SecurityToken", Value::Text(parts.security_token?)),
        5 => common!(TWICE, "SignatureMethod", Value::Literal(b"HMAC-SHA1")),
        6 => common!(TWICE, "SignatureNonce", Value::Text(parts.nonce)),
        7 => common!(TWICE, "SignatureVersion", Value::Literal(b"1.0")),
        8 => common!(TWICE, "Timestamp", Value::Literal(timestamp)),
        _ => common!(
            TWICE,
            "Version",
            value(signer.version, signer.names_literal)
        ),
    })
}

/// Writes common parameter `c`, after the pair separator unless `skip` is its
/// length (the first parameter).
#[inline(always)]
fn emit_common<F: Flush, const N: usize>(
    c: &Common<'_>,
    skip: &mut usize,
    twice: Twice,
    out: &mut Chunked<F, N>,
) -> fmt::Result {
    out.raw(c.piece.get(*skip..).unwrap_or_default())?;
    *skip = 0;
    match c.value {
        Value::Text(text) => out.encoded(text.as_bytes(), twice),
        Value::Literal(bytes) => out.raw(bytes),
    }
}

/// Writes the string-to-sign (`TWICE`) or the canonical query of `parts` into `out`,
/// checking the source on the way.
///
/// A source that is not strictly sorted or that names a reserved parameter leaves its
/// error in `error` and stops the pass (the caller discards the output).
pub(crate) fn write<P: SortedParams + ?Sized, F: Flush, const N: usize, const TWICE: Twice>(
    parts: &Parts<'_, P>,
    error: &mut Option<SignError>,
    out: &mut Chunked<F, N>,
) -> fmt::Result {
    let (timestamp, timestamp_len) = encoded_timestamp(&parts.timestamp, TWICE);
    let timestamp = timestamp.get(..timestamp_len).unwrap_or_default();
    if TWICE {
        out.raw(parts.signer.method.as_str().as_bytes())?;
        out.raw(PATH)?;
    }
    let and = and(TWICE);
    // The first parameter has no separator before it: `skip` is its length until one
    // is written.
    let mut skip = and.len();
    // The next common parameter to write.
    let mut at = 0;
    let mut previous: Option<&str> = None;
    // Two loops, each with the ten common parameters' code: one loop testing for the
    // source's end on each common parameter cost about 100 more instructions per
    // 10-id signature (and 1–2% of its time), for 2.4 KB less wasm.
    for (i, (key, value)) in parts.params.sorted_values().enumerate() {
        if let Some(name) = reserved(key) {
            *error = Some(SignError::ReservedParameter { name });
            return Err(fmt::Error);
        }
        if previous.is_some_and(|p| !key_less(p, key)) {
            *error = Some(SignError::UnsortedParams { after: i });
            return Err(fmt::Error);
        }
        previous = Some(key);
        out.early_block()?;
        while at < COMMON_COUNT {
            match common_at::<_, TWICE>(parts, timestamp, at) {
                Some(c) if !key_less(c.key, key) => break,
                Some(c) => emit_common(&c, &mut skip, TWICE, out)?,
                None => {}
            }
            at += 1;
        }
        out.raw(and.get(skip..).unwrap_or_default())?;
        skip = 0;
        out.encoded(key.as_bytes(), TWICE)?;
        out.raw(equals(TWICE))?;
        value.write_encoded(out, TWICE)?;
    }
    while at < COMMON_COUNT {
        if let Some(c) = common_at::<_, TWICE>(parts, timestamp, at) {
            emit_common(&c, &mut skip, TWICE, out)?;
        }
        at += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::chunk::ToFmt;
    use crate::signing::{Format, Params, RpcSigner, canonical, string_to_sign};

    /// The pass's text and the reference writer's, for the string-to-sign (`TWICE`)
    /// or the canonical query.
    fn both<const TWICE: Twice>(
        parts: &Parts<'_, Params<'_, 8>>,
    ) -> (heapless::String<4096>, heapless::String<4096>) {
        let mut fast = heapless::String::<4096>::new();
        let mut chunked = Chunked::<_, 256>::new(ToFmt(&mut fast));
        let mut error = None;
        write::<_, _, 256, TWICE>(parts, &mut error, &mut chunked).unwrap();
        assert_eq!(error, None);
        chunked.finish().unwrap();
        let mut reference = heapless::String::<4096>::new();
        let mut chunked = Chunked::<_, 256>::new(ToFmt(&mut reference));
        if TWICE {
            string_to_sign::write(parts.signer.method.as_str(), parts.streamed(), &mut chunked)
                .unwrap();
        } else {
            canonical::write(parts.streamed(), &mut chunked).unwrap();
        }
        chunked.finish().unwrap();
        (fast, reference)
    }

    #[test]
    fn writes_what_the_reference_writer_writes() {
        let keys = [
            "A",
            "AccessKeyIe",
            "Actio",
            "B",
            "RegionIc",
            "SecurityTokens",
            "SignatureMethoe",
            "SignatureN",
            "Sz",
            "Tag.1",
            "Timestamq",
            "Versio",
            "Versions",
            "a",
            "~",
        ];
        // Names that need encoding (the byte-by-byte path) and names known to be
        // unreserved (written as they are), with either kind of access key id.
        let signers = [
            RpcSigner::new("Act ion", "2014-06-18"),
            RpcSigner::new("A", "v")
                .format(Format::Other("j,s"))
                .region_id("cn hz"),
            RpcSigner::new("QuerySnapshotJobList", "2014-06-18")
                .format(Format::Xml)
                .region_id("cn-hangzhou"),
            RpcSigner::new("A", "v").checked_region_id("r_1"),
        ];
        for (signer, (access_key_id, literal)) in signers
            .into_iter()
            .zip([("id:1", false), ("id-1", true)].into_iter().cycle())
        {
            assert_eq!(signer.names_literal, !signer.action.contains(' '));
            assert_eq!(literal, crate::signing::percent::is_literal(access_key_id));
            for token in [None, Some("tok+en/=")] {
                for (i, &k1) in keys.iter().enumerate() {
                    for &k2 in keys.iter().skip(i + 1).step_by(3) {
                        let mut params = Params::<8>::new();
                        params.insert(k1, "v 1,é").unwrap();
                        params.insert(k2, "2").unwrap();
                        let parts = Parts {
                            signer,
                            access_key_id,
                            access_key_id_literal: literal,
                            security_token: token,
                            nonce: "n%",
                            timestamp: *b"2024-02-29T23:59:58Z",
                            params: &params,
                        };
                        let (fast, reference) = both::<STRING_TO_SIGN>(&parts);
                        assert_eq!(fast, reference, "{k1} {k2} {token:?}");
                        let (fast, reference) = both::<CANONICAL_QUERY>(&parts);
                        assert_eq!(fast, reference, "query: {k1} {k2} {token:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_empty_source_is_only_the_common_parameters() {
        let params = Params::<8>::new();
        let parts = Parts {
            signer: RpcSigner::new("A", "v"),
            access_key_id: "id",
            access_key_id_literal: true,
            security_token: None,
            nonce: "n",
            timestamp: *b"2024-01-01T00:00:00Z",
            params: &params,
        };
        let (fast, reference) = both::<STRING_TO_SIGN>(&parts);
        assert_eq!(fast, reference);
        assert!(fast.starts_with("POST&%2F&AccessKeyId%3Did%26Action"));
        assert!(fast.contains("%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26"));
        let (fast, reference) = both::<CANONICAL_QUERY>(&parts);
        assert_eq!(fast, reference);
        assert!(fast.starts_with("AccessKeyId=id&Action"));
        assert!(fast.contains("&Timestamp=2024-01-01T00%3A00%3A00Z&"));
    }
}
