"""Records of the past for the key-figure tests, with the dates a test needs. The services date
everything today; a report is about periods, so these rows are written as an import of earlier
records would write them (consistent with the models' constraints, no audit, no money)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    ArrangementDoel,
    ArrangementGebeurtenis,
    Evaluatie,
    EvaluatieDoel,
    Inzet,
    OuderVragenlijst,
    Tlv,
)
from passend.financien.models import Leerlingtelling
from passend.leerlingen.models import Leerling, Ouder, Thuiszitperiode
from passend.trajecten.models import Aanvraag, Besluit, Gebeurtenis, Signaal, Traject
from tests.trajecten import aanvragen_helpers as ah

_nummer = count(1)


def moment(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(12)))


def leerling(cast, school=None, naam: str = "", **velden) -> Leerling:
    n = next(_nummer)
    school = school or cast.school_a
    return Leerling.objects.create(
        samenwerkingsverband_id=school.samenwerkingsverband_id,
        school=school,
        voornaam=naam or f"Kind{n}",
        achternaam="Rapport",
        geboortedatum=date(2016, 1, 1) + timedelta(days=n),
        datum_inschrijving=date(2020, 8, 20),
        **velden,
    )


def telling(school, dag: date, aantal: int) -> None:
    Leerlingtelling.objects.update_or_create(school=school, peildatum=dag, defaults={"aantal": aantal})


def besluit(
    cast, pupil, *, signaal: date, ingediend: date, besloten: date, soort="extra_ondersteuning", swv=None
) -> Besluit:
    """A traject on the short route from a signal, an application and a granted decision."""
    route = ah.korte_route(cast)
    versie = route.versies.order_by("-nummer").first()
    swv = swv or pupil.samenwerkingsverband
    traject = Traject.objects.create(
        samenwerkingsverband=swv,
        school=pupil.school,
        leerling=pupil,
        onderwerp="leerling",
        vraag="Wat heeft dit kind nodig?",
        route_versie=versie,
        stap=versie.stappen.order_by("volgorde").first(),
        aangemaakt_door=cast.beheerder,
    )
    Signaal.objects.create(traject=traject, door="leerkracht", reden="mismatch", toelichting="Zorgen.", datum=signaal)
    aanvraag = Aanvraag.objects.create(
        traject=traject,
        soort=soort,
        status=Aanvraag.Status.BESLOTEN,
        ondersteuningsvraag="Wat nodig is.",
        ingediend_op=moment(ingediend),
        aangemaakt_door=cast.beheerder,
    )
    gebeurtenis = Gebeurtenis.objects.create(
        traject=traject,
        soort="overgang",
        op=moment(besloten),
        door=cast.beheerder,
        door_naam="Beheerder",
        rol="beheerder",
    )
    return Besluit.objects.create(
        aanvraag=aanvraag,
        nummer=f"T-{next(_nummer)}",
        samenwerkingsverband=swv,
        uitkomst="toekennen",
        inhoud="Toegekend.",
        motivatie="Zo besloten.",
        datum=besloten,
        bezwaar_tot=besloten + timedelta(weeks=6),
        genomen_door=cast.beheerder,
        genomen_door_naam="Beheerder",
        rol="beheerder",
        gebeurtenis=gebeurtenis,
    )


def tlv(cast, pupil, *, besloten: date, soort="so", categorie="laag", school=None, einde: date | None = None, swv=None):
    b = besluit(
        cast,
        pupil,
        signaal=besloten - timedelta(weeks=10),
        ingediend=besloten - timedelta(weeks=4),
        besloten=besloten,
        soort=f"tlv_{soort}",
        swv=swv,
    )
    return Tlv.objects.create(
        samenwerkingsverband=swv or pupil.samenwerkingsverband,
        besluit=b,
        leerling=pupil,
        soort=soort,
        categorie=categorie if soort == "so" else "",
        startdatum=besloten,
        einddatum=einde or besloten + timedelta(days=365),
        ontvangende_school=school or cast.school_b,
        afgegeven_door=cast.beheerder,
    )


def _gebeurtenis(arrangement, status, dag, cast):
    ArrangementGebeurtenis.objects.create(
        arrangement=arrangement, status=status, door=cast.beheerder, door_naam="Beheerder", op=moment(dag)
    )


def arrangement(
    cast,
    pupil,
    *,
    besluit_: Besluit,
    soort="onderwijsarrangement",
    start: date,
    einde: date,
    gestart: date | None = None,
    beeindigd: date | None = None,
    plaats="eigen_school",
    plaats_school=None,
    uren=Decimal("0"),
) -> Arrangement:
    a = Arrangement.objects.create(
        samenwerkingsverband=pupil.samenwerkingsverband,
        traject=besluit_.aanvraag.traject,
        besluit=besluit_,
        leerling=pupil,
        school=pupil.school,
        soort=soort,
        doel_omschrijving="Vooruitgang.",
        plaats=plaats,
        plaats_school=plaats_school,
        startdatum=start,
        einddatum=einde,
        aangemaakt_door=cast.beheerder,
    )
    _gebeurtenis(a, "toegekend", besluit_.datum, cast)
    status = "toegekend"
    if gestart:
        _gebeurtenis(a, "lopend", gestart, cast)
        status = "lopend"
    if beeindigd:
        _gebeurtenis(a, "beeindigd", beeindigd, cast)
        status = "beeindigd"
    Arrangement.objects.filter(pk=a.pk).update(status=status)
    if uren:
        Aanbieder.objects.create(
            arrangement=a,
            soort="deskundige",
            deskundige=cast.deskundige,
            naam="Dr. Test",
            uren_gepland=uren,
            toegewezen_door=cast.beheerder,
        )
    return a


def inzet(cast, arrangement_, dag: date, uren: str) -> Inzet:
    return Inzet.objects.create(
        arrangement=arrangement_,
        aanbieder=arrangement_.aanbieders.first(),
        datum=dag,
        activiteit="begeleiding_leerling",
        uren=Decimal(uren),
        geboekt_door=cast.beheerder,
    )


def evaluatie(cast, arrangement_, *, gepland: date, gehouden: date | None = None, resultaten=(), ouders=()):
    e = Evaluatie.objects.create(arrangement=arrangement_, moment="tussentijds", gepland_op=gepland, datum=gehouden)
    for resultaat in resultaten:
        doel = ArrangementDoel.objects.create(arrangement=arrangement_, omschrijving="Een doel.")
        EvaluatieDoel.objects.create(evaluatie=e, doel=doel, resultaat=resultaat)
    for helpt, betrokken, afspraken in ouders:
        ouder = Ouder.objects.create(samenwerkingsverband=arrangement_.samenwerkingsverband, naam="Een ouder")
        OuderVragenlijst.objects.create(evaluatie=e, ouder=ouder, helpt=helpt, betrokken=betrokken, afspraken=afspraken)
    return e


def thuis(pupil, begin: date, einde: date | None = None, reden="onbekend", aanbod: date | None = None):
    return Thuiszitperiode.objects.create(
        leerling=pupil, begindatum=begin, einddatum=einde, reden=reden, aanbod_op=aanbod
    )
