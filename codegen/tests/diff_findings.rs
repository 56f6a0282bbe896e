//! `diff` reports only true changes: classes of false or mislabelled
//! breaking changes found by an audit of `diff` between two versions of
//! the Graph docs (January and July 2021), each on small inline pages.

use graphgen::drift::diff::{self, Change, Changelog};
use graphgen::ir_from_sources;

fn changes(old: &[(&str, &str)], new: &[(&str, &str)]) -> Changelog {
    let before = ir_from_sources(old.iter().copied());
    let after = ir_from_sources(new.iter().copied());
    diff::diff(&before, &after)
}

fn with_code<'c>(log: &'c Changelog, code: &str) -> Vec<&'c Change> {
    log.changes.iter().filter(|c| c.code == code).collect()
}

fn method_page(heading: &str, requests: &str, rest: &str) -> String {
    format!("# {heading}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\n{requests}\n```\n{rest}")
}

/// Finding 1: A call that lost a path and gained another: one
/// `path-changed` with the method and both paths, not a removal and an
/// addition.
#[test]
fn a_path_gone_while_the_call_gains_one_is_a_path_changed() {
    let old = method_page(
        "List calendars",
        "GET /me/calendarGroup/calendars\nGET /users/{id}/calendarGroup/calendars",
        "",
    );
    let new = method_page(
        "List calendars",
        "GET /me/calendars\nGET /users/{id}/calendars",
        "",
    );
    let log = changes(
        &[("api/calendargroup-list-calendars.md", &old)],
        &[("api/calendargroup-list-calendars.md", &new)],
    );
    assert!(with_code(&log, "path-removed").is_empty(), "{log:#?}");
    assert!(with_code(&log, "path-added").is_empty(), "{log:#?}");
    let changed = with_code(&log, "path-changed");
    assert_eq!(changed.len(), 2, "{log:#?}");
    // Each old path with the new one most like it.
    assert_eq!(
        changed[0].message,
        "`GET /me/calendarGroup/calendars` is now `GET /me/calendars`"
    );
    assert_eq!(
        changed[1].message,
        "`GET /users/{id}/calendarGroup/calendars` is now `GET /users/{id}/calendars`"
    );
    assert!(changed.iter().all(|c| c.breaking));

    // The same action (name and binding) documented on another page under
    // another path is that call, its path changed: not removed and added.
    let thing = "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
    let get = method_page(
        "Get thing",
        "GET /things/{id}\nGET /me/thing",
        "\n## Response\n\nReturns `200 OK` and a [thing](../resources/thing.md) object.\n",
    );
    let archive = |path: &str| {
        method_page(
            "thing: archive",
            &format!("POST {path}/archive"),
            "\n## Response\n\nReturns `204 No Content`.\n",
        )
    };
    let (a, b) = (archive("/things/{id}"), archive("/me/thing"));
    let log = changes(
        &[
            ("resources/thing.md", thing),
            ("api/thing-get.md", &get),
            ("api/thing-archive.md", &a),
        ],
        &[
            ("resources/thing.md", thing),
            ("api/thing-get.md", &get),
            ("api/me-archive-thing.md", &b),
        ],
    );
    let got: Vec<&str> = log.changes.iter().map(|c| c.code).collect();
    assert_eq!(got, ["path-changed"], "{log:#?}");
    assert!(log.changes[0]
        .message
        .contains("`POST /things/{id}/archive` is now `POST /me/thing/archive`"));
}

const TYPE_HEAD: &str =
    "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n";

fn thing(rows: &str) -> String {
    format!("{TYPE_HEAD}{rows}")
}

