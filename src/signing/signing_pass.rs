//! The one pass of RPC v1 signing: it checks the source's parameters, merges them
//! with the common parameters, and streams the string-to-sign into the MAC, without
//! storing the merged list anywhere.
//!
//! It writes exactly what [`string_to_sign::write`](super::string_to_sign::write) writes
//! for the merged list (a unit test and the golden vectors hold it to that), but does
//! less work for the parts whose text the signer knows in advance:
//! - each common key is written as one constant, separators included
//!   (`%26SignatureNonce%3D`), instead of being encoded twice byte by byte, by
//!   straight-line code that merges the source's parameters in before each;
//! - `SignatureMethod` and `SignatureVersion` values are constants with nothing to
//!   escape, written as they are;
//! - the timestamp's double encoding has a fixed shape (`…T00%253A00%253A00Z`) and is
//!   assembled from the formatted text with three copies.
//!
//! The signed request keeps no merged list either: its writers merge the common
//! parameters and the source again when they run (see `Parts::streamed`), so the sign
//! step returns a small value instead of a kilobyte of borrowed pairs.

use core::fmt;

use super::chunk::{Chunked, Flush};
use super::params::SortedParams;
use super::rpc::{RESERVED_PARAMETERS, SignError};
use super::signed::Parts;
use crate::Timestamp;

/// `&%2F&`: the encoded path `/` between the method and the query.
const PATH: &[u8] = b"&%2F&";

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

/// The timestamp `YYYY-MM-DDThh:mm:ssZ` encoded twice: `YYYY-MM-DDThh%253Amm%253AssZ`.
pub(crate) fn double_encoded_timestamp(
    text: &[u8; Timestamp::FORMATTED_LEN],
) -> [u8; Timestamp::FORMATTED_LEN + 8] {
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
    let colon = *b"%253A";
    let [c0, c1, c2, c3, c4] = colon;
    [
        y0, y1, y2, y3, dash1, mo0, mo1, dash2, d0, d1, t, h0, h1, c0, c1, c2, c3, c4, mi0, mi1,
        c0, c1, c2, c3, c4, s0, s1, z,
    ]
}

/// The source's parameters, checked one ahead (no reserved name, strictly increasing
/// keys) and written when the merge reaches them.
struct Api<'x, 'e, I> {
    params: I,
    /// The next parameter, checked, not yet written.
    next: Option<(&'x str, &'x str)>,
    /// How many the source has yielded.
    index: usize,
    error: &'e mut Option<SignError>,
}

impl<'x, I: Iterator<Item = (&'x str, &'x str)>> Api<'x, '_, I> {
    /// Takes the next parameter from the source and checks it.
    #[inline(always)]
    fn advance(&mut self) -> fmt::Result {
        let previous = self.next.map(|(key, _)| key);
        self.next = self.params.next();
        let Some((key, _)) = self.next else {
            return Ok(());
        };
        if let Some(name) = reserved(key) {
            *self.error = Some(SignError::ReservedParameter { name });
            return Err(fmt::Error);
        }
        if previous.is_some_and(|p| !key_less(p, key)) {
            *self.error = Some(SignError::UnsortedParams { after: self.index });
            return Err(fmt::Error);
        }
        self.index += 1;
        Ok(())
    }

    /// Writes `%26key%3Dvalue` for each parameter whose key sorts before `bound`.
    #[inline(always)]
    fn write_before<F: Flush, const N: usize>(
        &mut self,
        bound: &str,
        out: &mut Chunked<F, N>,
    ) -> fmt::Result {
        while let Some((key, value)) = self.next {
            if !key_less(key, bound) {
                break;
            }
            out.raw(b"%26")?;
            self.write(key, value, out)?;
        }
        Ok(())
    }

    /// Writes `key%3Dvalue`, both encoded twice, and moves on.
    #[inline(always)]
    fn write<F: Flush, const N: usize>(
        &mut self,
        key: &str,
        value: &str,
        out: &mut Chunked<F, N>,
    ) -> fmt::Result {
        out.encoded(key.as_bytes(), true)?;
        out.raw(b"%3D")?;
        out.encoded(value.as_bytes(), true)?;
        self.advance()
    }
}

