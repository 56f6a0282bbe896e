//! The models the benchmarks read (see build.rs).

include!(concat!(env!("OUT_DIR"), "/graph.rs"));

/// The same models generated with strict reads (a value that does not fit
/// fails the read), to measure what lenient reads cost.
pub mod strict {
    include!(concat!(env!("OUT_DIR"), "/strict/graph.rs"));
}
