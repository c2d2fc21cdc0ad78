#!/usr/bin/env bash
# Runs the README's "Get it" snippets as written, with only what this machine cannot reach swapped:
#   - the release-archive block, with the release URL pointed at a local release directory (file://) and
#     the target set to this machine's: it must leave a working ./awsnotes;
#   - the .pre-commit-config.yaml block, with `repo:` this repository and `rev:` its HEAD commit
#     (`pre-commit run` then clones the committed state): findings fail it, a clean note passes;
#   - the CI workflow block: actionlint, and its `with:` keys are inputs of action.yml.
# Needs $PRE_COMMIT, $ACTIONLINT, $PYTHON (tests/release/run.sh) and target/artefacts (scripts/release-local).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
py="${PYTHON:-python3}"
target="$(rustc -vV | sed -n 's/^host: //p')"
fail() { echo "readme: FAIL: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

block() { # MARKER-SUBSTRING -> the fenced block after the first line containing it
  "$py" - "$1" <<'EOF'
import sys
lines = open("README.md").read().split("\n")
i = next(n for n, l in enumerate(lines) if "<!--" in l and sys.argv[1] in l)
start = next(n for n in range(i + 1, len(lines)) if lines[n].startswith("```"))
end = next(n for n in range(start + 1, len(lines)) if lines[n].startswith("```"))
print("\n".join(lines[start + 1:end]))
EOF
}

# 1. Release archive.
block "runs this block" >"$tmp/archive.sh"
grep -q 'base=https://github.com/awsnotes/awsnotes/releases/latest/download' "$tmp/archive.sh" || fail "archive block: release URL changed"
rel="$tmp/rel"
mkdir -p "$rel" "$tmp/dl"
cp "target/artefacts/awsnotes-$target.tar.gz" "target/artefacts/awsnotes-$target.sha256" "$rel/"
sed -e "s#^target=x86_64-unknown-linux-musl#target=$target#" \
    -e "s#^base=https://github.com/awsnotes/awsnotes/releases/latest/download#base=file://$rel#" \
    "$tmp/archive.sh" >"$tmp/archive-local.sh"
(cd "$tmp/dl" && bash -euo pipefail "$tmp/archive-local.sh") >"$tmp/archive.out" 2>&1 || { cat "$tmp/archive.out"; fail "archive block failed"; }
grep -q "^awsnotes [0-9]" "$tmp/archive.out" || { cat "$tmp/archive.out"; fail "archive block did not print the version"; }
echo "readme: release-archive block OK"

# 2. pre-commit config.
block "runs this config" >"$tmp/pre-commit-config.yaml"
head_sha="$(git rev-parse HEAD)"
if ! git diff --quiet HEAD -- .pre-commit-hooks.yaml Cargo.toml Cargo.lock server; then
  echo "readme: note: uncommitted changes to the hooks or sources are not seen by this check (it uses HEAD)"
fi
notes="$tmp/notes"
mkdir -p "$notes" "$tmp/bin"
tar -xzf "target/artefacts/awsnotes-$target.tar.gz" -C "$tmp/bin" awsnotes
sed -e "s#repo: https://github.com/awsnotes/awsnotes#repo: $root#" -e "s#rev: v[0-9.]*#rev: $head_sha#" \
  "$tmp/pre-commit-config.yaml" >"$notes/.pre-commit-config.yaml"
git -C "$notes" init -q
cp examples/notes/s3-and-iam.md "$notes/bad.md"
git -C "$notes" add -A
export PRE_COMMIT_HOME="$tmp/pre-commit-home" PRE_COMMIT_COLOR=never
set +e
(cd "$notes" && PATH="$tmp/bin:$PATH" "${PRE_COMMIT:-pre-commit}" run --all-files) >"$tmp/pc.out" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] && grep -q "unknown-header" "$tmp/pc.out" || { cat "$tmp/pc.out"; fail "pre-commit config: expected a failure naming unknown-header (exit $rc)"; }
git -C "$notes" rm -q --cached bad.md && rm "$notes/bad.md"
printf '# Clean\n\nAmazon S3 stores objects.\n' >"$notes/clean.md"
git -C "$notes" add -A
(cd "$notes" && PATH="$tmp/bin:$PATH" "${PRE_COMMIT:-pre-commit}" run --all-files) >"$tmp/pc2.out" 2>&1 || { cat "$tmp/pc2.out"; fail "pre-commit config: clean note failed"; }
echo "readme: .pre-commit-config.yaml block OK (findings -> exit 1, clean -> pass)"

# 3. CI workflow.
mkdir -p "$tmp/wf/.github/workflows"
block "lints this workflow" >"$tmp/wf/.github/workflows/notes.yml"
(cd "$tmp/wf" && git init -q && "${ACTIONLINT:-actionlint}" .github/workflows/notes.yml) || fail "CI recipe: actionlint"
"$py" - "$tmp/wf/.github/workflows/notes.yml" <<'EOF' || fail "CI recipe does not match action.yml"
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
inputs = yaml.safe_load(open("action.yml"))["inputs"]
steps = [s for j in wf["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("awsnotes/awsnotes@")]
assert steps, "no awsnotes/awsnotes step"
for s in steps:
    unknown = set(s.get("with", {})) - set(inputs)
    assert not unknown, f"unknown inputs {unknown}"
EOF
echo "readme: CI recipe OK (actionlint; inputs exist in action.yml)"
