"""The OPP: written by the school, set only with the parents' consent to its handelingsdeel,
versioned, evaluated yearly, exported as PDF — through the UI and the API, audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.dossier.models import OppDoel, OppEvaluatie, OppVersie
from passend.leerlingen.artefacten import stand_van
from passend.leerlingen.models import Toestemming
from tests.datums import MORGEN, Vandaag, los_op


def vandaag():
    return timezone.localdate()


def url(cast, suffix=""):
    return f"/leerlingen/{cast.leerling_a.pk}/opp/{suffix}"


def inhoud(**changes) -> dict:
    """A complete concept as the edit form posts it, with one goal."""
    data = {
        "startdatum": (vandaag() - timedelta(days=30)).isoformat(),
        "einddatum": (vandaag() + timedelta(days=300)).isoformat(),
        "uitstroomprofiel": "vmbo_kb",
        "uitstroombestemming": "Vmbo kader in de buurt",
        "onderbouwing": "Leert in een eigen tempo; de groei is stabiel.",
        "belemmerende_factoren": "Snel overprikkeld in een drukke klas.",
        "bevorderende_factoren": "Gemotiveerd, sterke band met de leerkracht.",
        "didactisch_niveau": "Rekenen eind groep 2.",
        "ambitie": "Zelfstandig werken in kleine stappen.",
        "ondersteuning": "Twee keer per week begeleiding in een klein groepje.",
        "begeleiding": "Ambulant begeleider cluster 4, eens per twee weken.",
        "afwijkingen": "Eigen leerlijn rekenen.",
        "leerling_visie": "Ik vind het fijn als het stil is.",
        "ouders_gehoord_op": (vandaag() - timedelta(days=7)).isoformat(),
        "zienswijze_ouders": "Eens met het profiel.",
        "doelen-TOTAL_FORMS": "3",
        "doelen-INITIAL_FORMS": "0",
        "doelen-MIN_NUM_FORMS": "0",
        "doelen-MAX_NUM_FORMS": "30",
        "doelen-0-domein": "leren",
        "doelen-0-soort": "einddoel",
        "doelen-0-omschrijving": "Telt tot twintig.",
        "doelen-0-streefdatum": (vandaag() + timedelta(days=200)).isoformat(),
    }
    data.update(changes)
    return data


def schrijf(client, user, cast, **changes):
    client.force_login(user)
    return client.post(url(cast, "bewerken/"), inhoud(**changes))


def instemmen(client, user, cast, besluit="gegeven"):
    client.force_login(user)
    data = {"besluit": besluit, "datum": vandaag().isoformat()}
    if user != cast.ouder:
        data["ouder"] = cast.leerling_a.ouderschappen.get().ouder_id
    return client.post(url(cast, "instemming/"), data)


def vaststellen(client, user, cast):
    client.force_login(user)
    return client.post(url(cast, "vaststellen/"))


def rows() -> dict:
    return {
        "versies": OppVersie.objects.count(),
        "doelen": OppDoel.objects.count(),
        "evaluaties": OppEvaluatie.objects.count(),
        "toestemmingen": Toestemming.objects.count(),
        "writes": AuditEvent.objects.filter(action__in=("create", "update")).count(),
    }


# --- The legal core: no setting without consent, and new consent after every change ---------


def test_cannot_be_set_without_the_parents_consent_to_the_handelingsdeel(cast, client):
    assert schrijf(client, cast.ib_a, cast).status_code == 302
    response = vaststellen(client, cast.ib_a, cast)
    assert response.status_code == 400
    assert "De ouders hebben nog niet ingestemd met het handelingsdeel." in response.content.decode()
    assert OppVersie.objects.get().vastgesteld_op is None

    assert instemmen(client, cast.ouder, cast).status_code == 302
    assert vaststellen(client, cast.ib_a, cast).status_code == 302
    versie = OppVersie.objects.get()
    assert versie.is_vastgesteld and versie.vastgesteld_door_naam == "Ib A"
    toestemming = Toestemming.objects.get(onderwerp="opp_handelingsdeel")
    assert toestemming.kenmerk == versie.handelingsdeel_kenmerk
    assert toestemming.reikwijdte == "Handelingsdeel van OPP versie 1"
    assert stand_van(cast.leerling_a, 4)[1][1] is True  # level 4's checklist: OPP present


def test_refused_consent_blocks_setting_and_says_where_to_go(cast, client):
    schrijf(client, cast.ib_a, cast)
    instemmen(client, cast.ib_a, cast, besluit="geweigerd")
    response = vaststellen(client, cast.directeur_a, cast)
    assert response.status_code == 400
    assert "Geschillencommissie passend onderwijs" in response.content.decode()
    assert not OppVersie.objects.get().is_vastgesteld


def test_changing_the_handelingsdeel_afterwards_needs_new_consent(cast, client):
    schrijf(client, cast.ib_a, cast)
    instemmen(client, cast.ouder, cast)
    vaststellen(client, cast.ib_a, cast)
    v1 = OppVersie.objects.get()

    # Adjusting a set OPP starts version 2; the set version does not change.
    response = schrijf(client, cast.leerkracht_a, cast, ondersteuning="Drie keer per week in een klein groepje.")
    assert response.status_code == 302
    v1.refresh_from_db()
    assert v1.ondersteuning == "Twee keer per week begeleiding in een klein groepje."
    v2 = OppVersie.objects.get(nummer=2)
    assert not v2.is_vastgesteld and v2.handelingsdeel_kenmerk != v1.handelingsdeel_kenmerk
    page = client.get(url(cast)).content.decode()
    assert "De ouders stemden in met een eerdere tekst" in page
    assert AuditEvent.objects.filter(object_type="dossier.oppversie", detail__instemming_vervallen=True).exists()

    response = vaststellen(client, cast.ib_a, cast)
    assert response.status_code == 400
    assert "opnieuw hun instemming nodig" in response.content.decode()
    assert not OppVersie.objects.get(nummer=2).is_vastgesteld

    instemmen(client, cast.ouder, cast)
    assert vaststellen(client, cast.ib_a, cast).status_code == 302
    assert OppVersie.objects.get(nummer=2).is_vastgesteld


def test_changing_only_the_goals_keeps_the_consent(cast, client):
    schrijf(client, cast.ib_a, cast)
    instemmen(client, cast.ouder, cast)
    vaststellen(client, cast.ib_a, cast)
    schrijf(
        client,
        cast.ib_a,
        cast,
        **{
            "doelen-1-domein": "werkhouding",
            "doelen-1-soort": "tussendoel",
            "doelen-1-omschrijving": "Werkt tien minuten zelfstandig.",
        },
    )
    v2 = OppVersie.objects.get(nummer=2)
    assert v2.doelen.count() == 2
    assert vaststellen(client, cast.ib_a, cast).status_code == 302


def test_withdrawn_consent_is_shown_on_the_set_opp(cast, client):
    schrijf(client, cast.ib_a, cast)
    instemmen(client, cast.ouder, cast)
    vaststellen(client, cast.ib_a, cast)
    assert instemmen(client, cast.ouder, cast, besluit="ingetrokken").status_code == 302
    page = client.get(url(cast)).content.decode()
    assert "De ouders hebben hun instemming met het handelingsdeel ingetrokken" in page


def test_general_consent_form_does_not_take_the_handelingsdeel(cast, client):
    client.force_login(cast.ib_a)
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/").content.decode()
    assert 'value="opp_handelingsdeel"' not in page
    before = rows()
    response = client.post(
        f"/api/v1/leerlingen/{cast.leerling_a.pk}/toestemmingen/",
        {
            "onderwerp": "opp_handelingsdeel",
            "besluit": "gegeven",
            "datum": vandaag().isoformat(),
            "ouder": cast.leerling_a.ouderschappen.get().ouder_id,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "pagina van het OPP" in response.json()["onderwerp"][0]
    assert rows() == before


def test_missing_contents_are_listed_before_setting(cast, client):
    schrijf(
        client,
        cast.ib_a,
        cast,
        belemmerende_factoren="",
        ouders_gehoord_op="",
        **{"doelen-0-omschrijving": "", "doelen-0-domein": "", "doelen-0-soort": "", "doelen-0-streefdatum": ""},
    )
    instemmen(client, cast.ouder, cast)
    response = vaststellen(client, cast.ib_a, cast)
    assert response.status_code == 400
    page = response.content.decode()
    for tekst in (
        "Noem de belemmerende factoren.",
        "Leg vast wanneer met de ouders over het uitstroomprofiel is overlegd.",
        "Formuleer ten minste één einddoel.",
    ):
        assert tekst in page
    assert not OppVersie.objects.get().is_vastgesteld


# --- Who may do what ----------------------------------------------------------------------


def test_teacher_writes_but_only_the_school_leadership_sets(cast, client):
    assert schrijf(client, cast.leerkracht_a, cast).status_code == 302
    instemmen(client, cast.ouder, cast)
    client.force_login(cast.leerkracht_a)
    page = client.get(url(cast)).content.decode()
    assert "OPP vaststellen</button>" not in page
    assert "De intern begeleider of de directeur stelt het OPP vast." in page
    assert vaststellen(client, cast.leerkracht_a, cast).status_code == 403
    assert AuditEvent.objects.filter(actor_user_id=cast.leerkracht_a.pk, result="denied").exists()
    assert not OppVersie.objects.get().is_vastgesteld


def test_parent_reads_and_decides_but_does_not_write(cast, client):
    schrijf(client, cast.ib_a, cast)
    client.force_login(cast.ouder)
    page = client.get(url(cast)).content.decode()
    assert "Twee keer per week begeleiding" in page
    assert "Concept bewerken" not in page and "Besluit over het handelingsdeel vastleggen" in page
    before = rows()
    assert client.get(url(cast, "bewerken/")).status_code == 403
    assert schrijf(client, cast.ouder, cast, onderbouwing="Anders").status_code == 403
    assert vaststellen(client, cast.ouder, cast).status_code == 403
    assert rows()["versies"] == before["versies"]
    assert OppVersie.objects.get().onderbouwing.startswith("Leert in een eigen tempo")


@pytest.mark.parametrize("persona", ["leerkracht_andere_groep", "ib_b", "trajectbegeleider", "beheerder_other"])
def test_others_get_a_logged_404_on_every_opp_url(cast, client, persona):
    schrijf(client, cast.ib_a, cast)
    user = getattr(cast, persona)
    client.force_login(user)
    for suffix in ("", "pdf/", "bewerken/"):
        assert client.get(url(cast, suffix)).status_code == 404
    assert client.get(f"/api/v1/opps/{cast.leerling_a.pk}/").status_code == 404
    for suffix in ("instemming/", "vaststellen/", "evaluaties/"):
        assert client.post(url(cast, suffix), {}).status_code == 404
    assert AuditEvent.objects.filter(actor_user_id=user.pk, result="denied").count() == 7


# --- Bad input: a Dutch message at the field, nothing saved --------------------------------


@pytest.mark.parametrize(
    "changes, melding",
    [
        ({"einddatum": "2020-01-01", "startdatum": "2021-01-01"}, "De einddatum ligt vóór de startdatum."),
        ({"startdatum": "2010-01-01"}, "Deze datum ligt vóór de geboortedatum van de leerling."),
        ({"ouders_gehoord_op": Vandaag(3)}, "Dit overleg ligt in de toekomst"),
        ({"startdatum": "31-31-2026"}, "Voer een geldige datum in."),
        ({"uitstroombestemming": "<script>alert(1)</script>"}, "Gebruik geen &lt; of &gt; in dit veld"),
        ({"uitstroomprofiel": "universiteit"}, "Selecteer een geldige keuze."),
        ({"onderbouwing": "x" * 5001}, "niet meer dan 5000 tekens"),
        ({"doelen-0-domein": ""}, "Kies het domein."),
        ({"doelen-0-streefdatum": "2001-01-01"}, "Doel 1: de streefdatum ligt vóór de geboortedatum"),
    ],
    ids=[
        "eind-voor-start",
        "voor-geboorte",
        "overleg-toekomst",
        "datum-onzin",
        "html-kort",
        "keuze",
        "te-lang",
        "doel-domein",
        "doel-datum",
    ],
)
def test_bad_input_is_refused_at_the_field_and_saves_nothing(cast, client, changes, melding):
    schrijf(client, cast.ib_a, cast)
    before = rows()
    response = schrijf(client, cast.ib_a, cast, **los_op(changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert melding in page
    assert 'class="error-summary"' in page
    assert rows() == before


def test_free_text_is_stored_as_typed_and_rendered_escaped(cast, client):
    script = '<script>alert("x")</script><b>vet</b>'
    assert schrijf(client, cast.ib_a, cast, onderbouwing=script, **{"doelen-0-omschrijving": script}).status_code == 302
    assert OppVersie.objects.get().onderbouwing == script
    page = client.get(url(cast)).content.decode()
    assert "<script>alert" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


# --- Evaluation ---------------------------------------------------------------------------


def _vastgesteld(client, cast):
    schrijf(client, cast.ib_a, cast)
    instemmen(client, cast.ouder, cast)
    vaststellen(client, cast.ib_a, cast)


def test_yearly_evaluation_is_due_a_year_after_setting_and_overdue_shows(cast, client):
    _vastgesteld(client, cast)
    page = client.get(url(cast)).content.decode()
    over_een_jaar = vandaag().replace(year=vandaag().year + 1)
    assert "De volgende evaluatie met de ouders is uiterlijk op" in page
    assert f"{over_een_jaar.day} " in page
    OppVersie.objects.filter(nummer=1).update(vastgesteld_op=timezone.now() - timedelta(days=400))
    page = client.get(url(cast)).content.decode()
    assert "De jaarlijkse evaluatie met de ouders is te laat" in page


def test_an_evaluation_is_recorded_and_ending_the_opp_clears_the_checklist(cast, client):
    _vastgesteld(client, cast)
    client.force_login(cast.leerkracht_a)
    data = {
        "datum": vandaag().isoformat(),
        "aanwezig": "Moeder, leerkracht, IB'er",
        "met_ouders": "on",
        "bevindingen": "Doelen gehaald; gaat goed in de groep.",
        "conclusie": "beeindigen",
    }
    assert client.post(url(cast, "evaluaties/"), data).status_code == 302
    evaluatie = OppEvaluatie.objects.get()
    assert evaluatie.versie.nummer == 1 and evaluatie.vastgelegd_door_naam == "Leerkracht A"
    assert stand_van(cast.leerling_a, 4)[1][1] is False
    page = client.get(url(cast)).content.decode()
    assert "Het OPP is bij de laatste evaluatie beëindigd" in page
    assert "De volgende evaluatie" not in page


@pytest.mark.parametrize(
    "changes, melding",
    [
        ({"datum": MORGEN}, "Deze datum ligt in de toekomst"),
        ({"datum": "2020-01-01"}, "Deze datum ligt vóór de vaststelling van het OPP."),
        ({"bevindingen": ""}, "Dit veld is vereist."),
        ({"aanwezig": "<i>iemand</i>"}, "Gebruik geen &lt; of &gt;"),
    ],
    ids=["toekomst", "voor-vaststelling", "leeg", "html"],
)
def test_bad_evaluation_is_refused(cast, client, changes, melding):
    _vastgesteld(client, cast)
    client.force_login(cast.ib_a)
    data = {"datum": vandaag().isoformat(), "aanwezig": "Moeder", "bevindingen": "Goed.", "conclusie": "voortzetten"}
    data.update(los_op(changes))
    before = rows()
    response = client.post(url(cast, "evaluaties/"), data)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert rows() == before


def test_no_evaluation_before_the_opp_is_set(cast, client):
    schrijf(client, cast.ib_a, cast)
    client.force_login(cast.ib_a)
    data = {"datum": vandaag().isoformat(), "aanwezig": "Moeder", "bevindingen": "Goed.", "conclusie": "voortzetten"}
    response = client.post(url(cast, "evaluaties/"), data)
    assert response.status_code == 400
    assert "Er is nog geen vastgesteld OPP om te evalueren." in response.content.decode()


# --- PDF, audit, queries --------------------------------------------------------------------


def test_pdf_is_an_audited_export(cast, client):
    _vastgesteld(client, cast)
    client.force_login(cast.ouder)
    response = client.get(url(cast, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.filter(action="export", actor_user_id=cast.ouder.pk).get()
    assert event.leerling_id == cast.leerling_a.pk and event.object_label == "OPP van Ryan Test, versie 1"


def test_every_view_and_change_is_audited(cast, client):
    schrijf(client, cast.ib_a, cast)
    create = AuditEvent.objects.get(action="create", object_type="dossier.oppversie")
    assert create.leerling_id == cast.leerling_a.pk and create.role == "ib"
    assert create.detail["wijzigingen"]["uitstroomprofiel"] == {"oud": "", "nieuw": "vmbo_kb"}
    client.force_login(cast.ouder)
    client.get(url(cast))
    view = AuditEvent.objects.filter(action="view", actor_user_id=cast.ouder.pk, object_type="dossier.oppversie").get()
    assert view.reason == "ouder of verzorger van deze leerling"


def test_opp_page_queries_do_not_grow_with_goals_and_evaluations(cast, client):
    _vastgesteld(client, cast)
    client.force_login(cast.ib_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast)).status_code == 200
        return len(ctx.captured_queries)

    eerst = count()
    versie = OppVersie.objects.get()
    OppDoel.objects.bulk_create(
        OppDoel(versie=versie, domein="leren", soort="tussendoel", omschrijving=f"Doel {i}") for i in range(10)
    )
    for i in range(5):
        OppEvaluatie.objects.create(
            opp=versie.opp,
            versie=versie,
            datum=vandaag(),
            aanwezig="Moeder",
            bevindingen=f"Evaluatie {i}",
            conclusie="voortzetten",
            vastgelegd_door=cast.ib_a,
            vastgelegd_door_naam="Ib A",
        )
    assert count() == eerst


# --- API ------------------------------------------------------------------------------------


def api(cast):
    return f"/api/v1/opps/{cast.leerling_a.pk}/"


def test_api_runs_the_same_rules(cast, client):
    client.force_login(cast.ib_a)
    assert client.get(api(cast)).json()["versie"] is None
    body = {k: v for k, v in inhoud().items() if not k.startswith("doelen-")}
    body["doelen"] = [{"domein": "leren", "soort": "einddoel", "omschrijving": "Telt tot twintig."}]
    response = client.patch(api(cast), body, content_type="application/json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["versie"]["nummer"] == 1 and data["versie"]["doelen"][0]["omschrijving"] == "Telt tot twintig."
    assert data["instemming"]["status"] == "nodig"
    assert "instemming" in data["ontbreekt_voor_vaststellen"]

    response = client.post(api(cast) + "vaststellen/", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["instemming"] == ["De ouders hebben nog niet ingestemd met het handelingsdeel."]

    client.force_login(cast.ouder)
    response = client.post(
        api(cast) + "instemming/",
        {"besluit": "gegeven", "datum": vandaag().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["instemming"]["status"] == "gegeven"

    client.force_login(cast.ib_a)
    response = client.post(api(cast) + "vaststellen/", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["versie"]["vastgesteld_op"] is not None
    assert response.json()["volgende_evaluatie"] == vandaag().replace(year=vandaag().year + 1).isoformat()

    response = client.patch(api(cast), {"afwijkingen": "Geen."}, content_type="application/json")
    assert response.json()["versie"]["nummer"] == 2
    assert response.json()["instemming"]["status"] == "verouderd"


def test_api_bad_input_and_permissions(cast, client):
    client.force_login(cast.ib_a)
    before = rows()
    response = client.patch(
        api(cast), {"startdatum": "2026-05-01", "einddatum": "2026-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["einddatum"] == ["De einddatum ligt vóór de startdatum."]
    response = client.patch(api(cast), {"doelen": [{"domein": "zwemmen"}]}, content_type="application/json")
    assert response.status_code == 400
    assert rows() == before
    client.force_login(cast.ouder)
    assert client.patch(api(cast), {"ambitie": "x"}, content_type="application/json").status_code == 403
    client.force_login(cast.ib_b)
    assert client.get(api(cast)).status_code == 404


def test_the_service_itself_refuses_over_long_text_and_nul_characters(cast):
    """The API and direct calls get the same rules as the form (a TextField's length is not
    checked by Django's model validation)."""
    from django.core.exceptions import ValidationError

    from passend.dossier.services import opp_save

    before = rows()
    with pytest.raises(ValidationError) as error:
        opp_save(
            actor=cast.ib_a,
            leerling=cast.leerling_a,
            data={"ambitie": "x" * 5001, "onderbouwing": "a\x00b"},
            doelen=[{"domein": "leren", "soort": "einddoel", "omschrijving": "y" * 1001}],
        )
    assert error.value.message_dict["ambitie"] == ["Gebruik hoogstens 5000 tekens (nu 5001)."]
    assert error.value.message_dict["onderbouwing"] == ["Null-tekens zijn niet toegestaan."]
    assert error.value.message_dict["doelen"] == ["Doel 1: Gebruik hoogstens 1000 tekens (nu 1001)."]
    assert rows() == before


def test_every_goal_with_an_error_is_named(cast, client):
    response = schrijf(
        client,
        cast.ib_a,
        cast,
        **{
            "doelen-0-streefdatum": "2001-01-01",
            "doelen-1-domein": "werkhouding",
            "doelen-1-soort": "tussendoel",
            "doelen-1-omschrijving": "Werkt zelfstandig.",
            "doelen-1-streefdatum": "2002-02-02",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Doel 1: de streefdatum ligt vóór de geboortedatum" in page
    assert "Doel 2: de streefdatum ligt vóór de geboortedatum" in page
    assert not OppVersie.objects.exists()
