"""Applications and decisions through the API: the same services, selectors and engine as the
pages. Pupil A's traject runs on the short route of tests/trajecten/aanvragen_helpers.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.trajecten import services
from passend.trajecten.models import Aanvraag, Traject
from tests.datums import MORGEN, los_op
from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h
from tests.trajecten.test_aanvragen import _weasyprint_of_skip, pdf_tekst

pytestmark = pytest.mark.django_db

TRAJECTEN = "/api/v1/trajecten/"
AANVRAGEN = "/api/v1/aanvragen/"
BESLUITEN = "/api/v1/besluiten/"
NIET_GEVONDEN = {"detail": "Niet gevonden."}
GEEN_TOEGANG = {"detail": "U heeft geen toegang tot deze gegevens."}


def _post(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def _aanvragen_url(traject) -> str:
    return f"{TRAJECTEN}{traject.pk}/aanvragen/"


def _velden(aanvraag) -> dict:
    return Aanvraag.objects.filter(pk=aanvraag.pk).values().get()


# --- Drawing up ----------------------------------------------------------------------------------


def test_the_ib_draws_up_a_concept_and_sees_what_is_still_missing(cast, client):
    traject = ah.start(cast)
    response = _post(
        _als(client, cast.ib_a),
        _aanvragen_url(traject),
        {"soort": "tlv_sbo", "onderbouwing": "Twee jaar arrangement op school; te weinig vooruitgang."},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    aanvraag = Aanvraag.objects.get(pk=body["id"])
    assert (aanvraag.traject, aanvraag.soort, aanvraag.aangemaakt_door) == (traject, "tlv_sbo", cast.ib_a)
    assert (body["status"], body["soort"], body["soort_naam"]) == (
        "concept",
        "tlv_sbo",
        "Toelaatbaarheidsverklaring SBO",
    )
    # Without an own question, the traject's.
    assert body["ondersteuningsvraag"] == traject.vraag
    assert body["eisen"] == [
        {"omschrijving": "de ondersteuningsvraag", "voldaan": True, "reden": None},
        {"omschrijving": "de onderbouwing: wat is al gedaan en waarom dit nodig is", "voldaan": True, "reden": None},
        {"omschrijving": "een vastgesteld OPP", "voldaan": False, "reden": "Er is geen vastgesteld OPP dat nu geldt."},
        {
            "omschrijving": "de ouders zijn geïnformeerd en gehoord",
            "voldaan": False,
            "reden": "De ouders zijn nog niet gehoord: leg vast wanneer zij zijn geïnformeerd en gehoord, "
            "of laat hen zelf hun zienswijze geven.",
        },
        {
            "omschrijving": "ondertekend door de directeur",
            "voldaan": False,
            "reden": "De directeur heeft de aanvraag nog niet ondertekend.",
        },
    ]
    assert (body["besluit"], body["beoordeling"], body["ingediend_op"], body["ingediend_door"]) == (
        None,
        [],
        None,
        None,
    )
    assert (body["mag_wijzigen"], body["mag_ondertekenen"], body["mag_zienswijze_geven"]) == (True, False, False)
    assert AuditEvent.objects.filter(action="create", object_type="trajecten.aanvraag", actor_user_id=cast.ib_a.pk)
    # The traject's list shows it to the school and the parents.
    for persona in (cast.ib_a, cast.leerkracht_a, cast.directeur_a, cast.ouder):
        rijen = _als(client, persona).get(_aanvragen_url(traject)).json()
        assert [(r["id"], r["status"]) for r in rijen] == [(aanvraag.pk, "concept")], persona
    ouder = client.get(f"{AANVRAGEN}{aanvraag.pk}/").json()
    assert (ouder["mag_wijzigen"], ouder["mag_zienswijze_geven"]) == (False, True)
    directeur = _als(client, cast.directeur_a).get(f"{AANVRAGEN}{aanvraag.pk}/").json()
    assert (directeur["mag_wijzigen"], directeur["mag_ondertekenen"]) == (True, True)


def test_who_may_draw_up_an_application_through_the_api(cast, client):
    traject = ah.start(cast)
    data = {"soort": "extra_ondersteuning", "gevraagd": "Twee ochtenden per week."}
    # The teacher and the parent see the traject but do not write the application; another
    # school's IB'er does not see the traject at all.
    for persona, status in ((cast.leerkracht_a, 403), (cast.ouder, 403), (cast.ib_b, 404)):
        response = _post(_als(client, persona), _aanvragen_url(traject), data)
        assert response.status_code == status, persona
        assert response.json() == (GEEN_TOEGANG if status == 403 else NIET_GEVONDEN)
    assert not Aanvraag.objects.exists()
    assert _post(_als(client, cast.directeur_a), _aanvragen_url(traject), data).status_code == 201
    # One at a time.
    tweede = _post(client, _aanvragen_url(traject), data)
    assert tweede.status_code == 400
    assert tweede.json() == {"soort": ["Bij dit traject is al een aanvraag in voorbereiding of ingediend."]}


TE_LANG = "x" * 4001
ONGELDIG = [
    ({"soort": "bestaat_niet"}, {"soort": ['"bestaat_niet" is een ongeldige keuze.']}),
    ({"soort": "observatieplek"}, None),
    ({"expertisethema": 999999}, {"expertisethema": ["Kies een expertisethema uit de lijst."]}),
    ({"status": "ingediend"}, {"status": ["Dit veld hoort niet bij een aanvraag."]}),
    (
        {"ondersteuningsvraag": TE_LANG},
        {"ondersteuningsvraag": ["Zorg ervoor dat dit veld niet meer dan 4000 karakters bevat."]},
    ),
    ({"gevraagd": "Een\x00ochtend"}, {"gevraagd": ["Null-tekens zijn niet toegestaan."]}),
    (
        {"onderbouwing": "<b>Dringend</b>"},
        {"onderbouwing": ["Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan."]},
    ),
    (
        {"ouders_gehoord_op": MORGEN},
        {"ouders_gehoord_op": ["Deze datum ligt in de toekomst; leg het vast als het gesprek is gevoerd."]},
    ),
    ({"tlv_categorie": "xxl"}, {"tlv_categorie": ['"xxl" is een ongeldige keuze.']}),
]


@pytest.mark.parametrize("wijziging, fouten", ONGELDIG)
def test_bad_input_is_400_with_dutch_field_messages_and_saves_nothing(cast, client, wijziging, fouten):
    wijziging = los_op(wijziging)
    traject = ah.start(cast)
    data = {"soort": "extra_ondersteuning", "gevraagd": "Twee ochtenden.", **wijziging}
    response = _post(_als(client, cast.ib_a), _aanvragen_url(traject), data)
    assert response.status_code == 400, response.content
    if fouten is None:  # the step's own refusal
        assert list(response.json()) == ["soort"] and response.json()["soort"][0].startswith("Kies een van deze")
    else:
        assert response.json() == fouten
    assert not Aanvraag.objects.exists()

    # The same input in a change leaves the concept as it was.
    aanvraag = ah.concept(cast, traject=traject)
    voor = _velden(aanvraag)
    wijziging = {k: v for k, v in wijziging.items() if k != "soort"}
    if wijziging:
        response = _patch(client, f"{AANVRAGEN}{aanvraag.pk}/", wijziging)
        assert response.status_code == 400
        assert response.json() == fouten
    assert _velden(aanvraag) == voor


def test_a_tlv_for_a_question_about_the_school_is_refused_at_the_field(cast, client):
    traject = ah.start_schoolvraag(cast)
    response = _post(_als(client, cast.ib_a), _aanvragen_url(traject), {"soort": "tlv_so", "tlv_categorie": "laag"})
    assert response.status_code == 400
    assert response.json() == {"soort": ["Deze aanvraag gaat over één leerling; dit traject gaat over de school."]}


# --- Changing, the parents' view, signing ---------------------------------------------------------


def test_a_change_voids_the_signature_and_says_so(cast, client):
    opp_vastgesteld(client, cast)
    aanvraag = ah.concept(cast, "tlv_sbo")
    url = f"{AANVRAGEN}{aanvraag.pk}/"
    _als(client, cast.ib_a)
    zelfde = _patch(client, url, {"gevraagd": aanvraag.gevraagd})
    assert zelfde.status_code == 200, zelfde.content
    assert zelfde.json()["ondertekening_vervallen"] is False
    assert zelfde.json()["directeur_akkoord_naam"] == cast.directeur_a.naam
    anders = _patch(client, url, {"gevraagd": "Een plaats op het SBO, met ingang van het nieuwe schooljaar."})
    assert anders.status_code == 200
    body = anders.json()
    assert (body["ondertekening_vervallen"], body["directeur_akkoord_op"], body["directeur_akkoord_naam"]) == (
        True,
        None,
        "",
    )
    assert body["gevraagd"] == "Een plaats op het SBO, met ingang van het nieuwe schooljaar."
    assert {e["omschrijving"]: e["voldaan"] for e in body["eisen"]}["ondertekend door de directeur"] is False
    leeg = _patch(client, url, {})
    assert (leeg.status_code, leeg.json()) == (400, {"non_field_errors": ["Geef aan wat u wilt wijzigen."]})


def test_a_parent_may_not_change_the_application_but_gives_their_own_view(cast, client):
    aanvraag = ah.concept(cast, zienswijze_ouders="")
    url = f"{AANVRAGEN}{aanvraag.pk}/"
    voor = _velden(aanvraag)
    _als(client, cast.ouder)
    patched = _patch(client, url, {"zienswijze_ouders": "Wij zijn het eens."})
    assert (patched.status_code, patched.json()) == (403, GEEN_TOEGANG)
    assert _velden(aanvraag) == voor
    assert AuditEvent.objects.filter(
        result="denied", actor_user_id=cast.ouder.pk, reason="geen recht: trajecten.aanvraag_schrijven"
    ).exists()

    assert _post(client, f"{url}zienswijze/", {}).json() == {"tekst": ["Dit veld is vereist."]}
    eigen = "Wij willen eerst een half jaar extra begeleiding op de eigen school."
    gegeven = _post(client, f"{url}zienswijze/", {"tekst": eigen})
    assert gegeven.status_code == 200, gegeven.content
    body = gegeven.json()
    assert (body["zienswijze_ouders"], body["zienswijze_door_ouder"], body["ouders_gehoord_op"]) == (
        eigen,
        True,
        timezone.localdate().isoformat(),
    )
    # The school cannot overwrite it, nor give a view in the parents' name.
    _als(client, cast.ib_a)
    overschreven = _patch(client, url, {"zienswijze_ouders": "De ouders zijn het eens."})
    assert overschreven.status_code == 400
    assert overschreven.json() == {
        "zienswijze_ouders": ["De ouders schreven hun zienswijze zelf; de school past die niet aan."]
    }
    assert _post(client, f"{url}zienswijze/", {"tekst": "Namens de ouders."}).status_code == 403
    assert Aanvraag.objects.get(pk=aanvraag.pk).zienswijze_ouders == eigen


def test_the_director_signs_the_text_they_read(cast, client):
    aanvraag = ah.concept(cast)
    url = f"{AANVRAGEN}{aanvraag.pk}/"
    gelezen = _als(client, cast.directeur_a).get(url).json()["gewijzigd_op"]
    assert _post(_als(client, cast.ib_a), f"{url}ondertekenen/", {"gewijzigd_op": gelezen}).status_code == 403
    # The IB'er changes the text after the director read it: the director signs nothing unseen.
    _patch(client, url, {"gevraagd": "Drie ochtenden per week."})
    _als(client, cast.directeur_a)
    verouderd = _post(client, f"{url}ondertekenen/", {"gewijzigd_op": gelezen})
    assert verouderd.status_code == 400
    assert verouderd.json() == {
        "gewijzigd_op": ["De aanvraag is gewijzigd nadat u haar las. Lees haar opnieuw en onderteken dan."]
    }
    assert Aanvraag.objects.get(pk=aanvraag.pk).directeur_akkoord_op is None
    assert _post(client, f"{url}ondertekenen/", {}).json() == {"gewijzigd_op": ["Dit veld is vereist."]}
    opnieuw = client.get(url).json()
    getekend = _post(client, f"{url}ondertekenen/", {"gewijzigd_op": opnieuw["gewijzigd_op"]})
    assert getekend.status_code == 200, getekend.content
    assert (getekend.json()["directeur_akkoord_naam"], getekend.json()["gevraagd"]) == (
        cast.directeur_a.naam,
        "Drie ochtenden per week.",
    )
    assert getekend.json()["directeur_akkoord_op"] is not None


def test_a_submitted_application_no_longer_changes(cast, client):
    aanvraag = ah.ingediend(cast)
    url = f"{AANVRAGEN}{aanvraag.pk}/"
    voor = _velden(aanvraag)
    response = _patch(_als(client, cast.ib_a), url, {"gevraagd": "Toch iets anders."})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Deze aanvraag is ingediend en verandert niet meer."]}
    assert _post(_als(client, cast.ouder), f"{url}zienswijze/", {"tekst": "Te laat."}).status_code == 400
    assert _velden(aanvraag) == voor
    body = client.get(url).json()
    assert (body["status"], body["ingediend_door"], body["mag_zienswijze_geven"]) == (
        "ingediend",
        cast.ib_a.naam,
        False,
    )
    assert [(g["van_stap"], g["uitkomst"]) for g in body["beoordeling"]] == [("opstellen", "indienen")]


# --- Who reads what ---------------------------------------------------------------------------------


def test_a_hidden_concept_answers_like_a_missing_one(cast, client):
    traject = ah.start(cast)
    services.betrokkene_add(
        actor=cast.ib_a, traject=traject, naam="Simone", partij="swv", gebruiker=cast.trajectbegeleider
    )
    aanvraag = ah.concept(cast, traject=traject)
    url = f"{AANVRAGEN}{aanvraag.pk}/"
    # The trajectbegeleider sees the traject as betrokkene, but not the school's concept.
    _als(client, cast.trajectbegeleider)
    assert client.get(f"{TRAJECTEN}{traject.pk}/").status_code == 200
    assert client.get(_aanvragen_url(traject)).json() == []
    weigeringen = AuditEvent.objects.filter(result="denied", object_type="trajecten.aanvraag")
    for persona in (cast.trajectbegeleider, cast.ib_b, cast.commissielid):
        _als(client, persona)
        for antwoord in (
            client.get(url),
            client.get(f"{AANVRAGEN}999999/"),
            client.get(f"{AANVRAGEN}abc/"),
            _patch(client, url, {"gevraagd": "Anders."}),
            _post(client, f"{url}ondertekenen/", {}),
        ):
            assert (antwoord.status_code, antwoord.json()) == (404, NIET_GEVONDEN), persona
    assert weigeringen.count() >= 3 * 3
    assert client.get(_aanvragen_url(traject)).status_code == 404  # commissielid: not even the traject

    h.stap(traject, cast.ib_a, "indienen")
    for persona in (cast.trajectbegeleider, cast.commissielid):
        rijen = _als(client, persona).get(_aanvragen_url(traject)).json()
        assert [r["id"] for r in rijen] == [aanvraag.pk]
        assert client.get(url).json()["status"] == "ingediend"
    assert _als(client, cast.ib_b).get(url).status_code == 404


# --- Decisions ----------------------------------------------------------------------------------


def test_decisions_list_and_detail(cast, client):
    aanvraag, besluit = ah.besloten(cast)
    verwacht = {
        "id": besluit.pk,
        "nummer": besluit.nummer,
        "uitkomst": "toegekend",
        "inhoud": "Extra ondersteuning toekennen",
        "motivatie": "Past bij de onderwijsbehoeften; zo besloten.",
        "datum": timezone.localdate().isoformat(),
        "bezwaar_tot": (timezone.localdate() + timedelta(weeks=6)).isoformat(),
        "genomen_door": cast.trajectbegeleider.naam,
        "rol": "trajectbegeleider",
        "overleg": None,
        "aanvraag": aanvraag.pk,
        "soort": "extra_ondersteuning",
        "traject": aanvraag.traject_id,
        "leerling": {"id": cast.leerling_a.pk, "naam": "Ryan Test"},
        "school": {"id": cast.school_a.pk, "naam": "School A"},
    }
    for persona in (cast.ouder, cast.ib_a, cast.trajectbegeleider, cast.rvz):
        _als(client, persona)
        assert client.get(BESLUITEN).json()["results"] == [verwacht], persona
        assert client.get(f"{BESLUITEN}{besluit.pk}/").json() == verwacht, persona
    for persona in (cast.ib_b, cast.extern_uitgenodigd, cast.beheerder_other):
        _als(client, persona)
        assert client.get(BESLUITEN).json()["results"] == [], persona
        assert client.get(f"{BESLUITEN}{besluit.pk}/").status_code == 404, persona
    # The application shows its decision and the chain that led to it.
    detail = _als(client, cast.ouder).get(f"{AANVRAGEN}{aanvraag.pk}/").json()
    assert detail["status"] == "besloten"
    assert {k: detail["besluit"][k] for k in ("id", "nummer", "uitkomst")} == {
        "id": besluit.pk,
        "nummer": besluit.nummer,
        "uitkomst": "toegekend",
    }
    assert [(g["van_stap"], g["uitkomst"], g["rol"]) for g in detail["beoordeling"]] == [
        ("opstellen", "indienen", "ib"),
        ("beoordelen", "toekennen", "trajectbegeleider"),
    ]


def test_the_decision_letter_is_a_pdf_and_its_download_is_audited(cast, client, tmp_path):
    _weasyprint_of_skip()
    _aanvraag, besluit = ah.besloten(cast)
    url = f"{BESLUITEN}{besluit.pk}/brief/"
    exports = AuditEvent.objects.filter(action="export", object_type="trajecten.besluit", object_id=str(besluit.pk))
    response = _als(client, cast.ouder).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="besluit-{besluit.nummer}.pdf"'
    assert response.content.startswith(b"%PDF")
    tekst = " ".join(pdf_tekst(response.content, tmp_path).split())
    assert besluit.nummer in tekst and "Toegekend" in tekst and "bezwaar" in tekst
    assert exports.filter(actor_user_id=cast.ouder.pk).count() == 1
    # Whatever the client accepts, the letter is a PDF; errors stay JSON.
    for accept in ("application/pdf", "application/json"):
        pdf = client.get(url, HTTP_ACCEPT=accept)
        assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf"), accept
    verborgen = _als(client, cast.ib_b).get(url, HTTP_ACCEPT="application/pdf")
    assert (verborgen.status_code, verborgen["Content-Type"], verborgen.json()) == (
        404,
        "application/json",
        NIET_GEVONDEN,
    )
    assert not exports.filter(actor_user_id=cast.ib_b.pk).exists()
    client.logout()
    assert client.get(url).status_code == 401


# --- Cost ---------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def _terug_en_opnieuw(cast, traject):
    """Submit the open concept and have it sent back: one more (lapsed) application on the traject."""
    h.stap(traject, cast.ib_a, "indienen")
    h.stap(traject, cast.trajectbegeleider, "terug", "Aanvullen.")


@pytest.mark.parametrize("persona", ["ib_a", "leerkracht_a", "ouder", "trajectbegeleider"])
def test_application_list_and_detail_cost_does_not_grow_with_the_applications(cast, client, persona):
    aanvraag = ah.ingediend(cast)
    traject = aanvraag.traject
    h.stap(traject, cast.trajectbegeleider, "terug", "Aanvullen.")
    _als(client, cast.users[persona])
    lijst, detail = _aanvragen_url(traject), f"{AANVRAGEN}{aanvraag.pk}/"
    _queries(client, lijst)  # warm up what is cached per process
    een = (_queries(client, lijst), _queries(client, detail))
    for _ in range(3):
        _terug_en_opnieuw(cast, traject)
    assert Traject.objects.get(pk=traject.pk).aanvragen.count() == 5
    assert (_queries(client, lijst), _queries(client, detail)) == een


def test_decision_list_cost_does_not_grow_with_the_decisions(cast, client):
    ah.besloten(cast)
    _als(client, cast.trajectbegeleider)
    _queries(client, BESLUITEN)
    een = _queries(client, BESLUITEN)
    for leerling in (cast.leerling_a, cast.leerling_b, cast.leerling_a):
        aanvraag = ah.ingediend(cast, traject=ah.start(cast, leerling=leerling))
        h.stap(aanvraag.traject, cast.trajectbegeleider, "toekennen", "Toegekend.")
    assert len(client.get(BESLUITEN).json()["results"]) == 4
    assert _queries(client, BESLUITEN) == een
