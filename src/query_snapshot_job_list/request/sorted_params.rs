//! The request's parameters in key order, for the signer ([`SortedParams`]): the
//! typed ones that are set, merged with the extra ones.

use super::{QuerySnapshotJobList, StateFilter, TYPED_KEYS};
use crate::signing::{SortedParams, merge_sorted};
use crate::timestamp::formatted;

impl QuerySnapshotJobList<'_> {
    /// The values of the typed parameters, `None` where unset, in `TYPED_KEYS` order.
    fn typed_values(&self) -> [Option<&str>; TYPED_KEYS.len()] {
        [
            self.end.as_ref().map(formatted),
            self.maximum_page_size.as_deref(),
            self.next_page_token,
            self.owner_account,
            self.owner_id.as_deref(),
            self.pipeline_id,
            self.resource_owner_account,
            self.resource_owner_id.as_deref(),
            (!self.job_ids.is_empty()).then_some(self.job_ids.as_str()),
            self.start.as_ref().map(formatted),
            self.state.map(StateFilter::as_str),
        ]
    }
}

impl SortedParams for QuerySnapshotJobList<'_> {
    fn sorted_params(&self) -> impl Iterator<Item = (&str, &str)> {
        let typed = TYPED_KEYS
            .into_iter()
            .zip(self.typed_values())
            .filter_map(|(key, value)| Some((key, value?)));
        merge_sorted(typed, self.extra.iter())
    }
}
