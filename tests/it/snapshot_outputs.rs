//! The objects a finished job wrote (`SnapshotJob::snapshot_objects`/`tile_objects`):
//! golden key and URL lists for a JSON and an XML body, the errors, the numbering
//! parameter, huge counts, and a round trip through the crate's own percent-encoder.

use crate::support;

use std::fmt::Write as _;

use mts_codec::percent;
use mts_codec::query_snapshot_job_list::{
    Numbering, OssFile, OutputKind, OutputObjects, OutputsError, SnapshotJob,
};
use mts_codec::text::{NumericError, Text};
use mts_codec::{Format, Response, decode_response};

/// The rendering the golden `*.expected.txt` holds: for each job and kind, a header
/// line, then `key<TAB>url` per object or `error: <Display>`.
fn render(jobs: &[SnapshotJob<'_>]) -> String {
    let mut out = String::new();
    for job in jobs {
        let id = job.id.unwrap().to_string();
        for (label, kind) in [
            ("snapshots", OutputKind::Snapshots),
            ("tiles", OutputKind::Tiles),
        ] {
            writeln!(out, "job {id} {label}").unwrap();
            match job.output_objects(kind, Numbering::DOCUMENTED) {
                Ok(objects) => {
                    for object in objects {
                        let (key, url) = (object.key().to_string(), object.url().to_string());
                        assert_eq!((object.key_len(), object.url_len()), (key.len(), url.len()));
                        writeln!(out, "{key}\t{url}").unwrap();
                    }
                }
                Err(e) => writeln!(out, "error: {e}").unwrap(),
            }
        }
    }
    out
}

fn golden(format: Format, file: &str) {
    let dir = support::data_dir("outputs");
    let body = std::fs::read(dir.join(file)).unwrap();
    let expected = std::fs::read_to_string(dir.join("finished_jobs.expected.txt")).unwrap();
    let Response::Success(response) = decode_response(200, format, &body).unwrap() else {
        panic!("{file}: not a success body")
    };
    assert_eq!(render(response.jobs()), expected, "{file}");
}

#[test]
fn json_jobs_list_the_golden_keys_and_urls() {
    golden(Format::Json, "finished_jobs.json");
}

#[test]
fn xml_jobs_list_the_same_golden_keys_and_urls() {
    golden(Format::Xml, "finished_jobs.xml");
}

fn file<'a>(bucket: &'a str, location: &'a str, object: &'a str) -> OssFile<'a> {
    let mut f = OssFile::default();
    f.bucket = Some(Text::plain(bucket));
    f.location = Some(Text::plain(location));
    f.object = Some(Text::plain(object));
    f
}

fn keys(objects: OutputObjects<'_>) -> Vec<String> {
    objects.map(|o| o.key().to_string()).collect()
}

#[test]
fn numbering_is_a_parameter() {
    let f = file("b", "oss-cn-hangzhou", "shot-{Count}.jpg");
    let at = |first, digits| {
        keys(
            OutputObjects::new(&f, OutputKind::Snapshots, 3, Numbering::new(first, digits))
                .unwrap(),
        )
    };
    assert_eq!(at(0, 0), ["shot-0.jpg", "shot-1.jpg", "shot-2.jpg"]);
    assert_eq!(at(1, 1), ["shot-1.jpg", "shot-2.jpg", "shot-3.jpg"]);
    assert_eq!(at(98, 2), ["shot-98.jpg", "shot-99.jpg", "shot-100.jpg"]);
    assert_eq!(
        at(99_999, 5),
        ["shot-99999.jpg", "shot-100000.jpg", "shot-100001.jpg"]
    );
    assert_eq!(at(7, 8)[0], "shot-00000007.jpg");
    assert_eq!(Numbering::default(), Numbering::new(1, 5));
}

#[test]
fn placeholders_of_the_other_kind_are_left_alone() {
    let f = file("b", "l", "{Count}-{TileCount}");
    let snaps =
        keys(OutputObjects::new(&f, OutputKind::Snapshots, 1, Numbering::DOCUMENTED).unwrap());
    let tiles = keys(OutputObjects::new(&f, OutputKind::Tiles, 1, Numbering::DOCUMENTED).unwrap());
    assert_eq!(snaps, ["00001-{TileCount}"]);
    assert_eq!(tiles, ["{Count}-00001"]);
}

