//! The committed models crate (made from docs-input/) reads and writes
//! hand-written payloads for each feature of the generator.

use graphgen_models::microsoft_graph::{self as graph, library};
use graphgen_runtime::{Flags, Nullable, WireEnum};
use serde_json::{json, Value};

fn round_trip<
    T: graphgen_runtime::serde::de::DeserializeOwned + graphgen_runtime::serde::Serialize,
>(
    payload: &Value,
) -> (T, Value) {
    round_trip_text(&payload.to_string())
}

fn round_trip_text<
    T: graphgen_runtime::serde::de::DeserializeOwned + graphgen_runtime::serde::Serialize,
>(
    text: &str,
) -> (T, Value) {
    let value: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let back = serde_json::to_value(&value).unwrap();
    (value, back)
}

#[test]
fn seed_page_reads_a_play_prompt_operation() {
    let payload = json!({
        "@odata.type": "#microsoft.graph.playPromptOperation",
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "completionReason": "completedSuccessfully",
        "createdDateTime": "2018-09-06T15:58:41.1234567Z",
        "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
        "resultInfo": {"code": 200, "message": "OK", "subcode": 0},
        "status": "completed"
    });
    let (op, back) = round_trip::<graph::PlayPromptOperation>(&payload);
    assert_eq!(op.status.as_ref().map(String::as_str), Some("completed"));
    assert_eq!(
        op.result_info.as_ref().and_then(|r| r.code.as_ref()),
        Some(&200)
    );
    assert_eq!(
        op.odata_type.as_deref(),
        Some("#microsoft.graph.playPromptOperation")
    );
    assert_eq!(back, payload);
}

#[test]
fn null_and_absent_stay_apart() {
    let (op, back) = round_trip::<graph::PlayPromptOperation>(&json!({"clientContext": null}));
    assert_eq!(op.client_context, Nullable::Null);
    assert_eq!(op.status, Nullable::Absent);
    assert_eq!(back, json!({"clientContext": null}));
    // A PATCH body that clears one property and sets another.
    let patch = graph::PlayPromptOperation {
        client_context: Nullable::Null,
        status: Nullable::Value("running".to_string()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"clientContext": null, "status": "running"})
    );
}

#[test]
fn unknown_properties_are_kept_and_written_back() {
    let payload = json!({"code": 1, "message": "m", "newField": {"nested": [1, 2]}, "@odata.etag": "W/\"1\""});
    let (info, back) = round_trip::<graph::ResultInfo>(&payload);
    assert_eq!(
        info.additional_properties.get("newField"),
        Some(&json!({"nested": [1, 2]}))
    );
    assert_eq!(back, payload);
}

#[test]
fn enums_in_all_three_forms_keep_unknown_values() {
    // An enum page with values, a `### x values` section, and an enums page.
    let payload = json!({
        "format": "paperback",
        "status": "onLoan",
        "languages": ["french", "klingon"]
    });
    let (book, back) = round_trip::<graph::Book>(&payload);
    assert_eq!(book.format, Nullable::Value(graph::BookFormat::Paperback));
    assert_eq!(book.status, Nullable::Value(graph::ItemStatus::OnLoan));
    let languages = book.languages.as_ref().unwrap();
    assert_eq!(languages[0], graph::Language::French);
    assert_eq!(
        languages[1],
        graph::Language::Unrecognized("klingon".to_string())
    );
    assert_eq!(languages[1].wire_name(), "klingon");
    assert_eq!(back, payload);
    assert_eq!(
        "unknownFutureValue".parse::<graph::BookFormat>(),
        Ok(graph::BookFormat::UnknownFutureValue)
    );
}

