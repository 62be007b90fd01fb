"""One final outcome per claim, shown the same by every output (issue 10, part 1).

One registry (a real SQLite file, built through the real CLI where there is a command for
it) holds four claims: one whose latest decision is a published fact-check imported with
``claimtrack import claimreview``, one a reviewer set aside, one its verifiers disagree on
and one nobody checked; plus a control claim a reviewer here refuted (the only kind
ClaimReview publishes). Their outcomes are computed once with
:func:`claimtrack.outcome.outcome`; each test below reads one output and checks it shows
exactly that outcome: the label and, where the output shows it, who decided.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from seed import add_verdict

from claimtrack.outcome import Outcome, outcome
from claimtrack.registry import Registry
from claimtrack.testing import CliRunner

EXAMPLE = Path(__file__).parents[2] / "examples" / "g7-trade-talks.txt"
ORG = ("Example Fact Check", "https://factcheck.example")
PUBLISHER = "Fact Desk"
REVIEWER = "alice"

#: The start of each chosen claim's text in the example article.
CLAIMS = {
    "imported": "Founded in 1949, NATO now has 31 members",
    "set_aside": "The G7, a group of seven countries",
    "disputed": "According to the OECD, trade between",
    "unchecked": "Of the 120 delegates at the meeting",
    "reviewed": "The BRICS bloc, a group of five",
}
FOUR = ("imported", "set_aside", "disputed", "unchecked")


@dataclass(frozen=True)
class World:
    """The registry, its CLI and each chosen claim's id and expected outcome."""

    cli: CliRunner
    url: str
    ids: dict[str, int]
    outcomes: dict[str, Outcome]
    #: Every claim's outcome, by claim id (the article has more claims than the chosen ones).
    all_outcomes: dict[int, Outcome]
    #: Every claim's status, by claim id.
    statuses: dict[int, str]


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, str(result)
    return result.stdout


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("one-outcome")
    cli = CliRunner(root, env={"CLAIMTRACK_REVIEWER": REVIEWER})
    cli.write_config(f'[export]\norganization_name = "{ORG[0]}"\norganization_url = "{ORG[1]}"\n')
    url = f"sqlite:///{cli.db_path}"
    ok(cli.run("add", str(EXAMPLE), "--json"))
    registry = Registry.open(url)
    try:
        claims = registry.claims()
        ids = {
            name: next(c.id for c in claims if c.text.startswith(start) and c.id is not None)
            for name, start in CLAIMS.items()
        }
        nato = registry.claim(ids["imported"])
        assert nato is not None
        # A published fact-check of the NATO claim, imported through the CLI; a verifier
        # said otherwise before, and the fact-check is the latest decision.
        add_verdict(registry, ids["imported"], "wikidata", "supported", 0.8, "NATO: 31 members")
        page = root / "factcheck.json"
        page.write_text(
            json.dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": "https://factdesk.example/nato-members",
                    "claimReviewed": nato.text,
                    "datePublished": "2023-05-20",
                    "author": {"@type": "Organization", "name": PUBLISHER},
                    "reviewRating": {"@type": "Rating", "alternateName": "Mostly False"},
                }
            ),
            encoding="utf-8",
        )
        ok(cli.run("import", "claimreview", str(page)))
        # Set aside by a reviewer, after a verdict of their own.
        ok(cli.run("review", str(ids["set_aside"]), "--set", "supported"))
        ok(cli.run("review", str(ids["set_aside"]), "--set", "not_checkworthy"))
        # The verifiers disagree.
        add_verdict(registry, ids["disputed"], "worldbank", "supported", 0.8, "OECD: +4.2%")
        add_verdict(registry, ids["disputed"], "wikidata", "refuted", 0.7, "trade fell in 2022")
        # The control claim: refuted by a reviewer here.
        ok(cli.run("review", str(ids["reviewed"]), "--set", "refuted", "--note", "Four listed."))

        def outcome_of(claim_id: int) -> Outcome:
            claim = registry.claim(claim_id)
            return outcome(claim, registry.verdicts(claim_id), registry.reviews(claim_id))

        everything = {c.id: c for c in registry.claims() if c.id is not None}
        all_outcomes = {claim_id: outcome_of(claim_id) for claim_id in everything}
        statuses = {claim_id: c.status for claim_id, c in everything.items()}
    finally:
        registry.close()
    return World(
        cli,
        url,
        ids,
        {name: all_outcomes[claim_id] for name, claim_id in ids.items()},
        all_outcomes,
        statuses,
    )


