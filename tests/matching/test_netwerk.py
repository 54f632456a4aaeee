"""The covering network on the five fields, the basisondersteuning notice, and query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.matching import services
from passend.organisaties.models import Postcodegebied, School, Voorziening
from tests.matching.helpers import behoefte, niveaus, profiel

URL = "/netwerk/dekkend/"


def _scholen(cast, aantal: int, begin: int = 0):
    for i in range(begin, begin + aantal):
        school = School.objects.create(
            samenwerkingsverband=cast.swv,
            schoolbestuur=cast.bestuur,
            naam=f"Extra {i:03d}",
            soort="bo",
            instellingscode=f"{30 + i // 100:02d}X{i % 100:02d}0"[:6],
            postcode="1234 AB",
            plaats="Testdorp",
            latitude=Decimal("52.1") + Decimal(i) / 1000,
            longitude=Decimal("5.1"),
        )
        profiel(cast, school, i % 5, 1, 1, 1, 1)


def _geplaatst(cast):
    Postcodegebied.objects.create(pc4="1234", latitude=Decimal("52.1"), longitude=Decimal("5.1"))
    for school, niv in ((cast.school_a, (1, 1, 1, 1, 1)), (cast.school_b, (4, 4, 4, 4, 4))):
        School.objects.filter(pk=school.pk).update(latitude=Decimal("52.1"), longitude=Decimal("5.11"))
        profiel(cast, School.objects.get(pk=school.pk), *niv)
    Voorziening.objects.filter(pk=cast.voorziening.pk).update(
        latitude=Decimal("52.1"), longitude=Decimal("5.12"), bezette_plaatsen=4, bezetting_peildatum=date(2026, 11, 1)
    )


def test_offer_per_field_capacity_and_uncovered_needs(cast, client):
    _geplaatst(cast)
    School.objects.filter(pk=cast.school_b.pk).update(bezette_plaatsen=80, bezetting_peildatum=date(2026, 11, 1))
    behoefte(cast, 3, 1, 1, 1, 1)  # only school B offers 3 on attention, and it is full: uncovered
    client.force_login(cast.trajectbegeleider)
    pagina = client.get(URL)
    assert pagina.status_code == 200
    n = pagina.context["n"]
    aanbod = {c.niveau: c.aantallen for c in n.aanbod["aandacht_tijd"]}
    assert aanbod[1] == {"bo": 1, "sbo": 0, "so": 1, "voorziening": 0} and aanbod[4]["so"] == 1
    assert {p.naam: vrij for p, vrij in n.plaatsen} == {"School B": 0, "Observatieplek Test": 0}
    assert (n.dekking.leerlingen, n.dekking.gedekt, n.dekking.niet_gedekt) == (1, 0, 1)
    assert n.dekking.knelpunten == {"aandacht_tijd": {3: 1}}
    html = pagina.content.decode()
    assert "svg" in html and "netwerkkaart" in html and "Ryan" not in html  # pupils are counted, not named


def test_a_covered_need_and_an_unclear_one(cast, client):
    _geplaatst(cast)
    behoefte(cast, 1, 1, 1, 1, 1)
    client.force_login(cast.beheerder)
    n = client.get(URL).context["n"]
    assert (n.dekking.gedekt, n.dekking.niet_gedekt) == (1, 0)
    behoefte(cast, None, 1, 1, 1, 1)
    n = client.get(URL).context["n"]
    assert (n.dekking.gedekt, n.dekking.onduidelijk) == (0, 1)


def test_gaps_are_for_the_partnerships_staff_only_and_the_other_partnership_sees_none_of_this(cast, client):
    _geplaatst(cast)
    behoefte(cast, 3, 1, 1, 1, 1)
    client.force_login(cast.ib_a)
    n = client.get(URL).context["n"]
    assert n.dekking is None and {s.naam for s in n.settings} >= {"School A", "School B"}
    client.force_login(cast.beheerder_other)
    n = client.get(URL).context["n"]
    assert {s.naam for s in n.settings} == {"School Elders"}
    assert n.dekking.leerlingen == 0
    client.force_login(cast.beheerder_other)
    assert client.get(f"{URL}?samenwerkingsverband={cast.swv.pk}").context["n"].samenwerkingsverband == cast.swv_other
    for persona in ("ouder", "extern_uitgenodigd"):
        client.force_login(getattr(cast, persona))
        assert client.get(URL).status_code == 403


def test_the_application_page_says_when_the_need_is_simply_basic_support(cast, client):
    from tests.test_authorization_matrix import _concept_aanvraag

    services.basisondersteuning_vaststellen(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, niveaus=niveaus(2, 2, 2, 2, 2)
    )
    kwargs = _concept_aanvraag(cast)
    url = f"/trajecten/{kwargs['pk']}/aanvragen/{kwargs['aanvraag_pk']}/"
    client.force_login(cast.ib_a)
    assert "Is dit basisondersteuning?" not in client.get(url).content.decode()  # no needs recorded yet
    behoefte(cast, 1, 2, 0, 1, 0)
    assert "valt binnen de basisondersteuning van het samenwerkingsverband" in client.get(url).content.decode()
    behoefte(cast, 3, 2, 0, 1, 0)
    profiel(cast, cast.school_a, 3, 2, 2, 2, 2)
    assert "valt binnen het ondersteuningsprofiel van School A" in client.get(url).content.decode()


@pytest.mark.parametrize("url_van", ["netwerk", "matching", "behoefte", "profiel"])
def test_pages_use_the_same_number_of_queries_for_a_small_and_a_larger_network(cast, client, url_van):
    from tests.test_authorization_matrix import _traject

    _geplaatst(cast)
    behoefte(cast, 2, 1, 1, 1, 1)
    traject = _traject(cast)
    services.aanvullend_arrangement_opslaan(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, data={"naam": "Extra handen", "aandacht_tijd": 2}
    )
    url = {
        "netwerk": URL,
        "matching": f"/trajecten/{traject.pk}/matching/",
        "behoefte": f"/leerlingen/{cast.leerling_a.pk}/onderwijsbehoeften/",
        "profiel": f"/netwerk/profielen/school/{cast.school_a.pk}/",
    }[url_van]
    client.force_login(cast.ib_a if url_van != "netwerk" else cast.beheerder)

    def tel():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _scholen(cast, 3)
    for i in range(3):
        behoefte(cast, 1 + i % 3, 1, 1, 1, 1)
    weinig = tel()
    _scholen(cast, 30, begin=3)
    for i in range(10):
        behoefte(cast, 1 + i % 3, 1, 1, 1, 1)
    assert tel() == weinig
