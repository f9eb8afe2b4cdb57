//! `OssFile`: an object in Alibaba Cloud OSS, as the job's `Input`,
//! `SnapshotConfig.OutputFile` and `SnapshotConfig.TileOutputFile` name it.

use serde::Serialize;

use crate::text::Text;

/// An OSS object reference (wire members `Bucket`, `Location`, `Object`, `RoleArn`).
///
/// MTS requires object keys to be URL-encoded (UTF-8) in its API, so [`object`](Self::object)
/// may hold `%XX` sequences: they are returned verbatim, never percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct OssFile<'a> {
    /// `Bucket`: the OSS bucket name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<Text<'a>>,
    /// `Location`: the OSS region of the bucket, e.g. `oss-cn-hangzhou`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Text<'a>>,
    /// `Object`: the object key, URL-encoded as MTS sends it (may contain `{Count}` or
    /// `{TileCount}` placeholders in output files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<Text<'a>>,
    /// `RoleArn`: the RAM role MTS assumes to access the object,
    /// `acs:ram::<accountId>:role/<roleName>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<Text<'a>>,
}

impl<'a> crate::decode::members::Members<'a> for OssFile<'a> {
    const NAMES: &'static [&'static str] = &["Bucket", "Location", "Object", "RoleArn"];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Text(&mut self.bucket),
            1 => Slot::Text(&mut self.location),
            2 => Slot::Text(&mut self.object),
            3 => Slot::Text(&mut self.role_arn),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for OssFile<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}
