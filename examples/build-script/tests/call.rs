//! A generated call sent with the runtime's client to a stub server on
//! 127.0.0.1 that answers like the docs' example.

use graphgen_example::calls::Graph;
use graphgen_runtime::client::{Client, StaticToken};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

/// Answers one request with the book of `book-get.md`'s example and gives
/// back the request line it saw.
fn serve_once(listener: TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).expect("a request line");
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
                break;
            }
        }
        let body = r#"{"id": "b1", "title": "Moby-Dick", "format": "hardcover"}"#;
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        (&stream).write_all(reply.as_bytes()).expect("the reply");
        request_line.trim().to_string()
    })
}

#[test]
fn a_generated_call_against_a_stub_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = serve_once(listener);
    let client = Client::new(&base, Arc::new(StaticToken("token".into())));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let book = runtime
        .block_on(client.send(&Graph::new().books().by_id("b1").get().select(&["title"])))
        .unwrap();
    assert_eq!(book.title.as_ref().map(String::as_str), Some("Moby-Dick"));
    assert_eq!(
        server.join().unwrap(),
        "GET /books/b1?$select=title HTTP/1.1"
    );
}
