//! Type errors that name what was found without serde's `Unexpected` `Display`.
//!
//! serde prints a found float (`Unexpected::Float`) through core's float formatting,
//! and serde_json's `invalid_type`/`invalid_value` print every `Unexpected` through that
//! same `Display`. One use of either links core's float formatting (Grisu, Dragon,
//! bignums, their tables: about 17 KiB) plus serde_json's float printer into a wasm
//! module that never prints a float otherwise. So the model never hands serde_json an
//! `Unexpected`:
//! - its visitors refuse a wrong JSON type with [`wrong_type`] (the macro
//!   [`refuse_scalars!`] writes the scalar cases), and they ask serde_json only through
//!   `deserialize_any`, `deserialize_option` and `deserialize_newtype_struct`, which
//!   never build a type error of their own (`deserialize_map` and `deserialize_seq` do,
//!   when they peek a wrong type);
//! - the XML deserializer's error type prints `Unexpected` through [`Found`], which
//!   gives a float's kind but not its digits.
//!
//! The text keeps serde's shape, `invalid type: map, expected an object`; what is left
//! out is the value that was found (the error's offset and member path point at it).

use core::fmt;

use serde::de::{self, Unexpected};

/// `invalid type: {found}, expected {expected}`, as a custom error. (`found` is a
/// JSON type's name, or a [`Found`] for the XML deserializer's `invalid_type`.)
#[cold]
pub(crate) fn wrong_type<E: de::Error>(found: impl fmt::Display, expected: &dyn de::Expected) -> E {
    E::custom(format_args!("invalid type: {found}, expected {expected}"))
}

/// `invalid value: {found}, expected {expected}`, as a custom error (`found` through
/// [`Found`]).
#[cold]
pub(crate) fn wrong_value<E: de::Error>(found: Unexpected<'_>, expected: &dyn de::Expected) -> E {
    E::custom(format_args!(
        "invalid value: {}, expected {expected}",
        Found(found)
    ))
}

/// `Unexpected` written as serde writes it, except a float, named without its digits.
pub(crate) struct Found<'a>(pub(crate) Unexpected<'a>);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => f.write_str("floating point number"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("unit value"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// Visitor methods for the JSON scalars named (`bool`, `i64`, `u64`, `f64`, `str`,
/// `unit`) that refuse them with [`wrong_type`]. Without them serde's defaults would
/// report through `invalid_type` (see the module docs). A visitor of an object or a
/// list refuses all six; one that accepts some scalars names the others.
macro_rules! refuse_scalars {
    ($($kind:ident),+ $(,)?) => {
        $($crate::decode::wrong_type::refuse_scalars!(@ $kind);)+
    };
    (@ bool) => { $crate::decode::wrong_type::refuse_scalars!(@ visit_bool(bool) "boolean"); };
    (@ i64) => { $crate::decode::wrong_type::refuse_scalars!(@ visit_i64(i64) "integer"); };
    (@ u64) => { $crate::decode::wrong_type::refuse_scalars!(@ visit_u64(u64) "integer"); };
    (@ f64) => {
        $crate::decode::wrong_type::refuse_scalars!(@ visit_f64(f64) "floating point number");
    };
    (@ str) => { $crate::decode::wrong_type::refuse_scalars!(@ visit_str(&str) "string"); };
    (@ unit) => { $crate::decode::wrong_type::refuse_scalars!(@ visit_unit() "null"); };
    (@ $visit:ident($($arg:ty)?) $found:literal) => {
        fn $visit<E: serde::de::Error>(self $(, _: $arg)?) -> Result<Self::Value, E> {
            Err($crate::decode::wrong_type::wrong_type($found, &self))
        }
    };
}
pub(crate) use refuse_scalars;

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn found_writes_what_serde_writes_except_float_digits() {
        let cases = [
            (Unexpected::Bool(true), "boolean `true`"),
            (Unexpected::Unsigned(7), "integer `7`"),
            (Unexpected::Signed(-7), "integer `-7`"),
            (Unexpected::Char('x'), "character `x`"),
            (Unexpected::Str("a\"b"), "string \"a\\\"b\""),
            (Unexpected::Map, "map"),
            (Unexpected::Other("thing"), "thing"),
        ];
        for (unexpected, shown) in cases {
            assert_eq!(Found(unexpected).to_string(), shown);
            assert_eq!(unexpected.to_string(), shown, "serde's own text");
        }
        assert_eq!(
            Found(Unexpected::Float(1.5)).to_string(),
            "floating point number"
        );
    }
}
