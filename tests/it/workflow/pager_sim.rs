//! The paged listing against the scripted MTS stand-in (`workflow::sim`): filters
//! on the wire, every matching job seen once in the service's order, throttling and
//! failures retried, and servers that repeat or cycle their `NextPageToken` stopped.

use super::sim as workflow_sim;

use std::collections::HashSet;
use std::time::Duration;

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, RequestError, StateFilter};
use mts_codec::signing::{Credentials, Format as RequestFormat};
use mts_codec::workflow::{Backoff, ListFilter, Next, Pager, StopReason};
use mts_codec::{Format, decode_response};
use workflow_sim::{Chaos, EPOCH, FakeMts, Reply, Tokens};

struct Walk {
    /// Ids in the order the pages gave them.
    ids: Vec<String>,
    /// The answer to the last page.
    last: Next,
    /// `(outcome, delay)` per call.
    answers: Vec<(&'static str, Duration)>,
    service: FakeMts,
    pager: Pager,
}

/// Lists at simulated time `start` until the pager says `Done` or `Stop`.
fn walk(mut service: FakeMts, mut pager: Pager, format: Format, start: Duration) -> Walk {
    let creds = Credentials::new("testid", "testsecret").unwrap();
    let template = QuerySnapshotJobList::new().format(match format {
        Format::Json => RequestFormat::Json,
        Format::Xml => RequestFormat::Xml,
    });
    let mut now = start;
    let (mut ids, mut answers) = (Vec::new(), Vec::new());
    for attempt in 0u64..10_000 {
        let form = {
            let Some(request) = pager.next_request(template.clone()).unwrap() else {
                panic!("next_request gave nothing before Done/Stop");
            };
            let time = Timestamp::from_unix_seconds(EPOCH + now.as_secs() as i64).unwrap();
            let nonce = format!("{attempt:032x}");
            let signed = request.sign(&creds, time, &nonce).unwrap();
            let mut form = String::new();
            signed.write_form_body(&mut form).unwrap();
            form
        };
        let reply = service.handle(&form, now);
        let outcome = service.calls.last().unwrap().outcome;
        let next = match reply {
            Reply::Dropped => pager.failed(),
            Reply::Http {
                status,
                format,
                body,
            } => {
                let response = decode_response(status, format, &body).unwrap();
                let page = pager.consume(&response);
                ids.extend(
                    page.jobs
                        .iter()
                        .map(|j| j.id.unwrap().to_cow().into_owned()),
                );
                page.next
            }
        };
        match next {
            Next::After(d) => {
                answers.push((outcome, d));
                now += d;
            }
            last => {
                return Walk {
                    ids,
                    last,
                    answers,
                    service,
                    pager,
                };
            }
        }
    }
    panic!("the listing never ended");
}

fn sim_time(seconds: u64) -> Timestamp {
    Timestamp::from_unix_seconds(EPOCH + seconds as i64).unwrap()
}

/// 250 jobs, all finished by the time the listing runs; list the successful ones of one
/// pipeline created in a time window, 7 per page.
fn filtered_listing(format: Format, chaos: Chaos, seed: u64) -> Walk {
    let mut service = FakeMts::new(250, seed);
    service.chaos = chaos;
    let start = Duration::from_secs(service.last_end() + 1);
    let filter = ListFilter::new()
        .state(StateFilter::Success)
        .pipeline_id("pipeline-b")
        .unwrap()
        .created_between(sim_time(20), sim_time(100))
        .page_size(7)
        .unwrap();
    let backoff = Backoff::new()
        .throttling(2.0, Duration::from_secs(3))
        .give_up_after(Some(40));
    let w = walk(service, Pager::new(filter, backoff), format, start);
    assert_eq!(w.last, Next::Done);
    assert!(w.pager.is_done());
    assert!(
        w.pager
            .next_request(QuerySnapshotJobList::new())
            .unwrap()
            .is_none()
    );

    // Exactly the matching jobs, each once, newest first.
    let mut want: Vec<_> = w
        .service
        .jobs
        .iter()
        .filter(|j| j.success && j.pipeline == "pipeline-b" && (20..=100).contains(&j.created))
        .collect();
    want.sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));
    let want: Vec<String> = want.iter().map(|j| j.id.clone()).collect();
    assert!(
        want.len() > 14,
        "the filter leaves several pages ({})",
        want.len()
    );
    assert_eq!(w.ids, want);

    // Every call carried the filters; each page after the first carried the token the
    // previous successful page returned; a failed call is repeated as it was.
    let mut expected_token: Option<String> = None;
    for call in &w.service.calls {
        let p = &call.params;
        assert_eq!(p["State"], "Success");
        assert_eq!(p["PipelineId"], "pipeline-b");
        assert_eq!(p["StartOfJobCreatedTimeRange"], sim_time(20).to_string());
        assert_eq!(p["EndOfJobCreatedTimeRange"], sim_time(100).to_string());
        assert_eq!(p["MaximumPageSize"], "7");
        assert!(!p.contains_key("SnapshotJobIds"));
        assert_eq!(p.get("NextPageToken"), expected_token.as_ref());
        if call.outcome == "ok" {
            expected_token = call.returned_token.clone();
        }
    }
    assert_eq!(w.pager.pages() as usize, want.len().div_ceil(7));
    for (outcome, delay) in &w.answers {
        if *outcome == "Throttling" {
            assert!(*delay >= Duration::from_secs(3));
        }
    }
    w
}

