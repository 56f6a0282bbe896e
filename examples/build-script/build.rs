//! Generates the models of `docs-input/` into `OUT_DIR` at build time.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let generated = graphgen::Config::new()
        .input("../../docs-input")
        // Only the main namespace; `microsoft.graph.library` types become free JSON.
        .namespace("microsoft.graph")
        // Keep date-times as the text the service sent.
        .type_override("Edm.DateTimeOffset", "::std::string::String")
        // A value that does not fit its documented type is an error here
        // (the default keeps it as a misfit and reads on).
        .strict_reads(true)
        .generate()?;
    for d in &generated.diagnostics {
        println!("cargo:warning={d}");
    }
    Ok(())
}
