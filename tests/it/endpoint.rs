//! `Endpoint`: the host a request goes to, regional, central or custom.

use mts_codec::endpoint::{CENTRAL_HOST, CENTRAL_REGIONS, Endpoint, EndpointError};

/// The host `e` writes, checked against the length it announces.
fn host(e: Endpoint<'_>) -> String {
    let s = e.to_string();
    assert_eq!(s.len(), e.len());
    s
}

#[test]
fn regional_and_central() {
    assert_eq!(
        host(Endpoint::for_region("cn-hangzhou").unwrap()),
        "mts.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        host(Endpoint::for_region("ap-southeast-5").unwrap()),
        "mts.ap-southeast-5.aliyuncs.com"
    );
    for r in CENTRAL_REGIONS {
        assert_eq!(host(Endpoint::for_region(r).unwrap()), CENTRAL_HOST, "{r}");
    }
    assert_eq!(host(Endpoint::central()), CENTRAL_HOST);
    assert_eq!(
        host(Endpoint::custom("localhost:8080").unwrap()),
        "localhost:8080"
    );
}

#[test]
fn list_is_sorted_and_unique() {
    assert!(CENTRAL_REGIONS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn bad_region_names_the_byte() {
    assert_eq!(
        Endpoint::for_region("cn-shang hai"),
        Err(EndpointError::InvalidRegionByte { byte: b' ', at: 8 })
    );
    assert_eq!(
        Endpoint::for_region("cn/x"),
        Err(EndpointError::InvalidRegionByte { byte: b'/', at: 2 })
    );
    assert_eq!(
        Endpoint::for_region("é").unwrap_err(),
        EndpointError::InvalidRegionByte { byte: 0xC3, at: 0 }
    );
    assert_eq!(Endpoint::for_region(""), Err(EndpointError::Empty));
    assert_eq!(
        Endpoint::for_region(&"a".repeat(64)),
        Err(EndpointError::RegionTooLong { len: 64 })
    );
    assert_eq!(
        Endpoint::custom("evil.com/x"),
        Err(EndpointError::InvalidHostByte { byte: b'/', at: 8 })
    );
}
