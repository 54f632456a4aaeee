"""The TLV pages through the HTTP layer, with the persona cast: the advices on the application,
issuing the TLV, the TLV itself, the partnership's list with its export, objections, the
links on the application page and the decision letter with the TLV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.arrangementen import tlv
from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.core.models import AuditEvent
from tests.arrangementen import tlv_helpers as th
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h
from tests.trajecten.test_aanvragen import _weasyprint_of_skip, pdf_tekst

pytestmark = pytest.mark.django_db


def _url(naam, aanvraag):
    return reverse(f"arrangementen:{naam}", args=[aanvraag.traject_id, aanvraag.pk])


def _aanvraag_url(aanvraag):
    return reverse("trajecten:aanvraag", args=[aanvraag.traject_id, aanvraag.pk])


def _als(client, user):
    client.force_login(user)
    return client


# --- Deskundigenadvies ------------------------------------------------------------------------


def test_the_trajectbegeleider_records_the_advices_and_the_page_says_when_they_are_complete(cast, client):
    aanvraag = th.ingediend(cast)
    ortho = th.deskundige(cast, "Olga Orthopedagoog", "orthopedagoog")
    arts = th.deskundige(cast, "Jan Jeugdarts", "jeugdarts")
    url = _url("deskundigenadvies", aanvraag)
    page = _als(client, cast.trajectbegeleider).get(url).content.decode()
    assert "Nog niet compleet:" in page and "Advies vastleggen" in page and "Olga Orthopedagoog (orthopedagoog)" in page
    vandaag = th.vandaag().isoformat()
    response = client.post(url, {"deskundige": ortho.pk, "datum": vandaag, "advies": "Een kleine setting."})
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, {"deskundige": arts.pk, "datum": vandaag, "advies": "Rustmomenten."})
    page = client.get(url).content.decode()
    assert "Het advies van Jan Jeugdarts is vastgelegd." in page
    assert "Compleet:" in page and "Jeugdarts" in page and "Rustmomenten." in page
    assert Deskundigenadvies.objects.filter(aanvraag=aanvraag).count() == 2


def test_a_refused_advice_shows_the_dutch_message_at_the_field_and_nothing_is_saved(cast, client):
    aanvraag = th.ingediend(cast)
    logopedist = th.deskundige(cast, "Lotte Logopedist", "logopedist")
    url = _url("deskundigenadvies", aanvraag)
    morgen = (th.vandaag() + timedelta(days=2)).isoformat()
    response = _als(client, cast.trajectbegeleider).post(
        url, {"deskundige": logopedist.pk, "datum": morgen, "advies": "x"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_deskundige_error"' in page and "Een logopedist geeft geen deskundigenadvies voor een TLV" in page
    assert 'id="id_datum_error"' in page and "niet in de toekomst" in page
    # The text is required (the label says so); without it, the same message as the service's.
    page = client.post(url, {"deskundige": logopedist.pk, "datum": th.vandaag().isoformat(), "advies": " "}).content
    assert (
        'id="id_advies_error"' in page.decode()
        and "Schrijf het advies op: een advies is schriftelijk." in page.decode()
    )
    assert not Deskundigenadvies.objects.exists()


def test_who_reads_and_who_records_advices(cast, client):
    aanvraag = th.ingediend(cast)
    th.adviezen(cast, aanvraag)
    url = _url("deskundigenadvies", aanvraag)
    for persona in ("ib_a", "ouder", "leerkracht_a", "commissielid"):
        page = _als(client, cast.users[persona]).get(url).content.decode()
        assert "Olga Orthopedagoog" in page and "Compleet:" in page, persona
        assert ("Advies vastleggen" in page) is (persona == "commissielid"), persona
    # The school reads but does not record; another school does not see the application at all.
    ortho = th.deskundige(cast, "Pim Psycholoog", "psycholoog")
    data = {"deskundige": ortho.pk, "datum": th.vandaag().isoformat(), "advies": "x"}
    assert _als(client, cast.ib_a).post(url, data).status_code == 403
    assert _als(client, cast.ib_b).get(url).status_code == 404
    # An application for something other than a TLV has no advices page.
    gewoon = ah.ingediend(cast, traject=th.start(cast, th.leerling(cast, "Mila")))
    assert _als(client, cast.ib_a).get(_url("deskundigenadvies", gewoon)).status_code == 404


# --- Issuing the TLV --------------------------------------------------------------------------


def test_issuing_offers_only_schools_of_the_right_kind_with_the_category_prefilled(cast, client):
    aanvraag, besluit = th.besloten(cast)  # SO, midden
    url = _url("tlv_afgeven", aanvraag)
    page = _als(client, cast.trajectbegeleider).get(url).content.decode()
    assert "School B" in page and "School A" not in page.split("Ontvangende school", 1)[1]
    assert '<option value="midden" selected>' in page
    # A regular school is not on offer: refused at the field, nothing issued.
    data = {"ontvangende_school": cast.school_a.pk, "startdatum": th.vandaag().isoformat(), "categorie": "midden"}
    response = client.post(url, data)
    assert response.status_code == 400 and 'id="id_ontvangende_school_error"' in response.content.decode()
    # Without an end date and not for the whole career: the service's message at the field.
    response = client.post(url, {**data, "ontvangende_school": cast.school_b.pk})
    assert response.status_code == 400
    assert "Kies tot wanneer de TLV geldt, of kies ‘voor de hele schoolloopbaan’." in response.content.decode()
    assert not Tlv.objects.exists()
    response = client.post(url, {**data, "ontvangende_school": cast.school_b.pk, "hele_schoolloopbaan": "on"})
    gegeven = Tlv.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("arrangementen:tlv", args=[gegeven.pk])
    assert (gegeven.hele_schoolloopbaan, gegeven.categorie, gegeven.afgegeven_door) == (
        True,
        "midden",
        cast.trajectbegeleider,
    )
    # Issued: the page leads to the TLV.
    assert client.get(url)["Location"] == reverse("arrangementen:tlv", args=[gegeven.pk])


def test_an_sbo_tlv_has_no_category_field_and_the_school_does_not_issue(cast, client):
    aanvraag, _besluit = th.besloten(cast, "tlv_sbo")
    sbo = th.sbo_school(cast)
    page = _als(client, cast.trajectbegeleider).get(_url("tlv_afgeven", aanvraag)).content.decode()
    assert "SBO De Brug" in page and "Bekostigingscategorie" not in page
    for persona in ("ib_a", "directeur_a", "ouder"):
        assert _als(client, cast.users[persona]).get(_url("tlv_afgeven", aanvraag)).status_code == 403, persona
    assert _als(client, cast.ib_b).get(_url("tlv_afgeven", aanvraag)).status_code == 404
    einde = th.vandaag() + timedelta(days=300)
    response = _als(client, cast.commissielid).post(
        _url("tlv_afgeven", aanvraag),
        {
            "ontvangende_school": sbo.pk,
            "startdatum": th.vandaag().isoformat(),
            "einddatum": einde.isoformat(),
            "terugkeer_gepland_op": (th.vandaag() + timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Tlv.objects.values_list("soort", "categorie", "einddatum").get() == ("sbo", "", einde)


def test_a_refused_tlv_decision_has_no_tlv_form(cast, client):
    aanvraag = th.ingediend(cast)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "afwijzen", "Eerst een arrangement op school.")
    page = _als(client, cast.trajectbegeleider).get(_url("tlv_afgeven", aanvraag)).content.decode()
    assert "alleen op een toegekende aanvraag voor een TLV wordt een TLV afgegeven" in page
    assert "TLV afgeven</button>" not in page


# --- The TLV, the list and the export -----------------------------------------------------------


def test_the_tlv_page_for_the_school_the_receiving_school_and_the_parents(cast, client):
    gegeven = th.afgegeven(cast)
    url = reverse("arrangementen:tlv", args=[gegeven.pk])
    for persona in ("trajectbegeleider", "ib_a", "ouder", "ib_b"):
        page = _als(client, cast.users[persona]).get(url).content.decode()
        assert f"Toelaatbaarheidsverklaring {gegeven.nummer}" in page and "Categorie 2 (midden)" in page, persona
        assert "School B" in page and "binnen zeven dagen aan DUO" in page
        # The receiving school reads the TLV, not the application behind it.
        assert ("Besluitbrief met de TLV" in page) is (persona != "ib_b"), persona
    for persona in ("rvz", "leerkracht_andere_groep", "extern_uitgenodigd", "beheerder_other"):
        assert _als(client, cast.users[persona]).get(url).status_code == 404, persona


def test_the_list_flags_and_filters_tlvs_ending_within_three_months(cast, client):
    binnenkort = th.afgegeven(cast, einddatum=th.vandaag() + timedelta(days=20))
    later = th.afgegeven(cast, leerling_=th.leerling(cast, "Mila"), einddatum=th.vandaag() + timedelta(days=200))
    url = reverse("arrangementen:tlv_lijst")
    page = _als(client, cast.trajectbegeleider).get(url).content.decode()
    assert binnenkort.nummer in page and later.nummer in page
    assert page.count("loopt binnenkort af</span>") == 1 and "TLV's (2)" in page
    assert 'href="/tlvs/"' in page  # the navigation's item
    page = client.get(url, {"binnenkort": "1"}).content.decode()
    assert binnenkort.nummer in page and later.nummer not in page
    assert 'href="/tlvs/export.csv?binnenkort=1"' in page
    # The list is the partnership's: school staff and parents do not have it.
    for persona in ("ib_a", "directeur_a", "ouder", "extern", "beheerder"):
        assert _als(client, cast.users[persona]).get(url).status_code == 403, persona


def test_the_list_asks_the_same_number_of_queries_for_more_tlvs(cast, client):
    th.afgegeven(cast)
    _als(client, cast.trajectbegeleider)
    url = reverse("arrangementen:tlv_lijst")
    with CaptureQueriesContext(connection) as een:
        client.get(url)
    for naam in ("Mila", "Noah", "Sara", "Tim"):
        th.afgegeven(cast, "tlv_sbo", leerling_=th.leerling(cast, naam))
    with CaptureQueriesContext(connection) as vijf:
        assert client.get(url).content.decode().count('href="/tlvs/') >= 5
    assert len(vijf) == len(een)


def test_the_export_as_csv_and_excel_names_pupils_by_number_and_is_audited(cast, client):
    from openpyxl import load_workbook

    so = th.afgegeven(cast)
    sbo = th.afgegeven(cast, "tlv_sbo", leerling_=th.leerling(cast, "Mila"), hele_schoolloopbaan=True)
    _als(client, cast.trajectbegeleider)
    response = client.get(reverse("arrangementen:tlv_export_csv"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tlvs-')
    tekst = response.content.decode()
    rijen = list(csv.reader(io.StringIO(tekst)))
    assert rijen == [
        ["besluitnummer", "leerling", "soort", "categorie", "startdatum", "einddatum"],
        [so.nummer, str(cast.leerling_a.pk), "so", "midden", so.startdatum.isoformat(), so.einddatum.isoformat()],
        [sbo.nummer, str(sbo.leerling_id), "sbo", "", sbo.startdatum.isoformat(), ""],
    ]
    assert "Ryan" not in tekst and "Test" not in tekst
    response = client.get(reverse("arrangementen:tlv_export_xlsx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    blad = load_workbook(io.BytesIO(response.content)).active
    waarden = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert waarden[0][:2] == ["Besluitnummer", "Leerling (nummer in Passend)"]
    assert waarden[1][:4] == [so.nummer, cast.leerling_a.pk, "so", "midden"]
    assert waarden[1][4].date() == so.startdatum and waarden[2][5] is None
    exports = AuditEvent.objects.filter(action="export", object_type="arrangementen.tlv").order_by("id")
    assert [e.detail["formaat"] for e in exports] == ["csv", "xlsx"]
    assert exports[0].origin_path == "/tlvs/export.csv"
    for persona in ("ib_a", "ouder", "beheerder"):
        assert _als(client, cast.users[persona]).get(reverse("arrangementen:tlv_export_csv")).status_code == 403


# --- Objections -------------------------------------------------------------------------------


def test_the_partnership_registers_forwards_and_decides_an_objection(cast, client):
    aanvraag, besluit = th.besloten(cast)
    url = _url("bezwaren", aanvraag)
    page = _als(client, cast.trajectbegeleider).get(url).content.decode()
    assert "Er is geen bezwaar tegen dit besluit vastgelegd." in page and "binnen 14 dagen" in page
    vandaag = th.vandaag().isoformat()
    response = client.post(
        url,
        {"formulier": "registreren", "ontvangen_op": vandaag, "ingediend_door": "De moeder", "gronden": "Liever sbo."},
    )
    assert response.status_code == 302
    bezwaar = Bezwaar.objects.get()
    page = client.get(url).content.decode()
    uiterlijk = bezwaar.doorsturen_uiterlijk
    assert (
        "Het bezwaar is vastgelegd." in page and f"uiterlijk {uiterlijk.day} " in page and "te laat</span>" not in page
    )
    # Forwarding with a date before receipt: the message at the field, under this objection.
    response = client.post(
        url,
        {
            "formulier": "doorsturen",
            "bezwaar": bezwaar.pk,
            f"d{bezwaar.pk}-op": (th.vandaag() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert f'id="id_d{bezwaar.pk}-op_error"' in response.content.decode()
    client.post(url, {"formulier": "doorsturen", "bezwaar": bezwaar.pk, f"d{bezwaar.pk}-op": vandaag})
    client.post(
        url,
        {
            "formulier": "afhandelen",
            "bezwaar": bezwaar.pk,
            f"a{bezwaar.pk}-uitkomst": "ongegrond",
            f"a{bezwaar.pk}-op": vandaag,
        },
    )
    bezwaar.refresh_from_db()
    assert (bezwaar.doorgestuurd_op, bezwaar.uitkomst) == (th.vandaag(), "ongegrond")
    page = client.get(url).content.decode()
    assert "Ongegrond: het besluit blijft" in page and "Doorsturen naar de LBT</button>" not in page


def test_a_late_objection_is_shown_as_late_and_the_school_has_no_objection_page(cast, client):
    from tests.arrangementen.test_tlv import _besluit_van

    besluit = _besluit_van(50, cast)
    aanvraag = besluit.aanvraag
    url = _url("bezwaren", aanvraag)
    response = _als(client, cast.commissielid).post(
        url,
        {
            "formulier": "registreren",
            "ontvangen_op": th.vandaag().isoformat(),
            "ingediend_door": "De vader",
            "gronden": "Niet eens.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Het kwam te laat binnen" in page and "te laat</span>" in page
    for persona in ("ib_a", "ouder", "rvz"):
        assert _als(client, cast.users[persona]).get(url).status_code == 403, persona
    assert _als(client, cast.ib_b).get(url).status_code == 404


# --- The application page and the letter ---------------------------------------------------------


def test_the_application_page_links_to_the_tlv_pages(cast, client):
    aanvraag, _besluit = th.besloten(cast)
    page = _als(client, cast.trajectbegeleider).get(_aanvraag_url(aanvraag)).content.decode()
    assert _url("deskundigenadvies", aanvraag) in page and _url("tlv_afgeven", aanvraag) in page
    assert _url("bezwaren", aanvraag) in page
    page = _als(client, cast.ib_a).get(_aanvraag_url(aanvraag)).content.decode()
    assert _url("deskundigenadvies", aanvraag) in page
    assert _url("tlv_afgeven", aanvraag) not in page and _url("bezwaren", aanvraag) not in page
    gegeven = tlv.tlv_afgeven(
        actor=cast.trajectbegeleider,
        besluit=aanvraag.besluit,
        ontvangende_school=cast.school_b,
        startdatum=th.vandaag(),
        hele_schoolloopbaan=True,
    )
    for persona in ("trajectbegeleider", "ib_a", "ouder"):
        page = _als(client, cast.users[persona]).get(_aanvraag_url(aanvraag)).content.decode()
        assert reverse("arrangementen:tlv", args=[gegeven.pk]) in page, persona
        assert _url("tlv_afgeven", aanvraag) not in page


def test_the_letter_states_the_tlv_once_issued(cast, client, tmp_path):
    _weasyprint_of_skip()
    aanvraag, besluit = th.besloten(cast)
    brief = reverse("trajecten:besluitbrief", args=[aanvraag.traject_id, aanvraag.pk])
    _als(client, cast.ouder)
    tekst = pdf_tekst(client.get(brief).content, tmp_path)
    assert "De toelaatbaarheidsverklaring" not in tekst
    tlv.tlv_afgeven(
        actor=cast.trajectbegeleider,
        besluit=besluit,
        ontvangende_school=cast.school_b,
        startdatum=th.vandaag(),
        einddatum=th.vandaag() + timedelta(days=365),
    )
    tekst = pdf_tekst(client.get(brief).content, tmp_path)
    assert "De toelaatbaarheidsverklaring" in tekst and "Speciaal onderwijs (SO)" in tekst
    assert "Categorie 2 (midden)" in tekst and "School B" in tekst and besluit.nummer in tekst
