//! See `awsnotes::fuzzing::config` for what this target checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| awsnotes::fuzzing::config(data));
