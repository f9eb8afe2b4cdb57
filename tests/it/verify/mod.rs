//! The server-side verifier, v1 and v3.

mod capacity;
mod errors;
mod props;
mod tea_v3;
mod vectors;