#[test]
fn partial_and_unterminated_placeholders_are_literal_text() {
    for (object, key) in [
        ("{Count", "{Count"),
        ("{{Count}}", "{00001}"),
        ("{Cou{Count}nt}", "{Cou00001nt}"),
        ("Count}", "Count}"),
        ("{count}", "{count}"),
        ("%7BCount%7D%7BCount%7D", "0000100001"),
    ] {
        let f = file("b", "l", object);
        let got =
            keys(OutputObjects::new(&f, OutputKind::Snapshots, 1, Numbering::DOCUMENTED).unwrap());
        assert_eq!(got, [key], "{object}");
    }
}

#[test]
fn a_key_without_placeholder_is_one_object_whatever_the_count() {
    let f = file("b", "l", "cover.jpg");
    let objects = OutputObjects::new(&f, OutputKind::Snapshots, 40, Numbering::DOCUMENTED).unwrap();
    assert!(!objects.is_numbered());
    assert_eq!(keys(objects), ["cover.jpg"]);
    let none = OutputObjects::new(&f, OutputKind::Snapshots, 0, Numbering::DOCUMENTED).unwrap();
    assert_eq!(none.count(), 0);
    let numbered = file("b", "l", "{Count}.jpg");
    let none =
        OutputObjects::new(&numbered, OutputKind::Snapshots, 0, Numbering::DOCUMENTED).unwrap();
    assert!(none.is_numbered());
    assert_eq!(none.count(), 0);
}

#[test]
fn an_absurd_count_is_lazy() {
    let f = file("b", "l", "{Count}.jpg");
    let mut objects = OutputObjects::new(
        &f,
        OutputKind::Snapshots,
        1_000_000_000_000_000_000,
        Numbering::DOCUMENTED,
    )
    .unwrap();
    assert_eq!(objects.remaining(), 1_000_000_000_000_000_000);
    assert_eq!(objects.next().unwrap().key().to_string(), "00001.jpg");
    // `nth` skips without producing: 10^9 fits a 32-bit usize too (wasm32).
    let far = objects.nth(1_000_000_000).unwrap();
    assert_eq!(far.number(), 1_000_000_002);
    assert_eq!(far.key().to_string(), "1000000002.jpg");
    assert_eq!(
        objects.remaining(),
        1_000_000_000_000_000_000 - 1_000_000_002
    );

    // The last numbers of the u64 range.
    let mut last = OutputObjects::new(
        &f,
        OutputKind::Snapshots,
        2,
        Numbering::new(u64::MAX - 1, 5),
    )
    .unwrap();
    assert_eq!(
        last.next().unwrap().key().to_string(),
        "18446744073709551614.jpg"
    );
    assert_eq!(
        last.next().unwrap().key().to_string(),
        "18446744073709551615.jpg"
    );
    assert!(last.next().is_none());
    assert!(last.next().is_none());

    // u64::MAX images from 1 end at u64::MAX: fine. From 2 they would not fit.
    let tiles = file("b", "l", "{TileCount}.jpg");
    assert!(OutputObjects::new(&tiles, OutputKind::Tiles, u64::MAX, Numbering::new(1, 5)).is_ok());
    assert_eq!(
        OutputObjects::new(&tiles, OutputKind::Tiles, u64::MAX, Numbering::new(2, 5)).unwrap_err(),
        OutputsError::NumberOverflow {
            member: "TileCount"
        }
    );
}