/// Finding 2: A property renamed in place (same type, and the same
/// description or the same row): one breaking `property-renamed` naming
/// both.
#[test]
fn a_property_renamed_in_place_is_one_change() {
    // The same row, the description reworded.
    let old = thing("| id | String | The key. |\n| creationTimestamp | DateTimeOffset | When it was made. Read-only. |\n| name | String | The name. |\n");
    let new = thing("| id | String | The key. |\n| createdDateTime | DateTimeOffset | When it was created. |\n| name | String | The name. |\n");
    let log = changes(&[("thing.md", &old)], &[("thing.md", &new)]);
    let renamed = with_code(&log, "property-renamed");
    assert_eq!(renamed.len(), 1, "{log:#?}");
    assert!(renamed[0].breaking);
    assert_eq!(renamed[0].member.as_deref(), Some("creationTimestamp"));
    assert!(
        renamed[0]
            .message
            .contains("`thing.creationTimestamp` renamed `createdDateTime`"),
        "{}",
        renamed[0].message
    );
    assert!(with_code(&log, "property-removed").is_empty(), "{log:#?}");
    assert!(with_code(&log, "property-added").is_empty(), "{log:#?}");
    assert_eq!(log.breaking(), 1);

    // Another row, the same description.
    let old = thing("| id | String | The key. |\n| orderIdentifier | String | The order of the device. |\n| name | String | The name. |\n");
    let new = thing("| id | String | The key. |\n| name | String | The name. |\n| groupTag | String | The order of the device. |\n");
    let log = changes(&[("thing.md", &old)], &[("thing.md", &new)]);
    let renamed = with_code(&log, "property-renamed");
    assert_eq!(renamed.len(), 1, "{log:#?}");
    assert!(renamed[0].message.contains("renamed `groupTag`"));

    // Another type in its place: a removal and an addition.
    let new = thing("| id | String | The key. |\n| createdDateTime | Int32 | When it was created. |\n| name | String | The name. |\n");
    let old = thing("| id | String | The key. |\n| creationTimestamp | DateTimeOffset | When it was made. |\n| name | String | The name. |\n");
    let log = changes(&[("thing.md", &old)], &[("thing.md", &new)]);
    assert!(with_code(&log, "property-renamed").is_empty(), "{log:#?}");
    assert_eq!(with_code(&log, "property-removed").len(), 1);
    assert_eq!(with_code(&log, "property-added").len(), 1);
}

/// Finding 3: A property only the JSON representation showed (no table
/// listed it) is no documented contract: its removal is a note.
#[test]
fn a_property_only_in_the_json_block_goes_without_breaking() {
    let page = |json: &str| {
        thing(&format!("| id | String | The key. |\n| name | String | The name. |\n\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" }} -->\n```json\n{{\n{json}\n}}\n```\n"))
    };
    let old =
        page("  \"id\": \"String\",\n  \"name\": \"String\",\n  \"resourceReference\": \"String\"");
    let new = page("  \"id\": \"String\",\n  \"name\": \"String\"");
    let log = changes(&[("thing.md", &old)], &[("thing.md", &new)]);
    let removed = with_code(&log, "property-removed");
    assert_eq!(removed.len(), 1, "{log:#?}");
    assert!(!removed[0].breaking);
    assert!(
        removed[0].message.contains("no table listed it"),
        "{}",
        removed[0].message
    );
    assert_eq!(log.breaking(), 0);

    // A row of the table removed is still breaking.
    let table_only = thing("| id | String | The key. |\n");
    let log = changes(
        &[(
            "thing.md",
            &thing("| id | String | The key. |\n| name | String | The name. |\n"),
        )],
        &[("thing.md", &table_only)],
    );
    assert_eq!(log.breaking(), 1, "{log:#?}");
}

const RELATIONSHIPS: &str =
    "\n## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n";

/// Finding 4: A relationship row removed while a method page still
/// documents a path through it: a note, not a breaking removal.
#[test]
fn a_relationship_row_gone_whose_path_is_documented_is_a_note() {
    let widget = thing("| id | String | The key. |\n").replace("thing", "widget");
    let with_row = format!(
        "{}{RELATIONSHIPS}| widgets | [widget](widget.md) collection | The widgets. |\n",
        thing("| id | String | The key. |\n")
    );
    let without_row = thing("| id | String | The key. |\n");
    let get = method_page(
        "Get thing",
        "GET /things/{id}",
        "\n## Response\n\nReturns `200 OK` and a [thing](thing.md) object.\n",
    );
    let list = method_page(
        "List widgets",
        "GET /things/{id}/widgets",
        "\n## Response\n\nReturns `200 OK` and a collection of [widget](widget.md) objects.\n",
    );
    let old: Vec<(&str, &str)> = vec![
        ("thing.md", &with_row),
        ("widget.md", &widget),
        ("thing-get.md", &get),
        ("thing-list-widgets.md", &list),
    ];
    let mut new = old.clone();
    new[0].1 = &without_row;
    let log = changes(&old, &new);
    let removed = with_code(&log, "property-removed");
    assert_eq!(removed.len(), 1, "{log:#?}");
    assert!(!removed[0].breaking);
    assert!(
        removed[0]
            .message
            .contains("but `GET /things/{id}/widgets` is still documented"),
        "{}",
        removed[0].message
    );

    // Without the page of that path, the relationship is gone: breaking.
    new.truncate(3);
    let log = changes(&old, &new);
    let removed = with_code(&log, "property-removed");
    assert_eq!(removed.len(), 1, "{log:#?}");
    assert!(removed[0].breaking);
}

