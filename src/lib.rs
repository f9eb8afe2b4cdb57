//! Sans-IO, `no_std` codec for the Alibaba Cloud ApsaraVideo Media Processing (MTS)
//! OpenAPI `QuerySnapshotJobList` (version `2014-06-18`).
//!
//! (Crate documentation is completed as the modules land.)
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod endpoint;
pub mod query_snapshot_job_list;
pub mod signing;
pub mod text;

#[cfg(feature = "alloc")]
pub mod api_error;
#[cfg(feature = "alloc")]
pub mod decode;
#[cfg(feature = "alloc")]
mod xml;

#[cfg(feature = "alloc")]
pub use decode::{DecodeError, Format, Response, decode_response};
pub use signing::Timestamp;
