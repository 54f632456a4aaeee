"""Mijn taken: who sees which task, in which order, in how many queries, and what is audited."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.dossier.services import bijdragen_save, groeidocument_sign, opp_instemming_record, opp_save
from passend.leerlingen.models import Leerling, Ouder, Ouderschap
from passend.trajecten import services
from passend.trajecten.models import Route, Traject
from passend.trajecten.policies import rollen_in_traject, rollen_in_trajecten
from passend.trajecten.taken import aantal_taken, taken_voor
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

STAP_TAKEN = {"stap", "besluit", "overleg_plannen"}


def vandaag() -> date:
    return timezone.localdate()


def wat(user) -> list[str]:
    return [t.wat for t in taken_voor(actor=user)]


def stappen(user) -> list[str]:
    return [t.wat for t in taken_voor(actor=user) if t.soort in STAP_TAKEN]


def _start(cast, preset: str = "hga", actor=None, **kwargs) -> Traject:
    """h.start, reusing the partnership's route when another traject already installed it."""
    route = Route.objects.filter(samenwerkingsverband=cast.swv, code=preset).first() or h.route(cast, preset)
    return services.traject_start(
        actor=actor or cast.leerkracht_a,
        route=route,
        leerling=kwargs.pop("leerling", cast.leerling_a),
        signaal=h.SIGNAAL,
        vraag="Wat heeft dit kind nodig?",
        **kwargs,
    )


def _naar_leerlingbespreking(cast) -> Traject:
    traject = _start(cast)
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    traject.refresh_from_db()
    return traject


