//! Replays the fuzz seeds and every input that once made a fuzz target fail, through the same harness
//! functions the fuzz targets call (`awsnotes::fuzzing`), on a stable toolchain. A new crash found by
//! `cargo fuzz` goes into `fuzz/regressions/<harness>/` (see fuzz/README.md) and stays tested here.
use std::path::{Path, PathBuf};

fn inputs(dirs: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(dirs: &[&str], harness: fn(&[u8])) -> usize {
    let files = inputs(dirs);
    for f in &files {
        let data = std::fs::read(f).unwrap();
        // Name the input if the harness panics.
        let result = std::panic::catch_unwind(|| harness(&data));
        assert!(result.is_ok(), "fuzz input {} fails", f.display());
    }
    files.len()
}

#[test]
fn engine_bytes() {
    let n = replay(
        &["seeds/engine_bytes", "regressions/engine_bytes"],
        awsnotes::fuzzing::engine_bytes,
    );
    assert!(n >= 3, "the example notes are seeds");
}

#[test]
fn engine_text() {
    // Rendered inputs of the grammar target `engine_markdown` (none saved yet), and the rule fixtures,
    // so that this test always replays something.
    let n = replay(&["regressions/engine_text", "../server/tests/rules"], |d| {
        awsnotes::fuzzing::engine_text(std::str::from_utf8(d).expect("saved as UTF-8"))
    });
    assert!(n >= 14, "the rule fixtures are replayed too ({n} inputs)");
}

#[test]
fn incremental_sync() {
    let n = replay(
        &["seeds/incremental_sync", "regressions/incremental_sync"],
        awsnotes::fuzzing::incremental_sync,
    );
    assert!(n >= 1);
}

#[test]
fn config() {
    let n = replay(
        &["seeds/config", "regressions/config"],
        awsnotes::fuzzing::config,
    );
    assert!(n >= 1);
}

#[test]
fn lsp_framing() {
    let n = replay(
        &["seeds/lsp_framing", "regressions/lsp_framing"],
        awsnotes::fuzzing::lsp_framing,
    );
    assert!(n >= 1);
}
