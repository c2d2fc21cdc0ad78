#!/usr/bin/env bash
# Builds editors/vscode/awsnotes.vsix reproducibly: `npm ci` from the committed lockfile, type-check,
# bundle with esbuild (the .vsix is self-contained: no node_modules inside), package with vsce.
#
#   editors/vscode/build.sh                                  # extension only: finds the server via settings/PATH
#   AWSNOTES_BUNDLE_BIN=target/release/awsnotes editors/vscode/build.sh   # also ships the binary as bin/awsnotes
#   AWSNOTES_VSIX_OUT=/tmp/x.vsix editors/vscode/build.sh    # where to write the .vsix (default: editors/vscode/awsnotes.vsix)
#   AWSNOTES_VSCE_TARGET=linux-x64 AWSNOTES_BUNDLE_BIN=… editors/vscode/build.sh
#       # a platform-specific package (`vsce package --target`): the Marketplace serves it to that platform
#       # only; on win32-* targets the binary is shipped as bin/awsnotes.exe. Without a target the package is
#       # universal (give it no binary: it then uses `awsnotes.server.path` or `awsnotes` from PATH).
#
# Needs Node.js >= 20 and npm (registry access for `npm ci`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${AWSNOTES_VSIX_OUT:-$here/awsnotes.vsix}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
bundle_bin=""
vsce_target="${AWSNOTES_VSCE_TARGET:-}"
case "$vsce_target" in
  ""|win32-x64|win32-arm64|linux-x64|linux-arm64|linux-armhf|alpine-x64|alpine-arm64|darwin-x64|darwin-arm64) ;;
  *) echo "build.sh: AWSNOTES_VSCE_TARGET=$vsce_target is not a vsce target" >&2; exit 2 ;;
esac
bin_name=awsnotes
case "$vsce_target" in win32-*) bin_name=awsnotes.exe ;; esac
if [ -n "${AWSNOTES_BUNDLE_BIN:-}" ]; then
  bundle_bin="$(cd "$(dirname "$AWSNOTES_BUNDLE_BIN")" && pwd)/$(basename "$AWSNOTES_BUNDLE_BIN")"
  [ -x "$bundle_bin" ] || { echo "build.sh: AWSNOTES_BUNDLE_BIN=$AWSNOTES_BUNDLE_BIN is not an executable file" >&2; exit 2; }
fi
cd "$here"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || { echo "build.sh: Node.js >= 20 is needed (found $(node --version))" >&2; exit 2; }

# Install scripts are not needed (esbuild's binary comes from its optional platform package; vsce's
# keytar/vsce-sign are only used for publishing), and skipping them keeps the build offline-safe.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
rm -rf dist bin
npx --no-install tsc --noEmit -p .
npx --no-install esbuild src/extension.ts --bundle --outfile=dist/extension.js --external:vscode \
  --format=cjs --platform=node --target=node18 --minify --log-level=warning
if [ -n "$bundle_bin" ]; then
  mkdir -p bin
  cp "$bundle_bin" "bin/$bin_name"
  chmod 755 "bin/$bin_name"
fi
# Fixed mtimes so that two builds of the same sources give the same archive entries.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || echo 315532800)}"
touch -d "@$SOURCE_DATE_EPOCH" dist/extension.js package.json README.md CHANGELOG.md LICENSE images/icon.png \
  images/quick-fix.png images/hover.png ${bundle_bin:+"bin/$bin_name"}
# README images stay relative: they are in the package (.vscodeignore), where VS Code and Open VSX find
# them. (vsce would rewrite them to the repository's root, where they are not: the extension is a subfolder.)
npx --no-install vsce package --no-dependencies --no-rewrite-relative-links ${vsce_target:+--target "$vsce_target"} \
  --out "$out" >/dev/null
echo "build.sh: wrote $out ($(du -h "$out" | cut -f1))"
