//! The success body of `QuerySnapshotJobList` and its list wrappers.

use alloc::vec::Vec;

use super::snapshot_job::SnapshotJob;
use crate::decode::members::members;
use crate::decode::{DecodeError, Format, Limits};
use crate::text::Text;

members! {
    /// The success body of `QuerySnapshotJobList` (root element
    /// `QuerySnapshotJobListResponse` in XML), borrowed from the caller's buffer.
    ///
    /// Lists keep their wire wrappers (`SnapshotJobList.SnapshotJob`,
    /// `NonExistSnapshotJobIds.String`), so that absent and empty stay distinguishable; the
    /// [`jobs`](Self::jobs) and [`non_existent_ids`](Self::non_existent_ids) shortcuts look
    /// through them.
    pub struct QuerySnapshotJobListResponse<'a> {
        /// `RequestId`: the id the gateway gave this call; quote it to support.
        "RequestId" => pub request_id: Option<Text<'a>>,
        /// `NextPageToken`: present when a paged listing has more results; pass it back
        /// unchanged to get them.
        "NextPageToken" => pub next_page_token: Option<Text<'a>>,
        /// `NonExistSnapshotJobIds`: requested ids the service does not know; absent when
        /// every id was found.
        "NonExistSnapshotJobIds" => pub non_exist_snapshot_job_ids: Option<NonExistSnapshotJobIds<'a>>,
        /// `SnapshotJobList`: the jobs, newest `CreationTime` first.
        "SnapshotJobList" => pub snapshot_job_list: Option<SnapshotJobList<'a>>,
    }
}

impl<'a> QuerySnapshotJobListResponse<'a> {
    /// Decodes a success body in `format`, within the default [`Limits`].
    ///
    /// # Errors
    /// [`DecodeError`] with the byte offset and field path where the body went wrong.
    pub fn decode(format: Format, body: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with(format, body, Limits::DEFAULT)
    }

    /// [`decode`](Self::decode) within `limits`.
    ///
    /// # Errors
    /// As [`decode`](Self::decode); [`LimitExceeded`](crate::DecodeErrorKind::LimitExceeded)
    /// for a body or list over `limits`.
    pub fn decode_with(
        format: Format,
        body: &'a [u8],
        limits: Limits,
    ) -> Result<Self, DecodeError> {
        crate::decode::decode_body(format, body, "QuerySnapshotJobListResponse", limits)
    }

    /// The jobs (empty when `SnapshotJobList` is absent).
    pub fn jobs(&self) -> &[SnapshotJob<'a>] {
        self.snapshot_job_list
            .as_ref()
            .map_or(&[], |l| l.snapshot_job.as_slice())
    }

    /// The requested ids the service does not know (empty when absent).
    pub fn non_existent_ids(&self) -> &[Text<'a>] {
        self.non_exist_snapshot_job_ids
            .as_ref()
            .map_or(&[], |l| l.string.as_slice())
    }
}

members! {
    /// The list wrapper `SnapshotJobList: { SnapshotJob: [...] }`.
    pub struct SnapshotJobList<'a> {
        /// `SnapshotJob`: the jobs. Holds any count: a query by ids returns at most 10, a
        /// paged listing up to 300.
        "SnapshotJob" => pub snapshot_job: Vec<SnapshotJob<'a>>,
    }
}

members! {
    /// The list wrapper `NonExistSnapshotJobIds: { String: [...] }`.
    pub struct NonExistSnapshotJobIds<'a> {
        /// `String`: the unknown job ids.
        "String" => pub string: Vec<Text<'a>>,
    }
}
