//! Helpers shared by the tests: finding `../shared`, and comparing JSON
//! payloads up to another spelling of the same value.

pub mod corpus;
pub mod fake_drive;
pub mod roundtrip;
pub mod stub_server;

use serde_json::Value;
use std::path::PathBuf;

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` beside the workspace, or `None` after saying loudly that the
/// corpus tests are skipped.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = workspace().join("../shared");
    if dir.join("graph-docs").is_dir() {
        Some(dir)
    } else {
        eprintln!("\n!!! SKIPPED {test}: ../shared/graph-docs is not beside the workspace; the corpus is not tested !!!\n");
        None
    }
}

/// A value read back may spell a date-time, time, duration, GUID or number
/// another way; anything else must be equal.
fn same_scalar(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let num = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        if matches!(a, Value::Number(_)) || matches!(b, Value::Number(_)) {
            return x == y || ((x - y).abs() <= 1e-9 * x.abs().max(y.abs()));
        }
    }
    let (Value::String(x), Value::String(y)) = (a, b) else {
        return false;
    };
    use graphgen_runtime::{DateTimeOffset, Duration, TimeOfDay};
    if let (Some(p), Some(q)) = (DateTimeOffset::parse(x), DateTimeOffset::parse(y)) {
        return p == q;
    }
    if let (Some(p), Some(q)) = (TimeOfDay::parse(x), TimeOfDay::parse(y)) {
        return p == q;
    }
    if let (Some(p), Some(q)) = (Duration::parse(x), Duration::parse(y)) {
        return p.approx_seconds() == q.approx_seconds();
    }
    if let (Ok(p), Ok(q)) = (
        x.parse::<graphgen_runtime::uuid::Uuid>(),
        y.parse::<graphgen_runtime::uuid::Uuid>(),
    ) {
        return p == q;
    }
    false
}

/// The first place where `got` differs from `want` (a JSON path), if any.
pub fn first_difference(want: &Value, got: &Value, path: &str) -> Option<String> {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let here = format!("{path}.{k}");
                match b.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &here) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{here}: missing after the round trip")),
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}.{k}: added by the round trip"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if same_scalar(want, got) => None,
        _ => Some(format!("{path}: {want} came back as {got}")),
    }
}

/// Runs cargo offline in a scratch crate with its own target folder
/// (`--offline` right after the subcommand, before any `--`).
pub fn cargo_offline(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO"))
        .args(&args[..1])
        .arg("--offline")
        .args(&args[1..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
}

/// Percent-decodes a URL part (`%27` → `'`), for comparing requests.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spellings_of_the_same_value_are_equal() {
        assert_eq!(
            first_difference(
                &json!({"a": "2021-01-01T00:00:00.0000000Z"}),
                &json!({"a": "2021-01-01T00:00:00Z"}),
                "$"
            ),
            None
        );
        assert_eq!(
            first_difference(&json!({"a": 1.0}), &json!({"a": 1}), "$"),
            None
        );
        assert_eq!(
            first_difference(&json!({"a": "12"}), &json!({"a": 12}), "$"),
            None
        );
        assert_eq!(
            first_difference(&json!({"a": "PT1H"}), &json!({"a": "PT60M"}), "$"),
            None
        );
        assert!(first_difference(&json!({"a": "x"}), &json!({"a": "y"}), "$").is_some());
        assert!(first_difference(&json!({"a": 1}), &json!({}), "$").is_some());
        assert!(first_difference(&json!({"a": "1"}), &json!({"a": "1.0"}), "$").is_some());
    }
}
