"""TLVs decided at the same moment (a commission's meeting day): every decision gets its own
number; two people issuing the TLV of one decision at once: one TLV, the other is told.
Needs PostgreSQL (SQLite has no row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from passend.arrangementen import tlv
from passend.arrangementen.models import Tlv
from passend.trajecten.models import Besluit
from tests.arrangementen import tlv_helpers as th
from tests.gelijktijdig import tegelijk
from tests.trajecten import helpers as h

AANTAL = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_tlvs_decided_at_once_get_twenty_distinct_numbers(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    leerlingen = [cast.leerling_a] + [th.leerling(cast, f"Kind{i:02d}") for i in range(1, AANTAL)]
    aanvragen = [
        th.ingediend(cast, "tlv_sbo" if i % 2 else "tlv_so", leerling) for i, leerling in enumerate(leerlingen)
    ]
    for aanvraag in aanvragen:
        th.adviezen(cast, aanvraag)
    trajecten = [a.traject for a in aanvragen]

    def besluiten(i):
        h.stap(trajecten[i], cast.trajectbegeleider, "toekennen", "Aangewezen op een kleine setting.")
        return Besluit.objects.get(aanvraag__traject=trajecten[i]).nummer

    nummers = tegelijk(AANTAL, besluiten)
    fouten = [n for n in nummers if isinstance(n, Exception)]
    assert not fouten, fouten
    jaar = timezone.localdate().year
    assert len(set(nummers)) == AANTAL
    assert sorted(nummers) == [f"{jaar}-{i:04d}" for i in range(1, AANTAL + 1)]
    # The TLVs issued on them carry those numbers.
    sbo = th.sbo_school(cast)
    for besluit in Besluit.objects.select_related("aanvraag"):
        tlv.tlv_afgeven(
            actor=cast.trajectbegeleider,
            besluit=besluit,
            ontvangende_school=cast.school_b if besluit.aanvraag.soort == "tlv_so" else sbo,
            startdatum=th.vandaag(),
            hele_schoolloopbaan=True,
        )
    assert sorted(t.nummer for t in Tlv.objects.select_related("besluit")) == sorted(nummers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_issuing_the_same_tlv_at_once_give_one_tlv(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    _aanvraag, besluit = th.besloten(cast)
    echt = Tlv.objects.create

    def traag(**kwargs):
        # The first holds the application's lock long enough for the second to reach it.
        nieuw = echt(**kwargs)
        threading.Event().wait(0.3)
        return nieuw

    monkeypatch.setattr(Tlv.objects, "create", traag)
    mensen = [cast.trajectbegeleider, cast.commissielid]

    def afgeven(i):
        return tlv.tlv_afgeven(
            actor=mensen[i],
            besluit=Besluit.objects.get(pk=besluit.pk),
            ontvangende_school=cast.school_b,
            startdatum=th.vandaag(),
            hele_schoolloopbaan=True,
        )

    uitslag = tegelijk(2, afgeven)
    gelukt = [u for u in uitslag if isinstance(u, Tlv)]
    geweigerd = [u for u in uitslag if isinstance(u, ValidationError)]
    assert (len(gelukt), len(geweigerd)) == (1, 1), uitslag
    assert geweigerd[0].message_dict == {"__all__": [f"Op besluit {besluit.nummer} is de TLV al afgegeven."]}
    assert Tlv.objects.count() == 1
