//! The `graphgen` command line. Exit codes: 0 done (no error diagnostics;
//! `check`: fresh), 1 error diagnostics or a failed check, 2 usage or I/O
//! errors.

mod cli;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, which libmimalloc-sys leaves
/// unnamed: in mimalloc's `mi_option_e` (v2 and v3) it is the member just
/// before `mi_option_use_numa_nodes`, which the crate names.
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    libmimalloc_sys::mi_option_use_numa_nodes - 1;

fn main() -> std::process::ExitCode {
    // Pages are read on worker threads and freed on others: by default
    // mimalloc keeps freed memory for 10 ms, which doubles peak memory for
    // a run as short as ours. Return it at once (a few percent of speed).
    // `MIMALLOC_PURGE_DELAY` in the environment still wins.
    #[cfg(feature = "mimalloc")]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a global tuning option before any other thread
        // starts; mimalloc reads it when it next purges memory.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
    cli::run()
}
