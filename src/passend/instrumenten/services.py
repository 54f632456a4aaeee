"""Every write of instruments and afnames: permission, one transaction, audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from passend.core import audit
from passend.core.services import atomic, require
from passend.instrumenten import definitie as definitie_module
from passend.instrumenten import normen as normen_module
from passend.instrumenten.models import (
    MAX_OPEN_ANTWOORD,
    Afname,
    AfnameBijAanvraag,
    Antwoord,
    Deel,
    Gebied,
    Instrument,
    Invuller,
    Normregel,
    Normtabel,
    Score,
    Vraag,
)
from passend.instrumenten.policies import invul_permissie
from passend.instrumenten.scoring import ontbrekende_vragen, scores

PRESETS = Path(__file__).resolve().parent / "presets"
PRESET_CODES = ("vpi", "vpi_ouder", "leerling_stem", "ivo_onderwijsbehoeften")
OPEN_VRAAG = "Beantwoord deze vraag om de vragenlijst af te ronden."


# --- Instruments and norm tables (the beheerder) ---------------------------------------------


def _instrument_opslaan(samenwerkingsverband, definitie: definitie_module.Definitie, actor) -> Instrument:
    vorige = (
        Instrument.objects.select_for_update()
        .filter(samenwerkingsverband=samenwerkingsverband, code=definitie.code)
        .order_by("-versie")
        .first()
    )
    instrument = Instrument.objects.create(
        samenwerkingsverband=samenwerkingsverband,
        code=definitie.code,
        versie=(vorige.versie + 1) if vorige else 1,
        versie_label=definitie.versie_label,
        naam=definitie.naam,
        invuller=definitie.invuller,
        is_voorbeeld=definitie.is_voorbeeld,
        bron=definitie.bron,
        toelichting=definitie.toelichting,
        schaal=definitie.schaal,
        geladen_door=actor,
        geladen_door_naam=getattr(actor, "naam", "") or "",
    )
    hoogste = len(definitie.schaal) - 1
    vragen = []
    for d, deel_def in enumerate(definitie.delen):
        deel = Deel.objects.create(
            instrument=instrument, code=deel_def.code, naam=deel_def.naam, toelichting=deel_def.toelichting, volgorde=d
        )
        for g, gebied_def in enumerate(deel_def.gebieden):
            schaalvragen = sum(v.soort == Vraag.Soort.SCHAAL for v in gebied_def.vragen)
            gebied = Gebied.objects.create(
                instrument=instrument,
                deel=deel,
                code=gebied_def.code,
                naam=gebied_def.naam,
                toelichting=gebied_def.toelichting,
                scoren=gebied_def.scoren,
                maximum=schaalvragen * hoogste if gebied_def.scoren else 0,
                volgorde=g,
            )
            vragen += [
                Vraag(
                    instrument=instrument,
                    gebied=gebied,
                    code=v.code,
                    tekst=v.tekst,
                    soort=v.soort,
                    verplicht=v.verplicht,
                    volgorde=i,
                )
                for i, v in enumerate(gebied_def.vragen)
            ]
    Vraag.objects.bulk_create(vragen)
    if vorige is not None and vorige.actief:
        # A new version takes over: new afnames use it; running ones keep theirs.
        vorige.actief = False
        vorige.save(update_fields=["actief"])
    return instrument


@atomic
def instrument_laden(*, actor, samenwerkingsverband, inhoud: bytes, bestandsnaam: str = "") -> Instrument:
    """Load an instrument from its definition file; a known code becomes a new version."""
    grant = require(actor, "instrumenten.beheren", samenwerkingsverband)
    definitie = definitie_module.lees_bestand(inhoud)
    instrument = _instrument_opslaan(samenwerkingsverband, definitie, actor)
    audit.log(
        audit.Action.CREATE,
        obj=instrument,
        grant=grant,
        detail={"bestand": bestandsnaam[:200], "code": instrument.code, "versie": instrument.versie},
    )
    return instrument


def preset_inhoud(code: str) -> bytes:
    if code not in PRESET_CODES:
        raise ValidationError("Onbekend voorbeeldinstrument.")
    return (PRESETS / f"{code}.json").read_bytes()


@atomic
def instrument_preset_installeren(*, actor, samenwerkingsverband, code: str) -> Instrument:
    """Install one of Passend's example instruments (a new version if the code exists)."""
    return instrument_laden(
        actor=actor, samenwerkingsverband=samenwerkingsverband, inhoud=preset_inhoud(code), bestandsnaam=f"{code}.json"
    )


