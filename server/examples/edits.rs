//! The language server's per-keystroke analysis, for profiling with instruction counts:
//! `valgrind --tool=callgrind target/release/examples/edits [EDITS] [--list]`.
//!
//! Analyses a 620 KB name-heavy note (or, with `--list`, a 10,000-item list) once, then types one
//! character at the start of a line and deletes it again, EDITS times (default 50), re-analysing after
//! each change with the same warm [`Analyzer`] the server keeps per document. Run it with 0 edits too:
//! the difference, divided by twice the edits, is the work of one keystroke. Or count the keystrokes
//! alone: `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='edits::keystrokes'
//! target/release/examples/edits 50 [--list]`, divided by twice the edits. One thread, like a server
//! edit that re-analyses one chunk.
use awsnotes::schema;
use awsnotes::testdata::{list_note, names_note};
use awsnotes::{Analyzer, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let edits: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let text = if args.iter().any(|a| a == "--list") {
        list_note(10_000)
    } else {
        names_note(620_000)
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("a one-thread pool");
    let schema = schema::embedded();
    let settings = Settings {
        today: "2026-11-26".into(),
        ..Settings::default()
    };
    let mut analyzer = Analyzer::default();
    analyzer.analyze(&text, &schema, &settings);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let typed: Vec<String> = (0..edits)
        .map(|i| {
            let mut typed = text.clone();
            typed.insert(line_starts[(i * 37) % (line_starts.len() - 1)], 'x');
            typed
        })
        .collect();
    keystrokes(&mut analyzer, &text, &typed, &schema, &settings);
}

/// The edits alone: `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='edits::keystrokes'`
/// counts only them.
#[inline(never)]
fn keystrokes(
    analyzer: &mut Analyzer,
    text: &str,
    typed: &[String],
    schema: &schema::Schema,
    settings: &Settings,
) {
    for typed in typed {
        std::hint::black_box(analyzer.analyze(typed, schema, settings));
        std::hint::black_box(analyzer.analyze(text, schema, settings));
    }
}
