//! The canonical query: `key=value` pairs, percent-encoded, sorted, joined with `&`.
//!
//! It is also the wire form: the signed query is the canonical query followed by
//! `&Signature=<encoded signature>`, and a form body is the same text.

use core::fmt;

use super::ParamValue;
use super::chunk::{Chunked, Flush};
use super::percent;

/// The length of the canonical query of `params` (already sorted).
pub(crate) fn len<'x>(params: impl Iterator<Item = (&'x str, ParamValue<'x>)>) -> usize {
    let mut total = 0;
    let mut count: usize = 0;
    for (k, v) in params {
        total +=
            percent::encoded_len(k.as_bytes()) + 1 + percent::encoded_len(v.as_str().as_bytes());
        count += 1;
    }
    total + count.saturating_sub(1)
}

/// Writes the canonical query of `params` (already sorted).
pub(crate) fn write<'x, F: Flush, const N: usize>(
    params: impl Iterator<Item = (&'x str, ParamValue<'x>)>,
    out: &mut Chunked<F, N>,
) -> fmt::Result {
    let mut first = true;
    for (k, v) in params {
        if !first {
            out.raw(b"&")?;
        }
        first = false;
        out.encoded(k.as_bytes(), false)?;
        out.raw(b"=")?;
        v.write_encoded(out, false)?;
    }
    Ok(())
}
