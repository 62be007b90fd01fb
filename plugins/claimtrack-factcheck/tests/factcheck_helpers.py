"""Helpers for the factcheck plugin's tests (unique module name: safe in a root-level run)."""

import asyncio
from functools import partial

from claimtrack.testing import make_claim, make_context, verify_text  # noqa: F401 - make_claim re-exported

PUBLISHED = "2023-05-16"  # the date of the tests' articles, unless a test says otherwise
make_ctx = partial(make_context, verifier="factcheck", published=PUBLISHED)
verify = partial(verify_text, published=PUBLISHED)
run = asyncio.run


KEY = "test-key-5f2c9a71"
