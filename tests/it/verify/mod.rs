//! The server-side verifier, v1 and v3.

mod capacity;
mod errors_v1;
mod errors_v3;
mod props;
mod tea_v3;
mod vectors;
