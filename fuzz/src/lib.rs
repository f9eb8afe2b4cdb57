//! The checks the cargo-fuzz targets run, in a library so that `tests/replay.rs` runs
//! the very same checks on every committed seed and crash input with stable Rust.

pub mod checks;
pub mod verify;
