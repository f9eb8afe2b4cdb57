//! The model's structs filled member by member through one table-driven loop, for both
//! wire formats.
//!
//! Each struct names its members ([`Members::NAMES`]) and hands out a [`Slot`] per
//! member; [`fill`] is the one generic loop, compiled once per format, that reads a key,
//! finds its member, refuses a duplicate and reads the value by the slot's kind. A
//! derive would compile a visitor per struct and per format, twice the model's code in
//! a wasm module. [`members!`] declares a struct and its members in one place.
//!
//! A struct comes from an object only (a JSON array is an error), unknown members are
//! skipped without being decoded (see [`super::skip`]), `null` is an absent member, and
//! a member given twice is an error (`duplicate field`).

use core::fmt;
use core::marker::PhantomData;

use alloc::boxed::Box;
use alloc::vec::Vec;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::member_key::{JsonBody, KeySeed, MemberKey, RawKeySeed};
use super::member_names::MemberNames;
use super::skip::SkipSeed;
use super::text::OptionalText;
use super::tokens::{ITEMS_TOKEN, OBJECT_TOKEN};
use super::wrong_type::{refuse_scalars, wrong_type, wrong_value};
use crate::text::{Flag, Numeric, Text};

/// Capacity reserved when a list starts: the 10 jobs of a query by ids in one block.
pub(crate) const INITIAL_CAPACITY: usize = 16;

/// Cap on a length hint a format might give, so a hostile hint cannot reserve memory
/// that the body does not back.
const MAX_HINTED_CAPACITY: usize = 1024;

/// Start of the error for a list over [`Context::max_list_items`]; the error mapping
/// keys on it.
pub(crate) const LIST_LIMIT_MESSAGE: &str = "a list holds more than";

/// What every seed of one decode shares: the JSON body, when known (see
/// [`super::skip`] and [`super::member_key`]), and the list limit.
pub(crate) struct Context<'a> {
    pub(crate) json: Option<JsonBody<'a>>,
    pub(crate) max_list_items: usize,
}

impl Context<'_> {
    /// The model's public `Deserialize`: no body known, the default list limit.
    const SERDE: Context<'static> = Context {
        json: None,
        max_list_items: super::Limits::DEFAULT.max_list_items(),
    };
}

/// Where a member's decoded value goes.
pub(crate) enum Slot<'s, 'a> {
    /// An optional text.
    Text(&'s mut Option<Text<'a>>),
    /// An optional number kept as text.
    Numeric(&'s mut Option<Numeric<'a>>),
    /// An optional boolean kept as text.
    Flag(&'s mut Option<Flag<'a>>),
    /// An optional value the model reads from a text (an enum such as a job's state).
    FromText(&'s mut dyn FromTextField<'a>),
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

/// A boxed struct: a rarely present part, so that its absence costs a pointer.
impl<'a, T: Members<'a>> Members<'a> for Box<T> {
    const NAMES: &'static [&'static str] = T::NAMES;

    fn slot(&mut self, index: usize) -> Option<Slot<'_, 'a>> {
        T::slot(self, index)
    }
}

/// A member's type, by the [`Slot`] it is read through.
pub(crate) trait Member<'a> {
    /// This member as a slot.
    fn slot(&mut self) -> Slot<'_, 'a>;
}

/// Implements [`Member`] for each type, by the [`Slot`] variant named.
macro_rules! member_slots {
    ($([$($generics:tt)*] $ty:ty => $slot:ident;)+) => {$(
        impl<'a, $($generics)*> Member<'a> for $ty {
            fn slot(&mut self) -> Slot<'_, 'a> {
                Slot::$slot(self)
            }
        }
    )+};
}

