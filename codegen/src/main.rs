//! The `graphgen` command line. Exit codes: 0 done (no error diagnostics;
//! `check`: fresh), 1 error diagnostics or a failed check, 2 usage or I/O
//! errors.

mod cli;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
