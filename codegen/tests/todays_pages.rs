//! Method pages as the docs write them today: DocFX includes (permission
//! tables, request bodies, notes), SDK tab headings, `msgraph-interactive`
//! fences, permission annotations, headers tables with a Type column,
//! entities; permissions in every layout; and pages that document several
//! calls. Each page here is written for the test in the docs' format.

use graphgen::ir::{Grant, Ir, Operation, Permissions};
use graphgen::{ir_from_paths, ir_from_sources};

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

fn ops<'a>(ir: &'a Ir, path: &str) -> Vec<&'a Operation> {
    ir.operations
        .iter()
        .filter(|o| o.source.path == path)
        .collect()
}

fn codes(ir: &Ir) -> Vec<(&str, &str, usize)> {
    ir.diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str(), d.line))
        .collect()
}

const WIDGET: &str = "# widget resource type\n\nNamespace: microsoft.graph\n\nA widget.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n| size | Int32 | The size. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"id\": \"1\", \"size\": 2 }\n```\n";

const GET_WIDGET: &str = r##"---
title: "Get widget"
ms.topic: reference
---

# Get widget

Namespace: microsoft.graph

Get a [widget](../resources/widget.md).

[!INCLUDE [national-cloud-support](../../includes/all-clouds.md)]

## Permissions

Choose the permission or permissions marked as least privileged for this API.

<!-- { "blockType": "permissions", "name": "widget_get" } -->
[!INCLUDE [permissions-table](../includes/permissions/widget-get-permissions.md)]

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
GET /widgets/{id}
```

## Optional request headers

| Name | Type | Description |
|:-----|:-----|:------------|
| Authorization | String | Bearer &lt;token&gt;. Required. |
| Prefer | String | `return=minimal`. Optional. |

## Response

If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.

## Examples

### Request

# [HTTP](#tab/http)
<!-- { "blockType": "request", "name": "get_widget" } -->
```msgraph-interactive
GET https://graph.microsoft.com/v1.0/widgets/1
```

# [C#](#tab/csharp)
[!INCLUDE [sample-code](../includes/snippets/csharp/get-widget-csharp-snippets.md)]
[!INCLUDE [sdk-documentation](../includes/snippets/snippets-sdk-documentation-link.md)]

---

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{ "id": "1", "size": 2 }
```
"##;

const WIDGET_GET_PERMISSIONS: &str = "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\nms.topic: include\n---\n\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|Widget.Read|Widget.ReadWrite, Directory.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|Widget.Read.All, Widget.Read.Owned|Widget.ReadWrite.All|\n";

const ALL_CLOUDS: &str = "---\nms.topic: include\n---\n\nThis API is available in the following national cloud deployments.\n\n| Global service | China |\n|---|---|\n| :heavy_check_mark: | :heavy_check_mark: |\n";

const UPDATE_WIDGET: &str = "# Update widget\n\nNamespace: microsoft.graph\n\nUpdate a widget.\n\n## HTTP request\n\n```http\nPATCH /widgets/{id}\n```\n\n## Request body\n\n[!INCLUDE [widget-body](../includes/widget-update-body.md)]\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n";

const UPDATE_BODY: &str = "---\nms.topic: include\n---\n\nIn the request body, supply a JSON representation of the [widget](../resources/widget.md) object.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| size | Int32 | The size. |\n";

fn todays_widget_pages() -> Ir {
    ir_from_sources([
        ("v1.0/resources/widget.md", WIDGET),
        ("v1.0/api/widget-get.md", GET_WIDGET),
        ("v1.0/api/widget-update.md", UPDATE_WIDGET),
        (
            "v1.0/includes/permissions/widget-get-permissions.md",
            WIDGET_GET_PERMISSIONS,
        ),
        ("v1.0/includes/widget-update-body.md", UPDATE_BODY),
        ("includes/all-clouds.md", ALL_CLOUDS),
    ])
}

