//! What `curl -si` prints: a status line, header lines, a blank line, then the body.
//!
//! Only what `mts decode` needs is read: the status code and `Content-Type`. Interim
//! heads (`100 Continue`, a proxy's `200 Connection established`) before the final one
//! are passed over, as curl prints every head it received.

use mts_codec::Format;

/// The final response head of `curl -si` output, and the body after it.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpResponse<'a> {
    /// The status code of the final status line.
    pub status: u16,
    /// The format `Content-Type` names, if it names JSON or XML.
    pub format: Option<Format>,
    /// Everything after the final head's blank line.
    pub body: &'a [u8],
}

/// Reads `input` as `curl -si` output; `Ok(None)` when it does not start with `HTTP/`
/// (a bare body, as `curl -s` prints).
pub fn parse(input: &[u8]) -> Result<Option<HttpResponse<'_>>, String> {
    if !input.starts_with(b"HTTP/") {
        return Ok(None);
    }
    let mut rest = input;
    loop {
        let (head, body) = split_head(rest)?;
        let (status, format) = read_head(head)?;
        // Another head follows an interim one (1xx) or a proxy's CONNECT answer.
        if body.starts_with(b"HTTP/") {
            rest = body;
            continue;
        }
        return Ok(Some(HttpResponse {
            status,
            format,
            body,
        }));
    }
}

/// Splits at the first blank line (`\r\n\r\n`, or `\n\n` from a tool that strips `\r`).
fn split_head(input: &[u8]) -> Result<(&[u8], &[u8]), String> {
    let crlf = find(input, b"\r\n\r\n").map(|at| (at, 4));
    let lf = find(input, b"\n\n").map(|at| (at, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (one, other) => one.or(other).ok_or(
            "the input starts with `HTTP/` but its head has no blank line after it \
             (is it cut short?)",
        )?,
    };
    let (head, rest) = input.split_at(at);
    Ok((head, rest.split_at(len).1))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status code and the format of `Content-Type`, from one head.
fn read_head(head: &[u8]) -> Result<(u16, Option<Format>), String> {
    let head = std::str::from_utf8(head)
        .map_err(|e| format!("the HTTP head is not UTF-8 (byte {})", e.valid_up_to()))?;
    let mut lines = head.lines();
    let status_line = lines.next().ok_or("the HTTP head is empty")?;
    let status = status_code(status_line)?;
    let mut format = None;
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("HTTP header line without a colon: {line:?}"))?;
        if name.trim().eq_ignore_ascii_case("content-type") {
            format = content_type_format(value);
        }
    }
    Ok((status, format))
}

/// `HTTP/1.1 502 Bad Gateway`, `HTTP/2 200 `: the three digits after the version.
fn status_code(line: &str) -> Result<u16, String> {
    let bad = || format!("not an HTTP status line: {line:?} (expected e.g. `HTTP/1.1 200 OK`)");
    let mut words = line.split(' ');
    let _version = words.next();
    let code = words.next().ok_or_else(bad)?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let status: u16 = code.parse().map_err(|_| bad())?;
    if !(100..=599).contains(&status) {
        return Err(bad());
    }
    Ok(status)
}

/// JSON for `application/json`, `text/json` and `…+json`; XML likewise; else `None`.
fn content_type_format(value: &str) -> Option<Format> {
    let media = value
        .split_once(';')
        .map_or(value, |(media, _)| media)
        .trim();
    let media = media.to_ascii_lowercase();
    let subtype = media.split_once('/').map(|(_, s)| s)?;
    if subtype == "json" || subtype.ends_with("+json") {
        Some(Format::Json)
    } else if subtype == "xml" || subtype.ends_with("+xml") {
        Some(Format::Xml)
    } else {
        None
    }
}