@atomic
def instrument_activeren(*, actor, instrument: Instrument, actief: bool) -> Instrument:
    """Take a version into use (the other versions of the code go out of use) or out of use."""
    grant = require(actor, "instrumenten.beheren", instrument.samenwerkingsverband)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if actief:
        Instrument.objects.filter(
            samenwerkingsverband_id=instrument.samenwerkingsverband_id, code=instrument.code, actief=True
        ).exclude(pk=instrument.pk).update(actief=False)
    instrument.actief = actief
    instrument.save(update_fields=["actief"])
    audit.log(audit.Action.UPDATE, obj=instrument, grant=grant, detail={"actief": actief})
    return instrument


@atomic
def normtabel_laden(
    *, actor, instrument: Instrument, inhoud: bytes, bron: str = "", bestandsnaam: str = ""
) -> Normtabel:
    """Load a norm table for one instrument version; it scores afnames finished from now on."""
    grant = require(actor, "instrumenten.beheren", instrument.samenwerkingsverband)
    if len(bron) > 300 or any(teken in bron for teken in "<>\x00"):
        raise ValidationError({"bron": "Gebruik hoogstens 300 tekens, zonder < of >."})
    gebieden = {g.code: g for g in instrument.gebieden.filter(scoren=True)}
    if not gebieden:
        raise ValidationError("Dit instrument heeft geen gebieden die scoren; er hoort geen normtabel bij.")
    regels = normen_module.lees_normtabel(inhoud, {code: g.maximum for code, g in gebieden.items()})
    rangen = normen_module.band_rangen(regels)
    tabel = Normtabel.objects.create(
        instrument=instrument,
        bron=bron.strip(),
        bestandsnaam=bestandsnaam[:200],
        geladen_door=actor,
        geladen_door_naam=getattr(actor, "naam", "") or "",
    )
    Normregel.objects.bulk_create(
        Normregel(
            normtabel=tabel,
            gebied=gebieden[r.gebied],
            ruw_van=r.ruw_van,
            ruw_tot=r.ruw_tot,
            normscore=r.normscore,
            band=r.band,
            band_rang=rangen[r.band],
            leeftijd_van=r.leeftijd_van,
            leeftijd_tot=r.leeftijd_tot,
        )
        for r in regels
    )
    audit.log(audit.Action.CREATE, obj=tabel, grant=grant, detail={"instrument": instrument.pk, "regels": len(regels)})
    return tabel


# --- Afnames -------------------------------------------------------------------------------


def _check_traject(traject, leerling) -> None:
    if traject is not None and (traject.leerling_id != leerling.pk or traject.status != traject.Status.LOPEND):
        raise ValidationError({"traject": "Kies een lopend traject van deze leerling."})


def _check_peildatum(peildatum: date, leerling) -> None:
    if peildatum > timezone.localdate():
        raise ValidationError({"peildatum": "De peildatum ligt in de toekomst."})
    if peildatum < leerling.geboortedatum:
        raise ValidationError({"peildatum": "De peildatum ligt vóór de geboortedatum van de leerling."})


def _check_instrument(instrument: Instrument, leerling) -> None:
    if instrument.samenwerkingsverband_id != leerling.samenwerkingsverband_id or not instrument.actief:
        raise ValidationError({"instrument": "Dit instrument is hier niet in gebruik."})


@atomic
def afname_starten(*, actor, instrument: Instrument, leerling, traject=None, peildatum: date | None = None) -> Afname:
    """Start filling in an instrument about a pupil (saved as a concept until finished)."""
    grant = require(actor, invul_permissie(instrument), leerling)
    _check_instrument(instrument, leerling)
    _check_traject(traject, leerling)
    peildatum = peildatum or timezone.localdate()
    _check_peildatum(peildatum, leerling)
    afname = Afname.objects.create(
        instrument=instrument,
        samenwerkingsverband_id=leerling.samenwerkingsverband_id,
        leerling=leerling,
        traject=traject,
        peildatum=peildatum,
        ingevuld_door=actor,
        ingevuld_door_naam=actor.naam,
        ingevuld_als=grant.lidmaatschap.rol,
    )
    audit.log(audit.Action.CREATE, obj=afname, grant=grant, detail={"instrument": instrument.code})
    return afname


@atomic
def afname_ouders_vragen(*, actor, instrument: Instrument, leerling, traject=None) -> Afname:
    """The school asks the parents to fill in their version; it waits in their Mijn taken."""
    grant = require(actor, "instrumenten.ouders_vragen", leerling)
    _check_instrument(instrument, leerling)
    if instrument.invuller != Invuller.OUDER:
        raise ValidationError({"instrument": "Dit instrument is niet voor ouders."})
    _check_traject(traject, leerling)
    if Afname.objects.filter(
        leerling=leerling, instrument__code=instrument.code, status=Afname.Status.GEVRAAGD
    ).exists():
        raise ValidationError({"instrument": "De ouders zijn al gevraagd deze vragenlijst in te vullen."})
    afname = Afname.objects.create(
        instrument=instrument,
        samenwerkingsverband_id=leerling.samenwerkingsverband_id,
        leerling=leerling,
        traject=traject,
        status=Afname.Status.GEVRAAGD,
        peildatum=timezone.localdate(),
        gevraagd_door=actor,
        gevraagd_door_naam=actor.naam,
    )
    audit.log(audit.Action.CREATE, obj=afname, grant=grant, detail={"instrument": instrument.code, "gevraagd": True})
    return afname


