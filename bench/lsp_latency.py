#!/usr/bin/env python3
"""Drives `awsnotes lsp` over stdio like an editor and reports latencies.

    python3 bench/lsp_latency.py [--bin target/release/awsnotes] [--lines 10000] [--edits 200] [--list]
    python3 bench/lsp_latency.py [--bin …] --cold-note NOTE.md [--cold-runs 21]

Opens a generated note, sends single-character edits one at a time (debounce set to 0 so the figure is
the server's own work) and measures edit -> publishDiagnostics; then hover and completion latency, cold
start (spawn -> initialize reply -> first diagnostics) and the server's RSS (VmRSS, VmHWM).
With --list the note is one top-level bullet list (every text line an item, no blank line, no code block):
the shape of long study notes, and the worst case for reuse by top-level blocks.
With --cold-note only cold start is measured, on a note from disk (what an editor opening a study note
waits for), as the median of --cold-runs fresh servers: one start of the generated 620 KB note above is
mostly the analysis of 620 KB of names, not start-up.
"""
import argparse, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))

class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.id = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.id += 1
        self.send({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, version):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m

    def rss(self):
        out = {}
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS", "VmHWM")):
                    k, v = line.split(":")
                    out[k] = int(v.split()[0]) / 1024
        return out

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def start_and_open(binary, uri, text):
    """A fresh server with `text` open as version 1: (server, ms to the initialize reply, ms to its first
    diagnostics), both from spawn. Debounce 0."""
    t0 = time.perf_counter()
    s = Server(binary)
    s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": {"debounceMs": 0}})
    t_init = (time.perf_counter() - t0) * 1000
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    s.wait_diagnostics(1)
    return s, t_init, (time.perf_counter() - t0) * 1000

def cold_starts(binary, path, runs):
    """Spawn -> initialize reply -> first publishDiagnostics of `path`, in `runs` fresh servers."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    init, first, peak = [], [], 0.0
    for _ in range(runs):
        s, t_init, t_first = start_and_open(binary, "file:///bench/note.md", text)
        init.append(t_init)
        first.append(t_first)
        peak = max(peak, s.rss().get("VmHWM", 0))
        s.request("shutdown", None)
        s.notify("exit", None)
        s.p.wait(timeout=5)
    return {
        "note": path, "note_bytes": len(text.encode()), "runs": runs,
        "initialize_ms_median": round(pct(init, 50), 2),
        "first_diagnostics_ms": {"median": round(pct(first, 50), 2), "min": round(min(first), 2), "max": round(max(first), 2)},
        "peak_rss_mb": round(peak, 1),
    }

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "awsnotes"))
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--list", action="store_true", help="the note as one 10,000-item list")
    ap.add_argument("--cold-note", help="only measure cold start, opening this note")
    ap.add_argument("--cold-runs", type=int, default=21)
    a = ap.parse_args()
    if a.cold_note:
        print(json.dumps(cold_starts(a.bin, a.cold_note, a.cold_runs), indent=2))
        return
    text = subprocess.run([sys.executable, os.path.join(HERE, "gen_notes.py"), "--lines", str(a.lines)], capture_output=True, text=True, check=True).stdout
    if a.list:
        items, fence = [], False
        for l in text.split("\n"):
            if l.startswith("```"):
                fence = not fence
                continue
            if fence or not l.strip():
                continue
            items.append("- " + l.lstrip("#- ").strip())
        text = "# Notes\n\n" + "\n".join(items[: a.lines]) + "\n"
    uri = "file:///bench/note.md"

    s, t_init, t_first = start_and_open(a.bin, uri, text)
    rss_open = s.rss()

    lines = text.split("\n")
    latencies = []
    version = 1
    for i in range(a.edits):
        line = (i * 37) % (len(lines) - 1)
        version += 1
        # Type one character at the start of a line, then the next edit deletes it: the text stays realistic.
        if i % 2 == 0:
            change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"}
        else:
            prev = ((i - 1) * 37) % (len(lines) - 1)
            change = {"range": {"start": {"line": prev, "character": 0}, "end": {"line": prev, "character": 1}}, "text": ""}
        t = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        s.wait_diagnostics(version)
        latencies.append((time.perf_counter() - t) * 1000)

    def timed(method, params, n=50):
        xs = []
        for _ in range(n):
            t = time.perf_counter()
            s.request(method, params)
            xs.append((time.perf_counter() - t) * 1000)
        return xs

    target = next(i for i, l in enumerate(lines) if "x-amz-server-side-encryption" in l)
    col = lines[target].index("x-amz-server-side-encryption") + 5
    hover = timed("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": target, "character": col}})
    dyn_line = next(i for i, l in enumerate(lines) if "DynamoDB" in l)
    dcol = lines[dyn_line].index("DynamoDB") + 3
    completion = timed("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": dyn_line, "character": dcol}})
    iam_line = next(i for i, l in enumerate(lines) if "s3:GetObject" in l)
    icol = lines[iam_line].index("s3:GetObject") + 5
    completion_iam = timed("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": iam_line, "character": icol}})
    rss_end = s.rss()
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=5)

    result = {
        "note_lines": a.lines, "note_shape": "one list" if a.list else "mixed blocks", "note_bytes": len(text.encode()), "edits": a.edits,
        "cold_start_initialize_ms": round(t_init, 2), "cold_start_first_diagnostics_ms": round(t_first, 2),
        "edit_to_diagnostics_ms": {"p50": round(pct(latencies, 50), 2), "p95": round(pct(latencies, 95), 2), "p99": round(pct(latencies, 99), 2)},
        "hover_ms": {"p50": round(pct(hover, 50), 3), "p99": round(pct(hover, 99), 3)},
        "completion_service_ms": {"p50": round(pct(completion, 50), 3), "p99": round(pct(completion, 99), 3)},
        "completion_iam_ms": {"p50": round(pct(completion_iam, 50), 3), "p99": round(pct(completion_iam, 99), 3)},
        "rss_mb_after_open": round(rss_open.get("VmRSS", 0), 1), "rss_mb_end": round(rss_end.get("VmRSS", 0), 1), "peak_rss_mb": round(rss_end.get("VmHWM", 0), 1),
        "debounce": "0 ms (excluded; the default is 150 ms)",
    }
    print(json.dumps(result, indent=2))

if __name__ == "__main__":
    main()
