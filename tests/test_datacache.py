"""app.datacache: word lists parsed once per machine, and never an old parse of a changed list."""

from __future__ import annotations

import os

import pytest

from app import credit_forms, datacache
from app.rules import presence


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(datacache.CACHE_ENV, str(folder))
    return folder


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_second_process_loads_what_the_first_built(cache, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("Kyiv\nOdesa\n", encoding="utf-8")
    value = (frozenset({"Kyiv", "Odesa"}), ["a", "b"])
    build, calls = _counting(value)
    assert datacache.cached("words", build, [source]) == value
    again = datacache.cached("words", build, [source])
    assert again == value and isinstance(again[0], frozenset)
    assert len(calls) == 1
    assert len(list(cache.glob("words-*.marshal"))) == 1


def test_a_changed_source_is_parsed_again(cache, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("Kyiv\n", encoding="utf-8")
    build, calls = _counting(frozenset({"Kyiv"}))
    datacache.cached("words", build, [source])
    source.write_text("Kyiv\nOdesa\n", encoding="utf-8")
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    build2, calls2 = _counting(frozenset({"Kyiv", "Odesa"}))
    assert datacache.cached("words", build2, [source]) == frozenset({"Kyiv", "Odesa"})
    assert calls2 == [1]


def test_a_damaged_entry_is_made_again(cache, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("Kyiv\n", encoding="utf-8")
    build, calls = _counting(frozenset({"Kyiv"}))
    datacache.cached("words", build, [source])
    (entry,) = cache.glob("words-*.marshal")
    entry.write_bytes(entry.read_bytes()[:5])
    assert datacache.cached("words", build, [source]) == frozenset({"Kyiv"})
    assert len(calls) == 2


def test_no_cache_folder_only_costs_the_build(tmp_path, monkeypatch):
    source = tmp_path / "words.txt"
    source.write_text("Kyiv\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(datacache.CACHE_ENV, str(blocker / "cache"))  # cannot be made
    build, calls = _counting(frozenset({"Kyiv"}))
    assert datacache.cached("words", build, [source]) == frozenset({"Kyiv"})
    monkeypatch.setenv(datacache.CACHE_ENV, "")  # turned off
    assert datacache.cached("words", build, [source]) == frozenset({"Kyiv"})
    assert len(calls) == 2


def test_the_cached_lists_are_the_parsed_ones(cache):
    presence._gazetteer.cache_clear()
    credit_forms.names.cache_clear()
    try:
        for _ in range(2):  # built, then loaded
            assert presence._gazetteer() == presence._parse_gazetteer()
            assert credit_forms.names() == credit_forms._parse_names()
            presence._gazetteer.cache_clear()
            credit_forms.names.cache_clear()
        assert {p.name.split("-")[0] for p in cache.glob("*.marshal")} == {"gazetteer", "names"}
    finally:
        presence._gazetteer.cache_clear()
        credit_forms.names.cache_clear()


def test_the_bundled_toml_files_are_read_once_a_process_and_kept_parsed(cache, monkeypatch):
    """caption_words.toml and credit_forms.toml, which six and two readers of every rules process
    parsed each, come parsed from resource_toml: the tomllib parse, the same data; once in a
    process (every reader gets that dict), and from the cache in the next."""
    import tomllib

    from app.paths import resource

    for name in ("caption_words.toml", "credit_forms.toml"):
        with open(resource(name), "rb") as fh:
            parsed = tomllib.load(fh)
        datacache.resource_toml.cache_clear()
        first = datacache.resource_toml(name)
        assert first == parsed and datacache.resource_toml(name) is first
        assert len(list(cache.glob(f"toml-{name.removesuffix('.toml')}-*.marshal"))) == 1
        datacache.resource_toml.cache_clear()
        loads: list = []
        with monkeypatch.context() as m:
            m.setattr(tomllib, "load", loads.append)
            assert datacache.resource_toml(name) == parsed and not loads  # the next process: no parse
    datacache.resource_toml.cache_clear()


def test_the_rules_read_the_bundled_toml_files_through_the_cache(monkeypatch):
    """No reader of the rules parses caption_words.toml, credit_forms.toml or agencies.toml itself:
    a warm-up of every rule, its readers' caches cleared, asks tomllib for none of them."""
    import functools
    import tomllib

    from app import validation

    parsed = []
    real = tomllib.load
    monkeypatch.setattr(tomllib, "load", lambda fh, **kw: parsed.append(os.path.basename(fh.name)) or real(fh, **kw))
    for module in ("app.rules.presence", "app.rules.datefind", "app.rules.phrases", "app.spelling",
                   "app.rules.directives", "app.credit_forms", "app.agencies"):
        mod = __import__(module, fromlist=["_"])
        for value in vars(mod).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()
    datacache.resource_toml.cache_clear()
    datacache.resource_toml("caption_words.toml")
    datacache.resource_toml("credit_forms.toml")
    datacache.resource_toml("agencies.toml")
    parsed.clear()
    from app.rules import make_context

    validation._warm(make_context())
    assert not {"caption_words.toml", "credit_forms.toml", "agencies.toml"} & set(parsed)
