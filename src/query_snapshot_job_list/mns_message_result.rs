//! `MNSMessageResult`: the outcome of the MNS notification MTS sent for a job.

use serde::Serialize;

use crate::text::Text;

/// The result of the job's MNS notification (wire member `MNSMessageResult`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MnsMessageResult<'a> {
    /// `MessageId`: the MNS message id; absent if sending failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Text<'a>>,
    /// `ErrorCode`: why sending failed; absent on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<Text<'a>>,
    /// `ErrorMessage`: the message that goes with `ErrorCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text<'a>>,
}

impl<'a> crate::decode::members::Members<'a> for MnsMessageResult<'a> {
    const NAMES: &'static [&'static str] = &["MessageId", "ErrorCode", "ErrorMessage"];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Text(&mut self.message_id),
            1 => Slot::Text(&mut self.error_code),
            2 => Slot::Text(&mut self.error_message),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for MnsMessageResult<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}
