#!/usr/bin/env bash
# The README's `cargo install --locked --git https://github.com/awsnotes/awsnotes awsnotes`, with the URL
# pointed at this repository (file://, so HEAD: commit first): the install must pick the awsnotes package
# (the repository also holds awsnotes-pre-commit) and give a working `awsnotes`.
# Like pre-commit.sh it builds unoptimised in target/pre-commit (the dependencies pre-commit.sh compiled,
# where versions agree): 16 s after pre-commit.sh (measured), ~3 minutes alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
fail() { echo "install-git: FAIL: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cmd="$(grep -o 'cargo install --locked --git https://github.com/awsnotes/awsnotes awsnotes' README.md | head -n1)"
[[ -n "$cmd" ]] || fail "README has no 'cargo install --locked --git … awsnotes' line"
read -r -a argv <<<"${cmd/https:\/\/github.com\/awsnotes\/awsnotes/file://$root}"
CARGO_TARGET_DIR="$root/target/pre-commit" CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  "${argv[@]}" --root "$tmp/inst" >"$tmp/install.log" 2>&1 || { tail -20 "$tmp/install.log"; fail "${argv[*]}"; }
[[ -x "$tmp/inst/bin/awsnotes" ]] || fail "no bin/awsnotes installed"
[[ ! -e "$tmp/inst/bin/awsnotes-pre-commit" ]] || fail "installed the pre-commit package too"
set +e
"$tmp/inst/bin/awsnotes" lint examples/notes >/dev/null 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || fail "installed awsnotes: lint examples/notes exited $rc, expected 1"
echo "install-git: ${argv[*]} OK (awsnotes only; lint exit 1 on the examples)"
