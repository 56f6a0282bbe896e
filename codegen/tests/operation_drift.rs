//! Drift over operations: lint's example checks, verify against metadata
//! actions and functions, and diff between two versions of a method page.

use graphgen::drift::{diff, examples, verify, verify_ops};
use graphgen::ir_from_sources;

const WIDGET: &str = "# widget resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n| color | [color](#color-values) | The color. |\n| made | DateTimeOffset | When. |\n| sizes | Int32 collection | Sizes. |\n\n### color values\n\n| Member |\n|:--|\n| red |\n| blue |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{}\n```\n";

fn get_widget(response_body: &str) -> String {
    format!("# Get widget\n\n## HTTP request\n\n```http\nGET /widgets/{{id}}\n```\n\n## Response\n\nReturns `200 OK` and a [widget](widget.md) object.\n\n## Example\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{response_body}\n```\n")
}

#[test]
fn examples_are_checked_against_the_documented_types() {
    let body = "{\n  \"id\": \"1\",\n  \"colour\": \"red\",\n  \"color\": \"green\",\n  \"made\": \"yesterday\",\n  \"sizes\": 3\n}";
    let page = get_widget(body);
    let ir = ir_from_sources([("widget.md", WIDGET), ("api/widget-get.md", page.as_str())]);
    let all = examples::check_examples(&ir);
    // `widget` names no base type: properties its examples show beyond its
    // table are reported once, at its page.
    let at_page: Vec<_> = all.iter().filter(|d| d.path == "widget.md").collect();
    assert_eq!(at_page.len(), 1, "{all:#?}");
    assert!(
        at_page[0]
            .message
            .contains("`colour` (api/widget-get.md:22)"),
        "{}",
        at_page[0].message
    );
    let found: Vec<(String, usize, String)> = all
        .into_iter()
        .filter(|d| d.path != "widget.md")
        .map(|d| (d.code, d.line, d.message))
        .collect();
    let has = |code: &str, line: usize, path: &str| {
        found
            .iter()
            .any(|(c, l, m)| c == code && *l == line && m.starts_with(path))
    };
    // The body starts on line 20 of the page.
    assert!(
        has("example-unknown-enum-member", 23, "$.color"),
        "{found:#?}"
    );
    assert!(has("example-bad-value", 24, "$.made"), "{found:#?}");
    assert!(has("example-wrong-kind", 25, "$.sizes"), "{found:#?}");
    assert_eq!(found.len(), 3, "{found:#?}");
}

const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="microsoft.graph" Alias="graph">
  <EntityType Name="widget"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></EntityType>
  <Action Name="spin" IsBound="true"><Parameter Name="bindingParameter" Type="graph.widget"/><Parameter Name="speed" Type="Edm.Int32"/><Parameter Name="turns" Type="Edm.Int32"/><ReturnType Type="graph.widget"/></Action>
  <Function Name="polish" IsBound="true"><Parameter Name="bindingParameter" Type="graph.widget"/></Function>
</Schema></edmx:DataServices></edmx:Edmx>"#;

fn spin(params: &str, response: &str) -> String {
    format!("# widget: spin\n\n## HTTP request\n\n```http\nPOST /widgets/{{id}}/spin\n```\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n{params}\n\n## Response\n\n{response}\n")
}

#[test]
fn operations_are_verified_against_the_metadata() {
    let get = get_widget("{}");
    let page = spin(
        "| speed | String | How fast. |\n| wobble | Boolean | Whether. |",
        "Returns `204 No Content`.",
    );
    let stray = "# widget: fly\n\n## HTTP request\n\n```http\nPOST /widgets/{id}/fly\n```\n\n## Response\n\nReturns `204 No Content`.\n";
    let ir = ir_from_sources([
        ("widget.md", WIDGET),
        ("api/widget-get.md", get.as_str()),
        ("api/widget-spin.md", page.as_str()),
        ("api/widget-fly.md", stray),
    ]);
    let types = verify::read_csdl(CSDL).unwrap();
    let ops = verify_ops::read_csdl_operations(CSDL).unwrap();
    let findings = verify_ops::verify_operations(&ir, &types, &ops);
    let codes: Vec<(&str, &str)> = findings
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    for expected in [
        ("parameter-type-mismatch", "api/widget-spin.md"),
        ("parameter-missing-from-page", "api/widget-spin.md"),
        ("parameter-not-in-metadata", "api/widget-spin.md"),
        ("return-type-mismatch", "api/widget-spin.md"),
        ("operation-not-in-metadata", "api/widget-fly.md"),
        ("operation-undocumented", "widget.md"),
    ] {
        assert!(codes.contains(&expected), "{expected:?} not in {codes:#?}");
    }
}

#[test]
fn operation_changes_between_versions() {
    let get = get_widget("{}");
    let old = spin(
        "| speed | Int32 | How fast. |\n| turns | Int32 | How many. |",
        "Returns `200 OK` and a [widget](widget.md) object.",
    );
    let new = spin(
        "| speed | String | How fast. Required. |\n| force | Int32 | How hard. Required. |",
        "Returns `204 No Content`.",
    );
    let before = ir_from_sources([
        ("widget.md", WIDGET),
        ("api/widget-get.md", get.as_str()),
        ("api/widget-spin.md", old.as_str()),
    ]);
    let after = ir_from_sources([("widget.md", WIDGET), ("api/widget-spin.md", new.as_str())]);
    let log = diff::diff(&before, &after);
    let got: Vec<(&str, bool)> = log.changes.iter().map(|c| (c.code, c.breaking)).collect();
    for expected in [
        ("operation-removed", true),
        ("parameter-removed", true),
        ("parameter-type-changed", true),
        ("parameter-made-required", true),
        ("parameter-added", true),
        ("response-changed", true),
    ] {
        assert!(got.contains(&expected), "{expected:?} not in {got:#?}");
    }
}

#[test]
fn methods_tables_against_the_method_pages() {
    let resource = format!(
        "{WIDGET}\n## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n| [Get widget](../api/widget-get.md) | [widget](widget.md) collection | Read one. |\n| [Spin widget](../api/widget-spin.md) | None | Gone. |\n"
    );
    let get = get_widget("{}");
    let ir_pages = [
        ("resources/widget.md", resource.as_str()),
        ("api/widget-get.md", get.as_str()),
    ];
    let inputs: Vec<_> = ir_pages
        .iter()
        .map(|(p, t)| (p.to_string(), graphgen::page::parse_page(p, t)))
        .collect();
    let mut diags = Vec::new();
    let decls: Vec<_> = inputs
        .iter()
        .map(|(_, page)| graphgen::extract::extract_page(page, &mut diags))
        .collect();
    let ir = graphgen::resolve::resolve(&decls, diags);
    let found = graphgen::drift::methods_table::check_methods_tables(&decls, &ir);
    let codes: Vec<(&str, usize)> = found.iter().map(|d| (d.code.as_str(), d.line)).collect();
    // Row 1 says a collection where the page returns one widget; row 2
    // links a page that is not in the input: a link check's finding
    // (`broken-link`, with the pages' folder), not this one's.
    let table = WIDGET.lines().count() + 6;
    assert_eq!(
        codes,
        [("methods-table-return-mismatch", table)],
        "{found:#?}"
    );
}
