#!/usr/bin/env bash
# Install claimtrack, its first-party plugins and the test tools, then run every test.
# This is the README's test command, and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python -m pytest "$@"
