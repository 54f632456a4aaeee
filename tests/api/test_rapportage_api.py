"""The key figures through the API: the dashboard's filter, reach and selectors. The partnership's
management sees every figure of the partnership as it is; a board its schools and a director their
school, with cells of 1–4 pupils suppressed (no value, "<5", no list). A number opens onto the
pupils behind it, of whom only those the caller may see anyway. What the caller may not report on
is a 404 like what does not exist; an invalid filter a 400 with the form's Dutch message at the
field; every read and every refusal leaves an audit row."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.financien.models import Leerlingtelling
from passend.leerlingen.models import Leerling, Thuiszitperiode
from tests.financien.test_paginas import management

pytestmark = pytest.mark.django_db

KENGETALLEN = "/api/v1/kengetallen/"
LIJST = "/api/v1/kengetallen/lijst/"
NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}
ONGELDIGE_DATUM = "Voer een geldige datum in."

GEDRAG = "Gedrag (geschorst of verwijderd)"
ZIEKTE = "Lichamelijke ziekte"
PSYCHISCH = "Psychische problemen of schoolangst"
THUIS = "Thuiszitters"
ZONDER_AANBOD = "> 3 maanden zonder aanbod"
PER_1000 = "Per 1.000 leerlingen"


def _vandaag() -> date:
    return timezone.localdate()


def _thuis(cast, school, naam: str, dagen: int, reden: str) -> Leerling:
    leerling = Leerling.objects.create(
        samenwerkingsverband=school.samenwerkingsverband,
        school=school,
        voornaam=naam,
        achternaam="Thuis",
        groep=6,
        geboortedatum=date(2015, 1, 1),
        datum_inschrijving=date(2020, 8, 20),
    )
    _periode(leerling, dagen, reden)
    return leerling


def _periode(leerling: Leerling, dagen: int, reden: str) -> None:
    begin = _vandaag() - timedelta(days=dagen)
    Leerling.objects.filter(pk=leerling.pk).update(thuiszitter_sinds=begin)
    Thuiszitperiode.objects.create(leerling=leerling, begindatum=begin, reden=reden)


@pytest.fixture
def thuiszitters(cast):
    """At home today: six pupils of school A (four for behaviour, two ill; two of them more than
    three months without an offer), two of school B (anxiety), one of the other partnership's
    school. School A counted 400 pupils on the last 1 October."""
    R = Thuiszitperiode.Reden
    _periode(cast.leerling_a, 10, R.GEDRAG)
    for naam, dagen, reden in (
        ("Anna", 30, R.GEDRAG),
        ("Bram", 60, R.GEDRAG),
        ("Cas", 80, R.GEDRAG),
        ("Dewi", 150, R.ZIEKTE),
        ("Eva", 200, R.ZIEKTE),
    ):
        _thuis(cast, cast.school_a, naam, dagen, reden)
    _periode(cast.leerling_b, 20, R.PSYCHISCH)
    _thuis(cast, cast.school_b, "Finn", 40, R.PSYCHISCH)
    _thuis(cast, cast.school_other, "Gijs", 50, R.GEDRAG)
    vandaag = _vandaag()
    teldag = date(vandaag.year if vandaag.month >= 10 else vandaag.year - 1, 10, 1)
    Leerlingtelling.objects.create(school=cast.school_a, peildatum=teldag, aantal=400)
    return cast


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _figuur(data, code):
    return next(f for f in data["figuren"] if f["code"] == code)


def _cel(data, code, rij, kolom):
    figuur = _figuur(data, code)
    cellen = next(r["cellen"] for r in figuur["rijen"] if r["label"] == rij)
    return cellen[figuur["kolommen"].index(kolom)]


def _eerste(data, code, kolom):
    """A column of a figure's first row (the reference date)."""
    figuur = _figuur(data, code)
    return figuur["rijen"][0]["cellen"][figuur["kolommen"].index(kolom)]


def _redenen(data) -> dict:
    figuur = _figuur(data, "thuiszit_redenen")
    return {r["label"]: r["cellen"][0] for r in figuur["rijen"]}


def _weigeringen() -> int:
    return AuditEvent.objects.filter(result="denied").count()


def _geweigerd(client, url, status=404, body=NIET_GEVONDEN) -> None:
    voor = _weigeringen()
    response = client.get(url)
    assert (response.status_code, response.json()) == (status, body), url
    assert _weigeringen() > voor, f"{url}: refused without an audit row"


def _ok(client, url, **query):
    voor = AuditEvent.objects.filter(result="success").count()
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.filter(result="success").count() == voor + 1, "a read without an audit row"
    return response.json()


def _onderdrukt(cel) -> None:
    assert cel == {"waarde": None, "tekst": "<5", "eenheid": cel["eenheid"], "onderdrukt": True, "lijst": None}


