"""A short route for the application tests: the school draws up an application, an outcome
submits it to the partnership, and the trajectbegeleider decides on it or sends it back."""

from passend.trajecten import services
from passend.trajecten.models import Route
from tests.trajecten import helpers as h

KORTE_ROUTE = """\
code: aanvraag-kort
naam: Korte route met een aanvraag
beschrijving: De school stelt een aanvraag op; het samenwerkingsverband besluit erover.
bron: tests
casusregisseur: [trajectbegeleider]
start: opstellen
stappen:
  - code: opstellen
    naam: Aanvraag opstellen
    aspect: 5
    bij: school
    rollen: [ib, directeur]
    aanvraag: [extra_ondersteuning, tlv_sbo, tlv_so, specialistische_expertise]
    uitkomsten:
      - code: indienen
        naam: Indienen bij het samenwerkingsverband
        naar: beoordelen
        indienen: true
      - code: afsluiten
        naam: Geen aanvraag nodig; afsluiten
        naar: einde
  - code: beoordelen
    naam: Beoordelen door het samenwerkingsverband
    aspect: 5
    bij: samenwerkingsverband
    rollen: [trajectbegeleider]
    beslisregel: een_beslisser
    uitkomsten:
      - code: toekennen
        naam: Extra ondersteuning toekennen
        naar: uitvoeren
        besluit: toegekend
      - code: afwijzen
        naam: Afwijzen
        naar: einde
        besluit: afgewezen
      - code: terug
        naam: Terug naar de school om aan te vullen
        naar: opstellen
  - code: uitvoeren
    naam: Uitvoeren
    aspect: 6
    bij: school
    rollen: [ib]
    uitkomsten:
      - code: afsluiten
        naam: Afsluiten
        naar: einde
"""

SCHOOLVRAAG = {**h.SIGNAAL, "door": "ib", "reden": "schoolvraag"}


def korte_route(cast) -> Route:
    route = Route.objects.filter(samenwerkingsverband=cast.swv, code="aanvraag-kort").first()
    return route or services.route_create(actor=cast.beheerder, samenwerkingsverband=cast.swv, bron=KORTE_ROUTE).route


def start(cast, leerling=None):
    """A traject on the short route for pupil A (or `leerling`), started by their teacher."""
    leerling = leerling or cast.leerling_a
    return services.traject_start(
        actor=cast.leerkracht_a if leerling == cast.leerling_a else cast.ib_b,
        route=korte_route(cast),
        leerling=leerling,
        signaal=h.SIGNAAL,
        vraag=f"Wat heeft {leerling.voornaam} nodig aan extra ondersteuning?",
    )


def start_schoolvraag(cast):
    """A traject on the short route about school A's team: no pupil."""
    return services.traject_start(
        actor=cast.ib_a,
        route=korte_route(cast),
        school=cast.school_a,
        onderwerp="team",
        signaal=SCHOOLVRAAG,
        vraag="Hoe versterken we het team in de omgang met gedrag?",
    )


def ib(cast, traject):
    """The IB'er of the traject's school."""
    return cast.ib_a if traject.school_id == cast.school_a.pk else cast.ib_b


def concept(cast, soort: str = "extra_ondersteuning", traject=None, **velden):
    """Pupil A's traject (or `traject`) on the short route with a complete concept of `soort`,
    drawn up by the school's IB'er (and for a TLV signed by the director of school A)."""
    traject = traject or start(cast)
    return h.aanvraag(traject, ib(cast, traject), soort, directeur=cast.directeur_a, **velden)


def ingediend(cast, **kwargs):
    aanvraag = concept(cast, **kwargs)
    h.stap(aanvraag.traject, ib(cast, aanvraag.traject), "indienen")
    aanvraag.refresh_from_db()
    return aanvraag


def besloten(cast, uitkomst: str = "toekennen", **kwargs):
    """A decided application and its decision."""
    aanvraag = ingediend(cast, **kwargs)
    h.stap(aanvraag.traject, cast.trajectbegeleider, uitkomst, "Past bij de onderwijsbehoeften; zo besloten.")
    aanvraag.refresh_from_db()
    return aanvraag, aanvraag.besluit
