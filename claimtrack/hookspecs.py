"""The hooks a claimtrack plugin can implement.

Every hook is a *register callback*: claimtrack passes in a ``register`` function and the
plugin calls it once per thing it provides. claimtrack validates each item, rejects
duplicate names and remembers which plugin registered it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from collections.abc import Callable

hookspec = HookspecMarker("claimtrack")
hookimpl = HookimplMarker("claimtrack")


@hookspec
def register_extractors(register: Callable[[Any], None]) -> None:
    """Register claim extractors.

    :param register: call ``register(extractor)`` with an object that has ``name``,
        ``version`` and ``extract(text, context) -> list[ExtractedClaim]``
        (see :class:`claimtrack.extraction.base.Extractor`).

    Example::

        from claimtrack import hookimpl

        @hookimpl
        def register_extractors(register):
            register(MyExtractor())
    """
