"""Helpers for the wikidata plugin's tests (unique module name: safe in a root-level run)."""

import asyncio
from functools import partial

from claimtrack.testing import make_claim, make_context, verify_text  # noqa: F401 - make_claim re-exported

PUBLISHED = "2023-05-16"  # the date of the tests' articles, unless a test says otherwise
make_ctx = partial(make_context, verifier="wikidata", published=PUBLISHED)
verify = partial(verify_text, published=PUBLISHED)
run = asyncio.run


async def part_verdicts(verifier, sentence, published=PUBLISHED, **kwargs):
    """The claim the real extractor makes of ``sentence`` and the verdicts ``verifier``
    gives it, by part id (None: the whole claim), as the engine checks them."""
    from claimtrack.testing import extracted_claim, make_article, run_verifier_all

    claim = extracted_claim(sentence, published=published)
    kwargs.setdefault("article", make_article(published=published))
    verdicts = await run_verifier_all(verifier, claim, **kwargs)
    return claim, {v.part: v for v in verdicts}
