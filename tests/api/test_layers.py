"""The architecture, checked: import-linter's layer contracts (pyproject.toml
``[tool.importlinter]``), and the inventory of imports deferred into functions.

Layers, top to bottom: front ends (cli, built-in plugins, test kit); what they show
(review app, report, export); services; outcome; verification and importers; plugins;
registry; ingest; extraction and models.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import claimtrack

ROOT = Path(claimtrack.__file__).parent
PYPROJECT = ROOT.parent / "pyproject.toml"

_LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"

_HELP = (
    "`claimtrack {cmd} --help` must not import {what} (tests/cli, tests/review/test_cli_review.py)"
)
_SQL = "SQLAlchemy"
_HTTP = "httpx"
_DISCOVERY = (
    "plugin discovery imports every plugin module, for `claimtrack --help` too: "
    "the built-in plugin loads {what} only when its hook is called"
)
_PYTEST = (
    "the pytest plugin (claimtrack.testing.pytest_plugin) imports this module in every pytest "
    "run, plugin authors' too: {what} load only in the tests that use them"
)

#: Every cross-package import made inside a function: (importing module, imported module) -> why.
#: An import made at module level needs no entry; one deferred without a reason fails the test.
DEFERRED: dict[tuple[str, str], str] = {
    ("claimtrack.importers.claimreview", "claimtrack.ingest.sources"): (
        "the report and the matching service import this module for its rating labels: "
        "reading a source (httpx, trafilatura) loads only when fact-checks are read"
    ),
    ("claimtrack.cli.common", "claimtrack.ingest.dates"): _HELP.format(
        cmd="<any>", what="the ingest package (" + _HTTP + ", trafilatura)"
    ),
    ("claimtrack.cli.export", "claimtrack.plugins"): _HELP.format(
        cmd="export", what="the plugin system (pluggy, entry points)"
    ),
    ("claimtrack.retrieval.semantic", "claimtrack.plugins"): (
        "plugin discovery imports every plugin module: the matcher asks for a similarity "
        "model on its first search, not when `claimtrack match`, `report` or `add` import it"
    ),
    ("claimtrack.verification.api", "claimtrack.plugins"): (
        "`report` and `show` import the verifier API for a claim's outcome (its labels and "
        "part verdicts): the plugin machinery (pluggy, ~20 ms) loads only when a verifier "
        "context is made"
    ),
    ("claimtrack.verification.api", "claimtrack.config"): (
        "claimtrack.config imports claimtrack.verification.http to check [http] settings: "
        "a module-level import back would be an import cycle"
    ),
    ("claimtrack.builtins.exporters", "claimtrack.export"): _DISCOVERY.format(
        what="the exporters (SQLAlchemy)"
    ),
    ("claimtrack.builtins.extractor", "claimtrack.extraction.default"): _DISCOVERY.format(
        what="the extractor (its rules and model)"
    ),
    ("claimtrack.builtins.verifiers", "claimtrack.verification.consistency"): _DISCOVERY.format(
        what="the consistency verifier (number and date parsers)"
    ),
    ("claimtrack.builtins.verifiers", "claimtrack.verification.quotecheck"): _DISCOVERY.format(
        what="the quote check"
    ),
    ("claimtrack.cli", "claimtrack.config"): (
        "`claimtrack --help` and `--version` read no config file: it is loaded (and checked) "
        "when a command runs"
    ),
    ("claimtrack.cli.command_index", "claimtrack.plugins"): (
        "a warm `claimtrack --help` lists plugin commands from the cache and loads no plugin; "
        "only a stale cache loads them"
    ),
    ("claimtrack.cli", "claimtrack.plugins"): (
        "`claimtrack --version` and a built-in command load no plugins (pluggy, "
        "importlib.metadata, every plugin module); listing the commands does"
    ),
    ("claimtrack.cli.articles", "claimtrack.services.add"): _HELP.format(
        cmd="add", what=f"{_SQL}, {_HTTP} or the extractors"
    ),
    ("claimtrack.cli.check", "claimtrack.services.add"): _HELP.format(
        cmd="check", what=f"{_SQL}, {_HTTP} or the extractors"
    ),
    ("claimtrack.cli.check", "claimtrack.services.verify"): _HELP.format(
        cmd="check", what=f"{_SQL} or {_HTTP}"
    ),
    ("claimtrack.cli.claims", "claimtrack.outcome"): _HELP.format(
        cmd="claims", what="the verifier API (pluggy) behind a claim's outcome"
    ),
    ("claimtrack.cli.claims", "claimtrack.services.match"): _HELP.format(cmd="show", what=_SQL),
    ("claimtrack.cli.match", "claimtrack.ingest.decode"): _HELP.format(cmd="match", what=_HTTP),
    ("claimtrack.cli.match", "claimtrack.retrieval"): _HELP.format(
        cmd="match", what=f"{_HTTP} (the fact-check parser's source reader)"
    ),
    ("claimtrack.cli.articles", "claimtrack.services.match"): _HELP.format(
        cmd="add", what=f"{_SQL} or the matcher"
    ),
    ("claimtrack.cli.common", "claimtrack.registry"): _HELP.format(cmd="<any>", what=_SQL),
    ("claimtrack.cli.common", "claimtrack.registry.db"): _HELP.format(cmd="<any>", what=_SQL),
    ("claimtrack.cli.common", "claimtrack.registry.lite"): _HELP.format(
        cmd="<any>", what="the registry package (its config and paths)"
    ),
    ("claimtrack.cli.db", "claimtrack.registry"): _HELP.format(cmd="db", what=_SQL),
    ("claimtrack.cli.db", "claimtrack.registry.db"): _HELP.format(cmd="db", what=_SQL),
    ("claimtrack.cli.doctor", "claimtrack.registry.db"): _HELP.format(cmd="doctor", what=_SQL),
    ("claimtrack.cli.doctor", "claimtrack.services.verify"): _HELP.format(
        cmd="doctor", what=f"{_SQL} or {_HTTP}"
    ),
    ("claimtrack.cli.doctor", "claimtrack.verification.engine"): _HELP.format(
        cmd="doctor", what=_HTTP
    ),
    ("claimtrack.cli.export", "claimtrack.export"): _HELP.format(cmd="export", what=_SQL),
    ("claimtrack.cli.export", "claimtrack.services.export"): _HELP.format(cmd="export", what=_SQL),
    ("claimtrack.cli.importcmd", "claimtrack.services.importing"): _HELP.format(
        cmd="import claimreview", what=f"{_SQL} or {_HTTP}"
    ),
    ("claimtrack.cli.report", "claimtrack.report"): _HELP.format(cmd="report", what=_SQL),
    ("claimtrack.cli.report", "claimtrack.registry.lite"): _HELP.format(
        cmd="report", what="the registry package (its config and paths)"
    ),
    ("claimtrack.report.build", "claimtrack.services.match"): (
        "a report on a SQLite registry with no fact-checks to look up loads no SQLAlchemy: "
        "the matcher and the table classes load only when earlier fact-checks are looked up"
    ),
    ("claimtrack.cli.review", "claimtrack.review.app"): _HELP.format(cmd="review", what="Textual"),
    ("claimtrack.cli.review", "claimtrack.services.review"): _HELP.format(cmd="review", what=_SQL),
    ("claimtrack.cli.score", "claimtrack.extraction"): _HELP.format(
        cmd="score", what="the extractors"
    ),
    ("claimtrack.cli.score", "claimtrack.extraction.base"): _HELP.format(
        cmd="score", what="the extractors"
    ),
    ("claimtrack.cli.score", "claimtrack.extraction.checkworthiness"): _HELP.format(
        cmd="score", what="the extractors"
    ),
    ("claimtrack.cli.score", "claimtrack.extraction.default"): _HELP.format(
        cmd="score", what="the extractors"
    ),
    ("claimtrack.cli.score", "claimtrack.extraction.rules"): _HELP.format(
        cmd="score", what="the extractors"
    ),
    ("claimtrack.cli.score", "claimtrack.ingest.decode"): _HELP.format(cmd="score", what=_HTTP),
    ("claimtrack.cli.score", "claimtrack.ingest.sources"): _HELP.format(cmd="score", what=_HTTP),
    ("claimtrack.cli.verify", "claimtrack.services.verify"): _HELP.format(
        cmd="verify", what=f"{_SQL} or {_HTTP}"
    ),
    ("claimtrack.config", "claimtrack.verification.http"): (
        "every command (and `claimtrack --help`) loads the config, which must not load httpx; "
        "[http] is checked against HttpOptions' own fields only when a config file has that "
        "table (and verification.http imports the config)"
    ),
    ("claimtrack.testing.kit", "claimtrack.extraction"): _PYTEST.format(what="the extractors"),
    ("claimtrack.testing.kit", "claimtrack.extraction.base"): _PYTEST.format(what="the extractors"),
    ("claimtrack.testing.kit", "claimtrack.ingest.document"): _PYTEST.format(
        what="httpx and trafilatura"
    ),
    ("claimtrack.testing.kit", "claimtrack.services.add"): _PYTEST.format(
        what="the extractors, httpx and trafilatura"
    ),
    ("claimtrack.testing.kit", "claimtrack.verification.engine"): _PYTEST.format(what="httpx"),
    ("claimtrack.testing.kit", "claimtrack.verification.http"): _PYTEST.format(what="httpx"),
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(module: str) -> str:
    """``claimtrack.cli.verify`` -> ``cli``; ``claimtrack.config`` -> ``config``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _targets(node: ast.Import | ast.ImportFrom, package_parts: list[str]) -> list[str]:
    """The modules an import statement imports from (relative ones made absolute)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    base = package_parts[: len(package_parts) - node.level + 1]
    return [".".join([*base, *([node.module] if node.module else [])])]


def deferred_imports(root: Path = ROOT) -> dict[tuple[str, str], list[str]]:
    """Cross-package ``claimtrack.*`` imports inside functions: (module, imported) -> places."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        package_parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]

        def visit(
            node: ast.AST,
            in_function: bool,
            module: str = module,
            path: Path = path,
            package_parts: list[str] = package_parts,
        ) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child.test):
                    continue  # annotations only: never imported at run time
                inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                    for target in _targets(child, package_parts):
                        if target.startswith("claimtrack.") and _package(target) != _package(
                            module
                        ):
                            where = f"{path.relative_to(root.parent)}:{child.lineno}"
                            found.setdefault((module, target), []).append(where)
                visit(child, inner)

        visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_every_deferred_import_has_its_reason() -> None:
    found = deferred_imports()
    unexplained = {pair: places for pair, places in found.items() if pair not in DEFERRED}
    assert not unexplained, (
        "imports deferred into functions across packages without a reason: import them at "
        "module level, or add the pair and its reason to DEFERRED:\n"
        + "\n".join(f"  {m} -> {t} at {', '.join(p)}" for (m, t), p in sorted(unexplained.items()))
    )
    stale = sorted(pair for pair in DEFERRED if pair not in found)
    assert not stale, f"DEFERRED lists imports no longer deferred: {stale}"


