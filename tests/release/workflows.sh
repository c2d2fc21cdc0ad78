#!/usr/bin/env bash
# Static checks of the release plumbing that cannot run here (GitHub's runners, registries):
#   - actionlint on .github/workflows/*.yml (syntax, expressions, known actions' inputs);
#   - `pre-commit validate-manifest .pre-commit-hooks.yaml`;
#   - cross-checks: ci.yml runs the README's test command; release.yml builds with the dist profile for
#     every target the Action and the Mason entry download, and packages every VS Code target;
#     action.yml declares the inputs the issue names and calls existing scripts/action.sh subcommands;
#     the rust hook's entry is the root package's binary; the nvim-lspconfig file matches the plugin's.
# Needs $ACTIONLINT, $PRE_COMMIT and $PYTHON (with PyYAML), set by tests/release/run.sh. Takes seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "workflows: FAIL: $*" >&2; exit 1; }

"${ACTIONLINT:-actionlint}" .github/workflows/*.yml || fail "actionlint"
"${PRE_COMMIT:-pre-commit}" validate-manifest .pre-commit-hooks.yaml || fail "pre-commit validate-manifest"

"${PYTHON:-python3}" - <<'EOF' || fail "cross-checks"
import re, sys, tomllib, yaml

def load(p):
    return yaml.safe_load(open(p))

errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

readme = open("README.md").read()
ci = load(".github/workflows/ci.yml")
runs = [s.get("run", "") for s in ci["jobs"]["test"]["steps"]]
check("./scripts/test" in runs, "ci.yml does not run ./scripts/test")
check("```sh\n./scripts/test\n```" in readme, "README's test command is not ./scripts/test")

rel = load(".github/workflows/release.yml")
on = rel.get("on") or rel.get(True)
check(on["push"]["tags"], "release.yml does not run on tags")
bins = rel["jobs"]["binaries"]
targets = {m["target"] for m in bins["strategy"]["matrix"]["include"]}
want = {"x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl", "x86_64-apple-darwin",
        "aarch64-apple-darwin", "x86_64-pc-windows-msvc"}
check(targets == want, f"release.yml targets {sorted(targets)} != {sorted(want)}")
up = [s for s in bins["steps"] if s.get("uses", "").startswith("taiki-e/upload-rust-binary-action@")]
check(len(up) == 1, "release.yml does not use upload-rust-binary-action")
if up:
    w = up[0]["with"]
    check(w.get("profile") == "dist", "release binaries are not built with --profile dist")
    check(w.get("checksum") == "sha256", "release binaries have no sha256")
    check(w.get("locked") is True, "release build is not --locked")
cargo = tomllib.load(open("Cargo.toml", "rb"))
dist = cargo["profile"]["dist"]
check(dist.get("strip") is True and dist.get("debug") is False, "profile.dist is not stripped without debug info")
check(cargo["profile"]["release"].get("lto") or dist.get("lto"), "profile.dist has no LTO")

m = re.search(r"awsnotes/awsnotes@(v\d+)\b", readme)
check(m and "action-tag" in rel["jobs"], "README's `uses: awsnotes/awsnotes@vN` needs release.yml's action-tag job")
vs = rel["jobs"]["vscode"]["strategy"]["matrix"]["include"]
vsce = {m["vsce"]: m["target"] for m in vs}
for t, rt in {"linux-x64": "x86_64-unknown-linux-musl", "linux-arm64": "aarch64-unknown-linux-musl",
              "darwin-x64": "x86_64-apple-darwin", "darwin-arm64": "aarch64-apple-darwin",
              "win32-x64": "x86_64-pc-windows-msvc", "": ""}.items():
    check(vsce.get(t) == rt, f"release.yml vscode job: {t or 'universal'} should bundle {rt or 'nothing'}")
for m in vs:
    check((m["exe"] == "awsnotes.exe") == m["vsce"].startswith("win32"), f"vscode {m['vsce']}: exe {m['exe']}")

act = load("action.yml")
for name in ("paths", "version", "format", "fail-on", "sarif-upload"):
    check(name in act["inputs"], f"action.yml has no input {name}")
check(act["runs"]["using"] == "composite", "action.yml is not a composite action")
script = open("scripts/action.sh").read()
text = open("action.yml").read()
for ref in re.findall(r"inputs\.([A-Za-z0-9_-]+)", text):
    check(ref in act["inputs"], f"action.yml uses undeclared input {ref}")
for step in act["runs"]["steps"]:
    if "run" in step:
        m = re.search(r"scripts/action\.sh\"? (\w+)", step["run"])
        check(m and re.search(rf"^\s*{m.group(1)}\)", script, re.M), f"action.yml step {step.get('id')} calls an unknown subcommand")
uses = [s["uses"] for s in act["runs"]["steps"] if "uses" in s]
check(any(u.startswith("actions/cache@") for u in uses), "action.yml does not cache the binary")
check(any(u.startswith("github/codeql-action/upload-sarif@") for u in uses), "action.yml does not upload SARIF")

hooks = {h["id"]: h for h in load(".pre-commit-hooks.yaml")}
check(hooks.get("awsnotes", {}).get("language") == "system", "no system hook 'awsnotes'")
check(hooks.get("awsnotes-build", {}).get("language") == "rust", "no rust hook 'awsnotes-build'")
for h in hooks.values():
    check(h.get("types") == ["markdown"], f"hook {h['id']} is not types: [markdown]")
server_toml = tomllib.load(open("server/Cargo.toml", "rb"))
root_deps = {k: v for k, v in cargo.get("dependencies", {}).items() if k != "awsnotes"}
check(root_deps == server_toml["dependencies"],
      "the root package awsnotes-pre-commit's [dependencies] differ from server/Cargo.toml's (copy them over)")
root_bins = [b["name"] for b in cargo.get("bin", [])]
check(hooks["awsnotes-build"]["entry"].split()[0] in root_bins,
      f"rust hook entry {hooks['awsnotes-build']['entry']!r} is not a binary of the root package {root_bins}")

mason = load("editors/nvim/submit/mason-registry/packages/awsnotes/package.yaml")
check(mason["source"]["id"].startswith("pkg:github/awsnotes/awsnotes@v"), "Mason source id")
for a in mason["source"]["asset"]:
    m = re.fullmatch(r"awsnotes-(.+)\.(tar\.gz|zip)", a["file"])
    check(m and m.group(1) in targets, f"Mason asset {a['file']} is not a release archive")
    if m:
        check((m.group(2) == "zip") == ("windows" in m.group(1)), f"Mason asset {a['file']}: archive kind")
        check(a["bin"] == ("awsnotes.exe" if "windows" in m.group(1) else "awsnotes"), f"Mason asset {a['file']}: bin")
check(mason.get("neovim", {}).get("lspconfig") == "awsnotes", "Mason entry does not name the lspconfig config")

def lua_fields(path):
    src = open(path).read()
    return {k: re.search(rf"{k} = (\{{[^}}]*\}})", src).group(1) for k in ("cmd", "filetypes", "root_markers")}
check(lua_fields("editors/nvim/submit/nvim-lspconfig/lsp/awsnotes.lua") == lua_fields("editors/nvim/lsp/awsnotes.lua"),
      "the nvim-lspconfig config and editors/nvim/lsp/awsnotes.lua disagree")

for e in errors:
    print("  -", e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
echo "workflows: actionlint, pre-commit manifest and cross-checks OK"