# --- The figures ----------------------------------------------------------------------------------


def test_management_sees_every_figure_of_the_partnership_unsuppressed(thuiszitters, client):
    cast = thuiszitters
    mia = management(cast)
    data = _ok(_als(client, mia), KENGETALLEN)

    assert data["samenwerkingsverband"] == {"id": cast.swv.pk, "naam": "SWV Testregio"}
    assert data["onderwerp"] == "SWV Testregio"
    assert data["onderdrukt"] is False
    vandaag = _vandaag()
    jaar = vandaag.year if vandaag.month >= 8 else vandaag.year - 1
    assert data["filter"] == {
        "samenwerkingsverband": cast.swv.pk,
        "schooljaar": jaar,
        "van": f"{jaar}-08-01",
        "tot": f"{jaar + 1}-07-31",
        "peildatum": vandaag.isoformat(),
        "deelverband": None,
        "schoolbestuur": None,
        "school": None,
        "route": None,
    }
    codes = [f["code"] for f in data["figuren"]]
    assert {"deelname", "thuiszitters", "thuiszit_redenen", "evaluaties", "doelen", "ouders"} <= set(codes)
    for figuur in data["figuren"]:
        assert set(figuur) == {"code", "titel", "stand", "toelichting", "kolommen", "rijen"}
        for rij in figuur["rijen"]:
            assert len(rij["cellen"]) == len(figuur["kolommen"]), figuur["code"]
            assert not any(c["onderdrukt"] for c in rij["cellen"]), figuur["code"]

    # Eight at home in the partnership (not the one of the other partnership), small numbers as they are.
    thuis = _eerste(data, "thuiszitters", THUIS)
    assert (thuis["waarde"], thuis["tekst"], thuis["onderdrukt"]) == (8, "8", False)
    assert {label: c["waarde"] for label, c in _redenen(data).items()} == {GEDRAG: 4, ZIEKTE: 2, PSYCHISCH: 2}
    assert _redenen(data)[ZIEKTE]["lijst"] is not None
    assert _eerste(data, "thuiszitters", ZONDER_AANBOD)["waarde"] == 2
    # Decimals are strings (8 per 400 pupils counted: 20.0 per 1,000), counts integers.
    per_1000 = _eerste(data, "thuiszitters", PER_1000)
    assert (per_1000["waarde"], per_1000["tekst"]) == ("20.0", "20,0")
    mediaan = _eerste(data, "thuiszitters", "Duur (mediaan)")
    assert isinstance(mediaan["waarde"], str) and Decimal(mediaan["waarde"]) > 0
    assert mediaan["eenheid"] == "weken"

    assert AuditEvent.objects.filter(
        actor_user_id=mia.pk, action="view", object_type="rapportage.kengetallen", role=Rol.SWV_MANAGEMENT
    ).exists()


def test_the_director_sees_school_a_with_small_cells_suppressed(thuiszitters, client):
    cast = thuiszitters
    data = _ok(_als(client, cast.directeur_a), KENGETALLEN)

    assert data["onderwerp"] == "School A"
    assert data["filter"]["school"] == cast.school_a.pk
    assert data["onderdrukt"] is True
    thuis = _eerste(data, "thuiszitters", THUIS)
    assert (thuis["waarde"], thuis["onderdrukt"]) == (6, False)  # six: shown
    assert _eerste(data, "thuiszitters", PER_1000)["waarde"] == "15.0"
    redenen = _redenen(data)
    assert set(redenen) == {GEDRAG, ZIEKTE}  # school B's reasons are not in school A's figures
    _onderdrukt(redenen[GEDRAG])  # four
    _onderdrukt(redenen[ZIEKTE])  # two
    _onderdrukt(_eerste(data, "thuiszitters", ZONDER_AANBOD))
    # A suppressed cell keeps nothing of its number.
    assert [r["cellen"][0]["waarde"] for r in _figuur(data, "thuiszit_redenen")["rijen"]] == [None, None]
    assert AuditEvent.objects.filter(
        actor_user_id=cast.directeur_a.pk,
        action="view",
        object_type="rapportage.kengetallen",
        object_id=str(cast.school_a.pk),
        role=Rol.DIRECTEUR,
    ).exists()


