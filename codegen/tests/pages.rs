//! Reading pages: the seed page, the forms the corpus uses, and every kind
//! of bad input, each giving a diagnostic with a stable code and its line
//! while the other pages are still read.

use graphgen::diag::Severity;
use graphgen::ir::{Ir, Kind};
use graphgen::ir_from_sources;

const SEED: &str = include_str!("../../docs-input/playPromptOperation.md");
const RESULT_INFO: &str = include_str!("../../docs-input/resultInfo.md");

fn resource(name: &str, rows: &str, extra: &str) -> String {
    format!(
        "# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n{extra}\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n```json\n{{}}\n```\n"
    )
}

/// A resource page with an annotation (`extra` goes inside it: a
/// `baseType`, say) and a JSON representation block.
fn annotated(name: &str, extra: &str, rows: &str, json: &str) -> String {
    format!("# {name} resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n{rows}\n\n<!-- {{ \"blockType\": \"resource\", {extra}\"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{json}\n```\n")
}

fn codes(ir: &Ir) -> Vec<(String, String, usize)> {
    ir.diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.path.clone(), d.line))
        .collect()
}

fn has(ir: &Ir, code: &str, path: &str, line: usize) -> bool {
    ir.diagnostics
        .iter()
        .any(|d| d.code == code && d.path == path && d.line == line)
}

#[test]
fn seed_page_gives_the_documented_ir() {
    let ir = ir_from_sources([
        ("playPromptOperation.md", SEED),
        ("resultInfo.md", RESULT_INFO),
    ]);
    let t = ir
        .find("microsoft.graph.playPromptOperation")
        .expect("type");
    assert_eq!(t.kind, Kind::Complex);
    // The Properties table defines the type: line 17, as in IR.md's example.
    assert_eq!(
        (t.source.path.as_str(), t.source.line),
        ("playPromptOperation.md", 17)
    );
    assert_eq!(
        t.description,
        "The playPrompt operation to obtain the result of the playPrompt action."
    );
    let names: Vec<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "clientContext",
            "completionReason",
            "createdDateTime",
            "id",
            "lastActionDateTime",
            "resultInfo",
            "status"
        ]
    );
    let result = &t.properties[5];
    assert_eq!(result.type_name, "microsoft.graph.resultInfo");
    assert!(result.read_only && result.nullable && !result.collection && !result.navigation);
    assert_eq!(result.source.line, 24);
    assert_eq!(t.properties[2].type_name, "Edm.DateTimeOffset");
    assert!(
        !ir.diagnostics.iter().any(|d| d.severity == Severity::Error),
        "{:?}",
        codes(&ir)
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let pages = [
        ("playPromptOperation.md", SEED),
        ("resultInfo.md", RESULT_INFO),
    ];
    let first = ir_from_sources(pages).to_json();
    for _ in 0..3 {
        assert_eq!(ir_from_sources(pages).to_json(), first);
    }
}

