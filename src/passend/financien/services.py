"""Every write of the money: models, tariffs, pupil counts, budgets, the buffer, and what support
books when it is granted, planned, delivered and ended. Ledger entries go through
boekhouding.boek only; a refusal books nothing (one transaction)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from passend.core import audit
from passend.core.authz import explain
from passend.core.services import atomic, require
from passend.financien import kosten
from passend.financien.boekhouding import Regel, Tekort, boek
from passend.financien.geld import NUL, bedrag_tekst, euro, som_van
from passend.financien.models import (
    CENTRALE_DOELEN,
    Begroting,
    Boeking,
    Doel,
    Inkomstenregel,
    Leerlingtelling,
    Post,
    Tarief,
    Verdeelmodel,
)

B, V, R = Boeking.Soort.BUDGET, Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE

PRESETS = {
    Verdeelmodel.Preset.TOP: {
        "naam": "TOP: schoolbudgetten",
        "bedrag_per_leerling": Decimal("150.00"),
        "afroming_pct": Decimal("10.00"),
        "plaatsing_door_school": True,
    },
    Verdeelmodel.Preset.HGA: {
        "naam": "HGA: in natura",
        "bedrag_per_leerling": Decimal("40.00"),
        "uren_in_natura": True,
        "plafond_regulier": Decimal("7000.00"),
        "plafond_sbo": Decimal("3500.00"),
    },
    Verdeelmodel.Preset.IVO: {
        "naam": "IVO: profielen en arrangementen",
        "bedrag_per_leerling": Decimal("25.00"),
        "plafond_regulier": Decimal("7000.00"),
        "plafond_sbo": Decimal("3500.00"),
    },
}


def _rol(grant) -> str:
    return grant.lidmaatschap.rol if grant is not None and grant.lidmaatschap is not None else ""


# --- Set-up: models, tariffs, counts ----------------------------------------------------------


@atomic
def verdeelmodel_opslaan(
    *, actor, samenwerkingsverband, data: dict, instance: Verdeelmodel | None = None
) -> Verdeelmodel:
    grant = require(actor, "financien.beheren", samenwerkingsverband)
    model = instance or Verdeelmodel(samenwerkingsverband=samenwerkingsverband)
    for veld, waarde in data.items():
        setattr(model, veld, waarde)
    fouten = {}
    for soort, gewicht in (model.gewichten or {}).items():
        try:
            if soort not in ("bo", "sbo", "so") or Decimal(str(gewicht)) < 0:
                raise ValueError
        except (ValueError, ArithmeticError):
            fouten["gewichten"] = ["Geef per soort school (bo, sbo, so) een gewicht van 0 of meer."]
    if (
        Verdeelmodel.objects.filter(samenwerkingsverband=samenwerkingsverband, naam=model.naam)
        .exclude(pk=model.pk)
        .exists()
    ):
        fouten["naam"] = ["Er is al een verdeelmodel met deze naam."]
    try:
        model.full_clean(exclude=["samenwerkingsverband"], validate_constraints=False)
    except ValidationError as error:
        for veld, berichten in error.message_dict.items():
            fouten.setdefault(veld, []).extend(berichten)
    if fouten:
        raise ValidationError(fouten)
    nieuw = model.pk is None
    model.save()
    audit.log(
        audit.Action.CREATE if nieuw else audit.Action.UPDATE, obj=model, grant=grant, detail={"preset": model.preset}
    )
    return model


def verdeelmodel_uit_preset(*, actor, samenwerkingsverband, preset: str) -> Verdeelmodel:
    """A model with the preset's starting values (TOP, HGA, IVO); adjust it afterwards."""
    if preset not in PRESETS:
        raise ValidationError({"preset": ["Kies TOP, HGA of IVO."]})
    return verdeelmodel_opslaan(
        actor=actor, samenwerkingsverband=samenwerkingsverband, data={"preset": preset, **PRESETS[preset]}
    )


