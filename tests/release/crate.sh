#!/usr/bin/env bash
# The crates.io path (`cargo install --locked awsnotes`): scripts/package-crate builds the .crate and has
# `cargo package` build it from the packaged sources alone (a debug build, ~3 minutes on 2 cores the first
# time, target/crate/verify-target kept between runs). Then checks: every schema file the engine embeds is
# in the .crate, the binary built from the packaged sources embeds the same schema as the repository's
# (same `schema stats`), and it lints examples/notes like the release binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
target="$(rustc -vV | sed -n 's/^host: //p')"
fail() { echo "crate: FAIL: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

start=$SECONDS
rm -f target/crate/verify-target/debug/awsnotes   # the binary checked below must come from this run
scripts/package-crate
crate="$(ls target/crate/awsnotes-*.crate | tail -n1)"
name="$(basename "$crate" .crate)"
tar -tzf "$crate" | sed "s#^$name/##" | sort >"$tmp/files"
git ls-files schema/generated schema/curated | grep -E '\.(json|txt)$' | sort >"$tmp/schema"
missing="$(comm -23 "$tmp/schema" "$tmp/files")"
[[ -z "$missing" ]] || fail "schema files missing from $crate: $missing"
grep -qx "server/build.rs" "$tmp/files" || fail "server/build.rs missing"
grep -qx "Cargo.lock" "$tmp/files" || fail "Cargo.lock missing (needed by cargo install --locked)"
if grep -qE "^(server/tests|tests|bench|fuzz|editors)/" "$tmp/files"; then fail "the crate ships tests or editors"; fi
size=$(stat -c %s "$crate")
(( size < 10 * 1024 * 1024 )) || fail "$crate is $size bytes: crates.io refuses over 10 MiB"
echo "crate: $name.crate ($size bytes) has all $(wc -l <"$tmp/schema") schema files"

# The binary cargo package built from the unpacked .crate.
bin="target/crate/verify-target/debug/awsnotes"   # cargo package builds the unpacked crate there
[[ -x "$bin" ]] || fail "no binary from the verification build"
ref="$tmp/ref"
mkdir -p "$ref"
tar -xzf "target/artefacts/awsnotes-$target.tar.gz" -C "$ref" awsnotes
"$bin" schema stats --format json >"$tmp/stats-crate.json"
"$ref/awsnotes" schema stats --format json >"$tmp/stats-release.json"
cmp -s "$tmp/stats-crate.json" "$tmp/stats-release.json" || { diff "$tmp/stats-crate.json" "$tmp/stats-release.json" | head; fail "the packaged build embeds a different schema"; }
set +e
"$bin" lint examples/notes >/dev/null 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || fail "packaged build: lint examples/notes exited $rc, expected 1"
echo "crate: built from the packaged sources in $((SECONDS - start)) s; same schema stats as the release binary; lint exit 1 on the examples"
