//! The test oracles: written the textbook way, with nothing of the crate under test.
//!
//! One copy serves two packages. The test binary reaches it as `support::oracles`; the
//! fuzz package builds this folder as the library `mts-codec-oracles`
//! (`fuzz/oracles/Cargo.toml`), since the published crate's tests must build alone and
//! so cannot depend on `fuzz/`.

pub mod reference_v1;
pub mod render;
pub mod strict_percent;
