"""Every write of needs, profiles, the scale and the commission's choice: permission, one
transaction, audit. Profiles, checks and choices are new rows; nothing is edited in place."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from passend.core import audit
from passend.core.services import atomic, require
from passend.core.validators import tekstfouten
from passend.matching import selectors
from passend.matching.models import (
    AanvullendArrangement,
    Basisondersteuning,
    Behoefteprofiel,
    Intensiteitsniveau,
    Matchkeuze,
    Ondersteuningsprofiel,
    Profielcontrole,
)
from passend.matching.velden import MAX_NIVEAUS, MIN_NIVEAUS, VELD_NAMEN, VELDEN


def _check_niveaus(samenwerkingsverband_id, niveaus: dict, *, leeg_mag: bool) -> dict:
    """Errors for levels that are missing or not on the partnership's scale, at their field."""
    schaal = selectors.schaal(samenwerkingsverband_id)
    fouten = {}
    for veld in VELDEN:
        niveau = niveaus.get(veld)
        hoogste = max(n for n, _ in schaal[veld])
        if niveau is None:
            if not leeg_mag:
                fouten[veld] = [f"Kies een niveau voor {VELD_NAMEN[veld].lower()}."]
        elif isinstance(niveau, bool) or not isinstance(niveau, int) or not 0 <= niveau <= hoogste:
            fouten[veld] = [f"Kies een niveau van 0 tot en met {hoogste}."]
    return fouten


def _vul(obj, niveaus: dict, toelichtingen: dict) -> None:
    for veld in VELDEN:
        setattr(obj, veld, niveaus.get(veld))
        setattr(obj, f"toelichting_{veld}", (toelichtingen.get(veld) or "").strip())


def _tekstfouten(obj) -> dict:
    return tekstfouten(obj)


# --- Needs --------------------------------------------------------------------------------------


@atomic
def behoefteprofiel_vaststellen(
    *,
    actor,
    leerling,
    niveaus: dict,
    toelichtingen: dict | None = None,
    samenvatting: str = "",
    traject=None,
    bronnen=(),
) -> Behoefteprofiel:
    """Record the pupil's needs on the five fields (an empty level: still unclear). A new version."""
    grant = require(actor, "matching.behoefte_vaststellen", leerling)
    fouten = _check_niveaus(leerling.samenwerkingsverband_id, niveaus, leeg_mag=True)
    if traject is not None and traject.leerling_id != leerling.pk:
        fouten["traject"] = ["Kies een traject van deze leerling."]
    bronnen = list(bronnen)
    if any(b.leerling_id != leerling.pk or not b.is_afgerond for b in bronnen):
        fouten["bronnen"] = ["Kies afgeronde vragenlijsten van deze leerling."]
    profiel = Behoefteprofiel(
        samenwerkingsverband_id=leerling.samenwerkingsverband_id,
        leerling=leerling,
        traject=traject,
        samenvatting=samenvatting.strip(),
        opgesteld_door=actor,
        opgesteld_door_naam=actor.naam,
        opgesteld_als=grant.lidmaatschap.rol,
    )
    _vul(profiel, niveaus, toelichtingen or {})
    fouten.update(_tekstfouten(profiel))
    if fouten:
        raise ValidationError(fouten)
    profiel.save()
    profiel.bronnen.set(bronnen)
    audit.log(
        audit.Action.CREATE,
        obj=profiel,
        grant=grant,
        detail={"niveaus": {v: niveaus.get(v) for v in VELDEN}, "bronnen": [b.pk for b in bronnen]},
    )
    return profiel


# --- Profiles of schools and provisions --------------------------------------------------------


@atomic
def ondersteuningsprofiel_opstellen(
    *, actor, setting, niveaus: dict, toelichtingen: dict | None = None, samenvatting: str = ""
) -> Ondersteuningsprofiel:
    """A new version of what a school or provision offers. Written by the partnership's management
    or beheerder it is approved at once; a director's version waits for the partnership's check."""
    grant = require(actor, "matching.profiel_opstellen", setting)
    fouten = _check_niveaus(setting.samenwerkingsverband_id, niveaus, leeg_mag=False)
    veld = "school" if setting.__class__.__name__ == "School" else "voorziening"
    profiel = Ondersteuningsprofiel(
        samenwerkingsverband_id=setting.samenwerkingsverband_id,
        samenvatting=samenvatting.strip(),
        opgesteld_door=actor,
        opgesteld_door_naam=actor.naam,
        opgesteld_als=grant.lidmaatschap.rol,
        **{veld: setting},
    )
    _vul(profiel, niveaus, toelichtingen or {})
    fouten.update(_tekstfouten(profiel))
    if fouten:
        raise ValidationError(fouten)
    profiel.save()
    audit.log(audit.Action.CREATE, obj=profiel, grant=grant, detail={"niveaus": {v: niveaus[v] for v in VELDEN}})
    if grant.rule.code == "beheer_van_swv":
        _controle(profiel, actor, Profielcontrole.Uitkomst.GOEDGEKEURD, "Vastgesteld door het samenwerkingsverband.")
    return profiel


