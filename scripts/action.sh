#!/usr/bin/env bash
# The script behind the GitHub Action (action.yml). One subcommand per step:
#
#   action.sh resolve   version (tag), Rust target and install directory for this runner -> $GITHUB_OUTPUT
#   action.sh install   download the release archive and its .sha256, check it, unpack; no download when the
#                       install directory already holds the binary (restored by actions/cache)
#   action.sh lint      awsnotes lint --format … --fail-on … PATHS (and the SARIF file if asked)
#
# Inputs come as environment variables (INPUT_*, set by action.yml), plus:
#   AWSNOTES_RELEASES   where releases live (default https://github.com/awsnotes/awsnotes/releases):
#                       <base>/download/<tag>/awsnotes-<target>.tar.gz (.zip on Windows) and .sha256
#   AWSNOTES_API        releases API (default https://api.github.com/repos/awsnotes/awsnotes/releases):
#                       <api>/latest answers {"tag_name": "v…"} for version "latest"
#   AWSNOTES_TARGET     override the Rust target picked from RUNNER_OS/RUNNER_ARCH
# Both URLs may be file:// URLs: tests/release/action.sh runs this against a local release directory.
set -euo pipefail

releases="${AWSNOTES_RELEASES:-https://github.com/awsnotes/awsnotes/releases}"
api="${AWSNOTES_API:-https://api.github.com/repos/awsnotes/awsnotes/releases}"

die() { echo "::error title=awsnotes action::$*" >&2; exit 2; }
output() { if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi; echo "$1=$2"; }

# The release workflow's matrix, keyed by what the runner reports.
runner_target() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) die "no awsnotes release for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} (Linux, macOS: X64, ARM64; Windows: X64)" ;;
  esac
}

fetch() { # URL FILE
  local auth=()
  if [[ "$1" == https://api.github.com/* && -n "${GITHUB_TOKEN:-}" ]]; then
    auth=(-H "Authorization: Bearer $GITHUB_TOKEN")
  fi
  curl -fsSL --retry 3 ${auth[@]+"${auth[@]}"} -o "$2" "$1"
}

cmd_resolve() {
  local version="${INPUT_VERSION:-latest}" target dir tmp
  if [[ "$version" == latest ]]; then
    tmp="$(mktemp)"
    fetch "$api/latest" "$tmp" || die "could not ask $api/latest for the latest release"
    version="$(sed -n 's/.*"tag_name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp" | head -n1)"
    rm -f "$tmp"
    [[ -n "$version" ]] || die "no tag_name in $api/latest"
  fi
  [[ "$version" == v* ]] || version="v$version"
  target="${AWSNOTES_TARGET:-$(runner_target)}"
  dir="${AWSNOTES_INSTALL_ROOT:-${RUNNER_TOOL_CACHE:-${HOME}/.cache}/awsnotes}/$version/$target"
  output version "$version"
  output target "$target"
  output dir "$dir"
}

cmd_install() {
  local version="${AWSNOTES_VERSION:?}" target="${AWSNOTES_TARGET:?}" dir="${AWSNOTES_DIR:?}"
  local exe=awsnotes ext=tar.gz
  [[ "$target" == *windows* ]] && { exe=awsnotes.exe; ext=zip; }
  if [[ -x "$dir/$exe" ]]; then
    echo "awsnotes $version ($target): cached in $dir"
  else
    local asset="awsnotes-$target" tmp
    tmp="$(mktemp -d)"
    echo "awsnotes $version ($target): downloading $releases/download/$version/$asset.$ext"
    fetch "$releases/download/$version/$asset.$ext" "$tmp/$asset.$ext" || die "download failed: $releases/download/$version/$asset.$ext"
    fetch "$releases/download/$version/$asset.sha256" "$tmp/$asset.sha256" || die "download failed: $asset.sha256"
    if command -v sha256sum >/dev/null; then
      (cd "$tmp" && sha256sum -c "$asset.sha256" >/dev/null) || die "checksum mismatch for $asset.$ext"
    else
      (cd "$tmp" && shasum -a 256 -c "$asset.sha256" >/dev/null) || die "checksum mismatch for $asset.$ext"
    fi
    mkdir -p "$dir.partial"
    if [[ "$ext" == zip ]]; then
      if command -v unzip >/dev/null; then unzip -q -o "$tmp/$asset.zip" -d "$dir.partial"; else 7z x -y -o"$dir.partial" "$tmp/$asset.zip" >/dev/null; fi
    else
      tar -xzf "$tmp/$asset.tar.gz" -C "$dir.partial"
    fi
    [[ -f "$dir.partial/$exe" ]] || die "$asset.$ext has no $exe at its top level"
    chmod +x "$dir.partial/$exe"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$dir.partial" "$dir"
    rm -rf "$tmp"
  fi
  "$dir/$exe" --version
  if [[ -n "${GITHUB_PATH:-}" ]]; then echo "$dir" >>"$GITHUB_PATH"; fi
}

cmd_lint() {
  local bin="${AWSNOTES_BIN:-awsnotes}" format="${INPUT_FORMAT:-github}" fail_on="${INPUT_FAIL_ON:-warning}"
  local paths=()
  # Paths: whitespace- or newline-separated (a YAML block scalar works), no globbing.
  read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)
  if [[ -n "${INPUT_SARIF_FILE:-}" ]]; then
    # Written first and never failing, so that the upload step has a file even when the lint below fails.
    "$bin" lint --format sarif --fail-on never "${paths[@]}" >"$INPUT_SARIF_FILE" || die "awsnotes could not write $INPUT_SARIF_FILE"
    echo "awsnotes: SARIF written to $INPUT_SARIF_FILE"
    output sarif-file "$INPUT_SARIF_FILE"
  fi
  local status=0
  "$bin" lint --format "$format" --fail-on "$fail_on" "${paths[@]}" || status=$?
  output exit-code "$status"
  return "$status"
}

case "${1:-}" in
  resolve) cmd_resolve ;;
  install) cmd_install ;;
  lint) cmd_lint ;;
  target) runner_target ;;
  *) echo "usage: action.sh resolve|install|lint|target" >&2; exit 2 ;;
esac