@atomic
def tarief_vastleggen(
    *, actor, samenwerkingsverband, jaar: int, soort: str, sleutel: str, bedrag: Decimal, index_pct=None
) -> Tarief:
    """Set a rate for a year. Bookings already made keep the amount they were made with. The index
    shown is `index_pct` when the rate was indexed by it, else the change from last year's rate."""
    grant = require(actor, "financien.beheren", samenwerkingsverband)
    if bedrag is None or bedrag < 0:
        raise ValidationError({"bedrag": ["Vul een bedrag van 0 of meer in."]})
    vorig = Tarief.objects.filter(
        samenwerkingsverband=samenwerkingsverband, jaar=jaar - 1, soort=soort, sleutel=sleutel
    ).first()
    index = euro((bedrag / vorig.bedrag - 1) * 100) if vorig is not None and vorig.bedrag else None
    if index_pct is not None:
        index = euro(index_pct)
    tarief, _ = Tarief.objects.update_or_create(
        samenwerkingsverband=samenwerkingsverband,
        jaar=jaar,
        soort=soort,
        sleutel=sleutel,
        defaults={"bedrag": euro(bedrag), "index_pct": index},
    )
    audit.log(audit.Action.UPDATE, obj=tarief, grant=grant, detail={"bedrag": str(tarief.bedrag)})
    return tarief


@atomic
def tarieven_indexeren(*, actor, samenwerkingsverband, naar_jaar: int, index_pct: Decimal) -> list[Tarief]:
    """Next year's rates: last year's raised by `index_pct` percent (rounded to cents)."""
    require(actor, "financien.beheren", samenwerkingsverband)
    if index_pct is None or not Decimal("-50") <= index_pct <= Decimal("50"):
        raise ValidationError({"index_pct": ["Kies een index tussen -50 en 50 procent."]})
    vorige = Tarief.objects.filter(samenwerkingsverband=samenwerkingsverband, jaar=naar_jaar - 1)
    if not vorige.exists():
        raise ValidationError({"index_pct": [f"Er zijn geen tarieven voor {naar_jaar - 1} om te indexeren."]})
    return [
        tarief_vastleggen(
            actor=actor,
            samenwerkingsverband=samenwerkingsverband,
            jaar=naar_jaar,
            soort=t.soort,
            sleutel=t.sleutel,
            bedrag=euro(t.bedrag * (1 + index_pct / 100)),
            index_pct=index_pct,  # the index applied, not one recomputed from rounded cents
        )
        for t in vorige
    ]


@atomic
def leerlingtelling_vastleggen(*, actor, school, peildatum: date, aantal: int) -> Leerlingtelling:
    grant = require(actor, "financien.beheren", school)
    if aantal is None or not 0 <= aantal <= 5000:
        raise ValidationError({"aantal": ["Vul een aantal leerlingen tussen 0 en 5000 in."]})
    telling, _ = Leerlingtelling.objects.update_or_create(
        school=school, peildatum=peildatum, defaults={"aantal": aantal}
    )
    audit.log(audit.Action.UPDATE, obj=telling, grant=grant, samenwerkingsverband_id=school.samenwerkingsverband_id)
    return telling


# --- Budgets -----------------------------------------------------------------------------------


def schoolbudgetten_berekenen(begroting_of_model, samenwerkingsverband_id: int, peildatum: date) -> dict:
    """{school: (pupils, allocation)} under a model's school model: pupils on the reference date
    times the amount per pupil times the weight of the kind of school, minus the skim."""
    from passend.organisaties.models import School

    model = begroting_of_model
    if model.bedrag_per_leerling is None:
        return {}
    tellingen = dict(
        Leerlingtelling.objects.filter(
            school__samenwerkingsverband_id=samenwerkingsverband_id, peildatum=peildatum
        ).values_list("school_id", "aantal")
    )
    factor = (Decimal("100") - model.afroming_pct) / Decimal("100")
    uit = {}
    for school in School.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id).order_by("naam"):
        aantal = tellingen.get(school.pk, 0)
        gewicht = Decimal(str((model.gewichten or {}).get(school.soort, "1")))
        uit[school] = (aantal, euro(aantal * model.bedrag_per_leerling * gewicht * factor))
    return uit


