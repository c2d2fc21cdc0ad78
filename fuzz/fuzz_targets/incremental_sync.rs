//! See `awsnotes::fuzzing::incremental_sync` for what this target checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| awsnotes::fuzzing::incremental_sync(data));
