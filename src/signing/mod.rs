//! Request signing (filled in by the signing work).
mod timestamp;
pub use timestamp::{Timestamp, TimestampError};
