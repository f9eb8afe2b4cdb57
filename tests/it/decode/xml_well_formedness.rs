//! XML 1.0 (fifth edition) well-formedness, section by section: every constraint (WFC)
//! and every grammar rule that can occur in what the XML reader accepts has a body here
//! that breaks it, and the reader refuses it with a positioned error (kind, byte offset
//! and reason asserted). Beside each refusal, the nearest well-formed body is accepted,
//! so that a rule is not met by refusing too much.
//!
//! "before" = enforced before issue 15; "fixed" = enforced since issue 15 (the test
//! fails on the old reader); "n/a" = cannot occur in what the reader accepts.
//!
//! | §     | Constraint or production rule                                   | Test                                   | Status |
//! |-------|-----------------------------------------------------------------|----------------------------------------|--------|
//! | 2.1   | `document`: a root element is required                         | `document_one_root_element`            | before |
//! | 2.1   | `document`: no second root element                             | `document_one_root_element`            | before |
//! | 2.1   | `document`: no text, reference or CDATA before or after root   | `document_one_root_element`            | before |
//! | 2.2   | `Char`: raw C0 controls (text, attribute, comment, PI, CDATA)  | `char_raw_controls`                    | before |
//! | 2.2   | `Char`: U+FFFE, U+FFFF anywhere (one pass over the body)       | `char_noncharacters_and_surrogates`    | before |
//! | 2.2   | `Char`: surrogates (raw: invalid UTF-8; `&#xD800;`: see 4.1)   | `char_noncharacters_and_surrogates`    | before |
//! | 2.3   | `S`: only space, tab, CR, LF separate markup (FF, NBSP refused) | `whitespace_in_tags`                   | before (FF); fixed (NBSP: was taken into a name unchecked, `<a\u{a0}>` accepted) |
//! | 2.3   | `Name`: ASCII `NameStartChar` (no digit, `-`, `.` first)       | `names_start_and_continue_with_legal_characters`, `names_at_every_range_edge_and_every_ascii_character` | before |
//! | 2.3   | `Name`: non-ASCII `NameStartChar` / `NameChar` (element, attribute, PI target) | `names_start_and_continue_with_legal_characters`, `names_at_every_range_edge_and_every_ascii_character` | fixed |
//! | 2.3   | `AttValue`: quoted; `&` only as a reference                    | `attribute_grammar`                    | before |
//! | 2.4   | `CharData`: no `]]>` (leaf and skipped content)               | `char_data_rules`                      | before |
//! | 2.4   | `CharData`: no raw `<`, no stray `&`                           | `char_data_rules`                      | before |
//! | 2.5   | `Comment`: no `--` inside, no `--->` ending                    | `comments`                             | before |
//! | 2.6   | `PI`: target is a `Name`, then whitespace before its content   | `processing_instructions`              | before |
//! | 2.6   | `PITarget`: `xml` in any case reserved (outside the declaration) | `processing_instructions`            | before |
//! | 2.7   | `CDSect`: only in content (not before or after the root); terminated | `cdata_sections`                  | before |
//! | 2.8   | `XMLDecl`: only at byte 0 (after a BOM, if any), only once     | `xml_declaration_only_at_the_start`    | before |
//! | 2.8   | `XMLDecl`: `VersionInfo` required, first                       | `xml_declaration_grammar`              | fixed  |
//! | 2.8   | `VersionNum`: `1.` then digits                                 | `xml_declaration_grammar`              | fixed  |
//! | 2.8   | `XMLDecl`: pseudo-attributes in order, whitespace before each, `Eq`, matching quotes, no others | `xml_declaration_grammar` | fixed |
//! | 2.8   | `Misc`: only comments, PIs and `S` around the root             | `document_one_root_element`            | before |
//! | 2.8   | `doctypedecl`: refused (no DTDs), before, after or inside the root | `dtd_constraints_are_covered_by_refusing_any_doctype` | before |
//! | 2.8   | WFC PEs in Internal Subset                                      | `dtd_constraints_are_covered_by_refusing_any_doctype` | n/a: no DOCTYPE is read |
//! | 2.8   | WFC External Subset                                             | `dtd_constraints_are_covered_by_refusing_any_doctype` | n/a: no DOCTYPE is read |
//! | 2.8   | WFC PE Between Declarations                                     | `dtd_constraints_are_covered_by_refusing_any_doctype` | n/a: no DOCTYPE is read |
//! | 2.9   | `SDDecl`: `yes` or `no`                                        | `xml_declaration_grammar`              | fixed  |
//! | 2.10–2.12 | white space handling, end-of-line handling, `xml:lang`      | —                                      | n/a: no well-formedness rule (line ends are normalised: `xml_reader::line_ends_and_trimming`) |
//! | 3     | WFC Element Type Match (leaf, skipped content, case, prefix)   | `element_type_match`                   | before |
//! | 3     | `element`: an end tag without a start tag                      | `element_type_match`                   | before |
//! | 3.1   | `STag`: whitespace before each attribute; `Eq`; no `< a>`      | `whitespace_in_tags`                   | before |
//! | 3.1   | `ETag`: no attributes, no `</ a>`; `EmptyElemTag`: `/>` exactly | `whitespace_in_tags`                  | before |
//! | 3.1   | WFC Unique Att Spec                                             | `unique_att_spec`                      | fixed  |
//! | 3.1   | WFC No External Entity References (in attribute values)         | `attribute_grammar`                    | before |
//! | 3.1   | WFC No < in Attribute Values                                    | `attribute_grammar`                    | before |
//! | 3.2–3.4 | element, attribute-list declarations, conditional sections   | `dtd_constraints_are_covered_by_refusing_any_doctype` | n/a: DTD only |
//! | 4.1   | WFC Legal Character (`CharRef` in text and attribute values; `&#X` refused) | `references`             | before |
//! | 4.1   | WFC Entity Declared (only `lt gt amp apos quot`)               | `references`                           | before |
//! | 4.1   | WFC Parsed Entity, No Recursion                                 | `references`                           | n/a: no entity can be declared; any other name fails Entity Declared |
//! | 4.1   | WFC In DTD (`PEReference`)                                      | `references`                           | n/a: outside a DTD `%name;` is character data |
//! | 4.2, 4.3.1–4.3.2 | entity declarations, text declarations, external parsed entities | —                  | n/a: DTD or external entities only |
//! | 4.3.3 | `EncName` form; an encoding other than the one read (UTF-8) is a fatal error | `xml_declaration_grammar` | fixed |
//!
//! Refusals of this reader that XML itself does not make: any DOCTYPE, more than 64
//! nested elements (`decode::malformed::xml`), more than 16 attributes in one tag
//! (`unique_att_spec`). Text directly inside an element that holds child elements is
//! a schema error (kind `Schema`), so a malformed run of it (`]]>`, a control) is
//! refused as that, at the text's first byte (`char_data_rules`).