member_slots! {
    [] Option<Text<'a>> => Text;
    [] Option<Numeric<'a>> => Numeric;
    [] Option<Flag<'a>> => Flag;
    [T: Members<'a> + Default] Option<T> => Object;
    [T: Members<'a> + Default] Vec<T> => Objects;
    [] Vec<Text<'a>> => Texts;
    [] Vec<i64> => Integers;
}

/// Whether a member is left out when serialized: an absent option. Lists are always
/// written, empty or not.
pub(crate) trait Absent {
    /// `true` for `None`.
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        false
    }
}

/// Declares a struct of the model: its doc, its fields with their wire names, and from
/// them the `Serialize` derive, [`Members`] and the public `Deserialize`.
macro_rules! members {
    (@impls $name:ident [] [] $($fields:tt)+) => {
        $crate::decode::members::members!(@impls $name ['de] [] $($fields)+);
    };
    (@impls $name:ident [$l:lifetime] [$($generics:tt)*] $($wire:literal $field:ident)+) => {
        impl<$l> $crate::decode::members::Members<$l> for $name $($generics)* {
            const NAMES: &'static [&'static str] = &[$($wire),+];

            fn slot(&mut self, index: usize) -> Option<$crate::decode::members::Slot<'_, $l>> {
                let mut at = 0;
                $(
                    if index == at {
                        return Some($crate::decode::members::Member::slot(&mut self.$field));
                    }
                    at += 1;
                )+
                let _ = at;
                None
            }
        }

        impl<$l> serde::Deserialize<$l> for $name $($generics)* {
            /// From an object (members by wire name, unknown ones skipped), as the crate
            /// decodes it.
            fn deserialize<D: serde::Deserializer<$l>>(d: D) -> Result<Self, D::Error> {
                $crate::decode::members::deserialize(d)
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(<$lt:lifetime>)? {
            $( $(#[$field_meta:meta])* $wire:literal => pub $field:ident: $ty:ty, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name $(<$lt>)? {
            $(
                $(#[$field_meta])*
                #[serde(
                    rename = $wire,
                    skip_serializing_if = "crate::decode::members::Absent::is_absent"
                )]
                pub $field: $ty,
            )+
        }

        $crate::decode::members::members!(@impls $name [$($lt)?] [$(<$lt>)?] $($wire $field)+);
    };
}
pub(crate) use members;

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

/// An optional member read from its text (see [`Slot::FromText`]).
pub(crate) trait FromTextField<'a> {
    /// Stores the value `text` names, or nothing for `None`.
    fn set(&mut self, text: Option<Text<'a>>);
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
    /// Appends a default item and returns it.
    fn push(&mut self) -> &mut dyn DynMembers<'a>;
    fn pop(&mut self);
}

impl<'a, T: Members<'a> + Default> ObjectList<'a> for Vec<T> {
    fn clear_with_capacity(&mut self, capacity: usize) {
        *self = Vec::with_capacity(capacity);
    }
    fn push(&mut self) -> &mut dyn DynMembers<'a> {
        let at = self.len();
        Vec::push(self, T::default());
        #[expect(clippy::indexing_slicing, reason = "the item was pushed at `at`")]
        &mut self[at]
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}

/// Decodes an object into `target`: the seed of a struct in member position or at the
/// root.
pub(crate) struct ObjectSeed<'t, 'a> {
    pub(crate) target: &'t mut dyn DynMembers<'a>,
    pub(crate) cx: &'t Context<'a>,
}

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
        fill(map, self.target, self.cx)
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
    cx: &Context<'de>,
) -> Result<(), A::Error> {
    let names = target.names();
    let raw_names = cx
        .json
        .as_ref()
        .filter(|body| body.raw_names)
        .map(|body| body.text);
    let json_body = cx.json.as_ref().map(|body| body.text);
    let mut seen: u32 = 0;
    while let Some(MemberKey { index, json_rest }) = match raw_names {
        Some(body) => map.next_key_seed(RawKeySeed { names, body })?,
        None => map.next_key_seed(KeySeed { names, json_body })?,
    } {
        let Some((index, slot)) = index.and_then(|i| Some((i, target.dyn_slot(i)?))) else {
            map.next_value_seed(SkipSeed { rest: json_rest })?;
            continue;
        };
        // `MemberNames` refuses (at compile time) a struct of more than 32 members.
        let bit = 1u32 << index;
        if seen & bit != 0 {
            #[expect(
                clippy::indexing_slicing,
                reason = "`index_of` found `index` in the names"
            )]
            return Err(de::Error::duplicate_field(names.names()[index]));
        }
        seen |= bit;
        match slot {
            Slot::Text(field) => *field = map.next_value_seed(OptionalText)?,
            Slot::Numeric(field) => *field = map.next_value_seed(OptionalText)?.map(Numeric::new),
            Slot::Flag(field) => *field = map.next_value_seed(OptionalText)?.map(Flag::new),
            Slot::FromText(field) => field.set(map.next_value_seed(OptionalText)?),
            Slot::Object(field) => map.next_value_seed(OptionalObjectSeed(field, cx))?,
            Slot::Objects(list) => map.next_value_seed(ListSeed(ObjectItems(list, cx), cx))?,
            Slot::Texts(list) => {
                *list = map.next_value_seed(ListSeed(SeedItems(PhantomData), cx))?;
            }
            Slot::Integers(list) => {
                *list = map.next_value_seed(ListSeed(SeedItems(Integer), cx))?
            }
        }
    }
    Ok(())
}

