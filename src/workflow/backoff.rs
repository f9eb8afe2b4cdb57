//! [`Backoff`]: how long a [`JobTracker`](super::JobTracker) or a
//! [`Pager`](super::Pager) tells its caller to wait, and the running state behind it.

use core::time::Duration;

use super::{ErrorClass, Next, StopReason};
use crate::api_error::ApiError;

/// The waiting schedule of the workflows, configured by the caller.
///
/// Three delays come out of it:
///
/// - **spacing**, between two requests of one sweep over the pending jobs (or between
///   two pages of a listing): zero by default, since the service allows 100 calls/s per
///   user and the workflows send one request at a time;
/// - **idle**, after a sweep in which no job moved: `initial`, then multiplied by
///   `factor` after each sweep without progress, up to `max`; a sweep in which a job
///   changed state (or finished) brings it back to `initial`;
/// - **failure**, after a retryable API error or a transport failure the caller
///   reports: `initial`, then multiplied by `factor` per consecutive failure, up to
///   `max`. A `Throttling` error multiplies the delay by `throttle_factor` on top and
///   waits at least `throttle_floor` (never more than `max`). A success resets it.
///
/// After more than `give_up_after` consecutive failures the workflow answers
/// [`Next::Stop`](super::Next::Stop) with
/// [`StopReason::TooManyFailures`](super::StopReason::TooManyFailures) rather than
/// another delay.
///
/// Nothing here is random. For jitter, feed the delay and a random number of your own to
/// [`Backoff::jitter`].
///
/// ```
/// use core::time::Duration;
/// use mts_codec::workflow::Backoff;
///
/// let backoff = Backoff::new()
///     .initial(Duration::from_millis(500))
///     .factor(1.5)
///     .max(Duration::from_secs(20))
///     .throttling(3.0, Duration::from_secs(2));
/// assert_eq!(backoff.initial_delay(), Duration::from_millis(500));
/// ```
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Backoff {
    initial: Duration,
    factor: f64,
    max: Duration,
    throttle_factor: f64,
    throttle_floor: Duration,
    spacing: Duration,
    give_up_after: Option<u32>,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new()
    }
}

/// A multiplier below 1, or not finite, is taken as 1.
fn sane_factor(factor: f64) -> f64 {
    if factor.is_finite() && factor >= 1.0 {
        factor
    } else {
        1.0
    }
}

/// `delay * factor`, at most `max` (also when the product does not fit a `Duration`).
fn scale(delay: Duration, factor: f64, max: Duration) -> Duration {
    Duration::try_from_secs_f64(delay.as_secs_f64() * sane_factor(factor))
        .map_or(max, |d| d.min(max))
}

impl Backoff {
    /// The defaults: `initial` 2 s, `factor` 2, `max` 60 s, `throttle_factor` 2,
    /// `throttle_floor` 5 s, no spacing, give up after 20 consecutive failures.
    pub const fn new() -> Self {
        Self {
            initial: Duration::from_secs(2),
            factor: 2.0,
            max: Duration::from_secs(60),
            throttle_factor: 2.0,
            throttle_floor: Duration::from_secs(5),
            spacing: Duration::ZERO,
            give_up_after: Some(20),
        }
    }

    /// The first idle delay, and the first delay after a failure.
    #[must_use]
    pub const fn initial(mut self, initial: Duration) -> Self {
        self.initial = initial;
        self
    }

    /// The multiplier applied per sweep without progress and per consecutive failure.
    /// A value below 1, or not finite, is taken as 1 (a constant delay).
    #[must_use]
    pub const fn factor(mut self, factor: f64) -> Self {
        self.factor = factor;
        self
    }

    /// The longest delay ever answered (throttling included).
    #[must_use]
    pub const fn max(mut self, max: Duration) -> Self {
        self.max = max;
        self
    }

    /// After a `Throttling` error: multiply the failure delay by `factor` (below 1 or not
    /// finite is taken as 1) and wait at least `floor`.
    #[must_use]
    pub const fn throttling(mut self, factor: f64, floor: Duration) -> Self {
        self.throttle_factor = factor;
        self.throttle_floor = floor;
        self
    }

    /// The delay between two requests of one sweep, or two pages.
    #[must_use]
    pub const fn spacing(mut self, spacing: Duration) -> Self {
        self.spacing = spacing;
        self
    }

    /// Stop after more than `failures` consecutive failures (`None`: never).
    #[must_use]
    pub const fn give_up_after(mut self, failures: Option<u32>) -> Self {
        self.give_up_after = failures;
        self
    }