def test_the_director_is_refused_other_schools_and_partnerships(thuiszitters, client):
    cast = thuiszitters
    _als(client, cast.directeur_a)
    _geweigerd(client, f"{KENGETALLEN}?school={cast.school_b.pk}")
    _geweigerd(client, f"{KENGETALLEN}?school={cast.school_other.pk}")
    _geweigerd(client, f"{KENGETALLEN}?samenwerkingsverband={cast.swv_other.pk}")
    _geweigerd(client, f"{LIJST}?bron=thuiszitter&school={cast.school_b.pk}")
    # The board or the deelverband of their school: narrowed to their own school
    # (rapportage.views.filter_voor), never more.
    for veld, waarde in (("schoolbestuur", cast.bestuur.pk), ("deelverband", cast.deelverband.pk)):
        data = _ok(client, KENGETALLEN, **{veld: waarde})
        assert (data["onderwerp"], data["filter"]["school"], data["filter"][veld]) == (
            "School A",
            cast.school_a.pk,
            waarde,
        )
        assert _eerste(data, "thuiszitters", THUIS)["waarde"] == 6


def test_the_board_sees_its_schools_suppressed(thuiszitters, client):
    cast = thuiszitters
    data = _ok(_als(client, cast.rvz), KENGETALLEN)

    assert (data["onderwerp"], data["filter"]["schoolbestuur"]) == ("Stichting Test", cast.bestuur.pk)
    assert data["onderdrukt"] is True
    assert _eerste(data, "thuiszitters", THUIS)["waarde"] == 8
    redenen = _redenen(data)
    assert set(redenen) == {GEDRAG, ZIEKTE, PSYCHISCH}
    for cel in redenen.values():
        _onderdrukt(cel)
    # One school of the board: the same rules.
    data = _ok(client, KENGETALLEN, school=cast.school_b.pk)
    assert data["onderwerp"] == "School B"
    _onderdrukt(_eerste(data, "thuiszitters", THUIS))
    _geweigerd(client, f"{KENGETALLEN}?school={cast.school_other.pk}")


def test_another_partnership_does_not_exist_for_its_beheerder(thuiszitters, client):
    cast = thuiszitters
    _als(client, cast.beheerder_other)
    _geweigerd(client, f"{KENGETALLEN}?samenwerkingsverband={cast.swv.pk}")
    _geweigerd(client, f"{KENGETALLEN}?school={cast.school_a.pk}")
    _geweigerd(client, f"{LIJST}?samenwerkingsverband={cast.swv.pk}&bron=thuiszitter")
    # Their own partnership: its one pupil at home, unsuppressed (they are its staff).
    data = _ok(client, KENGETALLEN)
    assert data["samenwerkingsverband"]["naam"] == "SWV Elders"
    assert _eerste(data, "thuiszitters", THUIS)["waarde"] == 1


@pytest.mark.parametrize(
    "persona", ["leerkracht_a", "ib_a", "ib_b", "trajectbegeleider", "ouder", "extern", "extern_uitgenodigd"]
)
def test_whoever_sees_no_key_figures_is_refused(thuiszitters, client, persona):
    cast = thuiszitters
    _als(client, cast.users[persona])
    # Nothing named: they may see no key figures at all (403); anything named does not exist for them (404).
    _geweigerd(client, KENGETALLEN, 403, GEEN_TOEGANG)
    _geweigerd(client, f"{LIJST}?bron=thuiszitter", 403, GEEN_TOEGANG)
    _geweigerd(client, f"{KENGETALLEN}?samenwerkingsverband={cast.swv.pk}")
    _geweigerd(client, f"{LIJST}?samenwerkingsverband={cast.swv.pk}&bron=thuiszitter")


