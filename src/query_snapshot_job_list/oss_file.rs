//! `OssFile`: an object in Alibaba Cloud OSS, as the job's `Input`,
//! `SnapshotConfig.OutputFile` and `SnapshotConfig.TileOutputFile` name it.

use crate::decode::members::members;
use crate::text::Text;

members! {
    /// An OSS object reference (wire members `Bucket`, `Location`, `Object`, `RoleArn`).
    ///
    /// MTS requires object keys to be URL-encoded (UTF-8) in its API, so [`object`](Self::object)
    /// may hold `%XX` sequences: they are returned verbatim, never percent-decoded.
    pub struct OssFile<'a> {
        /// `Bucket`: the OSS bucket name.
        "Bucket" => pub bucket: Option<Text<'a>>,
        /// `Location`: the OSS region of the bucket, e.g. `oss-cn-hangzhou`.
        "Location" => pub location: Option<Text<'a>>,
        /// `Object`: the object key, URL-encoded as MTS sends it (may contain `{Count}` or
        /// `{TileCount}` placeholders in output files).
        "Object" => pub object: Option<Text<'a>>,
        /// `RoleArn`: the RAM role MTS assumes to access the object,
        /// `acs:ram::<accountId>:role/<roleName>`.
        "RoleArn" => pub role_arn: Option<Text<'a>>,
    }
}
