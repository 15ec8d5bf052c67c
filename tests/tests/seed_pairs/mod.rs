//! The seed pairs' list of differences (`tests/fixtures/diff/seeds/expected.json`) and the rows
//! of a diff's JSON form, in one comparable shape: shared by the tests of `cargo xtask diff` and
//! of `cargo xtask import`.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// (service, operation, side, path, change, enum value) of a row or an expected item.
pub type Key = (String, String, String, String, String, String);

fn key(row: &Value) -> Key {
    let text = |key: &str| row[key].as_str().unwrap_or_default().to_owned();
    (
        text("service"),
        text("operation"),
        text("side"),
        text("path"),
        text("change"),
        text("value"),
    )
}

/// Every row of a diff's JSON form (`codegen::diff::render_json`).
pub fn rows(json: &str) -> BTreeSet<Key> {
    let rows: Vec<Value> = serde_json::from_str(json).expect("the JSON form parses");
    rows.iter().map(key).collect()
}

/// Every difference of the two seed pairs, or only those their pages' Changes blocks list.
pub fn expected(in_changes_block_only: bool) -> BTreeSet<Key> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff/seeds/expected.json");
    let text = std::fs::read_to_string(path).expect("readable");
    let items: Vec<Value> = serde_json::from_str(&text).expect("parses");
    items
        .iter()
        .filter(|item| !in_changes_block_only || item["in_changes_block"] == Value::Bool(true))
        .map(key)
        .collect()
}