#[test]
fn malformed_objects_and_host_labels_are_refused_with_their_place() {
    let object_err = |object: &str| {
        OutputObjects::new(
            &file("b", "l", object),
            OutputKind::Snapshots,
            1,
            Numbering::DOCUMENTED,
        )
        .unwrap_err()
    };
    let member = "SnapshotConfig.OutputFile.Object";
    assert_eq!(object_err("a%2"), OutputsError::Object { member, at: 1 });
    assert_eq!(object_err("ab%zz"), OutputsError::Object { member, at: 2 });
    assert_eq!(object_err("%C3%28"), OutputsError::Object { member, at: 0 }); // not UTF-8
    assert_eq!(object_err("x%C3"), OutputsError::Object { member, at: 1 }); // truncated
    assert_eq!(object_err("%FF"), OutputsError::Object { member, at: 0 });
    assert_eq!(object_err(""), OutputsError::Object { member, at: 0 });

    let host_err = |bucket: &str, location: &str| {
        OutputObjects::new(
            &file(bucket, location, "k"),
            OutputKind::Tiles,
            1,
            Numbering::DOCUMENTED,
        )
        .unwrap_err()
    };
    assert_eq!(
        host_err("evil.com/x", "l"),
        OutputsError::HostLabel {
            member: "SnapshotConfig.TileOutputFile.Bucket",
            at: 4
        }
    );
    assert_eq!(
        host_err("b", ""),
        OutputsError::HostLabel {
            member: "SnapshotConfig.TileOutputFile.Location",
            at: 0
        }
    );
    let mut missing = file("b", "l", "k");
    missing.location = None;
    assert_eq!(
        OutputObjects::new(&missing, OutputKind::Snapshots, 1, Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Missing {
            member: "SnapshotConfig.OutputFile.Location"
        }
    );
}

#[test]
fn job_level_errors_name_the_member() {
    let body = br#"{"SnapshotJobList":{"SnapshotJob":[
      {"State":"Success","Count":"3x","SnapshotConfig":{"OutputFile":{"Bucket":"b","Location":"l","Object":"{Count}"}}},
      {"State":"Success","Count":"3"},
      {"State":"Success","Count":3,"TileCount":"","SnapshotConfig":{"OutputFile":{"Bucket":"b","Location":"l","Object":"{Count}"}}},
      {"Count":"3"}]}}"#;
    let Response::Success(r) = decode_response(200, Format::Json, body).unwrap() else {
        panic!()
    };
    let jobs = r.jobs();
    assert_eq!(
        jobs[0].snapshot_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Count {
            member: "Count",
            error: NumericError::NotADigit { at: 1 }
        }
    );
    assert_eq!(
        jobs[1].snapshot_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Missing {
            member: "SnapshotConfig.OutputFile"
        }
    );
    // A bare JSON number is a count as well as a string is.
    assert_eq!(
        jobs[2]
            .snapshot_objects(Numbering::DOCUMENTED)
            .unwrap()
            .count(),
        3
    );
    assert_eq!(
        jobs[2].tile_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Count {
            member: "TileCount",
            error: NumericError::Empty
        }
    );
    assert_eq!(
        jobs[3].snapshot_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::NotSuccess
    );
    let message = jobs[0]
        .snapshot_objects(Numbering::DOCUMENTED)
        .unwrap_err()
        .to_string();
    assert_eq!(message, "Count: character 1 is not a decimal digit");
}

