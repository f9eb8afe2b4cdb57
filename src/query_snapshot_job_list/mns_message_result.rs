//! `MNSMessageResult`: the outcome of the MNS notification MTS sent for a job.

use crate::decode::members::members;
use crate::text::Text;

members! {
    /// The result of the job's MNS notification (wire member `MNSMessageResult`).
    pub struct MnsMessageResult<'a> {
        /// `MessageId`: the MNS message id; absent if sending failed.
        "MessageId" => pub message_id: Option<Text<'a>>,
        /// `ErrorCode`: why sending failed; absent on success.
        "ErrorCode" => pub error_code: Option<Text<'a>>,
        /// `ErrorMessage`: the message that goes with `ErrorCode`.
        "ErrorMessage" => pub error_message: Option<Text<'a>>,
    }
}