/// Writes the string-to-sign of `parts` into `out`, checking the source on the way.
///
/// A source that is not strictly sorted or that names a reserved parameter leaves its
/// error in `error` and stops the pass (the caller discards the output).
///
/// The common parameters are written in key order by straight-line code, each with
/// its `%26Key%3D` as a constant, and the source's parameters are merged in before
/// each of them. (A loop over the common parameters with a `match` on its index was
/// measured slower: its jump table and the "is this one present" tests branch on
/// data, and the constants' lengths were not known where they were copied.)
pub(crate) fn write<P: SortedParams + ?Sized, F: Flush, const N: usize>(
    parts: &Parts<'_, P>,
    error: &mut Option<SignError>,
    out: &mut Chunked<F, N>,
) -> fmt::Result {
    let signer = &parts.signer;
    let timestamp = double_encoded_timestamp(&parts.timestamp);
    out.raw(signer.method.as_str().as_bytes())?;
    out.raw(PATH)?;
    let mut api = Api {
        params: parts.params.sorted_params(),
        next: None,
        index: 0,
        error,
    };
    api.advance()?;
    // Only parameters sorting before `AccessKeyId` may come first, without `%26`.
    let mut first = true;
    while let Some((key, value)) = api.next {
        if !key_less(key, "AccessKeyId") {
            break;
        }
        if !first {
            out.raw(b"%26")?;
        }
        first = false;
        api.write(key, value, out)?;
    }
    out.raw(if first {
        b"AccessKeyId%3D"
    } else {
        b"%26AccessKeyId%3D"
    })?;
    out.encoded(parts.access_key_id.as_bytes(), true)?;
    api.write_before("Action", out)?;
    out.raw(b"%26Action%3D")?;
    out.encoded(signer.action.as_bytes(), true)?;
    api.write_before("Format", out)?;
    out.raw(b"%26Format%3D")?;
    out.encoded(signer.format.as_str().as_bytes(), true)?;
    if let Some(region_id) = signer.region_id {
        api.write_before("RegionId", out)?;
        out.raw(b"%26RegionId%3D")?;
        out.encoded(region_id.as_bytes(), true)?;
    }
    if let Some(token) = parts.security_token {
        api.write_before("SecurityToken", out)?;
        out.raw(b"%26SecurityToken%3D")?;
        out.encoded(token.as_bytes(), true)?;
    }
    api.write_before("SignatureMethod", out)?;
    out.raw(b"%26SignatureMethod%3DHMAC-SHA1")?;
    api.write_before("SignatureNonce", out)?;
    out.raw(b"%26SignatureNonce%3D")?;
    out.encoded(parts.nonce.as_bytes(), true)?;
    api.write_before("SignatureVersion", out)?;
    out.raw(b"%26SignatureVersion%3D1.0")?;
    api.write_before("Timestamp", out)?;
    out.raw(b"%26Timestamp%3D")?;
    out.raw(&timestamp)?;
    api.write_before("Version", out)?;
    out.raw(b"%26Version%3D")?;
    out.encoded(signer.version.as_bytes(), true)?;
    while let Some((key, value)) = api.next {
        out.raw(b"%26")?;
        api.write(key, value, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::chunk::ToFmt;
    use crate::signing::{Format, Params, RpcSigner, string_to_sign};

    fn both(parts: &Parts<'_, Params<'_, 8>>) -> (heapless::String<4096>, heapless::String<4096>) {
        let mut fast = heapless::String::<4096>::new();
        let mut chunked = Chunked::<_, 256>::new(ToFmt(&mut fast));
        let mut error = None;
        write(parts, &mut error, &mut chunked).unwrap();
        assert_eq!(error, None);
        chunked.finish().unwrap();
        let mut reference = heapless::String::<4096>::new();
        let mut chunked = Chunked::<_, 256>::new(ToFmt(&mut reference));
        string_to_sign::write(parts.signer.method.as_str(), parts.streamed(), &mut chunked)
            .unwrap();
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
        let signers = [
            RpcSigner::new("Act ion", "2014-06-18"),
            RpcSigner::new("A", "v")
                .format(Format::Other("j,s"))
                .region_id("cn hz"),
        ];
        for signer in signers {
            for token in [None, Some("tok+en/=")] {
                for (i, &k1) in keys.iter().enumerate() {
                    for &k2 in keys.iter().skip(i + 1).step_by(3) {
                        let mut params = Params::<8>::new();
                        params.insert(k1, "v 1,é").unwrap();
                        params.insert(k2, "2").unwrap();
                        let parts = Parts {
                            signer,
                            access_key_id: "id:1",
                            security_token: token,
                            nonce: "n%",
                            timestamp: *b"2024-02-29T23:59:58Z",
                            params: &params,
                        };
                        let (fast, reference) = both(&parts);
                        assert_eq!(fast, reference, "{k1} {k2} {token:?}");
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
            security_token: None,
            nonce: "n",
            timestamp: *b"2024-01-01T00:00:00Z",
            params: &params,
        };
        let (fast, reference) = both(&parts);
        assert_eq!(fast, reference);
        assert!(fast.starts_with("POST&%2F&AccessKeyId%3Did%26Action"));
        assert!(fast.contains("%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26"));
    }
}
