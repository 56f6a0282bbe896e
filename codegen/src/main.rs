use std::path::PathBuf;

fn main() {
    let inputs: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
    let ir = graphgen::ir_from_paths(&inputs);
    print!("{}", ir.to_json());
    std::process::exit(i32::from(graphgen::diag::has_errors(&ir.diagnostics)));
}
