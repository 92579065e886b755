"""Round 38, Indonesian forms and description labels (REVIEW.md, "Round 38, Indonesian forms and description labels").

Indonesian, Malay and Filipino credit forms the engine did not read (dev batch g65 and g23), each a statement
about a kind of credit, as data where it can be:

- Antara signs its credit with its desk's codes after the photographer, the editor's initials and the year's two
  digits ("ANTARA FOTO/Muhammad Adimaja/foc/18.", "FOTO ANTARA/…/Koz/mes/12."): part of the credit, neither a
  person nor an organisation (credit_forms.toml [agency_desk_codes]; agencies.toml forms "desk-codes");
- "istimewa" (supplied) is a handout's word and "Dok" (dokumentasi) the archive's, alone or before the source
  ("Foto: Dok istimewa", "(Istimewa/Name)", "Foto: Dok. Bagian Prokompim Kota Malang");
- Malay "Gambar Ihsan" (picture courtesy of) is a courtesy lead-in; "pic" after an organisation is the picture's
  word, as "photo" ("— Bernama pic");
- a credit set off by a hyphen glued to the caption's last stop ("….-Indra-", "….-Foto: Name/REL-", "….- Foto
  Bernama");
- the MNC group's agency and paper (MPI, Sindo) are registered; Indonesian public bodies' words (Humas, Pemkab,
  Pemkot, Bagian, …) make a source an organisation.

The guards: Antara's credits without codes, "antara" the Indonesian word, a lone bracketed word after a stop (often
the writer's initials or name), "-Ends-"."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _rules(text: str) -> set[str]:
    ctx = make_context()
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}


def _read(text: str) -> list[tuple[list[str], list[str], bool, bool]]:
    return [(c.photographers, c.agencies, c.file, c.handout or c.courtesy) for c in parse_credits(text)]


@pytest.mark.parametrize("text, name", [
    ("Petugas berjalan di Jakarta, Selasa (13/3). ANTARA FOTO/Muhammad Adimaja/foc/18.", "Muhammad Adimaja"),  # g65-0001
    ("Nelayan di Banyuwangi, Jumat (3/2). ANTARA FOTO/Budi Candra Setya/kye/17.", "Budi Candra Setya"),  # g65-0002
    ("Buruh di Kediri, Minggu (12/4). FOTO ANTARA/Arief Priyono/nz/09.", "Arief Priyono"),        # g65-0004
    ("Warga di Serang, Kamis (23/5/2024). ANTARA FOTO/Asep Fathulrahman/NZ", "Asep Fathulrahman"),  # g65-0005
    ("Gubernur di Tangerang, Sabtu (20/2/2021). ANTARA FOTO/Fauzan/hp.", "Fauzan"),              # g65-0006
    ("Calon Wali Kota di Medan, Rabu (30/9/2020). ANTARA FOTO/Irsan Mulyadi/wsj.", "Irsan Mulyadi"),  # g65-0007
    ("Tradisi di Papua. ANTARA FOTO/Gusti Tanati/Spt.", "Gusti Tanati"),                         # g23-0001
])
def test_antara_desk_codes(text: str, name: str) -> None:
    (c,) = parse_credits(text)
    assert (c.photographers, c.agencies, c.distributor) == ([name], ["Antara"], None)
    assert text[c.start:c.end] == c.text and "ANTARA" in c.text
    assert text[c.end:].strip(" .") == ""  # the codes are the credit's, nothing left after it
    assert "malformed-credit" not in _rules(text)  # "/wsj" is an editor's initials, not The Wall Street Journal


@pytest.mark.parametrize("text, want", [
    ("Pekerja di Jakarta. (ANTARA FOTO/M Risyal Hidayat)", [(["M Risyal Hidayat"], ["Antara"], False, False)]),
    ("Hakim di Jayapura, Kamis malam. (ANTARA/Evarukdijati)", [(["Evarukdijati"], ["Antara"], False, False)]),
    ("Harap isi salah satu antara Foto/Video atau Link Video", []),  # "antara", the word: no agency
])
def test_antara_without_codes_unchanged(text: str, want: list) -> None:
    assert _read(text) == want


@pytest.mark.parametrize("text, want", [
    ("Presiden Jokowi dan Iriana berfoto dengan wartawan Kepresidenan. Foto: Dok istimewa",
     [([], [], True, True)]),                                                                  # g65-0015
    ("Warga di Jakarta, Senin (3/8). (Istimewa/Andi Lala)", [(["Andi Lala"], [], False, True)]),
    ("Wali Kota Malang. Foto: Dok. Bagian Prokompim Kota Malang",
     [([], ["Bagian Prokompim Kota Malang"], True, False)]),                                   # g17-0024
    ("Anwar ketika disambut di Alor Setar. – (Gambar Ihsan FB SUK).", [([], ["FB SUK"], False, True)]),  # g65-0019
    ("Mahathir in Putrajaya December 31, 2018. — Bernama pic", [([], ["Bernama"], False, False)]),  # g65-0021
    ("Presiden Jokowi berfoto bersama. (Foto MPI).", [([], ["MNC Portal Indonesia"], False, False)]),  # g65-0014
    ("Jalan di Jakarta Pusat. Jumat 2 April 2021.\n(Foto: Sindo/Yulianto) (hru)\n(yul)",
     [(["Yulianto"], ["Sindo"], False, False)]),                                              # g65-0013
])
def test_indonesian_and_malay_flags_and_sources(text: str, want: list) -> None:
    assert _read(text) == want


@pytest.mark.parametrize("text, want", [
    ("Ribuan warga di Palembang, Minggu, 20 Agustus 2023.-Indra-", [(["Indra"], [], False, False)]),  # g65-0027
    ("Prosesi di Empat Lawang, Kamis (9/3/2023).-Foto: M Farrel/REL-", [(["M Farrel"], ["REL"], False, False)]),
    ("Turut hadir Tan Sri Muhyiddin Yassin.- Foto Bernama", [([], ["Bernama"], False, False)]),  # g65-0018
    ("He said it was a must-see.-Ends-", []),                                                  # no one's name
    ("Warga menonton lomba di Palembang, Minggu. (Yanto)", []),                                # a writer's name
])
def test_hyphen_set_credit(text: str, want: list) -> None:
    assert _read(text) == want


def test_hyphen_set_credit_is_no_error() -> None:
    # the network's form on a clean caption: found, so no missing-credit; not run into the text
    rules = _rules("Ribuan warga menyaksikan lomba di Palembang, Minggu, 20 Agustus 2023.-Indra-")
    assert not rules & {"missing-credit", "malformed-credit"}


def test_spans_keep_the_text_as_written() -> None:
    text = "Area Lomba Panjat 78 Pohon Pinang dipadati penonton.-Indra-"
    (c,) = parse_credits(text)
    assert (c.text, text[c.start:c.end]) == ("Indra", "Indra")
    text = "Warga di Jakarta. ANTARA FOTO/Muhammad Adimaja/foc/18."
    (c,) = parse_credits(text)
    assert c.text == text[c.start:c.end] == "ANTARA FOTO/Muhammad Adimaja/foc/18"


def test_a_codes_shape_before_more_words_is_a_names_word() -> None:
    # "/Abc Def": a code's shape with words after it belongs to a name; read so, the blanked text holds no codes and
    # the parse reads it once (before the terminator was tightened, every "Abc" was blanked in turn: RecursionError)
    text = "ANTARA FOTO/" + "Abc Def/" * 1200 + "x y"
    assert parse_credits(text) == parse_credits(text.replace("Abc", "Xyz"))
    assert _read("Warga. ANTARA FOTO/Nyoman Abc Dewa") == [(["Nyoman Abc Dewa"], ["Antara"], False, False)]
