//! The MTS host for a region.
//!
//! MTS is a regional product: region `R` is served at `mts.R.aliyuncs.com`. 42 region
//! ids (generator placeholders in the official SDKs' endpoint maps) resolve to the
//! central host `mts.aliyuncs.com` instead; [`CENTRAL_REGIONS`] lists them. A caller may
//! also name any host ([`Endpoint::custom`]), for example a VPC endpoint.
//!
//! ```
//! use mts_codec::endpoint::Endpoint;
//!
//! assert_eq!(Endpoint::for_region("cn-shanghai")?.to_string(), "mts.cn-shanghai.aliyuncs.com");
//! assert_eq!(Endpoint::for_region("cn-wuhan")?.to_string(), "mts.aliyuncs.com");
//! assert!(Endpoint::for_region("cn shanghai").is_err());
//! # Ok::<(), mts_codec::endpoint::EndpointError>(())
//! ```

use core::fmt;

/// The central MTS host.
pub const CENTRAL_HOST: &str = "mts.aliyuncs.com";

/// The longest region id accepted, in bytes (a DNS label).
pub const MAX_REGION_LEN: usize = 63;

/// Region ids that resolve to [`CENTRAL_HOST`] (sorted; the endpoint map shared by the
/// official Python, Go and Tea SDKs).
pub const CENTRAL_REGIONS: [&str; 42] = [
    "ap-northeast-2-pop",
    "ap-southeast-2",
    "ap-southeast-3",
    "cn-beijing-finance-1",
    "cn-beijing-finance-pop",
    "cn-beijing-gov-1",
    "cn-beijing-nu16-b01",
    "cn-chengdu",
    "cn-edge-1",
    "cn-fujian",
    "cn-haidian-cm12-c01",
    "cn-hangzhou-bj-b01",
    "cn-hangzhou-finance",
    "cn-hangzhou-internal-prod-1",
    "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2",
    "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306",
    "cn-hongkong-finance-pop",
    "cn-huhehaote-nebula-1",
    "cn-north-2-gov-1",
    "cn-qingdao-nebula",
    "cn-shanghai-et15-b01",
    "cn-shanghai-et2-b01",
    "cn-shanghai-finance-1",
    "cn-shanghai-inner",
    "cn-shanghai-internal-test-1",
    "cn-shenzhen-finance-1",
    "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01",
    "cn-shenzhen-su18-b01",
    "cn-wuhan",
    "cn-wulanchabu",
    "cn-yushanfang",
    "cn-zhangbei",
    "cn-zhangbei-na61-b01",
    "cn-zhangjiakou-na62-a01",
    "cn-zhengzhou-nebula-1",
    "eu-west-1-oxs",
    "me-east-1",
    "rus-west-1-pop",
    "us-east-1",
];

/// Why a region id or host was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum EndpointError {
    /// The region id or host is empty.
    Empty,
    /// The region id is longer than [`MAX_REGION_LEN`] bytes.
    RegionTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A region id byte outside `[A-Za-z0-9_-]`.
    InvalidRegionByte {
        /// The byte.
        byte: u8,
        /// Its offset in the region id.
        at: usize,
    },
    /// A host byte that cannot appear in a URL authority (space, control, `/ ? # @ \`,
    /// non-ASCII).
    InvalidHostByte {
        /// The byte.
        byte: u8,
        /// Its offset in the host.
        at: usize,
    },
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty region id or host"),
            Self::RegionTooLong { len } => {
                write!(
                    f,
                    "region id is {len} bytes long, more than {MAX_REGION_LEN}"
                )
            }
            Self::InvalidRegionByte { byte, at } => write!(
                f,
                "region id byte {at} is {:?}, outside [A-Za-z0-9_-]",
                char::from(*byte)
            ),
            Self::InvalidHostByte { byte, at } => {
                write!(
                    f,
                    "host byte {at} ({byte:#04x}) cannot appear in a URL host"
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EndpointError {}

/// Checks a region id against `[A-Za-z0-9_-]{1,63}`.
///
/// # Errors
/// [`EndpointError::Empty`], [`EndpointError::RegionTooLong`] or
/// [`EndpointError::InvalidRegionByte`] naming the first bad byte.
pub fn validate_region(region_id: &str) -> Result<(), EndpointError> {
    if region_id.is_empty() {
        return Err(EndpointError::Empty);
    }
    let bad = |&(_, b): &(usize, u8)| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if let Some((at, byte)) = region_id.bytes().enumerate().find(bad) {
        return Err(EndpointError::InvalidRegionByte { byte, at });
    }
    if region_id.len() > MAX_REGION_LEN {
        return Err(EndpointError::RegionTooLong {
            len: region_id.len(),
        });
    }
    Ok(())
}

/// Whether `region_id` resolves to [`CENTRAL_HOST`].
pub fn is_central_region(region_id: &str) -> bool {
    CENTRAL_REGIONS.binary_search(&region_id).is_ok()
}

/// Where to send a request: a host name, without scheme or path. `Display` writes it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Endpoint<'a> {
    kind: Kind<'a>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind<'a> {
    Regional(&'a str),
    Central,
    Custom(&'a str),
}

const PREFIX: &str = "mts.";
const SUFFIX: &str = ".aliyuncs.com";

impl<'a> Endpoint<'a> {
    /// The MTS endpoint of `region_id`: `mts.<region>.aliyuncs.com`, or
    /// [`CENTRAL_HOST`] for the ids in [`CENTRAL_REGIONS`].
    ///
    /// # Errors
    /// A region id that [`validate_region`] rejects.
    pub fn for_region(region_id: &'a str) -> Result<Self, EndpointError> {
        validate_region(region_id)?;
        let kind = if is_central_region(region_id) {
            Kind::Central
        } else {
            Kind::Regional(region_id)
        };
        Ok(Self { kind })
    }

    /// The central host, [`CENTRAL_HOST`].
    pub const fn central() -> Self {
        Self {
            kind: Kind::Central,
        }
    }

    /// A host chosen by the caller, e.g. `mts-vpc.cn-hangzhou.aliyuncs.com` or
    /// `localhost:8080`. It is written as given.
    ///
    /// # Errors
    /// [`EndpointError::Empty`], or [`EndpointError::InvalidHostByte`] for a byte that
    /// cannot be part of a URL host (space, control, non-ASCII, `/ ? # @ \`).
    pub fn custom(host: &'a str) -> Result<Self, EndpointError> {
        if host.is_empty() {
            return Err(EndpointError::Empty);
        }
        let bad = |&(_, b): &(usize, u8)| !b.is_ascii_graphic() || b"/?#@\\".contains(&b);
        if let Some((at, byte)) = host.bytes().enumerate().find(bad) {
            return Err(EndpointError::InvalidHostByte { byte, at });
        }
        Ok(Self {
            kind: Kind::Custom(host),
        })
    }

    /// The length of the host name.
    pub fn len(&self) -> usize {
        match self.kind {
            Kind::Regional(region) => PREFIX.len() + region.len() + SUFFIX.len(),
            Kind::Central => CENTRAL_HOST.len(),
            Kind::Custom(host) => host.len(),
        }
    }

    /// Always `false`: a host is never empty.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes the host name.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_host<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        match self.kind {
            Kind::Regional(region) => {
                out.write_str(PREFIX)?;
                out.write_str(region)?;
                out.write_str(SUFFIX)
            }
            Kind::Central => out.write_str(CENTRAL_HOST),
            Kind::Custom(host) => out.write_str(host),
        }
    }
}

impl fmt::Display for Endpoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_host(f)
    }
}
