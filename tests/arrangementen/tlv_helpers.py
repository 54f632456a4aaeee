"""TLV applications on the short route (tests/trajecten/aanvragen_helpers.py): pupils of school A
with a set OPP, an application submitted by the IB'er and signed by the director, the experts'
two advices, the trajectbegeleider's decision and the TLV issued."""

from datetime import date, timedelta

from django.utils import timezone

from passend.arrangementen import tlv
from passend.leerlingen.models import Leerling
from passend.organisaties.models import Deskundige, School
from passend.trajecten import services
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h


def vandaag() -> date:
    return timezone.localdate()


def vastgesteld_opp(leerling) -> None:
    """A set OPP (what a TLV application needs), without its pages (tests/dossier has those)."""
    from passend.dossier.models import Opp, OppVersie

    opp, _ = Opp.objects.get_or_create(leerling=leerling)
    OppVersie.objects.create(opp=opp, nummer=opp.versies.count() + 1, vastgesteld_op=timezone.now())


def leerling(cast, voornaam: str) -> Leerling:
    """Another pupil of school A."""
    return Leerling.objects.create(
        samenwerkingsverband=cast.swv,
        school=cast.school_a,
        voornaam=voornaam,
        achternaam="Test",
        groep=4,
        geboortedatum=date(2017, 6, 1),
        datum_inschrijving=date(2021, 8, 20),
    )


def sbo_school(cast) -> School:
    return School.objects.get_or_create(
        samenwerkingsverband=cast.swv,
        instellingscode="11SB00",
        defaults={
            "schoolbestuur": cast.bestuur,
            "naam": "SBO De Brug",
            "soort": "sbo",
            "capaciteit": 120,
            "postcode": "1234 AE",
            "plaats": "Testdorp",
        },
    )[0]


def deskundige(cast, naam: str, discipline: str, **kwargs) -> Deskundige:
    return Deskundige.objects.get_or_create(
        samenwerkingsverband=cast.swv,
        naam=naam,
        defaults={"organisatie": kwargs.pop("organisatie", "Expertpool"), "discipline": discipline, **kwargs},
    )[0]


def start(cast, leerling_=None):
    leerling_ = leerling_ or cast.leerling_a
    return services.traject_start(
        actor=cast.ib_a,
        route=ah.korte_route(cast),
        leerling=leerling_,
        signaal=h.SIGNAAL,
        vraag=f"Welke school past {leerling_.voornaam}?",
    )


def concept(cast, soort: str = "tlv_so", leerling_=None, **velden):
    leerling_ = leerling_ or cast.leerling_a
    vastgesteld_opp(leerling_)
    return h.aanvraag(start(cast, leerling_), cast.ib_a, soort, directeur=cast.directeur_a, **velden)


def ingediend(cast, soort: str = "tlv_so", leerling_=None, **velden):
    aanvraag = concept(cast, soort, leerling_, **velden)
    h.stap(aanvraag.traject, cast.ib_a, "indienen")
    aanvraag.refresh_from_db()
    return aanvraag


def adviezen(cast, aanvraag, actor=None, dagen_geleden: int = 1):
    """The two separate advices: an orthopedagoog and a jeugdarts from the pool."""
    uit = []
    for naam, discipline, tekst in (
        ("Olga Orthopedagoog", "orthopedagoog", "Een kleine setting met veel structuur."),
        ("Jan Jeugdarts", "jeugdarts", "Rustmomenten inbouwen; geen medische belemmering."),
    ):
        uit.append(
            tlv.deskundigenadvies_vastleggen(
                actor=actor or cast.trajectbegeleider,
                aanvraag=aanvraag,
                deskundige=deskundige(cast, naam, discipline),
                advies=tekst,
                datum=vandaag() - timedelta(days=dagen_geleden),
            )
        )
    return uit


def besloten(cast, soort: str = "tlv_so", leerling_=None, uitkomst: str = "toekennen", **velden):
    """A decided TLV application with its two advices, and the decision."""
    aanvraag = ingediend(cast, soort, leerling_, **velden)
    adviezen(cast, aanvraag)
    h.stap(aanvraag.traject, cast.trajectbegeleider, uitkomst, "Aangewezen op een kleine setting; zo besloten.")
    aanvraag.refresh_from_db()
    return aanvraag, aanvraag.besluit


def afgegeven(cast, soort: str = "tlv_so", leerling_=None, **kwargs):
    """A granted TLV application and the TLV issued on it (a year, to school B for the SO)."""
    _aanvraag, besluit = besloten(cast, soort, leerling_)
    school = cast.school_b if soort == "tlv_so" else sbo_school(cast)
    kwargs.setdefault("startdatum", vandaag())
    if not kwargs.get("hele_schoolloopbaan"):
        kwargs.setdefault("einddatum", vandaag() + timedelta(days=365))
    return tlv.tlv_afgeven(actor=cast.trajectbegeleider, besluit=besluit, ontvangende_school=school, **kwargs)