#[test]
fn link_forms_resolve_through_the_page_they_point_to() {
    let calendar = "# calendar resource type\n\n<!-- {\n\"blockType\": \"resource\",\n\"keyProperty\": \"id\",\n\"@odata.type\": \"microsoft.graph.calendar\"\n} -->\n```json\n{\"id\": \"String\"}\n```\n";
    let session = "# session resource type\n\nNamespace: microsoft.graph.callRecords\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | Key. |\n";
    let rows = "| cal | [Calendar](calendar.md) | Any text. |\n| cals | [Calendar](../resources/calendar.md) collection | |\n| s | [session](session.md) | |\n| st | [status](#status-values) | |\n| ref | [calendar][] | |\n| c | Collection(Edm.Int64) | Required. |\n| n | `int` | Not nullable. |\n";
    let holder = resource(
        "holder",
        rows,
        "### status values\n\n|Member|\n|:--|\n|on|\n|off|\n\n[calendar]: calendar.md\n",
    );
    let ir = ir_from_sources([
        ("calendar.md", calendar),
        ("session.md", session),
        ("holder.md", holder.as_str()),
    ]);
    let t = ir.find("microsoft.graph.holder").expect("holder");
    let ty = |n: &str| {
        let p = t.properties.iter().find(|p| p.name == n).expect(n);
        (p.type_name.as_str(), p.collection, p.nullable)
    };
    assert_eq!(ty("cal"), ("microsoft.graph.calendar", false, true));
    assert_eq!(ty("cals"), ("microsoft.graph.calendar", true, true));
    assert_eq!(
        ty("s"),
        ("microsoft.graph.callRecords.session", false, true)
    );
    assert_eq!(ty("st"), ("microsoft.graph.status", false, true));
    assert_eq!(ty("ref"), ("microsoft.graph.calendar", false, true));
    assert_eq!(ty("c"), ("Edm.Int64", true, false));
    assert_eq!(ty("n"), ("Edm.Int32", false, false));
    let status = ir.find("microsoft.graph.status").expect("enum");
    assert_eq!(
        status
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["on", "off"]
    );
    assert_eq!(
        ir.find("microsoft.graph.calendar").map(|c| c.kind),
        Some(Kind::Entity)
    );
}

#[test]
fn inheritance_from_prose_and_annotation() {
    let base = resource("base", "| id | String | |", "");
    let by_prose = "# derived resource type\n\nA derived type. Inherits from [base](base.md).\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | Inherited from [base](base.md). |\n| x | Int32 | |\n";
    let ir = ir_from_sources([("base.md", base.as_str()), ("derived.md", by_prose)]);
    let t = ir.find("microsoft.graph.derived").expect("derived");
    assert_eq!(t.base_type.as_deref(), Some("microsoft.graph.base"));
    assert_eq!(
        t.properties[0].inherited_from.as_deref(),
        Some("microsoft.graph.base")
    );
}

#[test]
fn an_unknown_base_is_an_error_when_named_and_a_warning_when_guessed_from_prose() {
    let guessed = "# guessed resource type\n\nIt inherits from policyBase.\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| x | Int32 | |\n";
    let linked = "# linked resource type\n\nInherits from [nothing](nothing.md).\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| x | Int32 | |\n";
    let annotated = "# annotated resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| x | Int32 | |\n\n<!-- { \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.nothing\", \"@odata.type\": \"microsoft.graph.annotated\" } -->\n```json\n{ \"x\": 1 }\n```\n";
    let ir = ir_from_sources([
        ("guessed.md", guessed),
        ("linked.md", linked),
        ("annotated.md", annotated),
    ]);
    let severity = |path: &str| {
        ir.diagnostics
            .iter()
            .find(|d| d.code == "unresolved-base-type" && d.path == path)
            .map(|d| d.severity)
    };
    assert_eq!(severity("guessed.md"), Some(Severity::Warning));
    assert_eq!(severity("linked.md"), Some(Severity::Error));
    assert_eq!(severity("annotated.md"), Some(Severity::Error));
    assert!(ir.types.iter().all(|t| t.base_type.is_none()));
    // "the base policy type": a phrase of prose, not a type named `base`.
    let prose = "# prose resource type\n\nIt inherits from base policy type.\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| x | Int32 | |\n";
    let ir = ir_from_sources([("prose.md", prose)]);
    assert!(
        ir.diagnostics
            .iter()
            .all(|d| d.code != "unresolved-base-type"),
        "{:?}",
        ir.diagnostics
    );
}

#[test]
fn enum_page_with_values() {
    let page = "# colour enum type\n\nNamespace: microsoft.graph\n\nColours.\n\n## Members\n\n| Member | Value | Description |\n|:--|:--|:--|\n| red | 0 | Red. |\n| blue | 1 | Blue. |\n| green | 0x10 | Hex. |\n| grey | `-2` | |\n";
    let ir = ir_from_sources([("colour.md", page)]);
    let t = ir.find("microsoft.graph.colour").expect("enum");
    assert_eq!(t.kind, Kind::Enum);
    assert_eq!(t.members[1].value, Some(1));
    assert_eq!(t.members[1].description, "Blue.");
    assert_eq!(t.members[2].value, Some(16));
    assert_eq!(t.members[3].value, Some(-2));
}

