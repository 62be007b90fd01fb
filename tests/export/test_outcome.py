"""One final outcome per claim: the report and every export agree (issue 9, item 4).

The reproduction runs through the real CLI on a real registry: a claim reviewed
supported → supported → note → not_checkworthy is set aside everywhere, and absent from
ClaimReview. Published text never carries a verifier's failure; CSV cells never start a
formula; ClaimReview refuses to invent a publisher.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seed import add_article, add_verdict
from test_export import ORG, run_cli, validate_claimreview

from claimtrack.export import get_exporter
from claimtrack.export.claimreview import ClaimReviewExporter
from claimtrack.export.formats import FORMULA_STARTS, csv_cell
from claimtrack.importers.claimreview import FactCheck
from claimtrack.registry import Registry
from claimtrack.report import build_report, render_json
from claimtrack.review.data import ReviewData
from claimtrack.services.export import collect_rows
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.review import add_review
from claimtrack.verification.api import CLAIMREVIEW_RATINGS

EXAMPLE = Path(__file__).parents[2] / "examples" / "g7-trade-talks.txt"
UNREACHABLE = (
    "wikidata unreachable: cannot connect: ConnectError: [Errno -2] Name or service not known"
)
FAILED = "ReadTimeout: worldbank timed out after 10.0 s (http://api.worldbank.org/v2/…)"
INTERNAL = ("unreachable", "ConnectError", "Errno", "ReadTimeout", "timed out")
G7_EVIDENCE = [
    {
        "source": "article",
        "title": "The G7",
        "snippet": "seven countries listed",
        "url": "https://en.wikipedia.org/wiki/G7",
    }
]


@pytest.fixture
def org_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[export]\norganization_name = "{ORG[0]}"\norganization_url = "{ORG[1]}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    return config


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return result.stdout


def add_example(registry: Registry) -> dict[str, int]:
    """``claimtrack add`` the README's example; claim ids by the start of their text."""
    article_id = json.loads(ok(run_cli(registry, "add", str(EXAMPLE), "--json")))[0]["article_id"]
    return {c.text[:24]: c.id for c in registry.claims(article_id=article_id)}


def section(markdown: str, claim_text_start: str) -> str:
    """The Markdown section (## heading to the next) of the claim whose text starts so."""
    parts = re.split(r"(?m)^## \d+\. ", markdown)
    [found] = [p for p in parts if p.startswith(claim_text_start)]
    return found


