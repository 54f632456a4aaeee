"""Writes to the groeidocument: contributions, signatures, and freezing a signed version."""

import re
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passend.core import audit
from passend.core.services import require
from passend.dossier.models import (
    Bijdrage,
    Document,
    Groeidocument,
    Notitie,
    Ondertekening,
    Sectie,
    Versie,
    Vertrouwelijkheid,
)
from passend.dossier.policies import partij_van

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
