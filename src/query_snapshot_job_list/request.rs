//! The `QuerySnapshotJobList` request: a typed builder over [`RpcSigner`].

use core::fmt::{self, Write as _};

use super::StateFilter;
use crate::endpoint::{self, EndpointError};
use crate::signing::{
    Credentials, Format, Method, Params, ParamsError, ParamsErrorKind, RESERVED_PARAMETERS,
    RpcSigner, SignError, Signed, Timestamp,
};

/// `Action=QuerySnapshotJobList`.
pub const ACTION: &str = "QuerySnapshotJobList";
/// `Version=2014-06-18`.
pub const VERSION: &str = "2014-06-18";
/// The most job ids one request may name.
pub const MAX_JOB_IDS: usize = 10;
/// The longest job id accepted, in bytes (MTS ids are 32 hex digits).
pub const MAX_JOB_ID_LEN: usize = 64;
/// The largest `MaximumPageSize`.
pub const MAX_PAGE_SIZE: u16 = 300;
/// How many extra parameters [`QuerySnapshotJobList::param`] holds.
pub const MAX_EXTRA_PARAMS: usize = 4;

/// Room for ten ids of [`MAX_JOB_ID_LEN`] bytes and nine commas.
const JOINED_IDS_CAP: usize = MAX_JOB_IDS * MAX_JOB_ID_LEN + MAX_JOB_IDS - 1;

/// The typed parameter names, sorted (the order [`SortedParams`](crate::signing::SortedParams) yields them in).
const TYPED_KEYS: [&str; 11] = [
    "EndOfJobCreatedTimeRange",
    "MaximumPageSize",
    "NextPageToken",
    "OwnerAccount",
    "OwnerId",
    "PipelineId",
    "ResourceOwnerAccount",
    "ResourceOwnerId",
    "SnapshotJobIds",
    "StartOfJobCreatedTimeRange",
    "State",
];

/// Why a [`QuerySnapshotJobList`] parameter was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// [`job_ids`](QuerySnapshotJobList::job_ids) got an empty list.
    NoJobIds,
    /// More than [`MAX_JOB_IDS`] job ids.
    TooManyJobIds {
        /// How many were given.
        count: usize,
    },
    /// The job id at `index` is empty.
    EmptyJobId {
        /// 0-based position in the list.
        index: usize,
    },
    /// The job id at `index` contains `,`, the list separator.
    JobIdContainsComma {
        /// 0-based position in the list.
        index: usize,
    },
    /// The job id at `index` is longer than [`MAX_JOB_ID_LEN`] bytes.
    JobIdTooLong {
        /// 0-based position in the list.
        index: usize,
        /// Its length in bytes.
        len: usize,
    },
    /// `MaximumPageSize` outside `1..=300`.
    PageSizeOutOfRange {
        /// The value given.
        value: u16,
    },
    /// An empty value for a parameter that needs one.
    EmptyValue {
        /// The parameter name.
        parameter: &'static str,
    },
    /// The `RegionId` is not `[A-Za-z0-9_-]{1,63}`.
    Region(EndpointError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoJobIds => f.write_str("SnapshotJobIds: the list is empty"),
            Self::TooManyJobIds { count } => {
                write!(
                    f,
                    "SnapshotJobIds: {count} ids, at most {MAX_JOB_IDS} allowed"
                )
            }
            Self::EmptyJobId { index } => write!(f, "SnapshotJobIds: id {index} is empty"),
            Self::JobIdContainsComma { index } => {
                write!(
                    f,
                    "SnapshotJobIds: id {index} contains `,`, the list separator"
                )
            }
            Self::JobIdTooLong { index, len } => write!(
                f,
                "SnapshotJobIds: id {index} is {len} bytes long, more than {MAX_JOB_ID_LEN}"
            ),
            Self::PageSizeOutOfRange { value } => {
                write!(f, "MaximumPageSize: {value} is outside 1..={MAX_PAGE_SIZE}")
            }
            Self::EmptyValue { parameter } => write!(f, "{parameter}: the value is empty"),
            Self::Region(e) => write!(f, "RegionId: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Region(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks the job id at `index` of a list: not empty, no `,`, at most [`MAX_JOB_ID_LEN`] bytes.
pub(crate) fn check_job_id(id: &str, index: usize) -> Result<(), RequestError> {
    if id.is_empty() {
        Err(RequestError::EmptyJobId { index })
    } else if id.contains(',') {
        Err(RequestError::JobIdContainsComma { index })
    } else if id.len() > MAX_JOB_ID_LEN {
        Err(RequestError::JobIdTooLong {
            index,
            len: id.len(),
        })
    } else {
        Ok(())
    }
}

/// `value` in decimal.
#[expect(clippy::expect_used, reason = "u64::MAX has 20 digits")]
fn decimal(value: u64) -> heapless::String<20> {
    let mut text = heapless::String::new();
    write!(text, "{value}").expect("20 digits fit");
    text
}

/// `QuerySnapshotJobList` (MTS `2014-06-18`): look up snapshot jobs by id, or list them
/// by state, pipeline and creation time.
///
/// Every parameter is optional. Defaults: `Format=JSON`, no `RegionId`, method `POST`
/// (what the official SDKs send). The builder owns or borrows all its text, so signing
/// does not allocate. Sign it again, with a fresh nonce, for every attempt.
///
/// `SnapshotJobIds` is one parameter holding the ids joined with `,`. The builder joins
/// them into a fixed buffer it owns (ten ids of up to [`MAX_JOB_ID_LEN`] bytes), so
/// [`sorted_params`](crate::signing::SortedParams::sorted_params) yields plain
/// `(&str, &str)` pairs.
///
/// ```
/// use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
/// use mts_codec::signing::Credentials;
/// use mts_codec::Timestamp;
///
/// // The parameter set the classic Python SDK sends (spec §3.1).
/// let creds = Credentials::new("testid", "testsecret")?;
/// let request = QuerySnapshotJobList::new()
///     .job_ids(&["72dfa5e679ab4be9a3ed9974c7360001", "72dfa5e679ab4be9a3ed9974c7360002"])?
///     .region_id("cn-shanghai")?
///     .param("SignatureType", "")?;
/// let time = Timestamp::parse("2024-01-01T00:00:00Z")?;
/// let signed = request.sign(&creds, time, "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f")?;
/// assert_eq!(signed.signature(), "zQ/2gRS3LEB3oF2Epqlol/KFUU8=");
///
/// let mut body = heapless::String::<1024>::new();
/// signed.write_form_body(&mut body)?;
/// assert_eq!(body.len(), signed.form_body_len());
/// assert!(body.contains("SnapshotJobIds=72dfa5e679ab4be9a3ed9974c7360001%2C72dfa5e679ab4be9a3ed9974c7360002"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySnapshotJobList<'a> {
    job_ids: heapless::String<JOINED_IDS_CAP>,
    next_page_token: Option<&'a str>,
    maximum_page_size: Option<heapless::String<20>>,
    state: Option<StateFilter>,
    start: Option<[u8; Timestamp::FORMATTED_LEN]>,
    end: Option<[u8; Timestamp::FORMATTED_LEN]>,
    pipeline_id: Option<&'a str>,
    owner_id: Option<heapless::String<20>>,
    resource_owner_id: Option<heapless::String<20>>,
    resource_owner_account: Option<&'a str>,
    owner_account: Option<&'a str>,
    extra: Params<'a, MAX_EXTRA_PARAMS>,
    /// `Action`, `Version`, `Format`, `RegionId` and the method.
    signer: RpcSigner<'a>,
}

impl Default for QuerySnapshotJobList<'_> {
    fn default() -> Self {
        Self::new()
    }
}