#[test]
fn missing_properties_table_reads_the_json_block_with_a_warning() {
    let page = "# facet resource type\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.facet\" } -->\n```json\n{\n  \"count\": 1,\n  \"name\": \"string\"\n}\n```\n";
    let ir = ir_from_sources([("facet.md", page)]);
    assert!(
        has(&ir, "missing-properties-table", "facet.md", 1),
        "{:?}",
        codes(&ir)
    );
    let t = ir.find("microsoft.graph.facet").expect("facet");
    let props: Vec<(&str, &str)> = t
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.type_name.as_str()))
        .collect();
    assert_eq!(props, [("count", "Edm.Int32"), ("name", "Edm.String")]);
    assert_eq!(t.properties[0].source.line, 6);
}

#[test]
fn row_with_too_few_cells_and_malformed_table() {
    let page = resource(
        "short",
        "| a | String | ok |\n| b |\n| c | Int32 | ok |",
        "\n| Property |\n|--|\n| z |\n",
    );
    let ir = ir_from_sources([("short.md", page.as_str())]);
    assert!(has(&ir, "short-row", "short.md", 12), "{:?}", codes(&ir));
    assert!(
        ir.diagnostics.iter().any(|d| d.code == "malformed-table"),
        "{:?}",
        codes(&ir)
    );
    let t = ir.find("microsoft.graph.short").expect("type still read");
    assert_eq!(
        t.properties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
}

#[test]
fn invalid_annotation_json_is_read_field_by_field() {
    let page = "# odd resource type\n\n| Property | Type | Description |\n|--|--|--|\n| a | String | |\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.odd\",\n} -->\n```json\n{\"a\": \"String\"}\n```\n";
    let ir = ir_from_sources([("odd.md", page)]);
    assert!(
        has(&ir, "invalid-annotation-json", "odd.md", 7),
        "{:?}",
        codes(&ir)
    );
    assert!(ir.find("microsoft.graph.odd").is_some());
}

#[test]
fn link_to_a_missing_page_is_an_error_never_a_string() {
    let page = resource(
        "linker",
        "| a | [nowhere](nowhere.md) | |\n| b | String | |",
        "",
    );
    let good = resource("good", "| x | String | |", "");
    let ir = ir_from_sources([("linker.md", page.as_str()), ("good.md", good.as_str())]);
    let d = ir
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-type")
        .expect("diagnostic");
    assert_eq!(
        (d.severity, d.path.as_str(), d.line),
        (Severity::Error, "linker.md", 11)
    );
    let t = ir.find("microsoft.graph.linker").expect("type");
    assert_eq!(t.properties[0].type_name, "microsoft.graph.nowhere");
    assert!(ir.find("microsoft.graph.good").is_some());
}

#[test]
fn link_to_a_missing_page_that_names_a_known_type_resolves_with_a_warning() {
    let page = resource("linker", "| a | [good](old/place/good-type.md) | |", "");
    let good = resource("good", "| x | String | |", "");
    let ir = ir_from_sources([("linker.md", page.as_str()), ("good.md", good.as_str())]);
    assert!(
        has(&ir, "unresolved-type-link", "linker.md", 11),
        "{:?}",
        codes(&ir)
    );
    assert_eq!(
        ir.find("microsoft.graph.linker").expect("t").properties[0].type_name,
        "microsoft.graph.good"
    );
}

#[test]
fn duplicate_types_and_properties() {
    let a = resource("twin", "| a | String | |\n| a | Int32 | again |", "");
    // `a` is a string on one page and a Boolean on the other.
    let b = resource("twin", "| a | Boolean | |\n| b | String | |", "");
    let ir = ir_from_sources([("a/twin.md", a.as_str()), ("b/twin.md", b.as_str())]);
    assert!(
        has(&ir, "duplicate-property", "a/twin.md", 12),
        "{:?}",
        codes(&ir)
    );
    assert!(
        has(&ir, "duplicate-type", "b/twin.md", 1),
        "{:?}",
        codes(&ir)
    );
    let t = ir.find("microsoft.graph.twin").expect("merged");
    assert_eq!(
        t.properties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(t.properties[0].type_name, "Edm.String");
}

#[test]
fn pages_that_define_no_type_are_skipped_with_a_note() {
    let overview = "# Working with calendars\n\nSome prose.\n";
    let ir = ir_from_sources([("overview.md", overview)]);
    assert!(ir.types.is_empty());
    let d = &ir.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.severity, d.line),
        ("no-type-defined", Severity::Note, 1)
    );
}

