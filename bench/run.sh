#!/usr/bin/env bash
# awsnotes benchmark suite: one command.
#
#   bench/run.sh                 # full run on ../shared/corpus (or a generated 300-file corpus), writes bench/RESULTS.md
#   bench/run.sh --tiny --no-lsp # smoke run: 20 generated files, few runs, writes bench/results/RESULTS.tiny.md
#
# Options:
#   --tiny          generate a tiny corpus (20 files) and do few runs
#   --no-lsp        skip the language-server latency harness (bench/lsp_latency.py)
#   --corpus DIR    benchmark this directory instead
#   --runs N        hyperfine --runs   (default 10; 3 with --tiny)
#   --warmup N      hyperfine --warmup (default 2; 1 with --tiny)
#   --out FILE      where to write the report (default bench/RESULTS.md; bench/results/RESULTS.tiny.md with --tiny)
#
# Environment: AWSNOTES_BIN (default target/dist/awsnotes, the binary users download, built with
#   `cargo build --profile dist`; CI's smoke run passes target/release/awsnotes).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
INVOCATION="bench/run.sh${*:+ $*}"

TINY=0; LSP=1; CORPUS=""; RUNS=""; WARMUP=""; OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tiny) TINY=1 ;;
    --no-lsp) LSP=0 ;;
    --corpus) CORPUS="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [[ $TINY == 1 ]]; then RUNS="${RUNS:-3}"; WARMUP="${WARMUP:-1}"; OUT="${OUT:-$BENCH/results/RESULTS.tiny.md}"
else RUNS="${RUNS:-10}"; WARMUP="${WARMUP:-2}"; OUT="${OUT:-$BENCH/RESULTS.md}"; fi
RESULTS="$BENCH/results"; mkdir -p "$RESULTS"
SUFFIX=$([[ $TINY == 1 ]] && echo ".tiny" || true)
JSON="$RESULTS/hyperfine$SUFFIX.json"
LSP_JSON="$RESULTS/lsp$SUFFIX.json"
INSTALL_LOG="$RESULTS/install$SUFFIX.log"; : > "$INSTALL_LOG"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

# ---------------------------------------------------------------- (a) tools
SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
if ! command -v hyperfine >/dev/null 2>&1; then
  log "installing hyperfine (apt)"; t=$(now)
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq hyperfine
  echo "hyperfine (apt-get update + install): $(elapsed "$t") s" | tee -a "$INSTALL_LOG" >&2
fi

TYPOS="$BENCH/.tools/bin/typos"
if [[ ! -x $TYPOS ]]; then
  log "installing typos-cli (cargo install --locked, compiles from source: several minutes)"; t=$(now)
  cargo install --locked typos-cli --root "$BENCH/.tools"
  echo "typos-cli (cargo install): $(elapsed "$t") s" | tee -a "$INSTALL_LOG" >&2
fi

MDL="$BENCH/node_modules/.bin/markdownlint-cli2"
if [[ ! -x $MDL ]]; then
  log "installing markdownlint-cli2 (npm ci, pinned in bench/package-lock.json)"; t=$(now)
  (cd "$BENCH" && npm ci --no-audit --no-fund)
  echo "markdownlint-cli2 (npm ci): $(elapsed "$t") s" | tee -a "$INSTALL_LOG" >&2
fi

# The binary users download (release archives, VS Code packages): the dist profile (whole-program LTO,
# stripped). Built (or brought up to date) here unless AWSNOTES_BIN names another binary.
if [[ -n ${AWSNOTES_BIN:-} ]]; then
  AWSNOTES="$AWSNOTES_BIN"
else
  AWSNOTES="$ROOT/target/dist/awsnotes"
  log "building awsnotes (cargo build --profile dist: several minutes when out of date)"; t=$(now)
  (cd "$ROOT" && cargo build --profile dist --locked -p awsnotes)
  echo "awsnotes (cargo build --profile dist): $(elapsed "$t") s" | tee -a "$INSTALL_LOG" >&2
fi

# ---------------------------------------------------------------- (b) corpus
if [[ -n $CORPUS ]]; then
  CORPUS_KIND="given with --corpus"
elif [[ $TINY == 1 ]]; then
  CORPUS="$BENCH/.corpus-tiny"; CORPUS_KIND="generated: python3 bench/gen_notes.py --corpus DIR --files 20 --max-lines 500"
  rm -rf "$CORPUS"; python3 "$BENCH/gen_notes.py" --corpus "$CORPUS" --files 20 --max-lines 500
