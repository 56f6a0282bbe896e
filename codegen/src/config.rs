//! The library API for `build.rs`, in the manner of `prost-build`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     graphgen::Config::new().input("docs-input").generate()?;
//!     Ok(())
//! }
//! // lib.rs: include!(concat!(env!("OUT_DIR"), "/graph.rs"));
//! ```

use crate::diag::{has_errors, Diagnostic};
use crate::emit::{self, EmitOptions, GeneratedFile};
use crate::output::{self, WriteReport};
use crate::select::Selection;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What can stop generation, as opposed to problems in the pages, which are
/// diagnostics.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no output folder: set one with Config::out_dir, or run from a build script (OUT_DIR)"
    )]
    NoOutDir,
    #[error("no input pages: add a folder or file with Config::input")]
    NoInput,
    #[error("type override for `{edm}`: `{rust}` is not a Rust type ({reason})")]
    InvalidOverride {
        edm: String,
        rust: String,
        reason: String,
    },
    #[error("the pages have {} error(s); the first: {}", .0.iter().filter(|d| d.severity == crate::diag::Severity::Error).count(), .0.iter().find(|d| d.severity == crate::diag::Severity::Error).map(ToString::to_string).unwrap_or_default())]
    InvalidPages(Vec<Diagnostic>),
    #[error("{path}: not a cargo manifest graphgen can write features into ({reason})")]
    InvalidManifest { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    include_root: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    type_overrides: BTreeMap<String, String>,
    namespaces: Option<BTreeSet<String>>,
    include_file: String,
    allow_page_errors: bool,
    rerun_if_changed: bool,
    strict_reads: bool,
    selection: Selection,
    area_features: bool,
    cargo_toml: Option<PathBuf>,
    example_crate: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

/// The outcome of a generation.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub diagnostics: Vec<Diagnostic>,
    pub files: WriteReport,
}

impl Config {
    /// Output to `OUT_DIR` (when set) in a file `graph.rs`; `cargo:rerun-if-changed`
    /// lines are printed when running under cargo.
    pub fn new() -> Config {
        Config {
            inputs: Vec::new(),
            include_root: None,
            out_dir: std::env::var_os("OUT_DIR").map(PathBuf::from),
            type_overrides: BTreeMap::new(),
            namespaces: None,
            include_file: "graph.rs".to_string(),
            allow_page_errors: false,
            rerun_if_changed: std::env::var_os("OUT_DIR").is_some(),
            strict_reads: false,
            selection: Selection::default(),
            area_features: false,
            cargo_toml: None,
            example_crate: None,
        }
    }

