//! The classes of false or repeated findings a second blind audit found,
//! each on a small page written for the test (each failed before).

#[path = "support/pages.rs"]
mod pages;
use graphgen::drift::verify;
use pages::{codes, lint_pages, method, none_of, resource, CSDL};

fn with_code<'a>(
    found: &'a [graphgen::diag::Diagnostic],
    code: &str,
) -> Vec<&'a graphgen::diag::Diagnostic> {
    found.iter().filter(|d| d.code == code).collect()
}

#[test]
fn a_partial_copy_of_the_docs_says_what_it_did_not_check() {
    let page = resource(
        "widget",
        "| color | String | See [the index](../index.md) and [gone](gone.md). |",
        "[!INCLUDE [note](../../includes/note.md)]\n",
    );
    let found = lint_pages(&[("resources/widget.md", &page)]);
    // `gone.md` would be in a folder of the pages: still judged.
    assert_eq!(
        with_code(&found, "broken-link").len(),
        1,
        "{:?}",
        codes(&found)
    );
    assert!(none_of(&found, "include-not-found"), "{:?}", codes(&found));
    let unchecked = with_code(&found, "not-checked");
    assert_eq!(unchecked.len(), 1, "{:?}", codes(&found));
    assert!(unchecked[0]
        .message
        .starts_with("2 links and includes on 1 pages"));

    // In the docs repository the same links and includes are defects.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docfx.json"), "{}").unwrap();
    let input = dir.path().join("v1.0");
    std::fs::create_dir_all(input.join("resources")).unwrap();
    std::fs::write(input.join("resources/widget.md"), &page).unwrap();
    let (decls, diags) = graphgen::read_pages(std::slice::from_ref(&input));
    let ir = graphgen::resolve::resolve(&decls, diags);
    let options = graphgen::drift::lint::LintOptions {
        root: Some(input.clone()),
        ..Default::default()
    };
    let found = graphgen::drift::lint::lint_with(&decls, &ir, &options).findings;
    assert_eq!(
        with_code(&found, "broken-link").len(),
        2,
        "{:?}",
        codes(&found)
    );
    assert_eq!(
        with_code(&found, "include-not-found").len(),
        1,
        "{:?}",
        codes(&found)
    );
    assert!(none_of(&found, "not-checked"));
}

#[test]
fn a_property_named_by_a_link_to_its_call_is_a_property() {
    let page = resource(
        "team",
        "",
        "## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n|[primaryChannel](../api/team-get-primarychannel.md)|[team](team.md)| The general channel. |\n|[List all members](../api/team-list-members.md)|[team](team.md) collection| Not a property. |\n",
    );
    let ir = graphgen::ir_from_sources([("resources/team.md", page.as_str())]);
    let team = ir.types.iter().find(|t| t.name == "team").unwrap();
    let names: Vec<&str> = team.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "primaryChannel"]);
    let found = lint_pages(&[("resources/team.md", &page)]);
    assert_eq!(
        with_code(&found, "bad-property-name").len(),
        1,
        "{:?}",
        codes(&found)
    );
}

fn widget_get(body: &str) -> String {
    method(
        "Get widget",
        "GET /widgets/{id}",
        "Don't supply a request body for this method.",
        "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
        &format!("```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```"),
    )
}

#[test]
fn examples_judged_value_by_value_where_the_page_says_what_they_are() {
    let widget = resource(
        "widget",
        "| baseType | String | The type items derive from. |\n| key | Binary | The key. |",
        "",
    );
    // One object wrapped in `value`: a defect of the example, at the
    // example, not a property the type's page leaves out.
    let wrapped = widget_get("{ \"@odata.context\": \"x\", \"value\": { \"id\": \"1\", \"baseType\": \"microsoft.graph.externalItem\", \"key\": \"MIIDYDCCAki...\" } }");
    // Under a property the type does not list, `Single` may be a value.
    let unknown = widget_get("{ \"id\": \"1\", \"underline\": \"Single\" }")
        .replace("# Get widget", "# Get widget again");
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("api/widget-get.md", &wrapped),
        ("api/widget-get-again.md", &unknown),
    ]);
    let wrong = with_code(&found, "example-wrong-kind");
    assert_eq!(wrong.len(), 1, "{:?}", codes(&found));
    assert_eq!(wrong[0].path, "api/widget-get.md");
    assert!(
        wrong[0].message.contains("wrapped in `value`"),
        "{}",
        wrong[0].message
    );
    let unknown = with_code(&found, "example-unknown-property");
    assert_eq!(unknown.len(), 1, "{:?}", codes(&found));
    assert!(unknown[0].message.contains("underline"));
    for code in ["example-placeholders", "example-bad-value"] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
}