def _deelnemers(cast):
    return [
        {"naam": "Juf Esther", "partij": "school", "gebruiker": cast.leerkracht_a},
        {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
        {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder},
    ]


def _naar_versturen(cast) -> Traject:
    """Pupil A's HGA traject at the step in which the school completes and sends the groeidocument."""
    traject = _naar_leerlingbespreking(cast)
    h.besluit(h.overleg(traject, cast.ib_a, _deelnemers(cast)), cast.ib_a, "mdo_aanvragen")
    traject.refresh_from_db()
    assert traject.stap.code == "groeidocument_versturen"
    return traject


def _leerling(cast, voornaam: str, ouder=None) -> Leerling:
    """Another pupil of school A, taught by leerkracht_a, optionally a child of the ouder persona."""
    leerling = Leerling.objects.create(
        samenwerkingsverband=cast.swv,
        school=cast.school_a,
        voornaam=voornaam,
        achternaam="Extra",
        geboortedatum=date(2017, 1, 1),
        datum_inschrijving=date(2021, 8, 20),
    )
    leerling.leerkrachten.add(cast.leerkracht_a)
    if ouder is not None:
        profiel = Ouder.objects.create(samenwerkingsverband=cast.swv, naam=f"Ouder van {voornaam}", gebruiker=ouder)
        Ouderschap.objects.create(ouder=profiel, leerling=leerling, relatie="ouder", gezag=True)
    return leerling


# --- Who sees which task ---------------------------------------------------------------------


def test_after_the_signal_teacher_and_ib_take_the_step_and_the_parent_does_not(cast):
    traject = _start(cast, "hga")
    for user in (cast.leerkracht_a, cast.ib_a):
        taken = taken_voor(actor=user)
        assert [t.wat for t in taken] == ["Stap zetten: Signalering en kindbespreking"], user
        taak = taken[0]
        assert taak.soort == "stap" and taak.over == "Ryan Test"
        assert taak.url == reverse("trajecten:detail", args=[traject.pk])
        assert taak.uiterlijk == traject.termijn == vandaag() + timedelta(days=14) and not taak.te_laat
    # The parent and the director see the traject, but the step is not theirs; the others do not see it.
    for persona in (
        "ouder",
        "directeur_a",
        "leerkracht_andere_groep",
        "ib_b",
        "rvz",
        "trajectbegeleider",
        "extern_uitgenodigd",
        "beheerder",
    ):
        assert stappen(getattr(cast, persona)) == [], persona


def test_a_decision_in_a_meeting_is_planned_first_then_taken_there(cast):
    traject = _naar_leerlingbespreking(cast)
    assert stappen(cast.ib_a) == ["Overleg plannen: Leerlingbespreking met de ouders"]
    assert stappen(cast.leerkracht_a) == []  # this step is the IB'er's
    overleg = h.overleg(traject, cast.ib_a, _deelnemers(cast))
    [besluit] = [t for t in taken_voor(actor=cast.ib_a) if t.soort in STAP_TAKEN]
    assert besluit.wat == "Besluit nemen: Leerlingbespreking met de ouders"
    assert besluit.url == reverse("trajecten:overleg", args=[traject.pk, overleg.pk])
    # Every participant with an account sees the meeting, on its day.
    for user in (cast.leerkracht_a, cast.ib_a, cast.ouder):
        [bijwonen] = [t for t in taken_voor(actor=user) if t.soort == "overleg"]
        assert bijwonen.wat.startswith("Overleg bijwonen: leerlingbespreking om ")
        assert bijwonen.uiterlijk == timezone.localdate(overleg.datum) and bijwonen.over == "Ryan Test"
        assert bijwonen.url == reverse("trajecten:overleg", args=[traject.pk, overleg.pk])
    assert [t for t in taken_voor(actor=cast.directeur_a) if t.soort == "overleg"] == []


def test_a_meeting_in_the_past_is_no_longer_a_task(cast):
    traject = _naar_leerlingbespreking(cast)
    overleg = h.overleg(traject, cast.ib_a, _deelnemers(cast))
    type(overleg).objects.filter(pk=overleg.pk).update(datum=timezone.now() - timedelta(days=2))
    assert [t for t in taken_voor(actor=cast.leerkracht_a) if t.soort == "overleg"] == []


def test_after_submission_the_trajectbegeleider_has_the_mdo(cast):
    traject = _naar_versturen(cast)
    h.groeidocument_ondertekend(cast)
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    h.stap(traject, cast.ib_a, "versturen")
    assert stappen(cast.trajectbegeleider) == ["Overleg plannen: Multidisciplinair overleg (MDO) op school"]
    for persona in ("ib_a", "leerkracht_a", "commissielid", "rvz", "ouder"):
        assert stappen(getattr(cast, persona)) == [], persona


def test_a_question_of_the_school_names_school_and_subject(cast):
    traject = _start(
        cast, "swv-schoolarrangement", actor=cast.ib_a, leerling=None, school=cast.school_a, onderwerp="team"
    )
    [taak] = taken_voor(actor=cast.directeur_a)
    assert taak.wat == "Stap zetten: Ondersteuningsvraag van de school"
    assert taak.over == "School A: het schoolteam" and taak.url == reverse("trajecten:detail", args=[traject.pk])
    assert stappen(cast.ouder) == stappen(cast.leerkracht_a) == []


def test_the_parent_gives_a_view_and_the_director_signs_the_concept_application(cast):
    traject = _naar_versturen(cast)
    aanvraag = h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    assert "Zienswijze geven op de aanvraag extra ondersteuning (arrangement)" in wat(cast.ouder)
    assert "Aanvraag extra ondersteuning (arrangement) ondertekenen" in wat(cast.directeur_a)
    for persona in ("leerkracht_a", "ib_a", "ib_b", "trajectbegeleider"):
        assert not any("ondertekenen" in w or "Zienswijze" in w for w in wat(getattr(cast, persona))), persona
    services.aanvraag_zienswijze_geven(actor=cast.ouder, aanvraag=aanvraag, tekst="Wij willen graag hulp in de klas.")
    assert not any("Zienswijze" in w for w in wat(cast.ouder))
    services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=aanvraag)
    assert not any("ondertekenen" in w for w in wat(cast.directeur_a))


def test_the_parent_signs_the_groeidocument_once_the_school_has(cast):
    bijdragen_save(actor=cast.ib_a, leerling=cast.leerling_a, teksten={"aanleiding": "Zorgen over taal."})
    assert "Het groeidocument ondertekenen" not in wat(cast.ouder)  # the school has not signed yet
    groeidocument_sign(actor=cast.ib_a, leerling=cast.leerling_a, soort="akkoord")
    [taak] = [t for t in taken_voor(actor=cast.ouder) if t.wat == "Het groeidocument ondertekenen"]
    assert taak.url == reverse("dossier:groeidocument", args=[cast.leerling_a.pk]) and taak.over == "Ryan Test"
    groeidocument_sign(actor=cast.ouder, leerling=cast.leerling_a, soort="voor_gezien")
    assert "Het groeidocument ondertekenen" not in wat(cast.ouder)


