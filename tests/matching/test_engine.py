"""The matching rules (seed 003, IVO), on plain data: what fits, in which order, and why."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from passend.matching import engine
from passend.matching.engine import Aanvulling, Setting, adviseer

NIVEAU = st.integers(min_value=0, max_value=4)
NIVEAUS = st.tuples(NIVEAU, NIVEAU, NIVEAU, NIVEAU, NIVEAU)
BEHOEFTE = st.tuples(*[st.one_of(NIVEAU, st.none())] * 5)


def setting(sleutel, soort="bo", niveaus=(2, 2, 2, 2, 2), lat=52.0, lon=6.0, vrij=None, naam=None):
    return Setting(sleutel, soort, naam or sleutel, niveaus, lat, lon, vrij)


@st.composite
def netwerken(draw):
    aantal = draw(st.integers(min_value=1, max_value=25))
    uit = []
    for i in range(aantal):
        uit.append(
            Setting(
                sleutel=f"school:{i}",
                soort=draw(st.sampled_from(["bo", "bo", "sbo", "so", "voorziening"])),
                naam=f"School {i:02d}",
                niveaus=draw(NIVEAUS),
                lat=draw(st.floats(min_value=51.0, max_value=53.0)),
                lon=draw(st.floats(min_value=4.0, max_value=7.0)),
                vrije_plaatsen=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5))),
            )
        )
    return uit


def _matches(advies) -> set[str]:
    return {k.setting.sleutel for k in advies.kandidaten if k.past and k.aanvulling is None}


@settings(max_examples=300, deadline=None)
@given(nodig=BEHOEFTE, netwerk=netwerken())
def test_a_setting_never_matches_when_it_falls_short_on_any_field(nodig, netwerk):
    advies = adviseer(nodig, settings=netwerk, eigen_school="school:0", herkomst=(52.0, 5.5))
    for k in advies.kandidaten:
        if k.past and k.aanvulling is None:
            assert all(b >= (n or 0) for b, n in zip(k.setting.niveaus, nodig, strict=True))
            assert k.setting.vrije_plaatsen is None or k.setting.vrije_plaatsen > 0 or k.trede == engine.EIGEN_SCHOOL
    # And every setting that offers enough (with room) is among the matches: none is lost.
    for s in netwerk:
        genoeg = all(b >= (n or 0) for b, n in zip(s.niveaus, nodig, strict=True))
        ruimte = s.sleutel == "school:0" or s.vrije_plaatsen is None or s.vrije_plaatsen > 0
        assert (s.sleutel in _matches(advies)) == (genoeg and ruimte)


@settings(max_examples=300, deadline=None)
@given(nodig=BEHOEFTE, netwerk=netwerken(), data=st.data())
def test_raising_a_schools_profile_never_removes_it_from_the_matches(nodig, netwerk, data):
    voor = _matches(adviseer(nodig, settings=netwerk, eigen_school="school:0"))
    i = data.draw(st.integers(min_value=0, max_value=len(netwerk) - 1))
    veld = data.draw(st.integers(min_value=0, max_value=4))
    oud = netwerk[i]
    niveaus = list(oud.niveaus)
    niveaus[veld] = min(4, niveaus[veld] + data.draw(st.integers(min_value=1, max_value=4)))
    netwerk[i] = Setting(oud.sleutel, oud.soort, oud.naam, tuple(niveaus), oud.lat, oud.lon, oud.vrije_plaatsen)
    na = _matches(adviseer(nodig, settings=netwerk, eigen_school="school:0"))
    assert voor - {oud.sleutel} <= na  # the others are untouched
    if oud.sleutel in voor:
        assert oud.sleutel in na


@settings(max_examples=150, deadline=None)
@given(nodig=BEHOEFTE, netwerk=netwerken(), seed=st.integers(min_value=0, max_value=10_000))
def test_results_are_stable_for_equal_inputs_whatever_their_order(nodig, netwerk, seed):
    kwargs = {"eigen_school": "school:0", "herkomst": (52.1, 5.9), "max_afstand_km": 10}
    eerste = adviseer(nodig, settings=netwerk, **kwargs)
    tweede = adviseer(nodig, settings=list(netwerk), **kwargs)
    geschud = list(netwerk)
    random.Random(seed).shuffle(geschud)
    derde = adviseer(nodig, settings=geschud, **kwargs)
    for ander in (tweede, derde):
        assert ander.uitkomst == eerste.uitkomst
        assert [(k.setting.sleutel, k.trede, k.past, k.uitleg) for k in ander.kandidaten] == [
            (k.setting.sleutel, k.trede, k.past, k.uitleg) for k in eerste.kandidaten
        ]


def test_simplest_setting_first_then_nearest():
    thuis = (52.0, 6.0)
    netwerk = [
        setting("school:1", "so", (4, 4, 4, 4, 4), lat=52.0, lon=6.01, vrij=3),
        setting("school:2", "bo", (1, 1, 1, 1, 1), lat=52.0, lon=6.0),  # own school, too narrow
        setting("school:3", "bo", (3, 3, 3, 3, 3), lat=52.0, lon=6.3),  # far regular school
        setting("school:4", "bo", (3, 3, 3, 3, 3), lat=52.0, lon=6.05),  # near regular school
        setting("voorziening:5", "voorziening", (4, 4, 4, 4, 4), lat=52.0, lon=6.02, vrij=1),
        setting("school:6", "sbo", (3, 3, 3, 3, 3), lat=52.0, lon=6.02, vrij=0),  # full
    ]
    advies = adviseer((2, 2, 2, 2, 2), settings=netwerk, eigen_school="school:2", herkomst=thuis, max_afstand_km=10)
    assert [(k.setting.sleutel, k.past) for k in advies.kandidaten] == [
        ("school:2", False),
        ("school:4", True),
        ("school:3", True),
        ("voorziening:5", True),
        ("school:6", False),
        ("school:1", True),
    ]
    assert advies.uitkomst == engine.MATCH and advies.beste.setting.sleutel == "school:4"
    far = next(k for k in advies.kandidaten if k.setting.sleutel == "school:3")
    assert far.ver_weg and any("thuisnabij" in zin for zin in far.uitleg)
    vol = next(k for k in advies.kandidaten if k.setting.sleutel == "school:6")
    assert vol.vol and "geen plaats vrij" in vol.uitleg[0]
    eigen = advies.eigen_school
    assert [v.tekort for v in eigen.velden] == [1, 1, 1, 1, 1]
    assert eigen.uitleg[0].startswith("Past niet: tekort op aandacht en tijd (1)")


def test_an_additional_arrangement_at_the_own_school_comes_before_another_school():
    netwerk = [setting("school:1", niveaus=(1, 1, 2, 1, 1)), setting("school:2", niveaus=(3, 3, 2, 3, 2), lon=6.01)]
    aanvullingen = [
        Aanvulling(1, "Alleen expertise", (0, 0, 0, 2, 0)),
        Aanvulling(2, "Taalgroep", (2, 2, 0, 2, 0), plek="School 2", lat=52.0, lon=6.01),
        Aanvulling(3, "Alles extra", (3, 3, 3, 3, 3)),
    ]
    advies = adviseer(
        (3, 3, 2, 3, 1), settings=netwerk, aanvullingen=aanvullingen, eigen_school="school:1", herkomst=(52.0, 6.0)
    )
    assert advies.uitkomst == engine.AANVULLEND
    # The smallest addition that suffices first; one that falls short is not proposed.
    assert [k.aanvulling.naam for k in advies.per_trede[engine.EIGEN_SCHOOL_PLUS]] == ["Taalgroep", "Alles extra"]
    assert advies.beste.aanvulling.naam == "Taalgroep"
    assert "gegeven op School 2" in advies.beste.uitleg[0]
    assert [k.setting.sleutel for k in advies.per_trede[engine.ANDERE_SCHOOL]] == ["school:2"]


def test_an_unclear_need_gives_the_outcome_unclear_and_is_left_out_of_the_comparison():
    netwerk = [setting("school:1", niveaus=(2, 2, 2, 2, 2))]
    advies = adviseer((1, None, 1, 1, 1), settings=netwerk, eigen_school="school:1")
    assert advies.uitkomst == engine.ONDUIDELIJK
    assert advies.onduidelijk == ["materiaal"]
    assert advies.eigen_school.past
    assert "onduidelijk" in advies.eigen_school.velden[1].tekst


def test_no_setting_fits_is_a_gap_in_the_network():
    advies = adviseer((4, 4, 4, 4, 4), settings=[setting("school:1")], eigen_school="school:1")
    assert advies.uitkomst == engine.GEEN and advies.beste is None


def test_within_basisondersteuning_is_said():
    netwerk = [setting("school:1", niveaus=(1, 1, 1, 1, 1))]
    advies = adviseer((1, 0, 1, 0, 0), settings=netwerk, eigen_school="school:1", basisondersteuning=(1, 1, 1, 1, 1))
    assert advies.binnen_basisondersteuning and advies.uitkomst == engine.MATCH
    advies = adviseer((2, 0, 1, 0, 0), settings=netwerk, eigen_school="school:1", basisondersteuning=(1, 1, 1, 1, 1))
    assert not advies.binnen_basisondersteuning


def test_a_special_setting_is_the_outcome_special():
    netwerk = [setting("school:1", niveaus=(1, 1, 1, 1, 1)), setting("school:2", "sbo", (3, 3, 3, 3, 3), vrij=2)]
    advies = adviseer((3, 3, 3, 3, 3), settings=netwerk, eigen_school="school:1")
    assert advies.uitkomst == engine.SPECIAAL and advies.beste.setting.sleutel == "school:2"
