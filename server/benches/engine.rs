//! Engine micro-benchmarks: `cargo bench -p awsnotes --bench engine`.
//! Schema load, analysis of 1 KB / 100 KB / 1 MB generated notes (a fresh `Analyzer`, i.e. the CLI path,
//! and a warm one after a one-character edit, i.e. the language server path), the Markdown scanner alone,
//! did-you-mean lookup and completion over IAM actions.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use awsnotes::schema::{self, Kind, Schema};
use awsnotes::{Analyzer, Settings};

use awsnotes::testdata::names_note as note;

fn settings() -> Settings {
    Settings {
        today: "2026-11-26".into(),
        ..Settings::default()
    }
}

fn bench(c: &mut Criterion) {
    // Start-up: open the compiled schema and build what the prose rules need first (brands, limit
    // phrases). The JSON path (what every start paid before the schema was compiled) for comparison.
    c.bench_function("schema_open_compiled", |b| {
        b.iter(|| {
            let s = schema::open_embedded();
            black_box(s.brands().brands.len());
            black_box(s.limit_phrases().group_count(0));
        })
    });
    // Each derived index alone, on a freshly opened schema: what the first note that needs it pays.
    let mut ix = c.benchmark_group("index_build");
    ix.bench_function("brands", |b| {
        b.iter(|| black_box(schema::open_embedded().brands().brands.len()))
    });
    ix.bench_function("limit_phrases", |b| {
        b.iter(|| black_box(schema::open_embedded().limit_phrases().group_count(0)))
    });
    ix.bench_function("operations", |b| {
        b.iter(|| black_box(schema::open_embedded().operations().services.len()))
    });
    ix.bench_function("claims_with_patterns", |b| {
        b.iter(|| {
            let s = schema::open_embedded();
            black_box(
                s.claims()
                    .claims
                    .iter()
                    .filter(|c| c.claim_patterns().is_some() && c.guard_patterns().is_some())
                    .count(),
            )
        })
    });
    ix.bench_function("open_only", |b| {
        b.iter(|| black_box(schema::open_embedded().generation()))
    });
    ix.finish();
    let sources = schema::source_files_in_tree().expect("schema/ JSON beside server/");
    let mut slow = c.benchmark_group("schema_from_json");
    slow.sample_size(10);
    slow.bench_function("parse_merge_compile", |b| {
        b.iter(|| black_box(Schema::from_files(&sources).unwrap().files().len()))
    });
    slow.finish();
    let schema = schema::embedded();
    schema.brands();
    schema.limit_phrases();
    let st = settings();
    let mut g = c.benchmark_group("analyze");
    for size in [1_000usize, 100_000, 1_000_000] {
        let text = note(size);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("cold", size), &text, |b, t| {
            b.iter(|| black_box(Analyzer::default().analyze(t, &schema, &st)))
        });
        let mut warm = Analyzer::default();
        warm.analyze(&text, &schema, &st);
        let mut edited = text.clone();
        let at = edited.len() / 2;
        let at = (at..edited.len())
            .find(|&i| edited.is_char_boundary(i))
            .unwrap();
        g.bench_with_input(BenchmarkId::new("after_one_edit", size), &(), |b, _| {
            b.iter(|| {
                edited.insert(at, 'x');
                black_box(warm.analyze(&edited, &schema, &st));
                edited.remove(at);
                black_box(warm.analyze(&edited, &schema, &st));
            })
        });
        g.bench_with_input(BenchmarkId::new("scanner", size), &text, |b, t| {
            b.iter(|| black_box(awsnotes::markdown::regions(t)))
        });
    }
    g.finish();
    // One 10,000-item list without blank lines: `whole` analyses all of it (what every keystroke cost
    // when a list was one chunk); `after_one_edit` is the server's path now that each item is a chunk.
    let mut g = c.benchmark_group("list_10000_items");
    let text = awsnotes::testdata::list_note(10_000);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("whole", |b| {
        b.iter(|| black_box(Analyzer::default().analyze(&text, &schema, &st)))
    });
    let mut warm = Analyzer::default();
    warm.analyze(&text, &schema, &st);
    let mut edited = text.clone();
    let at = edited.len() / 2;
    g.bench_function("after_one_edit", |b| {
        b.iter(|| {
            edited.insert(at, 'x');
            black_box(warm.analyze(&edited, &schema, &st));
            edited.remove(at);
            black_box(warm.analyze(&edited, &schema, &st));
        })
    });
    g.finish();
    c.bench_function("did_you_mean_error_code", |b| {
        b.iter(|| {
            black_box(schema.nearest(Kind::ErrorCode, "ProvisionedThroughputExceededExeption", 2))
        })
    });
    c.bench_function("complete_iam_s3_get", |b| {
        b.iter(|| black_box(awsnotes::lsp::features::complete(&schema, "s3:Get", 6)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
