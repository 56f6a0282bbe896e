use graphgen_example::microsoft_graph::{Book, PlayPromptOperation};
use graphgen_runtime::Nullable;

#[test]
fn build_script_models_read_payloads() {
    let op: PlayPromptOperation =
        serde_json::from_str(r#"{"status": "running", "createdDateTime": "2021-07-16T00:00:00Z"}"#)
            .unwrap();
    assert_eq!(op.status, Nullable::Value("running".to_string()));
    // The type override: date-times stay text.
    assert_eq!(
        op.created_date_time,
        Nullable::Value("2021-07-16T00:00:00Z".to_string())
    );
}

#[test]
fn left_out_namespaces_become_free_json() {
    let book: Book = serde_json::from_str(r#"{"location": {"room": "A"}}"#).unwrap();
    assert_eq!(
        book.location,
        Nullable::Value(serde_json::json!({"room": "A"}))
    );
}

#[test]
fn strict_reads_fail_on_a_value_that_does_not_fit() {
    let err = serde_json::from_str::<Book>(r#"{"publishedDate": "yesterday"}"#).unwrap_err();
    assert!(err.to_string().contains("not a date"), "{err}");
    assert!(serde_json::from_str::<Book>(r#"{"pageCount": "many"}"#).is_err());
}