use mts_codec::{DecodeError, DecodeErrorKind, Format, decode_response};

use DecodeErrorKind::{InvalidUtf8, Schema, Syntax, UnexpectedEof};

const ROOT: &str = "QuerySnapshotJobListResponse";

/// The success body around `inner`.
fn doc(inner: &str) -> String {
    format!("<{ROOT}>{inner}</{ROOT}>")
}

/// The success body with `inner` as the content of `<RequestId>`, a text leaf.
fn leaf(inner: &str) -> String {
    doc(&format!("<RequestId>{inner}</RequestId>"))
}

/// The success body with `inner` inside an unknown element, read and skipped.
fn skipped(inner: &str) -> String {
    doc(&format!("<Unknown>{inner}</Unknown>"))
}

/// Byte offset of the first `marker` in `body`.
#[track_caller]
fn at(body: &str, marker: &str) -> usize {
    body.find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in {body:?}"))
}

/// Asserts that `body` is refused with `kind` at byte `offset`, for a reason that
/// contains `reason`.
#[track_caller]
fn refused(body: &str, kind: DecodeErrorKind, offset: usize, reason: &str) -> DecodeError {
    let e = match decode_response(200, Format::Xml, body.as_bytes()) {
        Ok(r) => panic!("accepted {body:?} as {r:?}"),
        Err(e) => e,
    };
    assert_eq!(e.kind(), kind, "{body:?}: {e}");
    assert_eq!(e.offset(), Some(offset), "{body:?}: {e}");
    assert!(
        e.message().contains(reason),
        "{body:?}: expected a reason with {reason:?}, got: {e}"
    );
    e
}

