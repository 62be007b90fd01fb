"""``Document.content_hash`` stays the hash stored registries hold for their articles."""

from __future__ import annotations

import hashlib
import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.ingest.document import Document

#: Every character Python's ``re`` takes for ``\s``: each Unicode space, the ASCII
#: separators \x1c-\x1f, NEL and the line/paragraph separators among them.
SPACES = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c))


def reference(text: str) -> str:
    """The hash as it was first defined (kept here: the registries' stored hashes)."""
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def test_every_unicode_space_counts_as_space() -> None:
    assert len(SPACES) == 29 and "\x1c" in SPACES and "\u3000" in SPACES and "\u200b" not in SPACES
    text = f"{SPACES}A{SPACES}claim\u200bwith ZERO{SPACES}width{SPACES}"
    assert Document(source="s", text=text).content_hash == reference(text)
    assert Document(source="s", text=text).content_hash == reference("a claim\u200bwith zero width")


@given(st.text(alphabet=st.sampled_from(SPACES) | st.characters(), max_size=200))
def test_the_hash_is_unchanged(text: str) -> None:
    assert Document(source="s", text=text).content_hash == reference(text)


def test_a_known_hash() -> None:
    text = "Fact check:  The Moon\n\nis  made of CHEESE "
    digest = hashlib.sha256(b"fact check: the moon is made of cheese").hexdigest()
    assert Document(source="s", text=text).content_hash == digest
