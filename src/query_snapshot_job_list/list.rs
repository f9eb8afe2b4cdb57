//! How the model's lists are filled: one allocation for any list of up to
//! [`INITIAL_CAPACITY`] items.
//!
//! serde's own `Vec` impl starts empty when the format gives no length hint (serde_json
//! and XML never do) and reallocates at 4, 8 and 16 items. A query by ids returns at
//! most 10 jobs, so starting at 16 makes every such list exactly one allocation; longer
//! pages (up to 300 jobs) grow by doubling from there.

use core::fmt;
use core::marker::PhantomData;

use alloc::vec::Vec;
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Capacity reserved when a list starts: covers the 10 jobs of a query by ids.
pub(crate) const INITIAL_CAPACITY: usize = 16;

/// Cap on a length hint a format might give, so a hostile hint cannot reserve memory
/// that the body does not back.
const MAX_HINTED_CAPACITY: usize = 1024;

/// A list item as read off the wire (`W`), turned into what the model stores (`T`).
pub(crate) trait Item<T> {
    fn into_item(self) -> T;
}

impl<T> Item<T> for crate::decode::object::Object<T> {
    fn into_item(self) -> T {
        self.0
    }
}

impl<'a> Item<crate::text::Text<'a>> for crate::text::Text<'a> {
    fn into_item(self) -> Self {
        self
    }
}

/// `deserialize_with` for the model's `Vec` fields: items are read as `W` (a wire
/// form) and stored as `T`.
pub(crate) fn deserialize<'de, D, W, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    W: Deserialize<'de> + Item<T>,
{
    deserializer.deserialize_seq(ListVisitor::<W, T>(PhantomData))
}

struct ListVisitor<W, T>(PhantomData<(W, T)>);

impl<'de, W: Deserialize<'de> + Item<T>, T> Visitor<'de> for ListVisitor<W, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let capacity = seq
            .size_hint()
            .unwrap_or(INITIAL_CAPACITY)
            .min(MAX_HINTED_CAPACITY);
        let mut items = Vec::with_capacity(capacity);
        while let Some(item) = seq.next_element::<W>()? {
            items.push(item.into_item());
        }
        Ok(items)
    }
}
