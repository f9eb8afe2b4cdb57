//! `mts decode`: not implemented yet.

use std::process::ExitCode;

/// Prints an error object and fails.
pub fn run(_args: &[String]) -> ExitCode {
    println!(r#"{{"outcome":"error","message":"decode is not implemented yet"}}"#);
    ExitCode::from(1)
}
