#!/usr/bin/env bash
# Regenerate schema/generated/*.json, schema/generated/english_near_brands.txt (and
# THIRD_PARTY_NOTICES) from the pinned packages and schema/curated/service_names.json.
#   ./run.sh                      -> writes schema/generated/ and ./THIRD_PARTY_NOTICES (repo root)
#   ./run.sh --out DIR [--notices FILE]   -> arguments are passed to generate.py as they are
# The venv lives in schema/generator/.venv (gitignored) and is reused while its installed
# versions match requirements.txt. Set PYTHON to choose the interpreter (default python3.11).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
REQ="$HERE/requirements.txt"

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  PY="$(command -v python3.11 || true)"
  if [ -z "$PY" ]; then
    PY="$(command -v python3)"
    echo "run.sh: python3.11 not found, using $PY ($("$PY" --version 2>&1))" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi

# Does the venv hold exactly the pinned version of every requirement?
pins_match() {
  "$VENV/bin/python" - "$REQ" <<'PYEOF'
import importlib.metadata as md, re, sys
ok = True
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = md.version(name.strip())
    except md.PackageNotFoundError:
        have = None
    if have != want.strip():
        ok = False
sys.exit(0 if ok else 1)
PYEOF
}

if ! pins_match; then
  echo "run.sh: installing pinned requirements into $VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  pins_match || { echo "run.sh: installed versions still differ from requirements.txt" >&2; exit 1; }
fi

if [ "$#" -eq 0 ]; then
  set -- --out "$ROOT/schema/generated" --notices "$ROOT/THIRD_PARTY_NOTICES"
fi
exec "$VENV/bin/python" -B "$HERE/generate.py" "$@"