/// Asserts that `body` is accepted.
#[track_caller]
fn accepted(body: &str) {
    if let Err(e) = decode_response(200, Format::Xml, body.as_bytes()) {
        panic!("refused {body:?}: {e}");
    }
}

// ---- 2.1 document -----------------------------------------------------------------------

#[test]
fn document_one_root_element() {
    // An empty body is refused before the reader runs (issue 15, item 8).
    let e = decode_response(200, Format::Xml, b"").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::EmptyBody, "{e}");
    assert_eq!(e.to_string(), "HTTP 200: empty body");
    refused(" <!-- c --> <?p x?> ", UnexpectedEof, 20, "no root element");
    let root = format!("<{ROOT}/>");
    let after = root.len();
    for (extra, reason) in [
        ("<second/>", "content after the root"),
        (" text", "content after the root"),
        ("&amp;", "content after the root"),
        ("<![CDATA[x]]>", "content after the root"),
    ] {
        let body = format!("{root}{extra}");
        let skip = extra.len() - extra.trim_start().len();
        refused(&body, Syntax, after + skip, reason);
    }
    // Text before the root: the body does not start as XML at all, which the decoder
    // names before the reader's "text before the root" (issue 15, item 8).
    for body in [format!("text{root}"), format!("&amp;{root}")] {
        let e = decode_response(200, Format::Xml, body.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::WrongContent, "{body:?}: {e}");
        assert!(
            e.to_string().contains("the body is not XML"),
            "{body:?}: {e}"
        );
    }
    refused(
        &format!("<![CDATA[x]]>{root}"),
        Syntax,
        0,
        "markup before the root",
    );
    accepted(&format!(" <!-- c --> <?p x?> {root} <!-- c --> <?p x?> "));
}

// ---- 2.2 Char ---------------------------------------------------------------------------

#[test]
fn char_raw_controls() {
    for control in ['\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}'] {
        let c = control.to_string();
        for body in [
            leaf(&format!("a{c}")),
            leaf(&format!("<![CDATA[a{c}]]>")),
            leaf(&format!("<!--a{c}-->")),
            leaf(&format!("<?p a{c}?>")),
            skipped(&format!("a{c}")),
            format!("<!--a{c}-->{}", doc("")),
            format!("<?p a{c}?>{}", doc("")),
        ] {
            refused(&body, Syntax, at(&body, &c), "control character");
        }
        let body = format!("<{ROOT} a='x{c}'/>");
        refused(&body, Syntax, at(&body, &c), "control character");
    }
    // Tab, LF, CR, DEL and the C1 controls are XML characters.
    accepted(&leaf("\t\n\r\u{7f}\u{80}\u{9f}"));
    accepted(&format!("<{ROOT} a='\t\n\r\u{85}'/>"));
}

#[test]
fn char_noncharacters_and_surrogates() {
    for nonchar in ['\u{fffe}', '\u{ffff}'] {
        let c = nonchar.to_string();
        for body in [
            leaf(&c),
            leaf(&format!("<![CDATA[{c}]]>")),
            skipped(&format!("<!--{c}-->")),
            format!("<?p {c}?>{}", doc("")),
            format!("<{ROOT} a='{c}'/>"),
            doc(&format!("<a{c}/>")),
        ] {
            refused(&body, Syntax, at(&body, &c), "U+FFFE and U+FFFF");
        }
    }
    // A surrogate cannot be encoded in UTF-8: its three bytes are refused as such.
    let mut body = leaf("abc").into_bytes();
    let i = body.iter().position(|&b| b == b'a').unwrap();
    body[i..i + 3].copy_from_slice(&[0xED, 0xA0, 0x80]);
    let e = decode_response(200, Format::Xml, &body).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (InvalidUtf8, Some(i)), "{e}");
    // Neighbours of the noncharacters are characters.
    accepted(&leaf("\u{fffd}\u{ffef}\u{10000}\u{10ffff}\u{e000}\u{d7ff}"));
}

// ---- 2.3 S, Name, AttValue -----------------------------------------------------------

