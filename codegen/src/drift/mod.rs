//! Drift detection: one doc version against the next (`diff`), a page
//! against itself (`lint`), and the pages against the service's CSDL
//! metadata (`verify`). Each finding has a stable code and a place.

pub mod baseline;
pub mod diff;
mod diff_ops;
mod diff_permissions;
pub mod examples;
pub mod lint;
pub mod methods_table;
pub mod page_checks;
pub mod verify;
pub mod verify_ops;
pub mod wire_format;

use crate::ir::Ir;
use std::path::Path;

/// An IR from a folder or file of pages, or from an IR JSON file
/// (`graphgen ir` output).
pub fn load_ir(path: &Path, include_root: Option<&Path>) -> Result<Ir, String> {
    if path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return serde_json::from_str(&text)
            .map_err(|e| format!("{}: not an IR JSON file: {e}", path.display()));
    }
    if !path.exists() {
        return Err(format!("`{}` does not exist", path.display()));
    }
    Ok(crate::pipeline::ir_from_paths_in(
        &[path.to_path_buf()],
        include_root,
    ))
}
