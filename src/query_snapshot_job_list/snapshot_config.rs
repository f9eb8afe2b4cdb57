//! `SnapshotConfig`: how the job was asked to take its pictures, with its `TileOut` and
//! `TimeArray` parts.

use alloc::vec::Vec;
use serde::de::Unexpected;
use serde::{Deserialize, Serialize};

use super::oss_file::OssFile;
use crate::decode::wrong_type::{refuse_scalars, wrong_type, wrong_value};
use crate::text::{Flag, Numeric, Text};

/// The snapshot settings of a job (wire member `SnapshotConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SnapshotConfig<'a> {
    /// `Time`: when snapshotting starts, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Numeric<'a>>,
    /// `Interval`: seconds between snapshots; set means multi-snapshot mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Numeric<'a>>,
    /// `Num`: how many snapshots were requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<Numeric<'a>>,
    /// `Width`: output width in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<Numeric<'a>>,
    /// `Height`: output height in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<Numeric<'a>>,
    /// `FrameType`: `normal` or `intra` (I-frames only; the service default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_type: Option<Text<'a>>,
    /// `TimeArray`: explicit time points ("time point" mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_array: Option<TimeArray>,
    /// `OutputFile`: where single snapshots go (the key may contain `{Count}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_file: Option<OssFile<'a>>,
    /// `TileOutputFile`: where tiled (sprite) images go (the key may contain
    /// `{TileCount}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_output_file: Option<OssFile<'a>>,
    /// `TileOut`: how snapshots are tiled into sprite images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tile_out: Option<TileOut<'a>>,
}

/// The list wrapper `TimeArray: { TimePointList: [int64] }`.
///
/// The unit is not documented; like `SnapshotConfig.Time` it is most likely milliseconds.
/// Items arrive as JSON integers or decimal strings (or XML text) and must fit an `i64`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TimeArray {
    /// `TimePointList`: the time points.
    pub time_point_list: Vec<i64>,
}

/// One `TimePointList` item as it comes off the wire: a JSON integer or a
/// decimal-digit string within `i64`.
pub(crate) struct TimePoint(pub(crate) i64);

impl<'de> Deserialize<'de> for TimePoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `any`, not `i64`: JSON sends integers or digit strings, and XML sends text.
        d.deserialize_any(TimePointVisitor)
    }
}

struct TimePointVisitor;

impl<'de> serde::de::Visitor<'de> for TimePointVisitor {
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
            .map_err(|_| wrong_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TimePoint, E> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong_value(Unexpected::Str(v), &self));
        }
        v.parse::<i64>()
            .map(TimePoint)
            .map_err(|_| wrong_value(Unexpected::Str(v), &self))
    }

    // Every other JSON type, refused without serde's `Unexpected` (see
    // `decode::wrong_type`).
    refuse_scalars!(bool, f64, unit);

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<TimePoint, A::Error> {
        Err(wrong_type("sequence", &self))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<TimePoint, A::Error> {
        Err(wrong_type("map", &self))
    }
}

/// Tiling (sprite) settings (wire member `TileOut`); every member is numeric or boolean
/// text on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TileOut<'a> {
    /// `Lines`: rows per tiled image (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Numeric<'a>>,
    /// `Columns`: columns per tiled image (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Numeric<'a>>,
    /// `CellWidth`: width of one cell in pixels (default: the snapshot width).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_width: Option<Numeric<'a>>,
    /// `CellHeight`: height of one cell in pixels (default: the snapshot height).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_height: Option<Numeric<'a>>,
    /// `Margin`: outer margin in pixels (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<Numeric<'a>>,
    /// `Padding`: spacing between cells in pixels (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub padding: Option<Numeric<'a>>,
    /// `Color`: background colour, a keyword (`black`), `#RRGGBB` or `random`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Text<'a>>,
    /// `IsKeepCellPic`: whether the single images are kept too (`true`/`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_keep_cell_pic: Option<Flag<'a>>,
    /// `CellSelStep`: use every n-th single image for the tiles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_sel_step: Option<Numeric<'a>>,
}

impl<'a> crate::decode::members::Members<'a> for SnapshotConfig<'a> {
    const NAMES: &'static [&'static str] = &[
        "Time",
        "Interval",
        "Num",
        "Width",
        "Height",
        "FrameType",
        "TimeArray",
        "OutputFile",
        "TileOutputFile",
        "TileOut",
    ];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Numeric(&mut self.time),
            1 => Slot::Numeric(&mut self.interval),
            2 => Slot::Numeric(&mut self.num),
            3 => Slot::Numeric(&mut self.width),
            4 => Slot::Numeric(&mut self.height),
            5 => Slot::Text(&mut self.frame_type),
            6 => Slot::Object(&mut self.time_array),
            7 => Slot::Object(&mut self.output_file),
            8 => Slot::Object(&mut self.tile_output_file),
            9 => Slot::Object(&mut self.tile_out),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for SnapshotConfig<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}

impl<'a> crate::decode::members::Members<'a> for TimeArray {
    const NAMES: &'static [&'static str] = &["TimePointList"];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Integers(&mut self.time_point_list),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for TimeArray {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}

impl<'a> crate::decode::members::Members<'a> for TileOut<'a> {
    const NAMES: &'static [&'static str] = &[
        "Lines",
        "Columns",
        "CellWidth",
        "CellHeight",
        "Margin",
        "Padding",
        "Color",
        "IsKeepCellPic",
        "CellSelStep",
    ];

    fn slot(&mut self, index: usize) -> Option<crate::decode::members::Slot<'_, 'a>> {
        use crate::decode::members::Slot;
        Some(match index {
            0 => Slot::Numeric(&mut self.lines),
            1 => Slot::Numeric(&mut self.columns),
            2 => Slot::Numeric(&mut self.cell_width),
            3 => Slot::Numeric(&mut self.cell_height),
            4 => Slot::Numeric(&mut self.margin),
            5 => Slot::Numeric(&mut self.padding),
            6 => Slot::Text(&mut self.color),
            7 => Slot::Flag(&mut self.is_keep_cell_pic),
            8 => Slot::Numeric(&mut self.cell_sel_step),
            _ => return None,
        })
    }
}

impl<'a> serde::Deserialize<'a> for TileOut<'a> {
    /// From an object (members by wire name, unknown ones skipped), as the crate
    /// decodes it.
    fn deserialize<D: serde::Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        crate::decode::members::deserialize(d)
    }
}
