//! Generates the models of the whole v1.0 corpus when `../shared` is there
//! (cfg `corpus`); otherwise of docs-input/, so the crate still builds.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    let corpus = Path::new("../../../shared/graph-docs/v1.0/resources");
    let mut config = graphgen::Config::new();
    if corpus.is_dir() {
        println!("cargo::rustc-cfg=corpus");
        config.input(corpus).allow_page_errors(true);
    } else {
        println!("cargo::warning=../shared is missing: benchmarking the docs-input models only");
        config.input("../../docs-input");
    }
    config.generate()?;
    // The same models with strict reads, to measure what lenient reads cost.
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("strict");
    config.out_dir(out).strict_reads(true).generate()?;
    Ok(())
}
