//! The request fixture of the allocation proofs: ten job ids (the most one
//! `QuerySnapshotJobList` takes) and an STS token full of reserved characters.
//! Included by path (`#[path]`) from `tests/signing_no_alloc.rs` and
//! `tests/verify_no_alloc.rs`.
#![allow(dead_code)]

/// Ten 32-hex job ids.
pub const IDS: [&str; 10] = [
    "88c6ca184c0e47098a5b665e2a126790",
    "88c6ca184c0e47098a5b665e2a126791",
    "88c6ca184c0e47098a5b665e2a126792",
    "88c6ca184c0e47098a5b665e2a126793",
    "88c6ca184c0e47098a5b665e2a126794",
    "88c6ca184c0e47098a5b665e2a126795",
    "88c6ca184c0e47098a5b665e2a126796",
    "88c6ca184c0e47098a5b665e2a126797",
    "88c6ca184c0e47098a5b665e2a126798",
    "88c6ca184c0e47098a5b665e2a126799",
];

/// An STS token that needs percent-encoding (`+`, `/`, `=`, `&`, `~`, space).
pub const TOKEN: &str = "CAIS+token/with=reserved&chars~and a space";
