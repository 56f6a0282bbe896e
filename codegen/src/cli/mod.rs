//! Subcommands. Each returns its exit code; problems with the input pages
//! are diagnostics, problems with the command line or the file system are
//! exit code 2.

mod check;
mod drift;
mod render;
mod snippets;

use clap::{Args, Parser, Subcommand};
use graphgen::diag::has_errors;
use render::Format;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "graphgen",
    version,
    about = "Microsoft Graph reference pages → Rust models, and doc-drift checks"
)]
#[command(
    after_help = "Exit codes: 0 success, 1 error diagnostics or a failed check, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub struct Output {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human", global = true)]
    format: Format,
    /// Print no diagnostics.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Where DocFX includes (`[!INCLUDE [x](path)]`) may be read from
    /// (default: the docs repository holding the input: the nearest folder
    /// with `.git` or `docfx.json`, else the input's grandparent).
    #[arg(long, value_name = "DIR", global = true)]
    include_root: Option<PathBuf>,
}

impl Output {
    pub fn include_root(&self) -> Option<&std::path::Path> {
        self.include_root.as_deref()
    }
}

const DEFAULT_OUT: &str = "generated/src";
const DEFAULT_MANIFEST: &str = "generated/Cargo.toml";

#[derive(Args, Clone)]
pub struct GenerateArgs {
    /// Folders (read recursively) or files of pages.
    #[arg(long = "input", default_value = "docs-input")]
    inputs: Vec<PathBuf>,
    /// Where the Rust files go [default: generated/src, with generated/Cargo.toml's features].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Map an Edm primitive to another Rust type: `Edm.DateTimeOffset=::std::string::String`.
    #[arg(long = "type-override", value_name = "EDM=RUST")]
    type_overrides: Vec<String>,
    /// Emit only this namespace (repeatable).
    #[arg(long = "namespace")]
    namespaces: Vec<String>,
    /// The file that nests the namespace modules.
    #[arg(long, default_value = "lib.rs")]
    include_file: String,
    /// A value that does not fit its documented type fails the read instead
    /// of being kept as a misfit.
    #[arg(long)]
    strict_reads: bool,
    /// Emit only this type (qualified: `microsoft.graph.user`) and what it needs (repeatable).
    #[arg(long = "type", value_name = "QUALIFIED_NAME")]
    types: Vec<String>,
    /// Emit only this operation, by name (`user: assignLicense`) or path prefix (`/users`), and the types it needs (repeatable).
    #[arg(long = "operation", value_name = "NAME_OR_PATH")]
    operations: Vec<String>,
    /// With --type or --operation: follow navigation properties too (without, they are raw JSON).
    #[arg(long)]
    navigation: bool,
    /// Gate each product area (`ms.prod`) behind a cargo feature.
    #[arg(long)]
    area_features: bool,
    /// The generated crate's manifest, whose `[features]` graphgen writes (implies --area-features).
    #[arg(long, value_name = "PATH")]
    cargo_toml: Option<PathBuf>,
}

