//! A stub HTTP/1.1 server on 127.0.0.1 for the client tests: it records
//! each request and answers with what the test's handler says. Written by
//! hand (a page of std::net) rather than pulling a server framework into
//! the tests: it only needs one request per connection, a Content-Length
//! body, and to stop when the test ends. It misbehaves on request: a
//! `cut` hook drops the connection part-way through a request's body.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A request as it arrived.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent (percent-encoded).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the request's head arrived.
    pub received: Option<std::time::SystemTime>,
    /// The connection was dropped after `body.len()` bytes of the body.
    pub cut: bool,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the stub answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// No body (`204`, a redirect).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;
/// Given a request's head, how many bytes of its body to read before
/// dropping the connection (`None`: serve it).
type Cut = dyn Fn(&Recorded) -> Option<usize> + Send + Sync;

/// How the stub behaves besides its handler.
#[derive(Clone, Default)]
pub struct Options {
    pub cut: Option<Arc<Cut>>,
    /// Keep each request's body in [`StubServer::requests`] (true unless
    /// set otherwise: large uploads need not be held twice).
    pub forget_bodies: bool,
}

pub struct StubServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    accept: Option<JoinHandle<()>>,
}

impl StubServer {
    /// Starts listening on a free port of 127.0.0.1.
    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> StubServer {
        StubServer::start_with(Options::default(), handler)
    }

    /// Starts listening, misbehaving as `options` say.
    pub fn start_with(
        options: Options,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> StubServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (stop2, recorded2) = (stop.clone(), recorded.clone());
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, recorded) = (handler.clone(), recorded2.clone());
                let options = options.clone();
                std::thread::spawn(move || serve(stream, &*handler, &recorded, &options));
            }
        });
        StubServer {
            addr,
            stop,
            recorded,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.recorded.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(stream: TcpStream, handler: &Handler, recorded: &Mutex<Vec<Recorded>>, options: &Options) {
    let mut reader = BufReader::new(&stream);
    let Some(mut request) = read_head(&mut reader) else {
        return;
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let cut_at = options.cut.as_ref().and_then(|cut| cut(&request));
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunked(&mut reader)
    } else {
        let mut body = vec![0; cut_at.map_or(length, |n| n.min(length))];
        reader.read_exact(&mut body).ok().map(|()| body)
    };
    let Some(body) = body else {
        return;
    };
    request.body = body;
    request.cut = cut_at.is_some();
    let reply = handler(&request);
    if options.forget_bodies {
        request.body = Vec::new();
    }
    if let Ok(mut r) = recorded.lock() {
        r.push(request.clone());
    }
    if request.cut {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let mut out = format!(
        "HTTP/1.1 {} Stub\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (n, v) in &reply.headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&reply.body);
    let _ = stream.flush();
}

/// A `Transfer-Encoding: chunked` body (a streamed request).
fn read_chunked(reader: &mut BufReader<&TcpStream>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).ok()?;
        let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).ok()?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

fn read_head(reader: &mut BufReader<&TcpStream>) -> Option<Recorded> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let received = Some(std::time::SystemTime::now());
    let mut words = line.split_whitespace();
    let (method, target) = (words.next()?.to_string(), words.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    Some(Recorded {
        method,
        target,
        headers,
        body: Vec::new(),
        received,
        cut: false,
    })
}
