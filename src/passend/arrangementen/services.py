"""Every write on arrangements, their providers, hours and evaluations.

An arrangement is granted on a decision that granted an application (Besluit toegekend or deels);
its status changes only through these services, each writing a row of its append-only history.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    ArrangementDoel,
    ArrangementGebeurtenis,
    Evaluatie,
    EvaluatieDoel,
    Inzet,
    Maandafsluiting,
    Materiaaluitgave,
    OuderVragenlijst,
    Plaatsingstaak,
    Soort,
    Status,
)
from passend.arrangementen.planning import evaluatiemomenten, plaatsingstaken
from passend.arrangementen.policies import poolbeheer
from passend.core import audit
from passend.core.services import atomic, require
from passend.core.validators import tekstfouten
from passend.financien import services as geld
from passend.financien.geld import NUL, bedrag_tekst, som_van

# The kinds a granted application of each kind may become (the decision said what was granted).
SOORTEN_BIJ_AANVRAAG = {
    "schoolarrangement": {Soort.SCHOOLARRANGEMENT, Soort.SPECIALISTISCHE_EXPERTISE},
    "specialistische_expertise": {Soort.SPECIALISTISCHE_EXPERTISE, Soort.SCHOOLARRANGEMENT},
    "extra_ondersteuning": set(Soort) - {Soort.TIJDELIJKE_PLAATSING},
    "tlv_sbo": {Soort.TIJDELIJKE_PLAATSING},
    "tlv_so": {Soort.TIJDELIJKE_PLAATSING},
    "observatieplek": {Soort.OBSERVATIEPLEK, Soort.DIAGNOSTISCH},
    "onderwijszorgarrangement": {Soort.ONDERWIJSZORGARRANGEMENT, Soort.OJA},
    "overdracht_swv": set(Soort),
}
# The two kinds seed 000 switches between, keeping the history.
OMZETBAAR = {Soort.SCHOOLARRANGEMENT, Soort.SPECIALISTISCHE_EXPERTISE}
LOPEND = (Status.TOEGEKEND, Status.LOPEND, Status.GEEVALUEERD, Status.VERLENGD)


def max_duur(soort: str) -> timedelta:
    """The longest an arrangement of this kind may run (settings, see docs/configuration.md)."""
    if soort == Soort.DIAGNOSTISCH:
        return timedelta(days=settings.PASSEND_DIAGNOSTISCH_MAX_DAGEN)
    return timedelta(days=settings.PASSEND_ARRANGEMENT_MAX_DAGEN)


def _geschiedenis(arrangement, actor, status, **velden) -> ArrangementGebeurtenis:
    return ArrangementGebeurtenis.objects.create(
        arrangement=arrangement, status=status, door=actor, door_naam=actor.naam, **velden
    )


def _vergrendeld(arrangement: Arrangement) -> Arrangement:
    Arrangement.objects.select_for_update().filter(pk=arrangement.pk).values_list("pk", flat=True).get()
    return Arrangement.objects.select_related("traject", "leerling", "school").get(pk=arrangement.pk)


def _periode_fouten(soort: str, start: date | None, eind: date | None) -> dict:
    if start is None or eind is None:
        return {}
    if eind < start:
        return {"einddatum": ["De einddatum ligt vóór de startdatum."]}
    if eind - start > max_duur(soort):
        dagen = max_duur(soort).days
        langst = f"{dagen // 7} weken" if dagen < 100 else f"{dagen} dagen"
        return {"einddatum": [f"Een arrangement van deze soort duurt hoogstens {langst}; verleng het zo nodig later."]}
    return {}


def _valideer(arrangement: Arrangement, *, extra: dict | None = None) -> None:
    fouten = dict(extra or {})
    fouten.update(tekstfouten(arrangement, ["doel_omschrijving", "activiteiten", "rooster"]))
    try:
        arrangement.full_clean(
            exclude=[
                "samenwerkingsverband",
                "traject",
                "besluit",
                "leerling",
                "school",
                "plaats_school",
                "plaats_voorziening",
                "aangemaakt_door",
            ],
            # The period is checked below with its own message; the database constraint's generic
            # "Beperking … is geschonden" would only repeat it, above the form.
            validate_constraints=False,
        )
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    for veld, meldingen in _periode_fouten(arrangement.soort, arrangement.startdatum, arrangement.einddatum).items():
        fouten.setdefault(veld, meldingen)
    onbekend = set(arrangement.ontvangers) - set(Arrangement.Ontvanger.values)
    if not arrangement.ontvangers or onbekend:
        fouten.setdefault("ontvangers", ["Kies voor wie het arrangement is."])
    if arrangement.plaats in ("andere_school", "sbo", "so") and arrangement.plaats_school_id is None:
        fouten.setdefault("plaats_school", ["Kies de school waar het arrangement plaatsvindt."])
    if arrangement.plaats == "voorziening" and arrangement.plaats_voorziening_id is None:
        fouten.setdefault("plaats_voorziening", ["Kies de voorziening waar het arrangement plaatsvindt."])
    for veld, model in (
        ("plaats_school", arrangement.plaats_school),
        ("plaats_voorziening", arrangement.plaats_voorziening),
    ):
        if model is not None and model.samenwerkingsverband_id != arrangement.samenwerkingsverband_id:
            fouten.setdefault(veld, ["Kies uit het dekkend netwerk van uw samenwerkingsverband."])
    if fouten:
        raise ValidationError(fouten)


def _doelen_maken(arrangement: Arrangement, doelen: list[dict]) -> list[ArrangementDoel]:
    from passend.dossier.models import OppDoel

    gemaakt = []
    for i, doel in enumerate(doelen):
        omschrijving = (doel.get("omschrijving") or "").strip()
        opp_doel = doel.get("opp_doel")
        if isinstance(opp_doel, int):
            opp_doel = OppDoel.objects.filter(pk=opp_doel).first()
        if opp_doel is not None and opp_doel.versie.opp.leerling_id != arrangement.leerling_id:
            raise ValidationError({f"doelen_{i}": ["Kies een doel uit het OPP van deze leerling."]})
        if not omschrijving and opp_doel is not None:
            omschrijving = opp_doel.omschrijving
        nieuw = ArrangementDoel(arrangement=arrangement, omschrijving=omschrijving, opp_doel=opp_doel)
        fouten = tekstfouten(nieuw, ["omschrijving"])
        if not omschrijving:
            fouten["omschrijving"] = ["Beschrijf het doel, of kies een doel uit het OPP."]
        try:
            nieuw.full_clean(exclude=["arrangement", "opp_doel"])
        except ValidationError as fout:
            fouten = {**fout.message_dict, **fouten}
        if fouten:
            raise ValidationError({f"doelen_{i}": [m for ms in fouten.values() for m in ms]})
        nieuw.save()
        gemaakt.append(nieuw)
    return gemaakt


def _evaluaties_plannen(arrangement: Arrangement, vanaf: date | None = None) -> None:
    cadans = arrangement.traject.route_versie.evaluatie
    for moment, dag in evaluatiemomenten(arrangement.startdatum, arrangement.einddatum, cadans):
        if vanaf is None or dag > vanaf:
            Evaluatie.objects.create(arrangement=arrangement, moment=moment, gepland_op=dag)


@atomic
def arrangement_toekennen(
    *,
    actor,
    besluit,
    soort: str,
    doel_omschrijving: str,
    startdatum: date,
    einddatum: date,
    ontvangers: list[str],
    doelen: list[dict] | None = None,
    terugkeer_op: date | None = None,
    buffer_reden: str = "",
    **velden,
) -> Arrangement:
    """Put into effect what a decision granted: the arrangement, its goals, its planned
    evaluations (the route's cadence), for a temporary placement the dated tasks around it, and
    its cost committed on the budget (financien; refused, with nothing saved, when the budget line
    falls short, unless the management draws on the buffer with `buffer_reden`)."""
    aanvraag = besluit.aanvraag
    traject = aanvraag.traject
    grant = require(actor, "arrangementen.toekennen", traject)
    if besluit.uitkomst not in ("toegekend", "deels"):
        raise ValidationError({"soort": "Een afgewezen aanvraag geeft geen arrangement."})
    if Arrangement.objects.filter(besluit=besluit).exists():
        raise ValidationError({"soort": f"Bij besluit {besluit.nummer} hoort al een arrangement."})
    if soort not in SOORTEN_BIJ_AANVRAAG.get(aanvraag.soort, set()):
        raise ValidationError({"soort": "Deze soort arrangement past niet bij wat is aangevraagd en besloten."})
    onbekend = set(velden) - {
        "activiteiten",
        "plaats",
        "plaats_school",
        "plaats_voorziening",
        "rooster",
        "materiaalbudget",
        "financiering",
    }
    if onbekend:
        raise ValidationError(dict.fromkeys(sorted(onbekend), "Dit veld hoort niet bij een arrangement."))
    arrangement = Arrangement(
        samenwerkingsverband_id=traject.samenwerkingsverband_id,
        traject=traject,
        besluit=besluit,
        leerling_id=traject.leerling_id,
        school_id=traject.school_id,
        soort=soort,
        doel_omschrijving=doel_omschrijving,
        startdatum=startdatum,
        einddatum=einddatum,
        ontvangers=list(ontvangers or []),
        aangemaakt_door=actor,
        **velden,
    )
    extra = {}
    if soort == Soort.TIJDELIJKE_PLAATSING:
        if terugkeer_op is None:
            extra["terugkeer_op"] = ["Kies de datum van de geplande terugkeer naar de eigen school."]
        elif startdatum and terugkeer_op < startdatum:
            extra["terugkeer_op"] = ["De terugkeer ligt vóór de start van de plaatsing."]
    _valideer(arrangement, extra=extra)
    arrangement.save()
    _doelen_maken(arrangement, doelen or [])
    _geschiedenis(arrangement, actor, Status.TOEGEKEND, naar_soort=soort, einddatum=einddatum)
    _evaluaties_plannen(arrangement)
    if soort == Soort.TIJDELIJKE_PLAATSING:
        for taak in plaatsingstaken(startdatum, terugkeer_op):
            Plaatsingstaak.objects.create(arrangement=arrangement, **taak)
    geld.arrangement_toegekend(arrangement, actor=actor, rol=grant.lidmaatschap.rol, buffer_reden=buffer_reden)
    audit.log(
        audit.Action.CREATE,
        obj=arrangement,
        grant=grant,
        detail={"besluit": besluit.nummer, "soort": soort, "periode": f"{startdatum}/{einddatum}"},
    )
    return arrangement


@atomic
def arrangement_starten(*, actor, arrangement: Arrangement) -> Arrangement:
    grant = require(actor, "arrangementen.toewijzen", arrangement)
    arrangement = _vergrendeld(arrangement)
    if arrangement.status != Status.TOEGEKEND:
        raise ValidationError({"__all__": "Dit arrangement loopt al of is beëindigd."})
    arrangement.status = Status.LOPEND
    arrangement.save(update_fields=["status"])
    _geschiedenis(arrangement, actor, Status.LOPEND)
    audit.log(audit.Action.UPDATE, obj=arrangement, grant=grant, detail={"status": Status.LOPEND})
    return arrangement


def _tekst(waarde: str, veld: str, *, verplicht: bool, lengte: int, leeg: str = "Schrijf op waarom.") -> str:
    waarde = (waarde or "").strip()
    if verplicht and not waarde:
        raise ValidationError({veld: [leeg]})
    if len(waarde) > lengte or "\x00" in waarde:
        raise ValidationError({veld: [f"Gebruik hoogstens {lengte} tekens, zonder null-tekens."]})
    return waarde


@atomic
def arrangement_verlengen(*, actor, arrangement: Arrangement, einddatum: date, toelichting: str) -> Arrangement:
    """Extend to a later end date (again within the kind's maximum from the start)."""
    grant = require(actor, "arrangementen.toekennen", arrangement.traject)
    arrangement = _vergrendeld(arrangement)
    toelichting = _tekst(toelichting, "toelichting", verplicht=True, lengte=2000)
    if arrangement.status not in LOPEND:
        raise ValidationError({"__all__": "Een beëindigd arrangement wordt niet verlengd; ken zo nodig een nieuw toe."})
    if einddatum <= arrangement.einddatum:
        raise ValidationError({"einddatum": ["Kies een einddatum na de huidige einddatum."]})
    if fouten := _periode_fouten(arrangement.soort, arrangement.startdatum, einddatum):
        raise ValidationError(fouten)
    oud = arrangement.einddatum
    arrangement.einddatum, arrangement.status = einddatum, Status.VERLENGD
    arrangement.save(update_fields=["einddatum", "status"])
    # The end evaluation moves to the new end; the cadence continues in between.
    arrangement.evaluaties.filter(datum__isnull=True, moment=Evaluatie.Moment.EIND).delete()
    _evaluaties_plannen(arrangement, vanaf=max(oud, timezone.localdate()))
    _geschiedenis(arrangement, actor, Status.VERLENGD, einddatum=einddatum, toelichting=toelichting)
    geld.arrangement_verlengd(arrangement, actor=actor, rol=grant.lidmaatschap.rol, oude_einddatum=oud)
    audit.log(audit.Action.UPDATE, obj=arrangement, grant=grant, detail={"verlengd_tot": str(einddatum)})
    return arrangement


def _beeindigen(arrangement: Arrangement, actor, toelichting: str) -> None:
    arrangement.status = Status.BEEINDIGD
    arrangement.save(update_fields=["status"])
    arrangement.evaluaties.filter(datum__isnull=True).delete()  # not held, and no longer due
    arrangement.aanbieders.filter(beeindigd_op__isnull=True).update(beeindigd_op=timezone.now())
    _geschiedenis(arrangement, actor, Status.BEEINDIGD, toelichting=toelichting)
    # What was committed and not yet spent is released (ending early frees the rest of the budget).
    geld.vrijval(actor=actor, rol="", arrangement=arrangement, reden=f"{arrangement} beëindigd")


@atomic
def arrangement_beeindigen(*, actor, arrangement: Arrangement, toelichting: str) -> Arrangement:
    grant = require(actor, "arrangementen.evalueren", arrangement)
    arrangement = _vergrendeld(arrangement)
    toelichting = _tekst(toelichting, "toelichting", verplicht=True, lengte=2000)
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is al beëindigd."})
    _beeindigen(arrangement, actor, toelichting)
    audit.log(audit.Action.UPDATE, obj=arrangement, grant=grant, detail={"status": Status.BEEINDIGD})
    return arrangement


@atomic
def arrangement_omzetten(*, actor, arrangement: Arrangement, naar_soort: str, toelichting: str) -> Arrangement:
    """Seed 000: the question turns out bigger or smaller; switch between a schoolarrangement and
    specialist expertise. The arrangement, its hours and its history stay; the switch is recorded."""
    grant = require(actor, "arrangementen.toewijzen", arrangement)
    arrangement = _vergrendeld(arrangement)
    toelichting = _tekst(toelichting, "toelichting", verplicht=True, lengte=2000)
    if arrangement.soort not in OMZETBAAR or naar_soort not in OMZETBAAR or naar_soort == arrangement.soort:
        raise ValidationError(
            {"naar_soort": ["Omzetten kan tussen een schoolarrangement en specialistische expertise."]}
        )
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd."})
    van = arrangement.soort
    arrangement.soort = naar_soort
    arrangement.save(update_fields=["soort"])
    _geschiedenis(arrangement, actor, arrangement.status, van_soort=van, naar_soort=naar_soort, toelichting=toelichting)
    audit.log(audit.Action.UPDATE, obj=arrangement, grant=grant, detail={"van": van, "naar": naar_soort})
    return arrangement


# --- Providers -------------------------------------------------------------------------------


@atomic
def aanbieder_toewijzen(
    *, actor, arrangement: Arrangement, soort: str, uren_gepland: Decimal, deskundige=None, naam: str = ""
) -> Aanbieder:
    """Assign a provider with their planned hours. An expert with an account becomes a betrokkene
    of the traject, so they see the pupil for as long as they provide the support."""
    grant = require(actor, "arrangementen.toewijzen", arrangement)
    arrangement = _vergrendeld(arrangement)
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd."})
    if deskundige is not None and deskundige.samenwerkingsverband_id != arrangement.samenwerkingsverband_id:
        raise ValidationError({"deskundige": ["Kies een deskundige uit de pool van uw samenwerkingsverband."]})
    if soort == Aanbieder.SoortAanbieder.DESKUNDIGE and deskundige is None:
        raise ValidationError({"deskundige": ["Kies de deskundige."]})
    if (
        deskundige is not None
        and arrangement.aanbieders.filter(deskundige=deskundige, beeindigd_op__isnull=True).exists()
    ):
        raise ValidationError({"deskundige": [f"{deskundige.naam} biedt dit arrangement al."]})
    aanbieder = Aanbieder(
        arrangement=arrangement,
        soort=soort,
        deskundige=deskundige,
        naam=(naam or "").strip() or (deskundige.naam if deskundige else ""),
        uren_gepland=uren_gepland if uren_gepland is not None else Decimal("0"),
        toegewezen_door=actor,
    )
    fouten = tekstfouten(aanbieder, ["naam"])
    try:
        aanbieder.full_clean(exclude=["arrangement", "deskundige", "toegewezen_door"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    aanbieder.save()
    geld.aanbieder_toegewezen(aanbieder, actor=actor, rol=grant.lidmaatschap.rol)
    if deskundige is not None and deskundige.gebruiker_id is not None:
        _betrokken_maken(actor, arrangement, deskundige)
    audit.log(
        audit.Action.CREATE,
        obj=aanbieder,
        grant=grant,
        leerling_id=arrangement.leerling_id,
        detail={"arrangement": arrangement.pk, "uren": str(aanbieder.uren_gepland)},
    )
    return aanbieder


def _betrokken_maken(actor, arrangement, deskundige) -> None:
    from passend.trajecten.models import Betrokkene

    traject = arrangement.traject
    if traject.betrokkenen.filter(gebruiker_id=deskundige.gebruiker_id, beeindigd_op__isnull=True).exists():
        return
    Betrokkene.objects.create(
        traject=traject,
        gebruiker_id=deskundige.gebruiker_id,
        deskundige=deskundige,
        naam=deskundige.naam,
        functie=f"{deskundige.get_discipline_display().lower()}, biedt het {arrangement.get_soort_display().lower()}",
        partij="swv",
        toegevoegd_door=actor,
    )


@atomic
def aanbieder_beeindigen(*, actor, aanbieder: Aanbieder) -> Aanbieder:
    """End a provider's part (reassigning is ending one and assigning another); their hours stay."""
    grant = require(actor, "arrangementen.toewijzen", aanbieder.arrangement)
    aanbieder = Aanbieder.objects.select_for_update().get(pk=aanbieder.pk)
    if aanbieder.beeindigd_op is not None:
        raise ValidationError({"__all__": "Deze aanbieder is al beëindigd."})
    aanbieder.beeindigd_op = timezone.now()
    aanbieder.save(update_fields=["beeindigd_op"])
    geld.vrijval(actor=actor, rol=grant.lidmaatschap.rol, aanbieder=aanbieder, reden=f"{aanbieder.naam} stopt")
    if aanbieder.deskundige_id and aanbieder.deskundige.gebruiker_id:
        aanbieder.arrangement.traject.betrokkenen.filter(
            gebruiker_id=aanbieder.deskundige.gebruiker_id, deskundige=aanbieder.deskundige, beeindigd_op__isnull=True
        ).update(beeindigd_op=aanbieder.beeindigd_op)
    audit.log(audit.Action.UPDATE, obj=aanbieder, grant=grant, leerling_id=aanbieder.arrangement.leerling_id)
    return aanbieder


# --- Hours -----------------------------------------------------------------------------------


def maand_is_afgesloten(samenwerkingsverband_id: int, dag: date) -> bool:
    return Maandafsluiting.objects.filter(
        samenwerkingsverband_id=samenwerkingsverband_id, jaar=dag.year, maand=dag.month
    ).exists()


def _boekdatum_fout(arrangement, datum: date | None, wat: str) -> str:
    """Why nothing can be booked on `datum` (hours or a purchase), or ''."""
    if datum is None:
        return ""
    if datum > timezone.localdate():
        return f"Boek {wat} niet vooruit: deze datum ligt in de toekomst."
    if datum < arrangement.startdatum or datum > arrangement.einddatum:
        van, tot = arrangement.startdatum, arrangement.einddatum
        return f"Het arrangement loopt van {van:%d-%m-%Y} tot en met {tot:%d-%m-%Y}."
    if maand_is_afgesloten(arrangement.samenwerkingsverband_id, datum):
        return f"De maand {datum:%m-%Y} is afgesloten; {wat} daarin kan niet meer worden geboekt."
    return ""


@atomic
def inzet_boeken(
    *, actor, aanbieder: Aanbieder, datum: date, activiteit: str, uren: Decimal, toelichting: str = ""
) -> Inzet:
    """Record hours given. Refused for a date outside the arrangement or in the future, in a
    closed month, for a provider whose part ended, or for an ended arrangement."""
    arrangement = aanbieder.arrangement
    grant = require(actor, "arrangementen.inzet_boeken", arrangement)
    eigen = aanbieder.deskundige_id is not None and aanbieder.deskundige.gebruiker_id == actor.pk
    if grant.rule.code == "aanbieder_van_arrangement" and not eigen and poolbeheer(actor, arrangement) is None:
        # A providing expert books their own hours; the pool's managers book on any part.
        audit.log_denied(reason="geen eigen deel van het arrangement", obj=aanbieder, detail={"permissie": "inzet"})
        raise PermissionDenied
    arrangement = _vergrendeld(arrangement)
    fouten: dict[str, list[str]] = {}
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd; er wordt geen inzet meer op geboekt."})
    if aanbieder.beeindigd_op is not None:
        fouten["aanbieder"] = ["Deze aanbieder biedt het arrangement niet meer."]
    if fout := _boekdatum_fout(arrangement, datum, "inzet"):
        fouten["datum"] = [fout]
    if uren is not None and (uren <= 0 or uren > 24):
        fouten["uren"] = ["Vul een aantal uren in tussen 0,25 en 24."]
    inzet = Inzet(
        arrangement=arrangement,
        aanbieder=aanbieder,
        datum=datum,
        activiteit=activiteit,
        uren=uren,
        toelichting=(toelichting or "").strip(),
        geboekt_door=actor,
    )
    fouten.update({k: v for k, v in tekstfouten(inzet, ["toelichting"]).items() if k not in fouten})
    try:
        inzet.full_clean(exclude=["arrangement", "aanbieder", "geboekt_door"])
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    if fouten:
        raise ValidationError(fouten)
    inzet.save()
    geld.inzet_geboekt(inzet, actor=actor, rol=grant.lidmaatschap.rol)
    if arrangement.status == Status.TOEGEKEND:  # the first hours given: the arrangement runs
        arrangement.status = Status.LOPEND
        arrangement.save(update_fields=["status"])
        _geschiedenis(arrangement, actor, Status.LOPEND, toelichting="Eerste inzet geboekt.")
    audit.log(
        audit.Action.CREATE,
        obj=inzet,
        grant=grant,
        samenwerkingsverband_id=arrangement.samenwerkingsverband_id,
        detail={"uren": str(inzet.uren), "datum": str(datum)},
    )
    return inzet


@atomic
def maand_afsluiten(*, actor, samenwerkingsverband, jaar: int, maand: int) -> Maandafsluiting:
    """Close a past month for hours, so what was delivered (and will be paid) stays as it is."""
    grant = require(actor, "arrangementen.maand_afsluiten", samenwerkingsverband)
    vandaag = timezone.localdate()
    if not 1 <= maand <= 12 or not 2000 <= jaar <= 2100:
        raise ValidationError({"maand": ["Kies een bestaande maand."]})
    if (jaar, maand) >= (vandaag.year, vandaag.month):
        raise ValidationError({"maand": ["Sluit alleen een maand af die voorbij is."]})
    if Maandafsluiting.objects.filter(samenwerkingsverband=samenwerkingsverband, jaar=jaar, maand=maand).exists():
        raise ValidationError({"maand": [f"De maand {maand:02d}-{jaar} is al afgesloten."]})
    afsluiting = Maandafsluiting.objects.create(
        samenwerkingsverband=samenwerkingsverband, jaar=jaar, maand=maand, afgesloten_door=actor
    )
    audit.log(audit.Action.CREATE, obj=afsluiting, grant=grant, detail={"maand": f"{maand:02d}-{jaar}"})
    return afsluiting


@atomic
def materiaaluitgave_boeken(
    *, actor, arrangement: Arrangement, datum: date, bedrag: Decimal, omschrijving: str
) -> Materiaaluitgave:
    """Record what was bought from the arrangement's budget for materials: spent on the ledger
    that day. Refused beyond the budget, for a date outside the arrangement or in the future, in
    a closed month, or once the arrangement ended."""
    grant = require(actor, "arrangementen.materiaal_boeken", arrangement)
    arrangement = _vergrendeld(arrangement)
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd; er wordt niets meer op geboekt."})
    fouten: dict[str, list[str]] = {}
    if fout := _boekdatum_fout(arrangement, datum, "een aankoop"):
        fouten["datum"] = [fout]
    if bedrag is not None and bedrag > 0:
        besteed = som_van(arrangement.materiaaluitgaven.all())
        over = arrangement.materiaalbudget - besteed
        if bedrag > over:
            fouten["bedrag"] = [
                f"Het budget voor materialen is {bedrag_tekst(arrangement.materiaalbudget)}; er is "
                f"{bedrag_tekst(besteed)} uitgegeven, dus er kan nog {bedrag_tekst(max(over, NUL))} bij."
            ]
    uitgave = Materiaaluitgave(
        arrangement=arrangement,
        datum=datum,
        bedrag=bedrag,
        omschrijving=(omschrijving or "").strip(),
        geboekt_door=actor,
    )
    fouten.update({k: v for k, v in tekstfouten(uitgave, ["omschrijving"]).items() if k not in fouten})
    try:
        uitgave.full_clean(exclude=["arrangement", "geboekt_door"])
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    if fouten:
        raise ValidationError(fouten)
    uitgave.save()
    geld.materiaal_geboekt(uitgave, actor=actor, rol=grant.lidmaatschap.rol)
    audit.log(
        audit.Action.CREATE,
        obj=uitgave,
        grant=grant,
        samenwerkingsverband_id=arrangement.samenwerkingsverband_id,
        detail={"bedrag": str(uitgave.bedrag), "datum": str(datum)},
    )
    return uitgave


# --- Evaluations -----------------------------------------------------------------------------


@atomic
def evaluatie_vastleggen(
    *,
    actor,
    evaluatie: Evaluatie,
    datum: date,
    resultaten: dict[int, str],
    uitkomst: str,
    visie_leerkracht: str = "",
    visie_ouders: str = "",
    visie_leerling: str = "",
    toelichting: str = "",
    nieuwe_doelen: list[dict] | None = None,
) -> Evaluatie:
    """Record an evaluation: a result per goal, the views, and the outcome — continue, adjust,
    add goals, end, or take it back to a meeting. Once recorded it does not change."""
    arrangement = evaluatie.arrangement
    grant = require(actor, "arrangementen.evalueren", arrangement)
    arrangement = _vergrendeld(arrangement)
    evaluatie = Evaluatie.objects.select_for_update().get(pk=evaluatie.pk)
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd; er valt niets meer te evalueren."})
    if evaluatie.datum is not None:
        raise ValidationError({"__all__": "Deze evaluatie is al vastgelegd."})
    fouten: dict[str, list[str]] = {}
    if datum is None or datum > timezone.localdate():
        fouten["datum"] = ["Leg de evaluatie vast als ze is gehouden (niet in de toekomst)."]
    elif datum < arrangement.startdatum:
        fouten["datum"] = ["De evaluatie ligt vóór de start van het arrangement."]
    if uitkomst not in Evaluatie.Uitkomst.values:
        fouten["uitkomst"] = ["Kies de uitkomst van de evaluatie."]
    doelen = list(arrangement.doelen.all())
    for doel in doelen:
        if resultaten.get(doel.pk) not in EvaluatieDoel.Resultaat.values:
            fouten[f"resultaat_{doel.pk}"] = [f"Geef aan of het doel ‘{doel.omschrijving[:60]}’ is behaald."]
    if uitkomst == Evaluatie.Uitkomst.NIEUWE_DOELEN and not nieuwe_doelen:
        fouten["nieuwe_doelen"] = ["Beschrijf de nieuwe doelen."]
    evaluatie.datum = datum
    evaluatie.uitkomst = uitkomst
    evaluatie.visie_leerkracht = (visie_leerkracht or "").strip()
    evaluatie.visie_ouders = (visie_ouders or "").strip()
    evaluatie.visie_leerling = (visie_leerling or "").strip()
    evaluatie.toelichting = (toelichting or "").strip()
    fouten.update(
        {
            k: v
            for k, v in tekstfouten(
                evaluatie, ["visie_leerkracht", "visie_ouders", "visie_leerling", "toelichting"]
            ).items()
            if k not in fouten
        }
    )
    if fouten:
        raise ValidationError(fouten)
    evaluatie.vastgelegd_door, evaluatie.vastgelegd_door_naam = actor, actor.naam
    evaluatie.save()
    for doel in doelen:
        EvaluatieDoel.objects.create(evaluatie=evaluatie, doel=doel, resultaat=resultaten[doel.pk])
    if nieuwe_doelen:
        _doelen_maken(arrangement, nieuwe_doelen)
    if uitkomst == Evaluatie.Uitkomst.BEEINDIGEN:
        _beeindigen(arrangement, actor, evaluatie.toelichting or "Beëindigd na de evaluatie.")
    else:
        arrangement.status = Status.GEEVALUEERD
        arrangement.save(update_fields=["status"])
        _geschiedenis(arrangement, actor, Status.GEEVALUEERD, toelichting=evaluatie.get_uitkomst_display())
    audit.log(
        audit.Action.UPDATE,
        obj=evaluatie,
        grant=grant,
        detail={"uitkomst": uitkomst, "resultaten": {str(k): v for k, v in resultaten.items()}},
    )
    return evaluatie


@atomic
def oudervragenlijst_invullen(
    *, actor, evaluatie: Evaluatie, helpt: int, betrokken: int, afspraken: int, opmerking: str = ""
) -> OuderVragenlijst:
    """A parent with custody fills in their own short questionnaire on the arrangement."""
    arrangement = evaluatie.arrangement
    grant = require(actor, "arrangementen.oudervragenlijst", arrangement)
    ouder = arrangement.leerling.ouderschappen.filter(ouder__gebruiker=actor).select_related("ouder").first().ouder
    if arrangement.status == Status.BEEINDIGD:
        raise ValidationError({"__all__": "Dit arrangement is beëindigd."})
    if OuderVragenlijst.objects.filter(evaluatie=evaluatie, ouder=ouder).exists():
        raise ValidationError({"__all__": "U heeft de vragenlijst voor deze evaluatie al ingevuld."})
    lijst = OuderVragenlijst(
        evaluatie=evaluatie,
        ouder=ouder,
        helpt=helpt,
        betrokken=betrokken,
        afspraken=afspraken,
        opmerking=(opmerking or "").strip(),
    )
    fouten = tekstfouten(lijst, ["opmerking"])
    try:
        lijst.full_clean(exclude=["evaluatie", "ouder"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    lijst.save()
    audit.log(audit.Action.CREATE, obj=lijst, grant=grant, leerling_id=arrangement.leerling_id)
    return lijst


@atomic
def plaatsingstaak_afronden(*, actor, taak: Plaatsingstaak, verslag: str, op: date | None = None) -> Plaatsingstaak:
    """Report a task around a temporary placement done (an observation, the agreements, advice)."""
    arrangement = taak.arrangement
    grant = require(actor, "arrangementen.evalueren", arrangement)
    taak = Plaatsingstaak.objects.select_for_update().get(pk=taak.pk)
    if taak.gedaan_op is not None:
        raise ValidationError({"__all__": f"Deze taak is al afgerond op {taak.gedaan_op:%d-%m-%Y}."})
    op = op or timezone.localdate()
    if op > timezone.localdate():
        raise ValidationError({"op": ["Rond een taak af als zij is gedaan (niet in de toekomst)."]})
    taak.verslag = _tekst(
        verslag, "verslag", verplicht=True, lengte=4000, leeg="Schrijf kort op wat er is gedaan of gezien."
    )
    taak.gedaan_op, taak.gedaan_door = op, actor
    taak.save(update_fields=["verslag", "gedaan_op", "gedaan_door"])
    audit.log(
        audit.Action.UPDATE,
        obj=taak,
        grant=grant,
        samenwerkingsverband_id=arrangement.samenwerkingsverband_id,
        leerling_id=arrangement.leerling_id,
        detail={"taak": taak.soort, "gedaan": str(op)},
    )
    return taak
