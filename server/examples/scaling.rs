//! Analysis time against note size, on one core: `cargo run --release --example scaling [-- --json] [--sizes 1000,16000] [--kind prose]`.
//!
//! For each generated note (name-heavy, prose-heavy, and one sentence of numbers about a limit,
//! `awsnotes::testdata`) of 1 KB to 1 MB, runs a
//! fresh analysis (the CLI path) repeatedly and reports the median time and throughput. Rayon is limited
//! to one thread so the figure is per core. `bench/run.sh` puts the table in bench/RESULTS.md.
use std::time::{Duration, Instant};

use awsnotes::schema;
use awsnotes::testdata::{names_note, numbers_note, prose_note};
use awsnotes::{Analyzer, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().any(|a| a == "--json");
    // `--sizes 1000,16000`: only these sizes (a quick run, or one size for profiling).
    let sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 4_000, 16_000, 64_000, 256_000, 1_000_000]);
    // `--kind prose`: only that note shape (for profiling one of them).
    let only_kind = args
        .iter()
        .position(|a| a == "--kind")
        .and_then(|i| args.get(i + 1))
        .cloned();
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("a one-thread pool");
    let schema = schema::embedded();
    schema.brands();
    schema.limit_phrases();
    let settings = Settings {
        today: "2026-11-26".into(),
        ..Settings::default()
    };
    let mut rows = Vec::new();
    for (kind, generate) in [
        ("prose", prose_note as fn(usize) -> String),
        ("names", names_note),
        ("numbers", numbers_note),
    ] {
        if only_kind.as_deref().is_some_and(|k| k != kind) {
            continue;
        }
        for &size in &sizes {
            let text = generate(size);
            let mut times = Vec::new();
            let started = Instant::now();
            // At least 5 runs and 300 ms; the first run is a warm-up.
            Analyzer::default().analyze(&text, &schema, &settings);
            while times.len() < 5 || started.elapsed() < Duration::from_millis(300) {
                let t = Instant::now();
                std::hint::black_box(Analyzer::default().analyze(&text, &schema, &settings));
                times.push(t.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            rows.push((kind, text.len(), median, times.len()));
        }
    }
    if json {
        let items: Vec<String> = rows
            .iter()
            .map(|(k, b, t, n)| {
                format!(
                    "{{\"kind\":\"{k}\",\"bytes\":{b},\"median_s\":{t:.9},\"runs\":{n},\"mb_per_s\":{:.2}}}",
                    *b as f64 / 1e6 / t
                )
            })
            .collect();
        println!("[{}]", items.join(","));
    } else {
        println!("| note | bytes | median | MB/s (one core) | µs per KB |");
        println!("|---|---:|---:|---:|---:|");
        for (k, b, t, _) in rows {
            println!(
                "| {k} | {b} | {:.3} ms | {:.1} | {:.1} |",
                t * 1e3,
                b as f64 / 1e6 / t,
                t * 1e6 / (b as f64 / 1e3)
            );
        }
    }
}