#[test]
fn enums_compare_hash_and_order_by_wire_value() {
    use std::collections::{BTreeSet, HashSet};
    // A value read as the catch-all is the member of the same wire name.
    let caught = graph::Language::Unrecognized("french".to_string());
    assert_eq!(caught, graph::Language::French);
    assert_ne!(
        graph::Language::French,
        graph::Language::Unrecognized("klingon".into())
    );
    let set: HashSet<_> = [caught.clone(), graph::Language::French]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 1);
    // Ordered by wire name, the catch-all among the members.
    let ordered: Vec<String> = [
        graph::Language::Unrecognized("klingon".into()),
        graph::Language::French,
        graph::Language::Unrecognized("basque".into()),
    ]
    .into_iter()
    .collect::<BTreeSet<_>>()
    .iter()
    .map(|l| l.wire_name().to_string())
    .collect();
    assert_eq!(ordered, ["basque", "french", "klingon"]);
}

#[test]
fn structs_clone_and_compare_every_field() {
    let payload = json!({
        "@odata.type": "#microsoft.graph.book",
        "format": "paperback",
        "languages": ["french"],
        "futureProperty": 1,
        "edition": "not a number"
    });
    let (book, _) = round_trip::<graph::Book>(&payload);
    let copy = book.clone();
    assert_eq!(copy, book);
    assert_eq!(copy.misfits, book.misfits);
    assert!(!copy.misfits.is_empty() && !copy.additional_properties.is_empty());
    // Each kind of field takes part in the comparison.
    let mut other = book.clone();
    other.odata_type = None;
    assert_ne!(other, book);
    let mut other = book.clone();
    other.languages = Nullable::Null;
    assert_ne!(other, book);
    let mut other = book.clone();
    other.additional_properties.clear();
    assert_ne!(other, book);
    let mut other = book.clone();
    other.misfits.clear();
    assert_ne!(other, book);
}

#[test]
fn flags_enum_holds_several_members() {
    let (book, back) = round_trip::<graph::Book>(&json!({"availableOn": "paper,ebook,hologram"}));
    let Nullable::Value(Flags(members)) = &book.available_on else {
        panic!("{:?}", book.available_on)
    };
    assert_eq!(
        members[..2],
        [graph::Platforms::Paper, graph::Platforms::Ebook]
    );
    assert_eq!(
        members[2],
        graph::Platforms::Unrecognized("hologram".into())
    );
    assert_eq!(back, json!({"availableOn": "paper,ebook,hologram"}));
}

#[test]
fn every_edm_primitive_reads_and_writes() {
    let payload = json!({
        "cover": "aGVsbG8=",
        "edition": 2,
        "extra": {"any": ["json", 1, null]},
        "isbn": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "loanPeriod": "P14DT12H",
        "createdDateTime": "2021-07-16T09:30:00.1234567Z",
        "openingTime": "08:30:00",
        "pageCount": 320,
        "price": "PRICE",
        "publishedDate": "2019-03-01",
        "rating": 4.5,
        "scan": "https://example.com/scan",
        "shelf": 7,
        "size": "9007199254740993",
        "weight": "NaN"
    });
    // A JSON number with more digits than an f64 holds.
    let text = payload
        .to_string()
        .replace("\"PRICE\"", "12345678901234567890.25");
    let (book, back) = round_trip_text::<graph::Book>(&text);
    assert_eq!(
        book.size,
        Nullable::Value(graphgen_runtime::Int64(9_007_199_254_740_993))
    );
    assert_eq!(
        book.cover.as_ref().map(|b| b.0.as_slice()),
        Some(&b"hello"[..])
    );
    assert!(book.weight.as_ref().is_some_and(|w| w.0.is_nan()));
    assert_eq!(
        book.price.as_ref().map(|d| d.as_str()),
        Some("12345678901234567890.25")
    );
    assert_eq!(book.loan_period.as_ref().map(|d| d.days), Some(14));
    // Int64 comes back as a number; everything else as it was.
    let mut expected = payload.clone();
    expected["size"] = json!(9_007_199_254_740_993_i64);
    expected["price"] = back["price"].clone();
    assert_eq!(back, expected);
    // The decimal keeps every digit through the bytes, too.
    assert!(serde_json::to_string(&book)
        .unwrap()
        .contains("12345678901234567890.25"));
}

