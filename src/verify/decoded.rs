//! Received `name=value&…` lists (URL query, form body), percent-decoded into a fixed
//! buffer and kept sorted by name, the order the signer hashes them in (the rules are
//! in the `verify` module docs).

use super::error::{Malformed, Part, VerifyError};

/// One parameter: the name is `bytes[start..mid]`, the value `bytes[mid..end]`; `part`
/// says where it came from (a v3 signature covers the query's only).
#[derive(Clone, Copy, Debug)]
struct Pair {
    start: usize,
    mid: usize,
    end: usize,
    part: Part,
}

/// Where a value is in a [`DecodedParams`]: a parameter known to be present.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ValueAt {
    start: usize,
    end: usize,
}

/// At most `P` decoded parameters holding at most `B` bytes of names and values,
/// sorted by name.
#[derive(Clone)]
pub(crate) struct DecodedParams<const P: usize, const B: usize> {
    /// Names and values, back to back, each checked UTF-8 as it was added.
    bytes: heapless::Vec<u8, B>,
    pairs: heapless::Vec<Pair, P>,
}

/// The value of one hex digit, either case.
fn hex_digit(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

impl<const P: usize, const B: usize> DecodedParams<P, B> {
    pub(crate) const fn new() -> Self {
        Self {
            bytes: heapless::Vec::new(),
            pairs: heapless::Vec::new(),
        }
    }

    /// Decodes `raw` (a whole query or form body) and adds its parameters.
    pub(crate) fn parse(&mut self, raw: &[u8], part: Part) -> Result<(), VerifyError> {
        if raw.is_empty() {
            return Ok(());
        }
        if part == Part::Query && raw.starts_with(b"?") {
            return Err(VerifyError::Malformed {
                part,
                at: 0,
                kind: Malformed::LeadingQuestionMark,
            });
        }
        let mut at = 0;
        for segment in raw.split(|&b| b == b'&') {
            self.push_segment(segment, at, part)?;
            at += segment.len() + 1;
        }
        Ok(())
    }

    fn push_segment(&mut self, segment: &[u8], at: usize, part: Part) -> Result<(), VerifyError> {
        let malformed = |at, kind| VerifyError::Malformed { part, at, kind };
        if segment.is_empty() {
            return Err(malformed(at, Malformed::EmptySegment));
        }
        let eq = segment
            .iter()
            .position(|&b| b == b'=')
            .ok_or(malformed(at, Malformed::MissingEquals))?;
        if eq == 0 {
            return Err(malformed(at, Malformed::EmptyName));
        }
        // `segment[eq]` is the `=`.
        let (name, value) = segment.split_at(eq);
        let value = value.split_at(1).1;
        let start = self.bytes.len();
        self.decode(name, at, part)?;
        let mid = self.bytes.len();
        self.decode(value, at + eq + 1, part)?;
        let end = self.bytes.len();
        let (name, value) = self.bytes.split_at(mid);
        if core::str::from_utf8(name.split_at(start).1).is_err() {
            return Err(VerifyError::NotUtf8 { part, at });
        }
        if core::str::from_utf8(value).is_err() {
            return Err(VerifyError::NotUtf8 {
                part,
                at: at + eq + 1,
            });
        }
        let found = self
            .pairs
            .binary_search_by(|p| self.text(p.start, p.mid).cmp(self.text(start, mid)));
        let Err(index) = found else {
            return Err(VerifyError::DuplicateParameter { part, at });
        };
        let pair = Pair {
            start,
            mid,
            end,
            part,
        };
        self.pairs
            .insert(index, pair)
            .map_err(|_| VerifyError::TooManyParameters { capacity: P })
    }

    /// Appends the decoding of `raw`, which starts at byte `at` of `part`.
    fn decode(&mut self, raw: &[u8], at: usize, part: Part) -> Result<(), VerifyError> {
        let mut rest = raw;
        while let Some((&b, tail)) = rest.split_first() {
            let offset = at + raw.len() - rest.len();
            let malformed = |kind| VerifyError::Malformed {
                part,
                at: offset,
                kind,
            };
            let (byte, tail) = match (b, tail) {
                (b'%', &[high, low, ref tail @ ..]) => match (hex_digit(high), hex_digit(low)) {
                    (Some(high), Some(low)) => (high << 4 | low, tail),
                    _ => return Err(malformed(Malformed::BadEscape)),
                },
                (b'%', _) => return Err(malformed(Malformed::BadEscape)),
                (b'+', _) => (b' ', tail),
                (0..=b' ' | 0x7f, _) => return Err(malformed(Malformed::ForbiddenByte)),
                (other, _) => (other, tail),
            };
            self.bytes
                .push(byte)
                .map_err(|_| VerifyError::TooLarge { capacity: B })?;
            rest = tail;
        }
        Ok(())
    }

    /// The text of `bytes[from..to]`, a name or value checked UTF-8 when added.
    #[expect(
        clippy::indexing_slicing,
        clippy::expect_used,
        reason = "pairs hold ranges of `bytes` checked UTF-8 when added"
    )]
    fn text(&self, from: usize, to: usize) -> &str {
        core::str::from_utf8(&self.bytes[from..to]).expect("checked when added")
    }

    /// Where the value of `name` is, if present.
    pub(crate) fn find(&self, name: &str) -> Option<ValueAt> {
        self.pairs
            .iter()
            .find(|p| self.text(p.start, p.mid) == name)
            .map(|p| ValueAt {
                start: p.mid,
                end: p.end,
            })
    }

    /// The value [`find`](Self::find) found.
    pub(crate) fn value(&self, at: ValueAt) -> &str {
        self.text(at.start, at.end)
    }

    /// The value of `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.find(name).map(|at| self.value(at))
    }

    /// Every parameter, sorted by name.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.iter_with_part().map(|(k, v, _)| (k, v))
    }

    /// Every parameter with the part it came from, sorted by name.
    pub(crate) fn iter_with_part(&self) -> impl Iterator<Item = (&str, &str, Part)> + '_ {
        self.pairs
            .iter()
            .map(|p| (self.text(p.start, p.mid), self.text(p.mid, p.end), p.part))
    }

    /// The parameters of `part` only, sorted by name.
    pub(crate) fn iter_part(&self, part: Part) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.iter_with_part()
            .filter_map(move |(k, v, p)| (p == part).then_some((k, v)))
    }

    /// Every parameter but `name`, sorted.
    pub(crate) fn iter_without<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = (&'s str, &'s str)> + 's {
        self.iter().filter(move |(k, _)| *k != name)
    }
}

