//! What allocates nothing (signing, verifying) or a counted, fixed number of blocks
//! (decoding), measured with the counting global allocator of `support`.

mod decode;
mod signing;
mod verify;