#[test]
fn permissions_from_an_include_with_least_privileged_marked() {
    let ir = todays_widget_pages();
    let get = ops(&ir, "v1.0/api/widget-get.md");
    assert_eq!(
        get.len(),
        1,
        "include files are not pages: {:?}",
        ir.operations
    );
    assert_eq!(
        get[0].permissions,
        [Permissions {
            applies_to: None,
            delegated_work: Some(grant(
                &[
                    &["Widget.Read"],
                    &["Widget.ReadWrite"],
                    &["Directory.Read.All"]
                ],
                1
            )),
            delegated_personal: Some(Grant::unsupported()),
            application: Some(grant(
                &[
                    &["Widget.Read.All"],
                    &["Widget.Read.Owned"],
                    &["Widget.ReadWrite.All"]
                ],
                2
            )),
            source: graphgen::ir::Source {
                path: "v1.0/includes/permissions/widget-get-permissions.md".into(),
                line: 6,
            },
        }]
    );
    assert!(ir.diagnostics.is_empty(), "{:?}", codes(&ir));
}

#[test]
fn tab_headings_interactive_fences_headers_with_types_and_entities() {
    let ir = todays_widget_pages();
    let get = ops(&ir, "v1.0/api/widget-get.md")[0];
    assert_eq!(get.description, "Get a widget.");
    let headers: Vec<(&str, bool, &str)> = get
        .headers
        .iter()
        .map(|h| (h.name.as_str(), h.required, h.description.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("Authorization", true, "Bearer <token>. Required."),
            ("Prefer", false, "return=minimal. Optional.")
        ]
    );
    let shown: Vec<(Option<&str>, Option<u16>)> = get
        .examples
        .iter()
        .map(|e| (e.url.as_deref(), e.status))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("https://graph.microsoft.com/v1.0/widgets/1"), None),
            (None, Some(200))
        ]
    );
    assert_eq!(
        get.responses[0].type_name.as_deref(),
        Some("microsoft.graph.widget")
    );
}

#[test]
fn a_request_body_described_by_an_include_and_no_headers_section() {
    let ir = todays_widget_pages();
    let update = ops(&ir, "v1.0/api/widget-update.md")[0];
    let body = update.request_body.as_ref().expect("a body");
    assert_eq!(
        (body.type_name.as_str(), body.properties.as_slice()),
        ("microsoft.graph.widget", ["size".to_string()].as_slice())
    );
    assert!(update.headers.is_empty());
    assert!(update.permissions.is_empty(), "no Permissions section");
}

fn method_page(heading: &str, permissions: &str, request: &str) -> String {
    format!("# {heading}\n\nNamespace: microsoft.graph\n\nDoes something.\n\n## Permissions\n\n{permissions}\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object.\n")
}

fn permissions_of(permissions: &str) -> (Vec<Permissions>, Ir) {
    let page = method_page("Get widget", permissions, "GET /widgets/{id}");
    let ir = ir_from_sources([
        ("resources/widget.md", WIDGET),
        ("api/widget-get.md", &page),
    ]);
    (ops(&ir, "api/widget-get.md")[0].permissions.clone(), ir)
}

#[test]
fn a_row_per_resource_and_a_column_per_kind() {
    let (p, _) = permissions_of("Depending on the calendar, the permission in the following table is the least privileged required.\n\n| Calendar | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n| user calendar | Calendars.Read, Calendars.ReadWrite | Calendars.Read | Calendars.Read |\n| group calendar | Group.Read.All | Not supported. | Not supported. |");
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].applies_to.as_deref(), Some("user calendar"));
    assert_eq!(
        p[0].delegated_work,
        Some(grant(&[&["Calendars.Read"], &["Calendars.ReadWrite"]], 1))
    );
    assert_eq!(p[1].applies_to.as_deref(), Some("group calendar"));
    assert_eq!(p[1].application, Some(Grant::unsupported()));
    assert_eq!(p[1].source.line, 14, "the row's line");
}

