"""Helpers for the wikipedia plugin's tests (unique module name: safe in a root-level run)."""

import asyncio
from functools import partial

from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import Plugins, make_plugin_manager
from claimtrack.testing import make_claim, make_context, verify_text  # noqa: F401 - make_claim re-exported


def plugins(**named: object) -> Plugins:
    """A plugin manager with only the plugin objects ``named``: tests do not depend on which
    other plugins are installed (no structured verifier unless a test registers one)."""
    manager = make_plugin_manager(load_entrypoints=False)
    for name, plugin in named.items():
        manager.register(plugin, name=name)
    return manager


PUBLISHED = "2023-05-16"  # the date of the tests' articles, unless a test says otherwise
make_ctx = partial(make_context, verifier="wikipedia", published=PUBLISHED, plugins=plugins())
verify = partial(verify_text, published=PUBLISHED, plugins=plugins())
run = asyncio.run


class ChecksEverything:
    """A structured verifier's plugin that claims every claim (``claim_checked_by``)."""

    @hookimpl
    def claim_checked_by(self, claim):
        return "everything"


class ChecksNothing:
    """A plugin whose ``claim_checked_by`` says no, or breaks."""

    def __init__(self, broken: bool = False) -> None:
        self.broken = broken

    @hookimpl
    def claim_checked_by(self, claim):
        if self.broken:
            raise RuntimeError("bug in another plugin")
        return
