//! The integration tests of mts-codec, in one binary: each module is named for what it
//! tests, and `support` holds the helpers they share.
#![allow(
    clippy::disallowed_methods, // the reference signers compute their MACs
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli;
mod decode;
mod endpoint;
mod no_alloc;
mod percent;
mod signing;
mod snapshot_outputs;
mod support;
mod timestamp;
mod verify;
mod workflow;
