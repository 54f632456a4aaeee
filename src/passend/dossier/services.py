"""Writes to the groeidocument: contributions, signatures, and freezing a signed version."""

import re
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passend.core import audit
from passend.core.services import field_values, require
from passend.core.validators import tekstfouten
from passend.dossier.models import (
    OPP_VELDEN,
    Bijdrage,
    Document,
    Groeidocument,
    Handelingsplan,
    Notitie,
    Ondertekening,
    Opp,
    OppDoel,
    OppEvaluatie,
    OppVersie,
    Sectie,
    Versie,
    Vertrouwelijkheid,
)
from passend.dossier.opp_stand import InstemmingStatus, instemming_van
from passend.dossier.policies import BUITEN_DE_SCHOOL, partij_van
from passend.leerlingen.models import Toestemming

MAX_TEKST = 5000


def _lock_current_version(leerling) -> Versie:
    """The version being written, created on first use; locked so two writers queue up."""
    groeidocument, _ = Groeidocument.objects.get_or_create(leerling=leerling)
    groeidocument = Groeidocument.objects.select_for_update().get(pk=groeidocument.pk)
    versie = groeidocument.versies.filter(bevroren_op__isnull=True).order_by("-nummer").first()
    if versie is None:
        versie = Versie.objects.create(groeidocument=groeidocument, nummer=groeidocument.versies.count() + 1)
    return versie


def _als(grant, sectie: str) -> str:
    rol = grant.lidmaatschap.rol
    if sectie == Sectie.LEERLING_STEM:
        if rol == "ouder":
            raise ValidationError(
                {sectie: "Dit deel vult de leerling in, of een medewerker van school namens de leerling."}
            )
        return Bijdrage.Als.NAMENS_LEERLING
    return rol


@transaction.atomic
def bijdragen_save(*, actor, leerling, teksten: dict[str, str]) -> tuple[Versie, int]:
    """Save the actor's own contributions, per section; an emptied section removes theirs.

    Returns the version written and how many signatures lapsed because the text changed.
    """
    grant = require(actor, "dossier.contribute", leerling)
    errors = {}
    for sectie, tekst in teksten.items():
        if sectie not in Sectie.values:
            errors[sectie] = "Onbekend onderdeel van het groeidocument."
        elif len(tekst) > MAX_TEKST:
            errors[sectie] = f"Gebruik hoogstens {MAX_TEKST} tekens (nu {len(tekst)})."
        elif "\x00" in tekst:
            errors[sectie] = "Null-tekens zijn niet toegestaan."
    if errors:
        raise ValidationError(errors)
    versie = _lock_current_version(leerling)
    changed = {}
    vervallen = 0
    for sectie, tekst in teksten.items():
        tekst = tekst.strip()
        als = _als(grant, sectie)
        bestaand = versie.bijdragen.filter(sectie=sectie, auteur=actor, als=als).first()
        if bestaand is None and tekst:
            Bijdrage.objects.create(
                versie=versie, sectie=sectie, auteur=actor, auteur_naam=actor.naam, als=als, tekst=tekst
            )
            changed[sectie] = "toegevoegd"
        elif bestaand is not None and not tekst:
            bestaand.delete()
            changed[sectie] = "verwijderd"
        elif bestaand is not None and bestaand.tekst != tekst:
            bestaand.tekst = tekst
            bestaand.save(update_fields=["tekst", "gewijzigd_op"])
            changed[sectie] = "gewijzigd"
    if changed:
        detail = {"onderdelen": changed}
        # A signature covers the text as it was signed: a change asks everyone to sign again.
        vervallen, _ = versie.ondertekeningen.all().delete()
        if vervallen:
            detail["ondertekeningen_vervallen"] = vervallen
        audit.log(audit.Action.UPDATE, obj=versie, grant=grant, leerling_id=leerling.pk, detail=detail)
    return versie, vervallen


