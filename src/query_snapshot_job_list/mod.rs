//! The `QuerySnapshotJobList` action: the request builder and the response model.
//!
//! The response types borrow every string from the body the caller decoded (see
//! [`crate::text::Text`]); field names are the wire names in `snake_case`, and each
//! field's documentation gives the wire name.

#[cfg(feature = "alloc")]
mod list;
#[cfg(feature = "alloc")]
mod mns_message_result;
#[cfg(feature = "alloc")]
mod oss_file;
#[cfg(feature = "alloc")]
mod response;
#[cfg(feature = "alloc")]
mod snapshot_config;
#[cfg(feature = "alloc")]
mod snapshot_job;

#[cfg(feature = "alloc")]
pub use mns_message_result::MnsMessageResult;
#[cfg(feature = "alloc")]
pub use oss_file::OssFile;
#[cfg(feature = "alloc")]
pub use response::{NonExistSnapshotJobIds, QuerySnapshotJobListResponse, SnapshotJobList};
#[cfg(feature = "alloc")]
pub use snapshot_config::{SnapshotConfig, TileOut, TimeArray};
#[cfg(feature = "alloc")]
pub use snapshot_job::{JobState, SnapshotJob};
