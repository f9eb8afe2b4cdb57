//! `Backoff`'s public arithmetic. How the workflows grow and reset their delays is
//! tested beside the private `Delays` (src/workflow/backoff.rs) and, end to end, in
//! `workflow::tracker_sim` and `workflow::pager_sim`.

use std::time::Duration;

use mts_codec::workflow::Backoff;

#[test]
fn jitter_stays_in_the_upper_half() {
    let d = Duration::from_millis(1000);
    assert_eq!(Backoff::jitter(d, 0), Duration::from_millis(500));
    assert_eq!(Backoff::jitter(d, 1 << 31), Duration::from_millis(750));
    let top = Backoff::jitter(d, u32::MAX);
    assert!(top < d && top > Duration::from_millis(999));
    assert_eq!(Backoff::jitter(Duration::ZERO, 12345), Duration::ZERO);
    assert!(Backoff::jitter(Duration::MAX, u32::MAX) <= Duration::MAX);
}
