"""The handelingsplan of support level 2 (seed 002): write, list, change, evaluate — UI and API."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.dossier import services
from passend.dossier.models import Handelingsplan
from passend.leerlingen.models import Ondersteuningsniveau
from tests.datums import MORGEN, los_op

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
AFGESLOTEN = "Dit handelingsplan is geëvalueerd en afgesloten; stel een nieuw plan op."
SCHRIJVERS = ("leerkracht_a", "ib_a", "directeur_a")
BUITENSTAANDERS = ("leerkracht_andere_groep", "ib_b", "rvz", "trajectbegeleider", "extern", "beheerder_other")


def vandaag():
    return timezone.localdate()


def iso(day) -> str:
    return day.isoformat()


def lijst(cast, leerling=None) -> str:
    return f"/leerlingen/{(leerling or cast.leerling_a).pk}/handelingsplannen/"


def pagina(cast, plan) -> str:
    return f"{lijst(cast, plan.leerling)}{plan.pk}/"


def plan_data(**changes) -> dict:
    """A plan the form and the API accept; each bad-input case changes one field."""
    start = vandaag() - timedelta(days=7)
    data = {
        "onderwerp": "Technisch lezen",
        "beginsituatie": "Leest AVI E3 met moeite.",
        "doelen": "AVI M4 halen.",
        "aanpak": "Elke dag tien minuten duo-lezen.",
        "startdatum": iso(start),
        "einddatum": iso(start + timedelta(weeks=6)),
        "evaluatiedatum": iso(start + timedelta(weeks=6)),
    }
    data.update(changes)
    return data


def evaluatie_data(**changes) -> dict:
    data = {
        "geevalueerd_op": iso(vandaag()),
        "resultaat": "behaald",
        "evaluatie": "Leest nu AVI M4.",
        "vervolg": "afsluiten",
    }
    data.update(changes)
    return data


def maak_plan(cast, leerling=None, door=None, **changes) -> Handelingsplan:
    leerling = leerling or cast.leerling_a
    data = plan_data(**changes)
    return services.handelingsplan_create(actor=door or cast.leerkracht_a, leerling=leerling, data=data)


def snapshot() -> dict:
    """What a failed write must leave as it was: the plans, their evaluations and the write-audit rows."""
    return {
        "plannen": Handelingsplan.objects.count(),
        "geevalueerd": Handelingsplan.objects.filter(geevalueerd_op__isnull=False).count(),
        "gewijzigd": sorted(Handelingsplan.objects.values_list("gewijzigd_op", flat=True)),
        "audit_writes": AuditEvent.objects.filter(action__in=("create", "update")).count(),
    }


def denials() -> int:
    return AuditEvent.objects.filter(result="denied").count()


# --- Writing and reading in the browser ------------------------------------------------------


def test_teacher_writes_a_plan_and_sees_it_listed_as_running(cast, client):
    client.force_login(cast.leerkracht_a)
    page = client.get(lijst(cast)).content.decode()
    assert "Nog geen handelingsplannen." in page and 'name="onderwerp"' in page
    response = client.post(lijst(cast), plan_data())
    assert response.status_code == 302 and response["Location"] == lijst(cast)
    plan = Handelingsplan.objects.get()
    assert (plan.leerling, plan.opgesteld_door, plan.opgesteld_door_naam) == (
        cast.leerling_a,
        cast.leerkracht_a,
        "Leerkracht A",
    )
    page = client.get(lijst(cast)).content.decode()
    assert "Het handelingsplan ‘Technisch lezen’ is opgeslagen." in page
    assert f'href="{pagina(cast, plan)}">Technisch lezen</a>' in page and "Lopend" in page
    event = AuditEvent.objects.get(action="create", object_type="dossier.handelingsplan")
    assert event.leerling_id == cast.leerling_a.pk and event.role == "leerkracht"
    assert event.detail["nieuw"]["onderwerp"] == "Technisch lezen"
    assert event.detail["nieuw"]["evaluatiedatum"] == plan_data()["evaluatiedatum"]


def test_the_new_plan_form_suggests_six_weeks_from_today(cast, client):
    client.force_login(cast.leerkracht_a)
    page = client.get(lijst(cast)).content.decode()
    assert f'name="startdatum" value="{iso(vandaag())}"' in page
    assert f'name="evaluatiedatum" value="{iso(vandaag() + timedelta(weeks=6))}"' in page


@pytest.mark.parametrize("persona", SCHRIJVERS)
def test_teacher_ib_and_director_may_write_and_evaluate(cast, client, persona):
    client.force_login(cast.users[persona])
    assert client.post(lijst(cast), plan_data()).status_code == 302
    plan = Handelingsplan.objects.get()
    assert client.post(pagina(cast, plan), plan_data(doelen="AVI M5.")).status_code == 302
    assert client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data()}).status_code == 302
    plan.refresh_from_db()
    assert (plan.doelen, plan.resultaat, plan.geevalueerd_door) == ("AVI M5.", "behaald", cast.users[persona])


def test_parent_reads_the_plans_but_writes_nothing(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.ouder)
    page = client.get(lijst(cast)).content.decode()
    assert "Technisch lezen" in page and 'name="onderwerp"' not in page
    page = client.get(pagina(cast, plan)).content.decode()
    assert "Elke dag tien minuten duo-lezen." in page
    assert "Evaluatie vastleggen" not in page and 'name="doelen"' not in page
    before, refused = snapshot(), denials()
    assert client.post(lijst(cast), plan_data()).status_code == 403
    assert client.post(pagina(cast, plan), plan_data(doelen="Anders")).status_code == 403
    assert client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data()}).status_code == 403
    assert snapshot() == before and denials() == refused + 3


@pytest.mark.parametrize("persona", BUITENSTAANDERS)
def test_others_get_404_on_every_page_and_write_and_are_audited(cast, client, persona):
    plan = maak_plan(cast)
    client.force_login(cast.users[persona])
    before, refused = snapshot(), denials()
    assert client.get(lijst(cast)).status_code == 404
    assert client.get(pagina(cast, plan)).status_code == 404
    assert client.post(lijst(cast), plan_data()).status_code == 404
    assert client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data()}).status_code == 404
    assert snapshot() == before and denials() == refused + 4


def test_an_invited_external_reads_the_plans_but_does_not_write(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.extern_uitgenodigd)
    for url in (lijst(cast), pagina(cast, plan), api_lijst(cast), f"/api/v1/handelingsplannen/{plan.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Technisch lezen" in response.content.decode()
    page = client.get(lijst(cast)).content.decode()
    assert "Nieuw handelingsplan" not in page
    before, refused = snapshot(), denials()
    assert client.post(lijst(cast), plan_data()).status_code == 403
    assert client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data()}).status_code == 403
    assert snapshot() == before and denials() == refused + 2
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/").content.decode()
    assert "Technisch lezen" in page


def test_a_plan_of_another_pupil_answers_404_and_is_audited(cast, client):
    plan_b = maak_plan(cast, leerling=cast.leerling_b, door=cast.ib_b)
    client.force_login(cast.ib_a)
    refused = denials()
    # Pupil A's URL with pupil B's plan: not found, exactly like a plan that does not exist.
    wrong = f"{lijst(cast)}{plan_b.pk}/"
    missing = f"{lijst(cast)}{plan_b.pk + 1000}/"
    assert client.get(wrong).status_code == 404
    assert client.get(missing).status_code == 404
    assert client.post(wrong, {"formulier": "evaluatie", **evaluatie_data()}).status_code == 404
    assert client.get(f"/api/v1/handelingsplannen/{plan_b.pk}/").status_code == 404
    assert client.get("/api/v1/handelingsplannen/abc/").status_code == 404
    assert denials() == refused + 5
    # The refusal names what was asked for, and the pupil whose page it was asked under.
    assert AuditEvent.objects.filter(
        result="denied",
        object_type="dossier.handelingsplan",
        detail__gevraagd_id=str(plan_b.pk),
        leerling_id=cast.leerling_a.pk,
    ).exists()
    plan_b.refresh_from_db()
    assert not plan_b.is_geevalueerd
    client.force_login(cast.ib_b)
    assert client.get(pagina(cast, plan_b)).status_code == 200


# --- Bad input -----------------------------------------------------------------------------------


def _dagen(n: int) -> str:
    return iso(vandaag() - timedelta(days=7) + timedelta(days=n))


BAD_PLAN = [
    ("onderwerp", {"onderwerp": ""}, "Vul het onderwerp in."),
    ("onderwerp", {"onderwerp": "   "}, "Vul het onderwerp in."),
    ("onderwerp", {"onderwerp": "<b>Lezen</b>"}, "Gebruik geen &lt; of &gt; in dit veld"),
    ("onderwerp", {"onderwerp": "x" * 201}, "niet meer dan 200 tekens"),
    ("doelen", {"doelen": ""}, "Beschrijf de doelen."),
    ("doelen", {"doelen": "x" * 5001}, "niet meer dan 5000 tekens"),
    ("aanpak", {"aanpak": " \n "}, "Beschrijf de aanpak."),
    ("startdatum", {"startdatum": ""}, "Vul de startdatum in."),
    ("startdatum", {"startdatum": "31-02-2026"}, "Voer een geldige datum in."),
    ("einddatum", {"einddatum": _dagen(-1)}, "De einddatum ligt vóór de startdatum."),
    ("evaluatiedatum", {"evaluatiedatum": ""}, "Vul in wanneer u het plan evalueert."),
    ("evaluatiedatum", {"evaluatiedatum": _dagen(-1)}, "De evaluatiedatum ligt vóór de startdatum."),
    ("startdatum", {"startdatum": "2018-02-28"}, "Deze datum ligt vóór de geboortedatum van de leerling."),
    (
        "einddatum",
        {"startdatum": "2017-01-01", "einddatum": "2018-02-01"},
        "Deze datum ligt vóór de geboortedatum van de leerling.",
    ),
]


@pytest.mark.parametrize(("field", "changes", "message"), BAD_PLAN)
def test_bad_plan_input_is_refused_at_the_field_and_nothing_is_saved(cast, client, field, changes, message):
    client.force_login(cast.leerkracht_a)
    before = snapshot()
    response = client.post(lijst(cast), plan_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert snapshot() == before


@pytest.mark.parametrize(("field", "changes", "message"), BAD_PLAN)
def test_bad_input_on_a_change_leaves_the_plan_as_it_was(cast, client, field, changes, message):
    plan = maak_plan(cast)
    client.force_login(cast.ib_a)
    before = snapshot()
    response = client.post(pagina(cast, plan), {"formulier": "bewerken", **plan_data(**changes)})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert snapshot() == before


def test_service_checks_what_the_form_cannot(cast):
    """Called directly (API, tasks), the service still says what is wrong, per field."""
    with pytest.raises(ValidationError) as error:
        maak_plan(cast, doelen="x" * 5001, aanpak="a\x00b", beginsituatie=None, onderwerp="a<b")
    assert error.value.message_dict == {
        "doelen": ["Gebruik hoogstens 5000 tekens (nu 5001)."],
        "aanpak": ["Null-tekens zijn niet toegestaan."],
        "onderwerp": ["Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan."],
    }
    with pytest.raises(ValidationError) as error:
        services.handelingsplan_create(actor=cast.leerkracht_a, leerling=cast.leerling_a, data={})
    assert set(error.value.message_dict) == {
        "onderwerp",
        "doelen",
        "aanpak",
        "startdatum",
        "einddatum",
        "evaluatiedatum",
    }
    assert not Handelingsplan.objects.exists()


BAD_EVALUATIE = [
    ("geevalueerd_op", {"geevalueerd_op": ""}, "Vul de datum van de evaluatie in."),
    ("geevalueerd_op", {"geevalueerd_op": MORGEN}, "Deze datum ligt in de toekomst"),
    ("geevalueerd_op", {"geevalueerd_op": _dagen(-1)}, "De evaluatie ligt vóór de startdatum van het plan."),
    ("resultaat", {"resultaat": ""}, "Kies het resultaat."),
    ("resultaat", {"resultaat": "prima"}, "Selecteer een geldige keuze."),
    ("evaluatie", {"evaluatie": "  "}, "Beschrijf hoe het ging."),
    ("evaluatie", {"evaluatie": "x" * 5001}, "niet meer dan 5000 tekens"),
    ("vervolg", {"vervolg": ""}, "Kies het vervolg."),
]


@pytest.mark.parametrize(("field", "changes", "message"), BAD_EVALUATIE)
def test_bad_evaluation_is_refused_at_the_field_and_the_plan_stays_open(cast, client, field, changes, message):
    plan = maak_plan(cast)
    client.force_login(cast.leerkracht_a)
    before = snapshot()
    response = client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data(**los_op(changes))})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert snapshot() == before


def test_html_in_every_field_is_stored_verbatim_and_shown_escaped(cast, client):
    client.force_login(cast.leerkracht_a)
    free_text = {"beginsituatie": SCRIPT, "doelen": SCRIPT, "aanpak": SCRIPT}
    assert client.post(lijst(cast), plan_data(**free_text)).status_code == 302
    plan = Handelingsplan.objects.get()
    assert (plan.beginsituatie, plan.doelen, plan.aanpak) == (SCRIPT, SCRIPT, SCRIPT)
    page = client.get(pagina(cast, plan)).content.decode()
    assert SCRIPT not in page and page.count(ESCAPED) >= 3
    evaluatie = {"formulier": "evaluatie", **evaluatie_data(evaluatie=SCRIPT)}
    assert client.post(pagina(cast, plan), evaluatie).status_code == 302
    plan.refresh_from_db()
    assert plan.evaluatie == SCRIPT
    for url in (pagina(cast, plan), lijst(cast), f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/"):
        assert SCRIPT not in client.get(url).content.decode()
    # Only the short, single-line subject refuses markup: it is shown in lists, the timeline and the audit log.
    response = client.post(lijst(cast), plan_data(onderwerp=SCRIPT))
    assert response.status_code == 400 and Handelingsplan.objects.count() == 1


# --- Changing and evaluating -----------------------------------------------------------------------


def test_a_change_is_audited_with_before_and_after(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.ib_a)
    response = client.post(pagina(cast, plan), {"formulier": "bewerken", **plan_data(doelen="AVI M5 halen.")})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="dossier.handelingsplan")
    assert event.detail == {"wijzigingen": {"doelen": {"oud": "AVI M4 halen.", "nieuw": "AVI M5 halen."}}}
    assert (event.role, event.object_id, event.leerling_id) == ("ib", str(plan.pk), cast.leerling_a.pk)


def test_evaluation_closes_the_plan_and_an_evaluated_plan_refuses_edits(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.leerkracht_a)
    data = evaluatie_data(resultaat="deels", vervolg="opschalen", evaluatie="Gaat iets beter.")
    assert client.post(pagina(cast, plan), {"formulier": "evaluatie", **data}).status_code == 302
    plan.refresh_from_db()
    assert (plan.geevalueerd_op, plan.resultaat, plan.vervolg, plan.geevalueerd_door_naam) == (
        vandaag(),
        "deels",
        "opschalen",
        "Leerkracht A",
    )
    event = AuditEvent.objects.get(action="update", object_type="dossier.handelingsplan")
    assert event.detail["geevalueerd"] is True
    assert event.detail["wijzigingen"]["resultaat"] == {"oud": "", "nieuw": "deels"}
    page = client.get(pagina(cast, plan)).content.decode()
    assert "Geëvalueerd" in page and "Gaat iets beter." in page and "intern begeleider" in page
    assert 'name="doelen"' not in page and "Evaluatie vastleggen" not in page

    before = snapshot()
    response = client.post(pagina(cast, plan), {"formulier": "bewerken", **plan_data(doelen="Anders")})
    assert response.status_code == 400 and AFGESLOTEN in response.content.decode()
    response = client.post(pagina(cast, plan), {"formulier": "evaluatie", **evaluatie_data()})
    assert response.status_code == 400 and "Dit handelingsplan is al geëvalueerd op" in response.content.decode()
    api = client.patch(f"/api/v1/handelingsplannen/{plan.pk}/", {"doelen": "Anders"}, content_type="application/json")
    assert api.status_code == 400 and api.json() == {"non_field_errors": [AFGESLOTEN]}
    assert snapshot() == before
    assert Handelingsplan.objects.get().doelen == "AVI M4 halen."


def test_status_running_overdue_and_evaluated(cast, client):
    lang_geleden = vandaag() - timedelta(days=60)
    maak_plan(
        cast,
        onderwerp="Rekenen",
        startdatum=iso(lang_geleden),
        einddatum=iso(lang_geleden),
        evaluatiedatum=iso(lang_geleden),
    )
    lopend = maak_plan(cast, onderwerp="Lezen")
    klaar = maak_plan(cast, onderwerp="Spelen", startdatum=iso(lang_geleden))
    services.handelingsplan_evaluate(actor=cast.ib_a, plan=klaar, **evaluatie_data())
    statussen = {p.onderwerp: p.status for p in Handelingsplan.objects.all()}
    assert statussen == {"Rekenen": "evaluatie_te_laat", "Lezen": "lopend", "Spelen": "geevalueerd"}
    client.force_login(cast.leerkracht_a)
    page = client.get(lijst(cast)).content.decode()
    assert "Nog te evalueren:" in page and '<span class="missing">Evaluatie te laat</span>' in page
    assert '<span class="present">Geëvalueerd</span>' in page
    # On the evaluation date itself the plan is still running, and its page opens the evaluation.
    Handelingsplan.objects.filter(pk=lopend.pk).update(evaluatiedatum=vandaag())
    page = client.get(pagina(cast, lopend)).content.decode()
    assert "<details open>\n    <summary>Evaluatie vastleggen</summary>" in page


def test_reads_are_audited(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.ouder)
    client.get(lijst(cast))
    client.get(pagina(cast, plan))
    search = AuditEvent.objects.get(action="search", object_type="dossier.handelingsplan")
    assert (search.actor_user_id, search.leerling_id, search.role) == (cast.ouder.pk, cast.leerling_a.pk, "ouder")
    view = AuditEvent.objects.get(action="view", object_type="dossier.handelingsplan")
    assert (view.object_id, view.object_label, view.leerling_id) == (
        str(plan.pk),
        "Handelingsplan Technisch lezen",
        cast.leerling_a.pk,
    )
    # The parent sees the look at the plan in "who looked at this dossier".
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/inzage/").content.decode()
    assert "Handelingsplan Technisch lezen" in page


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_evaluating_at_once_cannot_both_succeed(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    plan = maak_plan(cast)
    check = services._handelingsplan_check

    def slow_check(*args, **kwargs):
        # Both are past the start line; the first holds the row long enough for the second to try.
        threading.Event().wait(0.3)
        return check(*args, **kwargs)

    monkeypatch.setattr(services, "_handelingsplan_check", slow_check)
    start = threading.Barrier(2)
    results = {}

    def evaluate(persona, resultaat):
        try:
            start.wait()
            services.handelingsplan_evaluate(
                actor=cast.users[persona], plan=plan, **evaluatie_data(resultaat=resultaat)
            )
            results[persona] = "ok"
        except ValidationError as error:
            results[persona] = error.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=evaluate, args=("leerkracht_a", "behaald")),
        threading.Thread(target=evaluate, args=("ib_a", "niet")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values())[1] == "ok"
    assert sorted(results.values())[0].startswith("Dit handelingsplan is al geëvalueerd op")
    winner = next(persona for persona, result in results.items() if result == "ok")
    plan.refresh_from_db()
    assert plan.geevalueerd_door == cast.users[winner]
    assert AuditEvent.objects.filter(action="update", detail__geevalueerd=True).count() == 1


# --- API -------------------------------------------------------------------------------------------


def api_lijst(cast) -> str:
    return f"/api/v1/dossiers/{cast.leerling_a.pk}/handelingsplannen/"


def test_api_create_list_change_and_evaluate(cast, client):
    client.force_login(cast.leerkracht_a)
    response = client.post(api_lijst(cast), plan_data(aanpak=SCRIPT), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["aanpak"], body["leerling"]) == ("lopend", SCRIPT, cast.leerling_a.pk)
    plan_id = body["id"]
    assert [p["id"] for p in client.get(api_lijst(cast)).json()] == [plan_id]
    detail = f"/api/v1/handelingsplannen/{plan_id}/"
    response = client.patch(detail, {"doelen": "AVI M5."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["doelen"] == "AVI M5."
    assert client.put(detail, plan_data(), content_type="application/json").status_code == 405
    response = client.post(detail + "evalueren/", evaluatie_data(vervolg="nieuw_plan"), content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["vervolg"]) == ("geevalueerd", "nieuw_plan")
    assert client.get(detail).json()["geevalueerd_door_naam"] == "Leerkracht A"
    actions = list(
        AuditEvent.objects.filter(object_type="dossier.handelingsplan", result="success")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions.count("create") == 1 and actions.count("update") == 2 and "view" in actions


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"onderwerp": ""}, "onderwerp", "Vul het onderwerp in."),
        ({"onderwerp": "<i>x</i>"}, "onderwerp", "Gebruik geen < of >"),
        ({"doelen": "x" * 5001}, "doelen", "5000"),
        ({"einddatum": _dagen(-3)}, "einddatum", "De einddatum ligt vóór de startdatum."),
        ({"evaluatiedatum": _dagen(-3)}, "evaluatiedatum", "De evaluatiedatum ligt vóór de startdatum."),
        ({"startdatum": "2010-01-01"}, "startdatum", "Deze datum ligt vóór de geboortedatum van de leerling."),
        ({"startdatum": "morgen"}, "startdatum", "Vul een geldige datum in, als JJJJ-MM-DD."),
    ],
)
def test_api_bad_input_is_400_at_the_field_and_nothing_saved(cast, client, data, field, message):
    client.force_login(cast.ib_a)
    before = snapshot()
    response = client.post(api_lijst(cast), plan_data(**data), content_type="application/json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert snapshot() == before


def test_api_empty_change_and_bad_evaluation_are_400(cast, client):
    plan = maak_plan(cast)
    client.force_login(cast.ib_a)
    detail = f"/api/v1/handelingsplannen/{plan.pk}/"
    before = snapshot()
    response = client.patch(detail, {"onbekend": "x"}, content_type="application/json")
    assert response.status_code == 400 and "Geef minstens één veld" in response.json()["non_field_errors"][0]
    response = client.post(detail + "evalueren/", {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "geevalueerd_op": ["Vul de datum van de evaluatie in."],
        "resultaat": ["Kies het resultaat."],
        "evaluatie": ["Beschrijf hoe het ging."],
        "vervolg": ["Kies het vervolg."],
    }
    future = evaluatie_data(geevalueerd_op=iso(vandaag() + timedelta(days=3)))
    response = client.post(detail + "evalueren/", future, content_type="application/json")
    assert response.status_code == 400 and "in de toekomst" in response.json()["geevalueerd_op"][0]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("leerkracht_a", 200, 201),
        ("ib_a", 200, 201),
        ("directeur_a", 200, 201),
        ("ouder", 200, 403),
        ("leerkracht_andere_groep", 404, 404),
        ("ib_b", 404, 404),
        ("extern", 404, 404),
        ("beheerder_other", 404, 404),
    ],
)
def test_api_permissions_per_persona(cast, client, persona, read, write):
    plan = maak_plan(cast)
    client.force_login(cast.users[persona])
    detail = f"/api/v1/handelingsplannen/{plan.pk}/"
    refused = denials()
    assert client.get(api_lijst(cast)).status_code == read
    assert client.get(detail).status_code == read
    assert client.post(api_lijst(cast), plan_data(), content_type="application/json").status_code == write
    change = 200 if write == 201 else write
    assert client.patch(detail, {"doelen": "Nieuw"}, content_type="application/json").status_code == change
    assert client.post(detail + "evalueren/", evaluatie_data(), content_type="application/json").status_code == change
    expected_denials = (2 if read == 404 else 0) + (3 if write != 201 else 0)
    assert denials() == refused + expected_denials
    plan.refresh_from_db()
    assert plan.is_geevalueerd == (write == 201)


# --- Query counts, checklist, timeline ------------------------------------------------------------


def _plannen(cast, n):
    for i in range(Handelingsplan.objects.filter(leerling=cast.leerling_a).count(), n):
        plan = maak_plan(cast, onderwerp=f"Plan {i}", door=[cast.leerkracht_a, cast.ib_a][i % 2])
        if i % 3 == 0:
            services.handelingsplan_evaluate(actor=cast.ib_a, plan=plan, **evaluatie_data())


@pytest.mark.parametrize(
    "url",
    [
        "/leerlingen/{pk}/handelingsplannen/",
        "/api/v1/dossiers/{pk}/handelingsplannen/",
        "/leerlingen/{pk}/tijdlijn/",
        "/api/v1/dossiers/{pk}/tijdlijn/",
    ],
)
@pytest.mark.parametrize("persona", ["leerkracht_a", "ouder"])
def test_list_and_timeline_cost_the_same_with_1_or_10_plans(cast, client, url, persona):
    url = url.format(pk=cast.leerling_a.pk)
    client.force_login(cast.users[persona])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _plannen(cast, 1)
    one = count()
    _plannen(cast, 10)
    assert count() == one


def test_level_2_checklist_shows_the_plan_once_there_is_one(cast, client):
    Ondersteuningsniveau.objects.create(
        leerling=cast.leerling_a, niveau=2, sinds=vandaag(), reden="r", vastgesteld_door=cast.ib_a, vastgesteld_als="ib"
    )
    client.force_login(cast.leerkracht_a)
    detail = f"/leerlingen/{cast.leerling_a.pk}/"
    page = client.get(detail).content.decode()
    assert 'een handelingsplan met aanpak en evaluatie — <span class="missing">ontbreekt nog</span>' in page
    assert f'href="{lijst(cast)}">Handelingsplannen</a>' in page
    maak_plan(cast)
    page = client.get(detail).content.decode()
    assert 'een handelingsplan met aanpak en evaluatie — <span class="present">aanwezig</span>' in page


def test_timeline_shows_written_and_evaluated_with_a_link(cast, client):
    plan = maak_plan(cast)
    services.handelingsplan_evaluate(actor=cast.ib_a, plan=plan, **evaluatie_data(resultaat="niet"))
    client.force_login(cast.ouder)
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/").content.decode()
    assert f'<a href="{pagina(cast, plan)}">Handelingsplan Technisch lezen opgesteld door Leerkracht A</a>' in page
    assert f'<a href="{pagina(cast, plan)}">Handelingsplan Technisch lezen geëvalueerd: doelen niet behaald</a>' in page
    assert page.index("geëvalueerd: doelen niet behaald") < page.index("opgesteld door Leerkracht A")


# --- Demo data -------------------------------------------------------------------------------------


def test_demo_ryan_was_escalated_after_his_plan_and_daan_has_one_running(db):
    from django.core.management import call_command

    call_command("demo")
    call_command("demo")
    ryan = Handelingsplan.objects.get(leerling__voornaam="Ryan")
    assert (ryan.onderwerp, ryan.opgesteld_door_naam, ryan.vervolg, ryan.status) == (
        "Taal en samen spelen in de kring",
        "Esther de Vries",
        "opschalen",
        "geevalueerd",
    )
    daan = Handelingsplan.objects.get(leerling__voornaam="Daan")
    volgende_maand = (vandaag().replace(day=1) + timedelta(days=32)).replace(day=1)
    assert daan.status == "lopend" and daan.evaluatiedatum.replace(day=1) == volgende_maand
    assert Handelingsplan.objects.count() == 2
