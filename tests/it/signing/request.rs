//! The `QuerySnapshotJobList` request builder: each value is checked as it is set, with
//! an error naming the parameter, id or byte; the parameters come out sorted.

use mts_codec::Timestamp;
use mts_codec::endpoint::EndpointError;
use mts_codec::query_snapshot_job_list::{
    MAX_EXTRA_PARAMS, MAX_JOB_ID_LEN, MAX_JOB_IDS, QuerySnapshotJobList, RequestError, StateFilter,
};
use mts_codec::signing::{ParamsErrorKind, SortedParams};

#[test]
fn job_id_errors() {
    let q = QuerySnapshotJobList::new;
    let e = q().job_ids(&["a"; 11]).unwrap_err();
    assert_eq!(e, RequestError::TooManyJobIds { count: 11 });
    assert_eq!(e.to_string(), "SnapshotJobIds: 11 ids, at most 10 allowed");
    let e = q().job_ids(&["a", "b", ""]).unwrap_err();
    assert_eq!(e, RequestError::EmptyJobId { index: 2 });
    assert_eq!(e.to_string(), "SnapshotJobIds: id 2 is empty");
    assert_eq!(
        q().job_ids(&["a", ""]).unwrap_err(),
        RequestError::EmptyJobId { index: 1 }
    );
    let e = q().job_ids(&["a,b"]).unwrap_err();
    assert_eq!(e, RequestError::JobIdContainsComma { index: 0 });
    assert!(e.to_string().contains("id 0 contains `,`"));
    assert_eq!(
        q().job_ids(&["a", "b", "c,d"]).unwrap_err(),
        RequestError::JobIdContainsComma { index: 2 }
    );
    assert_eq!(q().job_ids(&[]).unwrap_err(), RequestError::NoJobIds);
    let long = "f".repeat(MAX_JOB_ID_LEN + 1);
    assert_eq!(
        q().job_ids(&[long.as_str()]).unwrap_err(),
        RequestError::JobIdTooLong { index: 0, len: 65 }
    );
}

#[test]
fn the_most_ids_at_their_longest_fit() {
    let max = "f".repeat(MAX_JOB_ID_LEN);
    let ids = [max.as_str(); MAX_JOB_IDS];
    let r = QuerySnapshotJobList::new().job_ids(&ids).unwrap();
    let (_, joined) = r
        .sorted_params()
        .find(|(k, _)| *k == "SnapshotJobIds")
        .unwrap();
    assert_eq!(joined, ids.join(","));
    assert_eq!(joined.len(), 10 * 64 + 9);
}

#[test]
fn page_size_errors() {
    for bad in [0, 301, u16::MAX] {
        let e = QuerySnapshotJobList::new()
            .maximum_page_size(bad)
            .unwrap_err();
        assert_eq!(e, RequestError::PageSizeOutOfRange { value: bad });
        assert!(e.to_string().starts_with("MaximumPageSize: "));
    }
    for good in [1, 300] {
        assert!(QuerySnapshotJobList::new().maximum_page_size(good).is_ok());
    }
}

#[test]
fn other_errors() {
    let q = QuerySnapshotJobList::new;
    assert_eq!(
        q().region_id("cn hangzhou").unwrap_err(),
        RequestError::Region(EndpointError::InvalidRegionByte { byte: b' ', at: 2 })
    );
    assert_eq!(
        q().pipeline_id("").unwrap_err(),
        RequestError::EmptyValue {
            parameter: "PipelineId"
        }
    );
    // A typed parameter or a common one cannot be set as an extra.
    assert_eq!(
        q().param("State", "x").unwrap_err().kind,
        ParamsErrorKind::Reserved
    );
    assert_eq!(
        q().param("Timestamp", "x").unwrap_err().kind,
        ParamsErrorKind::Reserved
    );
    let full = q()
        .param("A", "1")
        .and_then(|r| r.param("B", "2"))
        .and_then(|r| r.param("C", "3"))
        .and_then(|r| r.param("D", "4"))
        .unwrap();
    assert_eq!(
        full.param("E", "5").unwrap_err().kind,
        ParamsErrorKind::CapacityExceeded {
            capacity: MAX_EXTRA_PARAMS
        }
    );
}

#[test]
fn yields_sorted_params() {
    let t = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
    let r = QuerySnapshotJobList::new()
        .job_ids(&["a", "b"])
        .unwrap()
        .state(StateFilter::Snapshoting)
        .maximum_page_size(50)
        .unwrap()
        .start_of_job_created_time_range(t)
        .end_of_job_created_time_range(t)
        .owner_id(42)
        .param("Zzz", "1")
        .unwrap()
        .param("Aaa", "2")
        .unwrap();
    let got: Vec<(&str, &str)> = r.sorted_params().collect();
    assert_eq!(
        got,
        [
            ("Aaa", "2"),
            ("EndOfJobCreatedTimeRange", "2024-01-01T00:00:00Z"),
            ("MaximumPageSize", "50"),
            ("OwnerId", "42"),
            ("SnapshotJobIds", "a,b"),
            ("StartOfJobCreatedTimeRange", "2024-01-01T00:00:00Z"),
            ("State", "Snapshoting"),
            ("Zzz", "1"),
        ]
    );
}
