#!/usr/bin/env python3
"""Measures awsnotes on the evaluation corpus (../shared/corpus by default).

Prints findings per rule and per folder, findings per 5,000 lines on AWS's own docs, and precision and
recall against labels-dev.jsonl. A finding "hits" a label when it starts on the label's line and its
columns overlap the label's span.

Then does the same for the project's own labelled sample in tests/corpus (excerpts of community notes,
labels in tests/corpus/labels.jsonl, see tests/corpus/README.md). For both label sets it prints recall
and precision per category as well as the totals.

    python3 scripts/corpus-eval.py [--corpus DIR] [--own DIR] [--bin target/release/awsnotes] [--show RULE]
"""
import argparse, collections, json, os, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
ap.add_argument("--bin", default=os.path.abspath("target/release/awsnotes"))
ap.add_argument("--own", default=os.path.join(os.path.dirname(__file__), "..", "tests", "corpus"),
                help="the project's own labelled sample (labels.jsonl next to the excerpts)")
ap.add_argument("--show", action="append", default=[], help="print findings of this rule (or 'all', or 'missed')")
args = ap.parse_args()
corpus = os.path.abspath(args.corpus)
own = os.path.abspath(args.own)


def lint(root):
    """Lints every note under root with the same flags for both corpora; returns the JSON report."""
    out = subprocess.run([args.bin, "lint", "--no-config", "--format", "json", "--fail-on", "never", "."],
                         cwd=root, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(out.stderr); sys.exit(out.returncode)
    return json.loads(out.stdout)


def evaluate(labels_path, findings, show_missed):
    """Scores findings against a labels file: totals (as before) and one line per category."""
    labels = [json.loads(l) for l in open(labels_path, encoding="utf-8") if l.strip()]
    by_line = collections.defaultdict(list)
    for f in findings:
        by_line[(f["path"], f["line"])].append(f)
    tp = fp_ok = 0
    missed = []
    false_alarms = []
    cat = collections.defaultdict(lambda: [0, 0, 0, 0])  # errors found, errors, ok flagged, oks
    for lab in labels:
        text = lab["text"]
        start = text.find(lab["span"])
        s_col, e_col = (start + 1, start + 1 + len(lab["span"])) if start >= 0 else (1, 10**9)
        hits = [f for f in by_line[(lab["path"], lab["line"])] if f["column"] < e_col and f["end_column"] > s_col]
        c = cat[lab["category"]]
        if lab["kind"] == "error":
            c[1] += 1
            if hits:
                tp += 1; c[0] += 1
            else:
                missed.append(lab)
        else:
            c[3] += 1
            if hits:
                fp_ok += 1; c[2] += 1
                false_alarms.append((lab, hits))
    errors = sum(1 for l in labels if l["kind"] == "error")
    oks = len(labels) - errors
    print(f"\nlabels: {errors} errors, {oks} correct mentions")
    print(f"  errors found (recall): {tp}/{errors} = {tp / max(errors, 1):.2f}")
    print(f"  correct mentions flagged: {fp_ok}/{oks}")
    print(f"  precision on labelled spans: {tp}/{tp + fp_ok} = {tp / max(tp + fp_ok, 1):.2f}")
    for lab, hits in false_alarms:
        print(f"  FALSE ALARM {lab['path']}:{lab['line']} {lab['span']!r}: {[h['rule'] + ': ' + h['message'] for h in hits]}")
    if show_missed:
        for lab in missed:
            print(f"  missed {lab['category']}: {lab['span']!r} ({lab['expected'][:70]})")
    print("  per category (errors found / errors = recall; correct mentions flagged / correct mentions; precision):")
    for name in sorted(cat):
        found, errs, flagged, good = cat[name]
        parts = []
        if errs:
            parts.append(f"errors found {found}/{errs} = {found / errs:.2f}")
        if good:
            parts.append(f"correct flagged {flagged}/{good}")
        if found + flagged:
            parts.append(f"precision {found}/{found + flagged} = {found / (found + flagged):.2f}")
        print(f"    {name:<28} " + ", ".join(parts))


show_missed = "missed" in args.show or "all" in args.show


def show_findings(findings):
    """The findings of the rules asked for with --show (or all)."""
    for f in findings:
        if f["rule"] in args.show or "all" in args.show:
            print(f"  {f['path']}:{f['line']}:{f['column']} [{f['rule']}] {f['message'][:160]}")

if os.path.isdir(corpus):
    report = lint(corpus)
    findings = report["findings"]

    def folder(p): return p.split("/")[0]
    lines = collections.Counter()
    for root, _, files in os.walk(corpus):
        for f in files:
            if f.endswith((".md", ".markdown")):
                p = os.path.relpath(os.path.join(root, f), corpus)
                with open(os.path.join(root, f), "rb") as fh:
                    lines[folder(p)] += fh.read().count(b"\n")

    per = collections.defaultdict(collections.Counter)
    for f in findings:
        per[f["rule"]][folder(f["path"])] += 1
    print(f"files checked: {report['files_checked']}, findings: {len(findings)}")
    print("\nfindings per rule and folder:")
    for rule in sorted(per):
        print(f"  {rule:<26} total {sum(per[rule].values()):>4}  " + ", ".join(f"{k[:18]}={v}" for k, v in sorted(per[rule].items())))
    print("\nAWS docs folders (target <= 1 finding per 5,000 lines, warnings and above):")
    for fo in sorted(lines):
        if fo.startswith("awsdocs"):
            n = sum(1 for f in findings if folder(f["path"]) == fo and f["severity"] != "info")
            ni = sum(1 for f in findings if folder(f["path"]) == fo and f["severity"] == "info")
            nd = sum(1 for f in findings if folder(f["path"]) == fo and f["severity"] != "info" and f["rule"] != "deprecated-runtime")
            print(f"  {fo}: {n} warnings in {lines[fo]} lines = {n * 5000 / max(lines[fo], 1):.2f} per 5,000 lines (+{ni} info); "
                  f"without deprecated-runtime (runtimes retired after these 2023 docs): {nd * 5000 / max(lines[fo], 1):.2f}")

    evaluate(os.path.join(corpus, "labels-dev.jsonl"), findings, show_missed)
    show_findings(findings)
else:
    print(f"no corpus at {corpus}; nothing to measure there")

if os.path.isfile(os.path.join(own, "labels.jsonl")):
    own_report = lint(own)
    own_findings = own_report["findings"]
    print(f"\n=== own labelled sample ({os.path.relpath(own)}): files checked: {own_report['files_checked']}, "
          f"findings: {len(own_findings)} ===")
    evaluate(os.path.join(own, "labels.jsonl"), own_findings, show_missed)
    show_findings(own_findings)
else:
    print(f"no labelled sample at {own}")