    /// Emits only this type (qualified: `microsoft.graph.user`) and what it
    /// needs; call again for more. Without a call (and without
    /// [`Config::operation`]), everything is emitted.
    pub fn r#type(&mut self, qualified_name: &str) -> &mut Self {
        self.selection.types.push(qualified_name.to_string());
        self
    }

    /// Emits only this operation, by name (`user: assignLicense`) or by
    /// path prefix (`/users`), and the types it needs; call again for more.
    pub fn operation(&mut self, name_or_path_prefix: &str) -> &mut Self {
        self.selection
            .operations
            .push(name_or_path_prefix.to_string());
        self
    }

    /// Whether a selection follows navigation properties (off by default:
    /// such a field is then raw JSON).
    pub fn navigation(&mut self, follow: bool) -> &mut Self {
        self.selection.navigation = follow;
        self
    }

    /// Gates each product area (the pages' `ms.prod`) behind a cargo
    /// feature of the generated crate; see [`Config::cargo_toml`].
    pub fn area_features(&mut self, on: bool) -> &mut Self {
        self.area_features = on;
        self
    }

    /// The generated crate's manifest: its `[features]` table is written
    /// with one feature per area, `full` and `default` (implies
    /// [`Config::area_features`]); the rest of the file is left as it is.
    pub fn cargo_toml(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.cargo_toml = Some(path.as_ref().to_path_buf());
        self.area_features = true;
        self
    }

    /// Puts each call's snippets (`graphgen snippets`) in its rustdoc under
    /// `# Examples`, written against the crate of this name. Set from the
    /// package name when [`Config::cargo_toml`] is given.
    pub fn doc_examples(&mut self, crate_name: &str) -> &mut Self {
        self.example_crate = Some(crate_name.to_string());
        self
    }

    /// A folder of pages (read recursively) or one page.
    pub fn input(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// The folder DocFX includes (`[!INCLUDE [x](path.md)]`) may be read
    /// from; an include that leads outside it is reported, not read.
    /// Default: the docs repository holding each input (the nearest folder
    /// with `.git` or `docfx.json`), else the input's grandparent, so that
    /// `api-reference/includes/` is found from `api-reference/v1.0/`.
    pub fn include_root(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.include_root = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn out_dir(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(path.as_ref().to_path_buf());
        self
    }

    /// Uses `rust_type` for an Edm primitive, e.g.
    /// `type_override("Edm.DateTimeOffset", "::std::string::String")`.
    pub fn type_override(&mut self, edm: &str, rust_type: &str) -> &mut Self {
        self.type_overrides
            .insert(edm.to_string(), rust_type.to_string());
        self
    }

    /// Emits this namespace; call again for more. Without a call, all are emitted.
    pub fn namespace(&mut self, namespace: &str) -> &mut Self {
        self.namespaces
            .get_or_insert_with(BTreeSet::new)
            .insert(namespace.to_string());
        self
    }

    /// The file that nests the generated modules (`graph.rs` by default).
    pub fn include_file(&mut self, name: &str) -> &mut Self {
        self.include_file = name.to_string();
        self
    }

    /// Generates even when the pages have errors (the CLI does, and reports
    /// them); a build script fails by default.
    pub fn allow_page_errors(&mut self, allow: bool) -> &mut Self {
        self.allow_page_errors = allow;
        self
    }

    /// Strict reads: a value that does not fit its documented type fails
    /// the read (an error naming it) instead of being kept as a misfit.
    pub fn strict_reads(&mut self, strict: bool) -> &mut Self {
        self.strict_reads = strict;
        self
    }

    pub fn rerun_if_changed(&mut self, print: bool) -> &mut Self {
        self.rerun_if_changed = print;
        self
    }

    fn emit_options(&self) -> Result<EmitOptions, Error> {
        let mut options = EmitOptions::new();
        options.include_file = self.include_file.clone();
        options.namespaces = self.namespaces.clone();
        options.strict_reads = self.strict_reads;
        options.selection = self.selection.clone();
        options.area_features = self.area_features;
        for (edm, rust) in &self.type_overrides {
            syn::parse_str::<syn::Type>(rust).map_err(|e| Error::InvalidOverride {
                edm: edm.clone(),
                rust: rust.clone(),
                reason: e.to_string(),
            })?;
            options.type_overrides.insert(edm.clone(), rust.clone());
        }
        Ok(options)
    }

    /// Reads the pages and emits the files, writing nothing.
    pub fn render(&self) -> Result<(Vec<GeneratedFile>, Vec<Diagnostic>), Error> {
        let rendered = self.render_all()?;
        Ok((rendered.files, rendered.diagnostics))
    }

    /// The files, the diagnostics, and the manifest's new text when
    /// [`Config::cargo_toml`] is set.
    pub fn render_all(&self) -> Result<Rendered, Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoInput);
        }
        let mut options = self.emit_options()?;
        let old_manifest = match &self.cargo_toml {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?),
            None => None,
        };
        options.example_crate = self
            .example_crate
            .clone()
            .or_else(|| old_manifest.as_deref().and_then(output::crate_name));
        let ir = crate::pipeline::ir_from_paths_in(&self.inputs, self.include_root.as_deref());
        let mut diagnostics = ir.diagnostics.clone();
        let emitted = emit::emit_all(&ir, &options);
        diagnostics.extend(emitted.diagnostics);
        let manifest = match (&self.cargo_toml, old_manifest) {
            (Some(path), Some(old)) => {
                let new = output::with_features(&old, &emitted.features).map_err(|reason| {
                    Error::InvalidManifest {
                        path: path.clone(),
                        reason,
                    }
                })?;
                Some(Manifest {
                    path: path.clone(),
                    old,
                    new,
                })
            }
            _ => None,
        };
        Ok(Rendered {
            files: emitted.files,
            diagnostics,
            manifest,
        })
    }

    /// Generates into the output folder, writing only files whose bytes
    /// changed and removing stale files that graphgen wrote before.
    pub fn generate(&self) -> Result<Generated, Error> {
        let out_dir = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        if self.rerun_if_changed {
            for input in &self.inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
        }
        let rendered = self.render_all()?;
        if has_errors(&rendered.diagnostics) && !self.allow_page_errors {
            return Err(Error::InvalidPages(rendered.diagnostics));
        }
        let mut files = output::write_files(&out_dir, &rendered.files)
            .map_err(|(path, source)| Error::Io { path, source })?;
        if let Some(m) = &rendered.manifest {
            let name = m.path.display().to_string();
            if m.old == m.new {
                files.unchanged.push(name);
            } else {
                output::write_whole(&m.path, &m.new)
                    .map_err(|(path, source)| Error::Io { path, source })?;
                files.written.push(name);
            }
        }
        Ok(Generated {
            diagnostics: rendered.diagnostics,
            files,
        })
    }

    /// Compares the output folder (and the manifest's features) with what
    /// generation would write.
    pub fn check(&self) -> Result<(output::Staleness, Vec<Diagnostic>), Error> {
        let out_dir = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        let rendered = self.render_all()?;
        let mut staleness = output::staleness(&out_dir, &rendered.files);
        if let Some(m) = rendered.manifest.filter(|m| m.old != m.new) {
            staleness.stale.push(output::StaleFile {
                name: m.path.display().to_string(),
                old: Some(m.old),
                new: Some(m.new),
            });
        }
        Ok((staleness, rendered.diagnostics))
    }
}

/// What a generation would write.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<GeneratedFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub manifest: Option<Manifest>,
}

/// The generated crate's manifest, before and after its features are written.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    pub old: String,
    pub new: String,
}
