//! The OSS objects a finished job wrote (`{Count}` snapshots, `{TileCount}` sprite
//! images), as object keys and `https://<Bucket>.<Location>.aliyuncs.com/<Object>` URLs.

use core::fmt;

use super::object_key::{DecodedKey, substitute};
use super::oss_file::OssFile;
use super::output_object::{OutputObject, Template};
use super::snapshot_job::{JobState, SnapshotJob};
use crate::text::{Numeric, NumericError, Text};

/// How MTS numbers the images it substitutes for `{Count}` and `{TileCount}`.
///
/// No MTS reference page states it. The one MTS source that shows numbers is the MPS
/// "Screenshot" Python SDK sample (<https://www.alibabacloud.com/help/doc-detail/56338.htm>):
/// it submits `output_{Count}.jpg` with `Num = 3` and prints `output_00001.jpg` to
/// `output_00003.jpg`, **five digits, zero-padded, from 1**; the IMS `GetSnapshotUrls`
/// example (`ouoput-00001.jpg`, sic) agrees. MTS `SubmitSnapshotJob`
/// (<https://www.alibabacloud.com/help/en/mps/developer-reference/api-mts-2014-06-18-submitsnapshotjob>)
/// only says the `Object` is URL-encoded and holds the placeholder.
///
/// So the rule is a parameter: [`DOCUMENTED`](Self::DOCUMENTED) (first number 1, at
/// least 5 digits) is what the sample shows, used for `{TileCount}` too as the likeliest
/// guess. Wider numbers are written in full (`100000`), as `printf("%05d")` would: an
/// assumption too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Numbering {
    /// The number of the first image.
    pub first: u64,
    /// The minimum number of digits; shorter numbers are padded with leading zeros.
    pub min_digits: u8,
}

impl Numbering {
    /// First image 1, at least five digits (`00001`): what the MTS SDK sample shows.
    pub const DOCUMENTED: Self = Self::new(1, 5);

    /// A numbering starting at `first`, zero-padded to `min_digits`.
    pub const fn new(first: u64, min_digits: u8) -> Self {
        Self { first, min_digits }
    }
}

impl Default for Numbering {
    /// [`Numbering::DOCUMENTED`].
    fn default() -> Self {
        Self::DOCUMENTED
    }
}

/// Which images of a job: the single snapshots or the tiled sprite images.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutputKind {
    /// `SnapshotConfig.OutputFile`, `{Count}`, `Count` images.
    Snapshots,
    /// `SnapshotConfig.TileOutputFile`, `{TileCount}`, `TileCount` images.
    Tiles,
}

impl OutputKind {
    /// The placeholder MTS replaces with the image number.
    pub const fn placeholder(self) -> &'static str {
        match self {
            Self::Snapshots => "{Count}",
            Self::Tiles => "{TileCount}",
        }
    }

    /// Wire paths of the members this kind reads: count, bucket, location, object, file.
    const fn members(self) -> Members {
        match self {
            Self::Snapshots => Members {
                count: "Count",
                file: "SnapshotConfig.OutputFile",
                bucket: "SnapshotConfig.OutputFile.Bucket",
                location: "SnapshotConfig.OutputFile.Location",
                object: "SnapshotConfig.OutputFile.Object",
            },
            Self::Tiles => Members {
                count: "TileCount",
                file: "SnapshotConfig.TileOutputFile",
                bucket: "SnapshotConfig.TileOutputFile.Bucket",
                location: "SnapshotConfig.TileOutputFile.Location",
                object: "SnapshotConfig.TileOutputFile.Object",
            },
        }
    }
}

struct Members {
    count: &'static str,
    file: &'static str,
    bucket: &'static str,
    location: &'static str,
    object: &'static str,
}

/// Why a job's output objects cannot be listed. Members are named by their wire path
/// from the job, e.g. `SnapshotConfig.OutputFile.Object`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutputsError {
    /// The job's `State` is not `Success` (or is absent): it wrote nothing to list.
    NotSuccess,
    /// A member the listing needs is absent.
    Missing {
        /// Its wire path.
        member: &'static str,
    },
    /// `Count` or `TileCount` is not a decimal number.
    Count {
        /// Its wire path.
        member: &'static str,
        /// What is wrong with the text.
        error: NumericError,
    },
    /// The `Object` is not valid URL-encoded UTF-8: a `%` not followed by two hex digits,
    /// or escaped bytes that are not UTF-8, or it is empty.
    Object {
        /// Its wire path.
        member: &'static str,
        /// Index (in decoded characters of the wire text) of the offending `%`; 0 when
        /// the object is empty.
        at: usize,
    },
    /// `Bucket` or `Location` holds a character that cannot be part of a host name
    /// (only ASCII letters, digits and `-` are accepted), or is empty.
    HostLabel {
        /// Its wire path.
        member: &'static str,
        /// Index (in characters) of the offending character.
        at: usize,
    },
    /// The last image number (`first + count - 1`) does not fit in a `u64`.
    NumberOverflow {
        /// The wire path of the count.
        member: &'static str,
    },
}