def test_every_reason_says_something() -> None:
    assert all(len(reason.split()) >= 5 for reason in DEFERRED.values())


def test_the_inventory_sees_a_deferred_import(tmp_path: Path) -> None:
    package = tmp_path / "claimtrack"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cli" / "__init__.py").write_text("")
    (package / "cli" / "cmd.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from claimtrack.registry import Registry\n"
        "def run():\n"
        "    from claimtrack.registry import Registry\n"
        "    from claimtrack.cli import common\n"
        "    from . import other\n"
        "    async def inner():\n"
        "        import claimtrack.services.add\n"
    )
    found = deferred_imports(package)
    assert sorted(found) == [
        ("claimtrack.cli.cmd", "claimtrack.registry"),
        ("claimtrack.cli.cmd", "claimtrack.services.add"),
    ]


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LINT, "--config", str(config), "--no-cache"],
        cwd=ROOT.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_layer_contracts_hold() -> None:
    result = _lint_imports(PYPROJECT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_a_layer_violation_is_reported(tmp_path: Path) -> None:
    # The registry over the services: the services import the registry, so this must break.
    config = tmp_path / "contracts.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_package = "claimtrack"\n'
        "exclude_type_checking_imports = true\n"
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\n'
        'type = "layers"\n'
        'layers = ["claimtrack.registry", "claimtrack.services"]\n'
    )
    result = _lint_imports(config)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "claimtrack.services is not allowed to import claimtrack.registry" in result.stdout
