//! The job tracker, one behaviour at a time, with hand-written response bodies.

use std::time::Duration;

use mts_codec::query_snapshot_job_list::{JobState, QuerySnapshotJobList, RequestError};
use mts_codec::signing::{Credentials, SortedParams};
use mts_codec::workflow::{Backoff, JobTracker, Next, StopReason};
use mts_codec::{Format, decode_response};

const S: fn(u64) -> Duration = Duration::from_secs;

fn backoff() -> Backoff {
    Backoff::new()
        .initial(S(1))
        .factor(2.0)
        .max(S(30))
        .throttling(4.0, S(3))
}

/// The `SnapshotJobIds` the next request carries.
fn next_ids(tracker: &mut JobTracker) -> Option<Vec<String>> {
    let request = tracker.next_request(QuerySnapshotJobList::new()).unwrap()?;
    let ids = request
        .sorted_params()
        .find(|(k, _)| *k == "SnapshotJobIds")
        .map(|(_, v)| v.split(',').map(str::to_owned).collect())
        .unwrap();
    Some(ids)
}

fn jobs_body(jobs: &[(&str, &str)]) -> String {
    let items: Vec<String> = jobs
        .iter()
        .map(|(id, state)| format!(r#"{{"Id":"{id}","State":"{state}"}}"#))
        .collect();
    format!(
        r#"{{"RequestId":"r","SnapshotJobList":{{"SnapshotJob":[{}]}}}}"#,
        items.join(",")
    )
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("job-{i:02}")).collect()
}

#[test]
fn batches_of_ten_round_robin() {
    let mut t = JobTracker::new(ids(25), backoff()).unwrap();
    assert_eq!(t.len(), 25);
    let mut sizes = Vec::new();
    for _ in 0..3 {
        let batch = next_ids(&mut t).unwrap();
        sizes.push(batch.len());
        // Asking again before an answer gives the same ids (for a re-signed retry).
        assert_eq!(next_ids(&mut t).unwrap(), batch);
        assert_eq!(t.in_flight().collect::<Vec<_>>(), batch);
        let running: Vec<(&str, &str)> =
            batch.iter().map(|id| (id.as_str(), "Submitted")).collect();
        let body = jobs_body(&running);
        let response = decode_response(200, Format::Json, body.as_bytes()).unwrap();
        let update = t.consume(&response);
        // Inside the first sweep: no wait; after its last request: the idle delay.
        let want = if sizes.len() < 3 {
            Duration::ZERO
        } else {
            S(1)
        };
        assert_eq!(update.next, Next::After(want));
    }
    assert_eq!(sizes, [10, 10, 5]);
    // The second sweep starts over from the first id.
    assert_eq!(next_ids(&mut t).unwrap(), ids(10));
}

#[test]
fn ids_are_checked_and_deduplicated() {
    assert_eq!(
        JobTracker::new(["a", "", "b"], backoff()).unwrap_err(),
        RequestError::EmptyJobId { index: 1 }
    );
    assert_eq!(
        JobTracker::new(["a", "b,c"], backoff()).unwrap_err(),
        RequestError::JobIdContainsComma { index: 1 }
    );
    assert_eq!(
        JobTracker::new(["x".repeat(65)], backoff()).unwrap_err(),
        RequestError::JobIdTooLong { index: 0, len: 65 }
    );
    let mut t = JobTracker::new(["a", "b", "a"], backoff()).unwrap();
    assert_eq!(t.len(), 2);
    assert!(!t.add("b").unwrap());
    assert!(t.add("c").unwrap());
    assert_eq!(next_ids(&mut t).unwrap(), ["a", "b", "c"]);
    let empty = JobTracker::new(Vec::<String>::new(), backoff()).unwrap();
    assert!(empty.is_empty());
}

#[test]
fn idle_delay_grows_without_progress_and_resets_with_it() {
    let mut t = JobTracker::new(["a", "b"], backoff()).unwrap();
    let mut answer = |jobs: &[(&str, &str)]| {
        next_ids(&mut t).unwrap();
        let body = jobs_body(jobs);
        t.consume(&decode_response(200, Format::Json, body.as_bytes()).unwrap())
            .next
    };
    let waiting = [("a", "Submitted"), ("b", "Submitted")];
    assert_eq!(answer(&waiting), Next::After(S(1)));
    assert_eq!(answer(&waiting), Next::After(S(2)));
    assert_eq!(answer(&waiting), Next::After(S(4)));
    // A job moved: back to the initial delay.
    assert_eq!(
        answer(&[("a", "Snapshoting"), ("b", "Submitted")]),
        Next::After(S(1))
    );
    assert_eq!(
        answer(&[("a", "Snapshoting"), ("b", "Submitted")]),
        Next::After(S(2))
    );
    assert_eq!(
        answer(&[("a", "Success"), ("b", "Submitted")]),
        Next::After(S(1))
    );
    assert_eq!(answer(&[("b", "Fail")]), Next::Done);
}

#[test]
fn finished_jobs_carry_the_decoded_job() {
    let mut t = JobTracker::new(["a", "b", "c"], backoff()).unwrap();
    next_ids(&mut t).unwrap();
    let body = br#"{"RequestId":"r","SnapshotJobList":{"SnapshotJob":[
        {"Id":"b","State":"Fail","Code":"InvalidParameter.ResourceContentBad","Message":"bad"},
        {"Id":"\u0061","State":"Success","Count":"3"},
        {"Id":"c","State":"Snapshoting"}]}}"#;
    let response = decode_response(200, Format::Json, body).unwrap();
    let update = t.consume(&response);
    let finished: Vec<(&str, JobState<'_>)> = update
        .finished
        .iter()
        .map(|f| (f.id.as_str(), f.state))
        .collect();
    // Response order; the escaped id `\u0061` is matched by its decoded text.
    assert_eq!(finished, [("b", JobState::Fail), ("a", JobState::Success)]);
    assert_eq!(
        update.finished[0].job.code.unwrap(),
        "InvalidParameter.ResourceContentBad"
    );
    assert!(update.finished[1].succeeded());
    assert_eq!(update.finished[1].job.count.unwrap().get(), Ok(3));
    assert!(t.is_tracked("c") && !t.is_tracked("a") && t.len() == 1);
}