elif [[ -d $ROOT/../shared/corpus ]]; then
  CORPUS="$ROOT/../shared/corpus"; CORPUS_KIND="../shared/corpus"
else
  CORPUS="$BENCH/.corpus-300"; CORPUS_KIND="generated: python3 bench/gen_notes.py --corpus DIR --files 300"
  rm -rf "$CORPUS"; python3 "$BENCH/gen_notes.py" --corpus "$CORPUS" --files 300
fi
CORPUS="$(cd "$CORPUS" && pwd -P)"
log "corpus: $CORPUS ($CORPUS_KIND)"

# Markdown files as all three tools see them: *.md, hidden directories skipped.
read -r MD_FILES MD_BYTES < <(python3 - "$CORPUS" <<'EOF'
import os, sys
n = b = 0
for d, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if not x.startswith(".") and x != "node_modules"]
    for f in files:
        if f.endswith(".md") and not f.startswith("."):
            n += 1; b += os.path.getsize(os.path.join(d, f))
print(n, b)
EOF
)
AWSNOTES_SUMMARY="$("$AWSNOTES" lint --no-config --fail-on never "$CORPUS" 2>&1 >/dev/null | grep 'files checked' | tail -n 1 || true)"
[[ -z $AWSNOTES_SUMMARY ]] && AWSNOTES_SUMMARY="$("$AWSNOTES" lint --no-config --fail-on never "$CORPUS" 2>&1 | grep 'files checked' | tail -n 1 || true)"
log "corpus: $MD_FILES Markdown files, $MD_BYTES bytes; awsnotes says: $AWSNOTES_SUMMARY"