#[test]
fn names_start_and_continue_with_legal_characters() {
    // ASCII: a digit, `-` or `.` cannot start a name. In content, such a `<` is a `<`
    // in text.
    for bad in ["1a", "-a", ".a"] {
        let body = skipped(&format!("<{bad}/>"));
        refused(&body, Syntax, at(&body, bad) - 1, "`<` in text");
        let body = format!("<{bad}/>");
        refused(&body, Syntax, 1, "expected a name");
        let body = skipped(&format!("<a {bad}='1'/>"));
        refused(&body, Syntax, at(&body, bad), "malformed start tag");
        let body = format!("<?{bad} x?>{}", doc(""));
        refused(&body, Syntax, 2, "expected a name");
    }
    // Non-ASCII `NameChar`s that are not `NameStartChar`s, first: U+00B7, U+0300,
    // U+203F.
    for bad in ['\u{b7}', '\u{300}', '\u{203f}'] {
        let name = format!("{bad}a");
        for body in [
            skipped(&format!("<{name}/>")),
            skipped(&format!("<a {name}='1'/>")),
            format!("<?{name} x?>{}", doc("")),
        ] {
            refused(&body, Syntax, at(&body, &name), "cannot start with");
        }
    }
    // Characters in no name: U+00D7, U+00F7, U+00A0 (NBSP), U+3000 (ideographic
    // space), U+037E (Greek question mark), U+2000.
    for bad in [
        '\u{d7}', '\u{f7}', '\u{a0}', '\u{3000}', '\u{37e}', '\u{2000}',
    ] {
        let c = bad.to_string();
        for body in [
            skipped(&format!("<a{c}b/>")),
            skipped(&format!("<a{c}>x</a{c}>")),
            skipped(&format!("<a x{c}='1'/>")),
            format!("<?p{c} x?>{}", doc("")),
        ] {
            refused(&body, Syntax, at(&body, &c), "not allowed in a name");
        }
        // As the first character of a name.
        let body = skipped(&format!("<{c}a/>"));
        refused(&body, Syntax, at(&body, &c), "cannot start with");
    }
    // Names from every part of the productions are fine.
    accepted(&skipped(
        "<_:a\u{c0}\u{f8}\u{37f}\u{2070}\u{3001}\u{f900}\u{10000}-.9\u{b7}\u{300}\u{203f} \
         \u{4e2d}\u{6587}='1'>x</_:a\u{c0}\u{f8}\u{37f}\u{2070}\u{3001}\u{f900}\u{10000}-.9\u{b7}\u{300}\u{203f}>",
    ));
    accepted(&format!("<?\u{4e2d}-1 x?>{}", doc("<\u{4e2d}/>")));
}

/// XML's `NameStartChar` ranges (§2.3 [4]).
const NAME_START: [(char, char); 16] = [
    (':', ':'),
    ('A', 'Z'),
    ('_', '_'),
    ('a', 'z'),
    ('\u{C0}', '\u{D6}'),
    ('\u{D8}', '\u{F6}'),
    ('\u{F8}', '\u{2FF}'),
    ('\u{370}', '\u{37D}'),
    ('\u{37F}', '\u{1FFF}'),
    ('\u{200C}', '\u{200D}'),
    ('\u{2070}', '\u{218F}'),
    ('\u{2C00}', '\u{2FEF}'),
    ('\u{3001}', '\u{D7FF}'),
    ('\u{F900}', '\u{FDCF}'),
    ('\u{FDF0}', '\u{FFFD}'),
    ('\u{10000}', '\u{EFFFF}'),
];

/// The ranges XML's `NameChar` adds to `NameStartChar` (§2.3 [4a]).
const NAME_MORE: [(char, char); 6] = [
    ('-', '-'),
    ('.', '.'),
    ('0', '9'),
    ('\u{B7}', '\u{B7}'),
    ('\u{300}', '\u{36F}'),
    ('\u{203F}', '\u{2040}'),
];

#[test]
fn names_at_every_range_edge_and_every_ascii_character() {
    let within =
        |ranges: &[(char, char)], c: char| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c));
    // Every edge of every range and one past it, and every ASCII character.
    let edges = NAME_START.iter().chain(&NAME_MORE).flat_map(|&(lo, hi)| {
        let (lo, hi) = (u32::from(lo), u32::from(hi));
        [lo.wrapping_sub(1), lo, hi, hi + 1]
    });
    for c in edges.chain(0..0x80).filter_map(char::from_u32) {
        let start = within(&NAME_START, c);
        let name = start || within(&NAME_MORE, c);
        for (body, legal) in [
            (skipped(&format!("<{c}a/>")), start),
            (skipped(&format!("<a{c}b/>")), name),
        ] {
            let result = decode_response(200, Format::Xml, body.as_bytes());
            assert_eq!(result.is_ok(), legal, "{c:?} in {body:?}: {result:?}");
            // A non-ASCII character is refused where it stands; an ASCII one may end
            // the name and be refused as what follows it (`<a>b/>`, `<?a/>`).
            if !legal && !c.is_ascii() {
                refused(&body, Syntax, at(&body, &c.to_string()), "");
            }
        }
    }
}

