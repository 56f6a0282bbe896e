//! Findings a writer would reject, each class on a small page written for
//! the test (every one of these gave a false or repeated finding before),
//! and the page checks: links, request and response pairs, outlines.

use graphgen::drift::{verify, verify_ops};

#[path = "support/pages.rs"]
mod pages;
use pages::{codes, lint_pages, method, none_of, resource, SeverityName, CSDL};

#[test]
fn a_values_table_of_a_string_property_is_no_enum_and_null_is_no_value() {
    let page = resource(
        "printer",
        "| mediaSizes | String collection | Sizes. |\n| mode | [mode](#mode-values) | Possible values are: `null`, `on`. |",
        "### mediaSizes values\n\n| Value |\n|:--|\n| North America Letter |\n| North America Legal |\n\n### mode values\n\n| Member |\n|:--|\n| on |\n",
    );
    let found = lint_pages(&[("printer.md", &page)]);
    for code in [
        "duplicate-member",
        "bad-property-name",
        "enum-values-disagree",
    ] {
        assert!(none_of(&found, code), "{code}: {:?}", codes(&found));
    }
    let ir = graphgen::ir_from_sources([("printer.md", page.as_str())]);
    assert!(ir.find("microsoft.graph.mediaSizes").is_none());
    assert!(ir.find("microsoft.graph.mode").is_some());
}

#[test]
fn properties_none_and_tabs_in_a_delimiter_row() {
    let none = "# recipient resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\nNone.\n\n## JSON representation\n\n```json\n{}\n```\n";
    let tabs = "# usage resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property\t\t| Type | Description |\n| ---- \t\t|------| ---- |\n| seen | DateTimeOffset | When. |\n\n## JSON representation\n\n```json\n{ \"seen\": \"2021-01-01T00:00:00Z\" }\n```\n";
    let found = lint_pages(&[("recipient.md", none), ("usage.md", tabs)]);
    assert!(
        none_of(&found, "missing-properties-table"),
        "{:?}",
        codes(&found)
    );
}

fn list_page(prose: &str, annotation: &str, body: &str) -> String {
    method(
        "List widgets",
        "GET /widgets",
        "Don't supply a request body for this method.",
        prose,
        &format!("```http\nGET https://graph.microsoft.com/v1.0/widgets\n```\n\n<!-- {{ \"blockType\": \"response\", {annotation} }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```"),
    )
}

