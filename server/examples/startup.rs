//! Where a one-note `awsnotes lint` spends its time and memory before and during the analysis:
//! `cargo run --release -p awsnotes --example startup -- NOTE.md`.
//!
//! Builds each lazily built index of the embedded schema in turn and times it, then analyses the note
//! twice (the first analysis compiles the rules' own regexes). Run it in a fresh process: every figure
//! is a first use.
use std::time::Instant;

use awsnotes::schema;
use awsnotes::{Analyzer, Settings};

fn main() {
    let path = std::env::args().nth(1).expect("usage: startup NOTE.md");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 note");
    let mut last = Instant::now();
    let mut step = |what: &str| {
        let now = Instant::now();
        let [anon, file] = ["RssAnon:", "RssFile:"].map(rss_kib);
        println!(
            "{:>8.2} ms  RSS {:>5.1} MB (heap and stacks {:>5.1}, binary and files {:>5.1})  {what}",
            (now - last).as_secs_f64() * 1e3,
            (anon + file) as f64 / 1e3,
            anon as f64 / 1e3,
            file as f64 / 1e3,
        );
        last = now;
    };
    step("process start");
    let schema = schema::embedded();
    step("open the embedded schema");
    schema.brands();
    step("brand index (service names, retired services)");
    schema.service_links();
    step("service links");
    schema.limit_phrases();
    step("limit phrases");
    schema.claims();
    step("claims");
    schema.operations();
    step("operation index");
    awsnotes::rules::triggers::warm_up(&schema);
    step("trigger index");
    let settings = Settings::default();
    Analyzer::default().analyze(&text, &schema, &settings);
    step("first analysis (compiles the rules' regexes)");
    Analyzer::default().analyze(&text, &schema, &settings);
    step("second analysis");
}

/// One field of this process's resident set (`RssAnon:` or `RssFile:`, KiB) on Linux; 0 elsewhere.
fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