fn update_photo(annotation: &str, prose: &str) -> String {
    method_page(
        "Update photo",
        "PATCH /me/photo/$value\nPUT /me/photo/$value",
        &format!("\n## Response\n\n{prose}\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"update_photo\" }} -->\n```http\nPUT https://graph.microsoft.com/v1.0/me/photo/$value\nContent-type: image/jpeg\n\nBinary data\n```\n\n<!-- {{\n  \"blockType\": \"response\"{annotation}\n}} -->\n```http\nHTTP/1.1 200 OK\n```\n"),
    )
}

const PHOTO: &str = "# profilePhoto resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";

/// Finding 5: The response example's hidden annotation dropping its
/// `@odata.type` (the page showing the same) is no response change; two
/// calls of a page changed alike are one change.
#[test]
fn a_hidden_response_annotation_edit_is_no_change_and_changes_are_said_once() {
    let prose = "If successful, this method returns a `200 OK` response code.";
    let old = update_photo(
        ",\n  \"@odata.type\": \"microsoft.graph.profilePhoto\"",
        prose,
    );
    let new = update_photo("", prose);
    let log = changes(
        &[("profilephoto.md", PHOTO), ("profilephoto-update.md", &old)],
        &[("profilephoto.md", PHOTO), ("profilephoto-update.md", &new)],
    );
    assert!(log.changes.is_empty(), "{log:#?}");

    // The Response section naming another answer is a change, said once
    // for the page's `PATCH` and `PUT`.
    let typed = update_photo(
        "",
        "If successful, this method returns a `200 OK` response code and a [profilePhoto](profilephoto.md) object.",
    );
    let none = update_photo("", "If successful, this method returns `204 No Content`.");
    let log = changes(
        &[
            ("profilephoto.md", PHOTO),
            ("profilephoto-update.md", &typed),
        ],
        &[
            ("profilephoto.md", PHOTO),
            ("profilephoto-update.md", &none),
        ],
    );
    let responses = with_code(&log, "response-changed");
    assert_eq!(responses.len(), 1, "{log:#?}");
    assert!(responses[0].breaking);
}

fn add_group(ty: &str) -> String {
    method_page(
        "groupLifecyclePolicy: addGroup",
        "POST /groupLifecyclePolicies/{id}/addGroup",
        &format!("\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| groupId | {ty} | The group. Required. |\n\n## Response\n\nReturns `200 OK`.\n"),
    )
}

/// Finding 6: A parameter widened (`Guid` → `String`: any value still
/// accepted) is a note; narrowed (`String` → `Guid`), breaking.
#[test]
fn a_parameter_widened_is_a_note_and_narrowed_is_breaking() {
    let (guid, string) = (add_group("Guid"), add_group("String"));
    let page = "grouplifecyclepolicy-addgroup.md";
    let widened = changes(&[(page, &guid)], &[(page, &string)]);
    let c = with_code(&widened, "parameter-type-changed");
    assert_eq!(c.len(), 1, "{widened:#?}");
    assert!(!c[0].breaking, "{}", c[0].message);
    assert!(c[0].message.contains("from Edm.Guid to Edm.String"));
    assert_eq!(widened.breaking(), 0);

    let narrowed = changes(&[(page, &string)], &[(page, &guid)]);
    let c = with_code(&narrowed, "parameter-type-changed");
    assert_eq!(c.len(), 1, "{narrowed:#?}");
    assert!(c[0].breaking);
}

/// Found by the sample: a request written on the code fence's own line
/// (```` ```http GET /education/schools ````) is read as a request.
#[test]
fn a_request_on_the_fence_line_is_read() {
    let page = |block: &str| {
        format!("# List schools\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n{block}\n\n## Response\n\nReturns `200 OK` and a collection of [school](school.md) objects.\n")
    };
    let school = "# school resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
    let on_fence = page("```http GET /education/schools\n```");
    let below = page("```http\nGET /education/schools\n```");
    let (a, b) = (
        ir_from_sources([("school.md", school), ("list.md", on_fence.as_str())]),
        ir_from_sources([("school.md", school), ("list.md", below.as_str())]),
    );
    assert_eq!(a.operations.len(), 1, "{:#?}", a.operations);
    assert_eq!(a.operations[0].paths, ["/education/schools"]);
    assert!(diff::diff(&a, &b).changes.is_empty());
}