#[test]
fn a_methods_table_is_held_to_what_the_method_page_says() {
    let table = "## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n| [List widgets](../api/widget-list.md) | [widget](widget.md) collection | All. |\n| [Get widget](../api/widget-get.md) | [widget](widget.md) | One. |\n| [Get extension](../api/extension-get.md) | [widget](widget.md) | Expanded. |\n";
    let widget = resource("widget", "", table);
    let extension = resource("extension", "", "");
    // Prose says "all ... objects"; the annotation forgets isCollection.
    let list = list_page(
        "If successful, this method returns a `200 OK` response code and all [widget](../resources/widget.md) objects in the response body.",
        "\"@odata.type\": \"microsoft.graph.widget\"",
        "{ \"value\": [ { \"id\": \"1\" } ] }",
    );
    // The request section is not headed `## HTTP request`.
    let get = "---\ndoc_type: apiPageType\n---\n# Get widget\n\nNamespace: microsoft.graph\n\n## Get the root widget\n\n```http\nGET /widgets/{id}\n```\n\n## Response\n\nReturns a `200 OK` response code and a [widget](../resources/widget.md) object.\n\n## Example\n\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n```http\nHTTP/1.1 200 OK\n```\n";
    // What comes back is the resource the path names, expanded with one.
    let expanded = method(
        "Get extension",
        "GET /widgets/{id}?$expand=extensions",
        "Don't supply a request body for this method.",
        "The response body includes an object representing the requested resource instance, expanded with the matching [extension](../resources/extension.md) object.",
        "```http\nGET https://graph.microsoft.com/v1.0/widgets/1?$expand=extensions\n```\n\n```http\nHTTP/1.1 200 OK\n```",
    );
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("resources/extension.md", &extension),
        ("api/widget-list.md", &list),
        ("api/widget-get.md", get),
        ("api/extension-get.md", &expanded),
    ]);
    assert!(
        none_of(&found, "methods-table-return-mismatch"),
        "{:?}",
        codes(&found)
    );
    assert!(none_of(&found, "broken-link"), "{:?}", codes(&found));
    // The defect is the method page's: one finding, there.
    assert!(
        codes(&found).contains(&("missing-section", "api/widget-get.md", 4)),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn prose_links_that_name_no_returned_body() {
    let printer = resource("printer", "", "");
    let operation = resource("printerCreateOperation", "", "");
    let errors = "# Error codes\n\nThe codes.\n";
    let create = method(
        "Create printer",
        "POST /print/printers/create",
        "In the request body, supply a JSON object with the following parameters.\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| displayName | String | The name. |",
        "If successful, this method returns a `202 Accepted` response code and a link to the associated [printerCreateOperation](../resources/printerCreateOperation.md) in the `Operation-Location` header. See [error codes](../resources/error-codes.md).",
        "```http\nPOST https://graph.microsoft.com/v1.0/print/printers/create\n```\n\n```http\nHTTP/1.1 202 Accepted\n```",
    );
    let ir = graphgen::ir_from_sources([
        ("resources/printer.md", printer.as_str()),
        ("resources/printerCreateOperation.md", operation.as_str()),
        ("resources/error-codes.md", errors),
        ("api/printer-create.md", create.as_str()),
    ]);
    let op = &ir.operations[0];
    assert_eq!(
        op.responses[0].type_name, None,
        "a header's link is no body"
    );
    assert!(
        ir.diagnostics
            .iter()
            .all(|d| d.code != "unresolved-response-type"),
        "{:?}",
        ir.diagnostics
    );
}

#[test]
fn a_wrapper_object_is_the_one_parameter() {
    let credential = resource(
        "passwordCredential",
        "| displayName | String | A name. |",
        "",
    )
    .replace("\"keyProperty\": \"id\", ", "");
    let application = resource("application", "", "");
    let add = method(
        "application: addPassword",
        "POST /applications/{id}/addPassword",
        "In the request body, provide an optional `passwordCredential` object with the following properties.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| displayName | String | A name. |",
        "If successful, this method returns a `200 OK` response code and a new [passwordCredential](../resources/passwordCredential.md) object in the response body.",
        "<!-- { \"blockType\": \"request\", \"name\": \"add\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/applications/1/addPassword\nContent-type: application/json\n\n{ \"passwordCredential\": { \"displayName\": \"Password friendly name\" } }\n```\n\n```http\nHTTP/1.1 200 OK\n```",
    );
    let pages = [
        ("resources/passwordCredential.md", credential.as_str()),
        ("resources/application.md", application.as_str()),
        ("api/application-addpassword.md", add.as_str()),
    ];
    let ir = graphgen::ir_from_sources(pages);
    let params: Vec<(&str, &str)> = ir.operations[0]
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.type_name.as_str()))
        .collect();
    assert_eq!(
        params,
        [("passwordCredential", "microsoft.graph.passwordCredential")]
    );
    let found = lint_pages(&pages);
    assert!(
        none_of(&found, "example-unknown-property"),
        "{:?}",
        codes(&found)
    );
}

fn get_widget_with(body: &str) -> String {
    method(
        "Get widget",
        "GET /widgets/{id}",
        "Don't supply a request body for this method.",
        "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
        &format!("```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```"),
    )
}

#[test]
fn one_finding_per_cause_placeholders_and_a_missing_base() {
    let widget = resource(
        "widget",
        "| made | DateTimeOffset | When. |\n| seen | DateTimeOffset | When seen. |\n| size | Int32 | How big. |",
        "",
    );
    let placeholders = get_widget_with("{ \"id\": \"1\", \"made\": \"String (timestamp)\", \"seen\": \"datetime-value\", \"size\": 1 }");
    let inherited = get_widget_with("{ \"id\": \"1\", \"createdDateTime\": \"2021-01-01T00:00:00Z\", \"deletedDateTime\": null }")
        .replace("# Get widget", "# Get widget again");
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("api/widget-get.md", &placeholders),
        ("api/widget-get-again.md", &inherited),
    ]);
    let placeholder: Vec<_> = found
        .iter()
        .filter(|d| d.code == "example-placeholders")
        .collect();
    assert_eq!(placeholder.len(), 1, "{:?}", codes(&found));
    assert!(
        placeholder[0].message.contains("2 placeholders"),
        "{}",
        placeholder[0].message
    );
    assert!(none_of(&found, "example-bad-value"), "{:?}", codes(&found));
    // `widget` names no base: the two unknown properties are one finding,
    // at its page.
    let unknown: Vec<_> = found
        .iter()
        .filter(|d| d.code == "example-unknown-property")
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", codes(&found));
    assert_eq!(unknown[0].path, "resources/widget.md");
    assert!(
        unknown[0].message.contains("2 properties"),
        "{}",
        unknown[0].message
    );
}