def test_the_parent_decides_on_the_handelingsdeel_of_the_opp(cast):
    opp_save(actor=cast.ib_a, leerling=cast.leerling_a, data={"uitstroombestemming": "Vmbo"})
    assert "Besluiten over het handelingsdeel van het OPP" not in wat(cast.ouder)  # nothing to decide on yet
    opp_save(actor=cast.ib_a, leerling=cast.leerling_a, data={"ondersteuning": "Taalstimulering in een groepje."})
    assert "Besluiten over het handelingsdeel van het OPP" in wat(cast.ouder)
    assert "Besluiten over het handelingsdeel van het OPP" not in wat(cast.ib_a)
    opp_instemming_record(actor=cast.ouder, leerling=cast.leerling_a, besluit="gegeven", datum=vandaag())
    assert "Besluiten over het handelingsdeel van het OPP" not in wat(cast.ouder)
    # A change of the handelingsdeel asks for the parents' decision again.
    opp_save(actor=cast.ib_a, leerling=cast.leerling_a, data={"ondersteuning": "Taalstimulering, vier keer."})
    assert "Besluiten over het handelingsdeel van het OPP" in wat(cast.ouder)


def test_an_agreement_is_its_owners_task(cast):
    traject = _naar_leerlingbespreking(cast)
    overleg = h.overleg(traject, cast.ib_a, _deelnemers(cast))
    services.afspraak_add(
        actor=cast.ib_a,
        overleg=overleg,
        wat="Observatie in de klas plannen",
        wie="Juf Esther",
        uiterlijk=vandaag() - timedelta(days=1),
        eigenaar=cast.leerkracht_a,
    )
    eerste = taken_voor(actor=cast.leerkracht_a)[0]
    assert eerste.wat == "Afspraak: Observatie in de klas plannen" and eerste.te_laat
    assert eerste.url == reverse("trajecten:overleg", args=[traject.pk, overleg.pk])
    assert "Afspraak: Observatie in de klas plannen" not in wat(cast.ib_a)


# --- Order, queries, audit -------------------------------------------------------------------


def test_overdue_first_then_by_date_and_no_date_last(cast):
    eerst = _start(cast, "hga")  # deadline in 14 days
    te_laat = _start(cast, "hga", leerling=_leerling(cast, "Tess"))
    straks = _start(cast, "hga", leerling=_leerling(cast, "Sam"))
    zonder = _start(cast, "hga", leerling=_leerling(cast, "Noor"))
    Traject.objects.filter(pk=te_laat.pk).update(termijn=vandaag() - timedelta(days=2))
    Traject.objects.filter(pk=straks.pk).update(termijn=vandaag() + timedelta(days=3))
    Traject.objects.filter(pk=zonder.pk).update(termijn=None)
    taken = taken_voor(actor=cast.leerkracht_a)
    assert [t.over for t in taken] == ["Tess Extra", "Sam Extra", "Ryan Test", "Noor Extra"]
    assert [t.te_laat for t in taken] == [True, False, False, False]
    assert taken[-1].uiterlijk is None and eerst.pk


def test_listing_is_audited_once_and_counting_not_at_all(cast):
    _start(cast, "hga")
    laatste = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert aantal_taken(actor=cast.ib_a) == 1
    assert not AuditEvent.objects.filter(pk__gt=laatste).exists()
    taken_voor(actor=cast.ib_a)
    [rij] = AuditEvent.objects.filter(pk__gt=laatste)
    assert rij.action == "search" and rij.object_type == "trajecten.taak" and rij.actor_user_id == cast.ib_a.pk
    assert rij.detail["leerlingen"] == [cast.leerling_a.pk] and rij.role == "ib"


def _veel(cast, n: int):
    """n more pupils of school A (children of the ouder persona), each with an HGA traject at the
    leerlingbespreking, a planned meeting, an agreement of the teacher and a concept application."""
    for i in range(n):
        leerling = _leerling(cast, f"Kind{i}", ouder=cast.ouder)
        traject = _start(cast, "hga", leerling=leerling)
        h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
        h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
        overleg = h.overleg(traject, cast.ib_a, _deelnemers(cast))
        services.afspraak_add(
            actor=cast.ib_a, overleg=overleg, wat="Terugkoppelen", wie="Juf", eigenaar=cast.leerkracht_a
        )
        if i % 2:
            h.besluit(overleg, cast.ib_a, "mdo_aanvragen")
            h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")


@pytest.mark.parametrize("persona", ["leerkracht_a", "ib_a", "directeur_a", "ouder", "trajectbegeleider"])
def test_queries_do_not_grow_with_the_tasks(cast, persona):
    user = getattr(cast, persona)

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            taken = taken_voor(actor=user)
            aantal_taken(actor=user)
        return len(ctx.captured_queries), len(taken)

    _veel(cast, 2)  # one of each kind of task (a query is skipped while its kind has no rows at all)
    tel()  # the user's memberships are read once per user object
    queries, aantal = tel()
    _veel(cast, 5)
    meer_queries, meer = tel()
    assert meer_queries == queries, f"{queries} queries for {aantal} tasks, {meer_queries} for {meer}"
    if persona != "trajectbegeleider":
        assert meer > aantal


