//! The request fixture of the allocation and capacity tests: the fullest
//! `QuerySnapshotJobList` (every parameter, ten job ids, the most one call takes) with
//! an STS token full of reserved characters, and the key, secret, time and nonce it is
//! signed with.

use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, StateFilter};

/// Ten 32-hex job ids.
pub const IDS: [&str; 10] = [
    "88c6ca184c0e47098a5b665e2a126790",
    "88c6ca184c0e47098a5b665e2a126791",
    "88c6ca184c0e47098a5b665e2a126792",
    "88c6ca184c0e47098a5b665e2a126793",
    "88c6ca184c0e47098a5b665e2a126794",
    "88c6ca184c0e47098a5b665e2a126795",
    "88c6ca184c0e47098a5b665e2a126796",
    "88c6ca184c0e47098a5b665e2a126797",
    "88c6ca184c0e47098a5b665e2a126798",
    "88c6ca184c0e47098a5b665e2a126799",
];

/// An STS token that needs percent-encoding (`+`, `/`, `=`, `&`, `~`, space).
pub const TOKEN: &str = "CAIS+token/with=reserved&chars~and a space";

/// The access key id of the fixture.
pub const KEY_ID: &str = "STS.NTestKeyId";

/// The secret of [`KEY_ID`].
pub const SECRET: &str = "testsecret";

/// The nonce the fixture is signed with.
pub const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";

/// The time the fixture is signed and verified at: 2024-01-01T00:00:00Z.
pub fn time() -> Timestamp {
    Timestamp::parse("2024-01-01T00:00:00Z").unwrap()
}

/// The verifier's secret lookup: [`SECRET`] for [`KEY_ID`].
pub fn lookup(id: &str) -> Option<&'static str> {
    (id == KEY_ID).then_some(SECRET)
}

/// The request with every parameter `QuerySnapshotJobList` has, ten job ids among
/// them; it allocates nothing.
pub fn fullest_request() -> QuerySnapshotJobList<'static> {
    let time = time();
    QuerySnapshotJobList::new()
        .job_ids(&IDS)
        .unwrap()
        .region_id("cn-shanghai")
        .unwrap()
        .maximum_page_size(300)
        .unwrap()
        .state(StateFilter::Snapshoting)
        .start_of_job_created_time_range(time)
        .end_of_job_created_time_range(time)
        .pipeline_id("b11c171cced04565b1f38f1ecc39")
        .unwrap()
        .owner_id(1_234_567_890)
}

/// The headers a v3 request is sent with: the signed ones, then `Authorization`.
pub fn v3_headers<'h>(
    signed: impl Iterator<Item = (&'h str, &'h str)>,
    authorization: String,
) -> Vec<(String, String)> {
    signed
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .chain([("Authorization".to_owned(), authorization)])
        .collect()
}

/// `headers` borrowed, as `V3Request::headers` takes them.
pub fn borrowed(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}