#[test]
fn whitespace_in_tags() {
    // (body, the marker the error is at, bytes past the marker's start, reason)
    for (body, mark, past, reason) in [
        (format!("< {ROOT}/>"), " ", 0, "expected a name"),
        (doc("<a b='1'c='2'/>"), "c=", 0, "malformed start tag"),
        (doc("<a\u{c}b='1'/>"), "\u{c}", 0, "malformed start tag"),
        (doc("</ a>"), "</ a", 2, "expected a name"),
        (doc("<a></a b='1'>"), "</a b", 4, "malformed end tag"),
        (doc("<a/ >"), "/ >", 0, "expected `>` after `/`"),
        (doc("<a b '1'/>"), "'1'", 0, "expected `=`"),
    ] {
        refused(&body, Syntax, at(&body, mark) + past, reason);
    }
    // U+00A0 (NBSP) is no `S`: taken for part of a name, it is refused there.
    let body = doc("<a\u{a0}b='1'/>");
    refused(&body, Syntax, at(&body, "\u{a0}"), "not allowed in a name");
    accepted(&doc(
        "<a \t\r\n b \t= \n'1' \r\n c\n=\"2\" \t/><d\n></d\r\n>",
    ));
}

#[test]
fn attribute_grammar() {
    for (attribute, mark, reason) in [
        ("a=1", "1", "expected a quoted attribute value"),
        ("a=\"1'", "", "unexpected end"),
        ("a='<'", "<", "`<` in an attribute value"),
        ("a='&'", "&", "`&` that does not start a reference"),
        ("a='&x;'", "&x;", "unknown entity"),
        ("a='&ext;'", "&ext;", "unknown entity"),
        ("a='&#x3c'", "&#x3c", "malformed character reference"),
    ] {
        let body = format!("<{ROOT} {attribute}/>");
        if mark.is_empty() {
            // The value never ends: the body does first.
            refused(&body, UnexpectedEof, body.len(), reason);
        } else {
            let offset = format!("<{ROOT} ").len() + attribute.find(mark).unwrap();
            refused(&body, Syntax, offset, reason);
        }
    }
    // `<` by reference, `]]>` and the other quote are fine in a value.
    accepted(&format!(
        "<{ROOT} a='&lt;&#60;&#x3C;]]>\"' b=\"'&amp;&apos;&quot;&gt;\"/>"
    ));
}

// ---- 2.4 CharData -----------------------------------------------------------------------

#[test]
fn char_data_rules() {
    for body in [leaf("a]]>b"), skipped("a]]>b"), leaf("<![CDATA[a]]>]]>b")] {
        let offset = body.rfind("]]>").unwrap();
        refused(&body, Syntax, offset, "`]]>` in text");
    }
    let body = leaf("1 < 2");
    let e = refused(&body, Syntax, at(&body, "< 2"), "`<` in text");
    assert_eq!(e.path(), "RequestId", "{e}");
    let body = skipped("a & b");
    refused(&body, Syntax, at(&body, "& b"), "`&` that does not start");
    // Between child elements any text is a schema error, at its first byte.
    for text in ["]]>", "\u{1}", "x"] {
        let body = doc(&format!("{text}<RequestId>x</RequestId>"));
        refused(&body, Schema, at(&body, text), "text directly inside");
    }
    // `]]` and `>` apart, `>` alone, `]]` by reference: character data.
    accepted(&leaf("a]]b>c]>d]]&gt;e&#93;]>f<![CDATA[x]]>]>"));
}

// ---- 2.5 Comment ------------------------------------------------------------------------

