//! The job tracker against a scripted MTS stand-in (`workflow::sim`): 250 jobs
//! moving Submitted → Snapshoting → Success/Fail over simulated time, unknown ids,
//! throttling, unavailability, dropped connections, omitted and unsolicited jobs, in
//! JSON and XML. Every request is signed by the crate and every body decoded by
//! `decode_response`; the simulated clock moves only by the tracker's answers.

use super::sim as workflow_sim;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{Credentials, Format as RequestFormat};
use mts_codec::workflow::{Backoff, JobTracker, Next};
use mts_codec::{Format, decode_response};
use mts_codec::{Response, Timestamp};
use proptest::prelude::*;
use workflow_sim::{Chaos, EPOCH, FakeMts, Reply, job_id};

struct Run {
    service: FakeMts,
    /// Finished jobs as reported: id → (state, how many times reported).
    finished: HashMap<String, (String, usize)>,
    /// Unknown ids as reported, in order.
    unknown: Vec<String>,
    /// `(outcome, delay answered)` per call.
    answers: Vec<(&'static str, Duration)>,
    /// The simulated time when the tracker said `Done`.
    end: Duration,
    /// Totals of `TrackerUpdate::missing` and `TrackerUpdate::ignored`.
    missing: usize,
    ignored: usize,
    tracker: JobTracker,
}

fn run(service: FakeMts, extra_unknown: &[String], format: Format, backoff: Backoff) -> Run {
    let mut service = service;
    let creds = Credentials::new("testid", "testsecret").unwrap();
    // Every job, a few ids the service never heard of, and one id given twice.
    let mut ids: Vec<String> = service.jobs.iter().map(|j| j.id.clone()).collect();
    ids.extend(extra_unknown.iter().cloned());
    if let Some(first) = ids.first().cloned() {
        ids.push(first);
    }
    let mut tracker = JobTracker::new(ids, backoff).unwrap();
    let template = QuerySnapshotJobList::new().format(match format {
        Format::Json => RequestFormat::Json,
        Format::Xml => RequestFormat::Xml,
    });
    let mut now = Duration::ZERO;
    let (mut finished, mut unknown, mut answers) = (HashMap::new(), Vec::new(), Vec::new());
    let mut end = None;
    let (mut missing, mut ignored) = (0, 0);
    for attempt in 0u64..20_000 {
        let Some(request) = tracker.next_request(template.clone()).unwrap() else {
            end = Some(now);
            break;
        };
        let time = Timestamp::from_unix_seconds(EPOCH + now.as_secs() as i64).unwrap();
        let nonce = format!("{attempt:032x}"); // fresh for every attempt, retries included
        let signed = request.sign(&creds, time, &nonce).unwrap();
        let mut form = String::new();
        signed.write_form_body(&mut form).unwrap();
        let reply = service.handle(&form, now);
        let outcome = service.calls.last().unwrap().outcome;
        let next = match reply {
            Reply::Dropped => tracker.failed(),
            Reply::Http {
                status,
                format,
                body,
            } => {
                let response = decode_response(status, format, &body).unwrap();
                let update = tracker.consume(&response);
                for job in &update.finished {
                    let sim = service.job(&job.id).expect("only real jobs finish");
                    let want = sim.state_at(now);
                    assert_eq!(
                        job.state.as_wire(),
                        want,
                        "{} reported as it is now",
                        job.id
                    );
                    // The borrowed view carries the job's outputs or its error.
                    assert_eq!(job.job.id.unwrap(), job.id.as_str());
                    if job.succeeded() {
                        let out = job
                            .job
                            .snapshot_config
                            .as_ref()
                            .unwrap()
                            .output_file
                            .as_ref()
                            .unwrap();
                        assert_eq!(
                            out.object.unwrap(),
                            format!("snap/{}/{{Count}}.jpg", job.id).as_str()
                        );
                    } else {
                        assert_eq!(job.job.code.unwrap(), "InvalidParameter.ResourceNotFound");
                    }
                    let entry = finished
                        .entry(job.id.clone())
                        .or_insert((want.to_owned(), 0));
                    entry.1 += 1;
                }
                for id in &update.unknown {
                    assert!(
                        service.job(id).is_none(),
                        "{id} exists, yet reported unknown"
                    );
                }
                unknown.extend(update.unknown.iter().cloned());
                missing += update.missing.len();
                ignored += update.ignored;
                if let Response::Success(body) = &response {
                    // Omitted ids are reported missing and stay tracked.
                    for id in &update.missing {
                        assert!(tracker.is_tracked(id));
                        assert!(!body.jobs().iter().any(|j| j.id.unwrap() == id.as_str()));
                    }
                }
                update.next
            }
        };
        match next {
            Next::After(delay) => {
                answers.push((outcome, delay));
                now += delay; // the only way the simulated clock moves
            }
            Next::Done => {
                answers.push((outcome, Duration::ZERO));
                assert!(tracker.next_request(template.clone()).unwrap().is_none());
                end = Some(now);
                break;
            }
            Next::Stop(reason) => panic!("stopped at {now:?}: {reason}"),
        }
    }
    Run {
        end: end.expect("the tracker finished"),
        service,
        finished,
        unknown,
        answers,
        tracker,
        missing,
        ignored,
    }
}

/// What every run must show, whatever the chaos.
fn check(run: &Run, unknown_ids: &[String], backoff: &Backoff) {
    let service = &run.service;
    assert!(run.tracker.is_empty());
    // Every job ends terminal, reported exactly once, with its final state.
    assert_eq!(run.finished.len(), service.jobs.len());
    for job in &service.jobs {
        let (state, times) = &run.finished[&job.id];
        assert_eq!(*times, 1, "{} reported {times} times", job.id);
        assert_eq!(state, if job.success { "Success" } else { "Fail" });
        assert!(run.end.as_secs() >= job.ends);
    }
    // Unknown ids reported exactly once each.
    let mut got = run.unknown.clone();
    got.sort();
    let mut want = unknown_ids.to_vec();
    want.sort();
    assert_eq!(got, want);
    // Never more than 10 ids in one request, never none.
    for call in &service.calls {
        assert!((1..=10).contains(&call.ids.len()), "{} ids", call.ids.len());
        let distinct: HashSet<_> = call.ids.iter().collect();
        assert_eq!(distinct.len(), call.ids.len(), "an id twice in one request");
    }
    // A throttled call makes the tracker wait at least the throttle floor, and longer
    // than a plain failure at the same depth would.
    for (i, (outcome, delay)) in run.answers.iter().enumerate() {
        if *outcome == "Throttling" {
            assert!(*delay >= backoff.throttle_floor(), "call {i}: {delay:?}");
            assert!(*delay > backoff.spacing_delay());
        }
    }
    // A retried call asks for the same ids again.
    for pair in service.calls.windows(2) {
        if pair[0].outcome != "ok" {
            assert_eq!(
                pair[0].ids, pair[1].ids,
                "a failed call is retried as it was"
            );
        }
    }
}

fn chaotic() -> Chaos {
    Chaos {
        throttle: 80,
        unavailable: 30,
        drop: 30,
        omit: 50,
        unsolicited: 100,
        shuffle: true,
    }
}

fn unknown_ids() -> Vec<String> {
    (0..4).map(|k| job_id(1_000_000 + k)).collect()
}

fn backoff() -> Backoff {
    Backoff::new()
        .initial(Duration::from_secs(2))
        .factor(2.0)
        .max(Duration::from_secs(60))
        .throttling(3.0, Duration::from_secs(5))
        .give_up_after(Some(50))
}

#[test]
fn two_hundred_fifty_jobs_json() {
    let mut service = FakeMts::new(250, 1);
    service.chaos = chaotic();
    let r = run(service, &unknown_ids(), Format::Json, backoff());
    check(&r, &unknown_ids(), &backoff());
    let throttled = r.answers.iter().filter(|a| a.0 == "Throttling").count();
    assert!(throttled > 5, "the run was throttled ({throttled} times)");
    assert!(r.service.calls.iter().any(|c| c.outcome == "dropped"));
    // The answers left asked jobs out and added unasked ones: both were noticed.
    assert!(
        r.missing > 0 && r.ignored > 0,
        "missing {} ignored {}",
        r.missing,
        r.ignored
    );
}

#[test]
fn two_hundred_fifty_jobs_xml() {
    let mut service = FakeMts::new(250, 2);
    service.chaos = chaotic();
    let r = run(service, &unknown_ids(), Format::Xml, backoff());
    check(&r, &unknown_ids(), &backoff());
    assert!(
        r.missing > 0 && r.ignored > 0,
        "missing {} ignored {}",
        r.missing,
        r.ignored
    );
}

/// A well-behaved service: 25 requests per sweep, idle delays between sweeps, and the
/// tracker is done within one sweep plus one longest delay of the last job finishing.
#[test]
fn calm_service_sweeps_fairly() {
    let service = FakeMts::new(250, 3);
    let b = backoff().initial(Duration::from_secs(10));
    let r = run(service, &[], Format::Json, b);
    check(&r, &[], &b);
    assert_eq!((r.missing, r.ignored), (0, 0));
    let calls = &r.service.calls;
    // The first sweep asks every id once, 10 at a time, with no delay in between.
    let first: Vec<&String> = calls[..25].iter().flat_map(|c| &c.ids).collect();
    assert_eq!(first.len(), 250);
    assert_eq!(first.iter().collect::<HashSet<_>>().len(), 250);
    assert!(calls[..25].iter().all(|c| c.at == Duration::ZERO));
    // No id waits more than one sweep (25 requests) between two asks.
    let mut last_asked: HashMap<&str, usize> = HashMap::new();
    for (i, call) in calls.iter().enumerate() {
        for id in &call.ids {
            if let Some(prev) = last_asked.insert(id, i) {
                assert!(i - prev <= 25, "{id} waited {} requests", i - prev);
            }
        }
    }
    // Delays: zero inside a sweep; between sweeps, within the schedule.
    assert!(r.answers.iter().all(|(_, d)| *d <= b.max_delay()));
    let last_end = Duration::from_secs(r.service.last_end());
    assert!(
        r.end <= last_end + b.max_delay() + Duration::from_secs(1),
        "{:?} vs {last_end:?}",
        r.end
    );
}

/// A job reported unknown once is not asked again, and is reported once.
#[test]
fn only_unknown_ids() {
    let service = FakeMts::new(0, 4);
    let ids = unknown_ids();
    let r = run(service, &ids, Format::Xml, backoff());
    check(&r, &ids, &backoff());
    assert_eq!(r.service.calls.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Random job schedules, chaos and formats: the same guarantees.
    #[test]
    fn random_schedules(
        seed in any::<u64>(),
        jobs in 0usize..60,
        unknown in 0u64..5,
        throttle in 0u32..300,
        unavailable in 0u32..100,
        drop in 0u32..100,
        omit in 0u32..200,
        unsolicited in 0u32..300,
        xml in any::<bool>(),
        initial_ms in 1_000u64..20_000,
        factor in 1.0f64..3.0,
    ) {
        let mut service = FakeMts::new(jobs, seed);
        service.chaos = Chaos { throttle, unavailable, drop, omit, unsolicited, shuffle: seed % 2 == 0 };
        let ids: Vec<String> = (0..unknown).map(|k| job_id(1_000_000 + k)).collect();
        let b = Backoff::new()
            .initial(Duration::from_millis(initial_ms))
            .factor(factor)
            .max(Duration::from_secs(30))
            .give_up_after(None);
        let format = if xml { Format::Xml } else { Format::Json };
        let r = run(service, &ids, format, b);
        check(&r, &ids, &b);
    }
}
