//! Each program run as a process against a stub service on 127.0.0.1
//! that answers as the method pages' examples do, checking what it prints
//! and the request it sent.

use graphgen_tests::stub_server::{Reply, StubServer};
use std::process::Command;

fn stub() -> StubServer {
    StubServer::start(|r| {
        let path = graphgen_tests::percent_decode(r.target.split('?').next().unwrap_or(""));
        match (r.method.as_str(), path.as_str()) {
            ("GET", "/users/adele/messages") => Reply::json(
                200,
                r#"{"value": [{"id": "m1", "subject": "Lunch?"}, {"id": "m2"}]}"#,
            ),
            ("POST", "/users/adele/sendMail") => Reply::empty(202),
            ("POST", "/users/adele/events") => {
                Reply::json(201, r#"{"id": "e1", "subject": "Planning"}"#)
            }
            ("GET", "/groups/g1/members") => Reply::json(
                200,
                r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Megan Bowen"}, {"@odata.type": "#microsoft.graph.group", "id": "g2", "displayName": "Sales"}, {"@odata.type": "#microsoft.graph.device", "id": "d1"}]}"##,
            ),
            ("GET", "/drives/d1/root/search(q='budget')") => Reply::json(
                200,
                r#"{"value": [{"id": "i1", "name": "budget-2024.xlsx"}]}"#,
            ),
            _ => Reply::json(
                404,
                r#"{"error": {"code": "itemNotFound", "message": "no such path"}}"#,
            ),
        }
    })
}

fn run(server: &StubServer, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .arg(server.url())
        .args(args)
        .env("GRAPH_TOKEN", "t0ken")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn list_messages_prints_subjects() {
    let server = stub();
    let out = run(&server, env!("CARGO_BIN_EXE_list-messages"), &["adele"]);
    assert_eq!(out, "Lunch?\n(no subject)\n");
    let sent = &server.requests()[0];
    assert!(
        sent.target.contains("$select=subject") && sent.target.contains("$top=10"),
        "{}",
        sent.target
    );
}

#[test]
fn send_mail_sends_two_recipients_and_an_attachment() {
    let server = stub();
    let dir = std::env::temp_dir().join(format!("graph-tasks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("plan.txt");
    std::fs::write(&file, "Hello").unwrap();
    let file = file.display().to_string();
    let out = run(
        &server,
        env!("CARGO_BIN_EXE_send-mail"),
        &["adele", &file, "megan@contoso.com", "alex@contoso.com"],
    );
    assert_eq!(out, "sent to megan@contoso.com, alex@contoso.com\n");
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    let message = &body["message"];
    assert_eq!(
        message["toRecipients"][1]["emailAddress"]["address"],
        "alex@contoso.com"
    );
    assert_eq!(message["attachments"][0]["contentBytes"], "SGVsbG8=");
    assert_eq!(
        message["attachments"][0]["@odata.type"],
        "#microsoft.graph.fileAttachment"
    );
    assert_eq!(body["saveToSentItems"], true);
}

#[test]
fn create_event_books_the_hour() {
    let server = stub();
    let out = run(
        &server,
        env!("CARGO_BIN_EXE_create-event"),
        &[
            "adele",
            "Planning",
            "2024-05-01T09:00:00",
            "2024-05-01T10:00:00",
        ],
    );
    assert_eq!(out, "created e1\n");
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(
        body["start"],
        serde_json::json!({"dateTime": "2024-05-01T09:00:00", "timeZone": "UTC"})
    );
}

#[test]
fn group_members_prints_names_of_several_types() {
    let server = stub();
    let out = run(&server, env!("CARGO_BIN_EXE_group-members"), &["g1"]);
    assert_eq!(out, "Megan Bowen\nSales\n(no name)\n");
}

#[test]
fn find_items_prints_matching_names() {
    let server = stub();
    let out = run(&server, env!("CARGO_BIN_EXE_find-items"), &["d1", "budget"]);
    assert_eq!(out, "budget-2024.xlsx\n");
}
