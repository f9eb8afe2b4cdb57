//! Request signing, v1 and v3: golden vectors, typed errors and properties.

mod errors;
mod literal_values;
mod many_params;
mod props_v1;
mod props_v3;
mod v3;
mod vectors;
