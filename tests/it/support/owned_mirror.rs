//! Owned mirror structs of the response, for reference decoders that cannot borrow
//! (serde-xml-rs): `Option<String>` everywhere, wrappers kept, rendered back to the
//! canonical JSON shape with `Serialize`.

use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_exist_snapshot_job_ids: Option<Ids>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_job_list: Option<Jobs>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
pub struct Ids {
    #[serde(rename = "String", default)]
    pub items: Vec<String>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
pub struct Jobs {
    #[serde(rename = "SnapshotJob", default)]
    pub items: Vec<Job>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Job {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_count: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Oss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_config: Option<Config>,
    #[serde(rename = "MNSMessageResult", skip_serializing_if = "Option::is_none")]
    pub mns_message_result: Option<Mns>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Oss {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Config {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_array: Option<TimeArray>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_file: Option<Oss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_output_file: Option<Oss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_out: Option<TileOut>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
pub struct TimeArray {
    #[serde(rename = "TimePointList", default)]
    pub items: Vec<i64>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TileOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_width: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_height: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub padding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_keep_cell_pic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_sel_step: Option<String>,
}

#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Mns {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// The API error body.
#[derive(Deserialize, Serialize, Debug, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ApiError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
}
