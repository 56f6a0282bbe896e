//! Type and operation selection, product-area features, and deterministic
//! parallel emission, over docs-input/.

use graphgen::emit::{emit, emit_all, EmitOptions, GeneratedFile};
use graphgen::ir::Ir;
use graphgen::select::{select, Selection};
use std::collections::BTreeSet;
use std::path::Path;

fn docs_input() -> Ir {
    graphgen::ir_from_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input")])
}

fn names(ir: &Ir) -> BTreeSet<String> {
    ir.types.iter().map(|t| t.qualified_name()).collect()
}

fn selection(types: &[&str], operations: &[&str], navigation: bool) -> Selection {
    Selection {
        types: types.iter().map(|s| s.to_string()).collect(),
        operations: operations.iter().map(|s| s.to_string()).collect(),
        navigation,
    }
}

fn all_text(files: &[GeneratedFile]) -> String {
    files.iter().map(|f| f.contents.as_str()).collect()
}

#[test]
fn a_type_brings_what_it_needs_and_not_its_navigation_targets() {
    let ir = docs_input();
    let mut diags = Vec::new();
    let selected = select(
        &ir,
        &selection(&["microsoft.graph.book"], &[], false),
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:?}");
    let kept = names(&selected.ir);
    for needed in [
        "microsoft.graph.book",
        "microsoft.graph.libraryItem",           // base type
        "microsoft.graph.entity",                // its base
        "microsoft.graph.bookFormat",            // property type
        "microsoft.graph.option",                // property type
        "microsoft.graph.loanState",             // a property of a property's type
        "microsoft.graph.resultInfo",            // likewise
        "microsoft.graph.library.shelfLocation", // another namespace
        "microsoft.graph.itemStatus",            // an inherited property's type
    ] {
        assert!(kept.contains(needed), "{needed} missing from {kept:?}");
    }
    // `libraryItem.parent` is a navigation property to `folder`.
    assert!(!kept.contains("microsoft.graph.folder"), "{kept:?}");
    assert!(!kept.contains("microsoft.graph.playPromptOperation"));
    assert!(selected.ir.operations.is_empty());
    assert!(selected.left_out.contains("microsoft.graph.folder"));

    // The navigation property is raw JSON, without a warning for it.
    let mut options = EmitOptions::new();
    options.selection = selection(&["microsoft.graph.book"], &[], false);
    let (files, diags) = emit(&ir, &options);
    assert!(
        !diags.iter().any(|d| d.code == "type-not-emitted"),
        "{diags:?}"
    );
    let text = all_text(&files);
    assert!(text.contains("pub struct Book "), "{text}");
    assert!(!text.contains("pub struct Folder "));
    assert!(
        text.contains(
            "pub parent: ::graphgen_runtime::Nullable<::graphgen_runtime::serde_json::Value>"
        ),
        "{text}"
    );
}

#[test]
fn navigation_can_be_followed() {
    let ir = docs_input();
    let selected = select(
        &ir,
        &selection(&["microsoft.graph.book"], &[], true),
        &mut Vec::new(),
    );
    assert!(names(&selected.ir).contains("microsoft.graph.folder"));
}

#[test]
fn operations_are_selected_by_path_prefix_or_name_and_bring_their_types() {
    let ir = docs_input();
    let mut diags = Vec::new();
    let selected = select(
        &ir,
        &selection(&[], &["/folders", "book: checkOut"], false),
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:?}");
    let ops: Vec<&str> = selected
        .ir
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(
        ops,
        [
            "book: checkOut",
            "Get book",
            "Create book",
            "folder: search"
        ]
    );
    let kept = names(&selected.ir);
    assert!(kept.contains("microsoft.graph.folder"), "{kept:?}");
    assert!(kept.contains("microsoft.graph.book"), "{kept:?}");
}

#[test]
fn an_unknown_name_is_an_error_naming_the_closest() {
    let ir = docs_input();
    let mut diags = Vec::new();
    let selected = select(
        &ir,
        &selection(
            &["microsoft.graph.bok", "microsoft.graph.book"],
            &["/nowhere"],
            false,
        ),
        &mut diags,
    );
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert_eq!(diags[0].code, "selection-not-found");
    assert!(
        diags[0].message.contains("`microsoft.graph.book`"),
        "{}",
        diags[0].message
    );
    assert_eq!(diags[1].code, "selection-not-found");
    // The rest of the selection still applies.
    assert!(names(&selected.ir).contains("microsoft.graph.book"));
}

#[test]
fn area_features_gate_types_and_navigation_fields_and_list_the_features() {
    let ir = docs_input();
    let mut options = EmitOptions::new();
    options.area_features = true;
    let emitted = emit_all(&ir, &options);
    let features: Vec<(&str, Vec<&str>)> = emitted
        .features
        .iter()
        .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        features,
        [
            ("default", vec!["full"]),
            ("directory", vec![]),
            ("files", vec![]),
            (
                "full",
                vec![
                    "directory",
                    "files",
                    "general",
                    "groups",
                    "library",
                    "microsoft-teams",
                    "outlook",
                    "users"
                ]
            ),
            ("general", vec![]),
            ("groups", vec![]),
            ("library", vec![]),
            ("microsoft-teams", vec![]),
            ("outlook", vec![]),
            ("users", vec![]),
        ]
    );
    let text = all_text(&emitted.files);
    // `resultInfo` (no area) is needed by `playPromptOperation` and by
    // `option`, itself needed by `book`.
    let at = text.find("pub struct ResultInfo").unwrap();
    let before = &text[..at];
    let attrs = &before[before.rfind("\n\n").unwrap()..];
    assert!(
        attrs.contains("#[cfg(any(feature = \"general\", feature = \"library\", feature = \"microsoft-teams\"))]"),
        "{attrs}"
    );
    // `folder.children` (navigation, to `libraryItem` of `library`) needs
    // no gate: whatever compiles `folder` compiles `libraryItem`. The
    // playPrompt operation's struct is only compiled by its own area.
    let at = text.find("pub struct PlayPromptOperation").unwrap();
    let before = &text[..at];
    let attrs = &before[before.rfind("\n\n").unwrap()..];
    assert!(
        attrs.contains("#[cfg(feature = \"microsoft-teams\")]"),
        "{attrs}"
    );
    // Without features, none of this.
    let (plain, _) = emit(&ir, &EmitOptions::new());
    assert!(!all_text(&plain).contains("#[cfg("));
    // The include file nests each area's module and re-exports it.
    let lib = emitted.files.iter().find(|f| f.name == "lib.rs").unwrap();
    assert!(
        lib.contents
            .contains("#[cfg(feature = \"library\")]\n    #[rustfmt::skip]\n    pub use self::area_library::*;"),
        "{}",
        lib.contents
    );
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let ir = docs_input();
    let mut options = EmitOptions::new();
    options.area_features = true;
    let with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| emit(&ir, &options).0)
    };
    let one = with(1);
    assert_eq!(one, with(4));
    assert_eq!(one, with(4));
}