#[test]
fn keywords_become_fields_and_names_that_collide_are_told_apart() {
    let payload = json!({"type": "novel", "self": "https://x", "ref": "A-1", "match": true});
    let (book, back) = round_trip::<graph::Book>(&payload);
    assert_eq!(book.type_.as_ref().map(String::as_str), Some("novel"));
    assert_eq!(book.self_.as_ref().map(String::as_str), Some("https://x"));
    assert_eq!(book.ref_.as_ref().map(String::as_str), Some("A-1"));
    assert_eq!(book.match_, Nullable::Value(true));
    assert_eq!(back, payload);
    let (loc, back) = round_trip::<library::ShelfLocation>(
        &json!({"isAzureADJoined": true, "isAzureAdJoined": false}),
    );
    assert_eq!(
        (loc.is_azure_ad_joined, loc.is_azure_ad_joined_2),
        (Nullable::Value(true), Nullable::Value(false))
    );
    assert_eq!(
        back,
        json!({"isAzureADJoined": true, "isAzureAdJoined": false})
    );
}

#[test]
fn a_type_named_option_does_not_break_anything() {
    let (book, back) =
        round_trip::<graph::Book>(&json!({"options": [{"name": "renew", "state": "granted"}]}));
    let options: &Vec<graph::Option> = book.options.as_ref().unwrap();
    assert_eq!(options[0].state, Nullable::Value(graph::LoanState::Granted));
    assert_eq!(
        back,
        json!({"options": [{"name": "renew", "state": "granted"}]})
    );
}

#[test]
fn recursive_types_are_boxed_and_nest() {
    let payload = json!({"outline": {"heading": "1", "firstChild": {"heading": "1.1", "firstChild": {"heading": "1.1.1"}},
        "subNodes": [{"heading": "1.1", "subNodes": []}]}});
    let (book, back) = round_trip::<graph::Book>(&payload);
    let outline = book.outline.as_ref().unwrap();
    let child: &graph::OutlineNode = outline.first_child.as_ref().unwrap();
    assert_eq!(child.heading.as_ref().map(String::as_str), Some("1.1"));
    assert_eq!(back, payload);
}

#[test]
fn inherited_fields_and_navigation_properties() {
    let payload = json!({
        "id": "f1", "title": "Novels", "childCount": 2,
        "parent": {"id": "root", "title": "Library"},
        "children": [
            {"@odata.type": "#microsoft.graph.book", "id": "b1", "title": "Dune", "pageCount": 412},
            {"@odata.type": "#microsoft.graph.folder", "id": "f2", "title": "Classics", "childCount": 0},
            {"@odata.type": "#microsoft.graph.scroll", "id": "s1", "title": "Unknown kind", "length": 3}
        ]
    });
    let (folder, back) = round_trip::<graph::Folder>(&payload);
    // Own and inherited fields in one struct.
    assert_eq!(folder.id.as_ref().map(String::as_str), Some("f1"));
    assert_eq!(folder.child_count, Nullable::Value(2));
    let parent: &graph::Folder = folder.parent.as_ref().unwrap();
    assert_eq!(parent.title.as_ref().map(String::as_str), Some("Library"));
    let children = folder.children.as_ref().unwrap();
    // A derived type read through its base keeps its own fields...
    let graph::LibraryItemKind::Book(book) = &children[0] else {
        panic!("{:?}", children[0])
    };
    assert_eq!(book.page_count, Nullable::Value(412));
    assert!(
        matches!(&children[1], graph::LibraryItemKind::Folder(f) if f.child_count == Nullable::Value(0))
    );
    // ...and an unknown @odata.type falls back to the base, keeping the rest.
    let graph::LibraryItemKind::LibraryItem(other) = &children[2] else {
        panic!("{:?}", children[2])
    };
    assert_eq!(other.additional_properties.get("length"), Some(&json!(3)));
    assert_eq!(back, payload);
}