# ---------------------------------------------------------------- (c) hyperfine
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }  # single-quote for sh -c
CMD_AWSNOTES="$(q "$AWSNOTES") lint --no-config --fail-on never $(q "$CORPUS")"
# bench/typos.toml: only *.md files, like the other two (the corpus may hold other files, e.g. a .jsonl);
# --isolated: ignore typos config files found around the corpus.
CMD_TYPOS="$(q "$TYPOS") --isolated --config $(q "$BENCH/typos.toml") $(q "$CORPUS")"
# The second glob skips hidden directories (e.g. .github/), which awsnotes and typos skip too.
CMD_MDL="$(q "$MDL") --config $(q "$BENCH/.markdownlint-cli2.jsonc") $(q "$CORPUS/**/*.md") $(q "!$CORPUS/**/.*/**")"
HYPERFINE=(hyperfine --warmup "$WARMUP" --runs "$RUNS" -i --style basic --export-json "$JSON"
  -n awsnotes "$CMD_AWSNOTES" -n typos "$CMD_TYPOS" -n markdownlint-cli2 "$CMD_MDL")
log "hyperfine: warmup $WARMUP, runs $RUNS"
t=$(now)
"${HYPERFINE[@]}"
HF_SECONDS=$(elapsed "$t")

# ---------------------------------------------------------------- language server
LSP_STATUS="skipped (--no-lsp)"
if [[ $LSP == 1 ]]; then
  log "language server latency (bench/lsp_latency.py)"
  LSP_ARGS=(--bin "$AWSNOTES"); [[ $TINY == 1 ]] && LSP_ARGS+=(--lines 2000 --edits 50)
  if python3 "$BENCH/lsp_latency.py" "${LSP_ARGS[@]}" > "$LSP_JSON"; then
    LSP_STATUS="ok"; cat "$LSP_JSON" >&2
  else
    LSP_STATUS="failed (exit $?)"; log "lsp_latency.py failed; continuing"
  fi
  LSP_CMD="python3 bench/lsp_latency.py ${LSP_ARGS[*]}"
fi

# ---------------------------------------------------------------- one note: awsnotes vs typos, time and memory
# The corpus' seed-notes.md when there is one (a typical study note, 39 KB), else its largest note.
NOTE="$CORPUS/seed-notes.md"
[[ -f $NOTE ]] || NOTE="$(python3 -c '
import os, sys
notes = []
for d, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    notes += [os.path.join(d, f) for f in files if f.endswith(".md")]
print(max(notes, key=os.path.getsize))' "$CORPUS")"
NOTE_JSON="$RESULTS/one-note$SUFFIX.json"
log "one note: $NOTE"
hyperfine --warmup "$WARMUP" --runs $((RUNS * 3)) -N -i --style basic --export-json "$NOTE_JSON" \
  -n awsnotes "$(q "$AWSNOTES") lint --no-config --fail-on never $(q "$NOTE")" \
  -n typos "$(q "$TYPOS") --isolated --config $(q "$BENCH/typos.toml") $(q "$NOTE")" >&2
# Peak RSS of each (one process per measurement: RUSAGE_CHILDREN is the maximum over waited children).
peak_rss_mb() { python3 -c 'import resource,subprocess,sys; subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)' "$@"; }
NOTE_RSS_AWSNOTES=$(peak_rss_mb "$AWSNOTES" lint --no-config --fail-on never "$NOTE")
NOTE_RSS_TYPOS=$(peak_rss_mb "$TYPOS" --isolated --config "$BENCH/typos.toml" "$NOTE")
NOTE_BYTES=$(wc -c < "$NOTE")

# ---------------------------------------------------------------- language server, the note as one list
LSP_LIST_JSON="$RESULTS/lsp-list$SUFFIX.json"; LSP_LIST_STATUS="skipped (--no-lsp)"
if [[ $LSP == 1 ]]; then
  log "language server latency, the note as one list (bench/lsp_latency.py --list)"
  if python3 "$BENCH/lsp_latency.py" "${LSP_ARGS[@]}" --list > "$LSP_LIST_JSON"; then
    LSP_LIST_STATUS="ok"
  else
    LSP_LIST_STATUS="failed (exit $?)"; log "lsp_latency.py --list failed; continuing"
  fi
fi

# ---------------------------------------------------------------- language server, cold start on the one note
LSP_COLD_JSON="$RESULTS/lsp-cold$SUFFIX.json"; LSP_COLD_STATUS="skipped (--no-lsp)"
if [[ $LSP == 1 ]]; then
  log "language server cold start, opening $NOTE (bench/lsp_latency.py --cold-note)"
  if python3 "$BENCH/lsp_latency.py" --bin "$AWSNOTES" --cold-note "$NOTE" > "$LSP_COLD_JSON"; then
    LSP_COLD_STATUS="ok"
  else
    LSP_COLD_STATUS="failed (exit $?)"; log "lsp_latency.py --cold-note failed; continuing"
  fi
fi

# ---------------------------------------------------------------- did-you-mean (criterion), not in --tiny
DYM_STATUS="skipped (--tiny)"; DYM_NS=""
if [[ $TINY == 0 ]]; then
  log "did-you-mean lookup (criterion: cargo bench --bench engine -- did_you_mean)"
  if (cd "$ROOT" && cargo bench -q -p awsnotes --bench engine -- did_you_mean --warm-up-time 1 --measurement-time 3) >&2; then
    DYM_NS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
      "$ROOT/target/criterion/did_you_mean_error_code/new/estimates.json" 2>/dev/null || true)
    DYM_STATUS="ok"
  else
    DYM_STATUS="failed"
  fi
fi

# ---------------------------------------------------------------- engine scaling and CLI memory
log "engine scaling, one core (cargo run --release --example scaling)"
SCALING_JSON="$RESULTS/scaling$SUFFIX.json"
SCALING_ARGS=(--json); [[ $TINY == 1 ]] && SCALING_ARGS+=(--sizes 1000,16000)
(cd "$ROOT" && cargo run -q --release -p awsnotes --example scaling -- "${SCALING_ARGS[@]}") > "$SCALING_JSON"
SCALING_CMD="cargo run --release -p awsnotes --example scaling -- ${SCALING_ARGS[*]}"

log "CLI peak memory vs number of files (bench/memory_files.py)"
MEMORY_JSON="$RESULTS/memory$SUFFIX.json"
MEMORY_ARGS=(--bin "$AWSNOTES"); [[ $TINY == 1 ]] && MEMORY_ARGS+=(--sizes 10,100)
python3 "$BENCH/memory_files.py" "${MEMORY_ARGS[@]}" > "$MEMORY_JSON"
MEMORY_CMD="python3 bench/memory_files.py"; [[ $TINY == 1 ]] && MEMORY_CMD+=" --sizes 10,100"

# ---------------------------------------------------------------- (d) report
log "writing $OUT"
mkdir -p "$(dirname "$OUT")"
export SCALING_JSON SCALING_CMD MEMORY_JSON MEMORY_CMD NOTE NOTE_JSON NOTE_RSS_AWSNOTES NOTE_RSS_TYPOS NOTE_BYTES \
  LSP_LIST_JSON LSP_LIST_STATUS LSP_COLD_JSON LSP_COLD_STATUS DYM_STATUS DYM_NS
export JSON LSP_JSON LSP_STATUS LSP_CMD="${LSP_CMD:-}" INSTALL_LOG INVOCATION CORPUS CORPUS_KIND MD_FILES MD_BYTES \
  AWSNOTES_SUMMARY HF_SECONDS RUNS WARMUP AWSNOTES TYPOS MDL ROOT
HF_ARGS="$RESULTS/hyperfine-args$SUFFIX.bin"; printf '%s\0' "${HYPERFINE[@]}" > "$HF_ARGS"; export HF_ARGS
python3 - "$OUT" <<'EOF'
import json, os, platform, re, subprocess, sys, datetime
E = os.environ
def sh(*cmd):
    try: return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception as e: return f"? ({e})"
rel = lambda s: s.replace(E["ROOT"] + "/", "./")

res = {r["command"]: r for r in json.load(open(E["JSON"]))["results"]}
a, t, m = res["awsnotes"], res["typos"], res["markdownlint-cli2"]
files, nbytes = int(E["MD_FILES"]), int(E["MD_BYTES"])
mb = nbytes / 1e6
cpu = a["user"] + a["system"]

def row(name, r):
    ec = sorted(set(c for c in r.get("exit_codes", []) if c is not None))
    return (f"| {name} | {r['median']*1000:.1f} | {r['mean']*1000:.1f} ± {(r['stddev'] or 0)*1000:.1f} | "
            f"{r['min']*1000:.1f} | {r['max']*1000:.1f} | {(r['user']+r['system'])*1000:.1f} | {', '.join(map(str, ec))} |")

cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in sh("free", "-h").splitlines() if l.startswith("Mem:")), "?")
mdl_ver = sh(E["MDL"], "--help").splitlines()[0] if sh(E["MDL"], "--help") else "?"
ratio_at = a["median"] / t["median"]
ratio_ma = m["median"] / a["median"]
ok = lambda c: "✅" if c else "❌"

L = []
L.append("# awsnotes benchmark results\n")
L.append(f"Generated by `{E['INVOCATION']}` on {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}. "
         "See [README.md](README.md) for what is measured and the targets.\n")
L.append("Targets marked ❌ are explained (what limits them, what was measured) in "
         "[README.md](README.md#targets-not-met-and-why).\n")
L.append("## Batch lint: awsnotes vs typos vs markdownlint-cli2\n")
L.append(f"Corpus: `{rel(E['CORPUS'])}` ({E['CORPUS_KIND']}): **{files} Markdown files, {nbytes:,} bytes ({mb:.2f} MB)** "
         f"(`*.md`, hidden directories skipped). awsnotes reports: `{E['AWSNOTES_SUMMARY']}`.\n")
L.append(f"hyperfine, warm cache, `--warmup {E['WARMUP']} --runs {E['RUNS']}`, all three commands in one run; times in ms. "
         "CPU = mean user + system.\n")
L.append("| Tool | Median | Mean ± σ | Min | Max | CPU | Exit codes |")
L.append("|---|---:|---:|---:|---:|---:|---|")
L += [row("awsnotes", a), row("typos", t), row("markdownlint-cli2", m)]
L.append("")
L.append("| Metric | Value | Target |")
L.append("|---|---:|---|")
L.append(f"| awsnotes / typos (median) | **{ratio_at:.2f}** | ≤ 0.7 {ok(ratio_at <= 0.7)} |")
L.append(f"| markdownlint-cli2 / awsnotes (median) | **{ratio_ma:.1f}×** | ≥ 30× {ok(ratio_ma >= 30)} |")
L.append(f"| awsnotes throughput, wall clock | {mb / a['median']:.1f} MB/s, {files / a['median']:.0f} files/s | |")
L.append(f"| awsnotes throughput per core (bytes / (user+sys)) | {mb / cpu:.1f} MB/s | (real notes; per-core targets below, on generated notes) |")
L.append(f"| awsnotes parallelism (CPU / wall, mean) | {cpu / a['mean']:.2f} | |")
L.append("\nMB = 10⁶ bytes. typos and markdownlint-cli2 exit non-zero when they find problems ("
         "hyperfine runs with `-i`). awsnotes runs with `--fail-on never`.\n")

L.append("## One note: awsnotes vs typos\n")
nres = {r["command"]: r for r in json.load(open(E["NOTE_JSON"]))["results"]}
na, nt = nres["awsnotes"], nres["typos"]
nratio = na["median"] / nt["median"]
rss_a, rss_t = float(E["NOTE_RSS_AWSNOTES"]), float(E["NOTE_RSS_TYPOS"])
L.append(f"`{rel(E['NOTE'])}` ({int(E['NOTE_BYTES']):,} bytes): what a pre-commit hook or an editor's save "
         "hook pays. hyperfine `-N` (no shell); peak RSS of one run each.\n")
L.append("| Tool | Median | Mean ± σ | Min | Max | CPU | Exit codes |")
L.append("|---|---:|---:|---:|---:|---:|---|")
L += [row("awsnotes", na), row("typos", nt)]
L.append("")
L.append("| Metric | Value | Target |")
L.append("|---|---:|---|")
L.append(f"| awsnotes / typos (median) | **{nratio:.2f}** | ≤ 0.5 {ok(nratio <= 0.5)} |")
L.append(f"| awsnotes peak RSS | {rss_a:.1f} MB (typos {rss_t:.1f} MB) | ≤ 20 MB {ok(rss_a <= 20)} |")
L.append("")
L.append("## Language server latency\n")
if E["LSP_STATUS"] == "ok":
    lsp = json.load(open(E["LSP_JSON"]))
    L.append(f"`{E['LSP_CMD'] and rel(E['LSP_CMD'])}`: one generated note of {lsp['note_lines']} lines "
             f"({lsp['note_bytes']:,} bytes), {lsp['edits']} single-character edits, debounce 0.\n")
    L.append("| Metric | Measured | Target |")
    L.append("|---|---:|---|")
    e99 = lsp["edit_to_diagnostics_ms"]["p99"]; h99 = lsp["hover_ms"]["p99"]
    c99 = max(lsp["completion_service_ms"]["p99"], lsp["completion_iam_ms"]["p99"])
    cold = lsp["cold_start_first_diagnostics_ms"]; rss = lsp["peak_rss_mb"]
    L.append(f"| edit → diagnostics p99 | {e99} ms (p50 {lsp['edit_to_diagnostics_ms']['p50']}) | ≤ 3 ms {ok(e99 <= 3)} |")
    if E["LSP_LIST_STATUS"] == "ok":
        ll = json.load(open(E["LSP_LIST_JSON"])); l99 = ll["edit_to_diagnostics_ms"]["p99"]
        L.append(f"| edit → diagnostics p99, the same note as one {ll['note_lines']}-item list | {l99} ms "
                 f"(p50 {ll['edit_to_diagnostics_ms']['p50']}) | ≤ 3 ms {ok(l99 <= 3)} |")
    else:
        L.append(f"| edit → diagnostics p99, the note as one list | not run: {E['LSP_LIST_STATUS']} | ≤ 3 ms |")
    L.append(f"| hover p99 | {h99} ms | < 1 ms {ok(h99 < 1)} |")
    L.append(f"| completion p99 (service / IAM action) | {lsp['completion_service_ms']['p99']} / {lsp['completion_iam_ms']['p99']} ms | < 5 ms {ok(c99 < 5)} |")
    L.append(f"| cold start → first diagnostics, this note | {cold} ms (initialize {lsp['cold_start_initialize_ms']} ms) | ≤ 20 ms {ok(cold <= 20)} |")
    if E["LSP_COLD_STATUS"] == "ok":
        lc = json.load(open(E["LSP_COLD_JSON"])); fd = lc["first_diagnostics_ms"]
        L.append(f"| cold start → first diagnostics, one note (`{os.path.basename(lc['note'])}`, {lc['note_bytes']:,} bytes; "
                 f"median of {lc['runs']} servers, min {fd['min']}, initialize {lc['initialize_ms_median']} ms) | {fd['median']} ms | ≤ 20 ms {ok(fd['median'] <= 20)} |")
        L.append(f"| peak RSS (VmHWM), that one note open | {lc['peak_rss_mb']} MB | (≤ 25 MB: the row below) |")
    else:
        L.append(f"| cold start → first diagnostics, one note | not run: {E['LSP_COLD_STATUS']} | ≤ 20 ms |")
    L.append(f"| peak RSS (VmHWM) | {rss} MB (end {lsp['rss_mb_end']} MB) | ≤ 25 MB {ok(rss <= 25)} |")
    L.append("\nRaw result:\n\n```json\n" + json.dumps(lsp, indent=2) + "\n```\n")
else:
    L.append(f"Not run: {E['LSP_STATUS']}.\n")

L.append("## Engine: analysis time against note size (one core)\n")
sc = json.load(open(E["SCALING_JSON"]))
L.append(f"`{E['SCALING_CMD']}`: a fresh analysis (the CLI path) of generated notes "
         "(`server/src/testdata.rs`): *prose* is ordinary explanation with an AWS name in about one sentence in "
         "five, *names* has something to check on every line. Median of at least 5 runs and 300 ms; rayon "
         "limited to one thread.\n")
L.append("| Note | Bytes | Median | MB/s per core | µs per KB |")
L.append("|---|---:|---:|---:|---:|")
for r in sc:
    L.append(f"| {r['kind']} | {r['bytes']:,} | {r['median_s']*1000:.3f} ms | {r['mb_per_s']:.1f} | "
             f"{r['median_s']*1e6/(r['bytes']/1e3):.1f} |")
best_prose = max((r["mb_per_s"] for r in sc if r["kind"] == "prose"), default=0)
best_names = max((r["mb_per_s"] for r in sc if r["kind"] == "names"), default=0)
L.append(f"\nProse-heavy throughput: **{best_prose:.1f} MB/s per core** (target ≥ 150 {ok(best_prose >= 150)}); "
         f"name-heavy: **{best_names:.1f} MB/s per core** (target ≥ 60 {ok(best_names >= 60)}).\n")
L.append("## Did-you-mean lookup\n")
if E["DYM_STATUS"] == "ok" and E["DYM_NS"]:
    dym = float(E["DYM_NS"]) / 1000
    L.append(f"`cargo bench -p awsnotes --bench engine -- did_you_mean`: the nearest error codes to a misspelt one, "
             f"median **{dym:.1f} µs** per query (target ≤ 10 µs {ok(dym <= 10)}).\n")
else:
    L.append(f"Not run: {E['DYM_STATUS']}.\n")

L.append("## CLI: peak memory against the number of files\n")
mem_rows = json.load(open(E["MEMORY_JSON"]))
L.append(f"`{E['MEMORY_CMD']}`: N copies of the example notes (a few KB each), "
         "`awsnotes lint --no-config --fail-on never DIR`, peak RSS of the process.\n")
L.append("| Files | Bytes | Wall | Peak RSS |")
L.append("|---:|---:|---:|---:|")
for r in mem_rows:
    L.append(f"| {r['files']:,} | {r['bytes']:,} | {r['wall_s']:.2f} s | {r['peak_rss_mb']:.1f} MB |")
L.append("")

L.append("## Machine and tools\n")
L.append("| | |\n|---|---|")
L.append(f"| CPU | {cpu_model} |")
L.append(f"| nproc | {sh('nproc')} |")
L.append(f"| Memory (free -h total) | {mem} |")
L.append(f"| Kernel | {sh('uname', '-srm')} |")
L.append(f"| awsnotes | {sh(E['AWSNOTES'], '--version')} (`{rel(E['AWSNOTES'])}`) |")
L.append(f"| typos | {sh(E['TYPOS'], '--version')} |")
L.append(f"| markdownlint-cli2 | {mdl_ver}, node {sh('node', '--version')} |")
L.append(f"| hyperfine | {sh('hyperfine', '--version')} |")
L.append(f"| python3 | {platform.python_version()} |")
L.append("")
L.append("## Exact commands\n")
L.append("```sh\n" + E["INVOCATION"] + "\n```\n")
L.append("which ran (paths relative to the repository root):\n")
import shlex
args = [rel(x) for x in open(E["HF_ARGS"]).read().split("\0")[:-1]]
parts, i = [], 0
while i < len(args):  # one line per benchmarked command
    if args[i] == "-n":
        c = args[i+2]
        parts.append(f"-n {args[i+1]} " + (f'"{c}"' if not any(x in c for x in '"$`\\') else shlex.quote(c))); i += 3
    else:
        parts.append(shlex.quote(args[i])); i += 1
head = " ".join(p for p in parts if not p.startswith("-n "))
L.append("```sh\n" + " \\\n  ".join([head] + [p for p in parts if p.startswith("-n ")]) + "\n```\n")
L.append(f"hyperfine took {E['HF_SECONDS']} s. Raw data: `{rel(E['JSON'])}` (not committed).\n")
inst = open(E["INSTALL_LOG"]).read().strip()
if inst:
    L.append("Installs performed by this run:\n\n```\n" + inst + "\n```\n")
open(sys.argv[1], "w").write("\n".join(L))
EOF
log "done: $OUT"
