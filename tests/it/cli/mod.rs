//! The `mts` example binary end to end. Each test spawns processes (cargo, the built
//! example, `sh`), which WASI cannot: they are ignored there.

mod decode;
mod sign_v1;
#[cfg(not(target_os = "wasi"))]
mod sign_v3;