@transaction.atomic
def groeidocument_sign(*, actor, leerling, soort: str) -> Ondertekening:
    """Sign the current version; once parents and school have both signed, it is frozen and
    the next version starts as a copy."""
    grant = require(actor, "dossier.sign", leerling)
    if soort not in Ondertekening.Soort.values:
        raise ValidationError({"soort": "Kies ‘voor gezien’ of ‘akkoord’."})
    versie = _lock_current_version(leerling)
    if not versie.bijdragen.exists():
        raise ValidationError({"soort": "Deze versie is nog leeg; er valt niets te ondertekenen."})
    if versie.ondertekeningen.filter(door=actor).exists():
        raise ValidationError({"soort": "U heeft deze versie al ondertekend."})
    ondertekening = Ondertekening.objects.create(
        versie=versie, partij=partij_van(grant), soort=soort, door=actor, door_naam=actor.naam
    )
    audit.log(
        audit.Action.UPDATE,
        obj=versie,
        grant=grant,
        leerling_id=leerling.pk,
        detail={"ondertekend": soort, "partij": ondertekening.partij},
    )
    partijen = set(versie.ondertekeningen.values_list("partij", flat=True))
    if partijen >= {Ondertekening.Partij.OUDERS, Ondertekening.Partij.SCHOOL}:
        versie.bevroren_op = timezone.now()
        versie.save(update_fields=["bevroren_op"])
        volgende = Versie.objects.create(groeidocument=versie.groeidocument, nummer=versie.nummer + 1)
        Bijdrage.objects.bulk_create(
            Bijdrage(
                versie=volgende,
                sectie=b.sectie,
                auteur_id=b.auteur_id,
                auteur_naam=b.auteur_naam,
                als=b.als,
                tekst=b.tekst,
            )
            for b in versie.bijdragen.all()
        )
        audit.log(
            audit.Action.UPDATE,
            obj=versie,
            grant=grant,
            leerling_id=leerling.pk,
            detail={"bevroren": versie.nummer, "nieuwe_versie": volgende.nummer},
        )
    return ondertekening


# --- Documents and notes ---------------------------------------------------------------------

# Allowed files, recognised by their first bytes as well as their extension.
TOEGESTAAN = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}
_ONVEILIG = re.compile(r"[\x00-\x1f<>:\"/\\|?*]")


def _check_bestand(bestand) -> tuple[str, str]:
    """(clean file name, content type) of an upload, or a ValidationError at the field."""
    from django.conf import settings

    if bestand is None:
        raise ValidationError({"bestand": "Kies een bestand."})
    naam = PurePosixPath(str(bestand.name).replace("\\", "/")).name
    naam = _ONVEILIG.sub("_", naam).strip(" .")[:150]
    extensie = PurePosixPath(naam.lower()).suffix
    if extensie not in TOEGESTAAN:
        raise ValidationError(
            {"bestand": "Dit soort bestand kan niet: kies een PDF, Word- of OpenDocument-bestand, JPEG of PNG."}
        )
    maximum = settings.PASSEND_MAX_UPLOAD_MB * 1024 * 1024
    if bestand.size == 0:
        raise ValidationError({"bestand": "Dit bestand is leeg."})
    if bestand.size > maximum:
        raise ValidationError(
            {"bestand": f"Dit bestand is te groot: het mag hoogstens {settings.PASSEND_MAX_UPLOAD_MB} MB zijn."}
        )
    content_type, kenmerken = TOEGESTAAN[extensie]
    bestand.seek(0)
    begin = bestand.read(16)
    bestand.seek(0)
    if not any(begin.startswith(kenmerk) for kenmerk in kenmerken):
        raise ValidationError({"bestand": f"De inhoud van dit bestand past niet bij de extensie {extensie}."})
    return naam, content_type


def _voor_extern(grant, vertrouwelijkheid: str) -> str:
    """An item from outside the school is for everyone in the traject, or medical; never for the school alone."""
    if grant.rule.code in BUITEN_DE_SCHOOL and vertrouwelijkheid != Vertrouwelijkheid.MEDISCH:
        return Vertrouwelijkheid.TRAJECT
    return vertrouwelijkheid


def _geen_medisch_voor_leerkracht(grant, vertrouwelijkheid: str) -> None:
    if vertrouwelijkheid == Vertrouwelijkheid.MEDISCH and grant.rule.code == "leerkracht_van_leerling":
        raise ValidationError(
            {"vertrouwelijkheid": "Medische en psychologische stukken legt de intern begeleider of directeur vast."}
        )


