//! Request signing, v1 and v3: golden vectors, typed errors and properties.

mod credentials;
mod errors;
mod literal_values;
mod many_params;
mod nonce;
mod props;
mod request;
mod v3;
mod vectors;
