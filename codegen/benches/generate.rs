//! `graphgen generate` as a user runs it: the release binary's wall time
//! (best of 3) and peak memory (each run's max RSS, from `wait4`), over the
//! v1.0 resources and over a synthetic set of 2,935 pages (the size of the
//! 2021 beta resources: v1.0, a full copy and a partial copy, each copy in
//! a namespace of its own). Run: `cargo bench -p graphgen --bench generate`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SYNTHETIC_PAGES: usize = 2_935;

fn main() {
    let resources =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs/v1.0/resources");
    if !resources.is_dir() {
        eprintln!("!!! ../shared/graph-docs/v1.0 is missing: nothing to benchmark !!!");
        return;
    }
    let Ok(work) = tempfile::tempdir() else {
        eprintln!("no temporary folder");
        return;
    };
    let synthetic = work.path().join("synthetic");
    let pages = synthesize(&resources, &synthetic);
    println!(
        "{:<44} {:>10} {:>12} {:>22}",
        "generate", "wall best", "peak RSS", "required"
    );
    let out = work.path().join("out");
    report(
        "v1.0 resources (1,239 pages)",
        &resources,
        &out,
        "<= 0.35 s, <= 120 MB",
    );
    report(
        &format!("synthetic ({pages} pages)"),
        &synthetic,
        &out,
        "<= 0.80 s, <= 250 MB",
    );
}

fn report(what: &str, input: &Path, out: &Path, required: &str) {
    let mut best = Duration::MAX;
    let mut peak_kb = 0;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(out);
        match run(input, out) {
            Some((wall, kb)) => {
                best = best.min(wall);
                peak_kb = peak_kb.max(kb);
            }
            None => {
                eprintln!("graphgen generate failed on {}", input.display());
                return;
            }
        }
    }
    println!(
        "{what:<44} {:>8.3} s {:>9.1} MB {required:>22}",
        best.as_secs_f64(),
        peak_kb as f64 / 1024.0
    );
}

/// One run of the binary: its wall time and peak RSS in KiB.
fn run(input: &Path, out: &Path) -> Option<(Duration, i64)> {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(["generate", "--quiet", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .spawn()
        .ok()?;
    let pid = i32::try_from(child.id()).ok()?;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers to locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    // `graphgen generate` exits 1 when the pages have error diagnostics.
    let exited = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1;
    exited.then_some((wall, usage.ru_maxrss))
}

/// v1.0, then copies of it with `microsoft.graph` renamed, up to the size
/// asked. Returns the number of pages written.
fn synthesize(resources: &Path, to: &Path) -> usize {
    let mut files: Vec<PathBuf> = std::fs::read_dir(resources)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    let mut written = 0;
    for copy in 0.. {
        let folder = to.join(format!("copy{copy}"));
        if std::fs::create_dir_all(&folder).is_err() {
            return written;
        }
        for file in &files {
            if written == SYNTHETIC_PAGES {
                return written;
            }
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let text = match copy {
                0 => text,
                n => rename_namespace(&text, &format!("microsoft.graph.copy{n}")),
            };
            if let Some(name) = file.file_name() {
                if std::fs::write(folder.join(name), text).is_ok() {
                    written += 1;
                }
            }
        }
    }
    written
}

/// `microsoft.graph` as a whole name (not `microsoft.graphX`) → `to`.
fn rename_namespace(text: &str, to: &str) -> String {
    const FROM: &str = "microsoft.graph";
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    let mut rest = text;
    while let Some(at) = rest.find(FROM) {
        let after = &rest[at + FROM.len()..];
        let whole = !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { FROM });
        rest = after;
    }
    out.push_str(rest);
    out
}
