//! See `awsnotes::fuzzing::lsp_framing` for what this target checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| awsnotes::fuzzing::lsp_framing(data));
