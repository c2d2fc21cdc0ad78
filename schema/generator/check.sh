#!/usr/bin/env bash
# Regenerate into a temporary directory and compare with the committed files:
# schema/generated/*.json, schema/generated/english_near_brands.txt and THIRD_PARTY_NOTICES.
# Then validate schema/generated/*.json and schema/curated/*.json against schema/awsnotes-schema.json
# (validate.py, with the generator's venv). Exit 1 on any difference or invalid file.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

"$HERE/run.sh" --out "$TMP/generated" --notices "$TMP/THIRD_PARTY_NOTICES" >"$TMP/log" 2>&1 || {
  cat "$TMP/log" >&2
  echo "check.sh: FAILED: the generator did not run" >&2
  exit 1
}

# Compare exactly the files the generator writes; other files in schema/generated/ (written by
# other tools) are listed but not judged.
status=0
: >"$TMP/diff"
for f in "$TMP"/generated/*; do
  name="$(basename "$f")"
  if [ ! -e "$ROOT/schema/generated/$name" ]; then
    echo "missing: schema/generated/$name" >>"$TMP/diff"; status=1
  elif ! cmp -s "$f" "$ROOT/schema/generated/$name"; then
    echo "differs: schema/generated/$name" >>"$TMP/diff"; status=1
  fi
done
for f in "$ROOT"/schema/generated/*; do
  name="$(basename "$f")"
  [ -e "$TMP/generated/$name" ] || echo "check.sh: note: schema/generated/$name is not written by generate.py (not checked)"
done
if [ ! -e "$ROOT/THIRD_PARTY_NOTICES" ]; then
  echo "missing: THIRD_PARTY_NOTICES" >>"$TMP/diff"; status=1
elif ! cmp -s "$TMP/THIRD_PARTY_NOTICES" "$ROOT/THIRD_PARTY_NOTICES"; then
  echo "differs: THIRD_PARTY_NOTICES" >>"$TMP/diff"; status=1
fi
# Validate the committed files (equal to the regenerated ones when the comparison passed) even when
# the comparison failed, so that one run reports both kinds of problem.
vstatus=0
"$HERE/.venv/bin/python" -B "$HERE/validate.py" >"$TMP/validate" 2>&1 || vstatus=1
if [ "$status" -ne 0 ]; then
  cat "$TMP/diff" >&2
  echo "check.sh: FAILED: schema/generated/ or THIRD_PARTY_NOTICES differ from what" >&2
  echo "  schema/generator/run.sh produces from requirements.txt. Run schema/generator/run.sh" >&2
  echo "  and commit the result (or fix the generator)." >&2
fi
if [ "$vstatus" -ne 0 ]; then
  cat "$TMP/validate" >&2
  echo "check.sh: FAILED: schema files do not match schema/awsnotes-schema.json (see above;" >&2
  echo "  fix the file, or the generator, or the JSON Schema if the format changed)." >&2
fi
if [ "$status" -ne 0 ] || [ "$vstatus" -ne 0 ]; then
  exit 1
fi
cat "$TMP/log"
cat "$TMP/validate"
echo "check.sh: OK: schema/generated/ and THIRD_PARTY_NOTICES are up to date; all schema files are valid"
