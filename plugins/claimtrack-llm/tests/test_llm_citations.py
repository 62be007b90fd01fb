"""Citation checking: exact spans survive whitespace and quotation-mark noise; anything
else (a span not in the passage, a passage never given) is rejected."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from claimtrack_llm.citations import MIN_QUOTE_CHARS, Citation, check_citation, normalise

PASSAGE = (
    "The 51st G7 summit was held in Kananaskis, Alberta, on 16 and 17 June 2025. "
    "Canada's prime minister called it \u201cthe most focused summit in years\u201d; "
    "it was the country's first since 2018, when Charlevoix hosted the leaders' talks."
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\u00a0"])
QUOTE_VARIANTS = {"'": ["'", "\u2019", "\u2018"], '"': ['"', "\u201c", "\u201d", "\u00ab"]}


def noisy(text: str, data: st.DataObject) -> str:
    """``text`` with each space replaced by some whitespace and each quotation mark by a
    variant, as models and copy-paste change them."""
    out = []
    for ch in normalise(text):
        if ch == " ":
            out.append(data.draw(SPACES))
        elif ch in QUOTE_VARIANTS:
            out.append(data.draw(st.sampled_from(QUOTE_VARIANTS[ch])))
        else:
            out.append(ch)
    return "".join(out)


@given(st.data())
def test_an_exact_span_with_noise_is_accepted(data):
    flat = normalise(PASSAGE)
    start = data.draw(st.integers(0, len(flat) - MIN_QUOTE_CHARS))
    end = data.draw(st.integers(start + MIN_QUOTE_CHARS, len(flat)))
    span = flat[start:end]
    assume(len(span.strip().strip("\"'")) >= MIN_QUOTE_CHARS)
    quote = noisy(span, data)
    checked = check_citation(Citation("P1", quote), {"P1": PASSAGE})
    assert checked.ok, (quote, checked.problem)


@given(st.data())
def test_a_span_not_in_the_passage_is_rejected(data):
    flat = normalise(PASSAGE)
    start = data.draw(st.integers(0, len(flat) - MIN_QUOTE_CHARS))
    end = data.draw(st.integers(start + MIN_QUOTE_CHARS, len(flat)))
    span = flat[start:end]
    # Change one letter or digit of the span: a misquote, however small.
    where = data.draw(st.sampled_from([i for i, c in enumerate(span) if c.isalnum()] or [0]))
    assume(span[where].isalnum())
    replacement = data.draw(st.sampled_from("xqzXQZ7"))
    assume(replacement != span[where])
    changed = span[:where] + replacement + span[where + 1 :]
    assume(normalise(changed).strip("\"'") not in flat)
    checked = check_citation(Citation("P1", noisy(changed, data)), {"P1": PASSAGE})
    assert not checked.ok
    assert checked.problem is not None


@given(st.text(min_size=MIN_QUOTE_CHARS))
def test_arbitrary_text_is_accepted_only_when_it_is_in_the_passage(quote):
    checked = check_citation(Citation("P1", quote), {"P1": PASSAGE})
    inside = len(normalise(quote).strip("\"'").strip()) >= MIN_QUOTE_CHARS and normalise(
        quote
    ).strip("\"'").strip() in normalise(PASSAGE)
    assert checked.ok == inside


def test_a_passage_never_given_is_rejected_whatever_it_quotes():
    checked = check_citation(Citation("P7", "The 51st G7 summit"), {"P1": PASSAGE})
    assert checked.problem == "cites passage 'P7', which was not given"


def test_a_quote_too_short_proves_nothing():
    assert not check_citation(Citation("P1", "G7"), {"P1": PASSAGE}).ok
