//! `MNSMessageResult`: the outcome of the MNS notification MTS sent for a job.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// The result of the job's MNS notification (wire member `MNSMessageResult`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MnsMessageResult<'a> {
    /// `MessageId`: the MNS message id; absent if sending failed.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Text<'a>>,
    /// `ErrorCode`: why sending failed; absent on success.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<Text<'a>>,
    /// `ErrorMessage`: the message that goes with `ErrorCode`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text<'a>>,
}
