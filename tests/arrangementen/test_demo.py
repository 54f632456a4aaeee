"""The demo holds support in each state, so a newcomer can click through them (issue 5)."""

import re

import pytest

from passend.accounts.models import User
from passend.arrangementen.models import Arrangement, Bezwaar, Tlv
from passend.core import demo
from passend.core.demo_rapportage import NUMMERREEKS


@pytest.fixture
def regio(db):
    demo.load()


def _leerling(arrangement):
    return arrangement.leerling.voornaam if arrangement.leerling_id else arrangement.school.naam


def _tekst(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_arrangement_in_each_state(regio):
    # The imported history of earlier years (numbers of the H series) has states of its own.
    walkthrough = Arrangement.objects.exclude(besluit__nummer__contains=f"-{NUMMERREEKS}")
    staat = {_leerling(a): a.status for a in walkthrough.select_related("leerling", "school")}
    assert staat == {
        "Noor": "toegekend",
        "De Catamaran": "lopend",
        "Sanne": "lopend",  # past its end, the end evaluation overdue
        "Finn": "geevalueerd",
        "Milan": "verlengd",
        "Daan": "beeindigd",
    }
    sanne = Arrangement.objects.get(leerling__voornaam="Sanne")
    assert sanne.evaluaties.get(datum__isnull=True).gepland_op < sanne.einddatum.today()


def test_finns_temporary_placement_has_the_return_ahead(regio):
    finn = Arrangement.objects.get(leerling__voornaam="Finn")
    assert (finn.soort, finn.financiering, finn.plaats_school.naam) == (
        "tijdelijke_plaatsing",
        "school",
        "De Kaleidoscoop",
    )
    open_taken = list(
        finn.plaatsingstaken.filter(gedaan_op__isnull=True).order_by("uiterlijk").values_list("soort", flat=True)
    )
    assert open_taken == ["afspraken_terugkeer", "observatie_na", "observatie_na", "nazorgadvies"]
    tlv = Tlv.objects.get(leerling=finn.leerling)
    assert (tlv.soort, tlv.categorie, tlv.terugkeer_gepland_op) == ("so", "laag", finn.einddatum)


def test_sems_tlv_has_an_objection_awaiting_the_lbt(regio):
    tlv = Tlv.objects.get(leerling__voornaam="Sem")
    bezwaar = Bezwaar.objects.get(besluit=tlv.besluit)
    assert tlv.soort == "sbo" and bezwaar.doorgestuurd_op is None and not bezwaar.uitkomst


def test_the_people_of_the_walkthrough_find_them(regio, client):
    def als(naam, url):
        client.force_login(User.objects.get(email=f"{naam}@voorbeeldregio.example"))
        return _tekst(client.get(url))

    finn = Arrangement.objects.get(leerling__voornaam="Finn")
    assert "Finn" in als("geert", f"/arrangementen/{finn.pk}/")
    toewijzen = als("tamara", "/arrangementen/toewijzen/")
    assert "Noor" in toewijzen and "Finn" not in toewijzen  # a place is given by the SO, not the pool
    lopend = als("simone", "/arrangementen/")
    assert all(naam in lopend for naam in ("Noor", "Sanne", "Finn", "Milan")) and "Daan" not in lopend
    assert "Daan" in als("simone", "/arrangementen/?status=beeindigd")
    taken = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", als("karin", "/")))
    assert "te laat Eindevaluatie: arrangement specialistische expertise Sanne Vermeulen" in taken
    assert "Sem" in als("simone", "/tlvs/")
