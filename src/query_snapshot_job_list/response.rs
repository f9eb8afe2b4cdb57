//! The success body of `QuerySnapshotJobList` and its list wrappers.

use alloc::vec::Vec;
use serde::Serialize;

use super::snapshot_job::SnapshotJob;
use crate::decode::{DecodeError, Format};
use crate::text::Text;

/// The success body of `QuerySnapshotJobList` (root element
/// `QuerySnapshotJobListResponse` in XML), borrowed from the caller's buffer.
///
/// Lists keep their wire wrappers (`SnapshotJobList.SnapshotJob`,
/// `NonExistSnapshotJobIds.String`), so that absent and empty stay distinguishable; the
/// [`jobs`](Self::jobs) and [`non_existent_ids`](Self::non_existent_ids) shortcuts look
/// through them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct QuerySnapshotJobListResponse<'a> {
    /// `RequestId`: the id the gateway gave this call; quote it to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Text<'a>>,
    /// `NextPageToken`: present when a paged listing has more results; pass it back
    /// unchanged to get them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<Text<'a>>,
    /// `NonExistSnapshotJobIds`: requested ids the service does not know; absent when
    /// every id was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_exist_snapshot_job_ids: Option<NonExistSnapshotJobIds<'a>>,
    /// `SnapshotJobList`: the jobs, newest `CreationTime` first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_job_list: Option<SnapshotJobList<'a>>,
}

impl<'a> QuerySnapshotJobListResponse<'a> {
    /// Decodes a success body in `format`.
    ///
    /// # Errors
    /// [`DecodeError`] with the byte offset and field path where the body went wrong.
    pub fn decode(format: Format, body: &'a [u8]) -> Result<Self, DecodeError> {
        crate::decode::decode_body(format, body, "QuerySnapshotJobListResponse")
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

/// The list wrapper `SnapshotJobList: { SnapshotJob: [...] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SnapshotJobList<'a> {
    /// `SnapshotJob`: the jobs. Holds any count: a query by ids returns at most 10, a
    /// paged listing up to 300.
    pub snapshot_job: Vec<SnapshotJob<'a>>,
}

/// The list wrapper `NonExistSnapshotJobIds: { String: [...] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NonExistSnapshotJobIds<'a> {
    /// `String`: the unknown job ids.
    pub string: Vec<Text<'a>>,
}

impl<'a> crate::decode::members::Members<'a> for QuerySnapshotJobListResponse<'a> {
    const NAMES: &'static [&'static str] = &[
        "RequestId",
        "NextPageToken",
        "NonExistSnapshotJobIds",
        "SnapshotJobList",
    ];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Text(&mut self.request_id),
            1 => Slot::Text(&mut self.next_page_token),
            2 => Slot::Object(&mut self.non_exist_snapshot_job_ids),
            3 => Slot::Object(&mut self.snapshot_job_list),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for QuerySnapshotJobListResponse<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}

impl<'a> crate::decode::members::Members<'a> for SnapshotJobList<'a> {
    const NAMES: &'static [&'static str] = &["SnapshotJob"];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Objects(&mut self.snapshot_job),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for SnapshotJobList<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}

impl<'a> crate::decode::members::Members<'a> for NonExistSnapshotJobIds<'a> {
    const NAMES: &'static [&'static str] = &["String"];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Texts(&mut self.string),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for NonExistSnapshotJobIds<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}
