//! [`JobTracker`]: poll any number of snapshot jobs, ten ids per request, until each is
//! finished or unknown.

use alloc::collections::{BTreeSet, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

use super::backoff::Delays;
use super::{Backoff, FinishedJob, Next, TrackerUpdate};
use crate::query_snapshot_job_list::Response;
use crate::query_snapshot_job_list::{
    JobState, MAX_JOB_IDS, QuerySnapshotJobList, QuerySnapshotJobListResponse, RequestError,
    check_job_id,
};

/// The last state a pending job was seen in, to tell progress from standing still.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Seen {
    Never,
    Submitted,
    Snapshoting,
    Other,
}

impl Seen {
    fn of(state: Option<&JobState<'_>>) -> Self {
        match state {
            None => Self::Never,
            Some(JobState::Submitted) => Self::Submitted,
            Some(JobState::Snapshoting) => Self::Snapshoting,
            Some(_) => Self::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    id: String,
    seen: Seen,
}

/// A sans-IO poller for many snapshot jobs: it says which ids to ask for next (at most
/// [`MAX_JOB_IDS`] per request), reads the decoded responses, reports what changed and
/// says how long to wait. It owns no clock, no socket and no thread; the caller sends,
/// receives, decodes and sleeps.
///
/// The loop, for a caller with some HTTP client:
///
/// 1. [`next_request`](Self::next_request) gives the request builder with the next ids
///    (`None` when nothing is left); sign it with the current time and a **fresh
///    nonce** (every attempt, retries included: the gateway refuses a reused nonce with
///    `SignatureNonceUsed`) and send it.
/// 2. Decode the body with [`decode_response`](crate::decode_response) and hand it to
///    [`consume`](Self::consume); on a transport or decoding failure call
///    [`failed`](Self::failed) instead.
/// 3. Act on [`TrackerUpdate::next`]: wait [`Next::After`], or end on [`Next::Done`] or
///    [`Next::Stop`].
///
/// **Order.** The pending ids form a queue: each request takes up to ten from its front
/// and the ids still running go to its back, so every id is asked once per *sweep*
/// (`ceil(pending / 10)` requests) and none starves. Requests of one sweep follow each
/// other after [`Backoff::spacing`]; after a sweep the tracker waits the idle delay,
/// which grows while no job moves and resets when one does (see [`Backoff`]).
///
/// **Failures.** A retryable API error (`Throttling`, `InternalError`,
/// `ServiceUnavailable`, ...) or a reported failure keeps the same ids for the next
/// request, after the failure delay; `Throttling` waits longer. An error that retrying
/// will not fix (signature mismatch, bad key, clock skew, ...) answers
/// [`Next::Stop`]; the tracker keeps its state, so the caller may fix the cause and go
/// on. Until a response is consumed, `next_request` keeps giving the same ids.
///
/// **Responses are untrusted.** Jobs the request did not ask for, duplicates and jobs
/// without `Id` are counted in [`TrackerUpdate::ignored`] and change nothing. Asked ids
/// that the response neither returns nor lists in `NonExistSnapshotJobIds` stay pending
/// ([`TrackerUpdate::missing`]).
///
/// ```
/// use mts_codec::{decode_response, Format};
/// use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
/// use mts_codec::signing::Credentials;
/// use mts_codec::workflow::{Backoff, JobTracker, Next};
/// use mts_codec::Timestamp;
///
/// let mut tracker = JobTracker::new(["job-a", "job-b"], Backoff::new())?;
/// let creds = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?;
///
/// let request = tracker.next_request(QuerySnapshotJobList::new())?.unwrap();
/// let signed = request.sign(&creds, Timestamp::parse("2024-01-01T00:00:00Z")?, "nonce-1")?;
/// let mut body = String::new();
/// signed.write_form_body(&mut body)?; // ... POST it; the service answers:
/// # assert!(body.contains("SnapshotJobIds=job-a%2Cjob-b"));
///
/// let reply = br#"{"RequestId":"r1","NonExistSnapshotJobIds":{"String":["job-b"]},
///   "SnapshotJobList":{"SnapshotJob":[{"Id":"job-a","State":"Success"}]}}"#;
/// let response = decode_response(200, Format::Json, reply)?;
/// let update = tracker.consume(&response);
/// assert_eq!(update.finished[0].id, "job-a");
/// assert_eq!(update.unknown, ["job-b"]);
/// assert_eq!(update.next, Next::Done);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct JobTracker {
    backoff: Backoff,
    delays: Delays,
    /// Pending ids, polled from the front.
    queue: VecDeque<Pending>,
    /// The ids of the request handed out and not yet answered.
    in_flight: Vec<Pending>,
    /// Every id in `queue` or `in_flight`.
    tracked: BTreeSet<String>,
    /// Ids still to ask in the current sweep.
    sweep_left: usize,
    /// Whether a job moved during the current sweep.
    sweep_progress: bool,
}

impl JobTracker {
    /// A tracker for `ids` (any number; a repeated id is tracked once), waiting by
    /// `backoff`.
    ///
    /// # Errors
    /// An id that could not go in `SnapshotJobIds` (empty, containing `,`, longer than
    /// [`MAX_JOB_ID_LEN`](crate::query_snapshot_job_list::MAX_JOB_ID_LEN) bytes); the
    /// error names its 0-based position in `ids`.
    pub fn new<I>(ids: I, backoff: Backoff) -> Result<Self, RequestError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let mut tracker = Self {
            backoff,
            delays: Delays::new(),
            queue: VecDeque::new(),
            in_flight: Vec::new(),
            tracked: BTreeSet::new(),
            sweep_left: 0,
            sweep_progress: false,
        };
        for (index, id) in ids.into_iter().enumerate() {
            tracker.insert(id.into(), index)?;
        }
        Ok(tracker)
    }