#[test]
fn empty_and_non_utf8_files_are_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.md"), "  \n").unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# caf\xe9 resource type\n").unwrap();
    std::fs::write(
        dir.path().join("good.md"),
        resource("good", "| x | String | |", ""),
    )
    .unwrap();
    let ir = graphgen::ir_from_paths(&[dir.path().to_path_buf()]);
    assert!(has(&ir, "empty-file", "empty.md", 1), "{:?}", codes(&ir));
    assert!(has(&ir, "not-utf8", "latin1.md", 1), "{:?}", codes(&ir));
    assert!(ir.find("microsoft.graph.good").is_some());
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "", "|", "| Property | Type |\n|--|--|\n", "<!--", "<!-- { -->", "```json\n{", "# x resource type\n\n<!-- {\"blockType\": \"resource\"} -->\n```json\n{\"a\": [\n```",
        "# \n", "# a b c resource type", "### values\n|Member|\n|--|\n|1x|\n", "\u{feff}# x resource type\n| Property | Type | Description |\n|-|-|-|\n| `a` | [b]( | c |\n",
    ];
    for (i, text) in inputs.iter().enumerate() {
        let path = format!("p{i}.md");
        let _ = ir_from_sources([(path.as_str(), *text)]);
    }
}

#[test]
fn a_relationship_listed_as_a_collection_by_its_methods_is_one() {
    let page = "# thing resource type\n\n## Methods\n\n| Method | Return type | Description |\n|--|--|--|\n| [List replies to thing](../api/thing-list-replies.md) | [thing](thing.md) collection | |\n| [List owners](../api/thing-owners.md) | [thing](thing.md) collection | |\n| [Get parent](../api/thing-get-parent.md) | [thing](thing.md) | |\n\n## Relationships\n\n| Relationship | Type | Description |\n|--|--|--|\n| replies | [thing](thing.md) | |\n| owners | [thing](thing.md) | |\n| parent | [thing](thing.md) | |\n";
    let ir = ir_from_sources([("thing.md", page)]);
    let t = ir.find("microsoft.graph.thing").expect("thing");
    let collections: Vec<(&str, bool, bool)> = t
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.collection, p.navigation))
        .collect();
    assert_eq!(
        collections,
        [
            ("replies", true, true),
            ("owners", true, true),
            ("parent", false, true)
        ]
    );
}

#[test]
fn a_property_a_base_gets_from_its_json_block_is_inherited_whatever_the_order() {
    let json_only = |name: &str, base: &str| {
        annotated(
            name,
            base,
            &format!("| own{name} | String | |"),
            &format!("{{\n  \"own{name}\": \"String\",\n  \"shared\": \"String\"\n}}"),
        )
    };
    // The derived type sorts before its base.
    let base = json_only("zbase", "");
    let derived = json_only("aderived", "\"baseType\": \"microsoft.graph.zbase\", ");
    let ir = ir_from_sources([
        ("aderived.md", derived.as_str()),
        ("zbase.md", base.as_str()),
    ]);
    let names = |q: &str| {
        ir.find(q)
            .expect(q)
            .properties
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names("microsoft.graph.zbase"), ["ownzbase", "shared"]);
    assert_eq!(names("microsoft.graph.aderived"), ["ownaderived"]);
}

