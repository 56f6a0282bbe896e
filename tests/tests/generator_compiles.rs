//! Property test of the generator: random IRs (hostile names, keywords,
//! digits, non-ASCII, collisions, deep and cyclic inheritance, namespaces
//! under types), drawn from a fixed seed, emitted side by side into one
//! scratch crate that `cargo check` must accept with no error and no
//! warning.

#[path = "../../codegen/tests/support/arbitrary_ir.rs"]
mod arbitrary_ir;

use graphgen_tests::{cargo_offline, workspace};

/// A fixed-seed byte stream (xorshift64*): the same IRs every run.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

const IRS: u64 = 64;

#[test]
fn random_irs_compile_without_warnings() {
    let dir = workspace().join("target/generator-compiles");
    let _ = std::fs::remove_dir_all(dir.join("src"));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = workspace().join("runtime").canonicalize().unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"generator-compiles\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ngraphgen-runtime = {{ path = {:?} }}\n\n[workspace]\n", runtime.display().to_string()),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut lib = String::from("//! Random IRs, one module each.\n#![allow(dead_code)]\n");
    let mut emitted = 0;
    for seed in 1..=IRS {
        let data = bytes(seed * 7919, 4096);
        let mut u = arbitrary::Unstructured::new(&data);
        let Ok(mut ir) = arbitrary_ir::ir(&mut u) else {
            continue;
        };
        ir.normalize();
        arbitrary_ir::check_emit(&ir);
        let (files, _) = graphgen::emit::emit(&ir, &graphgen::emit::EmitOptions::new());
        let module = dir.join(format!("src/ir{seed}"));
        std::fs::create_dir_all(&module).unwrap();
        for f in &files {
            std::fs::write(module.join(&f.name), &f.contents).unwrap();
        }
        lib.push_str(&format!(
            "pub mod ir{seed} {{\n    include!(\"ir{seed}/lib.rs\");\n}}\n"
        ));
        emitted += 1;
    }
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    assert!(emitted >= IRS as usize / 2, "only {emitted} IRs drawn");
    let check = cargo_offline(&dir, &["check", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning") || l.contains("error"))
        .collect();
    assert!(
        check.status.success() && problems.is_empty(),
        "emitted code for random IRs does not check cleanly:\n{}",
        problems.join("\n")
    );
}
