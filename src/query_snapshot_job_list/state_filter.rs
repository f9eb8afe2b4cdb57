//! The `State` filter of a `QuerySnapshotJobList` request.

/// The `State` filter: only jobs in this state are listed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum StateFilter {
    /// `Submitted`.
    Submitted,
    /// `Snapshoting` (the server's spelling, one "t").
    Snapshoting,
    /// `Success`.
    Success,
    /// `Fail`.
    Fail,
}

impl StateFilter {
    /// The text sent.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "Submitted",
            Self::Snapshoting => "Snapshoting",
            Self::Success => "Success",
            Self::Fail => "Fail",
        }
    }
}
