//! `SnapshotConfig`: how the job was asked to take its pictures, with its `TileOut` and
//! `TimeArray` parts.

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::{list, oss_file::OssFile};
use crate::text::{Flag, Numeric, Text};

/// The snapshot settings of a job (wire member `SnapshotConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SnapshotConfig<'a> {
    /// `Time`: when snapshotting starts, in milliseconds.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Numeric<'a>>,
    /// `Interval`: seconds between snapshots; set means multi-snapshot mode.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Numeric<'a>>,
    /// `Num`: how many snapshots were requested.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub num: Option<Numeric<'a>>,
    /// `Width`: output width in pixels.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub width: Option<Numeric<'a>>,
    /// `Height`: output height in pixels.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub height: Option<Numeric<'a>>,
    /// `FrameType`: `normal` or `intra` (I-frames only; the service default).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub frame_type: Option<Text<'a>>,
    /// `TimeArray`: explicit time points ("time point" mode).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decode::object::optional"
    )]
    pub time_array: Option<TimeArray>,
    /// `OutputFile`: where single snapshots go (the key may contain `{Count}`).
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decode::object::optional"
    )]
    pub output_file: Option<OssFile<'a>>,
    /// `TileOutputFile`: where tiled (sprite) images go (the key may contain
    /// `{TileCount}`).
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decode::object::optional"
    )]
    pub tile_output_file: Option<OssFile<'a>>,
    /// `TileOut`: how snapshots are tiled into sprite images.
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decode::object::optional"
    )]
    pub tile_out: Option<TileOut<'a>>,
}

/// The list wrapper `TimeArray: { TimePointList: [int64] }`.
///
/// The unit is not documented; like `SnapshotConfig.Time` it is most likely milliseconds.
/// Items arrive as JSON integers or decimal strings (or XML text) and must fit an `i64`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TimeArray {
    /// `TimePointList`: the time points.
    #[serde(default, deserialize_with = "time_points")]
    pub time_point_list: Vec<i64>,
}

/// `TimePointList` items: each a JSON integer or a decimal-digit string within `i64`.
fn time_points<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    list::deserialize::<D, TimePoint, i64>(d)
}

/// One `TimePointList` item as it comes off the wire.
struct TimePoint(i64);

impl list::Item<i64> for TimePoint {
    fn into_item(self) -> i64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for TimePoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `any`, not `i64`: JSON sends integers or digit strings, and XML sends text.
        d.deserialize_any(TimePointVisitor)
    }
}

struct TimePointVisitor;

impl serde::de::Visitor<'_> for TimePointVisitor {
    type Value = TimePoint;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a 64-bit integer or a string of decimal digits")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TimePoint, E> {
        Ok(TimePoint(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TimePoint, E> {
        i64::try_from(v)
            .map(TimePoint)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TimePoint, E> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self));
        }
        v.parse::<i64>()
            .map(TimePoint)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

/// Tiling (sprite) settings (wire member `TileOut`); every member is numeric or boolean
/// text on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TileOut<'a> {
    /// `Lines`: rows per tiled image (default 10).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Numeric<'a>>,
    /// `Columns`: columns per tiled image (default 10).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Numeric<'a>>,
    /// `CellWidth`: width of one cell in pixels (default: the snapshot width).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub cell_width: Option<Numeric<'a>>,
    /// `CellHeight`: height of one cell in pixels (default: the snapshot height).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub cell_height: Option<Numeric<'a>>,
    /// `Margin`: outer margin in pixels (default 0).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub margin: Option<Numeric<'a>>,
    /// `Padding`: spacing between cells in pixels (default 0).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Numeric<'a>>,
    /// `Color`: background colour, a keyword (`black`), `#RRGGBB` or `random`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Text<'a>>,
    /// `IsKeepCellPic`: whether the single images are kept too (`true`/`false`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub is_keep_cell_pic: Option<Flag<'a>>,
    /// `CellSelStep`: use every n-th single image for the tiles.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub cell_sel_step: Option<Numeric<'a>>,
}
