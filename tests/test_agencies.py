"""The agency registry: data loads, aliases resolve, misspellings are suggested, no alias is ambiguous."""

from __future__ import annotations

import tomllib

import pytest

from app.agencies import Agency, Registry, fold
from app.paths import resource

REQUIRED = ["Associated Press", "Reuters", "AFP", "Getty Images", "EPA", "Anadolu Agency", "Xinhua", "PA Media",
            "Shutterstock", "Sipa", "ZUMA Press", "Alamy", "NurPhoto", "SOPA Images", "Bloomberg", "dpa", "Kyodo",
            "Yonhap", "AAP", "Korean Central News Agency", "Pool", "Handout", "Courtesy"]


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def test_load_is_cached(reg):
    assert Registry.load() is reg


def test_every_required_agency_is_registered(reg):
    names = {a.name for a in reg.agencies}
    assert not set(REQUIRED) - names


@pytest.mark.parametrize("alias, canonical", [
    # section 4 of the research notes, case-insensitive
    ("AP", "Associated Press"), ("a.p.", "Associated Press"), ("The Associated Press", "Associated Press"),
    ("AP PHOTO", "Associated Press"), ("ap images", "Associated Press"), ("Invision", "Invision"),
    ("REUTERS", "Reuters"), ("thomson reuters", "Reuters"), ("Reuters TV", "Reuters"),
    ("Agence France-Presse", "AFP"), ("agence france presse", "AFP"), ("AFP PHOTO", "AFP"),
    ("Getty", "Getty Images"), ("Getty Images Europe", "Getty Images"),
    ("epa", "EPA"), ("EPA-EFE", "EPA-EFE"), ("European Pressphoto Agency", "EPA"),
    ("AA", "Anadolu Agency"), ("Anadolu", "Anadolu Agency"), ("Anadolu Ajansı", "Anadolu Agency"),
    ("Xinhua News Agency", "Xinhua"), ("PA Wire", "PA Media"), ("PRESS ASSOCIATION", "PA Media"),
    ("EMPICS", "PA Media"), ("Rex Features", "Rex Features"), ("EFE", "EFE"), ("LightRocket", "LightRocket"), ("Korea News Service", "Korea News Service"),
    ("Sipa USA", "Sipa"), ("ZUMAPRESS.com", "ZUMA Press"), ("ZUMA Wire", "ZUMA Press"),
    ("Alamy Live News", "Alamy"), ("KCNA", "Korean Central News Agency"), ("Deutsche Presse-Agentur", "dpa"),
    ("Kyodo News", "Kyodo"), ("Yonhap News Agency", "Yonhap"), ("AAP Image", "AAP"),
    ("WireImage", "WireImage"), ("Pool Photo", "Pool"), ("HANDOUT", "Handout"),
])
def test_canonical(reg, alias, canonical):
    assert reg.canonical(alias) == canonical


@pytest.mark.parametrize("name", ["Jane Roe", "", "   ", "Associated", "Press", "via Getty"])
def test_unknown_names_are_not_agencies(reg, name):
    assert reg.canonical(name) is None


def test_misspellings_are_not_aliases_but_are_known(reg):
    assert reg.canonical("REUETRS") is None
    assert reg.misspelt("REUETRS") == "Reuters"
    assert reg.misspelt("retuers") == "Reuters"


@pytest.mark.parametrize("typo, canonical", [
    ("REUETRS", "Reuters"), ("Reutres", "Reuters"), ("Associted Press", "Associated Press"),
    ("Gettty Images", "Getty Images"), ("Anadolu Agancy", "Anadolu Agency"), ("Bloomburg", "Bloomberg"),
    ("Shuterstock", "Shutterstock"), ("NurPhot", "NurPhoto"),
])
def test_closest_suggests_the_agency(reg, typo, canonical):
    best = reg.closest(typo)
    assert best is not None and best[0] == canonical
    assert 0 < best[1] <= 100


def test_closest_exact_scores_100_and_nonsense_scores_nothing(reg):
    assert reg.closest("afp") == ("AFP", 100.0)
    assert reg.closest("Xylophone Quartet") is None
    assert reg.closest("") is None


def test_get_returns_the_dataclass(reg):
    ap = reg.get("Associated Press")
    assert isinstance(ap, Agency)
    assert ap.prefix and ap.prefix_form == "AP Photo" and ap.photographer_required
    assert reg.get("Korean Central News Agency").photographer_required is False
    assert reg.get("Handout").is_role
    assert reg.get("Getty Images").distributor
    assert reg.get("WireImage").parent == "Getty Images"
    with pytest.raises(KeyError, match="unknown agency"):
        reg.get("Daily Planet")


def test_no_alias_names_two_agencies():
    """An alias shared by two agencies would make canonical() depend on file order."""
    data = tomllib.loads(resource("agencies.toml").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for a in data["agency"]:
        for alias in [a["name"], *a.get("aliases", []), *a.get("misspellings", [])]:
            key = fold(alias)
            assert owner.setdefault(key, a["name"]) == a["name"], f"{alias!r} belongs to {owner[key]} and {a['name']}"


def test_every_entry_has_the_documented_keys():
    data = tomllib.loads(resource("agencies.toml").read_text(encoding="utf-8"))
    allowed = {"name", "code", "kind", "aliases", "misspellings", "prefix", "prefix_form", "native_case", "caption_form",
               "photographer_required", "distributor", "parent", "distributors", "forms", "members", "partners"}
    names = {a["name"] for a in data["agency"]}
    kinds = {"wire", "agency", "distributor", "collection", "state", "publication", "government", "organisation", "stock", "role"}
    codes = set()
    for a in data["agency"]:
        assert set(a) <= allowed, f"{a['name']}: unknown keys {set(a) - allowed}"
        assert a["kind"] in kinds
        assert a["code"] not in codes
        codes.add(a["code"])
        if a.get("prefix"):
            assert a.get("prefix_form"), f"{a['name']} is a prefix agency without prefix_form"
        assert set(a.get("members", ())) <= names, f"{a['name']}: a joint credit of unregistered agencies"


def test_registry_from_another_file(tmp_path):
    p = tmp_path / "agencies.toml"
    p.write_text('[[agency]]\nname = "Daily Planet"\ncode = "DP"\naliases = ["The Planet"]\n', encoding="utf-8")
    reg = Registry.from_toml(p)
    assert reg.canonical("the planet") == "Daily Planet"
    assert reg.canonical("AP") is None


def test_fold_reads_an_initialism_without_its_dots_and_leaves_other_dots():
    assert fold("U.S Navy") == fold("U.S. Navy") == fold("US Navy")
    assert fold("N.Y. Times") == fold("NY Times") and fold("U.S.-led") == "us-led"
    # an abbreviation and a lone initial keep theirs: "St." is not an initialism, "A." alone is an initial
    assert fold("St. Louis Post-Dispatch") == "st. louis post-dispatch"
    assert fold("Jane A. Roe") == "jane a. roe" and fold("www.afp.com") == "www.afp.com"
    reg = Registry.load()
    assert reg.canonical("U.S Navy") == "U.S. Navy" and reg.canonical("U.S Army") == "U.S. Army"