impl fmt::Display for OutputsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSuccess => f.write_str("the job's State is not Success: it has no outputs"),
            Self::Missing { member } => write!(f, "{member} is absent"),
            Self::Count { member, error } => write!(f, "{member}: {error}"),
            Self::Object { member, at } => {
                write!(f, "{member} is not URL-encoded UTF-8 (at character {at})")
            }
            Self::HostLabel { member, at } => write!(
                f,
                "{member} cannot be part of a host name (character {at} is not an ASCII letter, digit or '-')"
            ),
            Self::NumberOverflow { member } => {
                write!(f, "{member}: the last image number does not fit in 64 bits")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OutputsError {}

impl<'a> SnapshotJob<'a> {
    /// The single snapshots of a `Success` job: `OutputFile.Object` with `{Count}`
    /// replaced by `numbering`, once for each of the `Count` images.
    ///
    /// An `Object` without `{Count}` names one object whatever the count, and needs no
    /// `Count` (the MTS documentation's sample job, `example.png` at `Time`, has none);
    /// a `Count` of `0` lists nothing.
    ///
    /// ```
    /// use mts_codec::{decode_response, Format, Response};
    /// use mts_codec::query_snapshot_job_list::Numbering;
    ///
    /// let body = br#"{"RequestId":"R","SnapshotJobList":{"SnapshotJob":[{"Id":"j1",
    ///   "State":"Success","Count":"3","SnapshotConfig":{"OutputFile":{
    ///   "Bucket":"example-bucket","Location":"oss-cn-hangzhou",
    ///   "Object":"video%2Fcover_%7BCount%7D.jpg"}}}]}}"#;
    /// let Response::Success(response) = decode_response(200, Format::Json, body)? else {
    ///     unreachable!()
    /// };
    /// let job = &response.jobs()[0];
    /// let keys: Vec<String> = job
    ///     .snapshot_objects(Numbering::DOCUMENTED)?
    ///     .map(|object| object.key().to_string())
    ///     .collect();
    /// assert_eq!(keys, ["video/cover_00001.jpg", "video/cover_00002.jpg", "video/cover_00003.jpg"]);
    /// let first = job.snapshot_objects(Numbering::DOCUMENTED)?.next().unwrap();
    /// assert_eq!(
    ///     first.url().to_string(),
    ///     "https://example-bucket.oss-cn-hangzhou.aliyuncs.com/video/cover_00001.jpg"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`OutputsError`] when the job is not `Success`, or a member is absent or malformed.
    pub fn snapshot_objects(
        &self,
        numbering: Numbering,
    ) -> Result<OutputObjects<'a>, OutputsError> {
        self.output_objects(OutputKind::Snapshots, numbering)
    }

    /// The tiled sprite images of a `Success` job: `TileOutputFile.Object` with
    /// `{TileCount}` replaced by `numbering`, once for each of the `TileCount` images;
    /// without `{TileCount}`, one object, as for
    /// [`snapshot_objects`](Self::snapshot_objects).
    ///
    /// # Errors
    /// [`OutputsError`] when the job is not `Success`, or a member is absent or malformed
    /// (a job without tiling has no `TileOutputFile`: [`OutputsError::Missing`]).
    pub fn tile_objects(&self, numbering: Numbering) -> Result<OutputObjects<'a>, OutputsError> {
        self.output_objects(OutputKind::Tiles, numbering)
    }

    /// The images of `kind`; see [`snapshot_objects`](Self::snapshot_objects) and
    /// [`tile_objects`](Self::tile_objects).
    ///
    /// # Errors
    /// As those.
    pub fn output_objects(
        &self,
        kind: OutputKind,
        numbering: Numbering,
    ) -> Result<OutputObjects<'a>, OutputsError> {
        if self.state != Some(JobState::Success) {
            return Err(OutputsError::NotSuccess);
        }
        let members = kind.members();
        let config = self.snapshot_config.as_ref();
        let (count, file) = match kind {
            OutputKind::Snapshots => (self.count, config.and_then(|c| c.output_file.as_ref())),
            OutputKind::Tiles => (
                self.tile_count,
                config.and_then(|c| c.tile_output_file.as_deref()),
            ),
        };
        // A key without the placeholder names one object whatever the count, so it needs
        // none: the documentation's own job has `example.png` and no `Count`. (An
        // undecodable key is refused by `OutputObjects::new`.)
        let unnumbered = file
            .and_then(|f| f.object)
            .is_some_and(|object| !is_numbered(object, kind.placeholder()));
        let count = match count {
            None if unnumbered => 1,
            count => parse_count(count, members.count)?,
        };
        let file = file.ok_or(OutputsError::Missing {
            member: members.file,
        })?;
        OutputObjects::new(file, kind, count, numbering)
    }
}

