#!/usr/bin/env bash
# Runs the fuzz targets with cargo-fuzz (libFuzzer; needs a nightly toolchain).
#   fuzz/run.sh [SECONDS] [TARGET...]   fuzz each target for SECONDS (default 60); all targets if none named
#   fuzz/run.sh --smoke                 CI: build, then every target on its seeds plus a few thousand runs
# New inputs go to fuzz/corpus/<target>/ (not committed); crashes to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
TARGETS_ALL=(engine_bytes engine_markdown incremental_sync config lsp_framing)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz/run.sh: needs a nightly Rust toolchain (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version 0.13.2
fi

count_artifacts() { shopt -s nullglob; local files=("artifacts/$1"/*); echo "${#files[@]}"; }

smoke=0
seconds=60
if [[ "${1:-}" == "--smoke" ]]; then smoke=1; shift; elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${TARGETS_ALL[@]}")

# No sanitizer: the project has no unsafe code; coverage guidance and Rust's own checks (bounds, overflow
# with debug assertions) find the bugs, at several times the speed of AddressSanitizer.
cargo +nightly fuzz build -s none
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t"
  if [[ $smoke == 1 ]]; then
    args=(-runs=2000 -seed=1)
  else
    args=(-max_total_time="$seconds")
  fi
  echo "== $t"
  before=$(count_artifacts "$t")
  # -timeout: an input taking over 2 s is a hang; -rss_limit_mb: memory blow-ups are failures too.
  cargo +nightly fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
    -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 "${args[@]}" 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+== ERROR|SUMMARY)|panicked|Test unit written" || true
  # grep swallows the exit status of the run: check for crash artifacts instead.
  if [[ $(count_artifacts "$t") != "$before" ]]; then
    echo "fuzz/run.sh: $t failed; inputs in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