#[test]
fn pages_that_each_document_part_of_a_type_are_no_duplicates() {
    let part = |name: &str, rows: &str| {
        format!("# deviceManagement resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n\n<!-- {name} -->\n")
    };
    let found = lint_pages(&[
        (
            "resources/a-devicemanagement.md",
            &part(
                "a",
                "| id | String | The key. |\n| mode | String | A mode. |",
            ),
        ),
        (
            "resources/b-devicemanagement.md",
            &part(
                "b",
                "| id | String | The key. |\n| size | Int32 | A size. |",
            ),
        ),
    ]);
    assert!(none_of(&found, "duplicate-type"), "{:?}", codes(&found));
    let found = lint_pages(&[
        (
            "resources/a-devicemanagement.md",
            &part("a", "| mode | String | A mode. |"),
        ),
        (
            "resources/b-devicemanagement.md",
            &part("b", "| mode | Int32 | A mode. |"),
        ),
    ]);
    let duplicate = with_code(&found, "duplicate-type");
    assert_eq!(duplicate.len(), 1, "{:?}", codes(&found));
    assert!(
        duplicate[0].message.contains("`mode` is"),
        "{}",
        duplicate[0].message
    );
}

#[test]
fn a_type_with_nothing_to_list_needs_no_properties_table() {
    let open = "# tokens resource type\n\nNamespace: microsoft.graph\n\nA set of flags.\n\n## Properties\n\nProperty names are not documented since they change; hence this is an open type.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.tokens\" } -->\n```json\n{ \"Echo\": true }\n```\n";
    let empty = "# config resource type\n\nNamespace: microsoft.graph\n\nAn abstract base.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"abstract\": true, \"@odata.type\": \"microsoft.graph.config\" } -->\n```json\n{\n}\n```\n";
    let listed = "# thing resource type\n\nNamespace: microsoft.graph\n\nA thing.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"name\": \"x\" }\n```\n";
    let found = lint_pages(&[
        ("resources/tokens.md", open),
        ("resources/config.md", empty),
        ("resources/thing.md", listed),
    ]);
    let missing: Vec<&str> = with_code(&found, "missing-properties-table")
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(missing, ["resources/thing.md"]);
}