#[test]
fn comments() {
    for comment in [
        "<!-- a -- b -->",
        "<!-- a --->",
        "<!----->",
        "<!-- - -- -->",
    ] {
        // The offending `--` within the comment.
        let offset = comment[4..].find("--").unwrap() + 4;
        for body in [
            format!("{comment}{}", doc("")),
            leaf(&format!("x{comment}")),
            skipped(comment),
        ] {
            refused(
                &body,
                Syntax,
                at(&body, comment) + offset,
                "`--` inside a comment",
            );
        }
    }
    let body = format!("{}<!-- x", doc(""));
    refused(&body, UnexpectedEof, body.len(), "unterminated comment");
    accepted(&format!(
        "<!----><!-- - - --><!-- a-b -->{}",
        leaf("a<!-- <&]]> -->b")
    ));
}

// ---- 2.6 PI -----------------------------------------------------------------------------

#[test]
fn processing_instructions() {
    for (pi, offset, reason) in [
        ("<??>", 2, "expected a name"),
        ("<? p?>", 2, "expected a name"),
        ("<?p!x?>", 3, "malformed processing instruction"),
        ("<?xml-a?><?XML x?>", 9, "`xml` is reserved"),
        ("<?p?><?Xml x?>", 5, "`xml` is reserved"),
        ("<?p?><?xmL?>", 5, "`xml` is reserved"),
    ] {
        for body in [
            format!("{}{pi}", doc("")),
            leaf(&format!("x{pi}")),
            skipped(pi),
        ] {
            refused(&body, Syntax, at(&body, pi) + offset, reason);
        }
    }
    let body = format!("<?p x{}", doc(""));
    refused(
        &body,
        UnexpectedEof,
        body.len(),
        "unterminated processing instruction",
    );
    accepted(&format!(
        "<?p?><?p ?><?xml-stylesheet href='a'?><?p <&]]>--?>{}",
        leaf("a<?p x?>b")
    ));
}

// ---- 2.7 CDSect -------------------------------------------------------------------------

#[test]
fn cdata_sections() {
    let empty = doc("");
    refused(
        &format!("<![CDATA[x]]>{empty}"),
        Syntax,
        0,
        "markup before the root",
    );
    refused(
        &format!("{empty}<![CDATA[x]]>"),
        Syntax,
        empty.len(),
        "content after the root",
    );
    let body = leaf("<![CDATA[x");
    refused(&body, UnexpectedEof, body.len(), "unterminated CDATA");
    let body = leaf("<![CDATA x]]>");
    refused(
        &body,
        Syntax,
        at(&body, "<!["),
        "malformed markup after `<!`",
    );
    accepted(&leaf("<![CDATA[]]><![CDATA[<&--?>]]]]><![CDATA[>]]>"));
}

// ---- 2.8 prolog, XMLDecl, doctypedecl; 2.9 SDDecl; 4.3.3 EncodingDecl --------------------

#[test]
fn xml_declaration_only_at_the_start() {
    let empty = doc("");
    let decl = "<?xml version=\"1.0\"?>";
    for (body, offset) in [
        (format!(" {decl}{empty}"), 1),
        (format!("\n{decl}{empty}"), 1),
        (format!("<!---->{decl}{empty}"), 7),
        (format!("{decl}{decl}{empty}"), decl.len()),
        (format!("\u{feff} {decl}{empty}"), 4),
        (format!("{empty}{decl}"), empty.len()),
        (leaf(decl), at(&leaf(decl), decl)),
    ] {
        refused(&body, Syntax, offset, "`xml` is reserved");
    }
    accepted(&format!("{decl}{empty}"));
    accepted(&format!("\u{feff}{decl}{empty}"));
}