def _vergrendeld(afname: Afname, actor, permissie: str = "instrumenten.invullen"):
    """The afname locked, and the actor's grant checked again on it: the caller's copy may be stale
    (a request to the parents that the other parent picked up meanwhile is no longer theirs)."""
    vers = Afname.objects.select_for_update().select_related("instrument", "leerling").get(pk=afname.pk)
    if vers.is_afgerond:
        raise ValidationError(
            "Deze vragenlijst is al afgerond en verandert niet meer. Begin zo nodig een nieuwe afname."
        )
    return vers, require(actor, permissie, vers)


def _antwoord_fouten(vragen: dict[str, Vraag], antwoorden: dict[str, object], instrument: Instrument) -> dict:
    fouten = {}
    waarden = {punt["waarde"] for punt in instrument.schaal}
    for code, waarde in antwoorden.items():
        vraag = vragen.get(code)
        if vraag is None:
            fouten[code] = ["Deze vraag hoort niet bij deze vragenlijst."]
        elif vraag.soort == Vraag.Soort.SCHAAL:
            if waarde in (None, ""):
                continue
            if (
                isinstance(waarde, bool)
                or not isinstance(waarde, int | str)
                or str(waarde).strip() not in {str(w) for w in waarden}
            ):
                fouten[code] = [f"Kies een van de antwoorden ({min(waarden)} tot en met {max(waarden)})."]
        else:
            if not isinstance(waarde, str):
                fouten[code] = ["Geef een antwoord in tekst."]
            elif len(waarde) > MAX_OPEN_ANTWOORD:
                fouten[code] = [f"Gebruik hoogstens {MAX_OPEN_ANTWOORD} tekens (nu {len(waarde)})."]
            elif "\x00" in waarde:
                fouten[code] = ["Null-tekens zijn niet toegestaan."]
    return fouten


@atomic
def afname_opslaan(
    *,
    actor,
    afname: Afname,
    antwoorden: dict[str, object],
    opmerking: str | None = None,
    peildatum: date | None = None,
) -> Afname:
    """Save answers half-way (by question code); an empty answer clears it. Nothing is saved
    when one answer is wrong: each error is reported at its question."""
    require(actor, "instrumenten.invullen", afname)  # before taking the lock; again on the locked row
    afname, grant = _vergrendeld(afname, actor)
    vragen = {v.code: v for v in afname.instrument.vragen.all()}
    fouten = _antwoord_fouten(vragen, antwoorden, afname.instrument)
    if opmerking is not None and len(opmerking) > MAX_OPEN_ANTWOORD:
        fouten["opmerking"] = [f"Gebruik hoogstens {MAX_OPEN_ANTWOORD} tekens (nu {len(opmerking)})."]
    if peildatum is not None:
        try:
            _check_peildatum(peildatum, afname.leerling)
        except ValidationError as fout:
            fouten.update(fout.message_dict)
    if fouten:
        raise ValidationError(fouten)
    bestaand = {a.vraag_id: a for a in afname.antwoorden.all()}
    nieuw, gewijzigd, weg = [], [], []
    for code, waarde in antwoorden.items():
        vraag = vragen[code]
        if vraag.soort == Vraag.Soort.SCHAAL:
            leeg = waarde in (None, "")
            velden = {"waarde": None if leeg else int(waarde), "tekst": ""}
        else:
            tekst = (waarde or "").strip()
            leeg = not tekst
            velden = {"waarde": None, "tekst": tekst}
        antwoord = bestaand.get(vraag.pk)
        if leeg:
            if antwoord is not None:
                weg.append(antwoord.pk)
        elif antwoord is None:
            nieuw.append(Antwoord(afname=afname, vraag=vraag, **velden))
        elif (antwoord.waarde, antwoord.tekst) != (velden["waarde"], velden["tekst"]):
            antwoord.waarde, antwoord.tekst = velden["waarde"], velden["tekst"]
            gewijzigd.append(antwoord)
    Antwoord.objects.filter(pk__in=weg).delete()
    Antwoord.objects.bulk_create(nieuw)
    Antwoord.objects.bulk_update(gewijzigd, ["waarde", "tekst"])
    if afname.status == Afname.Status.GEVRAAGD:
        # A parent picks up the school's request: from now on it is theirs.
        afname.status = Afname.Status.CONCEPT
        afname.ingevuld_door = actor
        afname.ingevuld_door_naam = actor.naam
        afname.ingevuld_als = grant.lidmaatschap.rol
    if opmerking is not None:
        afname.opmerking = opmerking.strip()
    if peildatum is not None:
        afname.peildatum = peildatum
    afname.save()
    audit.log(
        audit.Action.UPDATE,
        obj=afname,
        grant=grant,
        detail={"antwoorden_nieuw": len(nieuw), "gewijzigd": len(gewijzigd), "gewist": len(weg)},
    )
    return afname


