//! XML leaf text, as the reader validated and trimmed it: the reference grammar, and
//! decoding on demand (references resolved, CDATA kept, comments and PIs skipped, CR LF
//! and CR read as LF, XML whitespace trimmed after decoding, so `&#32;x` is `x`).
//! Decoding never fails or allocates: what the reader would refuse gives U+FFFD.

use core::fmt;

/// Whether `c` is XML whitespace (space, tab, CR, LF).
pub(crate) fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Whether `c` matches the XML 1.0 `Char` production (what a character reference may
/// denote): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Parses the entity or character reference at the start of `bytes` (which begins with
/// `&`). Returns the character and the number of bytes the reference spans (`&` to `;`
/// inclusive), or why it is not a valid reference.
pub(crate) fn parse_reference(bytes: &[u8]) -> Result<(char, usize), &'static str> {
    let Some((b'&', body)) = bytes.split_first() else {
        return Err("expected a reference at `&`");
    };
    if body.first() == Some(&b'#') {
        let (radix, first_digit) = if body.get(1) == Some(&b'x') {
            (16, 2)
        } else {
            (10, 1)
        };
        let mut value: u32 = 0;
        let mut i = first_digit;
        while let Some(d) = body.get(i).and_then(|&b| char::from(b).to_digit(radix)) {
            // Saturates far above 0x10FFFF, so any number of leading zeros is fine and
            // an overlong number is still recognised as out of range.
            value = value.saturating_mul(radix).saturating_add(d);
            i += 1;
        }
        if i == first_digit {
            return Err("character reference without digits");
        }
        if body.get(i) != Some(&b';') {
            return Err("malformed character reference (expected digits then `;`)");
        }
        return match char::from_u32(value) {
            Some(c) if is_xml_char(c) => Ok((c, i + 2)),
            _ => Err("character reference to a character XML does not allow"),
        };
    }
    let len = body
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if len == 0 || body.get(len) != Some(&b';') {
        return Err("`&` that does not start a reference (write `&amp;`)");
    }
    let c = match body.get(..len) {
        Some(b"lt") => '<',
        Some(b"gt") => '>',
        Some(b"amp") => '&',
        Some(b"apos") => '\'',
        Some(b"quot") => '"',
        _ => return Err("unknown entity (only lt, gt, amp, apos, quot are defined)"),
    };
    Ok((c, len + 2))
}

/// One decoded piece of a leaf: a run of literal text, or one character from a
/// reference or an end-of-line normalisation.
#[derive(Clone, Copy, Debug)]
enum Piece<'a> {
    Run(&'a str),
    Char(char),
}

/// Splits a validated leaf into decoded pieces, in order, untrimmed.
#[derive(Clone, Debug)]
struct Pieces<'a> {
    /// Undecoded markup after the current CDATA section.
    rest: &'a str,
    /// What is left of the CDATA section being read (literal text, CRs aside).
    cdata: &'a str,
}

impl<'a> Pieces<'a> {
    fn new(raw: &'a str) -> Self {
        Self {
            rest: raw,
            cdata: "",
        }
    }
}

/// Where `needle` (a delimiter such as `]]>`) starts in `s`, found from its first byte:
/// `str::find` would link the Two-Way searcher (about 1 KiB of wasm) for short texts.
fn find(s: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (s.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    (0..bytes.len()).find(|&i| {
        bytes.get(i) == Some(&first) && bytes.get(i..).is_some_and(|rest| rest.starts_with(needle))
    })
}

/// The rest of `s` after a line end at its start (CR LF or a lone CR, both read as LF).
fn after_line_end(s: &str) -> Option<&str> {
    let tail = s.strip_prefix('\r')?;
    Some(tail.strip_prefix('\n').unwrap_or(tail))
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if !self.cdata.is_empty() {
            if let Some(tail) = after_line_end(self.cdata) {
                self.cdata = tail;
                return Some(Piece::Char('\n'));
            }
            // Up to the next CR, an ASCII byte: a boundary.
            let end = self.cdata.bytes().position(|b| b == b'\r');
            let (run, tail) = self.cdata.split_at(end.unwrap_or(self.cdata.len()));
            self.cdata = tail;
            return Some(Piece::Run(run));
        }
        loop {
            if let Some(tail) = after_line_end(self.rest) {
                self.rest = tail;
                return Some(Piece::Char('\n'));
            }
            let bytes = self.rest.as_bytes();
            let first = *bytes.first()?;
            match first {
                b'&' => {
                    let (c, used) =
                        parse_reference(bytes).unwrap_or((char::REPLACEMENT_CHARACTER, 1));
                    // A reference is ASCII, and so is the `&` alone.
                    self.rest = self.rest.split_at(used).1;
                    return Some(Piece::Char(c));
                }
                b'<' => {
                    let (content, after) = if let Some(cdata) = self.rest.strip_prefix("<![CDATA[")
                    {
                        match find(cdata, "]]>") {
                            Some(end) => (cdata.split_at(end).0, cdata.split_at(end + 3).1),
                            None => (cdata, ""),
                        }
                    } else {
                        // A comment or a processing instruction, skipped whole.
                        let (tail, close) = if let Some(tail) = self.rest.strip_prefix("<!--") {
                            (tail, "-->")
                        } else if let Some(tail) = self.rest.strip_prefix("<?") {
                            (tail, "?>")
                        } else {
                            // Only in text built by hand: a stray `<`, kept.
                            let (lt, tail) = self.rest.split_at(1);
                            self.rest = tail;
                            return Some(Piece::Run(lt));
                        };
                        let end = find(tail, close).map_or(tail.len(), |e| e + close.len());
                        ("", tail.split_at(end).1)
                    };
                    self.rest = after;
                    if !content.is_empty() {
                        self.cdata = content;
                        return self.next();
                    }
                }
                _ => {
                    let end = bytes
                        .iter()
                        .position(|&b| matches!(b, b'&' | b'\r' | b'<'))
                        .unwrap_or(bytes.len());
                    let (run, tail) = self.rest.split_at(end);
                    self.rest = tail;
                    return Some(Piece::Run(run));
                }
            }
        }
    }
}

