//! The models the benchmarks read (see build.rs).

include!(concat!(env!("OUT_DIR"), "/graph.rs"));