#[test]
fn the_root_polymorphic_form_reads_any_entity() {
    let (entity, _) = round_trip::<graph::EntityKind>(
        &json!({"@odata.type": "#microsoft.graph.book", "id": "b1", "isbn": "0f8fad5b-d9cb-469f-a165-70867728950e"}),
    );
    assert!(matches!(entity, graph::EntityKind::Book(_)));
    let from: graph::LibraryItemKind = graph::Book::default().into();
    assert!(matches!(from, graph::LibraryItemKind::Book(_)));
}

#[test]
fn the_base_view_reads_any_derived_type_without_a_match() {
    let payload = json!([
        {"@odata.type": "#microsoft.graph.book", "id": "b1", "title": "Dune", "pageCount": 412, "futureProperty": true},
        {"@odata.type": "#microsoft.graph.folder", "id": "f1", "title": "Novels", "childCount": 2},
        {"@odata.type": "#microsoft.graph.scroll", "id": "s1", "title": "Unknown kind", "length": 3},
        {"id": "l1", "title": "Plain", "status": "onLoan", "pageCount": "not mine"}
    ]);
    let (mut items, back) = round_trip::<Vec<graph::LibraryItemKind>>(&payload);
    // `base()`: the libraryItem properties of every variant, its own base's
    // (`id`, from entity) too.
    let titles: Vec<&str> = items
        .iter()
        .filter_map(|item| item.base().title.as_ref())
        .map(String::as_str)
        .collect();
    assert_eq!(titles, ["Dune", "Novels", "Unknown kind", "Plain"]);
    // Deref: the same properties read as the enum's own.
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|item| item.id.as_ref())
        .map(String::as_str)
        .collect();
    assert_eq!(ids, ["b1", "f1", "s1", "l1"]);
    assert!(matches!(
        items[3].status,
        Nullable::Value(graph::ItemStatus::OnLoan)
    ));
    // A derived struct holds its base in `base` and reads it through Deref;
    // unknown properties are kept once, at the root.
    let graph::LibraryItemKind::Book(book) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert_eq!(book.page_count, Nullable::Value(412));
    assert_eq!(book.title, book.base.title);
    assert_eq!(book.base.base.id, Nullable::Value("b1".to_string()));
    assert_eq!(
        book.additional_properties.get("futureProperty"),
        Some(&json!(true))
    );
    assert_eq!(
        items[2].additional_properties.get("length"),
        Some(&json!(3))
    );
    // Read as the base type, a derived property is an unknown one, kept.
    assert_eq!(
        items[3].additional_properties.get("pageCount"),
        Some(&json!("not mine"))
    );
    // Written back flat and unchanged.
    assert_eq!(back, payload);
    // `base_mut()` (and DerefMut) change any variant's base properties.
    for item in &mut items {
        item.base_mut().tags = Nullable::Value(vec!["sf".to_string()]);
    }
    items[1].title = Nullable::Null;
    let changed = serde_json::to_value(&items).unwrap();
    assert_eq!(changed[0]["tags"], json!(["sf"]));
    assert_eq!(changed[0]["pageCount"], json!(412));
    assert_eq!(changed[1]["title"], Value::Null);
    assert_eq!(changed[3]["tags"], json!(["sf"]));
}

#[test]
// Clippy reads `book.title = ..` as a field of `Book`; it goes through DerefMut.
#[allow(clippy::field_reassign_with_default)]
fn a_derived_type_written_by_hand_is_one_flat_object() {
    let mut book = graph::Book::default();
    book.title = Nullable::Value("Dune".to_string());
    book.base.base.odata_type = Some("#microsoft.graph.book".to_string());
    book.page_count = Nullable::Value(412);
    book.id = Nullable::Value("b1".to_string());
    let written = serde_json::to_value(&book).unwrap();
    assert_eq!(
        written,
        json!({"@odata.type": "#microsoft.graph.book", "id": "b1", "title": "Dune", "pageCount": 412})
    );
    let (read, _) = round_trip::<graph::Book>(&written);
    assert_eq!(read, book);
    let mut other = book.clone();
    other.id = Nullable::Null;
    assert_ne!(other, book, "inherited fields take part in the comparison");
}

