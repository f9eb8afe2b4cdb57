//! The string-to-sign: `METHOD&%2F&` + percent-encode(canonical query).
//!
//! The canonical query is never built: each key and value is encoded twice on the fly
//! (`%` of an escape becomes `%25`), and the separators `=` and `&` become `%3D` and
//! `%26`. The signer streams this straight into the MAC.

use core::fmt;

use super::chunk::{Chunked, Flush};
use super::{ParamValue, percent};

/// `&%2F&`: the encoded path `/` between the method and the query.
const PATH: &str = "&%2F&";

/// The length of the string-to-sign for `method` and `params` (already sorted).
pub(crate) fn len<'x>(
    method: &str,
    params: impl Iterator<Item = (&'x str, ParamValue<'x>)>,
) -> usize {
    let mut total = method.len() + PATH.len();
    let mut count: usize = 0;
    for (k, v) in params {
        total += percent::double_encoded_len(k.as_bytes())
            + 3
            + percent::double_encoded_len(v.as_str().as_bytes());
        count += 1;
    }
    total + 3 * count.saturating_sub(1)
}

/// Writes the string-to-sign for `method` and `params` (already sorted).
pub(crate) fn write<'x, F: Flush, const N: usize>(
    method: &str,
    params: impl Iterator<Item = (&'x str, ParamValue<'x>)>,
    out: &mut Chunked<F, N>,
) -> fmt::Result {
    out.raw(method.as_bytes())?;
    out.raw(PATH.as_bytes())?;
    let mut first = true;
    for (k, v) in params {
        if !first {
            out.raw(b"%26")?;
        }
        first = false;
        out.encoded(k.as_bytes(), true)?;
        out.raw(b"%3D")?;
        v.write_encoded(out, true)?;
    }
    Ok(())
}
