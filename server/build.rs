//! Embeds every schema file under `schema/generated/` and `schema/curated/` into the binary, so that
//! `awsnotes` needs no files at run time. The list is computed here so that adding a schema file needs no
//! code change.
use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let schema_root = manifest.join("..").join("schema");
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
    let mut out = String::from("/// (path relative to schema/, contents) of every embedded schema file.\npub static EMBEDDED_SCHEMA_FILES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.canonicalize().unwrap().display().to_string()
        ));
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out_dir.join("embedded_schema.rs"), out).unwrap();
}