@atomic
def begroting_openen(
    *,
    actor,
    samenwerkingsverband,
    jaar: int,
    verdeelmodel: Verdeelmodel,
    peildatum: date,
    budgetten: dict[str, Decimal],
    inkomsten: list[tuple[str, str, Decimal]] = (),
    toelichting: str = "",
) -> Begroting:
    """Open a year's budget: the central lines with their budgets (the buffer among them), a line per
    school with its allocation under the model, and the commitments of support still running into
    this year. Refused as a whole when the budgets do not cover those commitments."""
    grant = require(actor, "financien.beheren", samenwerkingsverband)
    fouten = {}
    if Begroting.objects.filter(samenwerkingsverband=samenwerkingsverband, jaar=jaar).exists():
        fouten["jaar"] = [f"Er is al een begroting voor {jaar}."]
    if verdeelmodel.samenwerkingsverband_id != samenwerkingsverband.pk:
        fouten["verdeelmodel"] = ["Kies een verdeelmodel van dit samenwerkingsverband."]
    for doel, bedrag in budgetten.items():
        if doel not in CENTRALE_DOELEN:
            fouten[doel] = ["Onbekende begrotingspost."]
        elif bedrag is None or bedrag < 0:
            fouten[doel] = ["Vul een bedrag van 0 of meer in."]
    if fouten:
        raise ValidationError(fouten)
    begroting = Begroting.objects.create(
        samenwerkingsverband=samenwerkingsverband,
        jaar=jaar,
        verdeelmodel=verdeelmodel,
        peildatum=peildatum,
        toelichting=toelichting.strip(),
    )
    for soort, omschrijving, bedrag in inkomsten:
        Inkomstenregel.objects.create(begroting=begroting, soort=soort, omschrijving=omschrijving, bedrag=euro(bedrag))
    posten = {doel: Post.objects.create(begroting=begroting, doel=doel) for doel in CENTRALE_DOELEN}
    vandaag = timezone.localdate()
    regels = [
        Regel(posten[doel], B, euro(bedrag), f"Begroting {jaar}", vandaag)
        for doel, bedrag in budgetten.items()
        if bedrag
    ]
    for school, (aantal, toegekend) in schoolbudgetten_berekenen(
        verdeelmodel, samenwerkingsverband.pk, peildatum
    ).items():
        post = Post.objects.create(begroting=begroting, doel=Doel.SCHOOLBUDGET, school=school)
        regels.append(Regel(post, B, toegekend, f"Schoolbudget {jaar}: {aantal} leerlingen", vandaag))
    from passend.organisaties.models import School

    for school in School.objects.filter(samenwerkingsverband=samenwerkingsverband).exclude(
        budgetposten__begroting=begroting
    ):
        Post.objects.create(begroting=begroting, doel=Doel.SCHOOLBUDGET, school=school)
    boek(regels, actor=actor, rol=_rol(grant))
    _doorlopende_verplichtingen(begroting, actor, _rol(grant))
    audit.log(audit.Action.CREATE, obj=begroting, grant=grant, detail={"jaar": jaar, "verdeelmodel": verdeelmodel.naam})
    return begroting


def _doorlopende_verplichtingen(begroting, actor, rol: str) -> None:
    """Support granted earlier that runs into this year commits this year's part now."""
    from passend.arrangementen.models import Arrangement
    from passend.arrangementen.policies import LOPEND

    begin = date(begroting.jaar, 1, 1)
    lopend = Arrangement.objects.filter(
        samenwerkingsverband_id=begroting.samenwerkingsverband_id, status__in=LOPEND, einddatum__gte=begin
    ).select_related("school", "plaats_school", "plaats_voorziening", "besluit__aanvraag")
    for arrangement in lopend:
        _arrangement_regels_boeken(arrangement, actor, rol, alleen_jaar=begroting.jaar)
        for aanbieder in arrangement.aanbieders.filter(beeindigd_op__isnull=True).select_related("deskundige"):
            _uren_regels_boeken(aanbieder, actor, rol, alleen_jaar=begroting.jaar)


@atomic
def post_begroten(*, actor, post: Post, bedrag: Decimal, reden: str) -> list[Boeking]:
    """Change a line's budget to `bedrag`: the difference is a new budget entry, never an edit.
    Refused below what is already committed and spent."""
    grant = require(actor, "financien.beheren", post.begroting)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": ["Schrijf op waarom het budget verandert."]})
    if bedrag is None or bedrag < 0:
        raise ValidationError({"bedrag": ["Vul een bedrag van 0 of meer in."]})
    huidig = som_van(Boeking.objects.filter(post=post, soort=B))
    try:
        geboekt = boek(
            [Regel(post, B, euro(bedrag) - huidig, "Budget gewijzigd", timezone.localdate(), reden=reden)],
            actor=actor,
            rol=_rol(grant),
        )
    except Tekort as tekort:
        raise ValidationError(
            {
                "bedrag": [
                    "Er is al meer vastgelegd en uitgegeven: minstens "
                    f"{bedrag_tekst(euro(bedrag) + tekort.tekort)} is nodig."
                ]
            }
        )
    audit.log(audit.Action.UPDATE, obj=post, grant=grant, detail={"budget": str(euro(bedrag)), "reden": reden[:300]})
    return geboekt


