//! The crate's workflows end to end over real HTTP (issue 6 part 4): `JobTracker` and
//! `Pager` drive the `ureq_client` example's client (this package's library) against the
//! loopback MTS stand-in (`tests/stand_in/`), which checks every signature
//! with `mts_codec::verify`. The stand-in's clock is frozen and every wait the
//! workflows ask for moves it (and so the jobs) instead of sleeping.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod stand_in;

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::{JobState, QuerySnapshotJobList, StateFilter};
use mts_codec::signing::{Credentials, RandomNonce};
use mts_codec::workflow::{Backoff, JobTracker, ListFilter, Next, Pager};
use mts_codec::{Format, Response};
use mts_ureq_client::MtsClient;
use stand_in::verify::{KEY_ID, SECRET, verify_with_codec};
use stand_in::{Script, ScriptedJob, StandIn};

fn start(script: Script) -> StandIn {
    StandIn::start(script, verify_with_codec)
}

fn credentials() -> Credentials<'static> {
    Credentials::new(KEY_ID, SECRET).unwrap()
}

/// A tracker run: the jobs the tracker saw finish, the unknown ids, and how many
/// requests were throttled.
#[derive(Debug, Default)]
struct TrackerRun {
    finished: Vec<(String, String)>,
    unknown: Vec<String>,
    throttled: u32,
}

/// `JobTracker` driving the example's client against `server`, on the stand-in's frozen
/// clock: every wait the tracker asks for moves that clock (and so the jobs) instead of
/// sleeping.
fn track(server: &StandIn, format: Format, wanted: &[String], backoff: Backoff) -> TrackerRun {
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", format).unwrap();
    let mut tracker = JobTracker::new(wanted.iter().cloned(), backoff).unwrap();
    let mut run = TrackerRun::default();
    for round in 0.. {
        assert!(round < 200, "not terminal after 200 requests: {tracker:?}");
        let Some(request) = tracker.next_request(QuerySnapshotJobList::new()).unwrap() else {
            break;
        };
        assert!(tracker.in_flight().count() <= 10);
        let nonce = RandomNonce::generate();
        let reply = client
            .send(&credentials(), request, server.now(), nonce.as_str())
            .unwrap();
        let response = reply.decode().unwrap();
        let update = tracker.consume(&response);
        if let Response::ApiError(error) = &response {
            assert!(error.is_throttling(), "{error}");
            run.throttled += 1;
            // Backed off: at least the throttling floor, not the zero spacing.
            let delay = update.next.delay().unwrap();
            assert!(delay >= backoff.throttle_floor(), "{delay:?}");
        }
        run.finished.extend(
            update
                .finished
                .iter()
                .map(|job| (job.id.clone(), job.state.to_string())),
        );
        run.unknown.extend(update.unknown.iter().cloned());
        match &update.next {
            Next::After(delay) => server.advance(*delay),
            Next::Done => break,
            Next::Stop(reason) => panic!("tracker stopped: {reason:?}"),
        }
    }
    assert!(tracker.is_empty());
    run.finished.sort();
    run.unknown.sort();
    run
}

