//! Bodies built with the generated chained setters serialize to the JSON a
//! caller means: plain values in, `Nullable`, `Box`, polymorphic forms and
//! collections made inside.

use graphgen_models::calls::BookCheckOutParameters;
use graphgen_models::microsoft_graph::{library, Book, BookFormat, Folder, LibraryItemKind};
use graphgen_runtime::Nullable;
use serde_json::json;

#[test]
fn setters_build_own_inherited_nested_and_polymorphic_fields() {
    let book = Book::default()
        // Inherited from `entity` and `libraryItem`.
        .id("b1")
        .title("Dune")
        .tags(["sf", "classic"])
        // Own fields: a scalar of each width, an enum, a keyword, a nested struct.
        .edition(2)
        .size(5_000_000_000)
        .weight(1.5)
        .format(BookFormat::Paperback)
        .type_("novel")
        .location(library::ShelfLocation::default().additional_property("aisle", "B"))
        .parent(Folder::default().title("Shelf"))
        .additional_property("custom", json!([1, 2]));
    let written = serde_json::to_value(&book).unwrap();
    assert_eq!(
        written,
        json!({
            "id": "b1",
            "title": "Dune",
            "tags": ["sf", "classic"],
            "edition": 2,
            "size": 5_000_000_000_i64,
            "weight": 1.5,
            "format": "paperback",
            "type": "novel",
            "location": {"aisle": "B"},
            "parent": {"title": "Shelf"},
            "custom": [1, 2]
        })
    );
    // A polymorphic collection takes any derived type, and each one says
    // which it is.
    let folder = Folder::default()
        .odata_type("#microsoft.graph.folder")
        .children([
            LibraryItemKind::from(Book::default().title("A")),
            LibraryItemKind::from(Folder::default().title("B")),
        ]);
    let written = serde_json::to_value(&folder).unwrap();
    assert_eq!(
        written,
        json!({
            "@odata.type": "#microsoft.graph.folder",
            "children": [
                {"@odata.type": "#microsoft.graph.book", "title": "A"},
                {"@odata.type": "#microsoft.graph.folder", "title": "B"}
            ]
        })
    );
    let same_type = Folder::default().children(vec![Book::default().title("A")]);
    assert_eq!(same_type.children.as_ref().map(Vec::len), Some(1));
}

#[test]
fn action_parameters_have_setters_and_text_converts_to_nullable() {
    let parameters = BookCheckOutParameters::default()
        .note("two weeks")
        .formats([BookFormat::Hardcover]);
    let written = serde_json::to_value(&parameters).unwrap();
    assert_eq!(written["note"], "two weeks");
    assert_eq!(written["formats"], json!(["hardcover"]));
    let title: Nullable<String> = "Hi".into();
    assert_eq!(title, Nullable::Value("Hi".to_string()));
}
