#!/usr/bin/env python3
"""Validate awsnotes schema files against schema/awsnotes-schema.json (JSON Schema 2020-12).

    validate.py              -> every schema/generated/*.json and schema/curated/*.json
    validate.py FILE...      -> only the files named (e.g. a team's own schema file)

Prints one line per error, `FILE: POINTER (KIND NAME): MESSAGE`, where POINTER is the JSON pointer of
the offending value (it starts with the entry's pointer, `/entries/N`). Exit 0 when every file is
valid, 1 on any error, 2 on usage problems.

Needs the `jsonschema` package (pinned in requirements.txt). When it is missing and the generator's
venv exists (schema/generator/.venv, created by run.sh), the script re-runs itself with that venv.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMA = os.path.join(ROOT, "schema", "awsnotes-schema.json")

try:
    import jsonschema
    from jsonschema.exceptions import best_match
except ImportError:
    venv_python = os.path.join(HERE, ".venv", "bin", "python")
    if os.path.exists(venv_python) and os.path.realpath(sys.executable) != os.path.realpath(venv_python):
        os.execv(venv_python, [venv_python, "-B", os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("validate.py: the jsonschema package is missing; run schema/generator/run.sh once "
             "(it creates schema/generator/.venv) or `pip install jsonschema`")


def pointer(parts):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def message(err):
    """The error's message; for if/then/else and *Of failures, the most relevant inner reason too."""
    msg = err.message
    if err.context:
        inner = best_match(err.context)
        where = pointer(inner.relative_path)
        msg += f" ({where + ': ' if where else ''}{inner.message})"
    return msg


def display(path):
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return path if rel.startswith("..") else rel


def validate_file(path, file_validator, entry_validator):
    """Yields error lines for one file."""
    name = display(path)
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        yield f"{name}: cannot read JSON: {e}"
        return
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if isinstance(entries, list):
        # The top level without its entries, then each entry with the compiled entry validator:
        # the same checks as validating the whole document, with the entry at hand for messages.
        top = dict(doc, entries=[])
    else:
        top, entries = doc, []
    for err in sorted(file_validator.iter_errors(top), key=lambda e: list(e.path)):
        yield f"{name}: {pointer(err.absolute_path) or '/'}: {message(err)}"
    for i, entry in enumerate(entries):
        errors = list(entry_validator.iter_errors(entry))
        if not errors:
            continue
        label = ""
        if isinstance(entry, dict):
            label = f" ({entry.get('kind', '?')} {entry.get('name', '?')})"
        for err in sorted(errors, key=lambda e: [str(p) for p in e.path]):
            yield f"{name}: {pointer(['entries', i, *err.absolute_path])}{label}: {message(err)}"


def main(argv):
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip())
        return 0
    paths = argv or sorted(glob.glob(os.path.join(ROOT, "schema", "generated", "*.json"))) + sorted(
        glob.glob(os.path.join(ROOT, "schema", "curated", "*.json")))
    if not paths:
        print("validate.py: no schema files found", file=sys.stderr)
        return 2
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    file_validator = cls(schema)
    # Same resolver (so `#/$defs/...` still resolves against the whole schema), entry schema as root.
    entry_validator = file_validator.evolve(schema=schema["$defs"]["entry"])
    errors = 0
    for path in paths:
        for line in validate_file(path, file_validator, entry_validator):
            print(line)
            errors += 1
    if errors:
        print(f"validate.py: FAILED: {errors} error(s) in {len(paths)} file(s)", file=sys.stderr)
        return 1
    print(f"validate.py: OK: {len(paths)} file(s) valid against schema/awsnotes-schema.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