#[test]
fn values_that_only_look_like_placeholders() {
    let widget = resource(
        "widget",
        "| body | String | HTML. |\n| messageId | String | The header. |\n| comment | String | Its id. |\n| underline | String | Possible values are: None, Single, Double. |\n| kind | [kind](#kind-values) | The kind. |\n| label | String | A label. |",
        "### kind values\n\n| Member |\n|:--|\n| string |\n| int64 |\n",
    );
    // Markup, a message id, a braced GUID, a value the description names
    // and an enum member are values; `String` in `label` is a placeholder.
    let response = get_widget_with("{ \"id\": \"1\", \"body\": \"<html><body>Hi</body></html>\", \"messageId\": \"<AB12@x.outlook.com>\", \"comment\": \"{97A21473-8339-4BF0-BCB6-F55E4909FFB8}\", \"underline\": \"Single\", \"kind\": \"string\", \"label\": \"String\" }");
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("api/widget-get.md", &response),
    ]);
    let placeholder: Vec<_> = found
        .iter()
        .filter(|d| d.code == "example-placeholders")
        .collect();
    assert_eq!(placeholder.len(), 1, "{:?}", codes(&found));
    assert!(
        placeholder[0].message.contains("1 placeholder where")
            && placeholder[0].message.contains("$.label `String`"),
        "{}",
        placeholder[0].message
    );
    // In a request, `{parent-id}` and `<password>` mark the reader's own
    // values, as `{id}` does in a path.
    let update = method(
        "Update widget",
        "PATCH /widgets/{id}",
        "In the request body, supply a [widget](../resources/widget.md) object.",
        "If successful, this method returns a `204 No Content` response code.",
        "```http\nPATCH https://graph.microsoft.com/v1.0/widgets/1\nContent-type: application/json\n\n{ \"label\": \"<password>\", \"comment\": \"{parent-id}\" }\n```\n\n```http\nHTTP/1.1 204 No Content\n```",
    );
    let found = lint_pages(&[
        ("resources/widget.md", &widget),
        ("api/widget-update.md", &update),
    ]);
    assert!(
        none_of(&found, "example-placeholders"),
        "{:?}",
        codes(&found)
    );
}

#[test]
fn verify_leaves_what_is_not_a_defect() {
    // The page lists `id` itself instead of naming `entity`; its `sizes`
    // contradicts its own JSON (lint's finding); a derived type where the
    // metadata names the base; a complex type's navigation as a property.
    let widget = "# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n| sizes | String collection | Sizes. |\n| prompt | [mediaPrompt](mediaprompt.md) | A prompt. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"id\": \"1\", \"sizes\": \"String\" }\n```\n";
    let prompt = "# prompt resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\nNone.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.prompt\" } -->\n```json\n{}\n```\n";
    let media = "# mediaPrompt resource type\n\nNamespace: microsoft.graph\n\nInherits from [prompt](prompt.md).\n\n## Properties\n\nNone.\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.prompt\", \"@odata.type\": \"microsoft.graph.mediaPrompt\" } -->\n```json\n{}\n```\n";
    let hit = "# hit resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| resource | [widget](widget.md) | The hit. |\n";
    let play = method(
        "widget: play",
        "POST /widgets/{id}/play",
        "| Parameter | Type | Description |\n|:--|:--|:--|\n| prompts | [mediaPrompt](mediaprompt.md) collection | Prompts. |",
        "If successful, this method returns a `204 No Content` response code.",
        "",
    );
    let pick = method(
        "widget: pick",
        "GET /widgets/{id}/pick(on='on')",
        "",
        "If successful, this method returns a `200 OK` response code and a String value in the response body.",
        "",
    );
    let ir = graphgen::ir_from_sources([
        ("widget.md", widget),
        ("prompt.md", prompt),
        ("mediaprompt.md", media),
        ("hit.md", hit),
        ("api/widget-play.md", play.as_str()),
        ("api/widget-pick.md", pick.as_str()),
    ]);
    let csdl = verify::read_csdl(CSDL).unwrap();
    let mut found = verify::verify(&ir, &csdl, "meta.xml");
    found.extend(verify_ops::verify_operations(
        &ir,
        &csdl,
        &verify_ops::read_csdl_operations(CSDL).unwrap(),
    ));
    let shown: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|d| d.path != "meta.xml")
        .map(|d| (d.code.as_str(), d.severity_name(), d.message.as_str()))
        .collect();
    let base: Vec<_> = shown
        .iter()
        .filter(|(c, _, _)| *c == "base-type-mismatch")
        .collect();
    assert_eq!(base.len(), 1, "{shown:#?}");
    assert_eq!(base[0].1, "note", "{shown:#?}");
    for code in [
        "collection-mismatch",
        "property-type-mismatch",
        "navigation-mismatch",
        "parameter-type-mismatch",
    ] {
        assert!(
            shown.iter().all(|(c, _, _)| *c != code),
            "{code}: {shown:#?}"
        );
    }
}