/// An optional struct: `null` is absent, an object fills it, anything else is an error.
struct OptionalObjectSeed<'t, 'a>(&'t mut dyn ObjectField<'a>, &'t Context<'a>);

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
        ObjectSeed {
            target: self.0.insert(),
            cx: self.1,
        }
        .deserialize(d)
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

/// A list member, reserving [`INITIAL_CAPACITY`] items up front and refusing more than
/// [`Context::max_list_items`].
struct ListSeed<'t, 'a, I>(I, &'t Context<'a>);

impl<'de, I: Items<'de>> DeserializeSeed<'de> for ListSeed<'_, '_, I> {
    type Value = I::List;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<I::List, D::Error> {
        d.deserialize_newtype_struct(ITEMS_TOKEN, self)
    }
}

impl<'de, I: Items<'de>> Visitor<'de> for ListSeed<'_, '_, I> {
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
        let max = self.1.max_list_items;
        let mut list = self.0.start(capacity.min(max));
        let mut items = 0;
        while self.0.next(&mut seq, &mut list)? {
            items += 1;
            if items > max {
                return Err(de::Error::custom(format_args!(
                    "{LIST_LIMIT_MESSAGE} {max} items (Limits::max_list_items)"
                )));
            }
        }
        Ok(list)
    }
}

/// Items that are structs, filled in place.
struct ObjectItems<'t, 'a>(&'t mut dyn ObjectList<'a>, &'t Context<'a>);

impl<'de> Items<'de> for ObjectItems<'_, 'de> {
    type List = ();

    fn start(&mut self, capacity: usize) {
        self.0.clear_with_capacity(capacity);
    }

    fn next<A: SeqAccess<'de>>(&mut self, seq: &mut A, (): &mut ()) -> Result<bool, A::Error> {
        let cx = self.1;
        let target = self.0.push();
        if seq.next_element_seed(ObjectSeed { target, cx })?.is_some() {
            Ok(true)
        } else {
            self.0.pop();
            Ok(false)
        }
    }
}

/// Items read by a seed, one value each: texts (`PhantomData<Text>`) or [`Integer`]s.
struct SeedItems<S>(S);

impl<'de, S: DeserializeSeed<'de> + Copy> Items<'de> for SeedItems<S> {
    type List = Vec<S::Value>;

    fn start(&mut self, capacity: usize) -> Vec<S::Value> {
        Vec::with_capacity(capacity)
    }

    fn next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        list: &mut Vec<S::Value>,
    ) -> Result<bool, A::Error> {
        let item = seq.next_element_seed(self.0)?;
        Ok(item.map(|value| list.push(value)).is_some())
    }
}

/// One integer item: `any`, not `i64`, as JSON sends integers or digit strings and XML
/// sends text.
#[derive(Clone, Copy)]
struct Integer;

impl<'de> DeserializeSeed<'de> for Integer {
    type Value = i64;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<i64, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Integer {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit integer or a string of decimal digits")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| wrong_value(de::Unexpected::Unsigned(v), &self))
    }

    /// JSON's integer grammar, which serde_json holds JSON numbers to, for strings and
    /// XML text too: no leading zero, no `-0`, so both formats take the same integers.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        let leading_zero = digits.starts_with('0') && (digits.len() > 1 || digits.len() < v.len());
        if digits.is_empty() || leading_zero || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong_value(de::Unexpected::Str(v), &self));
        }
        v.parse::<i64>()
            .map_err(|_| wrong_value(de::Unexpected::Str(v), &self))
    }

    refuse_scalars!(bool, f64, unit);

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(wrong_type("sequence", &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(wrong_type("map", &self))
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
    ObjectSeed {
        target: &mut value,
        cx: &Context::SERDE,
    }
    .deserialize(d)?;
    Ok(value)
}
