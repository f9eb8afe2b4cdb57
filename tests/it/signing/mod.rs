//! Request signing, v1 and v3: golden vectors, typed errors and properties.

mod errors;
mod literal_values;
mod many_params;
mod props;
mod v3;
mod vectors;