#[test]
fn writing_into_a_full_buffer_fails_without_panicking() {
    let f = file("bucket", "oss-cn-hangzhou", "a/very/long/key-{Count}.jpg");
    let object = OutputObjects::new(&f, OutputKind::Snapshots, 1, Numbering::DOCUMENTED)
        .unwrap()
        .next()
        .unwrap();
    let mut small = heapless::String::<16>::new();
    assert!(object.write_url(&mut small).is_err());
    assert_eq!(object.key_len(), 25);
    let mut exact = heapless::String::<25>::new();
    object.write_key(&mut exact).unwrap();
    assert_eq!(exact, "a/very/long/key-00001.jpg");
    assert_eq!(object.url_len(), object.url().to_string().len());
    let mut one_short = heapless::String::<24>::new();
    assert!(object.write_key(&mut one_short).is_err());
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any key, encoded the way the SDK samples encode it (everything but
        /// unreserved bytes escaped, so `/` and the braces become `%2F`, `%7B`, `%7D`),
        /// decodes back to itself with the placeholder numbered; the URL is the key
        /// encoded again with `/` kept.
        #[test]
        fn encoded_keys_decode_back(
            prefix in "[^{}]{0,12}",
            suffix in "[^{}]{0,12}",
            first in 0u64..1_000_000,
            digits in 0u8..10,
            count in 1u64..4,
        ) {
            let key = format!("{prefix}{{Count}}{suffix}");
            let mut wire = String::new();
            percent::encode(&key, &mut wire).unwrap();
            let f = file("b", "l", &wire);
            let numbering = Numbering::new(first, digits);
            let objects = OutputObjects::new(&f, OutputKind::Snapshots, count, numbering).unwrap();
            for (i, object) in objects.enumerate() {
                let n = format!("{:0width$}", first + i as u64, width = usize::from(digits));
                let expected_key = format!("{prefix}{n}{suffix}");
                prop_assert_eq!(object.key().to_string(), expected_key.clone());
                let mut path = String::new();
                for (j, segment) in expected_key.split('/').enumerate() {
                    if j > 0 {
                        path.push('/');
                    }
                    percent::encode(segment, &mut path).unwrap();
                }
                prop_assert_eq!(object.url().to_string(), format!("https://b.l.aliyuncs.com/{path}"));
            }
        }
    }
}

#[test]
fn the_seed_sample_job_lists_its_one_snapshot_without_a_count() {
    // The MTS documentation's job: `Object` = `example.png`, one snapshot at `Time`, no
    // `Count`. (The JSON sample's object ends in a space; JSON text is not trimmed.)
    for (format, path, key, url) in [
        (
            Format::Json,
            "json/seed.json",
            "example.png ",
            "https://example-001.oss-cn-hangzhou.aliyuncs.com/example.png%20",
        ),
        (
            Format::Xml,
            "xml/seed.xml",
            "example.png",
            "https://example-001.oss-cn-hangzhou.aliyuncs.com/example.png",
        ),
    ] {
        let body = std::fs::read(support::data_dir(path)).unwrap();
        let Response::Success(r) = decode_response(200, format, &body).unwrap() else {
            panic!("{path}: not a success body")
        };
        let [job] = r.jobs() else {
            panic!("{path}: one job expected")
        };
        assert!(job.count.is_none(), "{path}");
        let objects = job.snapshot_objects(Numbering::DOCUMENTED).unwrap();
        assert!(!objects.is_numbered());
        let listed: Vec<_> = objects
            .map(|o| (o.key().to_string(), o.url().to_string()))
            .collect();
        assert_eq!(listed, [(key.to_owned(), url.to_owned())], "{path}");
    }
}

#[test]
fn a_numbered_key_still_needs_its_count() {
    let body = br#"{"SnapshotJobList":{"SnapshotJob":[
      {"State":"Success","SnapshotConfig":{"OutputFile":{"Bucket":"b","Location":"l","Object":"a%7BCount%7D.jpg"}}},
      {"State":"Success","SnapshotConfig":{"OutputFile":{"Bucket":"b","Location":"l","Object":"a.jpg"}},
       "TileCount":"2","TileOutputFile":null},
      {"State":"Success","Count":"0","SnapshotConfig":{"OutputFile":{"Bucket":"b","Location":"l","Object":"a.jpg"}}}]}}"#;
    let Response::Success(r) = decode_response(200, Format::Json, body).unwrap() else {
        panic!()
    };
    let jobs = r.jobs();
    assert_eq!(
        jobs[0].snapshot_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Missing { member: "Count" }
    );
    // One snapshot, no count; no tiling at all.
    assert_eq!(
        keys(jobs[1].snapshot_objects(Numbering::DOCUMENTED).unwrap()),
        ["a.jpg"]
    );
    assert_eq!(
        jobs[1].tile_objects(Numbering::DOCUMENTED).unwrap_err(),
        OutputsError::Missing {
            member: "SnapshotConfig.TileOutputFile"
        }
    );
    // A count of 0 the service states lists nothing.
    assert_eq!(
        jobs[2]
            .snapshot_objects(Numbering::DOCUMENTED)
            .unwrap()
            .count(),
        0
    );
}
