//! [`WriteError`]: a signed request's text did not fit the writer it was written to.

use core::fmt;

/// Why a `write_*` method of [`Signed`](super::Signed) or [`SignedV3`](super::SignedV3)
/// stopped: almost always a fixed-capacity buffer (`heapless::String<N>`, a byte
/// array) too small for the text.
///
/// It names the text, the bytes it needs (what its `*_len` twin returns) and the
/// bytes the writer took before it refused, which for a fixed-capacity buffer is its
/// capacity (to within 3 bytes: a character is never split). Size the buffer from the
/// `*_len` method, or write into a `String`, which never refuses.
///
/// ```
/// use mts_codec::Timestamp;
/// use mts_codec::endpoint::Endpoint;
/// use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
/// use mts_codec::signing::{Credentials, Scheme};
///
/// let token = "CAIS".repeat(300); // an STS token of 1,200 bytes
/// let credentials = Credentials::new("STS.demo-key-id", "demo-secret")?
///     .with_security_token(&token)?;
/// let request = QuerySnapshotJobList::new().job_ids(&["88c6ca184c0e47098a5b665e2a126797"])?;
/// let signed = request.sign(&credentials, Timestamp::from_unix_seconds(1_704_067_200)?, "n1")?;
/// let endpoint = Endpoint::for_region("cn-hangzhou")?;
///
/// let mut url = heapless::String::<1024>::new();
/// let error = signed.write_url(Scheme::Https, &endpoint, &mut url).unwrap_err();
/// assert_eq!(error.needed(), signed.url_len(Scheme::Https, &endpoint));
/// assert_eq!(error.accepted(), 1024);
/// assert!(error.to_string().ends_with("refused it after 1024; size the buffer from url_len()"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WriteError {
    output: Output,
    needed: usize,
    accepted: usize,
}

/// A text the signed requests write, with the name of its `*_len` method.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Output(&'static str, &'static str);

impl Output {
    pub(super) const CANONICAL_QUERY: Self = Self("canonical query", "canonical_query_len");
    pub(super) const STRING_TO_SIGN: Self = Self("string-to-sign", "string_to_sign_len");
    pub(super) const QUERY: Self = Self("query", "query_len");
    pub(super) const PATH_AND_QUERY: Self = Self("path and query", "path_and_query_len");
    pub(super) const URL: Self = Self("URL", "url_len");
    pub(super) const FORM_BODY: Self = Self("form body", "form_body_len");
    pub(super) const SIGNED_HEADERS: Self = Self("signed headers", "signed_headers_len");
    pub(super) const CANONICAL_REQUEST: Self = Self("canonical request", "canonical_request_len");
    pub(super) const AUTHORIZATION: Self = Self("Authorization value", "authorization_len");
}

impl WriteError {
    /// What was being written: `URL`, `form body`, `canonical query`, ...
    pub fn output(&self) -> &'static str {
        self.output.0
    }

    /// The bytes the whole text needs: what its `*_len` method returns.
    pub fn needed(&self) -> usize {
        self.needed
    }

    /// The bytes the writer took before it refused: for a fixed-capacity buffer, its
    /// capacity (to within 3 bytes). After the error the writer holds that prefix of
    /// the text.
    pub fn accepted(&self) -> usize {
        self.accepted
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Output(name, len_method) = self.output;
        write!(
            f,
            "cannot write the {name}: it needs {} bytes and the writer refused it after {}; \
             size the buffer from {len_method}()",
            self.needed, self.accepted
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for WriteError {}

impl From<WriteError> for fmt::Error {
    /// For `?` inside `Display` impls and other `fmt::Result` code.
    fn from(_: WriteError) -> Self {
        fmt::Error
    }
}

/// Runs `write` into `out`, counting what `out` takes; once `out` refuses, the rest is
/// counted unwritten, so the error knows the whole length.
pub(super) fn measured<W: fmt::Write + ?Sized>(
    out: &mut W,
    output: Output,
    write: impl FnOnce(&mut Measured<'_, W>) -> fmt::Result,
) -> Result<(), WriteError> {
    let mut measured = Measured {
        out,
        accepted: 0,
        needed: 0,
        refused: false,
    };
    match write(&mut measured) {
        Ok(()) if !measured.refused => Ok(()),
        _ => Err(WriteError {
            output,
            needed: measured.needed,
            accepted: measured.accepted,
        }),
    }
}

/// A writer that counts the bytes its inner writer accepts and, once it refuses, the
/// bytes it would have had to take.
pub(super) struct Measured<'w, W: ?Sized> {
    out: &'w mut W,
    accepted: usize,
    needed: usize,
    refused: bool,
}

impl<W: fmt::Write + ?Sized> fmt::Write for Measured<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.needed += s.len();
        if self.refused {
            return Ok(());
        }
        if self.out.write_str(s).is_ok() {
            self.accepted += s.len();
            return Ok(());
        }
        self.refused = true;
        // The text comes in chunks: offer the refused one a character at a time, so that
        // `accepted` reaches a fixed buffer's capacity rather than the last chunk's start.
        for c in s.chars() {
            if self.out.write_char(c).is_err() {
                break;
            }
            self.accepted += c.len_utf8();
        }
        Ok(())
    }
}

/// Defines, for each text of a signed request, `write_*` (into any `fmt::Write`,
/// failing with a [`WriteError`]) and its `*_len` twin: the same writer, counted.
macro_rules! texts {
    ($($(#[$doc:meta])* $output:ident: $write:ident, $len:ident, |$this:ident, $out:ident| $body:expr;)*) => {$(
        #[doc = concat!("Length of [`", stringify!($write), "`](Self::", stringify!($write), ")'s output.")]
        pub fn $len(&self) -> usize {
            let $this = self;
            super::write_error::len_of(|$out| $body)
        }

        $(#[$doc])*
        ///
        /// # Errors
        /// [`WriteError`] when `out` refuses the text.
        pub fn $write<W: fmt::Write + ?Sized>(&self, out: &mut W) -> Result<(), WriteError> {
            let $this = self;
            super::write_error::measured(out, super::write_error::Output::$output, |$out| $body)
        }
    )*};
}
pub(super) use texts;

/// The number of bytes `write` writes: every `*_len` method is its writer, counted.
pub(crate) fn len_of(write: impl FnOnce(&mut Count) -> fmt::Result) -> usize {
    let mut count = Count(0);
    // Counting never refuses, and the writers fail only when their writer does.
    match write(&mut count) {
        Ok(()) | Err(fmt::Error) => count.0,
    }
}

/// A writer that only counts.
pub(crate) struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