/// Whether the decoded key of `object` holds `placeholder` (`false` when it does not
/// decode).
fn is_numbered(object: Text<'_>, placeholder: &str) -> bool {
    substitute(object, placeholder, |_| Ok(())).unwrap_or(false)
}

fn parse_count(count: Option<Numeric<'_>>, member: &'static str) -> Result<u64, OutputsError> {
    count
        .ok_or(OutputsError::Missing { member })?
        .get()
        .map_err(|error| OutputsError::Count { member, error })
}

/// The output objects of one kind of a job, in image order; from
/// [`SnapshotJob::snapshot_objects`] and friends.
///
/// It is lazy: a `Count` of `1000000000000000000` costs nothing until
/// iterated, and nothing here allocates. Checking the `Object` encoding and the host
/// labels reads each once when the iterator is made.
#[derive(Clone, Debug)]
pub struct OutputObjects<'a> {
    template: Template<'a>,
    /// The number of the next image.
    next: u64,
    /// Images left.
    remaining: u64,
}

impl<'a> OutputObjects<'a> {
    /// The `count` objects of `file` for `kind`, numbered by `numbering`, checked as
    /// described on [`OutputObject`]. Useful for an [`OssFile`] that did not come
    /// from a [`SnapshotJob`] (a job of another API, a stored configuration).
    ///
    /// # Errors
    /// [`OutputsError`] when a member of `file` is absent or malformed, or the numbers
    /// overflow.
    pub fn new(
        file: &OssFile<'a>,
        kind: OutputKind,
        count: u64,
        numbering: Numbering,
    ) -> Result<Self, OutputsError> {
        let members = kind.members();
        let missing = |member| OutputsError::Missing { member };
        let bucket = file.bucket.ok_or(missing(members.bucket))?;
        let location = file.location.ok_or(missing(members.location))?;
        let object = file.object.ok_or(missing(members.object))?;
        check_host_label(bucket, members.bucket)?;
        check_host_label(location, members.location)?;
        let bad_object = |at| OutputsError::Object {
            member: members.object,
            at,
        };
        if object.is_empty() {
            return Err(bad_object(0));
        }
        for c in DecodedKey::new(object) {
            c.map_err(bad_object)?;
        }
        let template = Template {
            bucket,
            location,
            object,
            placeholder: kind.placeholder(),
            min_digits: numbering.min_digits,
        };
        let remaining = match (is_numbered(object, template.placeholder), count) {
            (_, 0) => 0,
            (false, _) => 1,
            (true, n) => {
                numbering
                    .first
                    .checked_add(n - 1)
                    .ok_or(OutputsError::NumberOverflow {
                        member: members.count,
                    })?;
                n
            }
        };
        Ok(Self {
            template,
            next: numbering.first,
            remaining,
        })
    }

    /// Whether the object key holds the placeholder, i.e. each image has its own key.
    pub fn is_numbered(&self) -> bool {
        is_numbered(self.template.object, self.template.placeholder)
    }

    /// How many objects are left, as a `u64` (a `Count` need not fit in a `usize`).
    pub fn remaining(&self) -> u64 {
        self.remaining
    }
}

impl<'a> Iterator for OutputObjects<'a> {
    type Item = OutputObject<'a>;

    fn next(&mut self) -> Option<OutputObject<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let number = self.next;
        // The constructor checked that the last number fits; saturate all the same.
        self.next = self.next.saturating_add(1);
        Some(OutputObject {
            template: self.template,
            number,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match usize::try_from(self.remaining) {
            Ok(n) => (n, Some(n)),
            Err(_) => (usize::MAX, None),
        }
    }

    fn nth(&mut self, n: usize) -> Option<OutputObject<'a>> {
        let skip = u64::try_from(n).unwrap_or(u64::MAX).min(self.remaining);
        self.remaining -= skip;
        self.next = self.next.saturating_add(skip);
        self.next()
    }
}

impl core::iter::FusedIterator for OutputObjects<'_> {}

/// Checks that a `Bucket`/`Location` is a non-empty run of ASCII letters, digits and `-`.
fn check_host_label(label: Text<'_>, member: &'static str) -> Result<(), OutputsError> {
    let bad = label
        .chars()
        .position(|c| !(c.is_ascii_alphanumeric() || c == '-'));
    match bad {
        Some(at) => Err(OutputsError::HostLabel { member, at }),
        None if label.is_empty() => Err(OutputsError::HostLabel { member, at: 0 }),
        None => Ok(()),
    }
}
