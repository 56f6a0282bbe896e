//! Writing generated files: only when their bytes changed, through a
//! temporary file and a rename (an interrupted run leaves the old file
//! whole), and removing only stale files that carry graphgen's header.

use crate::emit::{GeneratedFile, HEADER_PREFIX};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// One file that differs between the folder and a fresh generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleFile {
    pub name: String,
    /// `None` when the file is missing (or is to be removed, for `new`).
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    pub stale: Vec<StaleFile>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty()
    }
}

fn carries_header(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.starts_with(HEADER_PREFIX))
}

/// Earlier graphgen output in `dir` that the new generation does not have.
fn stale_generated(dir: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !files.iter().any(|f| f.name == name)
        })
        .filter(|p| carries_header(p))
        .collect();
    out.sort();
    out
}

/// Writes a file through a temporary file beside it and a rename, so an
/// interrupted run leaves the old file whole.
pub fn write_whole(path: &Path, contents: &str) -> Result<(), (PathBuf, std::io::Error)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.graphgen-tmp"));
    std::fs::write(&tmp, contents).map_err(|e| (tmp.clone(), e))?;
    std::fs::rename(&tmp, path).map_err(|e| (path.to_path_buf(), e))
}

pub fn write_files(
    dir: &Path,
    files: &[GeneratedFile],
) -> Result<WriteReport, (PathBuf, std::io::Error)> {
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let mut report = WriteReport::default();
    for file in files {
        let path = dir.join(&file.name);
        if std::fs::read(&path).is_ok_and(|old| old == file.contents.as_bytes()) {
            report.unchanged.push(file.name.clone());
            continue;
        }
        write_whole(&path, &file.contents)?;
        report.written.push(file.name.clone());
    }
    for path in stale_generated(dir, files) {
        std::fs::remove_file(&path).map_err(|e| (path.clone(), e))?;
        report.removed.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    Ok(report)
}

pub fn staleness(dir: &Path, files: &[GeneratedFile]) -> Staleness {
    let mut stale = Vec::new();
    for file in files {
        let old = std::fs::read_to_string(dir.join(&file.name)).ok();
        if old.as_deref() != Some(file.contents.as_str()) {
            stale.push(StaleFile {
                name: file.name.clone(),
                old,
                new: Some(file.contents.clone()),
            });
        }
    }
    for path in stale_generated(dir, files) {
        stale.push(StaleFile {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            old: std::fs::read_to_string(&path).ok(),
            new: None,
        });
    }
    Staleness { stale }
}

/// A manifest's text with its `[features]` table replaced (the rest of the
/// file, comments included, kept as it is). Unchanged when `features` is
/// empty.
/// The `[package]` name of a manifest, as Rust code spells the crate
/// (`graphgen-models` → `graphgen_models`).
pub fn crate_name(manifest: &str) -> Option<String> {
    let doc: toml_edit::DocumentMut = manifest.parse().ok()?;
    let name = doc.get("package")?.get("name")?.as_str()?;
    Some(name.replace('-', "_"))
}

pub fn with_features(
    manifest: &str,
    features: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    if features.is_empty() {
        return Ok(manifest.to_string());
    }
    let mut doc: toml_edit::DocumentMut = manifest
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut table = toml_edit::Table::new();
    table.decor_mut().set_prefix(
        "\n# Written by graphgen: one feature per product area of the pages (their\n\
         # `ms.prod`), each compiling its types and the types they need; `full`\n\
         # enables them all.\n",
    );
    for (name, enables) in features {
        let list: toml_edit::Array = enables.iter().map(String::as_str).collect();
        table.insert(name, toml_edit::value(list));
    }
    doc.insert("features", toml_edit::Item::Table(table));
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            name: name.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = file("a.rs", "// @generated by graphgen from x. Do not edit.\nA");
        let b = file("b.rs", "// @generated by graphgen from x. Do not edit.\nB");
        let report = write_files(dir.path(), &[a.clone(), b]).unwrap();
        assert_eq!(report.written, ["a.rs", "b.rs"]);
        std::fs::write(dir.path().join("mine.rs"), "// hand-written\n").unwrap();
        let report = write_files(dir.path(), std::slice::from_ref(&a)).unwrap();
        assert_eq!(report.unchanged, ["a.rs"]);
        assert_eq!(report.removed, ["b.rs"]);
        assert!(dir.path().join("mine.rs").exists());
        assert!(staleness(dir.path(), &[a]).is_fresh());
        let changed = file("a.rs", "// @generated by graphgen from x. Do not edit.\nA2");
        assert_eq!(staleness(dir.path(), &[changed]).stale.len(), 1);
    }
}
