//! The checks behind the cargo-fuzz targets (`fuzz_targets/*.rs`) and behind
//! `tests/replay.rs`, which replays every committed seed and crash input on the stable
//! toolchain. Each check panics when an invariant breaks; on any input it must return,
//! never panic otherwise. The request verifier's check, with its reference model, is in
//! `verify.rs` (target `verify`).

use mts_codec::text::Text;
use mts_codec::{Format, Response, decode_response};
use serde_json::{Map, Value, json};

use mts_codec_oracles::reference_v1::{percent_encode, signature_of};
use mts_codec_oracles::render::{canonical, to_json_with_escapes, to_xml};
use mts_codec_oracles::strict_percent::strict_decode;

// ---- decode_json, decode_xml -----------------------------------------------------------

/// Arbitrary bytes through the status + format + body entry point; every text of a
/// successful decode is then decoded in full, each way the API offers.
pub fn decode_bytes(format: Format, data: &[u8]) {
    for status in [200u16, 400, 503] {
        if let Ok(response) = decode_response(status, format, data) {
            exercise(&response);
        }
    }
}

/// Decodes everything a response holds, checking that the ways to read a text agree.
pub fn exercise(response: &Response<'_>) {
    for text in texts(response) {
        check_text(text);
    }
    serde_json::to_string(response).expect("a decoded response always renders");
    if let Response::Success(r) = response {
        for job in r.jobs() {
            let _ = job.creation_timestamp();
            let _ = job.is_terminal();
            if let Some(n) = job.count {
                let _ = n.get();
            }
        }
    }
    if let Response::ApiError(e) = response {
        let _ = (
            e.is_retryable(),
            e.is_clock_skew(),
            e.is_nonce_reused(),
            e.is_signature_mismatch(),
        );
        if let Some(server) = e.server_string_to_sign() {
            check_text(server);
            let _ = e.diagnose_signature("GET&%2F&");
        }
    }
}

/// The decoded text, read through every accessor: all must agree.
pub fn check_text(text: Text<'_>) {
    let collected: String = text.chars().collect();
    let mut written = String::new();
    text.write_to(&mut written).unwrap();
    assert_eq!(
        written,
        collected,
        "write_to and chars disagree on {:?}",
        text.raw()
    );
    assert_eq!(text.to_cow(), collected.as_str());
    assert_eq!(text.decoded_len(), collected.len());
    assert_eq!(text.is_empty(), collected.is_empty());
    assert!(text == collected.as_str());
    if let Some(plain) = text.as_str() {
        assert_eq!(plain, collected);
    }
}

/// Every text of a response.
pub fn texts<'a>(response: &Response<'a>) -> Vec<Text<'a>> {
    let mut out = Vec::new();
    let mut put = |t: Option<Text<'a>>| out.extend(t);
    match response {
        Response::ApiError(e) => {
            for t in [e.request_id, e.host_id, e.code, e.message, e.recommend] {
                put(t);
            }
        }
        Response::Success(r) => {
            put(r.request_id);
            put(r.next_page_token);
            r.non_existent_ids().iter().for_each(|t| put(Some(*t)));
            for job in r.jobs() {
                for t in [
                    job.id,
                    job.user_data,
                    job.pipeline_id,
                    job.code,
                    job.message,
                    job.creation_time,
                ] {
                    put(t);
                }
                put(job.state.map(|s| match s {
                    mts_codec::query_snapshot_job_list::JobState::Other(t) => t,
                    _ => Text::plain(""),
                }));
                put(job.count.map(|n| n.text()));
                put(job.tile_count.map(|n| n.text()));
                let oss = |f: Option<&mts_codec::query_snapshot_job_list::OssFile<'a>>| {
                    f.map_or(Vec::new(), |f| {
                        vec![f.bucket, f.location, f.object, f.role_arn]
                    })
                };
                oss(job.input.as_ref()).into_iter().for_each(&mut put);
                if let Some(c) = &job.snapshot_config {
                    for n in [c.time, c.interval, c.num, c.width, c.height] {
                        put(n.map(|n| n.text()));
                    }
                    put(c.frame_type);
                    oss(c.output_file.as_ref()).into_iter().for_each(&mut put);
                    oss(c.tile_output_file.as_deref())
                        .into_iter()
                        .for_each(&mut put);
                    if let Some(t) = &c.tile_out {
                        for n in [
                            t.lines,
                            t.columns,
                            t.cell_width,
                            t.cell_height,
                            t.margin,
                            t.padding,
                            t.cell_sel_step,
                        ] {
                            put(n.map(|n| n.text()));
                        }
                        put(t.color);
                        put(t.is_keep_cell_pic.map(|f| f.text()));
                    }
                }
                if let Some(m) = &job.mns_message_result {
                    for t in [m.message_id, m.error_code, m.error_message] {
                        put(t);
                    }
                }
            }
        }
    }
    out
}

