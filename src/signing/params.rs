//! A fixed-capacity, sorted set of borrowed request parameters.

use core::fmt;

use super::sign_error::SignError;

/// How many parameters a [`Params`] holds unless told otherwise. The common parameters
/// (`AccessKeyId`, `Timestamp`, …) are added by the signer and do not count.
pub const DEFAULT_CAPACITY: usize = 16;

/// A source of API parameters, yielded in strictly increasing key order (byte order of
/// the raw keys, which for the ASCII names of the Alibaba Cloud APIs is also the order of
/// the encoded keys).
///
/// [`Params`] implements it; so does each typed request (for example
/// [`QuerySnapshotJobList`](crate::query_snapshot_job_list::QuerySnapshotJobList)), which
/// yields its fields from its own storage. The signer merges the source with the common
/// parameters and rejects a source that is not sorted or repeats a key.
pub trait SortedParams {
    /// The `(key, value)` pairs, sorted by key, without duplicates.
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)>;
}

/// Why a parameter was not added. Hands the rejected pair back.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ParamsError<'a> {
    /// What went wrong.
    pub kind: ParamsErrorKind,
    /// The rejected key.
    pub key: &'a str,
    /// The rejected value.
    pub value: &'a str,
}

/// What went wrong when adding a parameter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ParamsErrorKind {
    /// The set already holds its capacity of parameters.
    CapacityExceeded {
        /// The capacity of the set.
        capacity: usize,
    },
    /// The set already holds this key.
    DuplicateKey,
    /// The key is empty.
    EmptyKey,
    /// The key is one the signer sets itself (`Signature`, `Timestamp`, …).
    Reserved,
}

impl fmt::Display for ParamsError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ParamsErrorKind::CapacityExceeded { capacity } => write!(
                f,
                "parameter `{}` does not fit: the set holds at most {capacity} parameters",
                self.key
            ),
            ParamsErrorKind::DuplicateKey => write!(f, "parameter `{}` is already set", self.key),
            ParamsErrorKind::EmptyKey => f.write_str("parameter key is empty"),
            ParamsErrorKind::Reserved => {
                write!(
                    f,
                    "parameter `{}` is set by the signer and cannot be added",
                    self.key
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParamsError<'_> {}

/// API parameters: borrowed `(key, value)` pairs kept sorted by key, at most `N` of them,
/// each key at most once. No allocation.
///
/// ```
/// use mts_codec::signing::Params;
///
/// let mut params = Params::<4>::new();
/// params.insert("PageSize", "10")?;
/// params.insert("InstanceId", "i-1")?;
/// assert_eq!(params.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["InstanceId", "PageSize"]);
/// assert!(params.insert("PageSize", "20").is_err()); // duplicate key
/// # Ok::<(), mts_codec::signing::ParamsError<'static>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params<'a, const N: usize = DEFAULT_CAPACITY> {
    items: heapless::Vec<(&'a str, &'a str), N>,
}

impl<'a, const N: usize> Params<'a, N> {
    /// An empty set.
    pub const fn new() -> Self {
        Self {
            items: heapless::Vec::new(),
        }
    }

    /// Adds `key=value`, keeping the set sorted.
    ///
    /// # Errors
    /// [`ParamsErrorKind::EmptyKey`], [`ParamsErrorKind::DuplicateKey`] or
    /// [`ParamsErrorKind::CapacityExceeded`]; the set is unchanged.
    pub fn insert(&mut self, key: &'a str, value: &'a str) -> Result<(), ParamsError<'a>> {
        let fail = |kind| ParamsError { kind, key, value };
        if key.is_empty() {
            return Err(fail(ParamsErrorKind::EmptyKey));
        }
        match self.items.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(_) => Err(fail(ParamsErrorKind::DuplicateKey)),
            Err(at) => self
                .items
                .insert(at, (key, value))
                .map_err(|_| fail(ParamsErrorKind::CapacityExceeded { capacity: N })),
        }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.iter().find(|&(k, _)| k == key).map(|(_, v)| v)
    }

    /// Removes `key` and returns its value, if it was set.
    pub fn remove(&mut self, key: &str) -> Option<&'a str> {
        let at = self.items.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
        Some(self.items.remove(at).1)
    }

    /// The pairs in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'a str, &'a str)> + '_ {
        self.items.iter().copied()
    }

    /// How many parameters are set.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The capacity, `N`.
    pub const fn capacity(&self) -> usize {
        N
    }
}

impl<const N: usize> SortedParams for Params<'_, N> {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter()
    }
}

impl<T: SortedParams + ?Sized> SortedParams for &T {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        (**self).sorted_params()
    }
}

/// Checks a source: keys strictly increasing, none named as `reserved` says.
pub(crate) fn check_source<'x>(
    params: impl Iterator<Item = (&'x str, &'x str)>,
    reserved: impl Fn(&str) -> Option<&'static str>,
) -> Result<(), SignError> {
    let mut previous: Option<&str> = None;
    for (after, (key, _)) in params.enumerate() {
        if let Some(name) = reserved(key) {
            return Err(SignError::ReservedParameter { name });
        }
        if previous.is_some_and(|p| p >= key) {
            return Err(SignError::UnsortedParams { after });
        }
        previous = Some(key);
    }
    Ok(())
}

/// Merges two key-sorted pair iterators into one sorted iterator. On equal keys the
/// pair from `a` comes first; the signer's order check then reports the duplicate.
pub(crate) fn merge_sorted<'x, V>(
    a: impl Iterator<Item = (&'x str, V)>,
    b: impl Iterator<Item = (&'x str, V)>,
) -> impl Iterator<Item = (&'x str, V)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    core::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0 < x.0 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}