def test_set_aside_claim_everywhere(registry: Registry, org_config: Path, tmp_path: Path) -> None:
    """The issue's reproduction: supported → supported → note → not_checkworthy."""
    ids = add_example(registry)
    g7, brics, nato = (
        ids["The G7, a group of seven"],
        ids["The BRICS bloc, a group "],
        ids["Founded in 1949, NATO no"],
    )
    add_verdict(
        registry, g7, "consistency", "supported", 0.9, "G7: 7 stated, 7 listed", G7_EVIDENCE
    )
    add_verdict(registry, g7, "wikidata", "unverifiable", 0.0, UNREACHABLE)
    for args in (
        ["--set", "supported"],
        ["--set", "supported"],
        ["--note", "Background, not a claim to rate."],
        ["--set", "not_checkworthy"],
    ):
        ok(run_cli(registry, "review", str(g7), *args))
    ok(
        run_cli(
            registry,
            "review",
            str(brics),
            "--set",
            "refuted",
            "--note",
            "Five countries named, four listed.",
        )
    )
    ok(run_cli(registry, "review", str(nato), "--set", "supported"))

    # ClaimReview: the set-aside claim is absent; "Wrote N" counts what was written
    target = tmp_path / "checks.jsonld"
    result = run_cli(registry, "export", "--format", "claimreview", "-o", str(target))
    ok(result)
    objects = json.loads(target.read_text(encoding="utf-8"))
    assert {o["url"] for o in objects} == {f"{ORG[1]}/claims/{brics}", f"{ORG[1]}/claims/{nato}"}
    assert result.stderr.strip() == f"Wrote 2 claim(s) as claimreview to {target}"
    for obj in objects:
        validate_claimreview(obj, local=True)

    # CSV: set aside, no verdict rating
    rows = {
        r["claim_id"]: r
        for r in csv.DictReader(io.StringIO(ok(run_cli(registry, "export", "-f", "csv"))))
    }
    g7_row = rows[str(g7)]
    assert (g7_row["status"], g7_row["verdict"], g7_row["verdict_source"], g7_row["set_aside"]) == (
        "not_checkworthy",
        "not_checkworthy",
        "review",
        "yes",
    )
    assert (rows[str(brics)]["verdict"], rows[str(brics)]["set_aside"]) == ("refuted", "")

    # Markdown: set aside, with no verdict line
    g7_md = section(ok(run_cli(registry, "export", "-f", "markdown")), "The G7, a group of seven")
    assert "**Not check-worthy** (set aside by tester, " in g7_md
    assert "Verdict" not in g7_md and "True" not in g7_md

    # JSON export and the report say the same
    exported = {d["id"]: d for d in json.loads(ok(run_cli(registry, "export", "-f", "json")))}
    assert (exported[g7]["verdict"], exported[g7]["set_aside"], exported[g7]["reviewed_by"]) == (
        "not_checkworthy",
        True,
        "tester",
    )
    report = {
        c["id"]: c["verdict"]
        for c in json.loads(ok(run_cli(registry, "report", "--format", "json")))["claims"]
    }
    assert (report[g7]["label"], report[g7]["set_aside"], report[g7]["decided_by"]) == (
        "not_checkworthy",
        True,
        "review",
    )
    assert "1 not checkworthy" in ok(run_cli(registry, "report"))

    # and the status filter lists it as set aside
    listed = json.loads(ok(run_cli(registry, "claims", "--status", "not_checkworthy", "--json")))
    assert [c["id"] for c in listed] == [g7]


def test_verifier_failures_are_never_published(registry: Registry, org_config: Path) -> None:
    ids = add_example(registry)
    g7, nato, brics = (
        ids["The G7, a group of seven"],
        ids["Founded in 1949, NATO no"],
        ids["The BRICS bloc, a group "],
    )
    for claim_id in (g7, nato, brics):
        add_verdict(registry, claim_id, "wikidata", "unverifiable", 0.0, UNREACHABLE)
        add_verdict(registry, claim_id, "worldbank", "error", 0.0, FAILED)
    add_verdict(
        registry, g7, "consistency", "supported", 0.9, "G7: 7 stated, 7 listed", G7_EVIDENCE
    )
    ok(
        run_cli(registry, "review", str(g7), "--set", "supported")
    )  # no note: the evidence summary speaks
    ok(
        run_cli(registry, "review", str(nato), "--set", "unverifiable")
    )  # nothing publishable to say
    ok(
        run_cli(
            registry, "review", str(brics), "--set", "refuted", "--note", "Four of five listed."
        )
    )

    objects = {
        o["url"].rsplit("/", 1)[-1]: o
        for o in json.loads(ok(run_cli(registry, "export", "-f", "claimreview")))
    }
    assert objects[str(g7)]["reviewBody"] == "G7: 7 stated, 7 listed"
    assert "reviewBody" not in objects[str(nato)]
    assert objects[str(brics)]["reviewBody"] == "Four of five listed."
    markdown = ok(run_cli(registry, "export", "-f", "markdown"))
    for text in (json.dumps(list(objects.values())), markdown):
        assert not [word for word in INTERNAL if word in text]
    assert "G7: 7 stated, 7 listed" in section(markdown, "The G7, a group of seven")
    # the full record still keeps what happened, for the fact-checkers
    exported = {d["id"]: d for d in json.loads(ok(run_cli(registry, "export", "-f", "json")))}
    assert UNREACHABLE in [v["summary"] for v in exported[nato]["verdicts"]]
    assert exported[nato]["explanation"] == ""