# --- rollen_in_trajecten: the same answer as rollen_in_traject, for many at once ---------------


def test_batch_roles_equal_single_roles_for_every_persona(cast):
    from tests.personas import PERSONAS

    eerste = _naar_versturen(cast)
    h.groeidocument_ondertekend(cast)
    h.aanvraag(eerste, cast.ib_a, "extra_ondersteuning")
    h.stap(eerste, cast.ib_a, "versturen")  # reaches the partnership
    eerste.refresh_from_db()
    services.casusregisseur_set(actor=cast.trajectbegeleider, traject=eerste, gebruiker=cast.trajectbegeleider)
    h.toestemming_extern(cast)
    for extern in (cast.extern_uitgenodigd, cast.extern):  # the second one's invitation to the dossier expired
        services.betrokkene_add(
            actor=cast.ib_a,
            traject=eerste,
            naam=extern.naam,
            partij="jeugdhulp",
            gebruiker=extern,
            geldig_tot=vandaag() + timedelta(days=10),
        )
    _start(cast, "hga")
    _start(cast, "hga", leerling=cast.leerling_b, actor=cast.ib_b)
    _start(cast, "swv-schoolarrangement", actor=cast.ib_a, leerling=None, school=cast.school_a, onderwerp="team")
    trajecten = list(Traject.objects.all())
    eerste.refresh_from_db()
    verwacht = {
        "leerkracht_a": {"leerkracht"},
        "leerkracht_andere_groep": set(),
        "ib_a": {"ib"},
        "directeur_a": {"directeur"},
        "ib_b": set(),
        "rvz": {"rvz"},
        "trajectbegeleider": {"trajectbegeleider", "casusregisseur"},
        "commissielid": {"commissielid"},
        "ouder": {"ouder"},
        "extern": set(),
        "extern_uitgenodigd": {"extern"},
        "beheerder_other": set(),
    }
    for persona, rollen in verwacht.items():
        assert set(rollen_in_trajecten(getattr(cast, persona), [eerste])[eerste.pk]) == rollen, persona
    for persona in PERSONAS:
        user = getattr(cast, persona)
        batch = rollen_in_trajecten(user, trajecten)
        for traject in trajecten:
            assert batch[traject.pk] == rollen_in_traject(user, traject), (persona, traject.pk)
    assert rollen_in_trajecten(cast.ib_a, []) == {}


def test_batch_roles_take_a_constant_number_of_queries(cast):
    for i in range(2):
        _start(cast, "hga", leerling=_leerling(cast, f"Een{i}", ouder=cast.ouder))
    for persona in ("leerkracht_a", "ouder", "rvz", "extern_uitgenodigd"):
        user = getattr(cast, persona)
        user.actieve_lidmaatschappen  # noqa: B018  (read once per user object)
        with CaptureQueriesContext(connection) as weinig:
            rollen_in_trajecten(user, list(Traject.objects.all()))
        for i in range(4):
            _start(cast, "hga", leerling=_leerling(cast, f"{persona}{i}", ouder=cast.ouder))
        with CaptureQueriesContext(connection) as veel:
            rollen_in_trajecten(user, list(Traject.objects.all()))
        assert len(veel.captured_queries) == len(weinig.captured_queries), persona


# --- The home page and the navigation --------------------------------------------------------


def test_home_lists_the_tasks_in_one_table_and_the_menu_counts_them(cast, client):
    traject = _start(cast)
    Traject.objects.filter(pk=traject.pk).update(termijn=vandaag() - timedelta(days=1))
    client.force_login(cast.ib_a)
    page = client.get("/").content.decode()
    assert page.count("<table>") == 1
    assert '<caption id="tabel-taken">' in page and '<th scope="col">Taak</th>' in page
    url = reverse("trajecten:detail", args=[traject.pk])
    assert f'<a href="{url}">Stap zetten: Signalering en kindbespreking</a>' in page
    assert '<span class="missing">te laat</span>' in page and "Ryan Test" in page
    assert "straks ook" not in page
    badge = '<span class="badge badge-nav">1<span class="visually-hidden"> openstaande taak</span></span>'
    assert badge in page
    # Elsewhere the context processor counts, without an audit row.
    laatste = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    andere = client.get(reverse("trajecten:lijst")).content.decode()
    assert badge in andere
    assert not AuditEvent.objects.filter(pk__gt=laatste, object_type="trajecten.taak").exists()


def test_no_badge_without_tasks_and_none_before_login(cast, client):
    assert "badge-nav" not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(cast.beheerder)
    page = client.get("/").content.decode()
    assert "badge-nav" not in page and "U heeft geen openstaande taken." in page