@atomic
def buffer_inzetten(*, actor, post: Post, bedrag: Decimal, reden: str) -> list[Boeking]:
    """Move money from the buffer (post onvoorzien) of the same year to `post`, with the reason."""
    grant = require(actor, "financien.buffer_inzetten", post.begroting)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": ["Schrijf op waarom de post onvoorzien wordt ingezet."]})
    if bedrag is None or euro(bedrag) <= 0:
        raise ValidationError({"bedrag": ["Vul een bedrag groter dan 0 in."]})
    if post.doel == Doel.BUFFER:
        raise ValidationError({"post": ["Kies de post die het geld nodig heeft, niet de buffer zelf."]})
    buffer = Post.objects.get(begroting=post.begroting, doel=Doel.BUFFER)
    vandaag = timezone.localdate()
    try:
        geboekt = boek(
            [
                Regel(buffer, B, -euro(bedrag), f"Ingezet voor {post}", vandaag, reden=reden),
                Regel(post, B, euro(bedrag), "Uit de post onvoorzien", vandaag, reden=reden),
            ],
            actor=actor,
            rol=_rol(grant),
        )
    except Tekort as tekort:
        raise ValidationError({"bedrag": [f"De post onvoorzien heeft nog {bedrag_tekst(tekort.beschikbaar)}."]})
    audit.log(
        audit.Action.UPDATE,
        obj=post,
        grant=grant,
        detail={"buffer_ingezet": str(euro(bedrag)), "reden": reden[:300]},
    )
    return geboekt


# --- What support books (called by the arrangement services, inside their transaction) -----------


def _begroting(swv_id: int, jaar: int) -> Begroting | None:
    return Begroting.objects.filter(samenwerkingsverband_id=swv_id, jaar=jaar).select_related("verdeelmodel").first()


def _jaren_met_begroting(swv_id: int, van: date, tot: date) -> set[int]:
    """The years of [van, tot] for which the partnership keeps a budget in Passend; the others book nothing."""
    if tot < van:
        return set()
    return set(
        Begroting.objects.filter(samenwerkingsverband_id=swv_id, jaar__gte=van.year, jaar__lte=tot.year).values_list(
            "jaar", flat=True
        )
    )


def _post(begroting: Begroting, bestemming: kosten.Bestemming) -> Post:
    if bestemming.school is not None:
        post, _ = Post.objects.get_or_create(begroting=begroting, doel=Doel.SCHOOLBUDGET, school=bestemming.school)
        return post
    return Post.objects.get(begroting=begroting, doel=bestemming.doel, school__isnull=True)


def _check_plafond(arrangement, begroting, extra: Decimal) -> None:
    plafond = kosten.plafond(arrangement, begroting.verdeelmodel)
    if plafond is None or arrangement.soort in kosten.PLAATSINGEN:
        return
    al = som_van(
        Boeking.objects.filter(arrangement=arrangement, jaar=begroting.jaar, soort__in=[V, R]).exclude(
            post__doel=Doel.EXPERTPOOL
        )
    )
    if al + extra > plafond:
        raise ValidationError(
            {
                "__all__": [
                    f"Dit arrangement kost in {begroting.jaar} {bedrag_tekst(al + extra)}; het plafond is "
                    f"{bedrag_tekst(plafond)} per arrangement per jaar. Er is niets geboekt."
                ]
            }
        )


def _boek_met_buffer(regels: list[Regel], *, actor, rol: str, buffer_reden: str) -> list[Boeking]:
    """Book; when a post falls short and a reason to draw on the buffer is given by someone who
    may, move the shortfall from the buffer first (logged), then book."""
    try:
        return boek(regels, actor=actor, rol=rol)
    except Tekort as tekort:
        if not buffer_reden:
            raise ValidationError({"__all__": [*tekort.messages, "Zet zo nodig de post onvoorzien in, met een reden."]})
        if explain(actor, "financien.buffer_inzetten", tekort.post.begroting) is None:
            audit.log_denied(reason="geen recht: financien.buffer_inzetten", obj=tekort.post)
            raise PermissionDenied
        buffer_inzetten(actor=actor, post=tekort.post, bedrag=tekort.tekort, reden=buffer_reden)
        return _boek_met_buffer(regels, actor=actor, rol=rol, buffer_reden=buffer_reden)


