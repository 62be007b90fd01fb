"""Sources of the tiny plugins the tests install."""

GOOD = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class Good(Verifier):
    name = "good"
    version = "1.0"

    async def verify(self, claim, ctx):
        return Verdict.unverifiable("good looked")


@hookimpl
def register_verifiers(register):
    register(Good())
"""

BROKEN_IMPORT = """
raise RuntimeError("this plugin is broken on purpose")
"""

DUPLICATE = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class Other(Verifier):
    name = "good"

    async def verify(self, claim, ctx):
        return Verdict.refuted("the impostor")


@hookimpl
def register_verifiers(register):
    register(Other())
"""

COMMANDS = """
import click
from claimtrack.hookspecs import hookimpl


@hookimpl
def register_commands(cli):
    @cli.command()
    @click.argument("name")
    def hello(name):
        "Say hello from a plugin."
        click.echo(f"Hello, {name}")
"""

HANGS = """
import asyncio
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verifier


class Hangs(Verifier):
    name = "hangs"

    async def verify(self, claim, ctx):
        await asyncio.sleep(3600)


@hookimpl
def register_verifiers(register):
    register(Hangs())
"""

WRONG_TYPE = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verifier


class WrongType(Verifier):
    name = "wrong-type"

    def verify(self, claim, ctx):
        return "supported"


@hookimpl
def register_verifiers(register):
    register(WrongType())
"""

# A misspelt hook: "register_verifier" is no hook (the hook is register_verifiers).
TYPO_HOOK = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class Typo(Verifier):
    name = "typo"

    async def verify(self, claim, ctx):
        return Verdict.unverifiable("never called")


@hookimpl
def register_verifier(register):
    register(Typo())
"""

# Fails with a message full of markup, an ANSI escape and Markdown table syntax.
RAISES = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verifier


class Raises(Verifier):
    name = "raises"

    async def verify(self, claim, ctx):
        raise RuntimeError("[bold red]boom[/] \\x1b[31m | *upstream* down")


@hookimpl
def register_verifiers(register):
    register(Raises())
"""
