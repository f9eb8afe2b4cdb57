//! Signature v3's canonical request and string-to-sign, written by the signer and the
//! verifier alike (spec §3.2).

use core::fmt;

use sha2::{Digest as _, Sha256};

use super::digest_text::{Digesting, digest_text};
use super::v1_canonical::write_canonical_query;

/// `ACS3-HMAC-SHA256`, the algorithm name.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The 64 lower-case hex digits of a SHA-256 value.
pub(crate) type Hex256 = [u8; 64];

/// Length of the v3 string-to-sign: `ACS3-HMAC-SHA256\n` + 64 hex digits.
pub(crate) const STRING_TO_SIGN_LEN: usize = V3_ALGORITHM.len() + 1 + 64;

/// Writes the canonical request: `METHOD\n/\n<canonical query>\n<name:value\n per
/// header>\n<names joined by ;>\n<body hash>`. `headers` come sorted by lower-cased
/// name, values trimmed; the names are written lower-cased.
pub(crate) fn write_canonical_request<'x, W: fmt::Write + ?Sized>(
    method: &str,
    query: impl IntoIterator<Item = (&'x str, &'x str)>,
    headers: impl Iterator<Item = (&'x str, &'x str)> + Clone,
    content_sha256: &str,
    out: &mut W,
) -> fmt::Result {
    out.write_str(method)?;
    out.write_str("\n/\n")?;
    write_canonical_query(query, out)?;
    out.write_str("\n")?;
    for (name, value) in headers.clone() {
        write_lower(name, out)?;
        out.write_str(":")?;
        out.write_str(value)?;
        out.write_str("\n")?;
    }
    out.write_str("\n")?;
    write_signed_headers(headers.map(|(name, _)| name), out)?;
    out.write_str("\n")?;
    out.write_str(content_sha256)
}

/// Writes the signed header names, lower-cased, joined with `;`.
pub(crate) fn write_signed_headers<'x, W: fmt::Write + ?Sized>(
    names: impl Iterator<Item = &'x str>,
    out: &mut W,
) -> fmt::Result {
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.write_str(";")?;
        }
        write_lower(name, out)?;
    }
    Ok(())
}

/// Writes `name` lower-cased.
fn write_lower<W: fmt::Write + ?Sized>(name: &str, out: &mut W) -> fmt::Result {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return out.write_str(name);
    }
    name.chars()
        .try_for_each(|c| out.write_char(c.to_ascii_lowercase()))
}

/// SHA-256 of the canonical request `write` writes.
pub(crate) fn hash_canonical_request(
    write: impl FnOnce(&mut Digesting<'_, Sha256>) -> fmt::Result,
) -> Result<[u8; 32], fmt::Error> {
    let mut sha = Sha256::new();
    digest_text(&mut sha, write)?;
    Ok(sha.finalize().into())
}

/// Writes the string-to-sign, `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`.
pub(crate) fn write_string_to_sign<W: fmt::Write + ?Sized>(
    request_hash: &Hex256,
    out: &mut W,
) -> fmt::Result {
    out.write_str(V3_ALGORITHM)?;
    out.write_str("\n")?;
    out.write_str(hex_text(request_hash))
}

/// Lower-case hex of 32 bytes.
pub(crate) fn hex(bytes: &[u8; 32]) -> Hex256 {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    #[expect(
        clippy::indexing_slicing,
        reason = "i < 64 so i / 2 < 32, and a nibble indexes 16 digits"
    )]
    let digits = core::array::from_fn(|i| {
        let byte = bytes[i / 2];
        DIGITS[usize::from(if i % 2 == 0 { byte >> 4 } else { byte & 0xF })]
    });
    digits
}

/// The text of [`hex`]'s digits.
#[expect(clippy::expect_used, reason = "`hex` writes ASCII digits only")]
pub(crate) fn hex_text(hex: &Hex256) -> &str {
    core::str::from_utf8(hex).expect("ASCII")
}