#[test]
fn unsolicited_duplicate_and_anonymous_jobs_change_nothing() {
    let mut t = JobTracker::new(["a", "b"], backoff()).unwrap();
    next_ids(&mut t).unwrap();
    let body = br#"{"RequestId":"r",
        "NonExistSnapshotJobIds":{"String":["zzz"]},
        "SnapshotJobList":{"SnapshotJob":[
        {"Id":"x","State":"Success"},
        {"Id":"a","State":"Snapshoting"},
        {"Id":"a","State":"Success"},
        {"State":"Fail"}]}}"#;
    let response = decode_response(200, Format::Json, body).unwrap();
    let update = t.consume(&response);
    assert!(update.finished.is_empty() && update.unknown.is_empty());
    // `x` not asked, the second `a`, the job without Id, the unknown `zzz` not asked.
    assert_eq!(update.ignored, 4);
    // `b` was asked and not answered: missing, still tracked.
    assert_eq!(update.missing, ["b"]);
    assert_eq!(t.len(), 2);
    assert_eq!(next_ids(&mut t).unwrap(), ["a", "b"]);
}

#[test]
fn unknown_ids_are_reported_once_and_can_be_added_back() {
    let mut t = JobTracker::new(["a", "gone"], backoff()).unwrap();
    next_ids(&mut t).unwrap();
    let body = br#"<QuerySnapshotJobListResponse><RequestId>r</RequestId>
        <NonExistSnapshotJobIds list="true"><String>gone</String></NonExistSnapshotJobIds>
        <SnapshotJobList><SnapshotJob><Id>a</Id><State>Submitted</State></SnapshotJob></SnapshotJobList>
        </QuerySnapshotJobListResponse>"#;
    let response = decode_response(200, Format::Xml, body).unwrap();
    let update = t.consume(&response);
    assert_eq!(update.unknown, ["gone"]);
    assert!(!t.is_tracked("gone"));
    assert_eq!(next_ids(&mut t).unwrap(), ["a"]);
    assert!(t.add("gone").unwrap());
}

fn error(status: u16, code: &str) -> String {
    let _ = status;
    format!(
        r#"{{"RequestId":"r","HostId":"mts.cn-shanghai.aliyuncs.com","Code":"{code}","Message":"m"}}"#
    )
}