/// Found by the sample: calls are paired likest first, not in page order.
/// An old page that listed another call's paths (a `Get` page listing the
/// list's paths) must not take that call's new page from it: each call is
/// paired with its own page, and only the paths that left are reported.
#[test]
fn calls_are_paired_likest_first() {
    let school = "# school resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
    let get = |requests: &str| {
        method_page(
            "Get school",
            requests,
            "\n## Response\n\nReturns `200 OK` and a [school](school.md) object.\n",
        )
    };
    let list = method_page(
        "List schools",
        "GET /education/me/schools\nGET /education/users/{id}/schools",
        "\n## Response\n\nReturns `200 OK` and a collection of [school](school.md) objects.\n",
    );
    // The old `Get` page documented a path of the list, and no path of its own.
    let (old_get, new_get) = (
        get("GET /education/me/schools"),
        get("GET /education/schools/{id}"),
    );
    let log = changes(
        &[
            ("school.md", school),
            ("a-get.md", &old_get),
            ("b-list.md", &list),
        ],
        &[
            ("school.md", school),
            ("a-get.md", &new_get),
            ("b-list.md", &list),
        ],
    );
    let got: Vec<(&str, &str)> = log
        .changes
        .iter()
        .map(|c| (c.code, c.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [("path-moved", "a-get.md"), ("path-added", "a-get.md")],
        "{log:#?}"
    );
}

/// Found by the sample: a permission replaced by the same scope misspelt
/// (`PrivilegedOperations` → `PriviligedOperation`) is not a stricter
/// permission; another scope in its place still is.
#[test]
fn a_misspelt_permission_is_not_stricter() {
    let page = |scope: &str| {
        method_page(
            "managedDevice: rebootNow",
            "POST /deviceManagement/managedDevices/{managedDeviceId}/rebootNow",
            &format!("\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Delegated (work or school account)|{scope}|\n|Delegated (personal Microsoft account)|Not supported.|\n|Application|Not supported.|\n\n## Response\n\nReturns `204 No Content`.\n"),
        )
    };
    let at = "intune-devices-manageddevice-rebootnow.md";
    let old = page("DeviceManagementManagedDevices.PrivilegedOperations.All");
    let misspelt = page("DeviceManagementManagedDevices.PriviligedOperation.All");
    let log = changes(&[(at, &old)], &[(at, &misspelt)]);
    assert_eq!(log.changes.len(), 1, "{log:#?}");
    assert!(!log.changes[0].breaking);
    assert!(
        log.changes[0].message.contains("misspelling"),
        "{}",
        log.changes[0].message
    );
    let other = page("DeviceManagementServiceConfig.ReadWrite.All");
    let log = changes(&[(at, &old)], &[(at, &other)]);
    assert_eq!(with_code(&log, "permission-stricter").len(), 1, "{log:#?}");
}

/// Found beside the sample: an enum member removed is cited at the old
/// page that listed it (here a page deleted while another page still
/// declares the enum), not at the new page that never had it.
#[test]
fn a_member_removed_is_cited_at_the_old_page() {
    let values = |members: &str| {
        format!("# Enum types\n\nNamespace: microsoft.graph\n\n### failureReason values\n\n| Member |\n|:--|\n{members}\n")
    };
    let own = "# failureReason enum type\n\nNamespace: microsoft.graph\n\n## Members\n\n| Member | Value | Description |\n|:--|:--|:--|\n| unknown | 0 | Unknown. |\n| userAbandonment | 1 | Abandoned. |\n";
    let log = changes(
        &[("failurereason.md", own)],
        &[("enums.md", &values("| unknown |"))],
    );
    let removed = with_code(&log, "enum-member-removed");
    assert_eq!(removed.len(), 1, "{log:#?}");
    assert_eq!(removed[0].path, "failurereason.md");
}

/// A list's path gone while the call gained a path to one item: not that
/// path changed (a list is not now a get), but a removal and an addition.
#[test]
fn a_list_path_is_not_paired_with_a_get_path() {
    let old = method_page(
        "Get school",
        "GET /education/schools/{id}\nGET /education/users/schools",
        "",
    );
    let new = method_page(
        "Get school",
        "GET /education/schools/{id}\nGET /education/schools/{schoolId}/logo/{id}",
        "",
    );
    let log = changes(
        &[("api/educationschool-get.md", &old)],
        &[("api/educationschool-get.md", &new)],
    );
    assert!(with_code(&log, "path-changed").is_empty(), "{log:#?}");
    assert_eq!(with_code(&log, "path-removed").len(), 1, "{log:#?}");
}