#[test]
fn a_value_that_does_not_fit_is_kept_and_named() {
    // Each kind of misfit: an unparsable date, another JSON kind, an object
    // where a number is documented, a single value where a collection is,
    // a collection where an object is; nested and polymorphic too.
    let payload = json!({
        "title": "Moby-Dick",
        "publishedDate": "yesterday",
        "pageCount": "many",
        "edition": {"n": 2},
        "languages": "en",
        "outline": [1, 2],
        "isbn": "not-a-guid",
        "options": [{"@odata.type": "#microsoft.graph.option", "name": 5}],
        "parent": {"@odata.type": "#microsoft.graph.folder", "childCount": "three"}
    });
    let (book, back) = round_trip::<graph::Book>(&payload);
    assert_eq!(book.title, Nullable::Value("Moby-Dick".to_string()));
    assert!(book.published_date.is_absent() && book.page_count.is_absent());
    let misfits: Vec<(&str, &str)> = book
        .misfits
        .iter()
        .map(|m| (m.property.as_str(), m.expected.as_str()))
        .collect();
    assert_eq!(
        misfits,
        // In the order read (json! sorts the keys).
        [
            ("edition", "an integer"),
            ("isbn", "a GUID"),
            ("languages", "a collection"),
            ("outline", "an object"),
            ("pageCount", "an integer"),
            ("publishedDate", "a date"),
        ]
    );
    // Inside a collection and a polymorphic form, the nested object keeps
    // its own misfits.
    let options = book.options.as_ref().expect("options");
    assert_eq!(options[0].misfits[0].property, "name");
    let parent = book.parent.as_ref().expect("parent");
    assert_eq!(parent.misfits[0].property, "childCount");
    // All of them, nested ones included, by JSON path.
    use graphgen_runtime::CollectMisfits;
    let paths: Vec<String> = book.all_misfits().into_iter().map(|(p, _)| p).collect();
    assert!(
        paths.contains(&"$.options[0].name".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"$.parent.childCount".to_string()),
        "{paths:?}"
    );
    assert!(paths.contains(&"$.publishedDate".to_string()), "{paths:?}");
    // Written back as it came.
    assert_eq!(back, payload);

    // Polymorphic: a derived type's misfit stays in its variant, and a
    // string where the polymorphic object belongs is a misfit of the field.
    let folder = json!({"children": [{"@odata.type": "#microsoft.graph.book", "pageCount": "x"}, "not an item"]});
    let (folder, back): (graph::Folder, _) = round_trip(&folder);
    assert_eq!(folder.misfits[0].property, "children");
    assert_eq!(back["children"][1], json!("not an item"));
    let one = json!({"children": [{"@odata.type": "#microsoft.graph.book", "pageCount": "x"}]});
    let (folder, back): (graph::Folder, _) = round_trip(&one);
    let children = folder.children.as_ref().expect("children");
    let graph::LibraryItemKind::Book(child) = &children[0] else {
        panic!("{children:?}")
    };
    assert_eq!(child.misfits[0].property, "pageCount");
    assert_eq!(back, one);
}

#[test]
fn a_list_response_reads_into_a_collection_page() {
    let payload = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#books",
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/books?$skiptoken=X",
        "value": [
            {"@odata.type": "#microsoft.graph.book", "id": "b1", "pageCount": 1},
            {"@odata.type": "#microsoft.graph.folder", "id": "f1", "childCount": 2}
        ]
    });
    let (page, back) =
        round_trip::<graphgen_runtime::CollectionPage<graph::LibraryItemKind>>(&payload);
    assert_eq!(
        page.next_link.as_deref(),
        Some("https://graph.microsoft.com/v1.0/books?$skiptoken=X")
    );
    assert!(matches!(page.value[1], graph::LibraryItemKind::Folder(_)));
    assert_eq!(back, payload);
}