#[test]
fn xml_declaration_grammar() {
    let order = "expected version, then optionally encoding and standalone";
    let cases = [
        // VersionInfo: required, first.
        ("<?xml?>", 5, order),
        ("<?xml ?>", 6, order),
        ("<?xml encoding='UTF-8'?>", 6, order),
        ("<?xml standalone='yes'?>", 6, order),
        ("<?xml Version='1.0'?>", 6, order),
        // VersionNum: no reference is expanded in the declaration.
        ("<?xml version='2.0'?>", 15, "`1.` then digits"),
        ("<?xml version='1.'?>", 15, "`1.` then digits"),
        ("<?xml version='1'?>", 15, "`1.` then digits"),
        ("<?xml version='1.0a'?>", 15, "`1.` then digits"),
        ("<?xml version=''?>", 15, "`1.` then digits"),
        ("<?xml version='1.0 '?>", 15, "`1.` then digits"),
        ("<?xml version='&#49;.0'?>", 15, "`1.` then digits"),
        // Eq and quotes: read as an attribute's.
        (
            "<?xml version=1.0?>",
            14,
            "expected a quoted attribute value",
        ),
        ("<?xml version '1.0'?>", 14, "expected `=`"),
        // Whitespace before each pseudo-attribute.
        ("<?xml version='1.0'encoding='UTF-8'?>", 19, order),
        (
            "<?xml version='1.0' encoding='UTF-8'standalone='no'?>",
            36,
            order,
        ),
        // Order, repeats, unknown pseudo-attributes.
        (
            "<?xml version='1.0' standalone='no' encoding='UTF-8'?>",
            36,
            order,
        ),
        ("<?xml version='1.0' version='1.0'?>", 20, order),
        ("<?xml version='1.0' foo='bar'?>", 20, order),
        ("<?xml version='1.0' ?x?>", 20, order),
        // EncName, and the one encoding read (4.3.3).
        ("<?xml version='1.0' encoding=''?>", 30, "not UTF-8"),
        ("<?xml version='1.0' encoding='-utf-8'?>", 30, "not UTF-8"),
        ("<?xml version='1.0' encoding='utf 8'?>", 30, "not UTF-8"),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?>",
            30,
            "not UTF-8",
        ),
        ("<?xml version='1.0' encoding='UTF-16'?>", 30, "not UTF-8"),
        // SDDecl.
        (
            "<?xml version='1.0' standalone='maybe'?>",
            32,
            "`yes` or `no`",
        ),
        (
            "<?xml version='1.0' standalone='YES'?>",
            32,
            "`yes` or `no`",
        ),
    ];
    for (decl, offset, reason) in cases {
        refused(&format!("{decl}{}", doc("")), Syntax, offset, reason);
    }
    // A quote that does not match runs the value into the markup after it.
    let body = format!("<?xml version='1.0\"?>{}", doc(""));
    refused(&body, Syntax, at(&body, "<Q"), "`<` in an attribute value");
    let body = "<?xml version='1.0' encoding='UTF-8'";
    refused(body, UnexpectedEof, body.len(), "");
    for decl in [
        "<?xml version='1.0'?>",
        "<?xml version=\"1.1\"?>",
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
        "<?xml version = '1.0'\n\tstandalone = \"no\"\r\n?>",
    ] {
        accepted(&format!("{decl}{}", doc("")));
    }
}

#[test]
fn dtd_constraints_are_covered_by_refusing_any_doctype() {
    // Every DTD rule (PEs in Internal Subset, External Subset, PE Between
    // Declarations; element, attribute-list, entity declarations) needs a DOCTYPE,
    // refused wherever it appears: the DTD's first byte is the error's offset.
    let empty = doc("");
    let decl = "<?xml version='1.0'?>";
    for dtd in [
        "<!DOCTYPE r>",
        "<!DOCTYPE r SYSTEM 'http://example.invalid/r.dtd'>",
        "<!DOCTYPE r [<!ENTITY % p '<!ELEMENT r ANY>'> %p;]>",
        "<!DOCTYPE r [<!ATTLIST r a CDATA #IMPLIED><![INCLUDE[ ]]>]>",
    ] {
        refused(
            &format!("{dtd}{empty}"),
            Syntax,
            0,
            "DOCTYPE is not allowed",
        );
        refused(
            &format!("{decl}\n{dtd}{empty}"),
            Syntax,
            decl.len() + 1,
            "DOCTYPE is not allowed",
        );
        refused(
            &format!("{empty}{dtd}"),
            Syntax,
            empty.len(),
            "DOCTYPE is not allowed",
        );
        let body = skipped(dtd);
        refused(&body, Syntax, at(&body, dtd), "DOCTYPE is not allowed");
    }
    // A declaration outside a DOCTYPE is malformed markup.
    refused(
        &format!("<!ENTITY a 'b'>{empty}"),
        Syntax,
        0,
        "markup before the root",
    );
    let body = skipped("<!ELEMENT a ANY>");
    refused(
        &body,
        Syntax,
        at(&body, "<!E"),
        "malformed markup after `<!`",
    );
}

// ---- 3 element, 3.1 tags ---------------------------------------------------------------