#[test]
fn filtered_listing_json() {
    let w = filtered_listing(Format::Json, Chaos::default(), 11);
    assert!(w.service.calls.iter().all(|c| c.outcome == "ok"));
}

#[test]
fn filtered_listing_xml() {
    let _ = filtered_listing(Format::Xml, Chaos::default(), 12);
}

#[test]
fn filtered_listing_through_throttling_and_failures() {
    let chaos = Chaos {
        throttle: 200,
        unavailable: 100,
        drop: 100,
        ..Chaos::default()
    };
    for (seed, format) in [(13, Format::Json), (14, Format::Xml)] {
        let w = filtered_listing(format, chaos, seed);
        let failed = |what| w.service.calls.iter().filter(|c| c.outcome == what).count();
        assert!(failed("Throttling") > 0 && failed("ServiceUnavailable") + failed("dropped") > 0);
    }
}

/// No filter, the server's default page size: all 250 jobs over 9 pages.
#[test]
fn unfiltered_listing_sees_every_job_once() {
    let service = FakeMts::new(250, 15);
    let w = walk(
        service,
        Pager::new(ListFilter::new(), Backoff::new()),
        Format::Json,
        Duration::ZERO,
    );
    assert_eq!(w.last, Next::Done);
    assert_eq!(w.ids.len(), 250);
    assert_eq!(w.ids.iter().collect::<HashSet<_>>().len(), 250);
    assert_eq!(w.pager.pages(), 9);
    assert!(
        w.service
            .calls
            .iter()
            .all(|c| !c.params.contains_key("State"))
    );
}

#[test]
fn a_server_repeating_its_token_is_stopped() {
    let mut service = FakeMts::new(40, 16);
    service.tokens = Tokens::Repeat;
    let filter = ListFilter::new().page_size(10).unwrap();
    let w = walk(
        service,
        Pager::new(filter, Backoff::new()),
        Format::Json,
        Duration::ZERO,
    );
    assert_eq!(
        w.last,
        Next::Stop(StopReason::RepeatedPageToken { page: 2 })
    );
    assert_eq!(w.service.calls.len(), 2);
    assert!(w.pager.is_done());
    assert!(
        w.pager
            .next_request(QuerySnapshotJobList::new())
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_server_cycling_its_tokens_is_stopped() {
    let mut service = FakeMts::new(40, 17);
    service.tokens = Tokens::Cycle;
    let filter = ListFilter::new().page_size(5).unwrap();
    let w = walk(
        service,
        Pager::new(filter, Backoff::new()),
        Format::Xml,
        Duration::ZERO,
    );
    assert_eq!(
        w.last,
        Next::Stop(StopReason::RepeatedPageToken { page: 3 })
    );
    assert_eq!(w.service.calls.len(), 3);
}

#[test]
fn max_pages_bounds_a_long_listing() {
    let service = FakeMts::new(100, 18);
    let filter = ListFilter::new().page_size(10).unwrap();
    let pager = Pager::new(filter, Backoff::new()).max_pages(4);
    let w = walk(service, pager, Format::Json, Duration::ZERO);
    assert_eq!(w.last, Next::Stop(StopReason::TooManyPages { pages: 4 }));
    assert_eq!(w.ids.len(), 40);
    // The pager kept its place: going on would ask for page 5.
    assert!(w.pager.token().is_some() && !w.pager.is_done());
}

#[test]
fn fatal_errors_stop_and_keep_the_place() {
    let mut pager = Pager::new(ListFilter::new(), Backoff::new());
    let body = br#"{"RequestId":"r","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}"#;
    let response = decode_response(404, Format::Json, body).unwrap();
    let page = pager.consume(&response);
    assert!(page.jobs.is_empty());
    assert_eq!(
        page.next,
        Next::Stop(StopReason::ApiError {
            code: "InvalidAccessKeyId.NotFound".into()
        })
    );
    assert!(!pager.is_done() && pager.pages() == 0);
    assert!(
        pager
            .next_request(QuerySnapshotJobList::new())
            .unwrap()
            .is_some()
    );
}

#[test]
fn filter_values_are_checked() {
    assert_eq!(
        ListFilter::new().page_size(0).unwrap_err(),
        RequestError::PageSizeOutOfRange { value: 0 }
    );
    assert_eq!(
        ListFilter::new().page_size(301).unwrap_err(),
        RequestError::PageSizeOutOfRange { value: 301 }
    );
    assert_eq!(
        ListFilter::new().pipeline_id("").unwrap_err(),
        RequestError::EmptyValue {
            parameter: "PipelineId"
        }
    );
}

#[test]
fn an_empty_token_ends_the_listing() {
    let mut pager = Pager::new(ListFilter::new(), Backoff::new());
    let body = br#"{"RequestId":"r","NextPageToken":"","SnapshotJobList":{"SnapshotJob":[]}}"#;
    let response = decode_response(200, Format::Json, body).unwrap();
    assert_eq!(pager.consume(&response).next, Next::Done);
}