    fn insert(&mut self, id: String, index: usize) -> Result<bool, RequestError> {
        check_job_id(&id, index)?;
        if self.tracked.contains(&id) {
            return Ok(false);
        }
        self.tracked.insert(id.clone());
        self.queue.push_back(Pending {
            id,
            seen: Seen::Never,
        });
        Ok(true)
    }

    /// Tracks one more id, asked from the next sweep on. `false` if it is already
    /// tracked.
    ///
    /// # Errors
    /// As [`new`](Self::new), with index 0.
    pub fn add(&mut self, id: impl Into<String>) -> Result<bool, RequestError> {
        self.insert(id.into(), 0)
    }

    /// The next request: `template` (with its `Format`, `RegionId`, method and extra
    /// parameters; leave the listing filters unset) with `SnapshotJobIds` set to the
    /// next at most ten pending ids. `None` once every id is finished or unknown.
    ///
    /// Call it when the last [`Next::After`] delay has passed. Until a response is
    /// consumed it returns the same ids again (sign each attempt with a fresh nonce).
    ///
    /// # Errors
    /// None in practice: the ids were checked when added.
    pub fn next_request<'a>(
        &mut self,
        template: QuerySnapshotJobList<'a>,
    ) -> Result<Option<QuerySnapshotJobList<'a>>, RequestError> {
        if self.in_flight.is_empty() {
            if self.queue.is_empty() {
                return Ok(None);
            }
            if self.sweep_left == 0 {
                self.sweep_left = self.queue.len();
                self.sweep_progress = false;
            }
            // A batch does not reach into the next sweep: those ids are due only
            // after the idle delay.
            let n = MAX_JOB_IDS.min(self.queue.len()).min(self.sweep_left);
            self.in_flight.extend(self.queue.drain(..n));
            self.sweep_left = self.sweep_left.saturating_sub(n);
        }
        // At most MAX_JOB_IDS (taken above); `job_ids` refuses more.
        let ids: Vec<&str> = self.in_flight.iter().map(|p| p.id.as_str()).collect();
        template.job_ids(&ids).map(Some)
    }

    /// The ids of the request handed out and not yet answered (empty when none).
    pub fn in_flight(&self) -> impl Iterator<Item = &str> {
        self.in_flight.iter().map(|p| p.id.as_str())
    }

    /// How many ids are still tracked (pending or in flight).
    pub fn len(&self) -> usize {
        self.tracked.len()
    }

    /// Whether every id is finished or unknown.
    pub fn is_empty(&self) -> bool {
        self.tracked.is_empty()
    }

    /// Whether `id` is still tracked.
    pub fn is_tracked(&self, id: &str) -> bool {
        self.tracked.contains(id)
    }

    /// Consecutive failures since the last success.
    pub fn consecutive_failures(&self) -> u32 {
        self.delays.failures()
    }

    /// Reads the decoded response to the last request: a success body or an API error.
    pub fn consume<'r, 'a>(&mut self, response: &'r Response<'a>) -> TrackerUpdate<'r, 'a> {
        match response {
            Response::Success(body) => self.consume_body(body),
            Response::ApiError(error) => {
                TrackerUpdate::new(self.delays.next_after_error(&self.backoff, error))
            }
        }
    }

    /// The last request got no usable answer (a transport error, a timeout, a body that
    /// did not decode): the same ids are asked again after the failure delay.
    pub fn failed(&mut self) -> Next {
        self.delays.next_after_failure(&self.backoff, false)
    }

    fn consume_body<'r, 'a>(
        &mut self,
        body: &'r QuerySnapshotJobListResponse<'a>,
    ) -> TrackerUpdate<'r, 'a> {
        let mut update = TrackerUpdate::new(Next::Done);
        let mut asked: Vec<Option<Pending>> = core::mem::take(&mut self.in_flight)
            .into_iter()
            .map(Some)
            .collect();
        let mut progress = false;
        for job in body.jobs() {
            let Some(pending) = job
                .id
                .and_then(|id| take_asked(&mut asked, |p| id == p.id.as_str()))
            else {
                update.ignored += 1;
                continue;
            };
            match job.state {
                Some(state @ (JobState::Success | JobState::Fail)) => {
                    progress = true;
                    self.tracked.remove(&pending.id);
                    update.finished.push(FinishedJob {
                        id: pending.id,
                        state,
                        job,
                    });
                }
                state => {
                    let seen = Seen::of(state.as_ref());
                    progress |= pending.seen != Seen::Never && seen != pending.seen;
                    self.queue.push_back(Pending { seen, ..pending });
                }
            }
        }
        for unknown in body.non_existent_ids() {
            match take_asked(&mut asked, |p| *unknown == p.id.as_str()) {
                Some(pending) => {
                    progress = true;
                    self.tracked.remove(&pending.id);
                    update.unknown.push(pending.id);
                }
                None => update.ignored += 1,
            }
        }
        for pending in asked.into_iter().flatten() {
            update.missing.push(pending.id.clone());
            self.queue.push_back(pending);
        }
        self.delays.success();
        self.sweep_progress |= progress;
        update.next = if self.queue.is_empty() {
            Next::Done
        } else if self.sweep_left > 0 {
            Next::After(self.backoff.spacing_delay())
        } else if self.sweep_progress {
            Next::After(self.delays.progress(&self.backoff))
        } else {
            Next::After(self.delays.no_progress(&self.backoff))
        };
        update
    }
}

/// Takes the first asked id matching `is`, leaving `None` in its place.
fn take_asked(asked: &mut [Option<Pending>], is: impl Fn(&Pending) -> bool) -> Option<Pending> {
    asked
        .iter_mut()
        .find(|slot| slot.as_ref().is_some_and(&is))
        .and_then(Option::take)
}