#[test]
fn element_type_match() {
    for (inner, close) in [
        ("<RequestId>x</RequestID>", "</RequestID>"),
        ("<RequestId>x</RequestI>", "</RequestI>"),
        ("<RequestId>x</RequestIdX>", "</RequestIdX>"),
        ("<RequestId>x</requestid>", "</requestid>"),
        ("<Unknown><a><b></a></b></Unknown>", "</a>"),
        ("<Unknown><a>x</b></Unknown>", "</b>"),
    ] {
        let body = doc(inner);
        refused(&body, Syntax, at(&body, close), "does not match start tag");
    }
    let body = doc("<RequestId>x");
    refused(
        &body,
        Syntax,
        at(&body, &format!("</{ROOT}>")),
        "does not match start tag",
    );
    let empty = doc("");
    refused(
        &format!("{empty}</{ROOT}>"),
        Syntax,
        empty.len(),
        "content after the root",
    );
    refused(&leaf("x</Other>"), Syntax, at(&leaf("x"), "x") + 1, "");
    accepted(&doc("<RequestId >x</RequestId \n>"));
}

#[test]
fn unique_att_spec() {
    for tag in [
        format!("<{ROOT} a='1' a='1'>"),
        format!("<{ROOT} a='1' b='2' a=\"3\">"),
        format!("<{ROOT} x:a='1' x:a='1'>"),
        format!("<{ROOT} \u{4e2d}='1' \u{4e2d}='1'>"),
    ] {
        let body = format!("{tag}</{ROOT}>");
        let offset = tag.rfind(' ').unwrap() + 1;
        refused(&body, Syntax, offset, "attribute repeated");
    }
    // On a leaf, and on an empty-element tag in skipped content.
    for (body, repeat) in [
        (doc("<RequestId a='' b='' a=''>x</RequestId>"), "a=''>"),
        (skipped("<a b='' a='' b=''/>"), "b=''/>"),
    ] {
        refused(&body, Syntax, at(&body, repeat), "attribute repeated");
    }
    // Names that differ (by case, prefix or length) are distinct.
    accepted(&format!(
        "<{ROOT} a='1' A='1' x:a='1' a:x='1' aa='1'></{ROOT}>"
    ));
    // This reader's bound on the (quadratic) check: 16 attributes, the 17th refused.
    let names: Vec<String> = (0..17).map(|i| format!(" a{i}=''")).collect();
    accepted(&format!("<{ROOT}{}/>", names[..16].concat()));
    let body = format!("<{ROOT}{}/>", names.concat());
    refused(
        &body,
        Syntax,
        at(&body, " a16=") + 1,
        "more than 16 attributes",
    );
}

// ---- 4.1 CharRef, EntityRef, PEReference --------------------------------------------------

#[test]
fn references() {
    // WFC Legal Character, in text, in skipped content and in attribute values.
    for reference in [
        "&#0;",
        "&#x0;",
        "&#1;",
        "&#x1F;",
        "&#xD800;",
        "&#xdfff;",
        "&#57343;",
        "&#xFFFE;",
        "&#xFFFF;",
        "&#x110000;",
        "&#99999999999;",
    ] {
        for body in [
            leaf(&format!("a{reference}")),
            skipped(reference),
            format!("<{ROOT} a='{reference}'/>"),
        ] {
            refused(
                &body,
                Syntax,
                at(&body, reference),
                "character reference to a character XML does not allow",
            );
        }
    }
    for (reference, reason) in [
        ("&#X41;", "without digits"),
        ("&#;", "without digits"),
        ("&#x41", "malformed character reference"),
        ("&# 65;", "without digits"),
    ] {
        let body = leaf(reference);
        refused(&body, Syntax, at(&body, reference), reason);
    }
    // WFC Entity Declared: no DTD declares any entity, so only the five predefined
    // ones exist (Parsed Entity and No Recursion cannot arise).
    for reference in ["&nbsp;", "&Amp;", "&lt ;", "&amp", "&a.b;", "&\u{4e2d};"] {
        let body = leaf(reference);
        let e = refused(&body, Syntax, at(&body, reference), "");
        assert!(
            e.message().contains("unknown entity") || e.message().contains("does not start"),
            "{e}"
        );
    }
    // WFC In DTD: outside a DTD `%name;` is character data.
    accepted(&leaf(
        "%p;&lt;&gt;&amp;&apos;&quot;&#9;&#xA;&#xd;&#x20;&#x10FFFF;&#0065;",
    ));
}