def test_the_four_outcomes_are_what_happened(world: World) -> None:
    """The rule itself, once: so the tests below compare against the right answer."""
    got = {
        name: (o.label, o.decided_by, o.decider, o.set_aside, o.disputed)
        for name, o in world.outcomes.items()
    }
    assert got == {
        "imported": ("refuted", "fact_check", PUBLISHER, False, False),
        "set_aside": ("not_checkworthy", "review", REVIEWER, True, False),
        "disputed": ("mixed", "verifiers", None, False, True),
        "unchecked": ("unchecked", None, None, False, False),
        "reviewed": ("refuted", "review", REVIEWER, False, False),
    }


def test_report_json(world: World) -> None:
    shown = {
        c["id"]: c["verdict"]
        for c in json.loads(ok(world.cli.run("report", "--format", "json")))["claims"]
    }
    for name in FOUR:
        want = world.outcomes[name]
        got = shown[world.ids[name]]
        keys = ("label", "verdict", "decided_by", "decider", "set_aside", "disputed")
        assert {k: got[k] for k in keys} == {k: want.to_dict()[k] for k in keys}, name
    # and every other claim too
    assert {i: v["label"] for i, v in shown.items()} == {
        i: o.label for i, o in world.all_outcomes.items()
    }


def verdict_cell(result: Outcome) -> str:
    """How the table and Markdown reports write an outcome: label, then the marks."""
    marks = ["disputed"] if result.disputed else []
    marks += {"review": ["reviewed"], "fact_check": ["fact-check"]}.get(result.decided_by or "", [])
    return result.label.replace("_", " ") + "".join(f" ({m})" for m in marks)


#: The "why" line each outcome's decider gives, in the table and the Markdown report.
WHY = {
    "imported": f"published fact-check by {PUBLISHER}: Mostly False",
    "set_aside": f"set aside by {REVIEWER}",
    "disputed": "verifiers disagree (wikidata: refuted; worldbank: supported)",
    "unchecked": None,
}


def test_report_table(world: World) -> None:
    text = ok(world.cli.run("report"))
    lines = text.splitlines()
    for name in FOUR:
        want = world.outcomes[name]
        [start] = [i for i, line in enumerate(lines) if re.match(rf"\s*{world.ids[name]}\s", line)]
        row = lines[start]
        cell = verdict_cell(want)
        assert re.search(rf"\s{re.escape(cell)}\s", row + " "), (name, row)
        assert not re.search(rf"{re.escape(cell)} \(", row), (name, row)  # no other mark
        following = []
        for line in lines[start + 1 :]:
            if re.match(r"\s*\d+\s", line) or not line.startswith(" "):
                break
            following.append(line.strip())
        why = [line for line in following if line.startswith("→ ")]
        if WHY[name] is None:
            assert why == [], name
        else:
            assert why and why[0].startswith("→ " + WHY[name]), (name, following)
    counts = {o.label.replace("_", " ") for o in world.all_outcomes.values()}
    summary = lines[-1]
    for label in counts:
        assert label in summary


def markdown_rows(markdown: str) -> dict[int, list[str]]:
    """The Markdown report's table cells by claim id (cells split on unescaped pipes)."""
    rows = {}
    for line in markdown.splitlines():
        if m := re.match(r"\| (\d+) \|", line):
            rows[int(m.group(1))] = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
    return rows


def test_report_markdown(world: World) -> None:
    rows = markdown_rows(ok(world.cli.run("report", "--format", "markdown")))
    for name in FOUR:
        want = world.outcomes[name]
        cells = rows[world.ids[name]]
        label, *marks = verdict_cell(want).split(" (")
        assert cells[3] == f"**{label}**" + "".join(f" ({m}" for m in marks), (name, cells)
        why = cells[5].replace("\\", "")
        if WHY[name] is None:
            assert why == "no verdict yet", name
        else:
            assert why.startswith(WHY[name]), (name, why)


