//! `QuerySnapshotJobList` (MTS API `2014-06-18`): look up snapshot jobs by id or list
//! them by state, pipeline and creation time.
//!
//! [`QuerySnapshotJobList`] builds and signs the request (RPC v1, see
//! [`signing`](crate::signing)); the response types decode what comes back.

mod request;
pub use request::{
    ACTION, MAX_EXTRA_PARAMS, MAX_JOB_ID_LEN, MAX_JOB_IDS, MAX_PAGE_SIZE, QuerySnapshotJobList,
    RequestError, StateFilter, VERSION,
};
