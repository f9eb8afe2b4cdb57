//! The model's structs filled member by member through one table-driven loop, for both
//! wire formats.
//!
//! `#[derive(Deserialize)]` writes one visitor per struct, and each is compiled once per
//! deserializer: with serde_json and the XML deserializer, the model's code was linked
//! twice (about 42 KiB of a 189 KiB wasm module). Here each struct only names its
//! members ([`Members::NAMES`]) and hands out a [`Slot`] per member; [`fill`] is the one
//! generic loop, compiled once per format, that reads a key, finds its member, refuses
//! a duplicate and reads the value by the slot's kind. Every leaf value is read the same
//! way (an optional [`Text`]), so a format compiles `Option<Text>` once, not once per
//! field; a leaf is then stored directly (one [`Slot`] variant per leaf type), and only
//! the member lookup and nested structs and lists go through trait objects. The price is
//! one dynamic call per member (the derives had none). Storing leaves through a trait
//! object as well saved 762 bytes of wasm but cost 1.6% (JSON) and 1.9% (XML) more
//! instructions per decode of a 10-job body (callgrind). A hashed name table and inline
//! byte comparisons were measured and did not pay; a table that chains names by length
//! ([`MemberNames`], built at compile time) did: 2.2% (JSON) and 1.5% (XML) fewer
//! instructions than the linear search over all names. Looking up the key and fetching
//! the slot in one dynamic call (monomorphic per struct) saved 2.2% without LTO but, as
//! the bench builds (fat LTO, one codegen unit), cost 1.5% (JSON) and 9.8% (XML) more:
//! the lookup stays in the format's loop.
//!
//! The rules are those of [`super::object`]: a struct comes from an object only (a JSON
//! array is an error), unknown members are skipped under a depth limit, `null` is an
//! absent member, a member given twice is an error (`duplicate field`).

use core::fmt;

use alloc::vec::Vec;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::member_names::MemberNames;
use super::object::{SKIP_TOKEN, SkipVisitor};
use super::wrong_type::{refuse_scalars, wrong_type};
use crate::query_snapshot_job_list::JobState;
use crate::text::{Flag, Numeric, OptionalText, Text};

/// Capacity reserved when a list starts: covers the 10 jobs of a query by ids.
///
/// serde's own `Vec` impl starts empty when the format gives no length hint (serde_json
/// and XML never do) and reallocates at 4, 8 and 16 items. A query by ids returns at
/// most 10 jobs, so starting at 16 makes every such list exactly one allocation; longer
/// pages (up to 300 jobs) grow by doubling from there.
pub(crate) const INITIAL_CAPACITY: usize = 16;

/// Cap on a length hint a format might give, so a hostile hint cannot reserve memory
/// that the body does not back.
const MAX_HINTED_CAPACITY: usize = 1024;

/// Where a member's decoded value goes.
///
/// Each leaf type has its own variant, so that [`fill`] sets a leaf directly: a leaf
/// through a trait object cost one more dynamic call per member.
pub(crate) enum Slot<'s, 'a> {
    /// An optional text.
    Text(&'s mut Option<Text<'a>>),
    /// An optional number kept as text.
    Numeric(&'s mut Option<Numeric<'a>>),
    /// An optional boolean kept as text.
    Flag(&'s mut Option<Flag<'a>>),
    /// An optional job state.
    State(&'s mut Option<JobState<'a>>),
    /// An optional struct.
    Object(&'s mut dyn ObjectField<'a>),
    /// A list of structs (`SnapshotJobList.SnapshotJob`).
    Objects(&'s mut dyn ObjectList<'a>),
    /// A list of texts (`NonExistSnapshotJobIds.String`).
    Texts(&'s mut Vec<Text<'a>>),
    /// A list of 64-bit integers (`TimeArray.TimePointList`).
    Integers(&'s mut Vec<i64>),
}

/// A struct of the model, by its members.
pub(crate) trait Members<'a> {
    /// The wire names of the members, at most 32, in the order [`Members::slot`] numbers
    /// them.
    const NAMES: &'static [&'static str];

    /// [`Members::NAMES`] indexed for lookup, built at compile time.
    const LOOKUP: &'static MemberNames = &MemberNames::new(Self::NAMES);

    /// The member at `index` into [`Members::NAMES`].
    fn slot(&mut self, index: usize) -> Option<Slot<'_, 'a>>;
}

/// [`Members`] as a trait object: the names come with the slots.
pub(crate) trait DynMembers<'a> {
    fn names(&self) -> &'static MemberNames;
    fn dyn_slot(&mut self, index: usize) -> Option<Slot<'_, 'a>>;
}

impl<'a, T: Members<'a>> DynMembers<'a> for T {
    fn names(&self) -> &'static MemberNames {
        T::LOOKUP
    }
    fn dyn_slot(&mut self, index: usize) -> Option<Slot<'_, 'a>> {
        self.slot(index)
    }
}

/// An optional struct member.
pub(crate) trait ObjectField<'a> {
    fn set_none(&mut self);
    /// Makes the member present (default members) and returns it.
    fn insert(&mut self) -> &mut dyn DynMembers<'a>;
}

