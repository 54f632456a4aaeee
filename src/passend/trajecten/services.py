"""Every write on routes and trajecten. A traject moves only through `traject_advance`."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.authz import can, explain
from passend.core.nummering import besluitnummer
from passend.core.services import atomic, require
from passend.core.validators import tekstfouten
from passend.trajecten import motor
from passend.trajecten.models import (
    Aanvraag,
    Afspraak,
    Besluit,
    Besluitvorming,
    Betrokkene,
    Deelnemer,
    Gebeurtenis,
    Overleg,
    Route,
    RouteVersie,
    Signaal,
    Stap,
    Traject,
)
from passend.trajecten.policies import rollen_in_traject
from passend.trajecten.routebestand import EINDE, NIVEAUS, ROLLEN, RouteFout, als_tekst, lees_route, presets


class Geweigerd(PermissionDenied):
    """The engine refuses this actor this move; the message says why, in Dutch."""

    def __init__(self, reden: str):
        self.reden = reden
        super().__init__(reden)


# --- Routes -----------------------------------------------------------------------------------


def _route_fout_als_validatie(fout: RouteFout) -> ValidationError:
    return ValidationError({"bron": fout.meldingen()})


def _versie_maken(*, route: Route, bron: str, actor, toelichting: str = "") -> RouteVersie:
    try:
        data = lees_route(bron)
    except RouteFout as fout:
        raise _route_fout_als_validatie(fout) from None
    if data["code"] != route.code:
        raise ValidationError({"bron": [f"De code in het bestand (‘{data['code']}’) hoort ‘{route.code}’ te zijn."]})
    laatste = route.versies.order_by("-nummer").first()
    versie = RouteVersie.objects.create(
        route=route,
        nummer=(laatste.nummer + 1) if laatste else 1,
        bron=bron,
        naam=data["naam"],
        beschrijving=data["beschrijving"],
        herkomst=data["bron"],
        casusregisseur_rollen=data["casusregisseur"],
        start=data["start"],
        evaluatie=data.get("evaluatie", {}),
        aangemaakt_door=actor,
        toelichting=toelichting,
    )
    Stap.objects.bulk_create(
        Stap(
            versie=versie,
            volgorde=i,
            code=s["code"],
            naam=s["naam"],
            toelichting=s.get("toelichting", ""),
            aspect=s["aspect"],
            bij=s.get("bij", "school"),
            rollen=s["rollen"],
            voorwaarden=s.get("voorwaarden", []),
            overleg=s.get("overleg", ""),
            beslisregel=s.get("beslisregel", "geen"),
            quorum=s.get("quorum"),
            partijen=s.get("partijen", []),
            termijn_dagen=s.get("termijn_dagen"),
            herinneringen=s.get("herinneringen", []),
            uitkomsten=s["uitkomsten"],
            aanvragen=s.get("aanvraag", []),
        )
        for i, s in enumerate(data["stappen"], start=1)
    )
    if route.naam != data["naam"]:
        route.naam = data["naam"]
        route.save(update_fields=["naam"])
    return versie


@atomic
def route_create(*, actor, samenwerkingsverband, bron: str) -> RouteVersie:
    """A new route for the partnership from a route file (a preset, a copy, or the beheerder's own)."""
    grant = require(actor, "trajecten.manage_route", samenwerkingsverband)
    try:
        data = lees_route(bron)
    except RouteFout as fout:
        raise _route_fout_als_validatie(fout) from None
    if Route.objects.filter(samenwerkingsverband=samenwerkingsverband, code=data["code"]).exists():
        raise ValidationError({"code": f"Er is al een route met de code ‘{data['code']}’."})
    route = Route.objects.create(samenwerkingsverband=samenwerkingsverband, code=data["code"], naam=data["naam"])
    versie = _versie_maken(route=route, bron=bron, actor=actor, toelichting="Aangemaakt")
    audit.log(audit.Action.CREATE, obj=route, grant=grant, detail={"versie": versie.nummer})
    return versie


def route_create_from_preset(
    *, actor, samenwerkingsverband, preset: str, code: str = "", naam: str = ""
) -> RouteVersie:
    """A preset taken over as is, or as a copy under its own code and name."""
    bronnen = presets()
    if preset not in bronnen:
        raise ValidationError({"preset": "Kies een van de meegeleverde routes."})
    return route_create(
        actor=actor, samenwerkingsverband=samenwerkingsverband, bron=_hernoemd(bronnen[preset], code, naam)
    )


def _hernoemd(bron: str, code: str, naam: str) -> str:
    if not code and not naam:
        return bron
    data = lees_route(bron)
    if code:
        data["code"] = code
    if naam:
        data["naam"] = naam
    return als_tekst(data)


@atomic
def route_copy(*, actor, route: Route, code: str, naam: str) -> RouteVersie:
    require(actor, "trajecten.manage_route", route.samenwerkingsverband)
    laatste = route.versies.order_by("-nummer").first()
    try:
        bron = _hernoemd(laatste.bron, code, naam)
    except RouteFout as fout:
        raise _route_fout_als_validatie(fout) from None
    return route_create(actor=actor, samenwerkingsverband=route.samenwerkingsverband, bron=bron)


@atomic
def route_save(*, actor, route: Route, bron: str, toelichting: str = "") -> RouteVersie:
    """Save a changed route file as the route's next version. Running trajecten keep theirs."""
    grant = require(actor, "trajecten.manage_route", route.samenwerkingsverband)
    route = Route.objects.select_for_update().get(pk=route.pk)
    laatste = route.versies.order_by("-nummer").first()
    if laatste is not None and laatste.bron == bron:
        raise ValidationError({"bron": ["Er is niets veranderd."]})
    versie = _versie_maken(route=route, bron=bron, actor=actor, toelichting=toelichting[:300])
    audit.log(audit.Action.UPDATE, obj=route, grant=grant, detail={"versie": versie.nummer})
    return versie


def route_step_change(*, actor, route: Route, stap_code: str, wijzigingen: dict, toelichting: str = "") -> RouteVersie:
    """Change one step's roles, deadline, reminders or decision rule, as a new version."""
    laatste = route.versies.order_by("-nummer").first()
    data = lees_route(laatste.bron)
    stap = next((s for s in data["stappen"] if s["code"] == stap_code), None)
    if stap is None:
        raise ValidationError({"stap": "Deze stap bestaat niet in de route."})
    for sleutel, waarde in wijzigingen.items():
        if waarde in (None, "", []) and sleutel in ("termijn_dagen", "quorum", "herinneringen", "partijen"):
            stap.pop(sleutel, None)
        else:
            stap[sleutel] = waarde
    return route_save(actor=actor, route=route, bron=als_tekst(data), toelichting=toelichting)


@atomic
def route_set_in_gebruik(*, actor, route: Route, in_gebruik: bool) -> Route:
    grant = require(actor, "trajecten.manage_route", route.samenwerkingsverband)
    route.in_gebruik = in_gebruik
    route.save(update_fields=["in_gebruik"])
    audit.log(audit.Action.UPDATE, obj=route, grant=grant, detail={"in_gebruik": in_gebruik})
    return route


# --- Trajecten --------------------------------------------------------------------------------


def _termijn(stap: Stap | None) -> date | None:
    if stap is None or not stap.termijn_dagen:
        return None
    return timezone.localdate() + timedelta(days=stap.termijn_dagen)


def _hoogste(a: str, b: str) -> str:
    return a if NIVEAUS.index(a) >= NIVEAUS.index(b) else b


@atomic
def traject_start(
    *,
    actor,
    route: Route,
    signaal: dict,
    vraag: str,
    leerling=None,
    school=None,
    onderwerp: str = Traject.Onderwerp.LEERLING,
) -> Traject:
    """Start a traject on the newest version of `route`, from a signal about a pupil or (for a
    schoolarrangement) a question of a school."""
    if leerling is not None:
        grant = require(actor, "trajecten.start", leerling)
        school, onderwerp = leerling.school, Traject.Onderwerp.LEERLING
    elif school is not None:
        grant = require(actor, "trajecten.start", school)
        if onderwerp == Traject.Onderwerp.LEERLING:
            raise ValidationError({"onderwerp": "Kies waarover de vraag gaat, of start het traject bij de leerling."})
    else:
        raise ValidationError({"leerling": "Kies een leerling of een school."})
    if route.samenwerkingsverband_id != school.samenwerkingsverband_id or not route.in_gebruik:
        raise ValidationError({"route": "Kies een route van uw samenwerkingsverband die in gebruik is."})
    versie = route.versies.order_by("-nummer").first()
    start = versie.stappen.get(code=versie.start)
    traject = Traject(
        samenwerkingsverband_id=school.samenwerkingsverband_id,
        school=school,
        leerling=leerling,
        onderwerp=onderwerp,
        vraag=vraag,
        route_versie=versie,
        stap=start,
        termijn=_termijn(start),
        niveau=start.bij,
        ingediend_op=timezone.now() if start.bij == "samenwerkingsverband" else None,
        aangemaakt_door=actor,
    )
    sig = Signaal(traject=traject, **signaal)
    fouten = tekstfouten(traject, ["vraag"])
    try:
        traject.full_clean(exclude=["stap", "route_versie", "school", "leerling", "aangemaakt_door"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    try:
        sig.full_clean(exclude=["traject"])
    except ValidationError as fout:
        fouten = {**fouten, **fout.message_dict}
    fouten.update(tekstfouten(sig, ["toelichting", "al_geprobeerd"]))
    if fouten:
        raise ValidationError(fouten)
    traject.save()
    sig.traject = traject
    sig.save()
    Gebeurtenis.objects.create(
        traject=traject,
        soort=Gebeurtenis.Soort.GESTART,
        door=actor,
        door_naam=actor.naam,
        rol=grant.lidmaatschap.rol,
        naar_stap=start.code,
        naar_stap_naam=start.naam,
        motivatie=f"Signaal: {sig.get_reden_display()}",
    )
    audit.log(
        audit.Action.CREATE,
        obj=traject,
        grant=grant,
        leerling_id=leerling.pk if leerling else None,
        detail={"route": versie.route.code, "versie": versie.nummer, "stap": start.code},
    )
    return traject


def _vergrendeld(traject: Traject) -> Traject:
    """The traject locked for this transaction, read afresh after the lock.

    The lock is taken without joins: PostgreSQL re-reads a row it waited for, but not the rows
    joined to it, so a join taken with the lock can show the step from before the other move."""
    Traject.objects.select_for_update().filter(pk=traject.pk).values_list("pk", flat=True).get()
    return Traject.objects.select_related("stap", "school", "leerling", "route_versie").get(pk=traject.pk)


def _actueel(traject: Traject) -> Traject:
    """The traject as it is now: who may act on it depends on the step it is on."""
    return Traject.objects.select_related("stap", "school", "leerling").get(pk=traject.pk)


def _weiger(traject, reden: str, actor=None):
    audit.log_denied(reason=reden[:300], obj=traject, leerling_id=traject.leerling_id)
    raise Geweigerd(reden)


@atomic
def traject_advance(
    *, actor, traject: Traject, van_stap: str, uitkomst: str, motivatie: str = "", overleg: Overleg | None = None
) -> Gebeurtenis:
    """Take `uitkomst` of the step the traject is on. Refused, with the reason, when the actor's
    role may not act on this step, a condition is not met, the decision rule is not satisfied,
    or the traject is no longer on `van_stap` (someone else moved it first)."""
    traject = _vergrendeld(traject)
    rollen = rollen_in_traject(actor, traject)
    if not rollen:
        _weiger(traject, motor.verlopen_fout(traject, actor) or "U bent niet (meer) bij dit traject betrokken.")
    if traject.status != Traject.Status.LOPEND:
        raise ValidationError({"uitkomst": "Dit traject is afgesloten."})
    stap = traject.stap
    if stap.code != van_stap:
        raise ValidationError(
            {"uitkomst": f"Het traject is intussen verder gegaan en staat nu bij ‘{stap.naam}’. Bekijk het opnieuw."}
        )
    gekozen = stap.uitkomst(uitkomst)
    if gekozen is None:
        raise ValidationError({"uitkomst": f"‘{uitkomst}’ is geen uitkomst van de stap ‘{stap.naam}’."})
    if (fout := motor.rol_fout(stap, rollen)) is not None:
        _weiger(traject, fout)
    motivatie = (motivatie or "").strip()
    if len(motivatie) > 4000:
        raise ValidationError({"motivatie": "Houd de motivering onder de 4000 tekens."})
    if (fout := motor.voorwaarden_fout(traject, stap, gekozen)) is not None:
        raise ValidationError({"uitkomst": fout})
    if motor.vraagt_overleg(stap, gekozen):
        _check_besluit(traject, stap, gekozen, overleg)
    elif (stap.beslisregel == "een_beslisser" or gekozen.get("ook_zonder_besluit") or gekozen.get("besluit")) and (
        not motivatie
    ):
        raise ValidationError({"motivatie": "Geef de motivering van dit besluit."})
    rol = next((r for r in stap.rollen if r in rollen), next(iter(rollen)))
    lid = rollen[rol]
    naar = None if gekozen["naar"] == EINDE else traject.route_versie.stappen.get(code=gekozen["naar"])
    gebeurtenis = Gebeurtenis.objects.create(
        traject=traject,
        soort=Gebeurtenis.Soort.AFGESLOTEN if naar is None else Gebeurtenis.Soort.OVERGANG,
        door=actor,
        door_naam=actor.naam,
        rol=rol,
        van_stap=stap.code,
        van_stap_naam=stap.naam,
        naar_stap=naar.code if naar else EINDE,
        naar_stap_naam=naar.naam if naar else "Afgesloten",
        uitkomst=gekozen["code"],
        uitkomst_naam=gekozen["naam"],
        motivatie=motivatie,
        overleg=overleg,
    )
    traject.stap = naar
    traject.stap_sinds = gebeurtenis.op
    traject.termijn = _termijn(naar)
    if naar is None:
        traject.status = Traject.Status.AFGESLOTEN
        traject.afgesloten_op = gebeurtenis.op
    else:
        traject.niveau = _hoogste(traject.niveau, naar.bij)
        if naar.bij == "samenwerkingsverband" and traject.ingediend_op is None:
            traject.ingediend_op = gebeurtenis.op
    traject.save()
    audit.log(
        audit.Action.UPDATE,
        obj=traject,
        lidmaatschap=lid,
        leerling_id=traject.leerling_id,
        detail={"van": stap.code, "naar": gebeurtenis.naar_stap, "uitkomst": gekozen["code"], "als": rol},
    )
    _aanvraag_volgt(traject, gekozen, gebeurtenis, lid, naar)
    return gebeurtenis


BEZWAARTERMIJN = timedelta(weeks=6)


def _aanvraag_volgt(traject: Traject, gekozen: dict, gebeurtenis: Gebeurtenis, lid, naar: Stap | None) -> None:
    """What a move does to the traject's open application: submit it, decide on it, hand it
    back to the school (a step where it is drawn up), or let it lapse when the traject ends or
    moves to a step where another kind of application is drawn up.
    The engine's conditions (aanvraag_compleet, aanvraag_ingediend) were checked before."""
    aanvraag = (
        Aanvraag.objects.select_for_update()
        .filter(traject=traject, status__in=[Aanvraag.Status.CONCEPT, Aanvraag.Status.INGEDIEND])
        .first()
    )
    if aanvraag is None:
        return
    if gekozen.get("indienen"):
        aanvraag.status = Aanvraag.Status.INGEDIEND
        aanvraag.ingediend_op = gebeurtenis.op
        aanvraag.ingediend_door = gebeurtenis.door
        aanvraag.save(update_fields=["status", "ingediend_op", "ingediend_door"])
        audit.log(audit.Action.UPDATE, obj=aanvraag, lidmaatschap=lid, detail={"status": "ingediend"})
    elif gekozen.get("besluit"):
        _besluit_vastleggen(aanvraag, gekozen, gebeurtenis, lid)
    elif naar is None:
        _vervalt(aanvraag, lid, "het traject is afgesloten")
    elif naar.aanvragen and aanvraag.soort not in naar.aanvragen:
        # The route went another way (seed 000: from one kind of arrangement to the other).
        _vervalt(aanvraag, lid, f"de route gaat verder met een andere aanvraag ({naar.naam})")
    elif aanvraag.status == Aanvraag.Status.INGEDIEND and aanvraag.soort in naar.aanvragen:
        # Sent back to where it is drawn up: the submitted text stays as it was; the school
        # continues in a copy.
        _vervalt(aanvraag, lid, "teruggelegd bij de school")
        kopie = Aanvraag.objects.create(
            traject=traject,
            soort=aanvraag.soort,
            **{veld: getattr(aanvraag, veld) for veld in SCHOOL_VELDEN},
            zienswijze_door_ouder=aanvraag.zienswijze_door_ouder,
            aangemaakt_door=gebeurtenis.door,
        )
        audit.log(audit.Action.CREATE, obj=kopie, lidmaatschap=lid, detail={"kopie_van": aanvraag.pk})


def _vervalt(aanvraag: Aanvraag, lid, waarom: str) -> None:
    aanvraag.status = Aanvraag.Status.VERVALLEN
    aanvraag.save(update_fields=["status"])
    audit.log(audit.Action.UPDATE, obj=aanvraag, lidmaatschap=lid, detail={"status": "vervallen", "waarom": waarom})


def _besluit_vastleggen(aanvraag: Aanvraag, gekozen: dict, gebeurtenis: Gebeurtenis, lid) -> Besluit:
    vandaag = timezone.localdate()
    besluit = Besluit.objects.create(
        aanvraag=aanvraag,
        samenwerkingsverband_id=aanvraag.traject.samenwerkingsverband_id,
        nummer=besluitnummer(samenwerkingsverband_id=aanvraag.traject.samenwerkingsverband_id, jaar=vandaag.year),
        uitkomst=gekozen["besluit"],
        inhoud=gekozen["naam"],
        motivatie=gebeurtenis.motivatie,
        datum=vandaag,
        bezwaar_tot=vandaag + BEZWAARTERMIJN,
        genomen_door=gebeurtenis.door,
        genomen_door_naam=gebeurtenis.door_naam,
        rol=gebeurtenis.rol,
        overleg=gebeurtenis.overleg,
        gebeurtenis=gebeurtenis,
    )
    aanvraag.status = Aanvraag.Status.BESLOTEN
    aanvraag.save(update_fields=["status"])
    audit.log(
        audit.Action.CREATE,
        obj=besluit,
        lidmaatschap=lid,
        leerling_id=aanvraag.traject.leerling_id,
        detail={"aanvraag": aanvraag.pk, "uitkomst": besluit.uitkomst, "nummer": besluit.nummer},
    )
    return besluit


def _check_besluit(traject, stap, gekozen, overleg) -> None:
    soort = stap.get_overleg_display() if stap.overleg else "overleg"
    if overleg is None:
        raise ValidationError(
            {"uitkomst": f"Deze uitkomst volgt uit het besluit van het overleg ({soort}); leg dat besluit vast."}
        )
    if overleg.traject_id != traject.pk or overleg.stap_id != stap.pk or overleg.soort != stap.overleg:
        raise ValidationError({"uitkomst": f"Dit besluit hoort bij een {soort} in deze stap van dit traject."})
    besluit = Besluitvorming.objects.filter(overleg=overleg).first()
    if besluit is None or besluit.uitkomst != gekozen["code"]:
        raise ValidationError({"uitkomst": "Het overleg heeft niet tot deze uitkomst besloten."})
    if (fout := motor.beslisregel_fout(stap, besluit.standpunten)) is not None:
        raise ValidationError({"uitkomst": fout})


@atomic
def casusregisseur_set(*, actor, traject: Traject, gebruiker) -> Traject:
    grant = require(actor, "trajecten.organiseren", traject)
    rollen_toegestaan = traject.route_versie.casusregisseur_rollen
    lid = next(
        (
            lid
            for lid in gebruiker.actieve_lidmaatschappen
            if lid.rol in rollen_toegestaan and lid.samenwerkingsverband_id == traject.samenwerkingsverband_id
        ),
        None,
    )
    if lid is None:
        namen = ", ".join(ROLLEN[r].lower() for r in rollen_toegestaan)
        raise ValidationError({"casusregisseur": f"In deze route is de casusregisseur een {namen}."})
    traject = Traject.objects.select_for_update(of=("self",)).get(pk=traject.pk)
    traject.casusregisseur = gebruiker
    traject.save(update_fields=["casusregisseur"])
    Gebeurtenis.objects.create(
        traject=traject,
        soort=Gebeurtenis.Soort.REGIE,
        door=actor,
        door_naam=actor.naam,
        rol=grant.lidmaatschap.rol,
        van_stap=traject.stap.code if traject.stap else "",
        van_stap_naam=traject.stap.naam if traject.stap else "",
        naar_stap=traject.stap.code if traject.stap else "",
        naar_stap_naam=traject.stap.naam if traject.stap else "",
        motivatie=f"Casusregisseur: {gebruiker.naam} ({lid.get_rol_display().lower()})",
    )
    if not traject.betrokkenen.filter(gebruiker=gebruiker).exists():
        Betrokkene.objects.create(
            traject=traject,
            gebruiker=gebruiker,
            naam=gebruiker.naam,
            functie=f"casusregisseur, {lid.get_rol_display().lower()}",
            partij="swv" if lid.rol not in (Rol.IB, Rol.DIRECTEUR, Rol.LEERKRACHT) else "school",
            toegevoegd_door=actor,
        )
    audit.log(
        audit.Action.UPDATE,
        obj=traject,
        grant=grant,
        leerling_id=traject.leerling_id,
        detail={"casusregisseur": gebruiker.pk},
    )
    return traject


MAX_EXTERN = timedelta(days=366)


@atomic
def betrokkene_add(
    *,
    actor,
    traject: Traject,
    naam: str,
    partij: str,
    functie: str = "",
    gebruiker=None,
    deskundige=None,
    geldig_tot: date | None = None,
) -> Betrokkene:
    """Record someone involved in the traject. An account holder then sees the traject; an
    external only with the parents' consent to involve externals, and until an end date."""
    grant = require(actor, "trajecten.organiseren", traject)
    if deskundige is not None and deskundige.samenwerkingsverband_id != traject.samenwerkingsverband_id:
        raise ValidationError({"deskundige": "Kies een deskundige uit de pool van uw samenwerkingsverband."})
    extern = gebruiker is not None and any(
        lid.rol == Rol.EXTERN and lid.samenwerkingsverband_id == traject.samenwerkingsverband_id
        for lid in gebruiker.actieve_lidmaatschappen
    )
    if (
        gebruiker is not None
        and not extern
        and not any(
            lid.samenwerkingsverband_id == traject.samenwerkingsverband_id for lid in gebruiker.actieve_lidmaatschappen
        )
    ):
        raise ValidationError({"gebruiker": "Deze persoon werkt niet binnen uw samenwerkingsverband."})
    if extern:
        vandaag = timezone.localdate()
        if geldig_tot is None or geldig_tot < vandaag or geldig_tot > vandaag + MAX_EXTERN:
            raise ValidationError({"geldig_tot": "Kies een einddatum vanaf vandaag en binnen een jaar."})
        if traject.leerling_id is not None:
            from passend.leerlingen.services import heeft_toestemming

            if not heeft_toestemming(traject.leerling, "extern"):
                raise ValidationError(
                    {"gebruiker": "De ouders hebben geen toestemming gegeven om externen te betrekken."}
                )
    betrokkene = Betrokkene(
        traject=traject,
        gebruiker=gebruiker,
        deskundige=deskundige,
        naam=naam,
        functie=functie,
        partij=partij,
        geldig_tot=geldig_tot,
        toegevoegd_door=actor,
    )
    fouten = tekstfouten(betrokkene, ["naam", "functie"])
    try:
        betrokkene.full_clean(exclude=["traject", "gebruiker", "deskundige", "toegevoegd_door"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    betrokkene.save()
    audit.log(
        audit.Action.CREATE,
        obj=betrokkene,
        grant=grant,
        leerling_id=traject.leerling_id,
        detail={"traject": traject.pk, "partij": partij, "tot": str(geldig_tot or "")},
    )
    return betrokkene


# --- Meetings ---------------------------------------------------------------------------------

AGENDA = (
    "Overzicht: wat gaat goed, wat is moeilijk, wat is al geprobeerd",
    "Inzicht: verklaringen en onderwijs- en ondersteuningsbehoeften van leerling, leerkracht en ouders",
    "Uitzicht: doelen, oplossingen en wensen; wat is haalbaar",
    "Besluit en afspraken (wie, wat, wanneer)",
)


def agenda_voor(traject: Traject) -> str:
    """The agenda of a meeting, prefilled along the groeidocument: overzicht, inzicht, uitzicht."""
    regels = [f"{i}. {punt}" for i, punt in enumerate(AGENDA, start=1)]
    return "\n".join([f"Vraag: {traject.vraag[:300]}", "", *regels])


@atomic
def overleg_plan(*, actor, traject: Traject, datum, locatie: str = "", deelnemers: list[dict] | None = None) -> Overleg:
    """Plan the meeting of the traject's current step; the agenda follows the groeidocument and
    the betrokkenen are invited as participants unless `deelnemers` says otherwise."""
    grant = require(actor, "trajecten.organiseren", traject)
    stap = traject.stap
    if stap is None or not stap.overleg:
        raise ValidationError({"datum": "In deze stap hoort geen overleg."})
    overleg = Overleg(
        traject=traject,
        stap=stap,
        soort=stap.overleg,
        datum=datum,
        locatie=locatie,
        agenda=agenda_voor(traject),
        voorzitter=actor,
    )
    fouten = tekstfouten(overleg, ["locatie"])
    try:
        overleg.full_clean(exclude=["traject", "stap", "voorzitter"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    overleg.save()
    if deelnemers is None:
        deelnemers = [
            {
                "gebruiker": b.gebruiker,
                "deskundige": b.deskundige,
                "naam": b.naam,
                "functie": b.functie,
                "partij": b.partij,
            }
            for b in traject.betrokkenen.filter(beeindigd_op__isnull=True)
            if b.is_actief()
        ]
    for d in deelnemers:
        _deelnemer_maken(overleg, d)
    audit.log(
        audit.Action.CREATE,
        obj=overleg,
        grant=grant,
        leerling_id=traject.leerling_id,
        detail={"traject": traject.pk, "soort": overleg.soort, "deelnemers": len(deelnemers)},
    )
    return overleg


def _deelnemer_maken(overleg: Overleg, data: dict) -> Deelnemer:
    deelnemer = Deelnemer(overleg=overleg, **data)
    fouten = tekstfouten(deelnemer, ["naam", "functie", "advies"])
    try:
        deelnemer.full_clean(exclude=["overleg", "gebruiker", "deskundige"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    deelnemer.save()
    return deelnemer


def _open_overleg(actor, overleg: Overleg):
    grant = require(actor, "trajecten.organiseren", overleg.traject)
    if overleg.status != Overleg.Status.GEPLAND:
        raise ValidationError({"__all__": "Het besluit van dit overleg is vastgelegd; het verslag ligt vast."})
    return grant


@atomic
def deelnemer_add(*, actor, overleg: Overleg, data: dict) -> Deelnemer:
    grant = _open_overleg(actor, overleg)
    deelnemer = _deelnemer_maken(overleg, data)
    audit.log(
        audit.Action.CREATE,
        obj=deelnemer,
        grant=grant,
        leerling_id=overleg.traject.leerling_id,
        detail={"overleg": overleg.pk},
    )
    return deelnemer


@atomic
def overleg_update(*, actor, overleg: Overleg, agenda: str, verslag: str) -> Overleg:
    grant = _open_overleg(actor, overleg)
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    overleg.agenda, overleg.verslag = agenda, verslag
    fouten = tekstfouten(overleg, ["agenda", "verslag"])
    try:
        overleg.full_clean(exclude=["traject", "stap", "voorzitter"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    overleg.save(update_fields=["agenda", "verslag"])
    audit.log(audit.Action.UPDATE, obj=overleg, grant=grant, leerling_id=overleg.traject.leerling_id)
    return overleg


@atomic
def afspraak_add(*, actor, overleg: Overleg, wat: str, wie: str, uiterlijk: date | None = None, eigenaar=None):
    grant = require(actor, "trajecten.organiseren", overleg.traject)
    afspraak = Afspraak(overleg=overleg, wat=wat, wie=wie, uiterlijk=uiterlijk, eigenaar=eigenaar)
    fouten = tekstfouten(afspraak, ["wat", "wie"])
    try:
        afspraak.full_clean(exclude=["overleg", "eigenaar"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if fouten:
        raise ValidationError(fouten)
    afspraak.save()
    audit.log(audit.Action.CREATE, obj=afspraak, grant=grant, leerling_id=overleg.traject.leerling_id)
    return afspraak


@atomic
def overleg_besluit(
    *,
    actor,
    overleg: Overleg,
    uitkomst: str,
    motivatie: str,
    standpunten: dict[int, dict],
) -> Gebeurtenis:
    """Record the meeting's decision — each participant's presence, position and (for experts)
    their own written advice — and take the decided outcome through the engine. When the
    step's decision rule is not satisfied, nothing is saved and the reason is given."""
    _open_overleg(actor, overleg)
    overleg = Overleg.objects.select_for_update().select_related("traject", "stap").get(pk=overleg.pk)
    if overleg.status != Overleg.Status.GEPLAND:
        raise ValidationError({"__all__": "Het besluit van dit overleg is al vastgelegd."})
    if timezone.localdate(overleg.datum) > timezone.localdate():
        raise ValidationError(
            {
                "__all__": f"Dit overleg is gepland op {timezone.localdate(overleg.datum):%d-%m-%Y}; "
                "leg het besluit vast als het overleg is gehouden."
            }
        )
    if not (motivatie or "").strip():
        raise ValidationError({"motivatie": "Schrijf op waarom dit besluit is genomen."})
    gekozen = overleg.stap.uitkomst(uitkomst)
    if gekozen is None:
        raise ValidationError({"uitkomst": "Kies een uitkomst van deze stap."})
    deelnemers = list(overleg.deelnemers.all())
    if not deelnemers:
        raise ValidationError({"__all__": "Voeg eerst de deelnemers aan het overleg toe."})
    vastgelegd = []
    for deelnemer in deelnemers:
        invoer = standpunten.get(deelnemer.pk, {})
        deelnemer.aanwezig = bool(invoer.get("aanwezig", True))
        deelnemer.standpunt = invoer.get("standpunt", "") if deelnemer.aanwezig else ""
        deelnemer.advies = invoer.get("advies", deelnemer.advies) or ""
        if deelnemer.aanwezig and deelnemer.standpunt not in Deelnemer.Standpunt.values:
            raise ValidationError({f"standpunt_{deelnemer.pk}": f"Vul het standpunt van {deelnemer.naam} in."})
        fouten = tekstfouten(deelnemer, ["advies"])
        if fouten:
            raise ValidationError({f"advies_{deelnemer.pk}": fouten["advies"]})
        deelnemer.save(update_fields=["aanwezig", "standpunt", "advies"])
        vastgelegd.append(
            {
                "deelnemer": deelnemer.pk,
                "naam": deelnemer.naam,
                "partij": deelnemer.partij,
                "stemgerechtigd": deelnemer.stemgerechtigd,
                "aanwezig": deelnemer.aanwezig,
                "standpunt": deelnemer.standpunt,
            }
        )
    Besluitvorming.objects.create(
        overleg=overleg,
        uitkomst=gekozen["code"],
        uitkomst_naam=gekozen["naam"],
        motivatie=motivatie.strip(),
        standpunten=vastgelegd,
        vastgelegd_door=actor,
    )
    overleg.status = Overleg.Status.BESLOTEN
    overleg.save(update_fields=["status"])
    return traject_advance(
        actor=actor,
        traject=overleg.traject,
        van_stap=overleg.stap.code,
        uitkomst=gekozen["code"],
        motivatie=motivatie.strip(),
        overleg=overleg,
    )


# --- Applications -----------------------------------------------------------------------------

# What the school writes in an application (the parents' view and the director's signature
# have their own services).
AANVRAAG_VELDEN = ("ondersteuningsvraag", "gevraagd", "onderbouwing", "expertisethema", "tlv_categorie")
SCHOOL_VELDEN = (*AANVRAAG_VELDEN, "ouders_gehoord_op", "zienswijze_ouders")


def _aanvraag_valideren(aanvraag: Aanvraag) -> None:
    fouten = tekstfouten(aanvraag, ["ondersteuningsvraag", "gevraagd", "onderbouwing", "zienswijze_ouders"])
    try:
        aanvraag.full_clean(exclude=["traject", "aangemaakt_door", "ingediend_door", "expertisethema"])
    except ValidationError as fout:
        fouten = {**fout.message_dict, **fouten}
    if aanvraag.ouders_gehoord_op and aanvraag.ouders_gehoord_op > timezone.localdate():
        fouten.setdefault(
            "ouders_gehoord_op", ["Deze datum ligt in de toekomst; leg het vast als het gesprek is gevoerd."]
        )
    if aanvraag.tlv_categorie and aanvraag.soort != "tlv_so":
        fouten.setdefault("tlv_categorie", ["Een bekostigingscategorie hoort alleen bij een TLV voor het SO."])
    if fouten:
        raise ValidationError(fouten)


def _open_aanvraag_vergrendeld(aanvraag: Aanvraag) -> Aanvraag:
    aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    if aanvraag.status != Aanvraag.Status.CONCEPT:
        raise ValidationError({"__all__": "Deze aanvraag is ingediend en verandert niet meer."})
    return aanvraag


@atomic
def aanvraag_create(*, actor, traject: Traject, soort: str, **velden) -> Aanvraag:
    """The school draws up an application of a kind the current step allows; it stays internal
    to the school until an outcome of the route submits it."""
    traject = _vergrendeld(traject)  # the permission depends on the step the traject is on now
    grant = require(actor, "trajecten.aanvraag_schrijven", traject)
    stap = traject.stap
    if stap is None or not stap.aanvragen:
        raise ValidationError({"soort": "In deze stap van de route stelt de school geen aanvraag op."})
    if soort not in stap.aanvragen:
        raise ValidationError({"soort": f"Kies een van deze aanvragen: {', '.join(stap.aanvragen_labels).lower()}."})
    from passend.trajecten.aanvraageisen import OVER_EEN_LEERLING

    if soort in OVER_EEN_LEERLING and traject.leerling_id is None:
        raise ValidationError({"soort": "Deze aanvraag gaat over één leerling; dit traject gaat over de school."})
    if traject.aanvragen.filter(status__in=[Aanvraag.Status.CONCEPT, Aanvraag.Status.INGEDIEND]).exists():
        raise ValidationError({"soort": "Bij dit traject is al een aanvraag in voorbereiding of ingediend."})
    onbekend = set(velden) - set(SCHOOL_VELDEN)
    if onbekend:
        raise ValidationError(dict.fromkeys(sorted(onbekend), "Dit veld hoort niet bij een aanvraag."))
    if not (velden.get("ondersteuningsvraag") or "").strip():
        velden["ondersteuningsvraag"] = traject.vraag
    aanvraag = Aanvraag(traject=traject, soort=soort, aangemaakt_door=actor, **velden)
    _aanvraag_valideren(aanvraag)
    aanvraag.save()
    audit.log(audit.Action.CREATE, obj=aanvraag, grant=grant, detail={"traject": traject.pk, "soort": soort})
    return aanvraag


@atomic
def aanvraag_update(*, actor, aanvraag: Aanvraag, **velden) -> tuple[Aanvraag, bool]:
    """Change the concept. A change voids the director's signature (they signed the old text);
    returns the application and whether it did."""
    grant = require(actor, "trajecten.aanvraag_schrijven", _actueel(aanvraag.traject))
    aanvraag = _open_aanvraag_vergrendeld(aanvraag)
    onbekend = set(velden) - set(SCHOOL_VELDEN)
    if onbekend:
        raise ValidationError(dict.fromkeys(sorted(onbekend), "Dit veld hoort niet bij een aanvraag."))
    if (
        aanvraag.zienswijze_door_ouder
        and "zienswijze_ouders" in velden
        and velden["zienswijze_ouders"] != aanvraag.zienswijze_ouders
    ):
        raise ValidationError(
            {"zienswijze_ouders": "De ouders schreven hun zienswijze zelf; de school past die niet aan."}
        )
    gewijzigd = sorted(veld for veld, waarde in velden.items() if getattr(aanvraag, veld) != waarde)
    for veld in gewijzigd:
        setattr(aanvraag, veld, velden[veld])
    _aanvraag_valideren(aanvraag)
    vervallen = bool(gewijzigd) and aanvraag.directeur_akkoord_op is not None
    if vervallen:
        aanvraag.directeur_akkoord_op, aanvraag.directeur_akkoord_naam = None, ""
    aanvraag.save()
    audit.log(
        audit.Action.UPDATE,
        obj=aanvraag,
        grant=grant,
        detail={"velden": gewijzigd, "ondertekening_vervallen": vervallen},
    )
    return aanvraag, vervallen


@atomic
def aanvraag_zienswijze_geven(*, actor, aanvraag: Aanvraag, tekst: str) -> Aanvraag:
    """A parent writes their own view on the application before it is submitted (a school may
    apply without the parents' consent, but they are informed and heard)."""
    grant = require(actor, "trajecten.zienswijze_geven", _actueel(aanvraag.traject))
    aanvraag = _open_aanvraag_vergrendeld(aanvraag)
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": "Schrijf uw zienswijze op."})
    aanvraag.zienswijze_ouders, aanvraag.zienswijze_door_ouder = tekst, True
    aanvraag.ouders_gehoord_op = aanvraag.ouders_gehoord_op or timezone.localdate()
    try:
        _aanvraag_valideren(aanvraag)
    except ValidationError as fout:
        raise ValidationError({"tekst": fout.message_dict.get("zienswijze_ouders", fout.messages)}) from None
    aanvraag.save(update_fields=["zienswijze_ouders", "zienswijze_door_ouder", "ouders_gehoord_op", "gewijzigd_op"])
    audit.log(audit.Action.UPDATE, obj=aanvraag, grant=grant, detail={"zienswijze": "door de ouder"})
    return aanvraag


@atomic
def aanvraag_ondertekenen(*, actor, aanvraag: Aanvraag, gewijzigd_op=None) -> Aanvraag:
    """The director signs the application as it now reads. With `gewijzigd_op` (when the text the
    director read was last changed), a text changed since is not signed: one signs what one saw."""
    grant = require(actor, "trajecten.aanvraag_ondertekenen", _actueel(aanvraag.traject))
    aanvraag = _open_aanvraag_vergrendeld(aanvraag)
    if gewijzigd_op is not None and aanvraag.gewijzigd_op != gewijzigd_op:
        raise ValidationError(
            {"gewijzigd_op": "De aanvraag is gewijzigd nadat u haar las. Lees haar opnieuw en onderteken dan."}
        )
    aanvraag.directeur_akkoord_op, aanvraag.directeur_akkoord_naam = timezone.now(), actor.naam
    aanvraag.save(update_fields=["directeur_akkoord_op", "directeur_akkoord_naam", "gewijzigd_op"])
    audit.log(audit.Action.UPDATE, obj=aanvraag, grant=grant, detail={"ondertekend": "directeur"})
    return aanvraag


@atomic
def aanvraag_intrekken(*, actor, aanvraag: Aanvraag, reden: str) -> Aanvraag:
    """The school withdraws a concept (the route went another way, or the question changed); it
    stays on record as lapsed, and a new application can be drawn up."""
    grant = require(actor, "trajecten.aanvraag_schrijven", _actueel(aanvraag.traject))
    aanvraag = _open_aanvraag_vergrendeld(aanvraag)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": "Schrijf op waarom de aanvraag wordt ingetrokken."})
    if len(reden) > 300 or "\x00" in reden:
        raise ValidationError({"reden": "Houd de reden kort (hoogstens 300 tekens, geen null-tekens)."})
    aanvraag.status = Aanvraag.Status.VERVALLEN
    aanvraag.save(update_fields=["status", "gewijzigd_op"])
    audit.log(
        audit.Action.UPDATE,
        obj=aanvraag,
        grant=grant,
        detail={"status": "vervallen", "waarom": "ingetrokken: " + reden},
    )
    return aanvraag


@atomic
def afspraak_gereed(*, actor, afspraak: Afspraak) -> Afspraak:
    """Report an agreement done: by its owner, or by whoever organises the traject. Once done, it
    stays done (a new agreement follows if more is needed)."""
    traject = afspraak.overleg.traject
    if afspraak.eigenaar_id == actor.pk and can(actor, "trajecten.view", traject):
        grant = explain(actor, "trajecten.view", traject)
    else:
        grant = require(actor, "trajecten.organiseren", traject)
    afspraak = Afspraak.objects.select_for_update().get(pk=afspraak.pk)
    if afspraak.gereed_op is not None:
        raise ValidationError({"__all__": f"Deze afspraak is al gereed gemeld op {afspraak.gereed_op:%d-%m-%Y}."})
    afspraak.gereed_op = timezone.localdate()
    afspraak.save(update_fields=["gereed_op"])
    audit.log(audit.Action.UPDATE, obj=afspraak, grant=grant, leerling_id=traject.leerling_id, detail={"gereed": True})
    return afspraak