    /// The configured initial delay.
    pub const fn initial_delay(&self) -> Duration {
        self.initial
    }

    /// The configured longest delay.
    pub const fn max_delay(&self) -> Duration {
        self.max
    }

    /// The configured delay between requests of one sweep.
    pub const fn spacing_delay(&self) -> Duration {
        self.spacing
    }

    /// The least delay after a `Throttling` error (at most [`max_delay`](Self::max_delay)).
    pub fn throttle_floor(&self) -> Duration {
        self.throttle_floor.min(self.max)
    }

    /// "Equal jitter": `delay` scaled into `[delay / 2, delay)` by `random`, a uniformly
    /// random `u32` the caller supplies (the crate has no randomness of its own). Spreads
    /// the polls of many trackers that started together.
    ///
    /// ```
    /// use core::time::Duration;
    /// use mts_codec::workflow::Backoff;
    ///
    /// let d = Duration::from_secs(8);
    /// assert_eq!(Backoff::jitter(d, 0), Duration::from_secs(4));
    /// assert!(Backoff::jitter(d, u32::MAX) < d);
    /// ```
    pub fn jitter(delay: Duration, random: u32) -> Duration {
        // In whole nanoseconds: `Duration::MAX` is below 2^95 ns, so `half * random`
        // stays below 2^127. `nanos` is at most `delay`'s, so both conversions succeed.
        let half = delay.as_nanos() / 2;
        let nanos = half + ((half * u128::from(random)) >> 32);
        let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
        let subsec = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
        Duration::new(secs, subsec)
    }
}

/// The running state of a [`Backoff`] schedule: the last idle and failure delays and the
/// count of consecutive failures.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Delays {
    idle: Option<Duration>,
    failure: Option<Duration>,
    failures: u32,
}

impl Delays {
    pub(crate) const fn new() -> Self {
        Self {
            idle: None,
            failure: None,
            failures: 0,
        }
    }

    /// The answer to an API error: retry later, or stop.
    pub(crate) fn next_after_error(&mut self, b: &Backoff, error: &ApiError<'_>) -> Next {
        match ErrorClass::of(error) {
            ErrorClass::Throttled => self.next_after_failure(b, true),
            ErrorClass::Transient => self.next_after_failure(b, false),
            ErrorClass::Fatal => Next::Stop(StopReason::ApiError {
                // A body without `Code` is reported with an empty one, as documented.
                code: error
                    .code
                    .map(|c| c.to_cow().into_owned())
                    .unwrap_or_default(),
            }),
        }
    }

    /// A sweep ended in which something moved: back to `initial`.
    pub(crate) fn progress(&mut self, b: &Backoff) -> Duration {
        let d = b.initial.min(b.max);
        self.idle = Some(d);
        d
    }

    /// A sweep ended in which nothing moved: `initial` the first time, then grow.
    pub(crate) fn no_progress(&mut self, b: &Backoff) -> Duration {
        let d = grow(self.idle, b);
        self.idle = Some(d);
        d
    }

    /// A request succeeded: failures are forgotten.
    pub(crate) fn success(&mut self) {
        self.failure = None;
        self.failures = 0;
    }

    /// A request failed in a way that may pass later: wait and send the same ids again
    /// (freshly signed), or give up after more than `give_up_after` in a row.
    pub(crate) fn next_after_failure(&mut self, b: &Backoff, throttled: bool) -> Next {
        self.failures = self.failures.saturating_add(1);
        let mut d = grow(self.failure, b);
        if throttled {
            d = scale(d, b.throttle_factor, b.max)
                .max(b.throttle_floor)
                .min(b.max);
        }
        self.failure = Some(d);
        match b.give_up_after {
            Some(limit) if self.failures > limit => Next::Stop(StopReason::TooManyFailures {
                failures: self.failures,
            }),
            _ => Next::After(d),
        }
    }

    /// Consecutive failures so far.
    pub(crate) fn failures(&self) -> u32 {
        self.failures
    }
}

/// The delay after `last`: `initial` the first time, then `last` times `factor`.
fn grow(last: Option<Duration>, b: &Backoff) -> Duration {
    match last {
        None => b.initial.min(b.max),
        Some(last) => scale(last, b.factor, b.max),
    }
}

