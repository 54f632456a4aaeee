"""Mijn taken lists the evaluations that are due soon or overdue, for the pupils one works with."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.dossier.models import Handelingsplan, Opp, OppEvaluatie, OppVersie
from passend.leerlingen.models import Leerling


def vandaag():
    return timezone.localdate()


def plan(cast, leerling, evalueren_over: int, onderwerp="Technisch lezen"):
    start = vandaag() - timedelta(days=60)
    return Handelingsplan.objects.create(
        leerling=leerling,
        onderwerp=onderwerp,
        doelen="AVI M4.",
        aanpak="Duo-lezen.",
        startdatum=start,
        einddatum=vandaag() + timedelta(days=60),
        evaluatiedatum=vandaag() + timedelta(days=evalueren_over),
        opgesteld_door=cast.leerkracht_a,
        opgesteld_door_naam="Leerkracht A",
    )


def opp(cast, leerling, vastgesteld_dagen_geleden: int):
    versie = OppVersie.objects.create(
        opp=Opp.objects.create(leerling=leerling),
        nummer=1,
        vastgesteld_op=timezone.now() - timedelta(days=vastgesteld_dagen_geleden),
        vastgesteld_door=cast.ib_a,
        vastgesteld_door_naam="Ib A",
    )
    return versie


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_overdue_and_coming_evaluations_are_listed(cast, client):
    plan(cast, cast.leerling_a, -3, "Technisch lezen")
    plan(cast, cast.leerling_a, 90, "Rekenen")  # not yet: more than 30 days ahead
    opp(cast, cast.leerling_a, 370)  # set over a year ago, never evaluated: overdue
    page = home(client, cast.leerkracht_a)
    assert "Handelingsplan Technisch lezen evalueren" in page
    assert "Rekenen" not in page
    assert "OPP evalueren met de ouders" in page
    assert page.count("te laat</span>") == 2
    # The home page lists these among all tasks (trajecten.taken) and audits that list once, naming the pupil.
    rij = AuditEvent.objects.get(actor_user_id=cast.leerkracht_a.pk, object_type="trajecten.taak", action="search")
    assert rij.detail["leerlingen"] == [cast.leerling_a.pk]


def test_an_evaluation_moves_the_opp_deadline_and_ending_removes_it(cast, client):
    versie = opp(cast, cast.leerling_a, 370)
    evaluatie = {
        "opp": versie.opp,
        "versie": versie,
        "aanwezig": "Moeder",
        "bevindingen": "Goed.",
        "vastgelegd_door": cast.ib_a,
        "vastgelegd_door_naam": "Ib A",
    }
    OppEvaluatie.objects.create(datum=vandaag() - timedelta(days=5), conclusie="voortzetten", **evaluatie)
    assert "OPP evalueren" not in home(client, cast.ib_a)  # due in a year now
    OppEvaluatie.objects.create(datum=vandaag() - timedelta(days=350), conclusie="voortzetten", **evaluatie)
    assert "OPP evalueren" not in home(client, cast.ib_a)  # the newest evaluation counts


def test_an_ended_opp_has_no_deadline(cast, client):
    versie = opp(cast, cast.leerling_a, 800)
    OppEvaluatie.objects.create(
        opp=versie.opp,
        versie=versie,
        datum=vandaag() - timedelta(days=400),
        aanwezig="Moeder",
        bevindingen="Niet meer nodig.",
        conclusie="beeindigen",
        vastgelegd_door=cast.ib_a,
        vastgelegd_door_naam="Ib A",
    )
    assert "OPP evalueren" not in home(client, cast.ib_a)


def test_only_the_pupils_one_works_with(cast, client):
    plan(cast, cast.leerling_a, -3)
    plan(cast, cast.leerling_b, -3, "Begrijpend lezen")
    assert "Technisch lezen" not in home(client, cast.leerkracht_andere_groep)
    page = home(client, cast.ib_b)
    assert "Begrijpend lezen" in page and "Technisch lezen" not in page
    for persona in ("ouder", "extern_uitgenodigd", "trajectbegeleider"):
        assert "evalueren" not in home(client, getattr(cast, persona))


def test_home_queries_do_not_grow_with_deadlines(cast, client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            home(client, cast.ib_a)
        return len(ctx.captured_queries)

    plan(cast, cast.leerling_a, -3)
    opp(cast, cast.leerling_a, 370)
    count()  # the first request of a session does more (session, 2FA state)
    eerst = count()
    for i in range(8):
        leerling = Leerling.objects.create(
            samenwerkingsverband=cast.swv,
            school=cast.school_a,
            voornaam=f"Kind{i}",
            achternaam="Test",
            geboortedatum=vandaag() - timedelta(days=2500),
            datum_inschrijving=vandaag() - timedelta(days=400),
        )
        plan(cast, leerling, -1)
        opp(cast, leerling, 370)
    assert count() == eerst
