//! Reading method pages into operations: the seed's own call, each form the
//! corpus uses, and each kind of bad input (a diagnostic with a stable code
//! and its line; the rest still read). The pages here are written for the
//! tests in the docs' format.

use graphgen::ir::{BindingKind, Grant, Ir, Operation};
use graphgen::ir_from_sources;

const SEED: &str = include_str!("../../docs-input/playPromptOperation.md");
const RESULT_INFO: &str = include_str!("../../docs-input/resultInfo.md");

fn resource(name: &str, key: bool, rows: &str) -> String {
    let key = if key { "\"keyProperty\": \"id\", " } else { "" };
    format!("# {name} resource type\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n\n<!-- {{ \"blockType\": \"resource\", {key}\"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{}}\n```\n")
}

const CALL_PLAYPROMPT: &str = r##"---
title: "call: playPrompt"
---

# call: playPrompt

Namespace: microsoft.graph

Plays a prompt in the call.

## Permissions

| Permission type                        | Permissions (from least to most privileged) |
|:---------------------------------------|:--------------------------------------------|
| Delegated (work or school account)     | Not supported.                              |
| Delegated (personal Microsoft account) | Not Supported.                              |
| Application                            | Calls.Initiate.All, Calls.AccessMedia.All   |

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
POST /communications/calls/{id}/playPrompt
```

## Request headers

| Name          | Description               |
|:--------------|:--------------------------|
| Authorization | Bearer {token}. Required. |

## Request body

In the request body, provide a JSON object with the following parameters.

| Parameter     | Type                               | Description                 |
|:--------------|:-----------------------------------|:----------------------------|
| prompts       | [prompt](prompt.md) collection     | The prompts to play. Required. |
| clientContext | String                             | A client context.           |

## Response

If successful, this method returns a `200 OK` response code and a [playPromptOperation](playpromptoperation.md) object in the response body.

## Example

### Request

<!-- { "blockType": "request", "name": "call-playprompt" } -->
```http
POST https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/playPrompt
Content-Type: application/json

{
  "clientContext": "d45324c1",
  "prompts": [ { "@odata.type": "#microsoft.graph.prompt" } ]
}
```

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.playPromptOperation" } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "id": "0fe0623f",
  "status": "running",
  "clientContext": "d45324c1"
}
```
"##;

fn seed_ir(extra: &[(&str, &str)]) -> Ir {
    let call = resource(
        "call",
        true,
        "| id | String | The id. |\n| state | String | The state. |",
    );
    let prompt = resource("prompt", false, "| kind | String | The kind. |");
    let get_call = "# Get call\n\n## HTTP request\n\n```http\nGET /communications/calls/{id}\n```\n\n## Response\n\nReturns a `200 OK` response code and a [call](call.md) object.\n";
    let mut pages: Vec<(&str, String)> = vec![
        ("playPromptOperation.md", SEED.to_string()),
        ("resultInfo.md", RESULT_INFO.to_string()),
        ("call.md", call),
        ("prompt.md", prompt),
        ("api/call-get.md", get_call.to_string()),
        ("api/call-playprompt.md", CALL_PLAYPROMPT.to_string()),
    ];
    pages.extend(extra.iter().map(|(p, t)| (*p, t.to_string())));
    ir_from_sources(pages.iter().map(|(p, t)| (*p, t.as_str())))
}

fn grant(alternatives: &[&[&str]], least_privileged: usize) -> Grant {
    Grant {
        supported: true,
        alternatives: alternatives
            .iter()
            .map(|a| a.iter().map(|s| s.to_string()).collect())
            .collect(),
        least_privileged,
        marked: Vec::new(),
        line: 0,
    }
}

fn op<'a>(ir: &'a Ir, path: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|o| o.source.path == path)
        .unwrap_or_else(|| panic!("no operation from {path}: {:#?}", ir.diagnostics))
}

fn has(ir: &Ir, code: &str, path: &str, line: usize) -> bool {
    ir.diagnostics
        .iter()
        .any(|d| d.code == code && d.path == path && d.line == line)
}

