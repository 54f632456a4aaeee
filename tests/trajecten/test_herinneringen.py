"""E-mail reminders of the steps' deadlines (manage.py stuur_herinneringen): only to who may take
the step, once per user per run, once per reminder, and without a word about the pupil."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.trajecten.herinneringen import herinneringen_versturen
from passend.trajecten.models import Herinnering, Route, Traject
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def vandaag():
    return timezone.localdate()


def _traject(cast, termijn_over: int, leerling=None, actor=None) -> Traject:
    """Pupil A's HGA traject at its first step (leerkracht and IB'er act; reminders 3 days before)."""
    route = Route.objects.filter(samenwerkingsverband=cast.swv, code="hga").first() or h.route(cast, "hga")
    from passend.trajecten import services

    traject = services.traject_start(
        actor=actor or cast.leerkracht_a,
        route=route,
        leerling=leerling or cast.leerling_a,
        signaal=h.SIGNAAL,
        vraag="Wat heeft Ryan nodig om te leren lezen?",
    )
    assert traject.stap.herinneringen == [3]
    Traject.objects.filter(pk=traject.pk).update(termijn=vandaag() + timedelta(days=termijn_over))
    traject.refresh_from_db()
    return traject


def _ontvangers() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_steps_actors_get_one_mail_three_days_before(cast, settings):
    settings.PASSEND_BASE_URL = "https://passend.example.org"
    traject = _traject(cast, 3)
    verslag = herinneringen_versturen()
    assert verslag.mails == 2 and verslag.herinneringen == 2 and not verslag.mislukt
    # Only who may take the step: the pupil's teacher and the IB'er; not the parent, the director
    # (who sees the traject), another group's teacher or the partnership.
    assert _ontvangers() == ["ib_a@test.example", "leerkracht_a@test.example"]
    bericht = mail.outbox[0]
    assert bericht.subject == "Passend: er wachten taken op u"
    assert "https://passend.example.org/" in bericht.body
    assert "1 stap op u" in bericht.body and "nadert de termijn" in bericht.body
    rijen = Herinnering.objects.filter(traject=traject)
    assert {r.gebruiker_id for r in rijen} == {cast.leerkracht_a.pk, cast.ib_a.pk}
    assert {(r.dagen_voor, r.termijn, r.stap_id) for r in rijen} == {(3, traject.termijn, traject.stap_id)}
    verzonden = AuditEvent.objects.filter(object_type="trajecten.herinnering", action="create")
    assert verzonden.count() == 2
    assert {e.detail["aan"] for e in verzonden} == {cast.leerkracht_a.pk, cast.ib_a.pk}
    assert all(e.detail["trajecten"] == [traject.pk] and e.leerling_id is None for e in verzonden)


def test_the_mail_says_nothing_about_pupil_school_or_question(cast):
    traject = _traject(cast, 3)
    _traject(cast, -1, leerling=cast.leerling_b, actor=cast.ib_b)  # overdue: school B's IB'er is reminded
    herinneringen_versturen()
    assert mail.outbox
    geheim = [
        cast.leerling_a.voornaam,
        cast.leerling_a.achternaam,
        cast.leerling_b.voornaam,
        cast.school_a.naam,
        cast.school_b.naam,
        cast.swv.naam,
        traject.vraag,
        "lezen",
        traject.stap.naam,
        traject.route_versie.naam,
    ]
    for bericht in mail.outbox:
        for woord in geheim:
            assert woord not in bericht.subject and woord not in bericht.body, woord
        assert "/trajecten/" not in bericht.body and "/leerlingen/" not in bericht.body


def test_a_rerun_the_same_day_sends_nothing_twice(cast):
    _traject(cast, 3)
    assert herinneringen_versturen().mails == 2
    assert herinneringen_versturen().mails == 0
    call_command("stuur_herinneringen", stdout=io.StringIO())
    assert len(mail.outbox) == 2 and Herinnering.objects.count() == 2


def test_one_mail_per_user_however_many_steps(cast):
    _traject(cast, 3)
    _traject(cast, -1, leerling=_tweede_leerling(cast))
    herinneringen_versturen()
    assert _ontvangers() == ["ib_a@test.example", "leerkracht_a@test.example"]
    bericht = next(m for m in mail.outbox if m.to == ["ib_a@test.example"])
    assert "2 stappen op u" in bericht.body
    assert "bij 1 nadert de termijn, bij 1 is de termijn verstreken" in bericht.body
    assert Herinnering.objects.count() == 4


def _tweede_leerling(cast):
    from passend.leerlingen.models import Leerling

    leerling = Leerling.objects.create(
        samenwerkingsverband=cast.swv,
        school=cast.school_a,
        voornaam="Tweede",
        achternaam="Kind",
        geboortedatum=vandaag() - timedelta(days=2600),
        datum_inschrijving=vandaag() - timedelta(days=400),
    )
    leerling.leerkrachten.add(cast.leerkracht_a)
    return leerling


def test_overdue_gets_one_reminder_on_the_first_day_after_the_deadline(cast):
    traject = _traject(cast, -1)
    herinneringen_versturen()
    assert _ontvangers() == ["ib_a@test.example", "leerkracht_a@test.example"]
    assert "is de termijn verstreken" in mail.outbox[0].body
    assert set(Herinnering.objects.values_list("dagen_voor", flat=True)) == {None}
    mail.outbox.clear()
    # The next days: no more reminders about the same deadline.
    for dagen in (2, 3, 10):
        herinneringen_versturen(vandaag=traject.termijn + timedelta(days=dagen))
    assert mail.outbox == []


def test_no_reminder_on_other_days_or_for_closed_trajecten(cast):
    traject = _traject(cast, 5)
    herinneringen_versturen()
    assert mail.outbox == []
    assert herinneringen_versturen(vandaag=vandaag() + timedelta(days=2)).mails == 2  # three days before
    mail.outbox.clear()
    Traject.objects.filter(pk=traject.pk).update(status="afgesloten", stap=None)
    assert herinneringen_versturen(vandaag=vandaag() + timedelta(days=6)).mails == 0


def test_a_later_step_reminds_its_own_actors(cast):
    """At the leerlingbespreking only the IB'er acts: the teacher gets no reminder."""
    traject = _traject(cast, 14)
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    traject.refresh_from_db()
    assert traject.stap.code == "leerlingbespreking" and traject.stap.herinneringen == [3]
    Traject.objects.filter(pk=traject.pk).update(termijn=vandaag() + timedelta(days=3))
    herinneringen_versturen()
    assert _ontvangers() == ["ib_a@test.example"]


