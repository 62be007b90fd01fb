"""Exports: the registry's claims, verdicts and reviews in publishable formats.

An exporter (:class:`claimtrack.contracts.ExporterProtocol`) is any object with a ``name``
(the ``--format`` value) and ``export(rows, out)``, which writes a list of
:class:`ExportRow` to the text stream ``out`` and may return how many claims it wrote
(when it returns None, every row counts); a ``suffix`` (for file names) and a one-line
``description`` are optional. Every built-in format shows each claim's
:attr:`ExportRow.outcome`, the same :func:`claimtrack.outcome.outcome` the report shows.
The built-in ones (``claimreview``, ``json``, ``jsonl``, ``csv``, ``markdown``) are
registered through the ``register_exporters(register)`` hook by
:mod:`claimtrack.builtins.exporters`, exactly as a plugin's would be.

:mod:`claimtrack.services.export` collects the rows (and defines :class:`ExportRow`,
:class:`ExportContext` and :func:`run_export`, re-exported here for exporter authors); this
package finds exporters and holds the built-in formats.
"""

from __future__ import annotations

from claimtrack.contracts import ExporterProtocol
from claimtrack.errors import ClaimtrackError
from claimtrack.plugins import get_exporters
from claimtrack.services.export import ExportContext, Exporter, ExportRow, run_export

__all__ = [
    "ExportContext",
    "ExportRow",
    "Exporter",
    "available_exporters",
    "builtin_exporters",
    "get_exporter",
    "run_export",
]


def builtin_exporters() -> list[ExporterProtocol]:
    """The exporters claimtrack ships with."""
    from claimtrack.export.claimreview import ClaimReviewExporter
    from claimtrack.export.formats import (
        CsvExporter,
        JsonExporter,
        JsonLinesExporter,
        MarkdownExporter,
    )

    return [
        ClaimReviewExporter(),
        JsonExporter(),
        JsonLinesExporter(),
        CsvExporter(),
        MarkdownExporter(),
    ]


def available_exporters() -> dict[str, ExporterProtocol]:
    """Exporters by name: those registered through plugins, plus the built-ins if not loaded."""
    found: dict[str, ExporterProtocol] = {}
    try:
        for exporter in get_exporters():
            found.setdefault(exporter.name, exporter)
    except (ImportError, AttributeError):  # an older plugin system without exporters
        pass
    for exporter in builtin_exporters():
        found.setdefault(exporter.name, exporter)
    return found


def get_exporter(name: str) -> ExporterProtocol:
    """The exporter called ``name``; :class:`ClaimtrackError` listing the choices if none."""
    exporters = available_exporters()
    if name not in exporters:
        raise ClaimtrackError(
            f"unknown export format {name!r}; available: {', '.join(sorted(exporters))}"
        )
    return exporters[name]
