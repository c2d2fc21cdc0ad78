#!/usr/bin/env python3
"""Print entry counts per kind, nested counts and sizes of schema files (stdlib only).

Usage: stats.py [DIR]   (default: schema/generated beside this folder)
"""
import collections
import json
import os
import sys

NESTED = ("operations", "variants", "actions", "values", "properties", "attributes", "condition_keys")


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "generated")
    total = 0
    for name in sorted(os.listdir(d)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(d, name)
        size = os.path.getsize(path)
        total += size
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        kinds = collections.Counter(e["kind"] for e in doc["entries"])
        nested = collections.Counter()
        for e in doc["entries"]:
            for field in NESTED:
                if isinstance(e.get(field), list):
                    nested[field] += len(e[field])
        src = doc["source"]
        print(f"{name:15} {size / 1e6:6.2f} MB  {src['package']} {src['version']}")
        print("    " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))
        if nested:
            print("    " + ", ".join(f"{k}: {v}" for k, v in sorted(nested.items())))
    print(f"{'total':15} {total / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
