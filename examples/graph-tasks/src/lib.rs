//! What the five programs share: the service root and the arguments from
//! the command line, the token from `GRAPH_TOKEN`, and a runtime to wait on
//! the client (in production, use the runtime's `azure` feature for tokens).

use graphgen_runtime::client::{Client, StaticToken};
use graphgen_runtime::{Call, ResponseKind};
use std::sync::Arc;

pub type Error = Box<dyn std::error::Error>;

/// The client for `SERVICE_ROOT` (the first argument) and the other arguments.
pub fn connect(usage: &str) -> Result<(Graph, Vec<String>), Error> {
    let mut args = std::env::args().skip(1);
    let root = args.next().ok_or_else(|| format!("usage: {usage}"))?;
    let token = std::env::var("GRAPH_TOKEN").unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = Client::new(&root, Arc::new(StaticToken(token)));
    Ok((Graph { client, runtime }, args.collect()))
}

/// A client with a runtime of its own, for programs that send one call at a time.
pub struct Graph {
    client: Client,
    runtime: tokio::runtime::Runtime,
}

impl Graph {
    pub fn send<R: ResponseKind>(&self, call: &Call<R>) -> Result<R::Output, Error> {
        Ok(self.runtime.block_on(self.client.send(call))?)
    }
}
