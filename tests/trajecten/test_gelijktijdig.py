"""Two people taking the same step at the same moment: the row lock lets one through, and the
other is told the traject moved on. Needs PostgreSQL (SQLite has no row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from passend.trajecten import motor
from passend.trajecten.models import Gebeurtenis
from passend.trajecten.services import traject_advance
from tests.trajecten import helpers as h


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twee_tegelijk_vanaf_dezelfde_stap_een_gaat_door(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    traject = h.start(cast, "top")
    check = motor.voorwaarden_fout

    def trage_check(*args, **kwargs):
        # The first holds the lock long enough for the second to reach it.
        threading.Event().wait(0.3)
        return check(*args, **kwargs)

    monkeypatch.setattr(motor, "voorwaarden_fout", trage_check)
    tegelijk = threading.Barrier(2, timeout=10)
    uitslag = {}

    def zet(persona):
        try:
            tegelijk.wait()
            traject_advance(
                actor=cast.users[persona], traject=traject, van_stap="signalering", uitkomst="ib_laten_meekijken"
            )
            uitslag[persona] = "ok"
        except ValidationError as fout:
            uitslag[persona] = fout.messages[0]
        finally:
            connection.close()

    # Teacher and director both may take the first step, and both do, having seen it open.
    draden = [threading.Thread(target=zet, args=(persona,)) for persona in ("leerkracht_a", "directeur_a")]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(uitslag) == ["directeur_a", "leerkracht_a"]
    winnaar = next(persona for persona, tekst in uitslag.items() if tekst == "ok")
    verliezer = next(persona for persona in uitslag if persona != winnaar)
    assert "intussen verder gegaan" in uitslag[verliezer]
    nieuw = Gebeurtenis.objects.filter(traject=traject).exclude(soort="gestart")
    assert nieuw.count() == 1
    assert nieuw.get().door == cast.users[winnaar]
