//! The member path at a byte offset of a JSON body, for error messages.
//!
//! serde_json reports where it stopped (line and column) but not in which member. Rather
//! than track a path on the hot path, this walks the body again, only when an error is
//! being reported, up to the failing offset, keeping a stack of open objects (with their
//! current key) and arrays (with their current index). The body before the offset was
//! accepted by serde_json, so a simple structural walk is exact there.

use core::fmt;

/// Open containers tracked; deeper ones are counted and shown as `…`.
const MAX_FRAMES: usize = 32;

#[derive(Clone, Copy)]
enum Frame<'a> {
    Object {
        key: Option<&'a str>,
        expect_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of wire names at `offset` in `body`, e.g. `SnapshotJobList.SnapshotJob[2].Id`.
pub(crate) struct JsonPath<'a> {
    frames: heapless::Vec<Frame<'a>, MAX_FRAMES>,
    hidden: usize,
}

impl<'a> JsonPath<'a> {
    pub(crate) fn at(body: &'a str, offset: usize) -> Self {
        let mut path = Self {
            frames: heapless::Vec::new(),
            hidden: 0,
        };
        let bytes = body.as_bytes();
        let end = offset.min(bytes.len());
        let mut pos = 0usize;
        while pos < end {
            let Some(&b) = bytes.get(pos) else { break };
            match b {
                b'{' => path.push(Frame::Object {
                    key: None,
                    expect_key: true,
                }),
                b'[' => path.push(Frame::Array { index: 0 }),
                b'}' | b']' => path.pop(),
                b',' => match path.top() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                    None => {}
                },
                b'"' => {
                    let start = pos + 1;
                    let mut i = start;
                    while let Some(&c) = bytes.get(i) {
                        match c {
                            b'\\' => i += 2,
                            b'"' => break,
                            _ => i += 1,
                        }
                    }
                    if let Some(Frame::Object { key, expect_key }) = path.top() {
                        if *expect_key {
                            *key = body.get(start..i.min(bytes.len()));
                            *expect_key = false;
                        }
                    }
                    pos = i;
                }
                _ => {}
            }
            pos += 1;
        }
        path
    }

    fn push(&mut self, frame: Frame<'a>) {
        if self.hidden > 0 || self.frames.push(frame).is_err() {
            self.hidden += 1;
        }
    }

    fn pop(&mut self) {
        if self.hidden > 0 {
            self.hidden -= 1;
        } else {
            self.frames.pop();
        }
    }

    fn top(&mut self) -> Option<&mut Frame<'a>> {
        if self.hidden > 0 {
            None
        } else {
            self.frames.last_mut()
        }
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for frame in &self.frames {
            match frame {
                Frame::Object { key: Some(key), .. } => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                    first = false;
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => {
                    write!(f, "[{index}]")?;
                    first = false;
                }
            }
        }
        if self.hidden > 0 {
            f.write_str(".…")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    fn path_at(body: &str, marker: &str) -> std::string::String {
        let offset = body.find(marker).unwrap();
        JsonPath::at(body, offset).to_string()
    }

    #[test]
    fn finds_nested_member_and_index() {
        let body = r#"{"RequestId":"x","SnapshotJobList":{"SnapshotJob":[{"Id":"a"},{"Id":"b","State":7}]}}"#;
        assert_eq!(path_at(body, "7"), "SnapshotJobList.SnapshotJob[1].State");
        assert_eq!(path_at(body, r#""x""#), "RequestId");
    }

    #[test]
    fn keys_with_escaped_quotes_do_not_confuse_it() {
        let body = r#"{"a\"b":{"c":[1,2,{"d":true}]}}"#;
        assert_eq!(path_at(body, "true"), r#"a\"b.c[2].d"#);
    }

    #[test]
    fn deep_nesting_is_elided() {
        let body = "[".repeat(100);
        assert!(JsonPath::at(&body, 100).to_string().ends_with(".…"));
    }
}