fn non_empty<'a>(parameter: &'static str, value: &'a str) -> Result<&'a str, RequestError> {
    if value.is_empty() {
        Err(RequestError::EmptyValue { parameter })
    } else {
        Ok(value)
    }
}

impl<'a> QuerySnapshotJobList<'a> {
    /// A request with no parameter set.
    pub const fn new() -> Self {
        Self {
            job_ids: heapless::String::new(),
            next_page_token: None,
            maximum_page_size: None,
            state: None,
            start: None,
            end: None,
            pipeline_id: None,
            owner_id: None,
            resource_owner_id: None,
            resource_owner_account: None,
            owner_account: None,
            extra: Params::new(),
            signer: RpcSigner::new(ACTION, VERSION),
        }
    }

    /// `SnapshotJobIds`: 1 to 10 job ids, sent joined with `,`. Replaces earlier ids.
    ///
    /// # Errors
    /// An empty list, more than [`MAX_JOB_IDS`] ids, or an id that is empty, contains
    /// `,` or is longer than [`MAX_JOB_ID_LEN`] bytes; the error names the id's index.
    pub fn job_ids(mut self, ids: &[&str]) -> Result<Self, RequestError> {
        if ids.is_empty() {
            return Err(RequestError::NoJobIds);
        }
        if ids.len() > MAX_JOB_IDS {
            return Err(RequestError::TooManyJobIds { count: ids.len() });
        }
        for (index, id) in ids.iter().enumerate() {
            check_job_id(id, index)?;
        }
        self.job_ids.clear();
        for (index, id) in ids.iter().enumerate() {
            let separator = if index > 0 { "," } else { "" };
            // Checked above: ten ids of at most 64 bytes and their commas fit the buffer.
            self.job_ids
                .push_str(separator)
                .and_then(|()| self.job_ids.push_str(id))
                .map_err(|()| RequestError::JobIdTooLong {
                    index,
                    len: id.len(),
                })?;
        }
        Ok(self)
    }

    /// `NextPageToken`: the token a previous page returned.
    ///
    /// # Errors
    /// [`RequestError::EmptyValue`] for an empty token.
    pub fn next_page_token(mut self, token: &'a str) -> Result<Self, RequestError> {
        self.next_page_token = Some(non_empty("NextPageToken", token)?);
        Ok(self)
    }