#[test]
fn the_seeds_own_call_play_prompt() {
    let ir = seed_ir(&[]);
    let o = op(&ir, "api/call-playprompt.md");
    assert_eq!(
        (o.name.as_str(), o.source.line, o.method.as_str()),
        ("call: playPrompt", 5, "POST")
    );
    assert_eq!(o.description, "Plays a prompt in the call.");
    assert_eq!(o.paths, ["/communications/calls/{id}/playPrompt"]);
    let b = o.binding.as_ref().expect("binding");
    assert_eq!(
        (b.kind, b.name.as_str(), b.bound_to.as_deref(), b.collection),
        (
            BindingKind::Action,
            "playPrompt",
            Some("microsoft.graph.call"),
            false
        )
    );
    let params: Vec<(&str, &str, bool, bool)> = o
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.type_name.as_str(),
                p.collection,
                p.nullable,
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("prompts", "microsoft.graph.prompt", true, false),
            ("clientContext", "Edm.String", false, true)
        ]
    );
    assert_eq!(o.request_body, None, "an action's body is its parameters");
    assert_eq!(o.responses.len(), 1);
    assert_eq!(
        (o.responses[0].status, o.responses[0].type_name.as_deref()),
        (200, Some("microsoft.graph.playPromptOperation"))
    );
    let p = &o.permissions[0];
    assert_eq!(p.delegated_work, Some(Grant::unsupported()));
    assert_eq!(p.delegated_personal, Some(Grant::unsupported()));
    assert_eq!(
        p.application,
        Some(grant(
            &[&["Calls.Initiate.All"], &["Calls.AccessMedia.All"]],
            1
        ))
    );
    assert_eq!(o.headers[0].name, "Authorization");
    assert!(o.headers[0].required);
    assert_eq!(o.examples.len(), 2);
    assert_eq!(o.examples[0].method.as_deref(), Some("POST"));
    assert_eq!(o.examples[1].status, Some(200));
    // The IR JSON carries operations, not examples.
    let json = ir.to_json();
    assert!(json.contains("\"operations\"") && !json.contains("\"examples\""));
}

fn method_page(heading: &str, request: &str, rest: &str) -> String {
    format!("# {heading}\n\nNamespace: microsoft.graph\n\nDoes something.\n\n## HTTP Request\n\n{request}\n\n{rest}")
}

#[test]
fn request_blocks_in_every_form() {
    let block = "``` http\n// the signed-in user\nGET https://graph.microsoft.com/v1.0/me/drive/root:/{item-path}:/content?$format=pdf\n\nGET /users/{id | userPrincipalName}/photo/$value\nGET /beta/users/{user-id}/manager/$ref\nGET /users/$count\n```";
    let plain = "```\nPATCH /users/{usersId}\n```";
    let ir = seed_ir(&[
        ("api/a.md", &method_page("Get content", block, "")),
        ("api/b.md", &method_page("Update user", plain, "")),
    ]);
    assert_eq!(
        op(&ir, "api/a.md").paths,
        [
            "/me/drive/root:/{item-path}:/content",
            "/users/{id | userPrincipalName}/photo/$value",
            "/users/{user-id}/manager/$ref",
            "/users/$count"
        ]
    );
    let b = op(&ir, "api/b.md");
    assert_eq!(
        (b.method.as_str(), b.paths.as_slice()),
        ("PATCH", ["/users/{usersId}".to_string()].as_slice())
    );
    assert!(b.binding.is_none());
}

