//! Sans-IO workflows over `QuerySnapshotJobList` (feature `alloc`): what users otherwise
//! write by hand around the request and the response.
//!
//! - [`JobTracker`]: poll any number of job ids, ten per request, until each is
//!   `Success`, `Fail` or unknown to the service; it reports what each response changed
//!   ([`TrackerUpdate`]) and how long to wait ([`Next`]).
//! - [`Pager`]: walk a filtered listing ([`ListFilter`]: `State`, creation time range,
//!   `PipelineId`, page size) page by page through `NextPageToken`.
//!
//! Both own no clock, no socket and no thread. The caller signs each request they hand
//! out with its own time and a **fresh nonce** (every attempt, retries included),
//! sends it with any HTTP client, decodes the body with
//! [`decode_response`](crate::decode_response) and hands the result back; the answer
//! says whether to wait ([`Next::After`], on a [`Backoff`] schedule the caller
//! configures, longer after `Throttling`), to end ([`Next::Done`]) or to stop
//! ([`Next::Stop`], for errors that retrying will not fix).
//!
//! ```
//! use std::time::Duration;
//! use mts_codec::{decode_response, Format};
//! use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
//! use mts_codec::signing::Credentials;
//! use mts_codec::workflow::{Backoff, JobTracker, Next};
//! use mts_codec::Timestamp;
//!
//! /// Stands in for an HTTP round trip: `(status, body)`.
//! fn send(round: usize, _form_body: &str) -> (u16, &'static [u8]) {
//!     match round {
//!         0 => (400, br#"{"Code":"Throttling","Message":"Request was denied due to request throttling."}"#),
//!         1 => (200, br#"{"SnapshotJobList":{"SnapshotJob":[{"Id":"a","State":"Snapshoting"}]}}"#),
//!         _ => (200, br#"{"SnapshotJobList":{"SnapshotJob":[{"Id":"a","State":"Success"}]}}"#),
//!     }
//! }
//!
//! let creds = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?;
//! let backoff = Backoff::new().initial(Duration::from_secs(1));
//! let mut tracker = JobTracker::new(["a"], backoff)?;
//! let mut clock = Timestamp::parse("2024-01-01T00:00:00Z")?; // Timestamp::now() with std
//! for round in 0.. {
//!     let Some(request) = tracker.next_request(QuerySnapshotJobList::new())? else { break };
//!     let nonce = format!("nonce-{round}"); // RandomNonce::generate() with std
//!     let signed = request.sign(&creds, clock, &nonce)?;
//!     let mut form = String::new();
//!     signed.write_form_body(&mut form)?;
//!     let (status, body) = send(round, &form);
//!     let response = decode_response(status, Format::Json, body)?;
//!     let update = tracker.consume(&response);
//!     for job in &update.finished {
//!         println!("{} ended {}", job.id, job.state);
//!     }
//!     match &update.next {
//!         // A real loop sleeps `delay`; this one moves its clock.
//!         Next::After(_delay) => clock = update.next.poll_at(clock).unwrap(),
//!         Next::Done => break,
//!         Next::Stop(reason) => return Err(reason.clone().into()),
//!     }
//! }
//! assert!(tracker.is_empty());
//! // Throttled: the 5 s floor; then one idle second (`initial`) before the last poll.
//! assert_eq!(clock.to_string(), "2024-01-01T00:00:06Z");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod backoff;
mod job_tracker;
mod next;
mod pager;
mod tracker_update;

pub use backoff::Backoff;
pub use job_tracker::JobTracker;
pub use next::{ErrorClass, Next, StopReason};
pub use pager::{ListFilter, PageUpdate, Pager};
pub use tracker_update::{FinishedJob, TrackerUpdate};
