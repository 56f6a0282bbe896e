//! Bad input at the edges: names that are not names, and files that are
//! not pages (not UTF-8, empty, huge, links out of the input or in a loop).
//! Each gives a diagnostic with a stable code, and the other pages are read.

use graphgen::ir::Ir;
use graphgen::{ir_from_paths, ir_from_sources};

const GOOD: &str = "# good resource type\n\nNamespace: microsoft.graph\n\nA good type.\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| a | String | A. |\n";

fn has(ir: &Ir, code: &str, path: &str) -> bool {
    ir.diagnostics
        .iter()
        .any(|d| d.code == code && d.path.ends_with(path))
}

fn page(heading: &str, namespace: &str, odata: &str) -> String {
    format!("# {heading} resource type\n\nNamespace: {namespace}\n\nA type.\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| a | String | A. |\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"{odata}\" }} -->\n```json\n{{}}\n```\n\n### 3d values\n\n| Member |\n|--|\n| x |\n")
}

#[test]
fn names_that_are_not_names() {
    let bad_ns = page("thing", "../../x", "microsoft.graph.thing");
    let bad_odata = page("other", "microsoft.graph", "microsoft..graph.other thing");
    let bad_heading = "# foo-bar resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| a | String | A. |\n";
    let ir = ir_from_sources([
        ("thing.md", bad_ns.as_str()),
        ("other.md", bad_odata.as_str()),
        ("foo.md", bad_heading),
        ("good.md", GOOD),
    ]);
    assert!(has(&ir, "invalid-namespace", "thing.md"));
    // Read in the default namespace, not a rewritten `../../x`.
    assert!(ir.find("microsoft.graph.thing").is_some());
    assert!(has(&ir, "invalid-type-name", "other.md"));
    assert!(
        ir.find("microsoft.graph.other").is_some(),
        "the heading names the type"
    );
    assert!(has(&ir, "invalid-type-name", "foo.md"));
    assert!(ir.types.iter().all(|t| t.name != "foo-bar"));
    // `### 3d values`: not an enum name.
    assert!(ir.types.iter().all(|t| t.name != "3d"));
    assert!(ir.find("microsoft.graph.good").is_some());
}

#[test]
fn files_that_are_not_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pages");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("good.md"), GOOD).unwrap();
    std::fs::write(root.join("latin1.md"), b"# caf\xe9 resource type\n").unwrap();
    std::fs::write(root.join("empty.md"), "").unwrap();
    // A 50 MB page.
    let huge = GOOD.repeat(50 * 1024 * 1024 / GOOD.len() + 1);
    std::fs::write(root.join("huge.md"), huge).unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), GOOD.replace("good", "secret")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("secret.md"), root.join("link.md")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("outside-dir")).unwrap();
        // A link back up: walking it must not loop.
        std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
    }
    let ir = ir_from_paths(&[root]);
    assert!(has(&ir, "not-utf8", "latin1.md"));
    assert!(has(&ir, "empty-file", "empty.md"));
    assert!(has(&ir, "file-too-large", "huge.md"));
    #[cfg(unix)]
    {
        assert!(has(&ir, "outside-input", "link.md"));
        assert!(has(&ir, "outside-input", "outside-dir"));
        assert!(
            ir.find("microsoft.graph.secret").is_none(),
            "a page outside the input is not read"
        );
    }
    assert!(
        ir.find("microsoft.graph.good").is_some(),
        "the other pages are still read"
    );
}
