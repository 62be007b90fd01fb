"""``python -m claimtrack.testing.serve [--latency S]``: the fixture server in its own process
(see :func:`claimtrack.testing.server._main`)."""

from claimtrack.testing.server import _main

if __name__ == "__main__":
    _main()
