#!/usr/bin/env bash
# Exercises .pre-commit-hooks.yaml with `pre-commit try-repo` (pre-commit from PyPI, $PRE_COMMIT set by
# tests/release/run.sh) in a throwaway notes repository:
#   - hook `awsnotes` (language: system) with the release archive's binary on PATH: a note with mistakes
#     fails the commit check and names the finding, a clean note passes, non-Markdown files are not passed;
#   - hook `awsnotes-build` (language: rust): pre-commit runs `cargo install --bins --path .` on this
#     repository (the root package awsnotes-pre-commit), then the same checks. cargo install ignores
#     Cargo.lock (newest compatible versions) and pre-commit builds from its own clone, so nothing of
#     `cargo test --release` is reused; the release profile is turned into an unoptimised one through
#     CARGO_PROFILE_RELEASE_* (the hook's mechanics are under test, not the optimiser): ~4 minutes on 2
#     cores fresh, instead of ~12 with LTO. target/pre-commit keeps the dependencies between runs.
#     Skip it with AWSNOTES_SKIP_RUST_HOOK=1.
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
CARGO_TARGET_DIR="$root/target/pre-commit" CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 check_hook awsnotes-build
echo "pre-commit: awsnotes-build took $((SECONDS - start)) s (including pre-commit's cargo install)"
