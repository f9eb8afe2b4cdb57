//! RPC v1's canonical query and string-to-sign, written by the signer and the verifier
//! alike. The canonical query is also the wire form, with `&Signature=…` appended.

use core::fmt;

use crate::percent::encode_with;

/// Writes the canonical query of `params` (sorted by key): `key=value` pairs,
/// percent-encoded, joined with `&`.
pub(crate) fn write_canonical_query<'x, W: fmt::Write + ?Sized>(
    params: impl IntoIterator<Item = (&'x str, &'x str)>,
    out: &mut W,
) -> fmt::Result {
    write_pairs(params, false, out)
}

/// Writes the string-to-sign of `params` (sorted by key), `METHOD&%2F&` +
/// percent-encode(canonical query).
pub(crate) fn write_string_to_sign<'x, W: fmt::Write + ?Sized>(
    method: &str,
    params: impl IntoIterator<Item = (&'x str, &'x str)>,
    out: &mut W,
) -> fmt::Result {
    out.write_str(method)?;
    out.write_str("&%2F&")?;
    write_pairs(params, true, out)
}

/// The canonical query, encoded once more when `twice` (the pairs' `=` and `&`
/// included): one writer, so the two texts cannot disagree.
fn write_pairs<'x, W: fmt::Write + ?Sized>(
    params: impl IntoIterator<Item = (&'x str, &'x str)>,
    twice: bool,
    out: &mut W,
) -> fmt::Result {
    let (and, equals) = if twice { ("%26", "%3D") } else { ("&", "=") };
    for (i, (key, value)) in params.into_iter().enumerate() {
        if i > 0 {
            out.write_str(and)?;
        }
        encode_with(key, twice, out)?;
        out.write_str(equals)?;
        encode_with(value, twice, out)?;
    }
    Ok(())
}
