"""Reading key figures: the actor's scope decides which part of the partnership a report may be
about; outside the partnership's staff small cells are suppressed; every read is audited. The
pages, the exports and the API all come through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passend.accounts.roles import Rol
from passend.core import audit
from passend.core.authz import Grant, explain
from passend.leerlingen.models import Leerling
from passend.leerlingen.policies import scope_view as leerlingen_zichtbaar
from passend.organisaties.models import Deelverband, Samenwerkingsverband, School, Schoolbestuur
from passend.rapportage import kengetallen
from passend.rapportage.bronnen import BRONNEN, Bron
from passend.rapportage.filters import Filter
from passend.rapportage.kengetallen import KLEIN, Figuur
from passend.rapportage.policies import ONGEMASKEERD, SWV_BREED

PERMISSIE = "rapportage.view"


class Reikwijdte:
    """What part of a partnership an actor may report on, and what they may choose from."""

    def __init__(self, actor, swv: Samenwerkingsverband):
        self.swv = swv
        leden = [lid for lid in actor.actieve_lidmaatschappen if lid.samenwerkingsverband_id == swv.pk]
        rollen = {lid.rol for lid in leden}
        scholen = School.objects.filter(samenwerkingsverband=swv).select_related("schoolbestuur", "deelverband")
        if rollen & SWV_BREED:
            self.scholen = list(scholen)
        else:
            scholen = scholen.none()
            for lid in leden:
                if lid.rol == Rol.COORDINATOR and lid.deelverband_id:
                    scholen |= School.objects.filter(deelverband_id=lid.deelverband_id)
                elif lid.rol == Rol.RVZ and lid.schoolbestuur_id:
                    scholen |= School.objects.filter(schoolbestuur_id=lid.schoolbestuur_id)
                elif lid.rol == Rol.DIRECTEUR and lid.school_id:
                    scholen |= School.objects.filter(pk=lid.school_id)
            self.scholen = list(scholen.select_related("schoolbestuur", "deelverband").order_by("naam"))
        self.besturen = sorted({s.schoolbestuur for s in self.scholen}, key=lambda b: b.naam)
        self.deelverbanden = sorted({s.deelverband for s in self.scholen if s.deelverband}, key=lambda d: d.naam)

    def standaard(self, actor) -> dict:
        """Without a choice, a report is about the widest thing the actor may see whole."""
        if any(
            lid.rol in SWV_BREED for lid in actor.actieve_lidmaatschappen if lid.samenwerkingsverband_id == self.swv.pk
        ):
            return {}
        for rol, veld in (
            (Rol.COORDINATOR, "deelverband_id"),
            (Rol.RVZ, "schoolbestuur_id"),
            (Rol.DIRECTEUR, "school_id"),
        ):
            for lid in actor.actieve_lidmaatschappen:
                if lid.samenwerkingsverband_id == self.swv.pk and lid.rol == rol and getattr(lid, veld):
                    return {veld: getattr(lid, veld)}
        return {}


def partnerships_for(actor) -> list[Samenwerkingsverband]:
    """The partnerships the actor may see some key figures of."""
    ids = {
        lid.samenwerkingsverband_id
        for lid in actor.actieve_lidmaatschappen
        if lid.rol in ONGEMASKEERD | {Rol.RVZ, Rol.DIRECTEUR}
    }
    return list(Samenwerkingsverband.objects.filter(pk__in=ids).order_by("naam"))


def onderwerpen(f: Filter) -> list:
    """What the filter is about, narrowest first, ending with the partnership; refused when a
    part is not in the partnership."""
    objecten = []
    for model, pk in ((School, f.school_id), (Deelverband, f.deelverband_id), (Schoolbestuur, f.schoolbestuur_id)):
        if pk:
            obj = model.objects.filter(pk=pk, samenwerkingsverband_id=f.samenwerkingsverband_id).first()
            if obj is None:
                raise PermissionDenied
            objecten.append(obj)
    swv = Samenwerkingsverband.objects.filter(pk=f.samenwerkingsverband_id).first()
    if swv is None:
        raise PermissionDenied
    return [*objecten, swv]


def toegang(actor, f: Filter) -> tuple[object, Grant]:
    """The grant to report on what `f` is about, or a refusal (audited). The schools reported on
    are those in every part the filter names, so one part the actor may see is enough."""
    objecten = onderwerpen(f)
    for obj in objecten:
        if (grant := explain(actor, PERMISSIE, obj)) is not None:
            return obj, grant
    audit.log_denied(reason="geen toegang tot deze kengetallen", obj=objecten[0])
    raise PermissionDenied


def ongemaskeerd(grant: Grant) -> bool:
    return grant.lidmaatschap.rol in ONGEMASKEERD


def _filter_detail(f: Filter) -> dict:
    detail = {"van": f.van.isoformat(), "tot": f.tot.isoformat(), "peildatum": f.peildatum.isoformat()}
    for naam in ("deelverband_id", "schoolbestuur_id", "school_id", "route_code"):
        if getattr(f, naam):
            detail[naam] = str(getattr(f, naam))
    return detail


@dataclass
class Kengetallen:
    filter: Filter
    onderwerp: object
    figuren: list[Figuur]
    berekend_op: datetime
    onderdrukt: bool
    grant: Grant = field(repr=False)

    def figuur(self, code: str) -> Figuur:
        return next(f for f in self.figuren if f.code == code)


def kengetallen_lezen(*, actor, filter: Filter, vandaag: date | None = None, doel: str = "") -> Kengetallen:
    obj, grant = toegang(actor, filter)
    figuren = kengetallen.bereken(filter, vandaag=vandaag or timezone.localdate())
    masker = not ongemaskeerd(grant)
    if masker:
        kengetallen.onderdrukken(figuren)
    audit.log(
        audit.Action.VIEW,
        obj=obj,
        actor=actor,
        grant=grant,
        object_type="rapportage.kengetallen",
        object_label=f"Kengetallen van {obj}",
        purpose=doel,
        detail=_filter_detail(filter),
    )
    return Kengetallen(filter, obj, figuren, timezone.now(), masker, grant)


@dataclass
class Lijst:
    bron: Bron
    rijen: list  # objects of the source, each with its pupil, that the actor may see
    totaal: int
    verborgen: int
    onderdrukt: bool
    selectie: list[tuple[str, str, str]] = field(default_factory=list)  # (parameter, label, value)

    @property
    def totaal_klein(self) -> bool:
        return self.onderdrukt and 0 < self.totaal < KLEIN

    @property
    def verborgen_klein(self) -> bool:
        # A suppressed total hides the hidden count too (even 0): with the rows shown it gives the total.
        return self.totaal_klein or (self.onderdrukt and 0 < self.verborgen < KLEIN)

    @property
    def totaal_tekst(self) -> str:
        return f"<{KLEIN}" if self.totaal_klein else str(self.totaal)

    @property
    def verborgen_tekst(self) -> str:
        return f"<{KLEIN}" if self.verborgen_klein else str(self.verborgen)


def lijst_lezen(*, actor, filter: Filter, params: dict) -> Lijst:
    """The pupils behind a number: the same source the figure counts, narrowed by the link's
    parameters, and of those only the pupils the actor may see anyway (the rest is counted)."""
    obj, grant = toegang(actor, filter)
    params = dict(params)
    bron = BRONNEN.get(params.pop("bron", ""))
    if bron is None or set(params) - set(bron.parameters):
        audit.log_denied(reason="onbekende lijst bij de kengetallen", obj=obj)
        raise PermissionDenied
    gekozen = dict(params)
    try:
        qs = bron.queryset(filter, params)
        qs = qs.filter(**{bron.parameters[k]: v for k, v in params.items() if bron.parameters[k]})
        totaal = qs.count()
        selectie = _selectie(qs.model, bron, gekozen, filter)
    except (ValueError, TypeError, ValidationError):
        audit.log_denied(reason="ongeldige lijst bij de kengetallen", obj=obj)
        raise PermissionDenied
    zichtbaar = qs.filter(**{f"{bron.leerling}__in": Leerling.objects.filter(leerlingen_zichtbaar(actor))})
    pad = bron.leerling
    rijen = list(
        zichtbaar.select_related(pad, f"{pad}__school", *bron.omschrijving_leest).order_by(
            f"{pad}__achternaam", f"{pad}__voornaam", "pk"
        )[:500]
    )
    for rij in rijen:
        rij.rapport_leerling = _volg(rij, pad)
    audit.log(
        audit.Action.SEARCH,
        actor=actor,
        grant=grant,
        object_type="leerlingen.leerling",
        object_label=f"{bron.titel} ({obj})",
        detail={**_filter_detail(filter), "bron": bron.titel, **{k: str(v) for k, v in params.items()}},
    )
    return Lijst(bron, rijen, totaal, totaal - zichtbaar.count(), not ongemaskeerd(grant), selectie)


SELECTIE_LABELS = {
    "soort": "soort",
    "categorie": "categorie",
    "bij_school": "school",
    "bij_bestuur": "schoolbestuur",
    "swv": "samenwerkingsverband van de school",
    "in_route": "route",
    "stap": "stap",
    "reden": "reden",
    "voorziening": "voorziening",
    "resultaat": "resultaat",
    "datum": "op",
    "zonder_aanbod": "zonder aanbod",
}


def _selectie(model, bron: Bron, params: dict, f: Filter) -> list[tuple[str, str, str]]:
    """The cell a list was opened from, in words: the link's parameters with names for ids and
    codes (names of organisations and routes, never of pupils), in the source's order."""
    from passend.organisaties.models import Voorziening
    from passend.trajecten.models import Route, Stap

    eigen = {"samenwerkingsverband_id": f.samenwerkingsverband_id}
    namen = {  # parameter: (what it names, the field the link gives)
        "bij_school": (School.objects.filter(**eigen), "pk"),
        "bij_bestuur": (Schoolbestuur.objects.all(), "pk"),
        "swv": (Samenwerkingsverband.objects.all(), "pk"),
        "voorziening": (Voorziening.objects.filter(**eigen), "pk"),
        "in_route": (Route.objects.filter(**eigen), "code"),
    }
    selectie = []
    for naam in bron.parameters:
        waarde = params.get(naam)
        if not waarde:
            continue
        if naam == "datum":
            tekst = kengetallen.datum_tekst(date.fromisoformat(waarde))
        elif naam == "zonder_aanbod":
            tekst = "langer dan drie maanden"
        elif naam in namen:
            qs, sleutel = namen[naam]
            tekst = qs.filter(**{sleutel: waarde}).values_list("naam", flat=True).first() or "onbekend"
        elif naam == "stap":
            stappen = Stap.objects.filter(versie__route__samenwerkingsverband_id=f.samenwerkingsverband_id, code=waarde)
            if params.get("in_route"):
                stappen = stappen.filter(versie__route__code=params["in_route"])
            tekst = stappen.order_by("-versie__nummer").values_list("naam", flat=True).first() or waarde
        else:
            veld = _veld(model, bron.parameters[naam])
            tekst = str(dict(veld.flatchoices).get(waarde, waarde)) if veld.choices else waarde
        selectie.append((naam, SELECTIE_LABELS[naam], tekst))
    return selectie


def _veld(model, pad: str):
    *relaties, laatste = pad.split("__")
    for relatie in relaties:
        model = model._meta.get_field(relatie).related_model
    return model._meta.get_field(laatste)


def _volg(obj, pad: str):
    for deel in pad.split("__"):
        obj = getattr(obj, deel)
    return obj