#[test]
fn several_tables_each_for_what_its_heading_names() {
    let (p, _) = permissions_of("### Permissions for channel\n\n| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | ChannelMessage.Read.All |\n| Delegated (personal Microsoft account) | Not supported. |\n| Application | ChannelMessage.Read.Group*, ChannelMessage.Read.All |\n\nFor chats:\n\n| Permission type | Permissions (from most to least privileged) |\n|:--|:--|\n| Delegated (work or school account) | Chat.ReadWrite, Chat.Read |\n| Delegated (personal Microsoft account) | Not supported. |\n| Application | AuditLog.Read.All and Directory.Read.All |\n\n> **Note**: Permissions marked with * use resource-specific consent.");
    assert_eq!(
        p.iter()
            .map(|e| e.applies_to.as_deref())
            .collect::<Vec<_>>(),
        [Some("Permissions for channel"), Some("For chats")]
    );
    let rsc = p[0].application.as_ref().expect("read");
    assert_eq!(rsc.alternatives[0], ["ChannelMessage.Read.Group"]);
    assert_eq!(rsc.marked, ["ChannelMessage.Read.Group"]);
    assert_eq!(
        p[1].delegated_work,
        Some(grant(&[&["Chat.Read"], &["Chat.ReadWrite"]], 1)),
        "most to least privileged, read least first"
    );
    assert_eq!(
        p[1].application,
        Some(grant(&[&["AuditLog.Read.All", "Directory.Read.All"]], 1))
    );
}

#[test]
fn labelled_cells_a_table_without_header_and_unreadable_cells() {
    let (p, ir) = permissions_of("| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | In teams: TeamMember.ReadWrite.All<br/>In channels: ChannelMember.ReadWrite.All |\n| Delegated (personal Microsoft account) | Not supported. |\n| Application | Role required to [create subscription](x.md). |");
    assert_eq!(
        p.iter()
            .map(|e| e.applies_to.as_deref())
            .collect::<Vec<_>>(),
        [Some("In teams"), Some("In channels")]
    );
    assert_eq!(
        p[1].delegated_work,
        Some(grant(&[&["ChannelMember.ReadWrite.All"]], 1))
    );
    assert_eq!(p[0].delegated_personal, Some(Grant::unsupported()));
    assert_eq!(p[0].application, None, "not a list of permissions");
    assert!(codes(&ir).contains(&("unreadable-permission-cell", "api/widget-get.md", 13)));

    let (p, _) = permissions_of("|Delegated (work or school account)|Widget.Read|\n|:--|:--|\n|Application|Widget.Read.All|");
    assert_eq!(p[0].delegated_work, Some(grant(&[&["Widget.Read"]], 0)));
    assert_eq!(p[0].application, Some(grant(&[&["Widget.Read.All"]], 0)));
    assert_eq!(
        p[0].delegated_personal, None,
        "the table says nothing of it"
    );
}

#[test]
fn a_permissions_section_with_nothing_readable_says_so() {
    let (p, ir) = permissions_of(
        "One of the **delegated** Universal Print permissions is required to call this API.",
    );
    assert!(p.is_empty());
    assert!(codes(&ir).contains(&("unreadable-permissions", "api/widget-get.md", 7)));
}

