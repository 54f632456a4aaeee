"""Granted decisions to build arrangements on, for the arrangement tests."""

from datetime import timedelta

from django.utils import timezone

from passend.arrangementen import services
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h


def besluit(cast, **kwargs):
    """A granted extra_ondersteuning application of pupil A on the short route."""
    _aanvraag, besluit = ah.besloten(cast, **kwargs)
    return besluit


def hga_besluit(cast):
    """Pupil A's HGA traject decided by a unanimous MDO (its route evaluates every 8 weeks and at 26)."""
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    school_en_ouders = [{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}]
    h.besluit(h.overleg(traject, cast.ib_a, school_en_ouders), cast.ib_a, "mdo_aanvragen")
    h.groeidocument_ondertekend(cast)
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    h.stap(traject, cast.ib_a, "versturen")
    psycholoog = h.deskundige(cast, "Psycholoog", "psycholoog")
    cjg = h.deskundige(cast, "CJG", "maatschappelijk_werker")
    mdo = h.overleg(
        traject,
        cast.trajectbegeleider,
        [
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            {"naam": "Ouders", "partij": "ouders", "gebruiker": cast.ouder},
            {"naam": "Psycholoog", "partij": "swv", "deskundige": psycholoog},
            {"naam": "CJG", "partij": "jeugdhulp", "deskundige": cjg},
        ],
    )
    h.besluit(mdo, cast.trajectbegeleider, "arrangement_toewijzen", adviezen={"Psycholoog": "A.", "CJG": "B."})
    traject.refresh_from_db()
    return traject.aanvragen.get(status="besloten").besluit


def arrangement(cast, besluit_=None, soort="onderwijsarrangement", weken=26, start=None, **kwargs):
    besluit_ = besluit_ or besluit(cast)
    start = start or timezone.localdate() - timedelta(days=14)
    return services.arrangement_toekennen(
        actor=cast.trajectbegeleider,
        besluit=besluit_,
        soort=soort,
        doel_omschrijving=kwargs.pop("doel_omschrijving", "Ryan komt tot leren in de groep."),
        startdatum=start,
        einddatum=kwargs.pop("einddatum", start + timedelta(weeks=weken)),
        ontvangers=kwargs.pop("ontvangers", ["leerling", "leerkracht"]),
        doelen=kwargs.pop("doelen", [{"omschrijving": "Werkt 15 minuten zelfstandig."}]),
        **kwargs,
    )