#[test]
fn the_json_block_refines_a_vaguer_table_type_but_never_overrides_a_conflict() {
    let page =
        |name: &str, base: &str| annotated(name, base, "| size | Int32 | |", "{ \"size\": 1 }");
    let shape = page("shape", "");
    let circle = page("circle", "\"baseType\": \"microsoft.graph.shape\", ");
    let square = page("square", "");
    let label = page("label", "");
    let json = "# Json resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\n<!--{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.Json\" }-->\n```json\n{ \"@odata.type\": \"microsoft.graph.Json\" }\n```\n";
    let rows = "| free | Untyped JSON object | |\n| kind | String | |\n| wide | [circle](circle.md) | |\n| either | [circle](circle.md) or [square](square.md) | |\n| named | [label](square.md) collection | |\n| narrow | [shape](shape.md) | |\n| clash | [square](square.md) | |\n";
    let holder = format!(
        "# holder resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n### holderKind values\n\n|Member|\n|:--|\n|a|\n|b|\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.holder\" }} -->\n```json\n{{\n  \"free\": {{ \"@odata.type\": \"microsoft.graph.Json\" }},\n  \"kind\": \"microsoft.graph.holderKind\",\n  \"wide\": {{ \"@odata.type\": \"microsoft.graph.shape\" }},\n  \"either\": {{ \"@odata.type\": \"microsoft.graph.shape\" }},\n  \"named\": [{{ \"@odata.type\": \"microsoft.graph.label\" }}],\n  \"narrow\": {{ \"@odata.type\": \"microsoft.graph.circle\" }},\n  \"clash\": {{ \"@odata.type\": \"microsoft.graph.circle\" }}\n}}\n```\n"
    );
    let ir = ir_from_sources([
        ("shape.md", shape.as_str()),
        ("circle.md", circle.as_str()),
        ("square.md", square.as_str()),
        ("label.md", label.as_str()),
        ("json.md", json),
        ("holder.md", holder.as_str()),
    ]);
    let t = ir.find("microsoft.graph.holder").expect("holder");
    let ty = |n: &str| {
        let p = t.properties.iter().find(|p| p.name == n).expect(n);
        (p.type_name.as_str(), p.collection)
    };
    // The JSON says more than the table: free JSON or a string it names,
    // a base type of the table's, one of several types, the link's text.
    assert_eq!(ty("free"), ("microsoft.graph.Json", false));
    assert_eq!(ty("kind"), ("microsoft.graph.holderKind", false));
    assert_eq!(ty("wide"), ("microsoft.graph.shape", false));
    assert_eq!(ty("either"), ("microsoft.graph.shape", false));
    assert_eq!(ty("named"), ("microsoft.graph.label", true));
    // The JSON shows one form of a wider table type, or conflicts: the
    // table is kept, with a warning.
    assert_eq!(ty("narrow"), ("microsoft.graph.shape", false));
    assert_eq!(ty("clash"), ("microsoft.graph.square", false));
    let lines = |code: &str| {
        let mut v: Vec<usize> = ir
            .diagnostics
            .iter()
            .filter(|d| d.code == code && d.path == "holder.md")
            .map(|d| d.line)
            .collect();
        v.sort();
        v
    };
    // Free JSON against a type of no properties (the docs' `Json`) is the
    // same thing, and a derived type shown for its base is an instance of
    // it: nothing to report for either.
    // At the table rows a writer would make precise ("either" offers
    // several types, whose base the JSON names: the same, silently).
    assert_eq!(lines("type-from-json"), [8, 9, 11]);
    assert_eq!(lines("table-json-mismatch"), [31]);
}
