//! The full parameter list of an RPC v1 request, merged and checked once.
//!
//! The signer merges its common parameters (`AccessKeyId`, `Action`, …) with the API
//! parameters of the source in one pass, checks the source on the way (strictly
//! increasing keys, no reserved name), and keeps the result in a stack array of
//! borrowed pairs. The signature and every text written afterwards walk that array,
//! so the source's iterator chain runs once per request instead of once per output.
//! A source with more parameters than the array holds is checked the same way and
//! then merged again on each pass.

use super::params::SortedParams;
use super::rpc::{RESERVED_PARAMETERS, SignError};

/// How many parameters (common plus API) the array holds. A `QuerySnapshotJobList`
/// has at most 25.
pub(crate) const MERGED_CAP: usize = 32;

/// Merged, sorted `(key, value)` pairs.
///
/// The timestamp's text is owned by the signed request that holds this list, so its
/// entry is stored with an empty value and filled in by [`Merged::iter`].
#[derive(Clone, Copy)]
pub(crate) struct Merged<'s> {
    pairs: [(&'s str, &'s str); MERGED_CAP],
    /// How many pairs, or `None` when the source did not fit.
    len: Option<usize>,
    timestamp_at: usize,
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

impl<'s> Merged<'s> {
    /// Merges `common` (sorted; entry `timestamp_at` is the timestamp) with the pairs
    /// of `params`, checking them.
    ///
    /// # Errors
    /// [`SignError::ReservedParameter`] or [`SignError::UnsortedParams`].
    pub(crate) fn new<P: SortedParams + ?Sized>(
        common: &[(&'s str, &'s str)],
        timestamp_at: usize,
        params: &'s P,
    ) -> Result<Self, SignError> {
        let mut pairs = [("", ""); MERGED_CAP];
        let mut len = 0;
        let mut merged_timestamp_at = 0;
        let mut push = |pair: (&'s str, &'s str), len: &mut usize| {
            if let Some(slot) = pairs.get_mut(*len) {
                *slot = pair;
            }
            *len += 1;
        };
        let mut common = common.iter().copied().enumerate().peekable();
        let mut previous: Option<&str> = None;
        for (i, (key, value)) in params.sorted_params().enumerate() {
            if let Some(name) = reserved(key) {
                return Err(SignError::ReservedParameter { name });
            }
            if previous.is_some_and(|p| p >= key) {
                return Err(SignError::UnsortedParams { after: i });
            }
            previous = Some(key);
            while let Some((at, pair)) = common.next_if(|(_, c)| c.0 < key) {
                if at == timestamp_at {
                    merged_timestamp_at = len;
                }
                push(pair, &mut len);
            }
            push((key, value), &mut len);
        }
        for (at, pair) in common {
            if at == timestamp_at {
                merged_timestamp_at = len;
            }
            push(pair, &mut len);
        }
        Ok(Self {
            pairs,
            len: (len <= MERGED_CAP).then_some(len),
            timestamp_at: merged_timestamp_at,
        })
    }

    /// The pairs in order, with `timestamp` as the timestamp's value; `None` when the
    /// source did not fit.
    #[inline]
    pub(crate) fn iter<'x>(
        &'x self,
        timestamp: &'x str,
    ) -> Option<impl Iterator<Item = (&'x str, &'x str)> + 'x> {
        let pairs = self.pairs.get(..self.len?)?;
        let at = self.timestamp_at;
        Some(pairs.iter().enumerate().map(
            move |(i, &(k, v))| {
                if i == at { (k, timestamp) } else { (k, v) }
            },
        ))
    }
}

/// One of two iterators over the same items.
#[derive(Clone)]
pub(crate) enum Either<A, B> {
    /// The merged array.
    Left(A),
    /// The streamed merge.
    Right(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            Self::Left(a) => a.next(),
            Self::Right(b) => b.next(),
        }
    }
}
