"""Round 39, French handouts and agencies (REVIEW.md, "Round 39, French handouts and agencies").

Forms of g73 (dev) read wrongly before, all data:

- "© MAXPPP": the French regional-press agency in the registry, so the credit names an organisation and no one
  (before: "MAXPPP" read as a person's name, the missing-photographer warning lost), europe1.fr f3;
- "Hans Lucas": the Paris collective in the registry (no unknown-agency note), humanite.fr's service, f0 (github.com);
- Québec's "gracieuseté" (courtesy): a handout role word, alone ("Photo: Gracieuseté", granbyexpress.com f0) or
  before the giver after a slash ("(Photo : Gracieuseté/Sûreté du Québec)", les2rives.com f4), and "sûreté" a police
  body's word, so the giver is an organisation, not a person.

The guards: a person after "Photo" on the same site keeps no handout flag, and a person's name after the role word
stays a person ("Istimewa/Name"'s reading)."""

from __future__ import annotations

from app.rules import make_context
from tests.creditcase import one, rules_of


def test_maxppp_alone_is_an_agency_not_a_person():
    text = "Quel photographe va réaliser le portrait officiel de François Hollande ? © MAXPPP"  # g73-0002
    c = one(text)
    assert (c.photographers, c.agencies) == ([], ["MAXPPP"])
    assert "missing-photographer" in rules_of(text)


def test_hans_lucas_is_registered():
    text = ("« Ce qui se passe aujourd’hui, c’est de l’enfumage », estime Magali Reghezza-Zitt. "
            "© Gauthier Bedrignans / Hans Lucas via AFP")  # g73-0001
    c = one(text)
    assert (c.photographers, c.agencies) == (["Gauthier Bedrignans"], ["Hans Lucas", "AFP"])
    assert "unknown-agency" not in rules_of(text)
    assert make_context().registry.canonical("HANS LUCAS") == "Hans Lucas"


def test_gracieusete_alone_is_a_handout_naming_nobody():
    text = ("«Grâce à nos recettes à succès, c’est ce service qui nous maintient en vie», explique Cathy Bernard, "
            "de l’Érablière Bernard. Photo: Gracieuseté")  # g73-0011
    c = one(text)
    assert (c.photographers, c.agencies, c.handout) == ([], [], True)
    assert "missing-photographer" not in rules_of(text)


def test_gracieusete_before_the_provincial_police_is_its_handout():
    c = one("Rolande Thibault, de Saint-Joseph-de-Sorel, a été vu pour la dernière fois le 5 août 2013. "
             "(Photo : Gracieuseté/Sûreté du Québec)")  # g73-0009
    assert (c.photographers, c.agencies, c.handout) == ([], ["Sûreté du Québec"], True)


def test_guards():
    c = one("De gauche à droite : Louis Plamondon et Caroline Lippé. Photo Alexandre Brouillard | Les 2 Rives ©")
    assert (c.photographers, c.handout) == (["Alexandre Brouillard"], False)  # g73-0010's form, no handout
    c = one("Le maire a reçu les bénévoles. (Photo : Gracieuseté/Marie Tremblay)")  # invented: a person gave it
    assert (c.photographers, c.handout) == (["Marie Tremblay"], True)