#[test]
fn overloads_and_bindings_are_calls_of_their_own() {
    let site = "# site resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n| widgets | [widget](widget.md) collection | Widgets. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.site\" } -->\n```json\n{}\n```\n";
    let list = "# List widgets\n\n## HTTP request\n\n```http\nGET /widgets\n```\n\n## Response\n\nReturns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects.\n";
    let sites = "# List sites\n\n## HTTP request\n\n```http\nGET /sites\n```\n\n## Response\n\nReturns a `200 OK` response code and a collection of [site](../resources/site.md) objects.\n";
    let report = "# widget: getUsage\n\nNamespace: microsoft.graph\n\nUsage.\n\n## HTTP request\n\n```http\nGET /widgets/{id}/getUsage(period='{period_value}')\nGET /widgets/{id}/getUsage(date={date_value})\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| period | String | The period. |\n| date | Date | The date. |\n\n## Response\n\nReturns a `200 OK` response code and a String.\n";
    let stats = "# Get stats by interval\n\nNamespace: microsoft.graph\n\nStats.\n\n## HTTP request\n\n```http\nGET /widgets/{id}/getStats(startDateTime='2017-01-01',interval='day')\nGET /sites/{id}/getStats(startDateTime='2017-01-01',interval='day')\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| startDateTime | string (timestamp) | The start. |\n| interval | String | The interval. |\n\n## Response\n\nReturns a `200 OK` response code and a String.\n";
    let ir = ir_from_sources([
        ("resources/widget.md", WIDGET),
        ("resources/site.md", site),
        ("api/widget-list.md", list),
        ("api/site-list.md", sites),
        ("api/widget-getusage.md", report),
        ("api/widget-getstats.md", stats),
    ]);
    let usage = ops(&ir, "api/widget-getusage.md");
    let params: Vec<Vec<&str>> = usage
        .iter()
        .map(|o| o.parameters.iter().map(|p| p.name.as_str()).collect())
        .collect();
    assert_eq!(
        params,
        [vec!["date"], vec!["period"]],
        "one call per overload"
    );
    assert_eq!(
        usage[0].paths,
        ["/widgets/{id}/getUsage(date={date_value})"]
    );
    let stats = ops(&ir, "api/widget-getstats.md");
    let bound: Vec<Option<&str>> = stats
        .iter()
        .map(|o| o.binding.as_ref().and_then(|b| b.bound_to.as_deref()))
        .collect();
    assert_eq!(
        bound,
        [Some("microsoft.graph.site"), Some("microsoft.graph.widget")],
        "one call per binding"
    );
    assert!(stats.iter().all(|o| o.source == stats[0].source));
    assert_eq!(
        stats[0].parameters[0].type_name, "Edm.String",
        "quoted in the URL: the string the cell says"
    );
}

#[test]
fn include_problems_are_diagnostics_at_the_directive() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("docs");
    let api = repo.join("v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::create_dir_all(repo.join("includes")).unwrap();
    std::fs::write(repo.join("docfx.json"), "{}").unwrap();
    std::fs::write(dir.path().join("secret.md"), "secret\n").unwrap();
    std::fs::write(
        repo.join("includes/loop.md"),
        "---\nms.topic: include\n---\nA note.\n[!INCLUDE [again](loop.md)]\n",
    )
    .unwrap();
    let page = method_page(
        "Get widget",
        "[!INCLUDE [missing](../includes/missing.md)]\n\n[!INCLUDE [out](../../../secret.md)]\n\n[!INCLUDE [loop](../../includes/loop.md)]\n\n| Permission type | Permissions |\n|:--|:--|\n| Application | Widget.Read.All |",
        "GET /widgets/{id}",
    );
    std::fs::write(api.join("widget-get.md"), page).unwrap();
    let ir = ir_from_paths(&[repo.join("v1.0")]);
    let found = codes(&ir);
    assert!(
        found.contains(&("include-not-found", "api/widget-get.md", 9)),
        "{found:?}"
    );
    assert!(
        found.contains(&("include-outside-root", "api/widget-get.md", 11)),
        "{found:?}"
    );
    assert!(
        found.contains(&("include-loop", "../includes/loop.md", 5)),
        "{found:?}"
    );
    let looped = ir
        .diagnostics
        .iter()
        .find(|d| d.code == "include-loop")
        .unwrap();
    assert_eq!(
        looped
            .included_from
            .as_ref()
            .map(|s| (s.path.as_str(), s.line)),
        Some(("api/widget-get.md", 13))
    );
    let op = &ir.operations[0];
    assert_eq!(
        op.permissions[0].application,
        Some(grant(&[&["Widget.Read.All"]], 0)),
        "the page is still read"
    );
}
