//! A member's name, found among its struct's names.
//!
//! serde_json decodes an escaped name into its scratch memory (an allocation). A JSON
//! body with such a name ([`has_escaped_name`]) has every name read as its raw token
//! instead, which costs more per name; other bodies read names borrowed as they are.

use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::member_names::MemberNames;
use crate::text::{Encoding, Text, validate_json_escapes};

/// The JSON body being decoded, as the crate's own decode knows it.
pub(crate) struct JsonBody<'a> {
    pub(crate) text: &'a str,
    /// Some member name in it holds an escape: names are read raw ([`RawKeySeed`]).
    pub(crate) raw_names: bool,
}

impl<'a> JsonBody<'a> {
    /// `text`, scanned for escaped member names.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            raw_names: has_escaped_name(text.as_bytes()),
        }
    }
}

/// A member name read: its index into the struct's names (`None`: unknown) and, for an
/// unknown JSON member, the body after the name, where its value starts.
pub(crate) struct MemberKey<'de> {
    pub(crate) index: Option<usize>,
    pub(crate) json_rest: Option<&'de str>,
}

/// Reads a member name and finds it in `names`; `json_body` is the JSON body being read.
pub(crate) struct KeySeed<'de> {
    pub(crate) names: &'static MemberNames,
    pub(crate) json_body: Option<&'de str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'de> {
    type Value = MemberKey<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<MemberKey<'de>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'de> {
    type Value = MemberKey<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    /// A name borrowed from the body (XML's element name, or JSON's without escapes).
    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<MemberKey<'de>, E> {
        let json_body = self.json_body;
        let mut key = self.visit_str::<E>(name)?;
        if key.index.is_none() {
            key.json_rest = json_body.and_then(|body| after_name(body, name));
        }
        Ok(key)
    }

    /// A name serde_json had to decode (only through the model's public `Deserialize`:
    /// the crate's own decode reads such a body's names with [`RawKeySeed`]).
    fn visit_str<E: de::Error>(self, name: &str) -> Result<MemberKey<'de>, E> {
        Ok(MemberKey {
            index: self.names.index_of(name.as_bytes()),
            json_rest: None,
        })
    }
}

/// Reads a JSON member name as its raw token (quotes and escapes kept, so serde_json
/// copies nothing) and finds it in `names` by its decoded characters.
pub(crate) struct RawKeySeed<'de> {
    pub(crate) names: &'static MemberNames,
    pub(crate) body: &'de str,
}

impl<'de> DeserializeSeed<'de> for RawKeySeed<'de> {
    type Value = MemberKey<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<MemberKey<'de>, D::Error> {
        let token = <&'de RawValue>::deserialize(d)?.get();
        let content = token
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .ok_or_else(|| de::Error::custom("a member name is not a string"))?;
        let index = if content.contains('\\') {
            validate_json_escapes(content).map_err(|e| {
                de::Error::custom(format_args!(
                    "{} at byte {} of the member name",
                    e.reason, e.at
                ))
            })?;
            let name = Text::from_raw(content, Encoding::Json);
            self.names.names().iter().position(|known| name == *known)
        } else {
            self.names.index_of(content.as_bytes())
        };
        Ok(MemberKey {
            index,
            json_rest: index.is_none().then(|| after(self.body, token)).flatten(),
        })
    }
}

#[cold]
/// The part of `body` after `name` (a slice of it) and its closing quote.
fn after_name<'de>(body: &'de str, name: &str) -> Option<&'de str> {
    after(body, name)?.strip_prefix('"')
}

#[cold]
/// The part of `body` after `part`, a slice of it.
fn after<'de>(body: &'de str, part: &str) -> Option<&'de str> {
    let start = (part.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    body.get(start.checked_add(part.len())?..)
}

/// Whether a member name in the JSON `body` holds an escape: a string with a `\` that a
/// `:` follows. Exact for valid JSON; for other bodies it only picks how names are read.
///
/// Each `\` is classed by the string it is in: one that follows a `:` or a `[` is a
/// value, and the next `\` without a `"` before it is in the same string; any other
/// string is looked at to its end, for a `:` after it.
fn has_escaped_name(body: &[u8]) -> bool {
    let (mut from, mut in_value) = (0, false);
    while let Some(at) = body
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\\', rest))
    {
        let escape = from + at;
        // No `\` lies in the gap, so its last `"` opens the string that holds `escape`.
        let (before, _) = body.split_at(escape);
        match before.split_at(from).1.iter().rposition(|&b| b == b'"') {
            None if in_value => {}
            None => return false,
            Some(open) => {
                let (outside, _) = before.split_at(from + open);
                let last = outside.iter().rev().find(|&&b| !is_space(b));
                in_value = matches!(last, Some(b':' | b'['));
                if !in_value {
                    let Some(end) = string_end(body, escape) else {
                        return false;
                    };
                    let (_, after) = body.split_at(end + 1);
                    if after.iter().find(|&&b| !is_space(b)) == Some(&b':') {
                        return true;
                    }
                    from = end + 1;
                    continue;
                }
            }
        }
        // Past the escaped byte: a `"` or `\` there is not one of JSON's own.
        from = escape + 2;
    }
    false
}

/// JSON's insignificant whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The index of the first `"` at or after `from` that no `\` escapes.
fn string_end(body: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let quote = from + memchr::memchr(b'"', body.get(from..)?)?;
        let (before, _) = body.split_at(quote);
        let backslashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(quote);
        }
        from = quote + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held for any body by `tests/it/no_alloc/decode.rs`: a missed name allocates.
    #[test]
    fn only_an_escape_in_a_name_counts() {
        for (body, expected) in [
            (r#"{"a":"b"}"#, false),
            (r#"{"a":"\u0062","c":["\n",{"d":"\\"}]}"#, false),
            (r#"{"\u0061":"b"}"#, true),
            (r#"{"a":{"b\"c" :1}}"#, true),
            (r#"{"a":"\\","b\\"	:1}"#, true),
            // A value that holds `":` and ends in an escaped backslash.
            (r#"{"a":"x\":\\","b":"y"}"#, false),
            (r#"["\\",":"]"#, false),
            // Values after `:` and `[` with more escapes, then names after them.
            (r#"{"a":"\n\"\\","b":["\t","\"x\":"],"c\n":1}"#, true),
            (r#"{"a":"\n\"\\","b":["\t","\"x\":"],"c":1}"#, false),
            (r#"[{"a":1}, "\n", {"b\n" : 2}]"#, true),
            (r#"{"a":"\"#, false),
        ] {
            assert_eq!(has_escaped_name(body.as_bytes()), expected, "{body}");
        }
    }
}
