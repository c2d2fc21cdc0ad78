#!/usr/bin/env bash
# Exercises .pre-commit-hooks.yaml with `pre-commit try-repo` (pre-commit from PyPI, $PRE_COMMIT set by
# tests/release/run.sh) in a throwaway notes repository:
#   - hook `awsnotes` (language: system) with the release archive's binary on PATH: a note with mistakes
#     fails the commit check and names the finding, a clean note passes, non-Markdown files are not passed;
#   - hook `awsnotes-build` (language: rust): pre-commit runs `cargo install --bins --path .` on this
#     repository (the root package awsnotes-pre-commit), then the same checks. This is a release build;
#     with CARGO_TARGET_DIR=target it reuses the dependencies `cargo test --release` built before it in
#     scripts/test, and compiles the awsnotes library and the binary again (pre-commit builds from its own
#     clone): ~4 minutes on 2 cores, ~8 without the earlier build. Skip it with AWSNOTES_SKIP_RUST_HOOK=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
target="$(rustc -vV | sed -n 's/^host: //p')"
fail() { echo "pre-commit: FAIL: $*" >&2; exit 1; }
pc="${PRE_COMMIT:-pre-commit}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/pre-commit-home" PRE_COMMIT_COLOR=never

mkdir -p "$tmp/bin"
tar -xzf "target/artefacts/awsnotes-$target.tar.gz" -C "$tmp/bin" awsnotes

notes="$tmp/notes"
mkdir -p "$notes"
git -C "$notes" init -q
git -C "$notes" config user.email t@example.com
git -C "$notes" config user.name test
cp examples/notes/s3-and-iam.md "$notes/bad.md"
printf '# Clean\n\nAmazon S3 stores objects.\n' >"$notes/clean.md"
# Not Markdown: must not be passed to the hook (types: [markdown]); awsnotes would flag the header.
printf 'x-amz-server-side-encription-aws-kms-key-id\n' >"$notes/notes.txt"
git -C "$notes" add -A
git -C "$notes" commit -qm notes

check_hook() { # HOOK_ID
  local id=$1 rc
  set +e
  (cd "$notes" && "$pc" try-repo "$root" "$id" --files bad.md clean.md notes.txt) >"$tmp/$id-bad.txt" 2>&1
  rc=$?
  set -e
  [[ $rc == 1 ]] || { cat "$tmp/$id-bad.txt"; fail "$id on a note with mistakes exited $rc, expected 1"; }
  grep -q "bad.md:4:2: warning\[unknown-header\]" "$tmp/$id-bad.txt" || { cat "$tmp/$id-bad.txt"; fail "$id did not report bad.md:4"; }
  if grep -q "notes.txt" "$tmp/$id-bad.txt"; then fail "$id was given notes.txt (types: [markdown])"; fi
  (cd "$notes" && "$pc" try-repo "$root" "$id" --files clean.md notes.txt) >"$tmp/$id-clean.txt" 2>&1 ||
    { cat "$tmp/$id-clean.txt"; fail "$id failed on a clean note"; }
  grep -qE "^awsnotes.*Passed" "$tmp/$id-clean.txt" || { cat "$tmp/$id-clean.txt"; fail "$id: no Passed line"; }
  echo "pre-commit: hook $id OK (mistakes -> exit 1 with the finding; clean -> Passed; .txt not passed)"
}

PATH="$tmp/bin:$PATH" check_hook awsnotes

if [[ "${AWSNOTES_SKIP_RUST_HOOK:-}" == 1 ]]; then
  echo "pre-commit: hook awsnotes-build skipped (AWSNOTES_SKIP_RUST_HOOK=1)"
  exit 0
fi
# No awsnotes on PATH here: the hook must use the binary pre-commit built.
start=$SECONDS
CARGO_TARGET_DIR="${AWSNOTES_HOOK_TARGET_DIR:-$root/target}" check_hook awsnotes-build
echo "pre-commit: awsnotes-build took $((SECONDS - start)) s (including pre-commit's cargo install)"
