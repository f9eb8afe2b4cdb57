//! `SnapshotJob`: one job of the list, and its [`JobState`].

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    mns_message_result::MnsMessageResult, oss_file::OssFile, snapshot_config::SnapshotConfig,
};
use crate::Timestamp;
use crate::signing::TimestampError;
use crate::text::{Numeric, Text};

/// One snapshot job (an item of `SnapshotJobList.SnapshotJob`).
///
/// Every member is optional, as in every official SDK: jobs still running lack `Count`,
/// `TileCount` and usually `MNSMessageResult`; failed jobs carry `Code` and `Message`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SnapshotJob<'a> {
    /// `Id`: the snapshot job id (32 hex characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Text<'a>>,
    /// `UserData`: the caller's data from submission (often JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<Text<'a>>,
    /// `PipelineId`: the MPS queue that ran the job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<Text<'a>>,
    /// `State`: where the job is; see [`JobState`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<JobState<'a>>,
    /// `Code`: the error code of a failed job (the legacy XML example sends `<Code> </Code>`,
    /// which decodes to empty text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Text<'a>>,
    /// `Message`: the error message of a failed job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Text<'a>>,
    /// `Count`: how many snapshots were taken (the `{Count}` of output object names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Numeric<'a>>,
    /// `TileCount`: the tiling count (the `{TileCount}` of sprite object names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_count: Option<Numeric<'a>>,
    /// `CreationTime`: when the job was created, `YYYY-MM-DDThh:mm:ssZ`; see
    /// [`SnapshotJob::creation_timestamp`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<Text<'a>>,
    /// `Input`: the media the snapshots were taken from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<OssFile<'a>>,
    /// `SnapshotConfig`: how the snapshots were requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_config: Option<SnapshotConfig<'a>>,
    /// `MNSMessageResult`: the outcome of the job's MNS notification.
    #[serde(rename = "MNSMessageResult", skip_serializing_if = "Option::is_none")]
    pub mns_message_result: Option<MnsMessageResult<'a>>,
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
        match text.as_str() {
            Some("Submitted") => Self::Submitted,
            Some("Snapshoting") => Self::Snapshoting,
            Some("Success") => Self::Success,
            Some("Fail") => Self::Fail,
            Some(_) => Self::Other(text),
            None => {
                // Escaped on the wire: compare the decoded text.
                [
                    Self::Submitted,
                    Self::Snapshoting,
                    Self::Success,
                    Self::Fail,
                ]
                .into_iter()
                .find(|known| text == known.as_wire())
                .unwrap_or(Self::Other(text))
            }
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

impl<'a> crate::decode::members::Members<'a> for SnapshotJob<'a> {
    const NAMES: &'static [&'static str] = &[
        "Id",
        "UserData",
        "PipelineId",
        "State",
        "Code",
        "Message",
        "Count",
        "TileCount",
        "CreationTime",
        "Input",
        "SnapshotConfig",
        "MNSMessageResult",
    ];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Text(&mut self.id),
            1 => Slot::Text(&mut self.user_data),
            2 => Slot::Text(&mut self.pipeline_id),
            3 => Slot::State(&mut self.state),
            4 => Slot::Text(&mut self.code),
            5 => Slot::Text(&mut self.message),
            6 => Slot::Numeric(&mut self.count),
            7 => Slot::Numeric(&mut self.tile_count),
            8 => Slot::Text(&mut self.creation_time),
            9 => Slot::Object(&mut self.input),
            10 => Slot::Object(&mut self.snapshot_config),
            11 => Slot::Object(&mut self.mns_message_result),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for SnapshotJob<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}
