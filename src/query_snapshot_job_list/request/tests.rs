//! Unit tests of the `QuerySnapshotJobList` request builder.

use super::*;
use crate::signing::SortedParams;

#[test]
fn typed_keys_sorted() {
    assert!(TYPED_KEYS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn decimal_text() {
    for (v, s) in [
        (0, "0"),
        (7, "7"),
        (300, "300"),
        (u64::MAX, "18446744073709551615"),
    ] {
        assert_eq!(decimal(v), s);
    }
}

#[test]
fn job_id_errors_name_the_index() {
    let q = QuerySnapshotJobList::new;
    assert_eq!(q().job_ids(&[]).unwrap_err(), RequestError::NoJobIds);
    let eleven = ["a"; 11];
    assert_eq!(
        q().job_ids(&eleven).unwrap_err(),
        RequestError::TooManyJobIds { count: 11 }
    );
    assert_eq!(
        q().job_ids(&["a", ""]).unwrap_err(),
        RequestError::EmptyJobId { index: 1 }
    );
    assert_eq!(
        q().job_ids(&["a", "b", "c,d"]).unwrap_err(),
        RequestError::JobIdContainsComma { index: 2 }
    );
    let long = [b'f'; 65];
    let long = core::str::from_utf8(&long).unwrap();
    assert_eq!(
        q().job_ids(&[long]).unwrap_err(),
        RequestError::JobIdTooLong { index: 0, len: 65 }
    );
    let max = [b'f'; 64];
    let max = core::str::from_utf8(&max).unwrap();
    let r = q().job_ids(&[max; 10]).unwrap();
    assert_eq!(r.job_ids.len(), JOINED_IDS_CAP);
}

#[test]
fn other_errors() {
    let q = QuerySnapshotJobList::new;
    assert_eq!(
        q().maximum_page_size(0).unwrap_err(),
        RequestError::PageSizeOutOfRange { value: 0 }
    );
    assert_eq!(
        q().maximum_page_size(301).unwrap_err(),
        RequestError::PageSizeOutOfRange { value: 301 }
    );
    assert!(q().maximum_page_size(1).is_ok() && q().maximum_page_size(300).is_ok());
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
        .and_then(|r| r.param("C", "3"));
    let full = full.and_then(|r| r.param("D", "4")).unwrap();
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
    let got: heapless::Vec<(&str, &str), 16> = r.sorted_params().collect();
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