def test_export_markdown(world: World) -> None:
    markdown = ok(world.cli.run("export", "-f", "markdown"))
    sections = re.split(r"(?m)^## \d+\. ", markdown)
    for name in FOUR:
        want = world.outcomes[name]
        [section] = [s for s in sections if s.startswith(CLAIMS[name])]
        verdict_line = next(line for line in section.splitlines() if line.startswith("**"))
        if want.set_aside:
            assert verdict_line.startswith(f"**Not check-worthy** (set aside by {want.decider}, ")
        elif want.rating is None:
            assert verdict_line == "**Verdict: not checked yet**"
        elif want.decided_by == "fact_check":
            assert verdict_line == (
                f"**Verdict: {want.rating[1]}** (published fact-check by {want.decider})"
            )
        else:
            assert want.decided_by == "verifiers"
            assert verdict_line == f"**Automated verdict: {want.rating[1]}** (not yet reviewed)"


def test_export_claimreview(world: World) -> None:
    """ClaimReview publishes only this organisation's own verdicts: none of the four."""
    objects = json.loads(ok(world.cli.run("export", "-f", "claimreview")))
    published = {int(o["url"].rsplit("/", 1)[-1]): o for o in objects}
    assert set(published) == {i for i, o in world.all_outcomes.items() if o.by_reviewer}
    assert not {world.ids[name] for name in FOUR} & set(published)
    control = world.outcomes["reviewed"]
    assert control.rating is not None
    rating = published[world.ids["reviewed"]]["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == (
        control.rating[1],
        control.rating[0],
    )


def test_export_csv(world: World) -> None:
    rows = {
        int(r["claim_id"]): r
        for r in csv.DictReader(io.StringIO(ok(world.cli.run("export", "-f", "csv"))))
    }
    for name in FOUR:
        want = world.outcomes[name]
        human = want.decided_by in ("review", "fact_check")
        got = rows[world.ids[name]]
        assert (
            got["verdict"],
            got["verdict_source"],
            got["set_aside"],
            got["reviewed_by"],
            got["status"],
        ) == (
            "" if want.label == "unchecked" else want.label,
            want.decided_by or "",
            "yes" if want.set_aside else "",
            want.decider if human else "",
            world.statuses[world.ids[name]],
        ), name


def test_export_json(world: World) -> None:
    shown = {d["id"]: d for d in json.loads(ok(world.cli.run("export", "-f", "json")))}
    for name in FOUR:
        want = world.outcomes[name]
        got = shown[world.ids[name]]
        assert (got["verdict"], got["verdict_source"], got["set_aside"]) == (
            None if want.label == "unchecked" else want.label,
            want.decided_by,
            want.set_aside,
        ), name


async def test_review_app(world: World) -> None:
    from claimtrack.review.app import ReviewApp, screen_text

    registry = Registry.open(world.url)
    try:
        app = ReviewApp(registry, keys={}, reviewer="tester")
        async with app.run_test(size=(160, 50)) as pilot:
            for name in FOUR:
                want = world.outcomes[name]
                assert app.select_claim(world.ids[name])
                await pilot.pause()
                row = app.selected_row
                assert row is not None
                assert (row.label, row.decided_by, row.verifiers_disagree) == (
                    None if want.label == "unchecked" else want.label,
                    want.decided_by,
                    want.disputed,
                ), name
                screen = screen_text(app)
                assert f"Outcome: {want.describe()}" in screen, (name, screen)
                assert ("verifiers disagree" in screen) == want.disputed, name
            # the list's verdict filter finds exactly the claims with that outcome
            for label in {o.label for o in world.all_outcomes.values()} - {"unchecked"}:
                app.query_one("#search").value = f"verdict:{label}"  # type: ignore[attr-defined]
                await pilot.pause()
                assert {r.id for r in app.shown_rows} == {
                    i for i, o in world.all_outcomes.items() if o.label == label
                }, label
        assert [r.reviewer for r in registry.reviews(world.ids["unchecked"])] == []
    finally:
        registry.close()


def expected_status(result: Outcome) -> str:
    """The workflow status an outcome implies when, as here, no two reviewers disagree."""
    if result.set_aside:
        return "not_checkworthy"
    return "reviewed" if result.decided_by in ("review", "fact_check") else "open"


def test_claims_status(world: World) -> None:
    assert {name: expected_status(world.outcomes[name]) for name in FOUR} == {
        "imported": "reviewed",
        "set_aside": "not_checkworthy",
        "disputed": "open",
        "unchecked": "open",
    }
    for status in ("open", "reviewed", "disputed", "not_checkworthy"):
        listed = json.loads(ok(world.cli.run("claims", "--status", status, "--json")))
        assert {c["id"] for c in listed} == {
            i for i, o in world.all_outcomes.items() if expected_status(o) == status
        }, status