impl<'a, T: Members<'a> + Default> ObjectField<'a> for Option<T> {
    fn set_none(&mut self) {
        *self = None;
    }
    fn insert(&mut self) -> &mut dyn DynMembers<'a> {
        self.insert(T::default())
    }
}

/// A list of structs.
pub(crate) trait ObjectList<'a> {
    fn clear_with_capacity(&mut self, capacity: usize);
    /// Appends a default item and returns it (`None` cannot happen).
    fn push(&mut self) -> Option<&mut dyn DynMembers<'a>>;
    fn pop(&mut self);
}

impl<'a, T: Members<'a> + Default> ObjectList<'a> for Vec<T> {
    fn clear_with_capacity(&mut self, capacity: usize) {
        *self = Vec::with_capacity(capacity);
    }
    fn push(&mut self) -> Option<&mut dyn DynMembers<'a>> {
        Vec::push(self, T::default());
        self.last_mut().map(|last| last as _)
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}

/// The newtype-struct name by which a struct of the model is asked for: the crate's
/// XML deserializer reads the element's children (`deserialize_map`); any other format
/// hands itself back and is asked for any value, of which only an object is accepted.
///
/// Not `deserialize_map`, because serde_json's reports a wrong type through serde's
/// `Unexpected`, which links float formatting (see [`super::wrong_type`]).
pub(crate) const OBJECT_TOKEN: &str = "$mts_codec::private::Object";

/// The newtype-struct name by which a list of the model is asked for: the crate's XML
/// deserializer reads the run of same-named elements (`deserialize_seq`); any other
/// format hands itself back and is asked for any value, of which only an array is
/// accepted (see [`OBJECT_TOKEN`]).
pub(crate) const ITEMS_TOKEN: &str = "$mts_codec::private::Items";

/// Decodes an object into `target`: the seed of a struct in member position or at the
/// root.
pub(crate) struct ObjectSeed<'t, 'a>(pub(crate) &'t mut dyn DynMembers<'a>);

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_newtype_struct(OBJECT_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        fill(map, self.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(wrong_type("sequence", &self))
    }

    refuse_scalars!(bool, i64, u64, f64, str, unit);
}

/// Reads every member of an object into `target`.
fn fill<'de, A: MapAccess<'de>>(
    mut map: A,
    target: &mut dyn DynMembers<'de>,
) -> Result<(), A::Error> {
    let names = target.names();
    let mut seen: u32 = 0;
    while let Some(key) = map.next_key_seed(KeySeed(names))? {
        let slot = key.and_then(|index| Some((index, target.dyn_slot(index)?)));
        let Some((index, slot)) = slot else {
            map.next_value_seed(SkipSeed)?;
            continue;
        };
        // `index` < 32: `MemberNames` refuses (at compile time) a struct of more members.
        let bit = 1u32 << (index % 32);
        if seen & bit != 0 {
            let name = names.names().get(index).copied().unwrap_or_default();
            return Err(de::Error::duplicate_field(name));
        }
        seen |= bit;
        match slot {
            Slot::Text(field) => *field = map.next_value_seed(OptionalText)?,
            Slot::Numeric(field) => *field = map.next_value_seed(OptionalText)?.map(Numeric::new),
            Slot::Flag(field) => *field = map.next_value_seed(OptionalText)?.map(Flag::new),
            Slot::State(field) => {
                *field = map.next_value_seed(OptionalText)?.map(JobState::from_text);
            }
            Slot::Object(field) => map.next_value_seed(OptionalObjectSeed(field))?,
            Slot::Objects(list) => map.next_value_seed(ListSeed(ObjectItems(list)))?,
            Slot::Texts(list) => *list = map.next_value_seed(ListSeed(TextItems))?,
            Slot::Integers(list) => *list = map.next_value_seed(ListSeed(IntegerItems))?,
        }
    }
    Ok(())
}

/// A member name, as its index into the struct's names (`None`: unknown).
struct KeySeed(&'static MemberNames);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.index_of(v.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.index_of(v))
    }
}

/// Skips an unknown member's value, under the depth limit (see [`super::object`]).
struct SkipSeed;

impl<'de> DeserializeSeed<'de> for SkipSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_newtype_struct(SKIP_TOKEN, SkipVisitor { depth: 0 })
    }
}

/// An optional struct: `null` is absent, an object fills it, anything else is an error.
struct OptionalObjectSeed<'t, 'a>(&'t mut dyn ObjectField<'a>);

impl<'de> DeserializeSeed<'de> for OptionalObjectSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalObjectSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.set_none();
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.set_none();
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        ObjectSeed(self.0.insert()).deserialize(d)
    }
}

/// How the items of one kind of list are read.
trait Items<'de> {
    type List;
    fn start(&mut self, capacity: usize) -> Self::List;
    /// Reads the next item into `list`; `false` at the end.
    fn next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        list: &mut Self::List,
    ) -> Result<bool, A::Error>;
}

/// A list member, reserving [`INITIAL_CAPACITY`] items up front.
struct ListSeed<I>(I);