// ---- xml_vs_json -----------------------------------------------------------------------

/// Builds one optional member from fuzzer bytes.
type Member = fn(&mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>>;

/// A wire-shaped response built from fuzzer bytes: the fuzzer explores its structure.
pub fn structured(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
    fn text(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        if !u.arbitrary::<bool>()? {
            return Ok(None);
        }
        let s: String = u.arbitrary()?;
        // XML carries XML characters only and trims leaf whitespace; keep what survives.
        let s: String = s
            .chars()
            .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..))
            .collect();
        Ok(Some(Value::String(
            s.trim_matches([' ', '\t', '\n', '\r']).to_owned(),
        )))
    }
    fn numeric(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        Ok(match u.int_in_range(0..=2u8)? {
            0 => None,
            1 => Some(json!(u.arbitrary::<u32>()?)),
            _ => Some(Value::String(u.arbitrary::<u16>()?.to_string())),
        })
    }
    fn object(
        u: &mut arbitrary::Unstructured<'_>,
        fields: &[(&str, Member)],
    ) -> arbitrary::Result<Option<Value>> {
        if !u.arbitrary::<bool>()? {
            return Ok(None);
        }
        let mut m = Map::new();
        for (name, make) in fields {
            if let Some(v) = make(u)? {
                m.insert((*name).to_owned(), v);
            }
        }
        Ok(Some(Value::Object(m)))
    }
    fn oss(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        object(
            u,
            &[
                ("Bucket", text),
                ("Location", text),
                ("Object", text),
                ("RoleArn", text),
            ],
        )
    }
    fn time_array(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        if !u.arbitrary::<bool>()? {
            return Ok(None);
        }
        let points: Vec<i64> = u
            .arbitrary_iter()?
            .take(4)
            .collect::<arbitrary::Result<_>>()?;
        Ok(Some(json!({ "TimePointList": points })))
    }
    fn tile_out(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        object(
            u,
            &[
                ("Lines", numeric),
                ("Columns", numeric),
                ("CellWidth", numeric),
                ("CellHeight", numeric),
                ("Margin", numeric),
                ("Padding", numeric),
                ("Color", text),
                ("CellSelStep", numeric),
            ],
        )
    }
    fn config(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        object(
            u,
            &[
                ("Time", numeric),
                ("Interval", numeric),
                ("Num", numeric),
                ("Width", numeric),
                ("Height", numeric),
                ("FrameType", text),
                ("TimeArray", time_array),
                ("OutputFile", oss),
                ("TileOutputFile", oss),
                ("TileOut", tile_out),
            ],
        )
    }
    fn mns(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        object(
            u,
            &[
                ("MessageId", text),
                ("ErrorCode", text),
                ("ErrorMessage", text),
            ],
        )
    }
    fn job(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Option<Value>> {
        object(
            u,
            &[
                ("Id", text),
                ("UserData", text),
                ("PipelineId", text),
                ("State", text),
                ("Code", text),
                ("Message", text),
                ("Count", numeric),
                ("TileCount", numeric),
                ("CreationTime", text),
                ("Input", oss),
                ("SnapshotConfig", config),
                ("MNSMessageResult", mns),
            ],
        )
    }
    let mut m = Map::new();
    for (name, make) in [
        ("RequestId", text as fn(&mut _) -> _),
        ("NextPageToken", text),
    ] {
        if let Some(v) = make(u)? {
            m.insert(name.to_owned(), v);
        }
    }
    if u.arbitrary::<bool>()? {
        let mut ids = Vec::new();
        for _ in 0..u.int_in_range(0..=3u8)? {
            ids.push(text(u)?.unwrap_or(Value::String(String::new())));
        }
        m.insert(
            "NonExistSnapshotJobIds".to_owned(),
            json!({ "String": ids }),
        );
    }
    if u.arbitrary::<bool>()? {
        let mut jobs = Vec::new();
        for _ in 0..u.int_in_range(0..=4u8)? {
            jobs.push(job(u)?.unwrap_or_else(|| json!({})));
        }
        m.insert("SnapshotJobList".to_owned(), json!({ "SnapshotJob": jobs }));
    }
    Ok(Value::Object(m))
}

