"""Test helpers for claimtrack and for plugin authors.

Installed as a pytest plugin (entry point ``pytest11``), so its fixtures are available in
any project that has claimtrack installed.
"""