MISSING_PUBLISHER = (
    "ClaimReview export needs the publishing organisation: set organization_name and "
    "organization_url (or review_url) under [export] in the config file"
)


def test_claimreview_needs_its_publisher(registry: Registry, tmp_path: Path) -> None:
    ids = add_example(registry)  # no config file at all
    ok(run_cli(registry, "review", str(ids["Founded in 1949, NATO no"]), "--set", "supported"))
    target = tmp_path / "out.jsonld"
    result = run_cli(registry, "export", "-f", "claimreview", "-o", str(target))
    assert (result.returncode, result.stderr.strip(), result.stdout) == (
        1,
        f"Error: {MISSING_PUBLISHER}",
        "",
    )
    assert not target.exists()
    # the other formats publish no organisation and need none
    for fmt in ("json", "csv", "markdown"):
        assert run_cli(registry, "export", "-f", fmt).returncode == 0


@pytest.mark.parametrize(
    "config",
    [
        'organization_name = "Example Fact Check"',
        'organization_url = "https://factcheck.example"',
        'organization_name = "  "\norganization_url = "https://factcheck.example"',
        'review_url = "https://factcheck.example/{claim_id}"',
    ],
)
def test_half_a_publisher_is_not_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    from claimtrack.errors import ClaimtrackError

    path = tmp_path / "config.toml"
    path.write_text(f"[export]\n{config}\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(path))
    with pytest.raises(ClaimtrackError) as caught:
        ClaimReviewExporter().export([], io.StringIO())
    assert str(caught.value) == MISSING_PUBLISHER
    # given in full (here in code), the same settings are enough
    assert (
        ClaimReviewExporter(
            "Example Fact Check", review_url="https://factcheck.example/{claim_id}"
        ).organization()[0]
        == "Example Fact Check"
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'organization_name = "X"\norganization_url = "factcheck.example"',
            "Error: [export] organization_url must start with http:// or https://, got 'factcheck.example'",
        ),
        (
            'organization_name = "X"\nreview_url = "https://x.example/{slug}"',
            "Error: [export] review_url 'https://x.example/{slug}': only {claim_id} may be filled in ('slug')",
        ),
        (
            'organization_name = 7\norganization_url = "https://x.example"',
            "[export] organization_name: expected a string, got 7",
        ),
    ],
)
def test_bad_publisher_settings(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[export]\n{config}\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(path))
    result = run_cli(registry, "export", "-f", "claimreview")
    # One line, naming the key (a wrong type is caught by the config check at start-up,
    # which also names the file).
    assert (result.returncode, result.stdout, len(result.stderr.strip().splitlines())) == (1, "", 1)
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_wrote_count_per_format(registry: Registry, org_config: Path, tmp_path: Path) -> None:
    ids = add_example(registry)
    ok(run_cli(registry, "review", str(ids["Founded in 1949, NATO no"]), "--set", "supported"))
    total = len(ids)
    for fmt, args, expected in (
        ("claimreview", [], 1),
        ("csv", [], total),
        ("markdown", [], total),
        ("jsonl", ["--reviewed-only"], 1),
    ):
        target = tmp_path / f"out.{fmt}"
        result = run_cli(registry, "export", "-f", fmt, *args, "-o", str(target))
        assert result.stderr.strip() == f"Wrote {expected} claim(s) as {fmt} to {target}", fmt


# -- CSV injection --------------------------------------------------------------------------

DANGEROUS = st.sampled_from(FORMULA_STARTS)


@given(DANGEROUS, st.text(max_size=30))
def test_csv_cells_never_start_a_formula(first: str, rest: str) -> None:
    from claimtrack.console import visible_controls

    value = first + rest
    cell = csv_cell(value)
    assert cell == "'" + visible_controls(value)
    # read back through the csv module, the cell is still neutral
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    [[read]] = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert read == cell and not read.startswith(FORMULA_STARTS)


