//! Permissions of the real pages: today's pages in `graph-docs/modern`
//! (tables pulled in by includes) equal to their included tables; every
//! v1.0 method page with a Permissions section read, or an
//! `unreadable-permissions` diagnostic on one of the pages checked by hand;
//! and 30 v1.0 pages drawn with a fixed seed equal to their tables as
//! judged by hand (`fixtures/permissions_30.txt`).

use graphgen::ir::{Grant, Ir, Permissions};
use graphgen_tests::shared_dir;
use std::collections::BTreeMap;

/// One line per entry: `applies-to | W[least]: a+b, c | P: ... | A: ...`
/// (`-` for a kind the page documents nothing readable for, `no` for not
/// supported, `none` for no permission needed).
fn render(p: &Permissions) -> String {
    let grant = |g: &Option<Grant>| match g {
        None => "-".to_string(),
        Some(g) if !g.supported => "no".to_string(),
        Some(g) if g.alternatives.is_empty() => "none".to_string(),
        Some(g) => {
            let alternatives: Vec<String> = g
                .alternatives
                .iter()
                .map(|a| {
                    a.iter()
                        .map(|s| {
                            let mark = if g.marked.contains(s) { "*" } else { "" };
                            format!("{s}{mark}")
                        })
                        .collect::<Vec<_>>()
                        .join("+")
                })
                .collect();
            format!("[{}] {}", g.least_privileged, alternatives.join(", "))
        }
    };
    format!(
        "{} | W: {} | P: {} | A: {}",
        p.applies_to.as_deref().unwrap_or("(page)"),
        grant(&p.delegated_work),
        grant(&p.delegated_personal),
        grant(&p.application)
    )
}

fn by_page(ir: &Ir) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in &ir.operations {
        let lines = out.entry(o.source.path.clone()).or_default();
        if lines.is_empty() {
            lines.extend(o.permissions.iter().map(render));
        }
    }
    out
}

#[test]
fn todays_pages_read_their_permissions_from_includes() {
    let Some(shared) = shared_dir("todays_pages_read_their_permissions_from_includes") else {
        return;
    };
    let modern = shared.join("graph-docs/modern/v1.0");
    let ir = graphgen::ir_from_paths(std::slice::from_ref(&modern));
    let again = graphgen::ir_from_paths(std::slice::from_ref(&modern));
    assert_eq!(
        ir.to_json(),
        again.to_json(),
        "byte-identical from run to run"
    );
    let expected = [
        ("api/agentidentity-get.md", "(page) | W: [1] AgentIdentity.Read.All, Application.Read.All | P: no | A: [2] AgentIdentity.Read.All, AgentIdentity.CreateAsManager, Application.Read.All", "includes/permissions/agentidentity-get-permissions.md"),
        ("api/agentidentity-list.md", "(page) | W: [1] AgentIdentity.Read.All, AgentIdentity.ReadWrite.All | P: no | A: [1] AgentIdentity.Read.All, AgentIdentity.ReadWrite.All", "includes/permissions/agentidentity-list-permissions.md"),
        ("api/channel-get.md", "(page) | W: [1] Channel.ReadBasic.All, ChannelSettings.ReadWrite.All, ChannelSettings.Read.All, Directory.Read.All, Directory.ReadWrite.All, Group.Read.All, Group.ReadWrite.All | P: no | A: [1] ChannelSettings.Read.Group, ChannelSettings.ReadWrite.Group, Channel.ReadBasic.All, ChannelSettings.Read.All, ChannelSettings.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All, Group.Read.All, Group.ReadWrite.All", "includes/permissions/channel-get-permissions.md"),
        ("api/drive-recent.md", "(page) | W: [1] Files.Read, Files.Read.All, Files.ReadWrite, Files.ReadWrite.All, Sites.Read.All, Sites.ReadWrite.All | P: [1] Files.Read, Files.Read.All, Files.ReadWrite, Files.ReadWrite.All | A: no", "includes/permissions/drive-recent-permissions.md"),
    ];
    let read = by_page(&ir);
    for (page, entry, include) in expected {
        assert_eq!(
            read.get(page).map(Vec::as_slice),
            Some([entry.to_string()].as_slice()),
            "{page}"
        );
        let op = ir
            .operations
            .iter()
            .find(|o| o.source.path == page)
            .unwrap();
        assert_eq!(
            op.permissions[0].source.path, include,
            "{page}: the table's file"
        );
        assert_eq!(
            op.permissions[0].source.line, 7,
            "{page}: the table's first row"
        );
    }
    let on_includes: Vec<_> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("include-") || d.code.contains("permission"))
        .collect();
    assert!(on_includes.is_empty(), "{on_includes:?}");
}

