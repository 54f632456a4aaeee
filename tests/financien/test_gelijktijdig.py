"""Fifty grants at the same moment against one budget line (PostgreSQL): exactly as many succeed
as the line allows, the others are refused with nothing saved, and the balance never goes below
zero. The arrangement services lock the line through the ledger."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from passend.arrangementen.models import Arrangement
from passend.financien.geld import som_van
from passend.financien.models import Boeking, Doel
from tests.arrangementen import helpers as ah
from tests.financien.helpers import begroting, dit_jaar, post
from tests.gelijktijdig import tegelijk

AANTAL = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_grants_against_one_line(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    besluiten = [ah.besluit(cast) for _ in range(AANTAL)]
    b = begroting(cast, jaar=dit_jaar())  # arrangementen: € 10.000, room for 13 grants of € 750
    vandaag = timezone.localdate()
    start = max(vandaag.replace(month=1, day=1), vandaag - timedelta(days=7))
    eind = min(vandaag.replace(month=12, day=31), start + timedelta(weeks=4))

    def toekennen(i):
        ah.arrangement(cast, besluiten[i], start=start, einddatum=eind, materiaalbudget=Decimal("750"))
        return "toegekend"

    uitslag = tegelijk(AANTAL, toekennen)
    toegekend = [u for u in uitslag if u == "toegekend"]
    geweigerd = [u for u in uitslag if isinstance(u, ValidationError) and "niet toereikend" in " ".join(u.messages)]
    assert len(toegekend) + len(geweigerd) == AANTAL, [u for u in uitslag if u != "toegekend" and u not in geweigerd]
    assert (len(toegekend), len(geweigerd)) == (13, 37)
    assert Arrangement.objects.count() == 13  # a refused grant saved nothing
    regel = post(b, Doel.ARRANGEMENTEN)
    assert regel.beschikbaar == Decimal("250.00")
    assert regel.beschikbaar == som_van(Boeking.objects.filter(post=regel, soort="budget")) - som_van(
        Boeking.objects.filter(post=regel, soort__in=["verplichting", "realisatie"])
    )