#[test]
fn base_type_findings_point_where_the_page_names_its_base() {
    let widget = "# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"baseType\": \"microsoft.graph.thing\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"id\": \"1\" }\n```\n";
    let thing = "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
    let ir = graphgen::ir_from_sources([("widget.md", widget), ("thing.md", thing)]);
    let csdl = verify::read_csdl(CSDL).unwrap();
    let found = verify::verify(&ir, &csdl, "meta.xml");
    let base = found
        .iter()
        .find(|d| d.code == "base-type-mismatch" && d.path == "widget.md")
        .expect("a finding");
    assert_eq!(base.line, 13, "the annotation that names the base");
}

#[test]
fn links_anchors_and_the_case_of_file_names() {
    let page = resource(
        "widget",
        "| color | [color](#colour-values) | See [other](Other.md), [gone](gone.md), [values](other.md#kinds), [image](../images/x.png), [note][!NOTE]. |",
        "### color values\n\n| Member |\n|:--|\n| red |\n",
    );
    let other = resource("other", "", "### kinds\n\nKinds.\n");
    let found = lint_pages(&[
        ("resources/widget.md", &page),
        ("resources/other.md", &other),
    ]);
    let links: Vec<(&str, String)> = found
        .iter()
        .filter(|d| {
            ["broken-link", "broken-anchor", "link-case-mismatch"].contains(&d.code.as_str())
        })
        .map(|d| (d.code.as_str(), d.message.clone()))
        .collect();
    assert_eq!(links.len(), 3, "{links:#?}");
    assert!(links
        .iter()
        .any(|(c, m)| *c == "broken-anchor" && m.contains("#colour-values")));
    assert!(links
        .iter()
        .any(|(c, m)| *c == "link-case-mismatch" && m.contains("`other.md`")));
    assert!(links
        .iter()
        .any(|(c, m)| *c == "broken-link" && m.contains("gone.md")));
}

#[test]
fn requests_and_responses_in_pairs_and_sections_in_order() {
    let page = "# Get widget\n\nNamespace: microsoft.graph\n\n## Request body\n\nNone.\n\n## HTTP request\n\n```http\nGET /widgets/{id}\n```\n\n## Examples\n\n### Example 1\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\n```http\nHTTP/1.1 302 Found\nLocation: https://example.com/file\n```\n\n```http\nHTTP/1.1 200 OK\n```\n\n### Example 2\n\n```http\nGET https://graph.microsoft.com/v1.0/widgets/2\n```\n\n### Example 3\n\n```http\nHTTP/1.1 204 No Content\n```\n";
    let found = lint_pages(&[("api/widget-get.md", page)]);
    let got: Vec<(&str, usize)> = found
        .iter()
        .filter(|d| d.path == "api/widget-get.md")
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    assert!(
        got.contains(&("missing-section", 1)),
        "no Response: {got:?}"
    );
    assert!(got.contains(&("section-out-of-order", 9)), "{got:?}");
    // The 200 after the redirect answers it; example 2's request has no
    // response, example 3's response no request.
    assert!(got.contains(&("request-without-response", 35)), "{got:?}");
    assert!(got.contains(&("response-without-request", 41)), "{got:?}");
    assert_eq!(
        got.iter()
            .filter(|(c, _)| c.ends_with("-request") || c.ends_with("-response"))
            .count(),
        2,
        "{got:?}"
    );
}