@transaction.atomic
def document_upload(
    *,
    actor,
    leerling,
    titel: str,
    soort: str,
    bestand,
    vertrouwelijkheid: str = "school",
    gedeeld_met_ouders: bool = True,
    delen_buiten_school: bool = False,
) -> Document:
    grant = require(actor, "dossier.add_item", leerling)
    if grant.rule.code == "ouder_van_leerling":
        # What parents add is for the school and for themselves.
        vertrouwelijkheid, gedeeld_met_ouders = Vertrouwelijkheid.SCHOOL, True
    vertrouwelijkheid = _voor_extern(grant, vertrouwelijkheid)
    _geen_medisch_voor_leerkracht(grant, vertrouwelijkheid)
    if vertrouwelijkheid != Vertrouwelijkheid.MEDISCH:
        delen_buiten_school = False
    naam, content_type = _check_bestand(bestand)
    document = Document(
        leerling=leerling,
        titel=titel,
        soort=soort,
        vertrouwelijkheid=vertrouwelijkheid,
        gedeeld_met_ouders=gedeeld_met_ouders,
        delen_buiten_school=delen_buiten_school,
        bestandsnaam=naam,
        content_type=content_type,
        grootte=bestand.size,
        geupload_door=actor,
        geupload_als=grant.lidmaatschap.rol,
    )
    document.full_clean(exclude=["bestand"])
    document.bestand.save(naam, bestand, save=False)
    document.save()
    audit.log(
        audit.Action.CREATE,
        obj=document,
        grant=grant,
        detail={"bestandsnaam": naam, "grootte": bestand.size, "vertrouwelijkheid": vertrouwelijkheid},
    )
    return document


@transaction.atomic
def notitie_add(
    *, actor, leerling, tekst: str, vertrouwelijkheid: str = "school", gedeeld_met_ouders: bool = False
) -> Notitie:
    grant = require(actor, "dossier.add_item", leerling)
    if grant.rule.code == "ouder_van_leerling":
        vertrouwelijkheid, gedeeld_met_ouders = Vertrouwelijkheid.SCHOOL, True
    vertrouwelijkheid = _voor_extern(grant, vertrouwelijkheid)
    _geen_medisch_voor_leerkracht(grant, vertrouwelijkheid)
    notitie = Notitie(
        leerling=leerling,
        tekst=tekst.strip(),
        vertrouwelijkheid=vertrouwelijkheid,
        gedeeld_met_ouders=gedeeld_met_ouders,
        auteur=actor,
        auteur_naam=actor.naam,
        als=grant.lidmaatschap.rol,
    )
    notitie.full_clean()
    notitie.save()
    audit.log(audit.Action.CREATE, obj=notitie, grant=grant, detail={"vertrouwelijkheid": vertrouwelijkheid})
    return notitie


# --- OPP -----------------------------------------------------------------------------------

DOEL_VELDEN = ("domein", "soort", "omschrijving", "streefdatum")

# What must be there before an OPP is set: the legal contents (DOMAIN.md) and its period.
VEREIST_VOOR_VASTSTELLEN = {
    "uitstroomprofiel": "Kies het verwachte uitstroomprofiel.",
    "onderbouwing": "Onderbouw het verwachte uitstroomprofiel.",
    "belemmerende_factoren": "Noem de belemmerende factoren.",
    "bevorderende_factoren": "Noem de bevorderende factoren.",
    "ondersteuning": "Beschrijf in het handelingsdeel de ondersteuning die de leerling krijgt.",
    "startdatum": "Vul de startdatum in.",
    "einddatum": "Vul de einddatum in.",
    "ouders_gehoord_op": "Leg vast wanneer met de ouders over het uitstroomprofiel is overlegd.",
}


def _lock_opp(leerling) -> Opp:
    opp, _ = Opp.objects.get_or_create(leerling=leerling)
    return Opp.objects.select_for_update().get(pk=opp.pk)


