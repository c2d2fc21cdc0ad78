//! Embeds every schema file under `schema/generated/` and `schema/curated/` into the binary, so that
//! `awsnotes` needs no files at run time. The list is computed here so that adding a schema file needs no
//! code change.
use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // In the repository the schema sits beside server/; in the crate published to crates.io
    // (scripts/package-crate) it is inside the package. An empty schema is never right: fail loudly.
    let schema_root = [manifest.join("schema"), manifest.join("..").join("schema")]
        .into_iter()
        .find(|p| p.join("generated").is_dir())
        .expect("schema/generated/ not found inside or beside the package");
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
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut out = String::from("/// (path relative to schema/, contents) of every embedded schema file.\npub static EMBEDDED_SCHEMA_FILES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        // Embedded without the pretty-printing whitespace (2.6 of 9.8 MB): the same JSON values, and a
        // release binary under 15 MiB.
        let min_path = out_dir.join("schema").join(name);
        fs::create_dir_all(min_path.parent().unwrap()).unwrap();
        fs::write(&min_path, minify_json(&fs::read_to_string(path).unwrap())).unwrap();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            min_path.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("embedded_schema.rs"), out).unwrap();
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