#[test]
fn functions_with_parameters_in_the_url() {
    let page = method_page(
        "user: reminderView",
        "```http\nGET /users/{id | userPrincipalName}/reminderView(startDateTime=startDateTime-value,endDateTime=endDateTime-value)\n```",
        "## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| startDateTime | String | The start. |\n| endDateTime | String | The end. |\n\n## Response\n\nReturns `200 OK` and a [reminder](reminder.md) collection in the response body.\n",
    );
    let user = resource("user", true, "| id | String | The id. |");
    let reminder = resource("reminder", false, "| eventId | String | The event. |");
    let get_user = "# Get user\n\n## HTTP request\n\n```http\nGET /users/{id}\n```\n\n## Response\n\nReturns `200 OK` and a [user](user.md) object.\n";
    let ir = seed_ir(&[
        ("user.md", &user),
        ("reminder.md", &reminder),
        ("api/user-get.md", get_user),
        ("api/user-reminderview.md", &page),
    ]);
    let o = op(&ir, "api/user-reminderview.md");
    let b = o.binding.as_ref().expect("binding");
    assert_eq!(
        (b.kind, b.name.as_str(), b.bound_to.as_deref()),
        (
            BindingKind::Function,
            "reminderView",
            Some("microsoft.graph.user")
        )
    );
    assert_eq!(
        o.parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["startDateTime", "endDateTime"]
    );
    assert_eq!(
        (
            o.responses[0].type_name.as_deref(),
            o.responses[0].collection
        ),
        (Some("microsoft.graph.reminder"), true)
    );
}

#[test]
fn a_heading_word_spelled_without_its_prefix() {
    // `Range: format` names `workbookRange`; the path says which.
    let range = resource(
        "workbookRange",
        false,
        "| address | String | The address. |",
    );
    let other = resource("dateRange", false, "| start | String | The start. |");
    let get = "# Get Range\n\n## HTTP request\n\n```http\nGET /workbook/names/{name}/range\n```\n\n## Response\n\nReturns `200 OK` and a [Range](range.md) object.\n";
    let page = method_page("Range: clear", "```http\nPOST /workbook/names/{name}/range/clear\n```", "## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| applyTo | string | What to clear. |\n\n## Response\n\nReturns `200 OK`.\n");
    let ir = seed_ir(&[
        ("range.md", &range),
        ("daterange.md", &other),
        ("api/range-get.md", get),
        ("api/range-clear.md", &page),
    ]);
    let b = op(&ir, "api/range-clear.md")
        .binding
        .clone()
        .expect("binding");
    assert_eq!(
        (b.name.as_str(), b.bound_to.as_deref()),
        ("clear", Some("microsoft.graph.workbookRange"))
    );
}

#[test]
fn permissions_query_options_headers_and_bodies() {
    let page = method_page(
        "Create widget",
        "```http\nPOST /widgets\n```",
        "## Prerequisites\n\n|Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n|Delegated (work or school account) | Widget.ReadWrite, Directory.ReadWrite.All |\n|Delegated (personal Microsoft account) | Not applicable. |\n|Application | None. |\n\n## Optional query parameters\n\nThis method supports the `$select` and `$expand` [OData query parameters](/graph/query-parameters). It does not support `$search`.\n\n## Request headers\n\n| Header | Value |\n|:--|:--|\n| Authorization | Bearer {token}. Required. |\n| Prefer | return=minimal. Optional. |\n\n## Request body\n\nIn the request body, supply a JSON representation of [widget](widget.md) object.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| size | Int32 | The size. |\n\n## Response\n\nIf successful, this method returns `201 Created` and a [widget](widget.md) object.\n",
    );
    let widget = resource(
        "widget",
        true,
        "| id | String | The id. |\n| size | Int32 | The size. |",
    );
    let ir = seed_ir(&[("widget.md", &widget), ("api/widget-post.md", &page)]);
    let o = op(&ir, "api/widget-post.md");
    let p = &o.permissions[0];
    assert_eq!(
        p.delegated_work,
        Some(grant(
            &[&["Widget.ReadWrite"], &["Directory.ReadWrite.All"]],
            1
        ))
    );
    assert_eq!(p.delegated_personal, Some(Grant::unsupported()));
    assert_eq!(
        p.application,
        Some(grant(&[], 0)),
        "None.: no permission needed"
    );
    assert_eq!(o.query_options, ["$expand", "$select"]);
    assert_eq!(
        o.headers
            .iter()
            .map(|h| (h.name.as_str(), h.required))
            .collect::<Vec<_>>(),
        [("Authorization", true), ("Prefer", false)]
    );
    let body = o.request_body.as_ref().expect("body");
    assert_eq!(
        (body.type_name.as_str(), body.properties.as_slice()),
        ("microsoft.graph.widget", ["size".to_string()].as_slice())
    );
    assert_eq!(o.responses[0].status, 201);
    assert!(o.binding.is_none(), "a create is not an action");
}

