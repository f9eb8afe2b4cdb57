//! The string-to-sign: `METHOD&%2F&` + percent-encode(canonical query).
//!
//! The canonical query is never built: each key and value is encoded twice on the fly
//! (`%` of an escape becomes `%25`), and the separators `=` and `&` become `%3D` and
//! `%26`. The signer streams this straight into the MAC.

use core::fmt;

use super::percent;

/// `&%2F&`: the encoded path `/` between the method and the query.
const PATH: &str = "&%2F&";

/// The length of the string-to-sign for `method` and `params` (already sorted).
pub(crate) fn len<'x>(method: &str, params: impl Iterator<Item = (&'x str, &'x str)>) -> usize {
    let mut total = method.len() + PATH.len();
    let mut count: usize = 0;
    for (k, v) in params {
        total += percent::double_encoded_len(k.as_bytes())
            + 3
            + percent::double_encoded_len(v.as_bytes());
        count += 1;
    }
    total + 3 * count.saturating_sub(1)
}

/// Writes the string-to-sign for `method` and `params` (already sorted).
pub(crate) fn write<'x, W: fmt::Write + ?Sized>(
    method: &str,
    params: impl Iterator<Item = (&'x str, &'x str)>,
    out: &mut W,
) -> fmt::Result {
    out.write_str(method)?;
    out.write_str(PATH)?;
    let mut first = true;
    for (k, v) in params {
        if !first {
            out.write_str("%26")?;
        }
        first = false;
        percent::encode_twice(k, out)?;
        out.write_str("%3D")?;
        percent::encode_twice(v, out)?;
    }
    Ok(())
}
