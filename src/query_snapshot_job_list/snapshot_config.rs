//! `SnapshotConfig`: how the job was asked to take its pictures, with its `TileOut` and
//! `TimeArray` parts.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::oss_file::OssFile;
use crate::decode::members::members;
use crate::text::{Flag, Numeric, Text};

members! {
    /// The snapshot settings of a job (wire member `SnapshotConfig`).
    pub struct SnapshotConfig<'a> {
        /// `Time`: when snapshotting starts, in milliseconds.
        "Time" => pub time: Option<Numeric<'a>>,
        /// `Interval`: seconds between snapshots; set means multi-snapshot mode.
        "Interval" => pub interval: Option<Numeric<'a>>,
        /// `Num`: how many snapshots were requested.
        "Num" => pub num: Option<Numeric<'a>>,
        /// `Width`: output width in pixels.
        "Width" => pub width: Option<Numeric<'a>>,
        /// `Height`: output height in pixels.
        "Height" => pub height: Option<Numeric<'a>>,
        /// `FrameType`: `normal` or `intra` (I-frames only; the service default).
        "FrameType" => pub frame_type: Option<Text<'a>>,
        /// `TimeArray`: explicit time points ("time point" mode).
        "TimeArray" => pub time_array: Option<TimeArray>,
        /// `OutputFile`: where single snapshots go (the key may contain `{Count}`).
        "OutputFile" => pub output_file: Option<OssFile<'a>>,
        /// `TileOutputFile`: where tiled (sprite) images go (the key may contain
        /// `{TileCount}`). Boxed, as few jobs tile: a job without it is smaller.
        "TileOutputFile" => pub tile_output_file: Option<Box<OssFile<'a>>>,
        /// `TileOut`: how snapshots are tiled into sprite images. Boxed, as few jobs
        /// tile.
        "TileOut" => pub tile_out: Option<Box<TileOut<'a>>>,
    }
}

members! {
    /// The list wrapper `TimeArray: { TimePointList: [int64] }`.
    ///
    /// The unit is not documented; like `SnapshotConfig.Time` it is most likely milliseconds.
    /// Items arrive as JSON integers or decimal strings (or XML text) and must fit an `i64`.
    pub struct TimeArray {
        /// `TimePointList`: the time points.
        "TimePointList" => pub time_point_list: Vec<i64>,
    }
}

members! {
    /// Tiling (sprite) settings (wire member `TileOut`); every member is numeric or boolean
    /// text on the wire.
    pub struct TileOut<'a> {
        /// `Lines`: rows per tiled image (default 10).
        "Lines" => pub lines: Option<Numeric<'a>>,
        /// `Columns`: columns per tiled image (default 10).
        "Columns" => pub columns: Option<Numeric<'a>>,
        /// `CellWidth`: width of one cell in pixels (default: the snapshot width).
        "CellWidth" => pub cell_width: Option<Numeric<'a>>,
        /// `CellHeight`: height of one cell in pixels (default: the snapshot height).
        "CellHeight" => pub cell_height: Option<Numeric<'a>>,
        /// `Margin`: outer margin in pixels (default 0).
        "Margin" => pub margin: Option<Numeric<'a>>,
        /// `Padding`: spacing between cells in pixels (default 0).
        "Padding" => pub padding: Option<Numeric<'a>>,
        /// `Color`: background colour, a keyword (`black`), `#RRGGBB` or `random`.
        "Color" => pub color: Option<Text<'a>>,
        /// `IsKeepCellPic`: whether the single images are kept too (`true`/`false`).
        "IsKeepCellPic" => pub is_keep_cell_pic: Option<Flag<'a>>,
        /// `CellSelStep`: use every n-th single image for the tiles.
        "CellSelStep" => pub cell_sel_step: Option<Numeric<'a>>,
    }
}