def _arrangement_regels_boeken(
    arrangement, actor, rol, *, alleen_jaar=None, van=None, tot=None, met_materiaal=True, buffer_reden=""
) -> list:
    """The place for [van, tot] (default: the whole period) and, unless told otherwise, the
    materials, per year that has a budget."""
    van, tot = van or arrangement.startdatum, tot or arrangement.einddatum
    per_jaar: dict[int, Decimal] = {}
    if met_materiaal:
        per_jaar.update(kosten.over_jaren(arrangement.materiaalbudget, arrangement.startdatum, arrangement.einddatum))
    jaren = _jaren_met_begroting(arrangement.samenwerkingsverband_id, van, tot)
    for jaar, bedrag in kosten.plaatskosten(arrangement, van, tot, jaren).items():
        per_jaar[jaar] = per_jaar.get(jaar, NUL) + bedrag
    regels = []
    for jaar, bedrag in sorted(per_jaar.items()):
        if alleen_jaar is not None and jaar != alleen_jaar:
            continue
        begroting = _begroting(arrangement.samenwerkingsverband_id, jaar)
        bestemming = kosten.bestemming(arrangement, begroting.verdeelmodel) if begroting else None
        if begroting is None or bestemming is None or not bedrag:
            continue
        _check_plafond(arrangement, begroting, bedrag)
        regels.append(
            Regel(
                _post(begroting, bestemming),
                V,
                bedrag,
                str(arrangement),
                timezone.localdate(),
                koppelingen={"arrangement": arrangement},
            )
        )
    return _boek_met_buffer(regels, actor=actor, rol=rol, buffer_reden=buffer_reden)


def _uren_regels_boeken(aanbieder, actor, rol, *, alleen_jaar=None, buffer_reden="") -> list:
    """The provider's planned hours, from the later of today and the start to the end, at each year's rate."""
    if kosten.betaalt_eigen_uren(aanbieder):
        return []
    arrangement = aanbieder.arrangement
    van = max(arrangement.startdatum, timezone.localdate())
    if alleen_jaar is not None:
        van = max(van, date(alleen_jaar, 1, 1))
    regels = []
    jaren = _jaren_met_begroting(arrangement.samenwerkingsverband_id, van, arrangement.einddatum)
    for jaar, bedrag in kosten.urenkosten(aanbieder, aanbieder.uren_gepland, van, arrangement.einddatum, jaren).items():
        if alleen_jaar is not None and jaar != alleen_jaar:
            continue
        begroting = _begroting(arrangement.samenwerkingsverband_id, jaar)
        bestemming = kosten.bestemming_uren(aanbieder, begroting.verdeelmodel) if begroting else None
        if begroting is None or bestemming is None:
            continue
        if bestemming.doel != Doel.EXPERTPOOL:
            _check_plafond(arrangement, begroting, bedrag)
        regels.append(
            Regel(
                _post(begroting, bestemming),
                V,
                bedrag,
                f"Uren van {aanbieder.naam}: {arrangement}",
                timezone.localdate(),
                koppelingen={"arrangement": arrangement, "aanbieder": aanbieder},
            )
        )
    return _boek_met_buffer(regels, actor=actor, rol=rol, buffer_reden=buffer_reden)


def arrangement_toegekend(arrangement, *, actor, rol: str, buffer_reden: str = "") -> list[Boeking]:
    """A granted arrangement commits its materials and place, in every year that has a budget."""
    geboekt = _arrangement_regels_boeken(arrangement, actor, rol, buffer_reden=buffer_reden)
    _log(arrangement, geboekt, "toegekend")
    return geboekt


def arrangement_verlengd(
    arrangement, *, actor, rol: str, oude_einddatum: date, buffer_reden: str = ""
) -> list[Boeking]:
    """An extension commits the place for the added period (materials were committed once)."""
    from datetime import timedelta

    geboekt = _arrangement_regels_boeken(
        arrangement,
        actor,
        rol,
        van=oude_einddatum + timedelta(days=1),
        tot=arrangement.einddatum,
        met_materiaal=False,
        buffer_reden=buffer_reden,
    )
    _log(arrangement, geboekt, "verlengd")
    return geboekt