#[test]
fn fatal_errors_stop_but_keep_the_ids() {
    for code in [
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId.NotFound",
        "InvalidTimeStamp.Expired",
        "Forbidden.RAM",
    ] {
        let mut t = JobTracker::new(ids(12), backoff()).unwrap();
        let batch = next_ids(&mut t).unwrap();
        let body = error(400, code);
        let response = decode_response(400, Format::Json, body.as_bytes()).unwrap();
        let update = t.consume(&response);
        assert_eq!(
            update.next,
            Next::Stop(StopReason::ApiError { code: code.into() }),
            "{code}"
        );
        assert_eq!(t.len(), 12);
        assert_eq!(
            next_ids(&mut t).unwrap(),
            batch,
            "after fixing the cause, go on"
        );
    }
}

#[test]
fn retryable_errors_back_off_and_throttling_further() {
    let mut t = JobTracker::new(["a"], backoff()).unwrap();
    let mut fail = |status: u16, code: &str| {
        next_ids(&mut t).unwrap();
        let body = error(status, code);
        t.consume(&decode_response(status, Format::Json, body.as_bytes()).unwrap())
            .next
    };
    assert_eq!(fail(503, "ServiceUnavailable"), Next::After(S(1)));
    assert_eq!(fail(500, "InternalError"), Next::After(S(2)));
    // Throttling: 2 * 2 (growth) * 4 (throttle factor) = 16 s, above the 3 s floor.
    assert_eq!(fail(400, "Throttling.User"), Next::After(S(16)));
    assert_eq!(fail(400, "SignatureNonceUsed"), Next::After(S(30)));
    assert_eq!(t.consecutive_failures(), 4);
    // A success resets the failure delay.
    next_ids(&mut t).unwrap();
    let body = jobs_body(&[("a", "Submitted")]);
    t.consume(&decode_response(200, Format::Json, body.as_bytes()).unwrap());
    assert_eq!(t.consecutive_failures(), 0);
    assert_eq!(t.failed(), Next::After(S(1)));
    // The first failure, throttled or not: throttling waits longer.
    let mut plain = JobTracker::new(["a"], backoff()).unwrap();
    let mut throttled = JobTracker::new(["a"], backoff()).unwrap();
    let p = plain.failed().delay().unwrap();
    next_ids(&mut throttled).unwrap();
    let body = error(400, "Throttling");
    let th = throttled
        .consume(&decode_response(400, Format::Json, body.as_bytes()).unwrap())
        .next
        .delay()
        .unwrap();
    assert!(th > p, "{th:?} > {p:?}");
    assert_eq!(th, S(4));
}

#[test]
fn gives_up_after_too_many_failures() {
    let mut t = JobTracker::new(["a"], backoff().give_up_after(Some(3))).unwrap();
    for _ in 0..3 {
        assert!(matches!(t.failed(), Next::After(_)));
    }
    assert_eq!(
        t.failed(),
        Next::Stop(StopReason::TooManyFailures { failures: 4 })
    );
    assert_eq!(t.len(), 1);
}

#[test]
fn a_response_without_a_request_changes_nothing() {
    let mut t = JobTracker::new(["a"], backoff()).unwrap();
    let body = jobs_body(&[("a", "Success")]);
    let response = decode_response(200, Format::Json, body.as_bytes()).unwrap();
    let update = t.consume(&response);
    assert!(update.finished.is_empty());
    assert_eq!(update.ignored, 1);
    assert!(t.is_tracked("a"));
}

#[test]
fn the_request_is_the_template_with_the_ids() {
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let mut t = JobTracker::new(
        [
            "72dfa5e679ab4be9a3ed9974c7360001",
            "72dfa5e679ab4be9a3ed9974c7360002",
        ],
        backoff(),
    )
    .unwrap();
    let template = QuerySnapshotJobList::new()
        .region_id("cn-shanghai")
        .unwrap()
        .param("SignatureType", "")
        .unwrap();
    let request = t.next_request(template).unwrap().unwrap();
    let time = mts_codec::Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let signed = request
        .sign(&creds, time, "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f")
        .unwrap();
    // The PyClassic vector of spec §3.1: the tracker's request is the same request.
    assert_eq!(signed.signature(), "zQ/2gRS3LEB3oF2Epqlol/KFUU8=");
}