@given(st.text(max_size=30).filter(lambda s: not s.startswith(FORMULA_STARTS)))
def test_csv_harmless_cells_are_unchanged(value: str) -> None:
    from claimtrack.console import visible_controls

    assert csv_cell(value) == visible_controls(value)


def test_csv_export_neutralises_every_text_cell(registry: Registry) -> None:
    sentence = '=HYPERLINK("http://evil.example","click") said 3 of 4 ministers in 2023.'
    seeded = add_article(
        registry,
        [sentence],
        [(sentence, "statistic", 0.9, None)],
        source="https://news.example/x",
        title="@SUM(A1:A9) headline",
    )
    [claim_id] = seeded.claim_ids
    add_verdict(
        registry,
        claim_id,
        "worldbank",
        "refuted",
        0.9,
        "-2+3 is not 4",
        [{"source": "WB", "url": "https://data.worldbank.org/x"}],
    )
    add_review(
        registry, claim_id, "refuted", reviewer="+cmd|' /C calc'!A0", note="\tnote with a tab first"
    )
    [row] = list(csv.DictReader(io.StringIO(ok(run_cli(registry, "export", "-f", "csv")))))
    assert row["claim"] == "'" + sentence
    assert row["article_title"] == "'@SUM(A1:A9) headline"
    assert row["reviewed_by"] == "'+cmd|' /C calc'!A0"
    assert row["explanation"] == "'\tnote with a tab first"
    assert not [value for value in row.values() if value.startswith(FORMULA_STARTS)]


# -- the report and every export agree ------------------------------------------------------

REVIEWERS = ("alice", "bob")
PUBLISHER = "PolitiFact"
RATINGS = {"False": "refuted", "True": "supported", "Half True": "mixed"}
_counter = itertools.count(1)

review_step = st.tuples(
    st.just("review"),
    st.sampled_from(REVIEWERS),
    st.sampled_from(("supported", "refuted", "mixed", "unverifiable", "not_checkworthy", "note")),
)
import_step = st.tuples(st.just("import"), st.just(PUBLISHER), st.sampled_from(tuple(RATINGS)))
verdicts_st = st.lists(
    st.tuples(
        st.sampled_from(("worldbank", "wikidata", "consistency")),
        st.sampled_from(("supported", "refuted", "mixed", "unverifiable", "error")),
        st.booleans(),
    ),
    max_size=3,
    unique_by=lambda v: v[0],
)
claim_plan = st.tuples(verdicts_st, st.lists(st.one_of(review_step, import_step), max_size=5))


def expected(history: list[tuple[str, str, str]]) -> tuple[str, str, bool] | None:
    """(label, decided_by, set_aside) from a history by the documented rule, None: no decision."""
    decisions = [(kind, RATINGS.get(label, label)) for kind, _, label in history if label != "note"]
    if not decisions:
        return None
    kind, label = decisions[-1]
    return label, ("fact_check" if kind == "import" else "review"), label == "not_checkworthy"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(claim_plan, min_size=1, max_size=3))
