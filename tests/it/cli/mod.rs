//! The `mts` example binary end to end, run as a process: `mts decode` and `mts sign`.
//! Each test spawns processes (cargo, the built example, `sh`), which WASI cannot: they
//! are ignored there.

mod decode;
mod sign;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use crate::support::example_binary::example_binary;

/// Runs the `mts` example with `args` and, on top of an environment without the
/// credential variables, `env`, feeding it `stdin`. The CLI does not read stdin when its
/// arguments are wrong, so the pipe may close before everything is written: a broken
/// pipe is not a failure.
fn run(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = Command::new(example_binary("mts"))
        .args(args)
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    child.wait_with_output().unwrap()
}