#[test]
fn an_outline_file_replaces_the_default() {
    let outline = graphgen::drift::page_checks::Outline::parse(
        "[method]\nrequired = HTTP request, Notes\norder = HTTP request, Notes\n[resource]\nrequired = Properties\n",
    )
    .unwrap();
    assert_eq!(outline.method.required.len(), 2);
    assert!(graphgen::drift::page_checks::Outline::parse("required = x\n").is_err());
}

#[test]
fn a_section_at_the_wrong_level_and_a_page_laid_out_by_scenario() {
    // `### Response` inside `## Request body`: the heading to fix.
    let misplaced = "# Refresh widget\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nPOST /widgets/{id}/refresh\n```\n\n## Request body\n\nNone.\n\n### Response\n\nIf successful, `204 No Content`.\n\n## Example\n\n```http\nPOST https://graph.microsoft.com/v1.0/widgets/1/refresh\n```\n\n```http\nHTTP/1.1 204 No Content\n```\n";
    // Each scenario with its own `### HTTP request` and `### Response`.
    let scenarios = "# Get widget\n\nNamespace: microsoft.graph\n\n## Get your widget\n\n### HTTP request\n\n```http\nGET /me/widget\n```\n\n### Response\n\nA widget.\n\n## Example\n\n```http\nGET https://graph.microsoft.com/v1.0/me/widget\n```\n\n```http\nHTTP/1.1 200 OK\n```\n";
    let found = lint_pages(&[
        ("api/widget-refresh.md", misplaced),
        ("api/widget-get.md", scenarios),
    ]);
    let sections: Vec<(&str, usize, &str)> = found
        .iter()
        .filter(|d| d.code == "missing-section")
        .map(|d| (d.path.as_str(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(sections.len(), 1, "{sections:?}");
    assert_eq!(sections[0].0, "api/widget-refresh.md");
    assert_eq!(sections[0].1, 15, "{sections:?}");
    assert!(sections[0].2.contains("level-3"), "{sections:?}");
}

#[test]
fn pairs_read_as_writers_write_them() {
    // A status line without a version; an upload to the address a session
    // gave; a table of examples under its own heading between a request and
    // its response; a response told in prose; a request with no method.
    let page = "# Upload widget\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nPOST /widgets\n```\n\n## Response\n\nA widget.\n\n## Example\n\n### Example 1\n\n```http\nPOST https://graph.microsoft.com/v1.0/widgets\n```\n\n##### Resources examples\n\n| Resource | Path |\n|:--|:--|\n| widget | /widgets |\n\n##### Response\n\n```http\nHTTP 201 Created\n```\n\n### Example 2\n\n```http\nPUT https://upload.example.com/up/123\n```\n\n```http\nHTTP/1.1 202 Accepted\n```\n\n### Example 3\n\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1/$value\n```\n\n##### Response\n\nThe widget's bytes, with `200 OK`.\n\n### Example 4\n\n```http\nhttps://graph.microsoft.com/v1.0/widgets/1\n```\n\n```http\nHTTP/1.1 200 OK\n```\n\n### Example 5\n\n```http\nPATCH https://graph.microsoft.com/v1.0/widgets/1\n```\n\n### Widget limits\n\nTen a day.\n\n```http\nHTTP/1.1 200 OK\n```\n";
    let found = lint_pages(&[("api/widget-upload.md", page)]);
    let got: Vec<(&str, usize)> = found
        .iter()
        .filter(|d| d.code.ends_with("-request") || d.code.ends_with("-response"))
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    // Only example 5's request, whose example a heading of its level ends,
    // is unanswered; the response after that heading has no request.
    assert_eq!(
        got,
        vec![
            ("request-without-response", 67),
            ("response-without-request", 75)
        ],
        "{got:?}"
    );
}