def test_report_and_exports_agree(registry: Registry, plans: list) -> None:  # type: ignore[type-arg]
    n = next(_counter)
    sentences = [
        f"Region {n}-{i} opened {n * 10 + i * 3 + 7} schools in {1900 + n}."
        for i in range(len(plans))
    ]
    seeded = add_article(
        registry,
        sentences,
        [(s, "statistic", 0.9, None) for s in sentences],
        source=f"https://news.example/{n}",
        title=f"Article {n}",
    )
    assert len(seeded.claim_ids) == len(plans)
    for claim_id, sentence, (verdicts, history) in zip(
        seeded.claim_ids, sentences, plans, strict=True
    ):
        for verifier, label, with_evidence in verdicts:
            evidence = (
                [{"source": verifier, "url": f"https://{verifier}.example/{claim_id}"}]
                if with_evidence
                else []
            )
            add_verdict(
                registry,
                claim_id,
                verifier,
                label,
                0.0 if label in ("unverifiable", "error") else 0.8,
                f"{verifier} says {label}",
                evidence,
            )
        for step, (kind, who, label) in enumerate(history):
            if kind == "review":
                add_review(
                    registry,
                    claim_id,
                    label,
                    reviewer=who,
                    note="a note" if label == "note" else None,
                )
            else:
                page = f"https://politifact.example/{claim_id}/{step}"  # a new page each time (same content is skipped)
                check = FactCheck(
                    claim=sentence,
                    publisher=who,
                    rating=label,
                    label=RATINGS[label],
                    url=page,
                    title=f"Check {claim_id}/{step}",
                )
                assert store_fact_checks(registry, [check], source=page).reviews == 1

    exporter = ClaimReviewExporter(*ORG)
    report = {r.claim.id: r for r in build_report(registry, article_id=seeded.article_id).rows}
    report_json = {
        c["id"]: c["verdict"]
        for c in render_json(build_report(registry, article_id=seeded.article_id))["claims"]
    }
    rows = collect_rows(registry, article_id=seeded.article_id)
    exported_json = {d["id"]: d for d in _export_json(rows)}
    csv_rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(_export(rows, "csv")))}
    claimreviews = {
        int(o["url"].rsplit("/", 1)[-1]): o for o in json.loads(_export(rows, exporter))
    }
    markdown = _export(rows, "markdown")
    listed = {r.id: r for r in ReviewData(registry, article_id=seeded.article_id).rows()}

    for claim_id, sentence, (verdicts, history) in zip(
        seeded.claim_ids, sentences, plans, strict=True
    ):
        outcome = report[claim_id].outcome
        want = expected(history)
        if want is not None:
            assert (outcome.label, outcome.decided_by, outcome.set_aside) == want, history
        else:
            assert (
                outcome.decided_by == ("verifiers" if verdicts else None) and not outcome.set_aside
            )
        label, by, aside = outcome.label, outcome.decided_by, outcome.set_aside
        assert (
            report_json[claim_id]["label"],
            report_json[claim_id]["decided_by"],
            report_json[claim_id]["set_aside"],
        ) == (label, by, aside)
        shown = None if label == "unchecked" else label
        assert (
            exported_json[claim_id]["verdict"],
            exported_json[claim_id]["verdict_source"],
            exported_json[claim_id]["set_aside"],
        ) == (shown, by, aside)
        assert (
            csv_rows[claim_id]["verdict"],
            csv_rows[claim_id]["verdict_source"],
            csv_rows[claim_id]["set_aside"],
        ) == (shown or "", by or "", "yes" if aside else "")
        assert listed[claim_id].label == shown
        assert (registry.claim(claim_id).status == "not_checkworthy") == aside
        if by == "review" and not aside:
            assert (
                claimreviews[claim_id]["reviewRating"]["alternateName"]
                == CLAIMREVIEW_RATINGS[label][1]
            )
        else:
            assert claim_id not in claimreviews
        md = section(markdown, sentence[:20])
        if aside:
            assert "**Not check-worthy**" in md and "Verdict" not in md
        elif shown is None:
            assert "**Verdict: not checked yet**" in md
        else:
            rating = CLAIMREVIEW_RATINGS[label][1]
            tail = {
                "review": "(reviewed by",
                "fact_check": "(published fact-check by",
                "verifiers": "(not yet reviewed)",
            }[by or ""]
            assert re.search(rf"\*\*(Automated v|V)erdict: {rating}\*\* {re.escape(tail)}", md), md


def _export(rows: list, exporter: object) -> str:  # type: ignore[type-arg]
    out = io.StringIO()
    (get_exporter(exporter) if isinstance(exporter, str) else exporter).export(rows, out)  # type: ignore[attr-defined]
    return out.getvalue()


def _export_json(rows: list) -> list:  # type: ignore[type-arg]
    return json.loads(_export(rows, "json"))
