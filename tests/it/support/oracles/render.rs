//! Renderers for wire-shaped `serde_json::Value` responses, for the round-trip
//! properties, the allocation counts and the workflow stand-in: the canonical rendering
//! (what `mts decode` prints), JSON with escapes forced, and XML with references, CDATA
//! and comments forced; and for the fuzz target `xml_vs_json`.

use serde_json::Value;

/// The canonical rendering of a wire value: numbers sent as numbers become their
/// digits, except `TimePointList` items, which stay integers.
pub fn canonical(v: &Value) -> Value {
    fn walk(v: &Value, key: &str) -> Value {
        match v {
            Value::Number(n) if key != "TimePointList" => Value::String(n.to_string()),
            Value::Array(items) => Value::Array(items.iter().map(|i| walk(i, key)).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), walk(x, k))).collect())
            }
            other => other.clone(),
        }
    }
    walk(v, "")
}

/// JSON text of `v` with escapes forced: every character whose code point is divisible
/// by `every` is written as `\uXXXX` (astral ones as surrogate pairs), `/` as `\/`.
pub fn to_json_with_escapes(v: &Value, every: u32) -> String {
    struct Escaping(u32);
    impl serde_json::ser::Formatter for Escaping {
        fn write_string_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            for c in fragment.chars() {
                if c == '/' {
                    w.write_all(b"\\/")?;
                } else if u32::from(c) % self.0 == 0 {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(w, "\\u{unit:04x}")?;
                    }
                } else {
                    let mut buf = [0u8; 4];
                    w.write_all(c.encode_utf8(&mut buf).as_bytes())?;
                }
            }
            Ok(())
        }
    }
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Escaping(every.max(1)));
    serde::Serialize::serialize(v, &mut ser).unwrap();
    String::from_utf8(out).unwrap()
}

/// XML text of `v` under `root`: list wrappers as repeated child elements, with escapes
/// forced by `seed`: some characters as character references (decimal or hex), some
/// runs in CDATA, comments between members; CR always as `&#13;` (a literal CR would be
/// normalised to LF, as XML prescribes).
pub fn to_xml(v: &Value, root: &str, seed: u32) -> String {
    fn text(out: &mut String, s: &str, seed: u32) {
        let use_cdata = seed % 3 == 0 && !s.contains("]]>") && !s.contains('\r');
        if use_cdata && !s.is_empty() {
            out.push_str("<![CDATA[");
            out.push_str(s);
            out.push_str("]]>");
            return;
        }
        for (i, c) in s.chars().enumerate() {
            let pick = (u32::from(c) ^ seed).wrapping_add(i as u32) % 5;
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\r' => out.push_str("&#13;"),
                '"' if pick == 0 => out.push_str("&quot;"),
                '\'' if pick == 0 => out.push_str("&apos;"),
                _ if pick == 1 => out.push_str(&format!("&#{};", u32::from(c))),
                _ if pick == 2 => out.push_str(&format!("&#x{:X};", u32::from(c))),
                _ => out.push(c),
            }
        }
    }
    fn element(out: &mut String, name: &str, v: &Value, seed: u32) {
        match v {
            Value::Null => {}
            Value::Object(m) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                for (k, x) in m {
                    if seed % 2 == 0 {
                        out.push_str("<!-- c -->");
                    }
                    match x {
                        Value::Array(items) => items
                            .iter()
                            .for_each(|i| element(out, k, i, seed.rotate_left(1))),
                        _ => element(out, k, x, seed.rotate_left(1)),
                    }
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            scalar => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                match scalar {
                    Value::String(s) => text(out, s, seed),
                    other => out.push_str(&other.to_string()),
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(&mut out, root, v, seed);
    out
}
