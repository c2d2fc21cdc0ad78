#!/usr/bin/env bash
# Exercises action.yml and scripts/action.sh against a local release directory made from
# scripts/release-local's archive (no network): tests/release/run_action.py runs the action's steps as
# a runner would. Checks: runner -> target mapping, "latest" resolution, checksum verification (a
# tampered archive is refused), install, the cache (second run downloads nothing), `--format github`
# annotations and exit codes for fail-on, the SARIF file and the upload step's condition.
# Needs: python3 with PyYAML ($PYTHON, set by tests/release/run.sh), curl. Takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
py="${PYTHON:-python3}"
target="$(rustc -vV | sed -n 's/^host: //p')"
fail() { echo "action: FAIL: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap '[[ -n "${KEEP_TMP:-}" ]] || rm -rf "$tmp"' EXIT

# Runner -> release target: the release workflow's matrix.
check_target() {
  local got
  got="$(RUNNER_OS=$1 RUNNER_ARCH=$2 scripts/action.sh target)"
  [[ "$got" == "$3" ]] || fail "$1/$2 maps to $got, expected $3"
}
check_target Linux X64 x86_64-unknown-linux-musl
check_target Linux ARM64 aarch64-unknown-linux-musl
check_target macOS X64 x86_64-apple-darwin
check_target macOS ARM64 aarch64-apple-darwin
check_target Windows X64 x86_64-pc-windows-msvc
if RUNNER_OS=Windows RUNNER_ARCH=ARM64 scripts/action.sh target 2>/dev/null; then fail "Windows/ARM64 should have no release"; fi
for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc; do
  grep -q "target: $t" .github/workflows/release.yml || fail "release.yml does not build $t, which the action downloads"
done

# A release directory shaped like https://github.com/awsnotes/awsnotes/releases and its API.
version="v$(tar -xzOf "target/artefacts/awsnotes-$target.tar.gz" awsnotes >"$tmp/awsnotes" && chmod +x "$tmp/awsnotes" && "$tmp/awsnotes" --version | awk '{print $2}')"
rel="$tmp/releases"
mkdir -p "$rel/download/$version" "$tmp/api"
cp "target/artefacts/awsnotes-$target.tar.gz" "target/artefacts/awsnotes-$target.sha256" "$rel/download/$version/"
printf '{\n  "url": "x",\n  "tag_name": "%s",\n  "name": "%s"\n}\n' "$version" "$version" >"$tmp/api/latest"
export AWSNOTES_RELEASES="file://$rel" AWSNOTES_API="file://$tmp/api"
# This machine builds the glibc target only; the runner mapping (musl on Linux) is checked above.
export AWSNOTES_TARGET="$target" RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TOOL_CACHE="$tmp/toolcache"
unset GITHUB_TOKEN || true

notes="$tmp/repo"
mkdir -p "$notes/docs"
cp examples/notes/*.md "$notes/docs/"
printf '# Clean\n\nAmazon S3 stores objects.\n' >"$notes/clean.md"

run() { "$py" tests/release/run_action.py action.yml "$notes" "$@"; }

# 1. Defaults (version latest, paths ., format github, fail-on warning): annotations, exit 1.
set +e
run >"$tmp/run1.txt" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || { cat "$tmp/run1.txt"; fail "default run exited $rc, expected 1 (findings)"; }
grep -q "downloading file://$rel/download/$version/awsnotes-$target.tar.gz" "$tmp/run1.txt" || { cat "$tmp/run1.txt"; fail "no download of $version"; }
grep -q "^::warning file=docs/s3-and-iam.md,line=4" "$tmp/run1.txt" || { cat "$tmp/run1.txt"; fail "no GitHub annotation for docs/s3-and-iam.md:4"; }
grep -q "SKIP uses: actions/cache@v5 with: {'path': '$tmp/toolcache/awsnotes/$version/$target', 'key': 'awsnotes-$version-$target'}" "$tmp/run1.txt" ||
  { cat "$tmp/run1.txt"; fail "actions/cache would not cache the install directory under a version+target key"; }
grep -q "run_action: lint: exit 1 outputs {'exit-code': '1'}" "$tmp/run1.txt" || fail "exit-code output missing"
if grep -q "upload-sarif" "$tmp/run1.txt"; then fail "SARIF upload ran without sarif-upload"; fi
[[ -x "$tmp/toolcache/awsnotes/$version/$target/awsnotes" ]] || fail "binary not installed in the tool cache"
echo "action: default run OK (latest -> $version, downloaded, checksum OK, annotations, exit 1)"

# 2. Cached: the release directory is gone, the install dir (what actions/cache restores) is enough.
mv "$rel" "$rel.away"
set +e
run paths="clean.md" version="$version" >"$tmp/run2.txt" 2>&1
rc=$?
set -e
[[ $rc == 0 ]] || { cat "$tmp/run2.txt"; fail "cached run on a clean note exited $rc, expected 0"; }
grep -q "cached in" "$tmp/run2.txt" || { cat "$tmp/run2.txt"; fail "second run did not use the cached binary"; }
mv "$rel.away" "$rel"
echo "action: cached run OK (no download; clean note -> exit 0)"

# 3. fail-on never + SARIF: exit 0, a SARIF 2.1.0 file with results, the upload step would run.
set +e
run paths="docs clean.md" fail-on=never sarif-upload=true sarif-file=out.sarif >"$tmp/run3.txt" 2>&1
rc=$?
set -e
[[ $rc == 0 ]] || { cat "$tmp/run3.txt"; fail "fail-on never exited $rc"; }
"$py" - "$notes/out.sarif" <<'EOF' || fail "out.sarif is not SARIF 2.1.0 with results"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d.get("version")
results = d["runs"][0]["results"]
assert len(results) >= 5, len(results)
EOF
grep -q "SKIP uses: github/codeql-action/upload-sarif@v3 with: {'sarif_file': 'out.sarif', 'category': 'awsnotes'}" "$tmp/run3.txt" ||
  { cat "$tmp/run3.txt"; fail "the SARIF upload step would not run with out.sarif"; }
echo "action: SARIF run OK (fail-on never -> exit 0, out.sarif valid, upload step runs)"

# 4. fail-on error: the examples have warnings and info only -> exit 0; format human is passed through.
run paths="docs" fail-on=error format=human version="${version#v}" >"$tmp/run4.txt" 2>&1 || { cat "$tmp/run4.txt"; fail "fail-on error exited non-zero"; }
grep -q "warning\[unknown-header\]" "$tmp/run4.txt" || fail "format human not used"
echo "action: fail-on error + format human OK"

# 5. A tampered archive is refused (checksum), and nothing is installed.
rm -rf "$tmp/toolcache"
printf 'x' >>"$rel/download/$version/awsnotes-$target.tar.gz"
set +e
run version="$version" >"$tmp/run5.txt" 2>&1
rc=$?
set -e
[[ $rc == 2 ]] || { cat "$tmp/run5.txt"; fail "tampered archive: exit $rc, expected 2"; }
grep -q "checksum mismatch" "$tmp/run5.txt" || fail "no checksum error"
[[ ! -e "$tmp/toolcache/awsnotes/$version/$target/awsnotes" ]] || fail "tampered binary installed"
echo "action: tampered archive refused OK"

# 6. An unknown version fails clearly.
set +e
run version=v9.9.9 >"$tmp/run6.txt" 2>&1
rc=$?
set -e
[[ $rc == 2 ]] && grep -q "download failed" "$tmp/run6.txt" || { cat "$tmp/run6.txt"; fail "unknown version: exit $rc"; }
echo "action: unknown version refused OK"
