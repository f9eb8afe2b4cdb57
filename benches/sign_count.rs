//! The cases of `benches/sign.rs`, run a fixed number of times, for counting
//! instructions with callgrind (stable where wall-clock timings drift):
//!
//! ```sh
//! cargo bench --manifest-path benches/Cargo.toml --bench sign_count --no-run  # prints the path
//! valgrind --tool=callgrind --toggle-collect='sign_count::run' \
//!     benches/target/release/deps/sign_count-* v1-sign 1000
//! ```
//!
//! Only `run` is counted (set-up and checks are not); divide the total by the count.
//! (Valgrind does not emulate the SHA extensions, so under callgrind the hashes run
//! RustCrypto's portable code: compare the instructions outside `compress`.)
//!
//! `sign_count time CASE...` instead times each case natively: the fastest of many
//! short batches, which a loaded machine disturbs less than a mean.
//! `sign_count ratio [ROUNDS]` times sign and floor back to back in each round and
//! prints the ratio's median, minimum and maximum (see `ratio`).
//! Cases: `v1-floor`, `v1-sign`, `v1-build-sign` (the request built from the ids,
//! then signed), `v1-query`, `v1-hand` (the hand-written bound), `v1-baseline`,
//! `v3-floor`, `v3-sign` (pre-keyed `V3Credentials`), `v3-sign-keying` (plain
//! `Credentials`, keyed per call), `v3-write`, `v3-hand` (the hand-written bound).
//! Without arguments it runs each case once (so `cargo bench` finishes).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

mod sign_cases;
use sign_cases::{V1, V3};

/// Runs `f` `n` times; the only function callgrind counts.
#[inline(never)]
fn run<R>(n: usize, mut f: impl FnMut() -> R) {
    for _ in 0..n {
        black_box(f());
    }
}

fn case(name: &str, n: usize) {
    match name {
        "v1-floor" | "v1-sign" | "v1-build-sign" | "v1-query" | "v1-hand" | "v1-baseline" => {
            let case = V1::new();
            let mut out = heapless::String::<2048>::new();
            match name {
                "v1-floor" => run(n, || case.floor()),
                "v1-sign" => run(n, || case.sign_only()),
                "v1-build-sign" => run(n, || case.build_and_sign()),
                "v1-query" => run(n, || case.sign_and_query(&mut out)),
                "v1-hand" => run(n, || case.hand_written()),
                _ => run(n, || case.baseline()),
            }
        }
        "v3-floor" | "v3-sign" | "v3-sign-keying" | "v3-write" | "v3-hand" => {
            let case = V3::new();
            let mut out = heapless::String::<2048>::new();
            match name {
                "v3-floor" => run(n, || case.floor()),
                "v3-sign" => run(n, || case.sign().signature().len()),
                "v3-sign-keying" => run(n, || case.sign_keying().signature().len()),
                "v3-hand" => run(n, || case.hand_written()),
                _ => run(n, || case.sign_and_write(&mut out)),
            }
        }
        other => panic!("unknown case {other}"),
    }
}

/// The fastest of `batches` batches of `n` runs, in nanoseconds per run.
fn fastest<R>(batches: usize, n: usize, mut f: impl FnMut() -> R) -> f64 {
    (0..batches)
        .map(|_| {
            let start = std::time::Instant::now();
            for _ in 0..n {
                black_box(f());
            }
            start.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn time(names: &[String]) {
    let v1 = V1::new();
    let v3 = V3::new();
    let mut out = heapless::String::<2048>::new();
    for name in names {
        let ns = match name.as_str() {
            "v1-floor" => fastest(300, 100, || v1.floor()),
            "v1-sign" => fastest(300, 100, || v1.sign_only()),
            "v1-build-sign" => fastest(300, 100, || v1.build_and_sign()),
            "v1-query" => fastest(300, 100, || v1.sign_and_query(&mut out)),
            "v1-hand" => fastest(300, 100, || v1.hand_written()),
            "v1-baseline" => fastest(100, 20, || v1.baseline()),
            "v3-floor" => fastest(300, 100, || v3.floor()),
            "v3-sign" => fastest(300, 100, || v3.sign().signature().len()),
            "v3-sign-keying" => fastest(300, 100, || v3.sign_keying().signature().len()),
            "v3-write" => fastest(300, 100, || v3.sign_and_write(&mut out)),
            "v3-hand" => fastest(300, 100, || v3.hand_written()),
            other => panic!("unknown case {other}"),
        };
        println!("{name} {ns:.0} ns");
    }
}

/// Sign time over floor time, each round timing the two back to back (the fastest
/// of 20 batches of 100 each), so that both see the same machine: on the VM these
/// benches were written on, the signer's speed changes over seconds while the
/// floor's does not, and ratios of separate means swing with it. Prints the median,
/// the minimum and the maximum over `rounds` rounds.
fn ratio(rounds: usize) {
    let v1 = V1::new();
    let v3 = V3::new();
    let mut r1 = Vec::with_capacity(rounds);
    let mut hand = Vec::with_capacity(rounds);
    let mut r3 = Vec::with_capacity(rounds);
    let mut hand3 = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let floor = fastest(20, 100, || v1.floor());
        r1.push(fastest(20, 100, || v1.sign_only()) / floor);
        hand.push(fastest(20, 100, || v1.hand_written()) / floor);
        let floor = fastest(20, 100, || v3.floor());
        r3.push(fastest(20, 100, || v3.sign().signature().len()) / floor);
        hand3.push(fastest(20, 100, || v3.hand_written()) / floor);
    }
    for (name, mut r) in [
        ("v1 sign/floor", r1),
        ("v1 hand-written bound/floor", hand),
        ("v3 sign/floor", r3),
        ("v3 hand-written bound/floor", hand3),
    ] {
        r.sort_by(f64::total_cmp);
        let at = |q: f64| r[((r.len() - 1) as f64 * q) as usize];
        println!(
            "{name}: median {:.3}, min {:.3}, max {:.3} ({rounds} rounds)",
            at(0.5),
            at(0.0),
            at(1.0)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "time") {
        return time(args.get(1..).unwrap_or_default());
    }
    if args.first().is_some_and(|a| a == "ratio") {
        let rounds = args.get(1).map_or(200, |n| n.parse().unwrap()).max(1);
        return ratio(rounds);
    }
    // `cargo bench` passes `--bench`; run every case once then.
    match args.first().map(String::as_str) {
        Some(name) if !name.starts_with('-') => {
            let n = args.get(1).map_or(1000, |n| n.parse().unwrap());
            case(name, n);
        }
        _ => {
            for name in [
                "v1-floor",
                "v1-sign",
                "v1-build-sign",
                "v1-query",
                "v1-hand",
                "v1-baseline",
                "v3-floor",
                "v3-sign",
                "v3-sign-keying",
                "v3-write",
                "v3-hand",
            ] {
                case(name, 1);
            }
        }
    }
}
