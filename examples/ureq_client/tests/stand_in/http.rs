//! The HTTP/1.1 reading of the stand-in (`mod.rs`): request line, headers, a
//! `Content-Length` body, with caps; and query/form parameter decoding.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;

/// Largest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body read.
const MAX_BODY: usize = 64 * 1024;

/// A request as read: method, target (path and query), headers as received, body.
pub struct Request {
    pub method: String,
    pub target: String,
    /// `(name, value)`, the value trimmed, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (ASCII case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a request, or a message saying what is wrong.
pub fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Request, String> {
    let mut head_len = 0;
    let mut line = String::new();
    let mut read_line = |line: &mut String| -> Result<(), String> {
        line.clear();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - head_len) as u64)
            .read_line(line)
            .map_err(|e| format!("reading the request: {e}"))?;
        head_len += n;
        if !line.ends_with("\r\n") {
            return Err("request head too long or cut short".to_owned());
        }
        line.truncate(line.len() - 2);
        Ok(())
    };
    read_line(&mut line)?;
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m.to_owned(), t.to_owned(), v),
        _ => return Err(format!("malformed request line {line:?}")),
    };
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(format!("unsupported version {version:?}"));
    }
    let mut content_length = 0usize;
    let mut headers = Vec::new();
    loop {
        read_line(&mut line)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed header {line:?}"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .parse()
                .map_err(|_| format!("bad Content-Length {value:?}"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err("Transfer-Encoding is not supported".to_owned());
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    if content_length > MAX_BODY {
        return Err(format!("body of {content_length} bytes is over {MAX_BODY}"));
    }
    let mut body = vec![0; content_length];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("reading the body: {e}"))?;
    Ok(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Percent-decodes `s` (and `+` as a space when `form`); `None` on a bad escape or
/// non-UTF-8 result.
fn percent_decode(s: &str, form: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if form => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

pub fn parse_pairs(
    text: &str,
    form: bool,
    into: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = || format!("bad percent-encoding in {pair:?}");
        into.insert(
            percent_decode(name, form).ok_or_else(bad)?,
            percent_decode(value, form).ok_or_else(bad)?,
        );
    }
    Ok(())
}
