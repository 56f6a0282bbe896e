//! What each diagnostic code means, a small page that triggers it, and how
//! to fix it: one catalog (`explain/codes.md`, a markdown file so that it
//! reads as documentation) that `graphgen explain` prints and the README's
//! table of codes is made from. A test checks that every code of the
//! source's `codes` modules has an entry, and runs each entry's example.

/// The catalog's text.
pub const CATALOG: &str = include_str!("explain/codes.md");

/// One code's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: &'static str,
    /// `error`, `warning` or `note`: the level it is reported at.
    pub severity: &'static str,
    /// The commands that report it.
    pub commands: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The whole entry below its heading, as written.
    pub text: &'static str,
    /// The example's files: (`page`, `old`, `new` or `csdl`, file name, text).
    pub files: Vec<ExampleFile>,
    /// The command line that reproduces it, with `{pages}`, `{old}`,
    /// `{new}`, `{csdl}` and `{out}` for the example's folders and files.
    pub run: Option<&'static str>,
    /// Why no page triggers it, where none does.
    pub no_page: Option<&'static str>,
    pub fix: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFile {
    pub role: &'static str,
    pub name: &'static str,
    pub text: String,
}

/// Every entry, in the catalog's order.
pub fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut start: Option<(usize, &'static str)> = None;
    let mut offset = 0;
    let mut in_block = false;
    for line in CATALOG.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.starts_with("~~~") {
            in_block = trimmed.len() > 3;
        } else if !in_block {
            if let Some(code) = trimmed.strip_prefix("## ") {
                if let Some((from, code)) = start.take() {
                    out.push(entry(code, &CATALOG[from..offset]));
                }
                start = Some((offset + line.len(), code.trim()));
            }
        }
        offset += line.len();
    }
    if let Some((from, code)) = start {
        out.push(entry(code, &CATALOG[from..]));
    }
    out
}

fn entry(code: &'static str, text: &'static str) -> Entry {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head = lines.next().unwrap_or("");
    let (severity, commands) = head.split_once('·').unwrap_or((head, ""));
    let summary = lines.next().unwrap_or("").trim();
    let mut files = Vec::new();
    let mut current: Option<ExampleFile> = None;
    let (mut run, mut no_page, mut fix) = (None, None, "");
    for line in text.lines() {
        if let Some(file) = current.as_mut() {
            if line.trim_end() == "~~~" {
                files.extend(current.take());
            } else {
                file.text.push_str(line);
                file.text.push('\n');
            }
            continue;
        }
        if let Some(info) = line.strip_prefix("~~~") {
            let (role, name) = info.trim().split_once(' ').unwrap_or((info.trim(), ""));
            current = Some(ExampleFile {
                role,
                name: name.trim(),
                text: String::new(),
            });
        } else if let Some(rest) = line.strip_prefix("Run: ") {
            run = Some(rest.trim().trim_matches('`'));
        } else if line.starts_with("No page triggers it") {
            no_page = Some(line.trim());
        } else if let Some(rest) = line.strip_prefix("Fix: ") {
            fix = rest.trim();
        }
    }
    Entry {
        code,
        severity: severity.trim(),
        commands: commands.trim(),
        summary,
        text,
        files,
        run,
        no_page,
        fix,
    }
}

/// The entry of one code.
pub fn find(code: &str) -> Option<Entry> {
    entries().into_iter().find(|e| e.code == code)
}

/// What `graphgen explain CODE` prints.
pub fn render(entry: &Entry) -> String {
    let text = entry.text.trim_start();
    let below_head = text.split_once('\n').map_or("", |(_, rest)| rest);
    format!(
        "{} ({}; reported by {})\n\n{}",
        entry.code, entry.severity, entry.commands, below_head
    )
}

/// The README's table of codes.
pub fn codes_table() -> String {
    let mut out = String::from("| code | level | reported by | meaning |\n|---|---|---|---|\n");
    for e in entries() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            e.code,
            e.severity,
            e.commands,
            e.summary.replace('|', "\\|")
        ));
    }
    out
}
