//! The built binary of an example of this crate, for tests that run it as a process.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// The example `name`'s binary, built (`cargo build --example <name>`) once per test
/// run; concurrent callers wait for the one build.
pub fn example_binary(name: &'static str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<&'static str, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    built
        .entry(name)
        .or_insert_with(|| {
            let status = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "--example", name])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success(), "building the {name} example failed");
            // Tests run from target/<profile>/deps; examples live in
            // target/<profile>/examples.
            let exe = std::env::current_exe().unwrap();
            let profile_dir = exe.parent().unwrap().parent().unwrap();
            profile_dir
                .join("examples")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
}
