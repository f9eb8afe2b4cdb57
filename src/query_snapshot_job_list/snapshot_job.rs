//! `SnapshotJob`: one job of the list, and its [`JobState`].

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    mns_message_result::MnsMessageResult, oss_file::OssFile, snapshot_config::SnapshotConfig,
};
use crate::Timestamp;
use crate::decode::members::{FromTextField, Member, Slot, members};
use crate::signing::TimestampError;
use crate::text::{Numeric, Text};

members! {
    /// One snapshot job (an item of `SnapshotJobList.SnapshotJob`).
    ///
    /// Every member is optional, as in every official SDK: jobs still running lack `Count`,
    /// `TileCount` and usually `MNSMessageResult`; failed jobs carry `Code` and `Message`.
    pub struct SnapshotJob<'a> {
        /// `Id`: the snapshot job id (32 hex characters).
        "Id" => pub id: Option<Text<'a>>,
        /// `UserData`: the caller's data from submission (often JSON text).
        "UserData" => pub user_data: Option<Text<'a>>,
        /// `PipelineId`: the MPS queue that ran the job.
        "PipelineId" => pub pipeline_id: Option<Text<'a>>,
        /// `State`: where the job is; see [`JobState`].
        "State" => pub state: Option<JobState<'a>>,
        /// `Code`: the error code of a failed job (the legacy XML example sends `<Code> </Code>`,
        /// which decodes to empty text).
        "Code" => pub code: Option<Text<'a>>,
        /// `Message`: the error message of a failed job.
        "Message" => pub message: Option<Text<'a>>,
        /// `Count`: how many snapshots were taken (the `{Count}` of output object names).
        "Count" => pub count: Option<Numeric<'a>>,
        /// `TileCount`: the tiling count (the `{TileCount}` of sprite object names).
        "TileCount" => pub tile_count: Option<Numeric<'a>>,
        /// `CreationTime`: when the job was created, `YYYY-MM-DDThh:mm:ssZ`; see
        /// [`SnapshotJob::creation_timestamp`].
        "CreationTime" => pub creation_time: Option<Text<'a>>,
        /// `Input`: the media the snapshots were taken from.
        "Input" => pub input: Option<OssFile<'a>>,
        /// `SnapshotConfig`: how the snapshots were requested.
        "SnapshotConfig" => pub snapshot_config: Option<SnapshotConfig<'a>>,
        /// `MNSMessageResult`: the outcome of the job's MNS notification.
        "MNSMessageResult" => pub mns_message_result: Option<MnsMessageResult<'a>>,
    }
}

impl SnapshotJob<'_> {
    /// `CreationTime` parsed as a [`Timestamp`]; `None` when the member is absent.
    ///
    /// # Errors
    /// [`TimestampError`] when the text is not `YYYY-MM-DDThh:mm:ssZ`.
    pub fn creation_timestamp(&self) -> Option<Result<Timestamp, TimestampError>> {
        let text = self.creation_time?;
        Some(match text.as_str() {
            Some(s) => Timestamp::parse(s),
            None => {
                // An escaped form: decode into a stack buffer first.
                let mut buf = heapless::String::<{ Timestamp::FORMATTED_LEN }>::new();
                match fmt::Write::write_fmt(&mut buf, format_args!("{text}")) {
                    Ok(()) => Timestamp::parse(&buf),
                    Err(_) => Err(TimestampError::Syntax {
                        at: Timestamp::FORMATTED_LEN,
                    }),
                }
            }
        })
    }

    /// Whether the job has reached a state it will not leave (`Success` or `Fail`).
    pub fn is_terminal(&self) -> bool {
        self.state.is_some_and(|s| s.is_terminal())
    }
}

/// The state of a snapshot job (`State`).
///
/// The service spells the running state `Snapshoting`, with one `t`. Values this crate
/// does not know are kept as [`JobState::Other`] rather than rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobState<'a> {
    /// `Submitted`: accepted, not started.
    Submitted,
    /// `Snapshoting` (sic): in progress.
    Snapshoting,
    /// `Success`: finished; the images are in OSS.
    Success,
    /// `Fail`: finished without images; see the job's `Code` and `Message`.
    Fail,
    /// A state this crate does not know, as sent.
    Other(Text<'a>),
}

impl<'a> JobState<'a> {
    /// The state named by `text` (exact, case-sensitive match).
    pub fn from_text(text: Text<'a>) -> Self {
        // Escaped on the wire: decoded once, into room for the longest known state (a
        // longer text is none of them).
        let mut decoded = heapless::String::<11>::new();
        let wire = match text.as_str() {
            Some(plain) => plain,
            None if text.write_to(&mut decoded).is_ok() => &decoded,
            None => "",
        };
        match wire {
            "Submitted" => Self::Submitted,
            "Snapshoting" => Self::Snapshoting,
            "Success" => Self::Success,
            "Fail" => Self::Fail,
            _ => Self::Other(text),
        }
    }

    /// The wire text of a known state; for [`JobState::Other`], its raw text.
    pub fn as_wire(&self) -> &'a str {
        match self {
            Self::Submitted => "Submitted",
            Self::Snapshoting => "Snapshoting",
            Self::Success => "Success",
            Self::Fail => "Fail",
            Self::Other(text) => text.raw(),
        }
    }

    /// `Success` and `Fail` are terminal: polling such a job again tells nothing new.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Success | Self::Fail)
    }
}

impl fmt::Display for JobState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Other(text) => text.fmt(f),
            known => f.write_str(known.as_wire()),
        }
    }
}

impl<'a> Member<'a> for Option<JobState<'a>> {
    fn slot(&mut self) -> Slot<'_, 'a> {
        Slot::FromText(self)
    }
}

impl<'a> FromTextField<'a> for Option<JobState<'a>> {
    fn set(&mut self, text: Option<Text<'a>>) {
        *self = text.map(JobState::from_text);
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JobState<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Text::deserialize(d).map(Self::from_text)
    }
}

impl Serialize for JobState<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Other(text) => text.serialize(s),
            known => s.serialize_str(known.as_wire()),
        }
    }
}