// The parse errors and capacities are tested through the public verifier in
// tests/it/verify/errors.rs; these need the private iterators.
#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<DecodedParams<8, 64>, VerifyError> {
        let mut d = DecodedParams::new();
        d.parse(raw.as_bytes(), Part::Query)?;
        Ok(d)
    }

    #[test]
    fn decodes_and_sorts() {
        let d = parse("b=x%2Fy%2fz&a=1+2&c=&d=e=f&%41=%c3%bc").unwrap();
        let all: heapless::Vec<(&str, &str), 8> = d.iter().collect();
        assert_eq!(
            all,
            [
                ("A", "ü"),
                ("a", "1 2"),
                ("b", "x/y/z"),
                ("c", ""),
                ("d", "e=f")
            ]
        );
        assert_eq!(d.get("b"), Some("x/y/z"));
        assert_eq!(d.get("z"), None);
        assert_eq!(d.iter_without("a").count(), 4);
        assert_eq!(parse("").unwrap().iter().count(), 0);
    }

    #[test]
    fn query_and_body_share_one_namespace() {
        let mut d = DecodedParams::<8, 64>::new();
        d.parse(b"a=1", Part::Query).unwrap();
        d.parse(b"c=3", Part::FormBody).unwrap();
        d.parse(b"b=2", Part::Query).unwrap();
        let query: heapless::Vec<(&str, &str), 8> = d.iter_part(Part::Query).collect();
        assert_eq!(query, [("a", "1"), ("b", "2")]);
        let body: heapless::Vec<(&str, &str), 8> = d.iter_part(Part::FormBody).collect();
        assert_eq!(body, [("c", "3")]);
        drop((query, body));
        assert_eq!(
            d.parse(b"d=4&a=1", Part::FormBody),
            Err(VerifyError::DuplicateParameter {
                part: Part::FormBody,
                at: 4
            })
        );
    }
}
