//! `QuerySnapshotJobList` (MTS API `2014-06-18`): look up snapshot jobs by id or list
//! them by state, pipeline and creation time.
//!
//! [`QuerySnapshotJobList`] builds and signs the request (RPC v1, see
//! [`signing`](crate::signing)). The response types (with `alloc`) borrow every string
//! from the body the caller decoded (see [`crate::text::Text`]); their field names are
//! the wire names in `snake_case`, and each field's documentation gives the wire name.
//! [`SnapshotJob::snapshot_objects`] and [`SnapshotJob::tile_objects`] list the OSS
//! objects a finished job wrote, as keys and URLs.

mod request;
mod state_filter;
#[cfg(feature = "alloc")]
pub(crate) use request::check_job_id;
pub use request::{
    ACTION, MAX_EXTRA_PARAMS, MAX_JOB_ID_LEN, MAX_JOB_IDS, MAX_PAGE_SIZE, QuerySnapshotJobList,
    RequestError, VERSION,
};
pub use state_filter::StateFilter;

#[cfg(feature = "alloc")]
mod decode_response;
#[cfg(feature = "alloc")]
mod mns_message_result;
#[cfg(feature = "alloc")]
mod object_key;
#[cfg(feature = "alloc")]
mod oss_file;
#[cfg(feature = "alloc")]
mod output_object;
#[cfg(feature = "alloc")]
mod response;
#[cfg(feature = "alloc")]
mod snapshot_config;
#[cfg(feature = "alloc")]
mod snapshot_job;
#[cfg(feature = "alloc")]
mod snapshot_outputs;

#[cfg(feature = "alloc")]
pub use decode_response::{Response, decode_response, decode_response_with};
#[cfg(feature = "alloc")]
pub use mns_message_result::MnsMessageResult;
#[cfg(feature = "alloc")]
pub use oss_file::OssFile;
#[cfg(feature = "alloc")]
pub use output_object::{ObjectKey, ObjectUrl, OutputObject};
#[cfg(feature = "alloc")]
pub use response::{NonExistSnapshotJobIds, QuerySnapshotJobListResponse, SnapshotJobList};
#[cfg(feature = "alloc")]
pub use snapshot_config::{SnapshotConfig, TileOut, TimeArray};
#[cfg(feature = "alloc")]
pub use snapshot_job::{JobState, SnapshotJob};
#[cfg(feature = "alloc")]
pub use snapshot_outputs::{Numbering, OutputKind, OutputObjects, OutputsError};
