//! `lint --baseline OLD`: only what a change brings. The base's findings
//! (from its pages, linted the same way, or from the SARIF log of their
//! lint) are matched with the head's by a fingerprint over the code, the
//! page's path in its input folder and what the message is about (line
//! numbers aside), so a finding on a line that moved stays matched.

use crate::diag::Diagnostic;
use std::collections::BTreeSet;
use std::path::Path;

/// The fingerprints of the base's findings.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    keys: BTreeSet<String>,
}

impl Baseline {
    pub fn from_findings(findings: &[Diagnostic]) -> Baseline {
        Baseline {
            keys: crate::report::page_keys(findings).into_iter().collect(),
        }
    }

    /// A SARIF log written by `graphgen lint --format sarif`.
    pub fn from_sarif(text: &str) -> Result<Baseline, String> {
        let log: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a SARIF log: {e}"))?;
        let runs = log
            .get("runs")
            .and_then(|r| r.as_array())
            .ok_or("not a SARIF log: no `runs`")?;
        let keys = runs
            .iter()
            .filter_map(|run| run.get("results")?.as_array())
            .flatten()
            .filter_map(|r| {
                r.get("partialFingerprints")?
                    .get(crate::report::PAGE_FINGERPRINT_KEY)?
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        Ok(Baseline { keys })
    }

    /// Whether a file is a SARIF log rather than pages.
    pub fn is_sarif_file(path: &Path) -> bool {
        path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("sarif") || e.eq_ignore_ascii_case("json"))
    }

    /// For each finding of the head, whether the base lacks it.
    pub fn new_in_head(&self, head: &[Diagnostic]) -> Vec<bool> {
        crate::report::page_keys(head)
            .into_iter()
            .map(|k| !self.keys.contains(&k))
            .collect()
    }
}