def _leeftijd_maanden(leerling, op: date) -> int:
    jaren, maanden = leerling.leeftijd(op)
    return jaren * 12 + maanden


@atomic
def afname_afronden(*, actor, afname: Afname) -> Afname:
    """Finish: every required question answered, then scored (with the newest norm table) and frozen."""
    require(actor, "instrumenten.invullen", afname)  # before taking the lock; again on the locked row
    afname, grant = _vergrendeld(afname, actor)
    if afname.status == Afname.Status.GEVRAAGD:
        raise ValidationError("Er is nog niets ingevuld.")
    vragen = list(afname.instrument.vragen.all())
    antwoorden = {a.vraag_id: a for a in afname.antwoorden.all()}
    ontbreekt = ontbrekende_vragen(vragen, antwoorden)
    if ontbreekt:
        raise ValidationError(
            {v.code: [OPEN_VRAAG] for v in ontbreekt}
            | {
                "__all__": [
                    f"Nog {len(ontbreekt)} vra{'ag' if len(ontbreekt) == 1 else 'gen'} open; "
                    "de vragenlijst is opgeslagen maar nog niet afgerond."
                ]
            }
        )
    tabel = afname.instrument.normtabellen.order_by("-geladen_op", "-id").first()
    regels = list(tabel.regels.all()) if tabel else []
    gebieden = list(afname.instrument.gebieden.all())
    leeftijd = _leeftijd_maanden(afname.leerling, afname.peildatum)
    berekend = scores(gebieden, vragen, antwoorden, regels, leeftijd)
    Score.objects.bulk_create(
        Score(
            afname=afname,
            gebied_id=s.gebied_id,
            ruw=s.ruw,
            maximum=s.maximum,
            normscore=s.normscore,
            band=s.band,
            band_rang=s.band_rang,
        )
        for s in berekend
    )
    afname.normtabel = tabel
    afname.status = Afname.Status.AFGEROND
    afname.afgerond_op = timezone.now()
    afname.save()
    audit.log(
        audit.Action.UPDATE,
        obj=afname,
        grant=grant,
        detail={
            "afgerond": True,
            "scores": {str(s.gebied_id): s.ruw for s in berekend},
            "normtabel": tabel and tabel.pk,
        },
    )
    return afname


@atomic
def afname_verwijderen(*, actor, afname: Afname) -> None:
    """Throw away an unfinished afname: a concept, or the school's own request to the parents."""
    require(actor, "instrumenten.weggooien", afname)  # before taking the lock; again on the locked row
    afname, grant = _vergrendeld(afname, actor, "instrumenten.weggooien")
    audit.log(audit.Action.DELETE, obj=afname, grant=grant, detail={"instrument": afname.instrument.code})
    afname.delete()


@atomic
def afname_bijvoegen(*, actor, aanvraag, afname: Afname) -> AfnameBijAanvraag:
    """Attach a finished afname of the pupil to an application that is still a concept."""
    traject = aanvraag.traject
    grant = require(actor, "trajecten.aanvraag_schrijven", traject)
    if aanvraag.status != aanvraag.Status.CONCEPT:
        raise ValidationError({"afname": "Een ingediende aanvraag verandert niet meer."})
    if not afname.is_afgerond or afname.leerling_id != traject.leerling_id:
        raise ValidationError({"afname": "Kies een afgeronde vragenlijst van deze leerling."})
    koppeling, nieuw = AfnameBijAanvraag.objects.get_or_create(
        aanvraag=aanvraag, afname=afname, defaults={"toegevoegd_door": actor}
    )
    if nieuw:
        audit.log(audit.Action.UPDATE, obj=aanvraag, grant=grant, detail={"afname_bijgevoegd": afname.pk})
    return koppeling


@atomic
def afname_losmaken(*, actor, aanvraag, afname: Afname) -> None:
    grant = require(actor, "trajecten.aanvraag_schrijven", aanvraag.traject)
    if aanvraag.status != aanvraag.Status.CONCEPT:
        raise ValidationError({"afname": "Een ingediende aanvraag verandert niet meer."})
    AfnameBijAanvraag.objects.filter(aanvraag=aanvraag, afname=afname).delete()
    audit.log(audit.Action.UPDATE, obj=aanvraag, grant=grant, detail={"afname_losgemaakt": afname.pk})