impl<'de, I: Items<'de>> DeserializeSeed<'de> for ListSeed<I> {
    type Value = I::List;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<I::List, D::Error> {
        d.deserialize_newtype_struct(ITEMS_TOKEN, self)
    }
}

impl<'de, I: Items<'de>> Visitor<'de> for ListSeed<I> {
    type Value = I::List;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<I::List, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<I::List, A::Error> {
        Err(wrong_type("map", &self))
    }

    refuse_scalars!(bool, i64, u64, f64, str, unit);

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<I::List, A::Error> {
        let capacity = seq
            .size_hint()
            .unwrap_or(INITIAL_CAPACITY)
            .min(MAX_HINTED_CAPACITY);
        let mut list = self.0.start(capacity);
        while self.0.next(&mut seq, &mut list)? {}
        Ok(list)
    }
}

/// Items that are structs, filled in place.
struct ObjectItems<'t, 'a>(&'t mut dyn ObjectList<'a>);

impl<'de> Items<'de> for ObjectItems<'_, 'de> {
    type List = ();

    fn start(&mut self, capacity: usize) {
        self.0.clear_with_capacity(capacity);
    }

    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A, (): &mut ()) -> Result<bool, A::Error> {
        let item = self
            .0
            .push()
            .ok_or_else(|| de::Error::custom("list item not stored"))?;
        if seq.next_element_seed(ObjectSeed(item))?.is_some() {
            Ok(true)
        } else {
            self.0.pop();
            Ok(false)
        }
    }
}

/// Items that are texts.
struct TextItems;

impl<'de> Items<'de> for TextItems {
    type List = Vec<Text<'de>>;

    fn start(&mut self, capacity: usize) -> Vec<Text<'de>> {
        Vec::with_capacity(capacity)
    }

    fn next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        list: &mut Vec<Text<'de>>,
    ) -> Result<bool, A::Error> {
        Ok(match seq.next_element::<Text<'de>>()? {
            Some(text) => {
                list.push(text);
                true
            }
            None => false,
        })
    }
}

/// Items that are 64-bit integers (numbers, or digit strings, or XML text).
struct IntegerItems;

impl<'de> Items<'de> for IntegerItems {
    type List = Vec<i64>;

    fn start(&mut self, capacity: usize) -> Vec<i64> {
        Vec::with_capacity(capacity)
    }

    fn next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        list: &mut Vec<i64>,
    ) -> Result<bool, A::Error> {
        Ok(
            match seq.next_element::<crate::query_snapshot_job_list::TimePoint>()? {
                Some(point) => {
                    list.push(point.0);
                    true
                }
                None => false,
            },
        )
    }
}

/// Decodes a `T` from any deserializer through [`ObjectSeed`]: the model's public
/// `Deserialize` impls.
pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: Members<'de> + Default,
    D: Deserializer<'de>,
{
    let mut value = T::default();
    ObjectSeed(&mut value).deserialize(d)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec::Vec;

    use crate::api_error::ApiError;
    use crate::query_snapshot_job_list::{QuerySnapshotJobListResponse, SnapshotJob};

    #[test]
    fn escaped_member_names_are_matched_decoded() {
        let e: ApiError<'_> =
            serde_json::from_str(r#"{"Co\u0064e":"X","Unknown":[1,{"a":2}]}"#).unwrap();
        assert_eq!(e.code.unwrap(), "X");
    }

    #[test]
    fn null_is_absent_and_still_counts_as_given() {
        let r: QuerySnapshotJobListResponse<'_> =
            serde_json::from_str(r#"{"SnapshotJobList":null,"RequestId":null}"#).unwrap();
        assert_eq!(r, QuerySnapshotJobListResponse::default());
        let e =
            serde_json::from_str::<SnapshotJob<'_>>(r#"{"Input":null,"Input":{}}"#).unwrap_err();
        assert!(e.to_string().starts_with("duplicate field `Input`"), "{e}");
    }

    #[test]
    fn structs_come_from_objects_only() {
        let e = serde_json::from_str::<SnapshotJob<'_>>(r#"["id"]"#).unwrap_err();
        assert!(e.to_string().contains("expected an object"), "{e}");
        let e = serde_json::from_str::<SnapshotJob<'_>>(r#"{"Input":"x"}"#).unwrap_err();
        assert!(e.to_string().contains("expected an object"), "{e}");
    }

    #[test]
    fn lists_fill_in_place_and_keep_their_order() {
        let r: QuerySnapshotJobListResponse<'_> = serde_json::from_str(
            r#"{"SnapshotJobList":{"SnapshotJob":[{"Id":"a"},{},{"Id":"c"}]},
                "NonExistSnapshotJobIds":{"String":["x","y"]}}"#,
        )
        .unwrap();
        let ids: Vec<_> = r.jobs().iter().map(|j| j.id.map(|t| t.raw())).collect();
        assert_eq!(ids, [Some("a"), None, Some("c")]);
        assert_eq!(r.non_existent_ids(), ["x", "y"]);
        assert!(r.jobs().len() <= r.snapshot_job_list.unwrap().snapshot_job.capacity());
    }
}