def _controle(profiel, actor, uitkomst: str, opmerking: str) -> Profielcontrole:
    return Profielcontrole.objects.create(
        profiel=profiel, uitkomst=uitkomst, opmerking=opmerking, door=actor, door_naam=actor.naam
    )


@atomic
def ondersteuningsprofiel_controleren(*, actor, profiel: Ondersteuningsprofiel, uitkomst: str, opmerking: str = ""):
    """The partnership approves a director's version (matching uses it from now on) or sends it back."""
    grant = require(actor, "matching.profiel_controleren", profiel)
    profiel = Ondersteuningsprofiel.objects.select_for_update().get(pk=profiel.pk)
    if Profielcontrole.objects.filter(profiel=profiel).exists():
        raise ValidationError("Deze versie is al gecontroleerd.")
    if uitkomst not in Profielcontrole.Uitkomst.values:
        raise ValidationError({"uitkomst": ["Kies goedkeuren of terugsturen."]})
    opmerking = opmerking.strip()
    if uitkomst == Profielcontrole.Uitkomst.TERUGGESTUURD and not opmerking:
        raise ValidationError(
            {"opmerking": ["Schrijf waarom het profiel terug gaat, zodat de school het kan aanpassen."]}
        )
    if len(opmerking) > 2000 or "\x00" in opmerking:
        raise ValidationError({"opmerking": ["Gebruik hoogstens 2000 tekens."]})
    controle = _controle(profiel, actor, uitkomst, opmerking)
    audit.log(audit.Action.UPDATE, obj=profiel, grant=grant, detail={"controle": uitkomst})
    return controle


# --- The partnership's settings -----------------------------------------------------------------


@atomic
def basisondersteuning_vaststellen(*, actor, samenwerkingsverband, niveaus: dict, toelichtingen: dict | None = None):
    grant = require(actor, "matching.beheren", samenwerkingsverband)
    fouten = _check_niveaus(samenwerkingsverband.pk, niveaus, leeg_mag=False)
    basis = Basisondersteuning(
        samenwerkingsverband=samenwerkingsverband, vastgesteld_door=actor, vastgesteld_door_naam=actor.naam
    )
    _vul(basis, niveaus, toelichtingen or {})
    fouten.update(_tekstfouten(basis))
    if fouten:
        raise ValidationError(fouten)
    basis.save()
    audit.log(audit.Action.CREATE, obj=basis, grant=grant, detail={"niveaus": {v: niveaus[v] for v in VELDEN}})
    return basis


@atomic
def schaal_vaststellen(*, actor, samenwerkingsverband, veld: str, omschrijvingen: list[str]):
    """The levels of one field (0 up) with their descriptions. Fewer levels than before only when
    no profile or need uses a level that would disappear."""
    grant = require(actor, "matching.beheren", samenwerkingsverband)
    if veld not in VELDEN:
        raise ValidationError({"veld": ["Onbekend veld."]})
    omschrijvingen = [o.strip() for o in omschrijvingen]
    fouten = {}
    if not MIN_NIVEAUS <= len(omschrijvingen) <= MAX_NIVEAUS:
        fouten["__all__"] = [f"Een schaal heeft {MIN_NIVEAUS} tot {MAX_NIVEAUS} niveaus."]
    for i, tekst in enumerate(omschrijvingen):
        if not tekst:
            fouten[f"niveau_{i}"] = [f"Beschrijf niveau {i}."]
        elif len(tekst) > 300 or any(t in tekst for t in "<>\x00"):
            fouten[f"niveau_{i}"] = ["Gebruik hoogstens 300 tekens, zonder < of >."]
    hoogste = len(omschrijvingen) - 1
    in_gebruik = [
        model._meta.verbose_name_plural
        for model in (Behoefteprofiel, Ondersteuningsprofiel, Basisondersteuning)
        if model.objects.filter(samenwerkingsverband=samenwerkingsverband, **{f"{veld}__gt": hoogste}).exists()
    ]
    if in_gebruik:
        fouten["__all__"] = [f"Niveaus boven {hoogste} worden nog gebruikt in {', '.join(in_gebruik)}."]
    if fouten:
        raise ValidationError(fouten)
    Intensiteitsniveau.objects.filter(samenwerkingsverband=samenwerkingsverband, veld=veld).delete()
    Intensiteitsniveau.objects.bulk_create(
        Intensiteitsniveau(samenwerkingsverband=samenwerkingsverband, veld=veld, niveau=i, omschrijving=tekst)
        for i, tekst in enumerate(omschrijvingen)
    )
    audit.log(
        audit.Action.UPDATE,
        obj=samenwerkingsverband,
        grant=grant,
        object_type="matching.intensiteitsniveau",
        detail={"veld": veld, "niveaus": omschrijvingen},
    )


AANVULLING_VELDEN = ("naam", "omschrijving", *VELDEN, "school", "voorziening", "actief")


