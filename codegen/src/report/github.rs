//! GitHub workflow commands (`::warning file=..,line=..,title=CODE::message`):
//! findings appear on the changed lines of a pull request with no upload.

use super::Finding;
use crate::diag::Severity;

/// One command a finding; suppressed findings are left out.
pub fn workflow_commands(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings.iter().filter(|f| f.suppressed.is_none()) {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = vec![format!("file={}", property(&f.uri))];
        if f.line > 0 {
            props.push(format!("line={}", f.line));
            props.push(format!("col={}", f.column));
        }
        props.push(format!("title={}", property(&f.code)));
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            data(&f.message)
        ));
    }
    out
}

/// Escapes a command's message (GitHub's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value (GitHub's `escapeProperty`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_their_data_and_properties() {
        let f = Finding {
            code: "unknown-type".into(),
            severity: Severity::Warning,
            message: "50% of `a,b`\nnext".into(),
            uri: "docs/a:b,c.md".into(),
            line: 3,
            column: 1,
            suppressed: None,
            page_key: String::new(),
            new_in_head: None,
        };
        assert_eq!(
            workflow_commands(&[f]),
            "::warning file=docs/a%3Ab%2Cc.md,line=3,col=1,title=unknown-type::50%25 of `a,b`%0Anext\n"
        );
    }
}