def test_a_failing_mail_is_not_recorded_and_tried_again(cast, monkeypatch):
    from passend.trajecten import herinneringen

    _traject(cast, 3)

    def weigert(*args, **kwargs):
        raise OSError("mailserver weigert")

    monkeypatch.setattr(herinneringen, "send_mail", weigert)
    verslag = herinneringen_versturen()
    assert verslag.mails == 0 and len(verslag.mislukt) == 2
    assert Herinnering.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="trajecten.herinnering").exists()
    monkeypatch.undo()
    assert herinneringen_versturen().mails == 2


def test_the_command_fails_when_a_mail_could_not_be_sent(cast, monkeypatch):
    from django.core.management.base import CommandError

    from passend.trajecten import herinneringen

    _traject(cast, 3)
    monkeypatch.setattr(herinneringen, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("weg")))
    with pytest.raises(CommandError, match="konden niet worden verstuurd"):
        call_command("stuur_herinneringen", stdout=io.StringIO())


def test_herinnering_rows_never_change(cast):
    _traject(cast, 3)
    herinneringen_versturen()
    rij = Herinnering.objects.first()
    with pytest.raises(TypeError):
        rij.save()
    with pytest.raises(TypeError):
        rij.delete()
    with pytest.raises(TypeError):
        Herinnering.objects.all().delete()
