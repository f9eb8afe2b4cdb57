//! The bodies the stand-in (`mod.rs`) answers with: `QuerySnapshotJobList` in JSON
//! (spec §5.1) or XML (§5.2), and the error bodies of spec §8.1, with `Content-Type`.

use super::ScriptedJob;

/// Host named in `HostId` of error bodies.
const HOST_ID: &str = "mts.cn-hangzhou.aliyuncs.com";

/// A finished answer.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Wire {
    Json,
    Xml,
}

const JSON_TYPE: &str = "application/json;charset=utf-8";
const XML_TYPE: &str = "text/xml;charset=utf-8";

pub fn error_answer(wire: Wire, status: u16, code: &str, message: &str) -> Answer {
    let request_id = "E0000000-0000-4000-8000-000000000000";
    let recommend = format!("https://api.aliyun.com/troubleshoot?q={code}&product=Mts");
    match wire {
        Wire::Json => Answer {
            status,
            content_type: JSON_TYPE,
            body: serde_json::json!({
                "RequestId": request_id, "HostId": HOST_ID, "Code": code,
                "Message": message, "Recommend": recommend,
            })
            .to_string(),
        },
        Wire::Xml => Answer {
            status,
            content_type: XML_TYPE,
            body: format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <RequestId>{}</RequestId>\n  <HostId>{}</HostId>\n  <Code>{}</Code>\n  <Message>{}</Message>\n  <Recommend>{}</Recommend>\n</Error>\n",
                xml_escape(request_id),
                xml_escape(HOST_ID),
                xml_escape(code),
                xml_escape(message),
                xml_escape(&recommend)
            ),
        },
    }
}

/// `PipelineId` of every scripted job.
pub const PIPELINE_ID: &str = "b11c171cced04565b1f38f1ecc390001";
/// `CreationTime` of every scripted job.
pub const CREATION_TIME: &str = "2026-01-01T00:00:00Z";

/// The members of one job, in wire order, as (name, value) or nested groups.
pub fn job_value(job: &ScriptedJob, state: &str) -> serde_json::Value {
    let mut v = serde_json::json!({
        "Id": job.id, "State": state, "PipelineId": PIPELINE_ID,
        "CreationTime": CREATION_TIME,
        "Input": {"Bucket": "media-in", "Location": "oss-cn-hangzhou", "Object": "video%2Finput.mp4"},
        "SnapshotConfig": {"Num": job.count.to_string(), "Interval": "2", "OutputFile":
            {"Bucket": "media-out", "Location": "oss-cn-hangzhou", "Object": job.object}},
    });
    match state {
        "Success" => v["Count"] = serde_json::json!(job.count.to_string()),
        "Fail" => {
            v["Code"] = serde_json::json!("InvalidParameter.ResourceNotFound");
            v["Message"] =
                serde_json::json!("The resource operated \"InputFile\" cannot be found.");
        }
        _ => {}
    }
    v
}

/// A `QuerySnapshotJobList` answer in JSON: the jobs found, the unknown ids, and the
/// token of the next page of a listing.
pub fn json_answer(
    request_id: &str,
    found: &[(ScriptedJob, &str)],
    unknown: &[String],
    next_page_token: Option<&str>,
) -> Answer {
    let jobs: Vec<_> = found
        .iter()
        .map(|(job, state)| job_value(job, state))
        .collect();
    let mut body =
        serde_json::json!({"RequestId": request_id, "SnapshotJobList": {"SnapshotJob": jobs}});
    if !unknown.is_empty() {
        body["NonExistSnapshotJobIds"] = serde_json::json!({"String": unknown});
    }
    if let Some(token) = next_page_token {
        body["NextPageToken"] = serde_json::json!(token);
    }
    Answer {
        status: 200,
        content_type: JSON_TYPE,
        body: body.to_string(),
    }
}

/// The same answer in XML.
pub fn xml_answer(
    request_id: &str,
    found: &[(ScriptedJob, &str)],
    unknown: &[String],
    next_page_token: Option<&str>,
) -> Answer {
    let mut body =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<QuerySnapshotJobListResponse>");
    body += &format!("<RequestId>{}</RequestId>", xml_escape(request_id));
    if let Some(token) = next_page_token {
        body += &format!("<NextPageToken>{}</NextPageToken>", xml_escape(token));
    }
    if !unknown.is_empty() {
        body += "<NonExistSnapshotJobIds list=\"true\">";
        for id in unknown {
            body += &format!("<String>{}</String>", xml_escape(id));
        }
        body += "</NonExistSnapshotJobIds>";
    }
    body += "<SnapshotJobList list=\"true\">";
    for (job, state) in found {
        body += "<SnapshotJob>";
        write_xml_members(&job_value(job, state), &mut body);
        body += "</SnapshotJob>";
    }
    body += "</SnapshotJobList></QuerySnapshotJobListResponse>";
    Answer {
        status: 200,
        content_type: XML_TYPE,
        body,
    }
}

/// Writes the members of a JSON object of strings and objects as XML elements.
fn write_xml_members(v: &serde_json::Value, out: &mut String) {
    if let serde_json::Value::Object(members) = v {
        for (name, value) in members {
            out.push_str(&format!("<{name}>"));
            match value {
                serde_json::Value::String(s) => out.push_str(&xml_escape(s)),
                nested => write_xml_members(nested, out),
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
