//! What allocates nothing (signing, verifying) or a counted, fixed number of blocks
//! (decoding), measured with the counting global allocator of `support`, which counts
//! on the measuring thread only: the tests running beside a measurement do not disturb
//! it.

mod decode;
mod signing;
mod verify;

use crate::support::counting_alloc::count;

/// The measurements above mean something only if the counter sees allocations.
#[test]
fn the_counter_sees_allocations() {
    let (boxed, allocations) = count(|| std::hint::black_box(Box::new([1u8; 64])));
    assert_eq!(allocations, 1);
    drop(boxed);
    let ((), allocations) = count(|| drop(std::hint::black_box(vec![1u8; 64])));
    assert_eq!(allocations, 1);
}