// `Delays` is crate-private; the public `Backoff::jitter` is tested in
// tests/it/workflow/backoff.rs.
#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    fn retry(next: Next) -> Duration {
        match next {
            Next::After(d) => d,
            other => panic!("no retry: {other:?}"),
        }
    }

    #[test]
    fn idle_grows_to_the_cap_and_progress_resets() {
        let b = Backoff::new().initial(S(1)).factor(2.0).max(S(10));
        let mut d = Delays::default();
        let grown: [Duration; 6] = core::array::from_fn(|_| d.no_progress(&b));
        assert_eq!(grown, [S(1), S(2), S(4), S(8), S(10), S(10)]);
        assert_eq!(d.progress(&b), S(1));
        assert_eq!(d.no_progress(&b), S(2));
    }

    #[test]
    fn fractional_factor() {
        let b = Backoff::new()
            .initial(Duration::from_millis(400))
            .factor(1.5)
            .max(S(2));
        let mut d = Delays::default();
        let got: [Duration; 6] = core::array::from_fn(|_| d.no_progress(&b));
        let ms = Duration::from_millis;
        assert_eq!(got, [ms(400), ms(600), ms(900), ms(1350), S(2), S(2)]);
    }

    #[test]
    fn failures_grow_and_success_resets() {
        let b = Backoff::new().initial(S(1)).factor(3.0).max(S(60));
        let mut d = Delays::default();
        let got: [Duration; 5] = core::array::from_fn(|_| retry(d.next_after_failure(&b, false)));
        assert_eq!(got, [S(1), S(3), S(9), S(27), S(60)]);
        assert_eq!(d.failures(), 5);
        d.success();
        assert_eq!(d.failures(), 0);
        assert_eq!(retry(d.next_after_failure(&b, false)), S(1));
    }

    #[test]
    fn throttling_backs_off_further() {
        let b = Backoff::new()
            .initial(S(1))
            .factor(2.0)
            .max(S(100))
            .throttling(4.0, S(6));
        let (mut plain, mut throttled) = (Delays::default(), Delays::default());
        // First failure: 1 s plain; throttled 1 * 4 = 4, raised to the 6 s floor.
        assert_eq!(retry(plain.next_after_failure(&b, false)), S(1));
        assert_eq!(retry(throttled.next_after_failure(&b, true)), S(6));
        // Then it grows from the throttled delay: 6 * 2 * 4 = 48.
        assert_eq!(retry(throttled.next_after_failure(&b, true)), S(48));
        assert_eq!(retry(throttled.next_after_failure(&b, true)), S(100));
        // A plain failure after throttling keeps growing from where it was (capped).
        assert_eq!(retry(throttled.next_after_failure(&b, false)), S(100));
    }

    #[test]
    fn throttle_floor_never_exceeds_the_cap() {
        let b = Backoff::new().max(S(3)).throttling(1.0, S(10));
        let mut d = Delays::default();
        assert_eq!(retry(d.next_after_failure(&b, true)), S(3));
        assert_eq!(b.throttle_floor(), S(3));
    }

    #[test]
    fn gives_up_after_the_configured_count() {
        let b = Backoff::new().give_up_after(Some(2));
        let mut d = Delays::default();
        assert!(matches!(d.next_after_failure(&b, false), Next::After(_)));
        assert!(matches!(d.next_after_failure(&b, true), Next::After(_)));
        assert_eq!(
            d.next_after_failure(&b, false),
            Next::Stop(StopReason::TooManyFailures { failures: 3 })
        );
        let never = Backoff::new().give_up_after(None);
        let mut d = Delays::default();
        for _ in 0..1000 {
            assert!(matches!(
                d.next_after_failure(&never, false),
                Next::After(_)
            ));
        }
    }

    #[test]
    fn odd_factors_and_huge_delays_do_not_panic() {
        for factor in [f64::NAN, f64::INFINITY, -3.0, 0.0, 0.5] {
            let b = Backoff::new().initial(S(2)).factor(factor).max(S(9));
            let mut d = Delays::default();
            assert_eq!(d.no_progress(&b), S(2));
            assert_eq!(d.no_progress(&b), S(2), "factor {factor} is taken as 1");
        }
        let b = Backoff::new()
            .initial(Duration::MAX)
            .factor(1e300)
            .max(Duration::MAX)
            .throttling(f64::MAX, Duration::MAX);
        let mut d = Delays::default();
        assert_eq!(d.no_progress(&b), Duration::MAX);
        assert_eq!(d.no_progress(&b), Duration::MAX);
        assert_eq!(retry(d.next_after_failure(&b, true)), Duration::MAX);
        assert_eq!(retry(d.next_after_failure(&b, true)), Duration::MAX);
    }
}