def aanbieder_toegewezen(aanbieder, *, actor, rol: str, buffer_reden: str = "") -> list[Boeking]:
    geboekt = _uren_regels_boeken(aanbieder, actor, rol, buffer_reden=buffer_reden)
    _log(aanbieder.arrangement, geboekt, "uren gepland")
    return geboekt


def _openstaand(**filters) -> dict[int, Decimal]:
    """{post id: commitment still open} for the entries matching `filters`."""
    rijen = (
        Boeking.objects.filter(soort=V, **filters)
        .values("post_id")
        .annotate(s=Sum("bedrag"))
        .values_list("post_id", "s")
    )
    # euro(): SQLite sums decimals in floating point; the ledger's cents are exact.
    return {post_id: euro(som) for post_id, som in rijen if som and euro(som)}


def _besteden(
    post, bedrag, vrij, omschrijving, datum, koppeling, *, actor, rol: str, veld: str, raad: str
) -> list[Boeking]:
    """Spend `bedrag` on `post` and release `vrij` of what was committed for it, together, so
    nothing counts twice; a shortfall is refused at the form's field `veld`, with `raad`."""
    regels = [Regel(post, R, bedrag, omschrijving, datum, koppelingen=koppeling)]
    if vrij > 0:
        regels.append(Regel(post, V, -vrij, f"Vrijval door realisatie: {omschrijving}", datum, koppelingen=koppeling))
    try:
        return boek(regels, actor=actor, rol=rol)
    except Tekort as tekort:
        raise ValidationError({veld: [*tekort.messages, raad]})


def inzet_geboekt(inzet, *, actor, rol: str) -> list[Boeking]:
    """Hours given are spent at the rate of that day's year; as much of the provider's commitment
    in that year is released, so the hours are not counted twice."""
    aanbieder = inzet.aanbieder
    arrangement = inzet.arrangement
    jaar = inzet.datum.year
    begroting = _begroting(arrangement.samenwerkingsverband_id, jaar)
    bestemming = kosten.bestemming_uren(aanbieder, begroting.verdeelmodel) if begroting else None
    if begroting is None or bestemming is None:
        return []
    post = _post(begroting, bestemming)
    discipline = aanbieder.deskundige.discipline if aanbieder.deskundige_id else "standaard"
    kosten_inzet = euro(inzet.uren * kosten.tarief(arrangement.samenwerkingsverband_id, jaar, "uur", discipline))
    open_bedrag = _openstaand(aanbieder=aanbieder, post=post).get(post.pk, NUL)
    vrij = min(open_bedrag, kosten_inzet)
    koppeling = {"arrangement": arrangement, "aanbieder": aanbieder, "inzet": inzet}
    uren = format(inzet.uren.normalize(), "f").replace(".", ",")
    omschrijving = f"{uren} uur van {aanbieder.naam} op {inzet.datum.day}-{inzet.datum.month}-{inzet.datum.year}"
    geboekt = _besteden(
        post,
        kosten_inzet,
        vrij,
        omschrijving,
        inzet.datum,
        koppeling,
        actor=actor,
        rol=rol,
        veld="uren",
        raad="Er zijn meer uren gegeven dan gepland: verhoog de geplande uren of zet de buffer in.",
    )
    _log(arrangement, geboekt, "inzet")
    return geboekt


def materiaal_geboekt(uitgave, *, actor, rol: str) -> list[Boeking]:
    """Materials bought are spent on the day of purchase, on the post the arrangement books on;
    as much of the arrangement's own commitment in that year is released (the materials were
    committed with the grant), so they are not counted twice. What stays committed is released
    when the arrangement ends."""
    arrangement = uitgave.arrangement
    jaar = uitgave.datum.year
    begroting = _begroting(arrangement.samenwerkingsverband_id, jaar)
    bestemming = kosten.bestemming(arrangement, begroting.verdeelmodel) if begroting else None
    if begroting is None or bestemming is None:
        return []
    post = _post(begroting, bestemming)
    # The grant committed the materials spread over the years by days; a purchase releases no
    # more than that year's share (a placement's commitment holds its place as well).
    aandeel = kosten.over_jaren(arrangement.materiaalbudget, arrangement.startdatum, arrangement.einddatum).get(
        jaar, NUL
    )
    eerder = som_van(arrangement.materiaaluitgaven.filter(datum__year=jaar).exclude(pk=uitgave.pk))
    open_bedrag = _openstaand(arrangement=arrangement, aanbieder__isnull=True, post=post).get(post.pk, NUL)
    vrij = max(NUL, min(open_bedrag, uitgave.bedrag, aandeel - eerder))
    geboekt = _besteden(
        post,
        uitgave.bedrag,
        vrij,
        f"Materialen: {uitgave.omschrijving} ({arrangement})",
        uitgave.datum,
        {"arrangement": arrangement},
        actor=actor,
        rol=rol,
        veld="bedrag",
        raad="Vraag het samenwerkingsverband de post aan te vullen.",
    )
    _log(arrangement, geboekt, "materialen")
    return geboekt


