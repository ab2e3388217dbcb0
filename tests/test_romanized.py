"""A Korean name or term romanized another way is indexed as the collection's sources write it."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed

from searchsvc import places, plurals, romanized, shorthand, spelling, tokens, verbs
from searchsvc.models import Query
from searchsvc.search import search


@pytest.mark.parametrize(
    "words",
    [
        "Phyongan Pyongan P'yŏngan Pyeongan",  # KCNA's "ph" for an aspirated p; McCune-Reischauer; Revised
        "Nampho Nampo Namp'o",
        "Sinpho Sinpo",
        "Joson Choson Chosŏn Chosun Joseon",
        "Paektu Baekdu Paekdu",
        "Rodong Nodong",
        "Sinmun Shinmun",  # "Rodong Shinmun"
        "Sinbo Shinbo",  # "Choson Shinbo"
        "Juche Chuche Chuch'e",
        "Kaesong Gaeseong",
        "Panmunjom Panmunjeom P'anmunjŏm",
        "Chollima Cheollima Ch'ŏllima",
        "Pukguksong Pukkuksong",
        "Jagang Chagang",
        "Yongbyon Yongbyeon Yeongbyeon",
        "Phunggye Punggye",
        "Choe Choi Ch'oe",
        # KCNA writes a mountain and a river with "san" and "gang" after its name, and without.
        "Paektu Paektusan Baekdu Baekdusan Paekdusan",
        "Kumgang Kumgangsan Geumgangsan",
        "Myohyang Myohyangsan",
        "Taedong Taedonggang Daedonggang",
        "Chongchon Chongchongang Ch'ŏngch'ŏn",
    ],
)
def test_each_romanization_of_a_name_is_one_term(words: str) -> None:
    assert len(set(tokens.stems(words))) == 1, tokens.stems(words)


@pytest.mark.parametrize(
    "word, other",
    [
        # "pho" is KCNA's word for a gun too: "Hwasongpho" is the missile, "Hwasong" also an area of Pyongyang.
        ("Hwasongpho", "Hwasong"),
        ("Choe", "Cho"),  # two surnames
        ("Pyongyang", "Pyongan"),
        ("Kangwon", "Kaesong"),
    ],
)
def test_other_names_stay_apart(word: str, other: str) -> None:
    assert tokens.stems(word) != tokens.stems(other)


def test_no_spelling_of_the_table_is_another_line_s_or_another_table_s() -> None:
    joined = tokens.joined_stems(romanized.TABLE)
    assert joined and not set(joined) & set(joined.values())
    others = [places.TABLE, shorthand.TABLE, verbs.TABLE, spelling.TABLE, plurals.TABLE]
    elsewhere = {stem for table in others for pair in tokens.joined_stems(table).items() for stem in pair}
    assert not (set(joined) | set(joined.values())) & elsewhere


def test_a_name_typed_as_another_source_romanizes_it_finds_it_and_is_marked_as_written(tmp_path: Path) -> None:
    """"South Pyongan" found none of the items about "South Phyongan Province", as KCNA writes it
    (120 of the 20k benchmark items), "Nampo" none about "Nampho" (44), "Joseon" none of Joson or Choson."""
    live = indexed(tmp_path, {
        "kcna.txt": "Farm\n\nFarmers of South Phyongan Province and Nampho sent rice to Paektusan.\n",
        "sinbo.txt": "Paper\n\nThe Joson Sinbo Company and the Choson Sinbo staff met.\n",
        "yonhap.txt": "Tour\n\nTourists visited Mt. Baekdu and the Nodong Sinmun printing house.\n",
        "other.txt": "Farm\n\nFarmers of Kangwon Province sent rice.\n",
    })

    def found(q: str) -> set[str]:
        return {hit.id for hit in search(live, Query(q=q)).hits}

    assert found("South Pyongan") == found("Nampo") == found("Phyongan") == {"kcna.txt"}
    assert found("Joseon Sinbo") == found("Chosun Sinbo") == {"sinbo.txt"}
    assert found("Rodong Sinmun") == {"yonhap.txt"}
    assert found("Paektu") == found("Baekdusan") == {"yonhap.txt", "kcna.txt"}
    (hit,) = search(live, Query(q="South Pyongan Nampo")).hits
    assert "<mark>South</mark> <mark>Phyongan</mark>" in hit.snippet and "<mark>Nampho</mark>" in hit.snippet
    (hit,) = search(live, Query(q="Joseon")).hits
    assert "<mark>Joson</mark>" in hit.snippet and "<mark>Choson</mark>" in hit.snippet


def test_each_given_name_is_its_syllables_apart_and_one_word_solid() -> None:
    """A name typed solid or romanized otherwise searches KCNA's syllables side by side
    (queryparse.other_spelling): each spelling's syllables are terms, and its solid spelling one."""
    for name in romanized.GIVEN_NAMES.split():
        assert len(tokens.stems(name.replace("-", " "))) == name.count("-") + 1, name
        assert len(tokens.stems(name.replace("-", ""))) == 1, name
