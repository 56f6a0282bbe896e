//! The snippets of `graphgen snippets` in the corpus harness: each one's
//! statements in a function that returns what its call builds, and the
//! report of how many build their example's call.

use super::request_difference;
use serde_json::Value;

/// The harness module of the snippets: each one's statements in a function
/// that returns what its call builds.
pub fn snippet_module(snippets: &[graphgen::emit::snippets::Snippet]) -> String {
    let mut table = String::new();
    let mut fns = String::new();
    for (n, s) in snippets.iter().enumerate() {
        table.push_str(&format!(
            "        super::SnippetCase {{ page: {:?}, line: {}, method: {:?}, url: {:?}, body: {}, build: snippet_{n} }},\n",
            s.page,
            s.line,
            s.method,
            s.url,
            s.body.as_ref().map_or("None".to_string(), |b| format!("Some({b:?})"))
        ));
        let body: String = s
            .code
            .lines()
            .map(|l| match l {
                "" => "\n".to_string(),
                l => format!("    {l}\n"),
            })
            .collect();
        fns.push_str(&format!(
            "\nfn snippet_{n}(base: &str) -> super::Built {{\n{body}    super::built(call, base)\n}}\n"
        ));
    }
    format!("// The snippets of `graphgen snippets`, each building its call.\n\npub fn snippets() -> Vec<super::SnippetCase> {{\n    vec![\n{table}    ]\n}}\n{fns}")
}

/// How many request examples have a snippet, and whether each snippet's
/// call is the example's (the rebuild's comparison).
pub fn snippets_report(rows: &[Value], without: &[(String, usize, String)]) {
    let (mut differ, mut contradicted) = (Vec::new(), Vec::new());
    let mut equal = 0;
    for row in rows {
        let place = format!("{}:{}", row["page"].as_str().unwrap_or(""), row["line"]);
        if let Some(e) = row["error"].as_str() {
            differ.push(format!("{place}: {e}"));
            continue;
        }
        match request_difference(row) {
            None => equal += 1,
            // The page's own HTTP request block names another method.
            Some(d) if d.starts_with("method") => contradicted.push(format!("{place}: {d}")),
            Some(d) => differ.push(format!("{place}: {d}")),
        }
    }
    eprintln!(
        "snippets: {} request examples with a Rust snippet, all compiling with no warning; {equal} build the example's call; {} examples contradict their page's request; {} differ; {} matched a call but have no snippet",
        rows.len(),
        contradicted.len(),
        differ.len(),
        without.len()
    );
    for line in &contradicted {
        eprintln!("   example contradicts its page's request: {line}");
    }
    for line in differ.iter().take(200) {
        eprintln!("   snippet differs: {line}");
    }
    for (page, line, why) in without.iter().take(100) {
        eprintln!("   no snippet: {page}:{line}: {why}");
    }
    assert!(rows.len() >= 1307, "only {} snippets", rows.len());
    assert!(
        equal >= 1307,
        "only {equal} snippets build their example's call"
    );
    assert!(
        differ.is_empty(),
        "snippets that build another call than their example's"
    );
}