def test_an_anonymous_call_is_refused(thuiszitters, client):
    for url in (KENGETALLEN, f"{LIJST}?bron=thuiszitter"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json() == {"detail": "U bent niet ingelogd."}


def test_an_invalid_filter_is_a_400_with_a_dutch_message_per_field(thuiszitters, client):
    cast = thuiszitters
    _als(client, management(cast))
    morgen = (_vandaag() + timedelta(days=1)).isoformat()
    voor = AuditEvent.objects.count()

    response = client.get(KENGETALLEN, {"van": "2024-13-01", "tot": "gisteren", "peildatum": morgen})
    assert response.status_code == 400
    assert response.json() == {
        "van": [ONGELDIGE_DATUM],
        "tot": [ONGELDIGE_DATUM],
        "peildatum": ["De peildatum ligt in de toekomst; kies vandaag of eerder."],
    }
    response = client.get(KENGETALLEN, {"van": "2024-09-01"})
    assert response.json() == {"tot": ["Vul voor een eigen periode zowel ‘van’ als ‘tot en met’ in."]}
    response = client.get(KENGETALLEN, {"van": "2024-09-01", "tot": "2024-08-01"})
    assert response.json() == {"tot": ["Het eind van de periode ligt vóór het begin."]}
    response = client.get(KENGETALLEN, {"schooljaar": "1999"})
    assert response.status_code == 400 and list(response.json()) == ["schooljaar"]
    response = client.get(LIJST, {"bron": "thuiszitter", "peildatum": "2024-02-30"})
    assert response.json() == {"peildatum": [ONGELDIGE_DATUM]}
    assert AuditEvent.objects.count() == voor  # nothing was read

    # The list's own parameters: a source it knows, the parameters that source knows.
    assert set(client.get(LIJST).json()) == {"bron"}
    assert set(client.get(LIJST, {"bron": "leerlingen"}).json()) == {"bron"}
    assert client.get(LIJST, {"bron": "thuiszitter", "soort": "so"}).json() == {
        "soort": ["Deze bron kent deze parameter niet; wel: reden, datum, zonder_aanbod."]
    }
    assert client.get(LIJST, {"bron": "thuiszitter", "datum": "morgen"}).json() == {
        "datum": ["Voer een geldige datum in (JJJJ-MM-DD)."]
    }
    assert client.get(LIJST, {"bron": "arrangement", "bij_school": "A"}).json() == {
        "bij_school": ["Voer een geheel getal in."]
    }


# --- The pupils behind a number -----------------------------------------------------------------


def test_a_cell_links_to_the_list_of_its_pupils_with_the_same_filter(thuiszitters, client):
    cast = thuiszitters
    _als(client, cast.directeur_a)
    data = _ok(client, KENGETALLEN)
    link = _eerste(data, "thuiszitters", THUIS)["lijst"]
    deel = urlsplit(link)
    assert deel.path == LIJST
    query = {k: v[0] for k, v in parse_qs(deel.query).items()}
    assert query["bron"] == "thuiszitter"
    assert query["school"] == str(cast.school_a.pk)
    for veld in ("samenwerkingsverband", "schooljaar", "van", "tot", "peildatum"):
        assert query[veld] == str(data["filter"][veld]), veld

    lijst = _ok(client, link)
    assert lijst["bron"] == {"code": "thuiszitter", "titel": "Thuiszitters"}
    assert lijst["filter"] == data["filter"]
    assert (lijst["totaal"], lijst["verborgen"], lijst["verborgen_tekst"]) == (6, 0, "0")
    assert lijst["onderdrukt"] is True
    assert lijst["selectie"] == [
        {"parameter": "datum", "label": "op", "waarde": date_format(date.fromisoformat(query["datum"]), "j F Y")}
    ]
    assert {r["school"]["naam"] for r in lijst["rijen"]} == {"School A"}
    assert sorted(r["leerling"]["naam"] for r in lijst["rijen"]) == sorted(
        ["Ryan Test", "Anna Thuis", "Bram Thuis", "Cas Thuis", "Dewi Thuis", "Eva Thuis"]
    )
    ryan = next(r for r in lijst["rijen"] if r["leerling"]["id"] == cast.leerling_a.pk)
    assert ryan["omschrijving"].startswith("Thuiszitter sinds ")
    assert AuditEvent.objects.filter(
        actor_user_id=cast.directeur_a.pk, action="search", object_type="leerlingen.leerling"
    ).exists()


def test_the_list_shows_only_visible_pupils_and_hides_small_counts(thuiszitters, client):
    cast = thuiszitters
    # The board sees none of the pupils (they are not in its care): eight counted, all hidden.
    _als(client, cast.rvz)
    lijst = _ok(client, LIJST, bron="thuiszitter")
    assert (lijst["totaal"], lijst["verborgen"], lijst["rijen"]) == (8, 8, [])
    # School B's two: too few to count for the board, the hidden ones too.
    lijst = _ok(client, LIJST, bron="thuiszitter", school=cast.school_b.pk)
    assert (lijst["totaal"], lijst["totaal_tekst"], lijst["verborgen"], lijst["verborgen_tekst"]) == (
        None,
        "<5",
        None,
        "<5",
    )
    assert lijst["rijen"] == []

    # The director opens a number they saw as "<5" by hand: only their own pupils, the count hidden.
    _als(client, cast.directeur_a)
    lijst = _ok(client, LIJST, bron="thuiszitter", reden="ziekte")
    assert (lijst["totaal"], lijst["totaal_tekst"], lijst["verborgen_tekst"]) == (None, "<5", "<5")
    assert sorted(r["leerling"]["naam"] for r in lijst["rijen"]) == ["Dewi Thuis", "Eva Thuis"]

    # Management: the counts as they are, and no pupil it does not see in a dossier.
    _als(client, management(cast))
    lijst = _ok(client, LIJST, bron="thuiszitter", school=cast.school_b.pk)
    assert (lijst["totaal"], lijst["verborgen"], lijst["verborgen_tekst"], lijst["onderdrukt"]) == (2, 2, "2", False)
    assert lijst["rijen"] == []
    namen = {r["leerling"]["naam"] for r in _ok(client, LIJST, bron="thuiszitter")["rijen"]}
    assert not namen & {"Ryan Test", "Bo Anders", "Finn Thuis"}