def _concept(opp: Opp) -> tuple[OppVersie, OppVersie | None]:
    """The concept to write in and, when it is new, the set version it copies.

    A set version never changes: the first change after setting starts a copy of it.
    """
    laatste = opp.versies.order_by("-nummer").first()
    if laatste is not None and not laatste.is_vastgesteld:
        return laatste, None
    versie = OppVersie(opp=opp, nummer=laatste.nummer + 1 if laatste else 1)
    if laatste is not None:
        for veld in OPP_VELDEN:
            setattr(versie, veld, getattr(laatste, veld))
    versie.handelingsdeel_kenmerk = versie.bereken_kenmerk()
    return versie, laatste


def _check_opp_data(leerling, versie: OppVersie) -> dict:
    errors = tekstfouten(versie)
    try:
        versie.full_clean(exclude=["opp", "handelingsdeel_kenmerk"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    for veld in ("startdatum", "einddatum", "ouders_gehoord_op"):
        waarde = getattr(versie, veld)
        if waarde and waarde < leerling.geboortedatum:
            errors.setdefault(veld, ["Deze datum ligt vóór de geboortedatum van de leerling."])
    if versie.startdatum and versie.einddatum and versie.einddatum < versie.startdatum:
        errors.setdefault("einddatum", ["De einddatum ligt vóór de startdatum."])
    if versie.ouders_gehoord_op and versie.ouders_gehoord_op > timezone.localdate():
        errors.setdefault("ouders_gehoord_op", ["Dit overleg ligt in de toekomst; leg het vast als het is gevoerd."])
    return errors


def _check_doelen(leerling, doelen: list[dict]) -> tuple[list[OppDoel], list[str]]:
    rijen, fouten = [], []
    for nummer, data in enumerate(doelen, start=1):
        doel = OppDoel(**{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in DOEL_VELDEN})
        try:
            doel.full_clean(exclude=["versie"])
        except ValidationError as error:
            fouten.extend(f"Doel {nummer}: {m}" for m in error.messages)
        fouten.extend(f"Doel {nummer}: {m}" for ms in tekstfouten(doel).values() for m in ms)
        if doel.streefdatum and doel.streefdatum < leerling.geboortedatum:
            fouten.append(f"Doel {nummer}: de streefdatum ligt vóór de geboortedatum van de leerling.")
        rijen.append(doel)
    return rijen, fouten


def _kopie(doel: OppDoel, versie: OppVersie) -> OppDoel:
    return OppDoel(versie=versie, **{veld: getattr(doel, veld) for veld in DOEL_VELDEN})


@transaction.atomic
def opp_save(*, actor, leerling, data: dict, doelen: list[dict] | None = None) -> tuple[OppVersie, bool]:
    """Write the OPP's concept; `doelen`, when given, replaces its goals.

    Returns the version and whether the parents' consent lapsed because the handelingsdeel changed.
    """
    grant = require(actor, "dossier.edit_opp", leerling)
    onbekend = set(data) - set(OPP_VELDEN)
    if onbekend:
        raise ValidationError(dict.fromkeys(sorted(onbekend), "Onbekend onderdeel van het OPP."))
    opp = _lock_opp(leerling)
    versie, vorige = _concept(opp)
    voor = field_values(versie, OPP_VELDEN)
    kenmerk_voor = versie.handelingsdeel_kenmerk
    for veld, waarde in data.items():
        setattr(versie, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    errors = _check_opp_data(leerling, versie)
    if doelen is not None:
        nieuwe_doelen, doel_fouten = _check_doelen(leerling, doelen)
        if doel_fouten:
            errors["doelen"] = doel_fouten
    if errors:
        raise ValidationError(errors)
    nieuw = versie.pk is None
    versie.gewijzigd_door_naam = actor.naam
    versie.save()
    if doelen is not None:
        versie.doelen.all().delete()
        OppDoel.objects.bulk_create(_kopie(doel, versie) for doel in nieuwe_doelen)
    elif vorige is not None:
        OppDoel.objects.bulk_create(_kopie(doel, versie) for doel in vorige.doelen.all())
    na = field_values(versie, OPP_VELDEN)
    detail = {"wijzigingen": {k: {"oud": voor[k], "nieuw": na[k]} for k in OPP_VELDEN if voor[k] != na[k]}}
    if doelen is not None:
        detail["doelen"] = len(nieuwe_doelen)
    if nieuw:
        detail["nieuwe_versie"] = versie.nummer
    vervallen = (
        versie.handelingsdeel_kenmerk != kenmerk_voor
        and instemming_van(kenmerk_voor, leerling.toestemmingen.all()).is_gegeven
    )
    if vervallen:
        detail["instemming_vervallen"] = True
    audit.log(
        audit.Action.CREATE if nieuw else audit.Action.UPDATE,
        obj=versie,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"OPP van {leerling}, versie {versie.nummer}",
        detail=detail,
    )
    return versie, vervallen


def ontbreekt_voor_vaststellen(versie: OppVersie, instemming) -> dict[str, str]:
    """What stands between this concept and setting it, per field, in Dutch."""
    ontbreekt = {veld: tekst for veld, tekst in VEREIST_VOOR_VASTSTELLEN.items() if not getattr(versie, veld)}
    if not any(doel.soort == OppDoel.Soort.EINDDOEL for doel in versie.doelen.all()):
        ontbreekt["doelen"] = "Formuleer ten minste één einddoel."
    if not instemming.is_gegeven:
        ontbreekt["instemming"] = {
            InstemmingStatus.VEROUDERD: "De ouders stemden in met een eerdere tekst van het handelingsdeel; "
            "na de wijziging is opnieuw hun instemming nodig.",
            InstemmingStatus.GEWEIGERD: "De ouders stemmen niet in met het handelingsdeel. Ga opnieuw met hen in "
            "gesprek; komen school en ouders er niet uit, dan kunnen zij naar de Geschillencommissie passend "
            "onderwijs.",
            InstemmingStatus.INGETROKKEN: "De ouders hebben hun instemming met het handelingsdeel ingetrokken.",
        }.get(instemming.status, "De ouders hebben nog niet ingestemd met het handelingsdeel.")
    return ontbreekt


@transaction.atomic
def opp_vaststellen(*, actor, leerling) -> OppVersie:
    """Set the concept: only with the legal contents and the parents' consent to its handelingsdeel."""
    grant = require(actor, "dossier.vaststellen_opp", leerling)
    opp = _lock_opp(leerling)
    versie = opp.versies.order_by("-nummer").first()
    if versie is None or versie.is_vastgesteld:
        raise ValidationError({"__all__": "Er is geen concept van het OPP om vast te stellen."})
    instemming = instemming_van(versie.handelingsdeel_kenmerk, leerling.toestemmingen.all())
    ontbreekt = ontbreekt_voor_vaststellen(versie, instemming)
    if ontbreekt:
        raise ValidationError({veld: [tekst] for veld, tekst in ontbreekt.items()})
    versie.vastgesteld_op = timezone.now()
    versie.vastgesteld_door = actor
    versie.vastgesteld_door_naam = actor.naam
    versie.save(update_fields=["vastgesteld_op", "vastgesteld_door", "vastgesteld_door_naam"])
    audit.log(
        audit.Action.UPDATE,
        obj=versie,
        grant=grant,
        leerling_id=leerling.pk,
        object_label=f"OPP van {leerling}, versie {versie.nummer}",
        detail={"vastgesteld": versie.nummer, "instemming": instemming.toestemming.pk},
    )
    return versie


@transaction.atomic
def opp_instemming_record(*, actor, leerling, besluit: str, datum, ouder=None):
    """Record the parents' decision on the handelingsdeel as it reads now (newest version)."""
    from passend.leerlingen.services import toestemming_record

    require(actor, "leerlingen.record_toestemming", leerling)
    opp = _lock_opp(leerling)
    versie = opp.versies.order_by("-nummer").first()
    if versie is None or not versie.heeft_handelingsdeel:
        raise ValidationError({"besluit": "Het handelingsdeel is nog leeg; er valt nog niets over te beslissen."})
    return toestemming_record(
        actor=actor,
        leerling=leerling,
        onderwerp=Toestemming.Onderwerp.OPP_HANDELINGSDEEL,
        besluit=besluit,
        datum=datum,
        ouder=ouder,
        reikwijdte=f"Handelingsdeel van OPP versie {versie.nummer}",
        kenmerk=versie.handelingsdeel_kenmerk,
    )


@transaction.atomic
def opp_evaluatie_add(
    *, actor, leerling, datum, aanwezig: str, bevindingen: str, conclusie: str, met_ouders: bool = True
) -> OppEvaluatie:
    grant = require(actor, "dossier.evaluate_opp", leerling)
    opp = _lock_opp(leerling)
    versie = opp.versies.filter(vastgesteld_op__isnull=False).order_by("-nummer").first()
    if versie is None:
        raise ValidationError({"__all__": "Er is nog geen vastgesteld OPP om te evalueren."})
    evaluatie = OppEvaluatie(
        opp=opp,
        versie=versie,
        datum=datum,
        aanwezig=aanwezig.strip(),
        met_ouders=met_ouders,
        bevindingen=bevindingen.strip(),
        conclusie=conclusie,
        vastgelegd_door=actor,
        vastgelegd_door_naam=actor.naam,
    )
    evaluatie.full_clean()
    if errors := tekstfouten(evaluatie):
        raise ValidationError(errors)
    if datum > timezone.localdate():
        raise ValidationError({"datum": "Deze datum ligt in de toekomst; leg de evaluatie vast als die is gehouden."})
    eerste = opp.versies.filter(vastgesteld_op__isnull=False).order_by("vastgesteld_op").first()
    if datum < timezone.localdate(eerste.vastgesteld_op):
        raise ValidationError({"datum": "Deze datum ligt vóór de vaststelling van het OPP."})
    evaluatie.save()
    audit.log(
        audit.Action.CREATE,
        obj=evaluatie,
        grant=grant,
        detail={"datum": str(datum), "conclusie": conclusie, "versie": versie.nummer, "met_ouders": met_ouders},
    )
    return evaluatie


# --- Handelingsplan ---

HANDELINGSPLAN_VELDEN = ("onderwerp", "beginsituatie", "doelen", "aanpak", "startdatum", "einddatum", "evaluatiedatum")
EVALUATIE_VELDEN = ("geevalueerd_op", "resultaat", "evaluatie", "vervolg")
# Also the forms' messages, so an empty field reads the same in the browser and through the API.
HANDELINGSPLAN_VERPLICHT = {
    "onderwerp": "Vul het onderwerp in.",
    "doelen": "Beschrijf de doelen.",
    "aanpak": "Beschrijf de aanpak.",
    "startdatum": "Vul de startdatum in.",
    "einddatum": "Vul de einddatum in.",
    "evaluatiedatum": "Vul in wanneer u het plan evalueert.",
    "geevalueerd_op": "Vul de datum van de evaluatie in.",
    "resultaat": "Kies het resultaat.",
    "evaluatie": "Beschrijf hoe het ging.",
    "vervolg": "Kies het vervolg.",
}
HANDELINGSPLAN_AFGESLOTEN = "Dit handelingsplan is geëvalueerd en afgesloten; stel een nieuw plan op."
# (date field, message when it lies before the plan's start)
_HANDELINGSPLAN_DATUMS = (
    ("startdatum", ""),
    ("einddatum", "De einddatum ligt vóór de startdatum."),
    ("evaluatiedatum", "De evaluatiedatum ligt vóór de startdatum."),
    ("geevalueerd_op", "De evaluatie ligt vóór de startdatum van het plan."),
)


def _handelingsplan_zet(plan: Handelingsplan, data: dict, velden) -> None:
    for veld in velden:
        if veld in data:
            waarde = data[veld]
            # None becomes empty (no text is NULL), so the required-field check says what is missing.
            setattr(plan, veld, "" if waarde is None else waarde)


def _handelingsplan_check(plan: Handelingsplan, velden) -> None:
    """Every rule for `velden` at once, each message at its field, before anything is written."""
    errors = {}
    for veld in velden:
        waarde = getattr(plan, veld)
        if isinstance(waarde, str):
            waarde = waarde.strip()
            setattr(plan, veld, waarde)
        if waarde in (None, "") and veld in HANDELINGSPLAN_VERPLICHT:
            errors[veld] = [HANDELINGSPLAN_VERPLICHT[veld]]
    errors = {**tekstfouten(plan, velden), **errors}
    overige = [f.name for f in Handelingsplan._meta.fields if f.name not in velden or f.name in errors]
    try:
        plan.full_clean(exclude=overige, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    for veld, voor_start in _HANDELINGSPLAN_DATUMS:
        if veld not in velden or veld in errors:
            continue
        datum = getattr(plan, veld)
        if datum < plan.leerling.geboortedatum:
            errors[veld] = ["Deze datum ligt vóór de geboortedatum van de leerling."]
        elif voor_start and "startdatum" not in errors and datum < plan.startdatum:
            errors[veld] = [voor_start]
        elif veld == "geevalueerd_op" and datum > timezone.localdate():
            errors[veld] = ["Deze datum ligt in de toekomst: leg de evaluatie vast als die gehouden is."]
    if errors:
        raise ValidationError(errors)


def _wijzigingen(voor: dict, na: dict) -> dict:
    return {veld: {"oud": voor[veld], "nieuw": na[veld]} for veld in voor if voor[veld] != na[veld]}


def _handelingsplan_lock(plan: Handelingsplan) -> Handelingsplan:
    # Locked, so of two people saving or evaluating at once the second sees the first's result.
    return Handelingsplan.objects.select_for_update(of=("self",)).select_related("leerling").get(pk=plan.pk)


@transaction.atomic
def handelingsplan_create(*, actor, leerling, data: dict) -> Handelingsplan:
    grant = require(actor, "dossier.edit_handelingsplan", leerling)
    plan = Handelingsplan(leerling=leerling, opgesteld_door=actor, opgesteld_door_naam=actor.naam)
    _handelingsplan_zet(plan, data, HANDELINGSPLAN_VELDEN)
    _handelingsplan_check(plan, HANDELINGSPLAN_VELDEN)
    plan.save()
    audit.log(audit.Action.CREATE, obj=plan, grant=grant, detail={"nieuw": field_values(plan, HANDELINGSPLAN_VELDEN)})
    return plan


@transaction.atomic
def handelingsplan_update(*, actor, plan: Handelingsplan, data: dict) -> Handelingsplan:
    grant = require(actor, "dossier.edit_handelingsplan", plan.leerling)
    plan = _handelingsplan_lock(plan)
    if plan.is_geevalueerd:
        raise ValidationError(HANDELINGSPLAN_AFGESLOTEN)
    voor = field_values(plan, HANDELINGSPLAN_VELDEN)
    _handelingsplan_zet(plan, data, HANDELINGSPLAN_VELDEN)
    _handelingsplan_check(plan, HANDELINGSPLAN_VELDEN)
    plan.save()
    wijzigingen = _wijzigingen(voor, field_values(plan, HANDELINGSPLAN_VELDEN))
    audit.log(audit.Action.UPDATE, obj=plan, grant=grant, detail={"wijzigingen": wijzigingen})
    return plan


@transaction.atomic
def handelingsplan_evaluate(
    *, actor, plan: Handelingsplan, geevalueerd_op, resultaat: str, evaluatie: str, vervolg: str
) -> Handelingsplan:
    """Record the evaluation, which closes the plan: from then on it is only read."""
    grant = require(actor, "dossier.edit_handelingsplan", plan.leerling)
    plan = _handelingsplan_lock(plan)
    if plan.is_geevalueerd:
        raise ValidationError(
            f"Dit handelingsplan is al geëvalueerd op {plan.geevalueerd_op:%d-%m-%Y} door {plan.geevalueerd_door_naam}."
        )
    voor = field_values(plan, EVALUATIE_VELDEN)
    data = {"geevalueerd_op": geevalueerd_op, "resultaat": resultaat, "evaluatie": evaluatie, "vervolg": vervolg}
    _handelingsplan_zet(plan, data, EVALUATIE_VELDEN)
    _handelingsplan_check(plan, EVALUATIE_VELDEN)
    plan.geevalueerd_door = actor
    plan.geevalueerd_door_naam = actor.naam
    plan.save()
    wijzigingen = _wijzigingen(voor, field_values(plan, EVALUATIE_VELDEN))
    audit.log(audit.Action.UPDATE, obj=plan, grant=grant, detail={"geevalueerd": True, "wijzigingen": wijzigingen})
    return plan
