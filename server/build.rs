//! Compiles every schema file under `schema/generated/` and `schema/curated/` into one buffer
//! (`schema/compiled.rs`) embedded in the binary, so that `awsnotes` needs no files at run time and
//! parses no JSON at start. The file list is computed here so that adding a schema file needs no code
//! change.
#![allow(dead_code)] // the shared modules also hold the run-time readers

use std::{env, fs, path::PathBuf};

#[path = "src/schema/compiled.rs"]
mod compiled;
#[path = "src/schema/model.rs"]
mod model;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // In the repository the schema sits beside server/; in the crate published to crates.io
    // (scripts/package-crate) it is inside the package. An empty schema is never right: fail loudly.
    let schema_root = [manifest.join("schema"), manifest.join("..").join("schema")]
        .into_iter()
        .find(|p| p.join("generated").is_dir())
        .expect("schema/generated/ not found inside or beside the package");
    println!("cargo:rerun-if-changed=src/schema/compiled.rs");
    println!("cargo:rerun-if-changed=src/schema/model.rs");
    let mut files = Vec::new();
    for dir in ["generated", "curated"] {
        let dir_path = schema_root.join(dir);
        println!("cargo:rerun-if-changed={}", dir_path.display());
        let Ok(read) = fs::read_dir(&dir_path) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("json") {
                println!("cargo:rerun-if-changed={}", path.display());
                files.push((
                    format!("{dir}/{}", path.file_name().unwrap().to_string_lossy()),
                    path,
                ));
            }
        }
    }
    // Generated first, then curated: curated facts refine generated ones on merge.
    files.sort();
    let mut infos = Vec::new();
    let mut all = Vec::new();
    for (name, path) in &files {
        // Minified first: lists kept as raw JSON until used (`LazyList`) keep their text as written,
        // and the pretty-printing whitespace would be 2–3 MB of the binary.
        let text = minify_json(&fs::read_to_string(path).unwrap());
        let (info, entries) = model::parse_file(name, &text).unwrap_or_else(|e| {
            panic!("schema file {e} (validate with schema/generator/check.sh)")
        });
        infos.push(info);
        all.extend(entries);
    }
    let bytes = compiled::compile(&model::merge_entries(all), &infos);
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let bin = out_dir.join("schema.bin");
    fs::write(&bin, bytes).unwrap();
    fs::write(
        out_dir.join("embedded_schema.rs"),
        format!(
            "/// The compiled schema (`schema::compiled`), built from schema/generated and schema/curated.\n\
             pub static EMBEDDED_SCHEMA: &[u8] = include_bytes!({:?});\n",
            bin.display().to_string()
        ),
    )
    .unwrap();
}

/// Drops the whitespace between JSON tokens; strings are copied as they are.
fn minify_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}