impl GenerateArgs {
    /// The output folder: `generated/src` unless given.
    pub fn out(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT))
    }

    /// The manifest to write features into: the one given, or with the
    /// default output folder, `generated/Cargo.toml` when it exists.
    fn cargo_toml(&self) -> Option<PathBuf> {
        if self.cargo_toml.is_some() {
            return self.cargo_toml.clone();
        }
        let default = PathBuf::from(DEFAULT_MANIFEST);
        (self.out.is_none() && default.is_file()).then_some(default)
    }

    fn config(&self) -> Result<graphgen::Config, String> {
        let mut config = graphgen::Config::new();
        config
            .out_dir(self.out())
            .include_file(&self.include_file)
            .allow_page_errors(true)
            .strict_reads(self.strict_reads)
            .rerun_if_changed(false);
        for input in &self.inputs {
            if !input.exists() {
                return Err(format!("input `{}` does not exist", input.display()));
            }
            config.input(input);
        }
        for pair in &self.type_overrides {
            let (edm, rust) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not EDM=RUST"))?;
            config.type_override(edm.trim(), rust.trim());
        }
        for ns in &self.namespaces {
            config.namespace(ns);
        }
        for t in &self.types {
            config.r#type(t);
        }
        for o in &self.operations {
            config.operation(o);
        }
        config
            .navigation(self.navigation)
            .area_features(self.area_features);
        if let Some(manifest) = self.cargo_toml() {
            config.cargo_toml(manifest);
        }
        Ok(config)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the resolved model IR of pages as JSON (the format of IR.md).
    Ir {
        /// Folders (read recursively) or files of pages.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Generate Rust models from pages (default: docs-input/ → generated/src/).
    Generate {
        #[command(flatten)]
        args: GenerateArgs,
        #[command(flatten)]
        output: Output,
    },
    /// Check that generated files are what the pages give; writes nothing.
    Check {
        #[command(flatten)]
        args: GenerateArgs,
        #[command(flatten)]
        output: Output,
    },
    /// A semantic changelog between two doc versions (page folders or IR JSON files).
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Exit 1 on breaking changes, on any change, or never.
        #[arg(long, value_enum, default_value = "never")]
        fail_on: drift::FailOn,
        /// With `--format markdown`: put before each page's path in links
        /// (`https://github.com/ORG/REPO/blob/SHA/`).
        #[arg(long, default_value = "")]
        link_base: String,
        #[command(flatten)]
        output: Output,
    },
    /// In-page consistency: tables vs JSON block, enum values, links, duplicates.
    Lint {
        dir: PathBuf,
        /// A file of `PATH CODE` lines to leave out (`*` for every page).
        #[arg(long)]
        suppressions: Option<PathBuf>,
        /// Report only findings the base does not have: the base's pages
        /// (a folder) or the SARIF log of their lint.
        #[arg(long, value_name = "OLD")]
        baseline: Option<PathBuf>,
        /// The sections pages should have (see `graphgen explain missing-section`).
        #[arg(long, value_name = "FILE")]
        outline: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// What a diagnostic code means, a page that triggers it, and how to fix it.
    Explain {
        /// The code (`unknown-type`); without one, every code with its summary.
        code: Option<String>,
        /// Print the table of codes (the README's) instead.
        #[arg(long)]
        table: bool,
    },
    /// A Rust snippet for every request example of the method pages, through the generated calls.
    Snippets {
        /// Folders (read recursively) or files of pages.
        dir: PathBuf,
        /// A file for every snippet, or a folder for one `.rs` file per method page (default: stdout).
        #[arg(long, value_name = "FILE_OR_DIR")]
        out: Option<PathBuf>,
        /// The generated crate's name, as the snippets' `use` lines spell it.
        #[arg(long = "crate", default_value = "graphgen_models")]
        krate: String,
        #[command(flatten)]
        output: Output,
    },
    /// The pages against the service's CSDL metadata.
    Verify {
        /// The CSDL metadata document.
        #[arg(long)]
        metadata: PathBuf,
        dir: PathBuf,
        #[command(flatten)]
        output: Output,
    },
}

/// `graphgen explain`: one code's entry, the list, or the README's table.
fn explain(code: Option<&str>, table: bool) -> ExitCode {
    use graphgen::explain;
    use std::io::Write;
    // A closed pipe (`| head`) is not an error worth a panic.
    let mut stdout = std::io::stdout().lock();
    if table {
        let _ = write!(stdout, "{}", explain::codes_table());
        return ExitCode::SUCCESS;
    }
    let Some(code) = code else {
        for e in explain::entries() {
            let _ = writeln!(stdout, "{:<32} {:<8} {}", e.code, e.severity, e.summary);
        }
        return ExitCode::SUCCESS;
    };
    match explain::find(code.trim()) {
        Some(entry) => {
            let _ = write!(stdout, "{}", explain::render(&entry));
            ExitCode::SUCCESS
        }
        None => {
            let codes = explain::entries().into_iter().map(|e| e.code.to_string());
            let closest: Vec<String> = graphgen::select::closest(code, codes)
                .iter()
                .map(|c| format!("`{c}`"))
                .collect();
            usage_error(&format!(
                "no diagnostic code `{code}`; the closest: {}",
                closest.join(", ")
            ))
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Ir { paths, output } => {
            if let Some(missing) = paths.iter().find(|p| !p.exists()) {
                return usage_error(&format!("`{}` does not exist", missing.display()));
            }
            let ir = graphgen::ir_from_paths_in(&paths, output.include_root());
            if !output.format.is_ci() {
                print!("{}", ir.to_json());
            }
            render::print(&ir.diagnostics, &paths, output.format, output.quiet);
            ExitCode::from(u8::from(has_errors(&ir.diagnostics)))
        }
        Command::Generate { args, output } => {
            let mut config = match args.config() {
                Ok(c) => c,
                Err(e) => return usage_error(&e),
            };
            if let Some(root) = output.include_root() {
                config.include_root(root);
            }
            match config.generate() {
                Ok(generated) => {
                    render::print(
                        &generated.diagnostics,
                        &args.inputs,
                        output.format,
                        output.quiet,
                    );
                    if !output.quiet {
                        let f = &generated.files;
                        eprintln!(
                            "graphgen: {} written, {} unchanged, {} removed in {}; {}",
                            f.written.len(),
                            f.unchanged.len(),
                            f.removed.len(),
                            args.out().display(),
                            render::summary(&generated.diagnostics)
                        );
                    }
                    ExitCode::from(u8::from(has_errors(&generated.diagnostics)))
                }
                Err(e) => usage_error(&e.to_string()),
            }
        }
        Command::Check { args, output } => check::run(&args, &output),
        Command::Diff {
            old,
            new,
            fail_on,
            link_base,
            output,
        } => drift::diff(&old, &new, fail_on, &link_base, &output),
        Command::Lint {
            dir,
            suppressions,
            baseline,
            outline,
            output,
        } => drift::lint(
            &dir,
            &drift::LintArgs {
                suppressions: suppressions.as_deref(),
                baseline: baseline.as_deref(),
                outline: outline.as_deref(),
            },
            &output,
        ),
        Command::Verify {
            metadata,
            dir,
            output,
        } => drift::verify(&metadata, &dir, &output),
        Command::Snippets {
            dir,
            out,
            krate,
            output,
        } => snippets::run(&dir, out.as_deref(), &krate, &output),
        Command::Explain { code, table } => explain(code.as_deref(), table),
    }
}