    /// `MaximumPageSize`: 1 to 300 (the server's default is 30).
    ///
    /// # Errors
    /// [`RequestError::PageSizeOutOfRange`].
    pub fn maximum_page_size(mut self, size: u16) -> Result<Self, RequestError> {
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(RequestError::PageSizeOutOfRange { value: size });
        }
        self.maximum_page_size = Some(decimal(u64::from(size)));
        Ok(self)
    }

    /// `State`: list only jobs in this state.
    #[must_use]
    pub const fn state(mut self, state: StateFilter) -> Self {
        self.state = Some(state);
        self
    }

    /// `StartOfJobCreatedTimeRange`: the earliest creation time listed.
    #[must_use]
    pub const fn start_of_job_created_time_range(mut self, time: Timestamp) -> Self {
        self.start = Some(time.to_bytes());
        self
    }

    /// `EndOfJobCreatedTimeRange`: the latest creation time listed.
    #[must_use]
    pub const fn end_of_job_created_time_range(mut self, time: Timestamp) -> Self {
        self.end = Some(time.to_bytes());
        self
    }

    /// `PipelineId`: list only jobs of this MPS queue.
    ///
    /// # Errors
    /// [`RequestError::EmptyValue`] for an empty id.
    pub fn pipeline_id(mut self, pipeline_id: &'a str) -> Result<Self, RequestError> {
        self.pipeline_id = Some(non_empty("PipelineId", pipeline_id)?);
        Ok(self)
    }

    /// `OwnerId` (legacy account delegation).
    #[must_use]
    pub fn owner_id(mut self, owner_id: u64) -> Self {
        self.owner_id = Some(decimal(owner_id));
        self
    }

    /// `ResourceOwnerId` (legacy account delegation).
    #[must_use]
    pub fn resource_owner_id(mut self, resource_owner_id: u64) -> Self {
        self.resource_owner_id = Some(decimal(resource_owner_id));
        self
    }

    /// `ResourceOwnerAccount` (legacy account delegation).
    ///
    /// # Errors
    /// [`RequestError::EmptyValue`] for an empty account.
    pub fn resource_owner_account(mut self, account: &'a str) -> Result<Self, RequestError> {
        self.resource_owner_account = Some(non_empty("ResourceOwnerAccount", account)?);
        Ok(self)
    }

    /// `OwnerAccount` (legacy account delegation).
    ///
    /// # Errors
    /// [`RequestError::EmptyValue`] for an empty account.
    pub fn owner_account(mut self, account: &'a str) -> Result<Self, RequestError> {
        self.owner_account = Some(non_empty("OwnerAccount", account)?);
        Ok(self)
    }

    /// Any other parameter, signed and sent as given (up to [`MAX_EXTRA_PARAMS`]), e.g.
    /// the empty `SignatureType` the classic SDKs send.
    ///
    /// # Errors
    /// A key of a typed parameter or of a common parameter
    /// ([`ParamsErrorKind::Reserved`]), a repeated or empty key, or a full set.
    pub fn param(mut self, key: &'a str, value: &'a str) -> Result<Self, ParamsError<'a>> {
        if TYPED_KEYS.binary_search(&key).is_ok() || RESERVED_PARAMETERS.binary_search(&key).is_ok()
        {
            return Err(ParamsError {
                kind: ParamsErrorKind::Reserved,
                key,
                value,
            });
        }
        self.extra.insert(key, value)?;
        Ok(self)
    }

    /// `Format` (default `JSON`).
    #[must_use]
    pub const fn format(mut self, format: Format) -> Self {
        self.signer = self.signer.format(format);
        self
    }

    /// `Format` as any text, sent as given (the Tea SDKs send `json`).
    #[must_use]
    pub const fn format_text(mut self, format: &'a str) -> Self {
        self.signer = self.signer.format_text(format);
        self
    }

    /// `RegionId`, sent when set (the classic SDKs send it, the Tea SDKs do not). It does
    /// not choose the host: see [`Endpoint::for_region`](crate::endpoint::Endpoint::for_region).
    ///
    /// # Errors
    /// [`RequestError::Region`] unless the id matches `[A-Za-z0-9_-]{1,63}`.
    pub fn region_id(mut self, region_id: &'a str) -> Result<Self, RequestError> {
        endpoint::validate_region(region_id).map_err(RequestError::Region)?;
        self.signer = self.signer.region_id(region_id);
        Ok(self)
    }

    /// The HTTP method (default `POST`).
    #[must_use]
    pub const fn method(mut self, method: Method) -> Self {
        self.signer = self.signer.method(method);
        self
    }

    /// The signer: `Action`, `Version`, `Format`, `RegionId` and method.
    pub const fn signer(&self) -> RpcSigner<'a> {
        self.signer
    }

    /// Signs the request. See [`RpcSigner::sign`].
    ///
    /// # Errors
    /// An empty nonce ([`SignError::EmptyNonce`]).
    pub fn sign<'s>(
        &'s self,
        credentials: &'s Credentials<'_>,
        timestamp: Timestamp,
        nonce: &'s str,
    ) -> Result<Signed<'s, Self>, SignError> {
        self.signer().sign(self, credentials, timestamp, nonce)
    }
}

mod sorted_params;

#[cfg(test)]
mod tests;
