//! The request's parameters in key order, for the signer ([`SortedParams`]): the
//! typed ones that are set, merged with the extra ones.

use super::{QuerySnapshotJobList, StateFilter, TYPED_KEYS};
use crate::signing::{SortedParams, merge_sorted};
use crate::timestamp::formatted;

impl QuerySnapshotJobList<'_> {
    /// The value of typed parameter `at` (the name is `TYPED_KEYS[at]`), if set.
    fn typed_value(&self, at: usize) -> Option<&str> {
        match at {
            0 => self.end.as_ref().map(formatted),
            1 => self.maximum_page_size.as_deref(),
            2 => self.next_page_token,
            3 => self.owner_account,
            4 => self.owner_id.as_deref(),
            5 => self.pipeline_id,
            6 => self.resource_owner_account,
            7 => self.resource_owner_id.as_deref(),
            8 => (!self.job_ids.is_empty()).then_some(self.job_ids.as_str()),
            9 => self.start.as_ref().map(formatted),
            10 => self.state.map(StateFilter::as_str),
            _ => None,
        }
    }
}

impl SortedParams for QuerySnapshotJobList<'_> {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        let typed = TYPED_KEYS
            .iter()
            .enumerate()
            .filter_map(|(at, &key)| Some((key, self.typed_value(at)?)));
        merge_sorted(typed, self.extra.iter())
    }
}