/// Decoded characters of an XML leaf, trimmed of XML whitespace at both ends. At
/// whitespace it looks ahead (on a clone) and remembers how far, so it stays O(n).
#[derive(Clone, Debug)]
pub(crate) struct XmlChars<'a> {
    pieces: Pieces<'a>,
    run: core::str::Chars<'a>,
    /// Whether a non-whitespace character has been returned (leading trim done).
    started: bool,
    /// How many upcoming characters are known to precede a non-whitespace one.
    cleared: usize,
}

impl<'a> XmlChars<'a> {
    pub(crate) fn new(raw: &'a str) -> Self {
        Self {
            pieces: Pieces::new(raw),
            run: "".chars(),
            started: false,
            cleared: 0,
        }
    }

    /// The next decoded, untrimmed character.
    fn next_raw(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.run.next() {
                return Some(c);
            }
            match self.pieces.next()? {
                Piece::Run(s) => self.run = s.chars(),
                Piece::Char(c) => return Some(c),
            }
        }
    }
}

impl Iterator for XmlChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            let c = self.next_raw()?;
            if !self.started {
                if is_xml_whitespace(c) {
                    continue;
                }
                self.started = true;
                return Some(c);
            }
            if self.cleared > 0 {
                self.cleared -= 1;
                return Some(c);
            }
            if !is_xml_whitespace(c) {
                return Some(c);
            }
            let mut ahead = self.clone();
            let mut whitespace = 0usize;
            loop {
                match ahead.next_raw() {
                    None => {
                        // Only whitespace up to the end: trailing, dropped.
                        self.pieces = Pieces::new("");
                        self.run = "".chars();
                        return None;
                    }
                    Some(d) if is_xml_whitespace(d) => whitespace += 1,
                    Some(_) => {
                        self.cleared = whitespace;
                        return Some(c);
                    }
                }
            }
        }
    }
}

impl core::iter::FusedIterator for XmlChars<'_> {}

/// Writes the decoded leaf into `out`, literal runs as whole `&str` slices: a first pass
/// finds where the trimmed text ends, a second writes up to there.
pub(crate) fn write_xml<W: fmt::Write + ?Sized>(raw: &str, out: &mut W) -> fmt::Result {
    // Decoded byte offset just past the last non-whitespace character.
    let mut decoded = 0usize;
    let mut end = 0usize;
    for piece in Pieces::new(raw) {
        match piece {
            Piece::Run(s) => {
                let kept = s.trim_end_matches(is_xml_whitespace).len();
                if kept > 0 {
                    end = decoded + kept;
                }
                decoded += s.len();
            }
            Piece::Char(c) => {
                decoded += c.len_utf8();
                if !is_xml_whitespace(c) {
                    end = decoded;
                }
            }
        }
    }
    let mut decoded = 0usize;
    let mut started = false;
    for piece in Pieces::new(raw) {
        if decoded >= end {
            break;
        }
        match piece {
            Piece::Run(s) => {
                let budget = end - decoded;
                decoded += s.len();
                let s = s.get(..budget).unwrap_or(s);
                let s = if started {
                    s
                } else {
                    s.trim_start_matches(is_xml_whitespace)
                };
                if !s.is_empty() {
                    started = true;
                    out.write_str(s)?;
                }
            }
            Piece::Char(c) => {
                decoded += c.len_utf8();
                if started || !is_xml_whitespace(c) {
                    started = true;
                    out.write_char(c)?;
                }
            }
        }
    }
    Ok(())
}
