"""Every write on report exports: asking for one (checked and queued), making it (the background
task), downloading it (audited as an export) and removing old ones."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from passend.core import audit
from passend.core.services import atomic
from passend.rapportage import jaarverslag, selectors
from passend.rapportage.filters import schooljaar_tekst
from passend.rapportage.models import Rapportexport

logger = logging.getLogger(__name__)

MISLUKT = "Het maken is mislukt. Probeer het later opnieuw; blijft het mislukken, meld het dan bij de beheerder."
GEEN_TOEGANG = "U heeft geen toegang (meer) tot deze kengetallen; de export is niet gemaakt."


@atomic
def rapportexport_aanvragen(
    *,
    actor,
    samenwerkingsverband,
    schooljaar: int,
    soort: str,
    deelverband_id: int | None = None,
    schoolbestuur_id: int | None = None,
    school_id: int | None = None,
) -> Rapportexport:
    """Ask for the annual report of a school year as a PDF or workbook. What it is about is checked
    against `rapportage.view` now (and again when it is made and downloaded); the file is made in
    the background once this transaction commits."""
    vandaag = timezone.localdate()
    if soort not in Rapportexport.Soort.values:
        raise ValidationError({"soort": ["Kies PDF of Excel."]})
    if schooljaar not in jaarverslag.schooljaren(vandaag):
        raise ValidationError({"schooljaar": ["Kies een schooljaar uit de lijst."]})
    scope = {"deelverband_id": deelverband_id, "schoolbestuur_id": schoolbestuur_id, "school_id": school_id}
    f, _vorig = jaarverslag.filters(actor, samenwerkingsverband, schooljaar, vandaag=vandaag, **scope)
    onderwerp, grant = selectors.toegang(actor, f)  # refuses (audited) what the actor may not report on
    export = Rapportexport.objects.create(
        samenwerkingsverband=samenwerkingsverband,
        aangevraagd_door=actor,
        rol=grant.lidmaatschap.rol,
        lidmaatschap=grant.lidmaatschap,
        schooljaar=schooljaar,
        deelverband_id=f.deelverband_id,
        schoolbestuur_id=f.schoolbestuur_id,
        school_id=f.school_id,
        soort=soort,
        onderwerp=str(onderwerp)[:300],
    )
    audit.log(
        audit.Action.CREATE,
        obj=export,
        actor=actor,
        grant=grant,
        object_label=f"{export} van {onderwerp}",
        purpose=jaarverslag.DOEL,
        detail={"schooljaar": schooljaar_tekst(schooljaar), "soort": soort, **_scope_detail(export)},
    )
    transaction.on_commit(lambda: _in_de_wachtrij(export.pk))
    rapportexports_opruimen()
    return export


def _scope_detail(export: Rapportexport) -> dict:
    return {k: str(v) for k, v in export.scope.items() if v}


def _in_de_wachtrij(export_id: int) -> None:
    from passend.rapportage.tasks import jaarverslag_taak

    try:
        resultaat = jaarverslag_taak.enqueue(export_id)
    except Exception:
        logger.exception("Rapportexport %s kon niet in de wachtrij", export_id)
        _bijwerken(export_id, status=Rapportexport.Status.MISLUKT, tekst=MISLUKT)
        return
    Rapportexport.objects.filter(pk=export_id).update(taak_id=str(resultaat.id)[:64])


def _bijwerken(export_id: int, **velden) -> None:
    """Progress is written at once (no surrounding transaction), so the status page sees it."""
    Rapportexport.objects.filter(pk=export_id).update(**velden)


@contextmanager
def _namens(actor, export: Rapportexport):
    """Outside a request the audit facade knows no user: the rows written while the figures are
    read for this export name the person who asked, with the export's page as origin. Refusals
    noted meanwhile are written at the end, as a request's middleware would."""
    request = HttpRequest()
    request.user = actor
    request.path = request.path_info = reverse("rapportage:export", args=[export.pk])
    token = audit.bind_request(request)
    try:
        yield
    finally:
        audit.flush_denials(request, 200)
        audit.unbind_request(token)


def rapportexport_uitvoeren(export_id: int) -> None:
    """Make the file of a waiting export (the background task). A second run of the same export
    does nothing; a refusal or an error leaves the export `mislukt` with a message for the user."""
    export = (
        Rapportexport.objects.defer("inhoud")
        .select_related("aangevraagd_door", "samenwerkingsverband")
        .filter(pk=export_id)
    ).first()
    if export is None or export.status != Rapportexport.Status.WACHTEND:
        return
    _bijwerken(export.pk, status=Rapportexport.Status.BEZIG, voortgang=0, tekst="Begonnen")

    def voortgang(fractie: float, tekst: str) -> None:
        _bijwerken(export.pk, voortgang=max(0, min(99, round(fractie * 100))), tekst=tekst[:200])

    maken = jaarverslag.jaarverslag_maken if export.soort == Rapportexport.Soort.PDF else jaarverslag.jaarverslag_xlsx
    try:
        with _namens(export.aangevraagd_door, export):
            inhoud = maken(
                actor=export.aangevraagd_door,
                samenwerkingsverband=export.samenwerkingsverband,
                schooljaar=export.schooljaar,
                voortgang=voortgang,
                **export.scope,
            )
    except PermissionDenied:
        _bijwerken(export.pk, status=Rapportexport.Status.MISLUKT, tekst=GEEN_TOEGANG)
        return
    except Exception:
        logger.exception("Rapportexport %s is mislukt", export.pk)
        _bijwerken(export.pk, status=Rapportexport.Status.MISLUKT, tekst=MISLUKT)
        raise
    _bijwerken(
        export.pk,
        inhoud=inhoud,
        grootte=len(inhoud),
        status=Rapportexport.Status.KLAAR,
        voortgang=100,
        tekst="Klaar om te downloaden",
        klaar_op=timezone.now(),
    )


def rapportexport_downloaden(*, actor, export: Rapportexport) -> bytes:
    """The file of a finished export, for the person who asked for it only, while they may still
    report on what it is about; every download is audited as an export."""
    if export.aangevraagd_door_id != actor.pk:
        audit.log_denied(reason="alleen wie een export aanvroeg, mag die downloaden", obj=export)
        raise PermissionDenied
    if export.status != Rapportexport.Status.KLAAR:
        raise ValidationError("Deze export is nog niet klaar.")
    f, _vorig = jaarverslag.filters(
        actor, export.samenwerkingsverband, export.schooljaar, vandaag=timezone.localdate(), **export.scope
    )
    onderwerp, grant = selectors.toegang(actor, f)
    inhoud = Rapportexport.objects.filter(pk=export.pk).values_list("inhoud", flat=True).get()
    audit.log(
        audit.Action.EXPORT,
        obj=export,
        actor=actor,
        grant=grant,
        object_label=f"{export} van {onderwerp}",
        purpose=jaarverslag.DOEL,
        detail={
            "schooljaar": schooljaar_tekst(export.schooljaar),
            "soort": export.soort,
            "bytes": export.grootte,
            **_scope_detail(export),
        },
    )
    return bytes(inhoud)


def rapportexports_opruimen(*, nu=None) -> int:
    """Remove exports older than PASSEND_EXPORT_DAGEN days, files and all. They hold key figures,
    not pupils' data; the audit rows of asking for and downloading them stay."""
    grens = (nu or timezone.now()) - timedelta(days=settings.PASSEND_EXPORT_DAGEN)
    aantal, _ = Rapportexport.objects.filter(aangemaakt_op__lt=grens).delete()
    return aantal
