//! Models generated at build time by `graphgen::Config` (see build.rs).

include!(concat!(env!("OUT_DIR"), "/graph.rs"));
