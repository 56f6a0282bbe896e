//! `graphgen snippets` over docs-input: a snippet for every request
//! example, written as a person writes it, and `generate` puts them in the
//! calls' rustdoc (where `cargo test --doc` compiles them).

use graphgen_tests::workspace;

fn docs_input_ir() -> graphgen::ir::Ir {
    graphgen::ir_from_paths(&[workspace().join("docs-input")])
}

#[test]
fn every_request_example_has_a_snippet_with_use_lines_variables_and_setters() {
    let made = graphgen::emit::snippets(&docs_input_ir(), "models");
    assert_eq!(made.snippets.len(), 16, "{:?}", made.without);
    assert!(made.without.is_empty());
    let checkout = made
        .snippets
        .iter()
        .find(|s| s.page.ends_with("book-checkout.md"))
        .expect("the checkOut example");
    assert_eq!(
        checkout.code,
        r#"use graphgen_runtime::DateTimeOffset;
use models::calls::{BookCheckOutParameters, Graph};
use models::microsoft_graph::BookFormat;

let book_id = "b1";
let parameters = BookCheckOutParameters::default()
    .due_date_time(
        DateTimeOffset::parse("2021-08-01T12:00:00Z").expect("a date-time"),
    )
    .formats([BookFormat::Hardcover])
    .note("Mind the cover.");
let call = Graph::new().books().by_id(book_id).check_out(&parameters);
"#
    );
    let upload = made
        .snippets
        .iter()
        .find(|s| s.page.ends_with("driveitem-createuploadsession.md"))
        .expect("the upload session example");
    assert!(upload.code.contains("let item_path = \"Reports/big.bin\";"));
    assert!(upload.code.contains(".item_path(item_path)"));
    // A derived type in a polymorphic collection, base64 as bytes, an enum by its variant.
    let mail = made
        .snippets
        .iter()
        .find(|s| s.page.ends_with("user-sendmail.md"))
        .expect("the sendMail example");
    for part in [
        "FileAttachment::default()",
        ".content_bytes(Binary::from_base64(\"SGVsbG8=\").expect(\"base64\"))",
        ".content_type(BodyType::Text)",
        ".save_to_sent_items(true)",
    ] {
        assert!(mail.code.contains(part), "{part} in\n{}", mail.code);
    }
    // No fully qualified path in a snippet's statements.
    for s in &made.snippets {
        let body = s.code.lines().filter(|l| !l.starts_with("use "));
        assert!(
            body.clone()
                .all(|l| !l.contains("::graphgen_runtime") && !l.contains("models::")),
            "{}",
            s.code
        );
    }
}

#[test]
fn generate_puts_snippets_under_examples_in_the_calls_rustdoc() {
    let (files, _) = graphgen::Config::new()
        .input(workspace().join("docs-input"))
        .include_file("lib.rs")
        .doc_examples("models")
        .render()
        .expect("render");
    let calls = files
        .iter()
        .find(|f| f.name == "calls.rs")
        .expect("calls.rs");
    assert_eq!(calls.contents.matches("/// # Examples").count(), 16);
    assert!(calls
        .contents
        .contains("/// ```rust,no_run\n    /// use models::calls::Graph;"));
    let (files, _) = graphgen::Config::new()
        .input(workspace().join("docs-input"))
        .render()
        .expect("render");
    assert!(files.iter().all(|f| !f.contents.contains("# Examples")));
}