def vrijval(*, actor, rol: str, arrangement=None, aanbieder=None, reden: str) -> list[Boeking]:
    """Release what is still committed (ending, or a provider who stops). A placement that ends
    has used its place until then: that part of the commitment is spent (realisatie), only the
    rest is released — a place has no hours given that would turn it into spend."""
    filters = {"aanbieder": aanbieder} if aanbieder is not None else {"arrangement": arrangement}
    arrangement = arrangement or aanbieder.arrangement
    openstaand = _openstaand(**filters)
    posten = {p.pk: p for p in Post.objects.select_related("begroting").filter(pk__in=openstaand)}
    besteed = _gebruikte_plaats(arrangement, posten) if aanbieder is None else {}
    vandaag = timezone.localdate()
    koppeling = {"arrangement": arrangement, **({"aanbieder": aanbieder} if aanbieder else {})}
    regels = []
    for post_id, bedrag in openstaand.items():
        if bedrag <= 0:
            continue
        gebruikt = besteed.get(post_id, NUL)
        if gebruikt > 0:
            omschrijving = f"Plaats gebruikt tot {min(arrangement.einddatum, vandaag):%d-%m-%Y}: {arrangement}"
            regels += [
                Regel(posten[post_id], R, gebruikt, omschrijving, vandaag, koppelingen=koppeling),
                Regel(
                    posten[post_id],
                    V,
                    -gebruikt,
                    f"Vrijval door realisatie: {omschrijving}",
                    vandaag,
                    koppelingen=koppeling,
                ),
            ]
        if bedrag - gebruikt > 0:
            regels.append(
                Regel(posten[post_id], V, -(bedrag - gebruikt), f"Vrijval: {reden}", vandaag, koppelingen=koppeling)
            )
    geboekt = boek(regels, actor=actor, rol=rol)
    _log(arrangement, geboekt, "vrijval")
    return geboekt


def _gebruikte_plaats(arrangement, posten: dict) -> dict[int, Decimal]:
    """{post id: the cost of the place from the start until the end (or today, if earlier)} for the
    posts that still hold the placement's own commitment, at most that commitment."""
    if arrangement.soort not in kosten.PLAATSINGEN:
        return {}
    plaats_open = _openstaand(arrangement=arrangement, aanbieder__isnull=True)
    jaren = {posten[pk].begroting.jaar: pk for pk in plaats_open if pk in posten}
    tot = min(arrangement.einddatum, timezone.localdate())
    kost = kosten.plaatskosten(arrangement, arrangement.startdatum, tot, set(jaren))
    return {pk: min(plaats_open[pk], kost.get(jaar, NUL)) for jaar, pk in jaren.items() if kost.get(jaar)}


def _log(arrangement, geboekt: list, wat: str) -> None:
    if geboekt:
        audit.log(
            audit.Action.CREATE,
            obj=arrangement,
            object_type="financien.boeking",
            object_label=f"Boekingen bij {arrangement}: {wat}",
            detail={"boekingen": [b.pk for b in geboekt], "bedragen": [str(b.bedrag) for b in geboekt]},
        )


def verdeling_vergelijken(schoolbudgetten_a: dict, schoolbudgetten_b: dict) -> list:
    """Per school: the allocation under two models side by side (what the waterbed does to each school)."""
    scholen = sorted(set(schoolbudgetten_a) | set(schoolbudgetten_b), key=lambda s: s.naam)
    return [(s, schoolbudgetten_a.get(s, (0, NUL))[1], schoolbudgetten_b.get(s, (0, NUL))[1]) for s in scholen]
