#!/usr/bin/env python3
"""Peak memory of `awsnotes lint` against the number of files linted.

Builds directories of N notes (copies of examples/notes/*.md, cycled, a few KB each) and runs
`awsnotes lint --no-config --fail-on never DIR` on each, in a fresh child process, recording the
child's peak RSS (getrusage ru_maxrss) and wall time. Memory should stay flat as N grows: files are
read, analysed and reported one batch at a time, only findings are kept.

    python3 bench/memory_files.py [--bin target/release/awsnotes] [--sizes 100,1000,10000]
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(binary, directory):
    # A fresh interpreter per run: ru_maxrss of RUSAGE_CHILDREN is the maximum over all children so far.
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
        "w = time.perf_counter() - t\n"
        "print(p.returncode, w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "(p.stderr.strip().splitlines() or [''])[-1].replace(' ', '_'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, binary, "lint", "--no-config", "--fail-on", "never", directory],
                         capture_output=True, text=True, check=True).stdout.split()
    rc, wall, rss_kb, summary = int(out[0]), float(out[1]), int(out[2]), out[3].replace("_", " ")
    return rc, wall, rss_kb / 1024, summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/awsnotes"))
    ap.add_argument("--sizes", default="100,1000,10000")
    a = ap.parse_args()
    sources = sorted(os.path.join(ROOT, "examples/notes", f) for f in os.listdir(os.path.join(ROOT, "examples/notes"))
                     if f.endswith(".md"))
    results = []
    with tempfile.TemporaryDirectory(prefix="awsnotes-memory-") as tmp:
        for n in [int(x) for x in a.sizes.split(",")]:
            d = os.path.join(tmp, f"n{n}")
            total = 0
            for i in range(n):
                sub = os.path.join(d, f"d{i // 500:03}")  # 500 files per directory, like a real tree
                os.makedirs(sub, exist_ok=True)
                dst = os.path.join(sub, f"note{i:05}.md")
                shutil.copyfile(sources[i % len(sources)], dst)
                total += os.path.getsize(dst)
            rc, wall, rss, summary = measure(a.bin, d)
            if rc not in (0, 1):
                sys.exit(f"awsnotes lint exited {rc} on {n} files: {summary}")
            results.append({"files": n, "bytes": total, "wall_s": round(wall, 3), "peak_rss_mb": round(rss, 1),
                            "summary": summary})
            print(json.dumps(results[-1]), file=sys.stderr)
            shutil.rmtree(d)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
