"""Progress on stderr: ``claimtrack add`` (extraction and matching, per source) and verification.

Shown only on a terminal (or when asked for), never on stdout, and cleared when done, so
piped output and ``--json`` stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from claimtrack.console import make_console


def _stderr_bar(*columns: Any) -> Any:
    """A transient rich ``Progress`` on stderr with ``columns`` (rich is imported on first use)."""
    from rich.progress import Progress

    return Progress(*columns, console=make_console(stderr=True), transient=True)


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
            from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = _stderr_bar(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
            )

    def __enter__(self) -> Self:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
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
            self.bar.update(
                task, completed=done, total=max(total, 1), detail=f"{done:,}/{total:,} claims"
            )

        return update


class VerifyProgress:
    """One bar for a verification run: pairs done, errors, elapsed.

    ``enabled=None`` means: only when stderr is a terminal; nothing is shown for no pairs.
    """

    def __init__(self, total: int, enabled: bool | None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.bar: Any = None
        if enabled and total:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

            self.bar = _stderr_bar(
                TextColumn("verifying"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[errors]} errors"),
                TimeElapsedColumn(),
            )
            self.task = self.bar.add_task("verify", total=total, errors=0)
            self.bar.start()

    def advance(self, errors: int) -> None:
        """One pair done; ``errors`` is the run's error count so far."""
        if self.bar is not None:
            self.bar.update(self.task, advance=1, errors=errors)

    def skip(self) -> None:
        """A pair another run did: it counts as done."""
        if self.bar is not None:
            self.bar.update(self.task, advance=1)

    def stop(self) -> None:
        """Clear the bar."""
        if self.bar is not None:
            self.bar.stop()
