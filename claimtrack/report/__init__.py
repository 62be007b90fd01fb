"""Reports: each claim with its final verdict, as a table, JSON or Markdown.

:func:`build_report` reads the registry and gives each claim its final outcome
(:func:`claimtrack.outcome.outcome`, the rule every export uses too); the ``render_*``
functions only format. Claim text, summaries and evidence are untrusted data: the table
shows them with :func:`claimtrack.console.literal` (no rich markup, control characters
made visible) and Markdown escapes them.
"""

from claimtrack.console import LABEL_STYLES
from claimtrack.report.build import (
    Report,
    ReportRow,
    Tally,
    build_report,
    report_rows,
    stream_report,
)
from claimtrack.report.render import (
    render_json,
    render_markdown,
    render_table,
    write_json,
    write_markdown,
)

__all__ = [
    "LABEL_STYLES",
    "Report",
    "ReportRow",
    "Tally",
    "build_report",
    "render_json",
    "render_markdown",
    "render_table",
    "report_rows",
    "stream_report",
    "write_json",
    "write_markdown",
]