#[test]
fn permission_cells_reported_one_by_one_are_the_whole_finding() {
    let page = "# List widgets\n\nNamespace: microsoft.graph\n\n## Permissions\n\n| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | Role required to create the widget. |\n| Application | Role required to create the widget. |\n\n## HTTP request\n\n```http\nGET /widgets\n```\n";
    let found = lint_pages(&[("api/widget-list.md", page)]);
    assert_eq!(
        with_code(&found, "unreadable-permission-cell").len(),
        2,
        "{:?}",
        codes(&found)
    );
    assert!(
        none_of(&found, "unreadable-permissions"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn a_base_named_in_the_opening_prose() {
    let outcome = resource("outcome", "", "");
    let points = "# pointsOutcome resource type\n\nNamespace: microsoft.graph\n\nAn [outcome](outcome.md) that gives a numerical grade.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| points | Double | Points. |\n";
    let grade = "# pointsGrade resource type\n\nNamespace: microsoft.graph\n\nEach submission has this object. This creates a subclass from [outcome](outcome.md), which adds points.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| points | Double | Points. |\n";
    let plain = "# note resource type\n\nNamespace: microsoft.graph\n\nA [outcome](outcome.md) is what a note is about.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| text | String | Text. |\n";
    let ir = graphgen::ir_from_sources([
        ("outcome.md", outcome.as_str()),
        ("pointsoutcome.md", points),
        ("pointsgrade.md", grade),
        ("note.md", plain),
    ]);
    let base = |name: &str| {
        ir.types
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.base_type.clone())
    };
    assert_eq!(
        base("pointsOutcome").as_deref(),
        Some("microsoft.graph.outcome")
    );
    assert_eq!(
        base("pointsGrade").as_deref(),
        Some("microsoft.graph.outcome")
    );
    assert_eq!(base("note"), None);
}

#[test]
fn a_name_spelt_with_another_case_is_one_finding() {
    let widget = "# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| Sizes | String | Sizes. |\n| subUnit | String | A unit. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"id\": \"1\", \"Sizes\": \"x\", \"subunit\": \"y\" }\n```\n";
    let found = lint_pages(&[("resources/widget.md", widget)]);
    let case = with_code(&found, "property-name-case");
    assert_eq!(case.len(), 1, "{:?}", codes(&found));
    assert!(case[0].message.contains("`subunit`"), "{}", case[0].message);
    for code in ["property-not-in-json", "property-only-in-json"] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
    // The metadata spells `sizes`: one finding, and the type still compared.
    let ir = graphgen::ir_from_sources([("widget.md", widget)]);
    let csdl = verify::read_csdl(CSDL).unwrap();
    let found: Vec<_> = verify::verify(&ir, &csdl, "meta.xml")
        .into_iter()
        .filter(|d| d.path == "widget.md")
        .collect();
    let case = with_code(&found, "property-name-case");
    assert_eq!(case.len(), 1, "{:?}", codes(&found));
    // `prompt`, which the page leaves out, is missing; `sizes` is not.
    let missing = with_code(&found, "property-missing-from-page");
    assert!(
        missing.iter().all(|d| d.message.contains("prompt")),
        "{:?}",
        codes(&found)
    );
    assert!(
        with_code(&found, "property-not-in-metadata")
            .iter()
            .all(|d| d.message.contains("subUnit")),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn a_number_is_a_double() {
    let page = resource("widget", "| zoom | number | Zoom level. |", "");
    let ir = graphgen::ir_from_sources([("widget.md", page.as_str())]);
    let zoom = ir
        .types
        .iter()
        .flat_map(|t| &t.properties)
        .find(|p| p.name == "zoom")
        .unwrap();
    assert_eq!(zoom.type_name, "Edm.Double");
}

#[test]
fn a_properties_table_headed_otherwise_is_named_where_it_is() {
    let page = "# fileData resource type\n\nNamespace: microsoft.graph\n\nA file.\n\n## Properties\n| Method | Return Type | Description |\n|:--|:--|:--|\n|data|Binary|The file.|\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.fileData\" } -->\n```json\n{ \"data\": \"AA==\" }\n```\n";
    let found = lint_pages(&[("resources/filedata.md", page)]);
    let missing = with_code(&found, "missing-properties-table");
    assert_eq!(missing.len(), 1, "{:?}", codes(&found));
    assert_eq!(missing[0].line, 8);
    assert!(missing[0]
        .message
        .contains("`Method | Return Type | Description`"));
}

#[test]
fn what_a_page_shows_of_an_open_type_or_of_part_of_a_type() {
    // An open type's JSON keys that are data (ids), not names.
    let open = "# assignments resource type\n\nNamespace: microsoft.graph\n\nAn open type keyed by user id.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| count | Int32 | How many. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"openType\": true, \"@odata.type\": \"microsoft.graph.assignments\" } -->\n```json\n{ \"count\": 1, \"ca2a1df2-e36b-4987-9f6b-0ea462f4eb47\": { \"x\": 1 } }\n```\n";
    // Two pages document parts of one type, each with its own JSON.
    let part = |rows: &str, json: &str| {
        format!("# deviceManagement resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.deviceManagement\" }} -->\n```json\n{json}\n```\n")
    };
    let a = part(
        "| id | String | Key. |\n| mode | String | Mode. |",
        "{ \"id\": \"1\", \"mode\": \"x\" }",
    );
    let b = part(
        "| id | String | Key. |\n| size | Int32 | Size. |",
        "{ \"id\": \"1\", \"size\": 1 }",
    );
    let found = lint_pages(&[
        ("resources/assignments.md", open),
        ("resources/a-devicemanagement.md", &a),
        ("resources/b-devicemanagement.md", &b),
    ]);
    for code in ["property-only-in-json", "property-not-in-json"] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
}

#[test]
fn an_ignored_request_needs_no_response() {
    let page = "# Working with workbooks\n\nNamespace: microsoft.graph\n\n## Examples\n\nAn update of a range:\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /me/drive/root/workbook/worksheets/{id}/range(address='A1')\n```\n\nThe response carries the range.\n";
    let found = lint_pages(&[("resources/workbook-overview.md", page)]);
    assert!(
        none_of(&found, "request-without-response"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn a_description_that_names_every_value_after_its_list() {
    let page = resource(
        "grant",
        "| kind | [kind](#kind-values) | Possible values: `application` for app roles, or `delegated`. The value `delegatedConsentable` is for delegated permissions. |",
        "### kind values\n\n| Member |\n|:--|\n| application |\n| delegated |\n| delegatedConsentable |\n",
    );
    let found = lint_pages(&[("resources/grant.md", &page)]);
    assert!(
        none_of(&found, "enum-values-disagree"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn example_keys_documented_elsewhere_on_the_page_or_of_an_unknown_type() {
    let widget = resource("widget", "| comment | String | A comment. |", "");
    // The update page's own Request body table lists `assignedTo`.
    let update = method(
        "Update widget",
        "PATCH /widgets/{id}",
        "| Property | Type | Description |\n|:--|:--|:--|\n| assignedTo | String | Who. |\n| comment | String | A comment. |",
        "If successful, this method returns a `204 No Content` response code.",
        "```http\nPATCH https://graph.microsoft.com/v1.0/widgets/1\nContent-type: application/json\n\n{ \"assignedTo\": \"a@b.c\", \"comment\": \"x\" }\n```\n\n```http\nHTTP/1.1 204 No Content\n```",
    );
    // An `@odata.type` that names no known type: its fields are not judged.
    let get = widget_get("{ \"id\": \"1\", \"@odata.type\": \"#microsoft.graph.nowhere.widgetLink\", \"link\": \"https://x\" }");
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("api/widget-update.md", &update),
        ("api/widget-get.md", &get),
    ]);
    assert!(
        none_of(&found, "example-unknown-property"),
        "{:?}",
        codes(&found)
    );
    assert_eq!(
        with_code(&found, "example-unknown-odata-type").len(),
        1,
        "{:?}",
        codes(&found)
    );
}

#[test]
fn verify_takes_what_the_metadata_derives_and_a_base_named_under_properties() {
    // `mediaPrompt`'s page names no base; the metadata derives it from the
    // abstract `prompt` the action takes.
    let media = "# mediaPrompt resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| uri | String | The file. |\n";
    let play = method(
        "widget: play",
        "POST /widgets/{id}/play",
        "| Parameter | Type | Description |\n|:--|:--|:--|\n| prompts | [mediaPrompt](../mediaprompt.md) collection | Prompts. |",
        "If successful, this method returns a `204 No Content` response code.",
        "",
    );
    let hosted = "# hostedThing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\nhostedThing derives from [prompt](prompt.md)\n\n| Property | Type | Description |\n|:--|:--|:--|\n| uri | String | The file. |\n";
    let prompt = resource("prompt", "", "");
    let ir = graphgen::ir_from_sources([
        ("prompt.md", prompt.as_str()),
        ("mediaprompt.md", media),
        ("hostedthing.md", hosted),
        ("api/widget-play.md", play.as_str()),
    ]);
    let hosted = ir.types.iter().find(|t| t.name == "hostedThing").unwrap();
    assert_eq!(hosted.base_type.as_deref(), Some("microsoft.graph.prompt"));
    let csdl = verify::read_csdl(CSDL).unwrap();
    let found = graphgen::drift::verify_ops::verify_operations(
        &ir,
        &csdl,
        &graphgen::drift::verify_ops::read_csdl_operations(CSDL).unwrap(),
    );
    assert!(
        none_of(&found, "parameter-type-mismatch"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn a_call_its_examples_make_is_documented_though_the_request_block_forgets_it() {
    let widget = resource("widget", "", "");
    let add = method(
        "WidgetCollection: add",
        "POST /widgets/",
        "| Parameter | Type | Description |\n|:--|:--|:--|\n| name | String | The name. |",
        "If successful, this method returns a `201 Created` response code and a [widget](../widget.md) object in the response body.",
        "<!-- { \"blockType\": \"request\", \"name\": \"add\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/widgets/add\nContent-type: application/json\n\n{ \"name\": \"x\" }\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 201 Created\n```",
    );
    let ir = graphgen::ir_from_sources([
        ("widget.md", widget.as_str()),
        ("api/widgetcollection-add.md", add.as_str()),
    ]);
    let csdl = r#"<?xml version="1.0"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="microsoft.graph" Alias="graph">
  <EntityType Name="widget"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <Action Name="add" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.widget)"/><Parameter Name="name" Type="Edm.String"/><ReturnType Type="graph.widget"/></Action>
</Schema></edmx:DataServices></edmx:Edmx>"#;
    let found = graphgen::drift::verify_ops::verify_operations(
        &ir,
        &verify::read_csdl(csdl).unwrap(),
        &graphgen::drift::verify_ops::read_csdl_operations(csdl).unwrap(),
    );
    assert!(
        none_of(&found, "operation-undocumented"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn what_a_page_says_in_prose_of_open_types_derived_types_and_content() {
    // Open in prose, not in its annotation: its keys are not judged.
    let tokens = "# tokens resource type\n\nNamespace: microsoft.graph\n\nThis is an _open type_ of Boolean flags.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| echo | Boolean | Echo. |\n";
    let widget = resource("widget", "| tokens | [tokens](tokens.md) | Flags. |", "");
    let get = widget_get("{ \"id\": \"1\", \"tokens\": { \"echo\": true, \"Noisy\": true } }");
    // The base page names its derived types; the derived page names none.
    let outcome = "# outcome resource type\n\nNamespace: microsoft.graph\n\nThis is a base class; the derived types are [feedbackOutcome](feedbackoutcome.md) and [pointsOutcome](pointsoutcome.md).\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
    let feedback = "# feedbackOutcome resource type\n\nNamespace: microsoft.graph\n\nFeedback on an [outcome](outcome.md).\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| text | String | The text. |\n";
    // An open property bag told in prose under Properties.
    let bag = "# details resource type\n\nNamespace: microsoft.graph\n\nA bag.\n\n## Properties\n\nA JSON object whose properties vary with the resource.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"openType\": true, \"@odata.type\": \"microsoft.graph.details\" } -->\n```json\n{ \"ApplicationId\": \"x\" }\n```\n";
    // `$value`: the page's content, not its JSON.
    let content = method(
        "Get page content",
        "GET /widgets/{id}/$value",
        "Don't supply a request body for this method.",
        "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
        "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{ \"LocalizedStrings\": [] }\n```",
    );
    let found = lint_pages(&[
        ("resources/tokens.md", tokens),
        ("resources/widget.md", &widget),
        ("api/widget-get.md", &get),
        ("resources/outcome.md", outcome),
        ("resources/feedbackoutcome.md", feedback),
        ("resources/details.md", bag),
        ("api/widget-get-content.md", &content),
    ]);
    for code in ["example-unknown-property", "missing-properties-table"] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
    let ir = graphgen::ir_from_sources([("outcome.md", outcome), ("feedbackoutcome.md", feedback)]);
    let feedback = ir
        .types
        .iter()
        .find(|t| t.name == "feedbackOutcome")
        .unwrap();
    assert_eq!(
        feedback.base_type.as_deref(),
        Some("microsoft.graph.outcome")
    );
}

#[test]
fn a_request_one_segment_past_the_page_sends_that_member() {
    let font = resource("font", "| bold | Boolean | Bold. |", "");
    let format = resource(
        "format",
        "| rowHeight | Double | Height. |\n| font | [font](font.md) | The font. |",
        "",
    );
    let update = method(
        "Update format",
        "PATCH /ranges/{id}/format",
        "| Property | Type | Description |\n|:--|:--|:--|\n| rowHeight | Double | Height. |",
        "If successful, this method returns a `200 OK` response code and a [format](../resources/format.md) object in the response body.",
        "<!-- { \"blockType\": \"request\", \"name\": \"font\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/ranges/1/format/font\nContent-type: application/json\n\n{ \"bold\": true }\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```",
    );
    let update = update.replace(
        "## Request body\n\n",
        "## Request body\n\nIn the request body, supply a [format](../resources/format.md) object.\n\n",
    );
    let found = lint_pages(&[
        ("resources/font.md", &font),
        ("resources/format.md", &format),
        ("api/format-update.md", &update),
    ]);
    assert!(
        none_of(&found, "example-unknown-property"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn an_example_is_not_held_to_a_row_its_own_page_contradicts() {
    let widget = "# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| mode | String collection | The mode. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"id\": \"1\", \"mode\": \"String\" }\n```\n";
    let get = widget_get("{ \"id\": \"1\", \"mode\": \"Away\" }");
    let found = lint_pages(&[("resources/widget.md", widget), ("api/widget-get.md", &get)]);
    assert_eq!(
        with_code(&found, "table-json-mismatch").len(),
        1,
        "{:?}",
        codes(&found)
    );
    assert!(none_of(&found, "example-wrong-kind"), "{:?}", codes(&found));
}

#[test]
fn a_section_headed_with_the_type_and_a_collection_shown_by_its_odata_type() {
    let page = "# operationError resource type\n\nNamespace: microsoft.graph\n\nAn error.\n\n## operationError Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| code | String | The code. |\n| authorities | [authority](authority.md) collection | The authorities. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.operationError\" } -->\n```json\n{ \"code\": \"x\", \"authorities\": {\"@odata.type\": \"collection(microsoft.graph.authority)\"} }\n```\n";
    let authority = resource("authority", "", "");
    let found = lint_pages(&[
        ("resources/operationerror.md", page),
        ("resources/authority.md", &authority),
    ]);
    for code in ["missing-section", "table-json-mismatch"] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
}
