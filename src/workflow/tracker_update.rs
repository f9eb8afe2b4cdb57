//! [`TrackerUpdate`]: what one response changed in a [`JobTracker`](super::JobTracker).

use alloc::string::String;
use alloc::vec::Vec;

use super::Next;
use crate::query_snapshot_job_list::{JobState, SnapshotJob};

/// A job that reached `Success` or `Fail` in this response; the tracker no longer
/// polls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedJob<'r, 'a> {
    /// The id as the caller gave it to the tracker.
    pub id: String,
    /// [`JobState::Success`] or [`JobState::Fail`].
    pub state: JobState<'a>,
    /// The job as decoded, borrowed from the response: its outputs, or its `Code` and
    /// `Message`.
    pub job: &'r SnapshotJob<'a>,
}

impl FinishedJob<'_, '_> {
    /// Whether the job ended in `Success`.
    pub fn succeeded(&self) -> bool {
        self.state == JobState::Success
    }
}

/// What [`JobTracker::consume`](super::JobTracker::consume) (or
/// [`failed`](super::JobTracker::failed)) learned, and when to poll next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrackerUpdate<'r, 'a> {
    /// Jobs that finished, each reported once.
    pub finished: Vec<FinishedJob<'r, 'a>>,
    /// Ids of the request that the service listed in `NonExistSnapshotJobIds`. Each is
    /// reported once and no longer polled; [`add`](super::JobTracker::add) one again to
    /// keep polling it (a job submitted a moment ago may not be visible yet).
    pub unknown: Vec<String>,
    /// Ids of the request that the response neither returned nor reported unknown. They
    /// stay pending and are asked again in a later request.
    pub missing: Vec<String>,
    /// Jobs and unknown ids in the response that the request did not ask for (or that
    /// came twice, or a job without `Id`): skipped, they change nothing.
    pub ignored: usize,
    /// When to poll next.
    pub next: Next,
}

impl<'r, 'a> TrackerUpdate<'r, 'a> {
    pub(crate) const fn new(next: Next) -> Self {
        Self {
            finished: Vec::new(),
            unknown: Vec::new(),
            missing: Vec::new(),
            ignored: 0,
            next,
        }
    }
}
