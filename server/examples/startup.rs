//! Where a one-note `awsnotes lint` spends its time before and during the analysis:
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
        println!("{:>8.2} ms  {what}", (now - last).as_secs_f64() * 1e3);
        last = now;
    };
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
    schema.knows_ci("x");
    step("lowercase spellings");
    awsnotes::rules::triggers::warm_up(&schema);
    step("trigger index");
    let settings = Settings::default();
    Analyzer::default().analyze(&text, &schema, &settings);
    step("first analysis (compiles the rules' regexes)");
    Analyzer::default().analyze(&text, &schema, &settings);
    step("second analysis");
}