@atomic
def aanvullend_arrangement_opslaan(*, actor, samenwerkingsverband, data: dict, instance=None) -> AanvullendArrangement:
    grant = require(actor, "matching.beheren", samenwerkingsverband)
    arrangement = instance or AanvullendArrangement(samenwerkingsverband=samenwerkingsverband)
    for naam in AANVULLING_VELDEN:
        if naam in data:
            setattr(arrangement, naam, data[naam])
    fouten = _tekstfouten(arrangement)
    for veld in ("school", "voorziening"):
        plek = getattr(arrangement, veld)
        if plek is not None and plek.samenwerkingsverband_id != samenwerkingsverband.pk:
            fouten[veld] = ["Deze plek hoort niet bij dit samenwerkingsverband."]
    if arrangement.school_id and arrangement.voorziening_id:
        fouten["voorziening"] = ["Kies een school of een voorziening, niet allebei."]
    if not any(arrangement.toevoegingen()):
        fouten["__all__"] = ["Een aanvullend arrangement voegt op ten minste één veld iets toe."]
    if (
        AanvullendArrangement.objects.filter(samenwerkingsverband=samenwerkingsverband, naam__iexact=arrangement.naam)
        .exclude(pk=arrangement.pk)
        .exists()
    ):
        fouten["naam"] = ["Er is al een aanvullend arrangement met deze naam."]
    try:
        arrangement.full_clean(exclude=["samenwerkingsverband"], validate_constraints=False)
    except ValidationError as error:
        for veld, berichten in error.message_dict.items():
            fouten.setdefault(veld, []).extend(berichten)
    if fouten:
        raise ValidationError(fouten)
    nieuw = arrangement.pk is None
    arrangement.save()
    audit.log(
        audit.Action.CREATE if nieuw else audit.Action.UPDATE,
        obj=arrangement,
        grant=grant,
        detail={"toevoegingen": dict(zip(VELDEN, arrangement.toevoegingen(), strict=True))},
    )
    return arrangement


# --- The commission's choice ---------------------------------------------------------------------


@atomic
def matchkeuze_vastleggen(*, actor, traject, uitkomst: str, reden: str, keuze: str = "", advies=None) -> Matchkeuze:
    """Record what the commission chose, with its reason and the advice it was given. `keuze` is a
    candidate's key: "school:12", "voorziening:3" or "aanvulling:5" (own school plus that arrangement)."""
    grant = require(actor, "matching.kiezen", traject)
    behoefte = selectors.huidig_behoefteprofiel(traject.leerling) if traject.leerling_id else None
    fouten = {}
    if behoefte is None:
        raise ValidationError("Stel eerst de onderwijsbehoeften op de vijf velden vast.")
    if uitkomst not in Matchkeuze.Uitkomst.values:
        fouten["uitkomst"] = ["Kies een uitkomst."]
    reden = (reden or "").strip()
    if not reden:
        fouten["reden"] = ["Schrijf de reden van de keuze op; de matching adviseert, de commissie besluit."]
    elif len(reden) > 4000 or "\x00" in reden:
        fouten["reden"] = ["Gebruik hoogstens 4000 tekens."]
    plek = _plek(traject, keuze, fouten)
    if uitkomst in (Matchkeuze.Uitkomst.MATCH, Matchkeuze.Uitkomst.SPECIAAL) and not (
        plek.get("school") or plek.get("voorziening")
    ):
        fouten.setdefault("keuze", ["Kies de school of voorziening."])
    if uitkomst == Matchkeuze.Uitkomst.AANVULLEND and not plek.get("aanvullend_arrangement"):
        fouten.setdefault("keuze", ["Kies het aanvullend arrangement."])
    if fouten:
        raise ValidationError(fouten)
    keuze_rij = Matchkeuze.objects.create(
        traject=traject,
        behoefteprofiel=behoefte,
        uitkomst=uitkomst,
        reden=reden,
        advies=advies or {},
        gekozen_door=actor,
        gekozen_door_naam=actor.naam,
        gekozen_als=grant.lidmaatschap.rol,
        **plek,
    )
    audit.log(
        audit.Action.CREATE,
        obj=keuze_rij,
        grant=grant,
        detail={"uitkomst": uitkomst, "keuze": keuze or "", "reden": reden[:300]},
    )
    return keuze_rij


def _plek(traject, keuze: str, fouten: dict) -> dict:
    """The chosen setting from its key, within the traject's partnership."""
    from passend.organisaties.models import School, Voorziening

    if not keuze:
        return {}
    soort, _, pk = keuze.partition(":")
    swv = traject.samenwerkingsverband_id
    gevonden = None
    if pk.isdigit():
        if soort == "school":
            gevonden = {"school": School.objects.filter(pk=pk, samenwerkingsverband_id=swv).first()}
        elif soort == "voorziening":
            gevonden = {"voorziening": Voorziening.objects.filter(pk=pk, samenwerkingsverband_id=swv).first()}
        elif soort == "aanvulling":
            arrangement = AanvullendArrangement.objects.filter(pk=pk, samenwerkingsverband_id=swv).first()
            gevonden = {
                "aanvullend_arrangement": arrangement,
                "school": traject.leerling.school if arrangement else None,
            }
    if not gevonden or not any(gevonden.values()):
        fouten["keuze"] = ["Kies een van de plekken uit het advies."]
        return {}
    return gevonden
