//! See `awsnotes::fuzzing::engine_bytes` for what this target checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| awsnotes::fuzzing::engine_bytes(data));