/// A response rendered to JSON and to XML decodes to equal values, both equal to the
/// canonical rendering.
pub fn xml_vs_json(data: &[u8]) {
    let mut u = arbitrary::Unstructured::new(data);
    let (Ok(value), Ok(seed)) = (structured(&mut u), u.arbitrary::<u32>()) else {
        return;
    };
    let json = to_json_with_escapes(&value, seed % 7 + 1);
    let xml = to_xml(&value, "QuerySnapshotJobListResponse", seed);
    let from_json = decode_response(200, Format::Json, json.as_bytes())
        .unwrap_or_else(|e| panic!("JSON rendering refused: {e}\n{json}"));
    let from_xml = decode_response(200, Format::Xml, xml.as_bytes())
        .unwrap_or_else(|e| panic!("XML rendering refused: {e}\n{xml}"));
    assert_eq!(
        from_json, from_xml,
        "JSON and XML decodes differ\n{json}\n{xml}"
    );
    assert_eq!(
        serde_json::to_value(&from_xml).unwrap()["response"],
        canonical(&value)
    );
    exercise(&from_xml);
}

// ---- text_decode -----------------------------------------------------------------------

/// Arbitrary bytes as the inside of a JSON string and as the content of an XML leaf,
/// decoded through `Text` and by a straightforward reference: both accept or both
/// refuse, and agree on the text.
pub fn text_decode(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };

    let json = format!(r#"{{"RequestId":"{raw}"}}"#);
    let ours = decode_response(200, Format::Json, json.as_bytes());
    let reference = serde_json::from_str::<Value>(&json);
    // Bytes that close the string early build other members (duplicates included, which
    // the crate refuses and a generic parser does not, keeping the last: `","RequestId":
    // "x` gives one member): only one string is compared here; decode_json covers whole
    // bodies. So a body that parses compares only when `raw` is one string's inside.
    // Nor when it fails: the other members are unknown ones, which the crate skips
    // without decoding (a lone surrogate escape there is not its to refuse), while a
    // generic parser decodes them.
    let one_string = serde_json::from_str::<String>(&format!("\"{raw}\"")).is_ok();
    if !one_string
        || reference.as_ref().is_ok_and(|v| {
            v.as_object()
                .is_none_or(|m| m.len() != 1 || !m.contains_key("RequestId"))
        })
    {
        return;
    }
    match (&ours, &reference) {
        (Ok(Response::Success(r)), Ok(v)) => {
            let text = r.request_id.unwrap();
            check_text(text);
            assert_eq!(
                text.to_cow(),
                v["RequestId"].as_str().unwrap(),
                "JSON {raw:?}"
            );
        }
        (Err(_), Err(_)) => {}
        _ => panic!("JSON {raw:?}: ours {ours:?}, reference {reference:?}"),
    }

    let xml = format!(
        "<QuerySnapshotJobListResponse><RequestId>{raw}</RequestId></QuerySnapshotJobListResponse>"
    );
    let ours = decode_response(200, Format::Xml, xml.as_bytes());
    let reference = reference_xml_leaf(raw);
    match (&ours, &reference) {
        (Ok(Response::Success(r)), Some(expected)) => {
            let text = r.request_id.unwrap();
            check_text(text);
            assert_eq!(text.to_cow(), expected.as_str(), "XML {raw:?}");
        }
        (Err(_), None) => {}
        _ => panic!("XML {raw:?}: ours {ours:?}, reference {reference:?}"),
    }
}

