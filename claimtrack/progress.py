"""Progress of ``claimtrack add`` on stderr: claim extraction and matching, per source.

Shown only on a terminal (or when asked for), never on stdout, and cleared when done, so
piped output and ``--json`` stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any


class AddProgress:
    """A rich progress display on stderr with one bar per step of each source added.

    ``enabled=None`` means: only when stderr is a terminal. When disabled every method is
    a no-op and the callbacks are ``None``, which the extractors and the registry skip.
    """

    def __init__(self, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.bar: Any = None
        if enabled:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from claimtrack.console import make_console

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=make_console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> AddProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def _task(self, step: str, source: str, total: float) -> Any:
        from rich.markup import escape

        name = source.rstrip("/").rsplit("/", 1)[-1] or source
        return self.bar.add_task(f"{step} {escape(name[:40])}", total=total, detail="")

    def extracting(self, source: str) -> Callable[[float], None] | None:
        """A callback taking the fraction of ``source``'s text whose claims are extracted."""
        if self.bar is None:
            return None
        task = self._task("extracting", source, 1.0)
        return lambda fraction: self.bar.update(task, completed=fraction)

    def matching(self, source: str) -> Callable[[int, int], None] | None:
        """A callback taking how many of ``source``'s claims are matched against the registry, of how many."""
        if self.bar is None:
            return None
        task = self._task("matching", source, 1.0)

        def update(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=max(total, 1), detail=f"{done:,}/{total:,} claims")

        return update
