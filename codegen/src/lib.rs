//! graphgen: Microsoft Graph reference pages → resolved IR → Rust models.
//!
//! The stages, each its own module, data flowing one way:
//! [`include`] (DocFX includes expanded), [`page`] (markdown → page structure), [`extract`] (page → declarations),
//! [`resolve`] (declarations → [`ir::Ir`]), then the outputs.

pub mod config;
pub mod diag;
pub mod drift;
pub mod emit;
pub mod explain;
pub mod extract;
pub mod include;
pub mod ir;
pub mod jsonrepr;
pub mod load;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod report;
pub mod resolve;
pub mod select;
pub mod typeref;

pub use config::{Config, Error, Generated};
pub use pipeline::{ir_from_paths, ir_from_paths_in, ir_from_sources, read_pages, read_pages_in};