#[test]
fn binary_uploads_and_no_content() {
    let upload = method_page("Upload content", "```http\nPUT /me/drive/items/{id}/content\n```", "## Request body\n\nThe contents of the request body should be the binary stream of the file.\n\n## Response\n\nReturns a `204 No Content` response code.\n");
    let delete = method_page("Delete widget", "```http\nDELETE /widgets/{id}\n```", "## Request body\n\nDo not supply a request body for this method.\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n");
    let ir = seed_ir(&[("api/upload.md", &upload), ("api/delete.md", &delete)]);
    let u = op(&ir, "api/upload.md");
    assert_eq!(
        u.request_body.as_ref().map(|b| b.type_name.as_str()),
        Some("Edm.Stream")
    );
    let d = op(&ir, "api/delete.md");
    assert_eq!(
        (
            d.request_body.is_none(),
            d.responses[0].status,
            d.responses[0].type_name.is_none()
        ),
        (true, 204, true)
    );
}

#[test]
fn the_response_section_against_the_response_example() {
    let page = method_page(
        "List widgets",
        "```http\nGET /widgets\n```",
        "## Response\n\nReturns `200 OK` and a [widget](widget.md) object.\n\n## Example\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"value\": [ { \"id\": \"1\" } ] }\n```\n",
    );
    let widget = resource("widget", true, "| id | String | The id. |");
    let ir = seed_ir(&[("widget.md", &widget), ("api/widget-list.md", &page)]);
    let o = op(&ir, "api/widget-list.md");
    // The payload's `value` array decides: a collection.
    assert_eq!(
        (
            o.responses[0].type_name.as_deref(),
            o.responses[0].collection
        ),
        (Some("microsoft.graph.widget"), true)
    );
    let d: Vec<_> = ir
        .diagnostics
        .iter()
        .filter(|d| d.path == "api/widget-list.md")
        .collect();
    assert!(
        has(&ir, "response-example-mismatch", "api/widget-list.md", 20),
        "{d:#?}"
    );
}

#[test]
fn bad_input_is_a_diagnostic_and_the_rest_is_read() {
    let no_block = method_page("Get nothing", "No block here.", "");
    let bad_lines = method_page("Get odd", "```http\nFETCH /widgets\nGET the widgets endpoint\nGET /widgets\n```", "## Response\n\nReturns `200 OK` and a [gadget](../resources/gadget.md) object.\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"id\": 1,, }\n```\n");
    let bad_heading = method_page(
        "nosuchtype: frob",
        "```http\nPOST /gadgets/{id}/frob\n```",
        "",
    );
    let ir = seed_ir(&[
        ("api/none.md", &no_block),
        ("api/odd.md", &bad_lines),
        ("api/frob.md", &bad_heading),
    ]);
    assert!(
        has(&ir, "no-http-request", "api/none.md", 7),
        "{:#?}",
        ir.diagnostics
    );
    let d: Vec<_> = ir
        .diagnostics
        .iter()
        .filter(|d| d.path == "api/odd.md")
        .collect();
    assert!(has(&ir, "unknown-http-method", "api/odd.md", 10), "{d:#?}");
    assert!(has(&ir, "request-line-not-a-path", "api/odd.md", 11));
    assert!(has(&ir, "unresolved-response-type", "api/odd.md", 17));
    assert!(has(&ir, "invalid-example-json", "api/odd.md", 23));
    assert_eq!(op(&ir, "api/odd.md").paths, ["/widgets"]);
    // A heading word that names no type is kept as written, with a warning.
    assert!(has(&ir, "unknown-bound-type", "api/frob.md", 1));
    let frob = op(&ir, "api/frob.md").binding.clone().expect("binding");
    assert_eq!(frob.bound_to.as_deref(), Some("microsoft.graph.nosuchtype"));
    assert!(ir.operations.iter().all(|o| o.source.path != "api/none.md"));
    // The seed's call is still read beside them.
    assert!(op(&ir, "api/call-playprompt.md").binding.is_some());
}