#[test]
fn the_tracker_polls_until_every_job_is_terminal() {
    // 25 jobs moving through states at different paces (10 s a state on the stand-in's
    // clock), a few unknown ids, and every fifth request throttled.
    let jobs = paced_jobs();
    let mut wanted: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
    wanted.extend((0..3).map(|n| format!("bad{n:029}")));
    for format in [Format::Xml, Format::Json] {
        let server = start(Script {
            jobs: jobs.clone(),
            throttle_every: Some(5),
            seconds_per_state: Some(10),
        });
        let started = Timestamp::now().unwrap();
        server.freeze_clock(started);
        let run = track(&server, format, &wanted, Backoff::new());

        assert_eq!(run.finished.len(), 25, "{format:?}");
        assert!(
            run.finished
                .iter()
                .all(|(_, s)| s == "Success" || s == "Fail")
        );
        assert_eq!(run.finished.iter().filter(|(_, s)| s == "Fail").count(), 8);
        assert_eq!(
            run.unknown,
            [
                "bad00000000000000000000000000000",
                "bad00000000000000000000000000001",
                "bad00000000000000000000000000002"
            ]
        );
        let log = server.log();
        assert!(run.throttled >= 1);
        assert_eq!(log.errors.len(), run.throttled as usize);
        assert!(
            log.errors
                .iter()
                .all(|(s, c)| *s == 400 && c == "Throttling")
        );
        // Every request went through the crate's verifier, none with more than 10 ids.
        assert_eq!(log.verified, log.requests);
        assert!(log.max_ids <= 10 && log.max_ids > 0, "{}", log.max_ids);
        // The slowest jobs end 30 s in; waiting moved the clock, not the test.
        let waited = server.now().unix_seconds() - started.unix_seconds();
        assert!((30..=300).contains(&waited), "{waited} s");
    }
}

#[test]
fn the_pager_lists_every_successful_job_page_by_page() {
    let jobs = paced_jobs();
    let server = start(Script {
        jobs: jobs.clone(),
        throttle_every: Some(3),
        seconds_per_state: Some(10),
    });
    server.freeze_clock(Timestamp::now().unwrap());
    server.advance(std::time::Duration::from_secs(60)); // every job has ended
    let client = MtsClient::new(Some(&server.endpoint()), "cn-hangzhou", Format::Json).unwrap();
    let filter = ListFilter::new()
        .state(StateFilter::Success)
        .page_size(4)
        .unwrap();
    let mut pager = Pager::new(filter, Backoff::new());
    let mut listed = Vec::new();
    let mut throttled = 0;
    for round in 0.. {
        assert!(round < 50, "listing did not end");
        let reply = {
            let Some(request) = pager.next_request(QuerySnapshotJobList::new()).unwrap() else {
                break;
            };
            let nonce = RandomNonce::generate();
            client
                .send(&credentials(), request, server.now(), nonce.as_str())
                .unwrap()
        };
        let response = reply.decode().unwrap();
        let page = pager.consume(&response);
        if let Response::ApiError(error) = &response {
            assert!(error.is_throttling(), "{error}");
            throttled += 1;
        }
        for job in page.jobs {
            assert_eq!(job.state, Some(JobState::Success));
            listed.push(job.id.unwrap().to_string());
        }
        match page.next {
            Next::After(delay) => server.advance(delay),
            Next::Done => break,
            Next::Stop(reason) => panic!("pager stopped: {reason:?}"),
        }
    }
    // 17 of the 25 jobs succeed (n % 3 != 1): 5 pages of at most 4, in script order.
    let expected: Vec<String> = jobs
        .iter()
        .filter(|j| j.states.last() == Some(&"Success"))
        .map(|j| j.id.clone())
        .collect();
    assert_eq!(expected.len(), 17);
    assert_eq!(listed, expected);
    assert_eq!(pager.pages(), 5);
    assert!(pager.is_done());
    let log = server.log();
    assert!(throttled >= 1);
    assert_eq!(log.pages, 5);
    assert_eq!(log.requests, 5 + throttled);
    assert_eq!(log.verified, log.requests);
}

/// 25 jobs at three paces: 2, 4 and 1 states (10 s each on a `seconds_per_state: 10`
/// clock); every third one, from the second, fails.
fn paced_jobs() -> Vec<ScriptedJob> {
    (0..25)
        .map(|n| ScriptedJob {
            id: format!("d00d{n:028}"),
            states: match n % 3 {
                0 => vec!["Submitted", "Snapshoting", "Success"],
                1 => vec!["Snapshoting", "Snapshoting", "Snapshoting", "Fail"],
                _ => vec!["Success"],
            },
            count: 2,
            object: "out%2F{Count}.jpg".to_owned(),
        })
        .collect()
}