/// The pages whose Permissions section gives nothing readable, each
/// checked by hand: prose, a bulleted list by resource, or cells that
/// name roles instead of permissions.
const UNREADABLE: &[&str] = &[
    "api/print-list-services.md",
    "api/printservice-get.md",
    "api/printservice-list-endpoints.md",
    "api/printserviceendpoint-get.md",
    "api/profilephoto-update.md",
];

/// Pages whose Permissions table names roles instead of permissions: each
/// such cell is its own finding (`unreadable-permission-cell`).
const UNREADABLE_CELLS: &[&str] = &["api/subscription-list.md"];

#[test]
fn every_v1_permissions_section_is_read_or_said_unreadable() {
    let Some(shared) = shared_dir("every_v1_permissions_section_is_read_or_said_unreadable") else {
        return;
    };
    let v1 = shared.join("graph-docs/v1.0");
    let ir = graphgen::ir_from_paths(std::slice::from_ref(&v1));
    let unreadable: Vec<&str> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "unreadable-permissions")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(unreadable, UNREADABLE);
    let mut with_section = 0;
    let mut unread = Vec::new();
    for (page, entries) in by_page(&ir) {
        let text = std::fs::read_to_string(v1.join(&page)).unwrap();
        let has_section = text.lines().any(|l| {
            let l = l.trim().to_ascii_lowercase();
            l.starts_with('#') && l.trim_start_matches('#').trim().starts_with("permission")
        });
        if !has_section {
            continue;
        }
        with_section += 1;
        let read = entries
            .iter()
            .any(|e| e.contains(": [") || e.contains(": no") || e.contains(": none"));
        let said = UNREADABLE.contains(&page.as_str())
            || (UNREADABLE_CELLS.contains(&page.as_str())
                && ir
                    .diagnostics
                    .iter()
                    .any(|d| d.code == "unreadable-permission-cell" && d.path == page.as_str()));
        if !read && !said {
            unread.push(page);
        }
    }
    assert!(
        with_section > 1300,
        "{with_section} pages with a Permissions section"
    );
    assert!(unread.is_empty(), "read nothing, said nothing: {unread:?}");
}

/// A small xorshift generator: the draw must not depend on a crate's
/// algorithm changing.
fn draw(n: usize, count: usize, mut seed: u64) -> Vec<usize> {
    let mut picked = Vec::new();
    while picked.len() < count.min(n) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let i = (seed % n as u64) as usize;
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked
}

/// The seed of the hand-checked draw.
const SEED: u64 = 18;

#[test]
fn thirty_pages_drawn_at_random_equal_their_tables() {
    let Some(shared) = shared_dir("thirty_pages_drawn_at_random_equal_their_tables") else {
        return;
    };
    let v1 = shared.join("graph-docs/v1.0");
    let ir = graphgen::ir_from_paths(std::slice::from_ref(&v1));
    let read = by_page(&ir);
    let pages: Vec<&String> = read.keys().filter(|p| !read[*p].is_empty()).collect();
    let mut got = String::new();
    for i in draw(pages.len(), 30, SEED) {
        got.push_str(&format!("{}\n", pages[i]));
        for entry in &read[pages[i]] {
            got.push_str(&format!("  {entry}\n"));
        }
    }
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/permissions_30.txt");
    if std::env::var_os("GRAPHGEN_WRITE_DRAW").is_some() {
        // To check a new draw by hand: writes what is read, to be judged
        // against the pages before it is committed.
        std::fs::write(&fixture, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&fixture).unwrap_or_default();
    let expected: String = expected
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        got,
        expected,
        "the draw or its reading changed (fixture: {})",
        fixture.display()
    );
}