/// The text of an XML leaf whose content is `raw`, decoded the obvious way: `None` where
/// XML 1.0 (as this crate reads it) refuses it.
pub fn reference_xml_leaf(raw: &str) -> Option<String> {
    // XML's Char production holds everywhere: in CDATA, comments and PIs too.
    if !raw.chars().all(is_xml_char) {
        return None;
    }
    let mut out = String::new();
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>")?;
            out.push_str(&after[..end].replace("\r\n", "\n").replace('\r', "\n"));
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->")?;
            // XML forbids `--` inside a comment, and a comment ending in `-` (`--->`).
            if after[..end].contains("--") || after[..end].ends_with('-') {
                return None;
            }
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>")?;
            let body = &after[..end];
            // The target is an XML Name (NameStartChar NameChar*, XML 1.0 §2.3), then
            // whitespace or `?>`.
            let target_len = body.find(|c: char| !is_name_char(c)).unwrap_or(body.len());
            let target = &body[..target_len];
            let starts_well = target.chars().next().is_some_and(is_name_start_char);
            let ends_well =
                target_len == body.len() || body[target_len..].starts_with([' ', '\t', '\r', '\n']);
            if !starts_well || !ends_well || target.eq_ignore_ascii_case("xml") {
                return None;
            }
            rest = &after[end + 2..];
        } else if c == '<' {
            return None;
        } else if let Some(after) = rest.strip_prefix('&') {
            let end = after.find(';')?;
            let name = &after[..end];
            let decoded = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "apos" => '\'',
                "quot" => '"',
                _ => {
                    let code = if let Some(hex) = name.strip_prefix("#x") {
                        (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                            .then(|| u32::from_str_radix(hex, 16).ok())??
                    } else if let Some(dec) = name.strip_prefix('#') {
                        (!dec.is_empty() && dec.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| dec.parse().ok())??
                    } else {
                        return None;
                    };
                    let c = char::from_u32(code)?;
                    if !is_xml_char(c) {
                        return None;
                    }
                    c
                }
            };
            out.push(decoded);
            rest = &after[end + 1..];
        } else if rest.starts_with("]]>") {
            return None;
        } else {
            if !is_xml_char(c) {
                return None;
            }
            if c == '\r' {
                out.push('\n');
                rest = rest.strip_prefix("\r\n").unwrap_or(&rest[1..]);
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(out.trim_matches([' ', '\t', '\r', '\n']).to_owned())
}

/// XML 1.0 §2.3 NameStartChar, written out from the production.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 NameChar.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

// ---- sign_roundtrip --------------------------------------------------------------------

/// Arbitrary parameter names, values and secrets signed by the generic signer: the
/// canonical query parses back to exactly the signed parameters, and the signature
/// verifies with a reference HMAC-SHA1 over the string-to-sign.
pub fn sign_roundtrip(data: &[u8]) {
    use mts_codec::Timestamp;
    use mts_codec::signing::{Credentials, Format as RequestFormat, Method, Params, RpcSigner};

    let mut u = arbitrary::Unstructured::new(data);
    let Ok(secret) = u.arbitrary::<String>() else {
        return;
    };
    let Ok(pairs) = u.arbitrary::<Vec<(String, String)>>() else {
        return;
    };
    let Ok(seconds) = u.int_in_range(0..=253_402_300_799i64) else {
        return;
    };
    let method = if u.arbitrary::<bool>().unwrap_or(false) {
        Method::Post
    } else {
        Method::Get
    };
    let Ok(credentials) = Credentials::new("fuzz-key-id", &secret) else {
        return;
    };
    let time = Timestamp::from_unix_seconds(seconds).unwrap();

    let mut params = Params::<16>::new();
    for (k, v) in &pairs {
        if params.insert(k, v).is_err() {
            return; // full, duplicate or reserved: the signer refused it with a typed error
        }
    }
    let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18")
        .format(RequestFormat::Json)
        .method(method);
    let Ok(signed) = signer.sign(
        &params,
        &credentials,
        time,
        "0123456789abcdef0123456789abcdef",
    ) else {
        return;
    };

    let mut canonical = String::new();
    signed.write_canonical_query(&mut canonical).unwrap();
    assert_eq!(canonical.len(), signed.canonical_query_len());
    let parsed: Vec<(String, String)> = canonical
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("every pair has `=`");
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut keys: Vec<&String> = parsed.iter().map(|(k, _)| k).collect();
    let sorted = {
        let mut s = keys.clone();
        s.sort();
        s
    };
    assert_eq!(keys, sorted, "canonical query is not sorted: {canonical}");
    keys.dedup();
    assert_eq!(keys.len(), parsed.len(), "duplicate keys in {canonical}");
    for (k, v) in &pairs {
        assert!(
            parsed.iter().any(|(pk, pv)| pk == k && pv == v),
            "{k:?}={v:?} lost in {canonical}"
        );
    }
    for (k, expected) in [
        ("AccessKeyId", "fuzz-key-id"),
        ("Action", "QuerySnapshotJobList"),
    ] {
        assert!(
            parsed.iter().any(|(pk, pv)| pk == k && pv == expected),
            "{k} missing in {canonical}"
        );
    }

    let mut string_to_sign = String::new();
    signed.write_string_to_sign(&mut string_to_sign).unwrap();
    let expected_sts = format!("{}&%2F&{}", method.as_str(), percent_encode(&canonical));
    assert_eq!(string_to_sign, expected_sts);
    assert_eq!(signed.signature(), signature_of(&string_to_sign, &secret));

    // The typed request, with an access key id that may need escaping: its signature
    // is the reference HMAC of the string-to-sign the generic writer gives.
    let (Ok(key_id), Ok(ids)) = (u.arbitrary::<String>(), u.arbitrary::<Vec<String>>()) else {
        return;
    };
    let Ok(credentials) = Credentials::new(&key_id, &secret) else {
        return;
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let Ok(request) = mts_codec::query_snapshot_job_list::QuerySnapshotJobList::new().job_ids(&ids)
    else {
        return;
    };
    let request = request.method(method);
    let signed = request
        .sign(&credentials, time, "n")
        .expect("a typed request with a nonce signs");
    let mut canonical = String::new();
    signed.write_canonical_query(&mut canonical).unwrap();
    let mut string_to_sign = String::new();
    signed.write_string_to_sign(&mut string_to_sign).unwrap();
    assert_eq!(
        string_to_sign,
        format!("{}&%2F&{}", method.as_str(), percent_encode(&canonical))
    );
    assert!(canonical.contains(&format!(
        "&SnapshotJobIds={}&",
        percent_encode(&ids.join(","))
    )));
    assert_eq!(signed.signature(), signature_of(&string_to_sign, &secret));
}

/// Decodes what the signer wrote; panics on anything but unreserved bytes and
/// upper-case `%XX`, or on a result that is not UTF-8.
fn percent_decode(s: &str) -> String {
    let bytes = strict_decode(s).unwrap_or_else(|| {
        panic!("not the signer's percent-encoding (unencoded byte or lower-case/bad hex): {s:?}")
    });
    String::from_utf8(bytes).expect("decodes to the UTF-8 that was encoded")
}
