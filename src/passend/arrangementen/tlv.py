"""Writes and legal checks of the TLV: the experts' advice, issuing the statement, objections.

DOMAIN.md: before deciding on a TLV the partnership obtains two separate written advices, one by
an orthopedagoog or psycholoog, the second (depending on the pupil) by a child psychologist,
pedagogue, child psychiatrist, social worker or physician; a joint advice is not valid and an
expert may not work at the applying school. Objection within six weeks of the decision; the
partnership forwards it with the file to the national commission (LBT) within 14 days.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.core import audit
from passend.core.authz import explain
from passend.core.services import atomic, require
from passend.core.validators import tekstfouten
from passend.trajecten.voorwaarden import EERSTE_DESKUNDIGE, TWEEDE_DESKUNDIGE

LBT_TERMIJN = timedelta(days=14)


def werkt_op_school(deskundige, school) -> bool:
    """Whether the expert works at `school`: a role there, or the school named as their organisation."""
    from passend.accounts.models import Lidmaatschap

    if deskundige.organisatie.strip().casefold() == school.naam.strip().casefold():
        return True
    return (
        deskundige.gebruiker_id is not None
        and Lidmaatschap.objects.actief().filter(user_id=deskundige.gebruiker_id, school_id=school.pk).exists()
    )


def advies_fout(adviezen) -> str | None:
    """Why these advices do not make a complete deskundigenadvies (None when they do)."""
    disciplines = {a.deskundige_id: a.discipline for a in adviezen}
    for eerste, discipline in disciplines.items():
        if discipline in EERSTE_DESKUNDIGE and any(
            ander != eerste and d in TWEEDE_DESKUNDIGE for ander, d in disciplines.items()
        ):
            return None
    return (
        "Het deskundigenadvies is niet compleet: nodig zijn twee aparte schriftelijke adviezen van deskundigen "
        "van buiten de school, van wie één orthopedagoog of psycholoog."
    )


def _advies_grant(actor, aanvraag, deskundige):
    """The expert records their own advice; the partnership's staff record one given on paper."""
    grant = explain(actor, "arrangementen.toekennen", aanvraag.traject)
    if grant is not None:
        return grant
    if deskundige.gebruiker_id == actor.pk:
        return require(actor, "trajecten.view", aanvraag.traject)
    return require(actor, "arrangementen.toekennen", aanvraag.traject)


@atomic
def deskundigenadvies_vastleggen(*, actor, aanvraag, deskundige, advies: str, datum: date) -> Deskundigenadvies:
    grant = _advies_grant(actor, aanvraag, deskundige)
    traject = aanvraag.traject
    if not aanvraag.is_tlv:
        raise ValidationError({"deskundige": ["Een deskundigenadvies hoort bij een aanvraag voor een TLV."]})
    if aanvraag.status not in ("concept", "ingediend"):
        raise ValidationError({"__all__": "Over deze aanvraag is al besloten (of zij is vervallen)."})
    if deskundige.samenwerkingsverband_id != traject.samenwerkingsverband_id:
        raise ValidationError({"deskundige": ["Kies een deskundige uit de pool van uw samenwerkingsverband."]})
    fouten: dict[str, list[str]] = {}
    if deskundige.discipline not in EERSTE_DESKUNDIGE | TWEEDE_DESKUNDIGE:
        fouten["deskundige"] = [
            f"Een {deskundige.get_discipline_display().lower()} geeft geen deskundigenadvies voor een TLV: de wet "
            "vraagt een orthopedagoog of psycholoog, en als tweede bijvoorbeeld een jeugdarts, pedagoog, "
            "kinderpsychiater of maatschappelijk werker."
        ]
    elif werkt_op_school(deskundige, traject.school):
        fouten["deskundige"] = [f"{deskundige.naam} werkt op de school die de TLV aanvraagt en mag niet adviseren."]
    elif aanvraag.deskundigenadviezen.filter(deskundige=deskundige).exists():
        fouten["deskundige"] = [f"{deskundige.naam} gaf al een advies; een tweede advies komt van een ander."]
    if datum is None or datum > timezone.localdate():
        fouten["datum"] = ["Leg het advies vast met de datum waarop het is gegeven (niet in de toekomst)."]
    nieuw = Deskundigenadvies(
        aanvraag=aanvraag,
        deskundige=deskundige,
        discipline=deskundige.discipline,
        advies=(advies or "").strip(),
        datum=datum,
        vastgelegd_door=actor,
    )
    if not nieuw.advies:
        fouten["advies"] = ["Schrijf het advies op: een advies is schriftelijk."]
    fouten.update({k: v for k, v in tekstfouten(nieuw, ["advies"]).items() if k not in fouten})
    if fouten:
        raise ValidationError(fouten)
    nieuw.save()
    audit.log(
        audit.Action.CREATE,
        obj=nieuw,
        grant=grant,
        samenwerkingsverband_id=traject.samenwerkingsverband_id,
        detail={"aanvraag": aanvraag.pk, "discipline": nieuw.discipline},
    )
    return nieuw


@atomic
def tlv_afgeven(
    *,
    actor,
    besluit,
    ontvangende_school,
    startdatum: date,
    einddatum: date | None = None,
    hele_schoolloopbaan: bool = False,
    categorie: str = "",
    terugkeer_gepland_op: date | None = None,
) -> Tlv:
    """Issue the TLV a decision granted: SBO or SO (with its category), its period or the whole
    school career, the receiving school, and for a temporary placement the planned return."""
    aanvraag = besluit.aanvraag
    traject = aanvraag.traject
    grant = require(actor, "arrangementen.toekennen", traject)
    # Two people issuing the TLV of one decision at the same moment: the second waits here and
    # is then told it was issued (not a database error on the one-TLV-per-decision constraint).
    from passend.trajecten.models import Aanvraag

    Aanvraag.objects.select_for_update().filter(pk=aanvraag.pk).exists()
    if not aanvraag.is_tlv or besluit.uitkomst not in ("toegekend", "deels"):
        raise ValidationError({"__all__": "Alleen een toegekende aanvraag voor een TLV geeft een TLV."})
    if Tlv.objects.filter(besluit=besluit).exists():
        raise ValidationError({"__all__": f"Op besluit {besluit.nummer} is de TLV al afgegeven."})
    soort = "so" if aanvraag.soort == "tlv_so" else "sbo"
    categorie = (categorie or aanvraag.tlv_categorie) if soort == "so" else ""
    fouten: dict[str, list[str]] = {}
    if ontvangende_school is None:
        fouten["ontvangende_school"] = ["Kies de school die de leerling ontvangt."]
    elif ontvangende_school.soort != soort:
        fouten["ontvangende_school"] = [f"Een TLV voor het {soort.upper()} geeft toegang tot een {soort}-school."]
    elif ontvangende_school.samenwerkingsverband_id != traject.samenwerkingsverband_id:
        fouten["ontvangende_school"] = ["Kies een school uit het dekkend netwerk van uw samenwerkingsverband."]
    if soort == "so" and categorie not in Tlv.Categorie.values:
        fouten["categorie"] = ["Kies de bekostigingscategorie (laag, midden of hoog)."]
    if hele_schoolloopbaan:
        einddatum = None
    elif einddatum is None:
        fouten["einddatum"] = ["Kies tot wanneer de TLV geldt, of kies ‘voor de hele schoolloopbaan’."]
    elif startdatum is not None and einddatum < startdatum:
        fouten["einddatum"] = ["De einddatum ligt vóór de startdatum."]
    if startdatum is None:
        fouten["startdatum"] = ["Kies de datum vanaf wanneer de TLV geldt."]
    if terugkeer_gepland_op is not None and startdatum is not None and terugkeer_gepland_op < startdatum:
        fouten["terugkeer_gepland_op"] = ["De terugkeer ligt vóór de start."]
    if fouten:
        raise ValidationError(fouten)
    tlv = Tlv.objects.create(
        samenwerkingsverband_id=traject.samenwerkingsverband_id,
        besluit=besluit,
        leerling_id=traject.leerling_id,
        soort=soort,
        categorie=categorie,
        startdatum=startdatum,
        einddatum=einddatum,
        hele_schoolloopbaan=hele_schoolloopbaan,
        ontvangende_school=ontvangende_school,
        terugkeer_gepland_op=terugkeer_gepland_op,
        afgegeven_door=actor,
    )
    audit.log(
        audit.Action.CREATE,
        obj=tlv,
        grant=grant,
        detail={"nummer": besluit.nummer, "soort": soort, "categorie": categorie},
    )
    return tlv


# --- Objections --------------------------------------------------------------------------------


def _bezwaar_grant(actor, besluit):
    from passend.accounts.roles import Rol
    from passend.organisaties.policies import lidmaatschap_in
    from passend.trajecten.policies import SWV_ROLLEN

    lid = lidmaatschap_in(actor, besluit.samenwerkingsverband_id, {*SWV_ROLLEN, Rol.BEHEERDER})
    if lid is None:
        audit.log_denied(reason="geen recht: bezwaren", obj=besluit, leerling_id=besluit.aanvraag.traject.leerling_id)
        raise PermissionDenied
    return lid


@atomic
def bezwaar_registreren(*, actor, besluit, ontvangen_op: date, ingediend_door: str, gronden: str) -> Bezwaar:
    """Record an objection as the partnership received it. One received after six weeks is
    recorded too, and marked late."""
    lid = _bezwaar_grant(actor, besluit)
    fouten: dict[str, list[str]] = {}
    if ontvangen_op is None or ontvangen_op > timezone.localdate():
        fouten["ontvangen_op"] = ["Vul de datum van ontvangst in (niet in de toekomst)."]
    elif ontvangen_op < besluit.datum:
        fouten["ontvangen_op"] = ["Een bezwaar komt na het besluit; controleer de datum."]
    bezwaar = Bezwaar(
        besluit=besluit,
        ontvangen_op=ontvangen_op,
        ingediend_door=(ingediend_door or "").strip(),
        gronden=(gronden or "").strip(),
        vastgelegd_door=actor,
    )
    fouten.update({k: v for k, v in tekstfouten(bezwaar, ["ingediend_door", "gronden"]).items() if k not in fouten})
    try:
        bezwaar.full_clean(exclude=["besluit", "vastgelegd_door", "ontvangen_op"])
    except ValidationError as fout:
        for veld, meldingen in fout.message_dict.items():
            fouten.setdefault(veld, meldingen)
    if fouten:
        raise ValidationError(fouten)
    bezwaar.save()
    audit.log(
        audit.Action.CREATE,
        obj=bezwaar,
        lidmaatschap=lid,
        samenwerkingsverband_id=besluit.samenwerkingsverband_id,
        leerling_id=besluit.aanvraag.traject.leerling_id,
        detail={"besluit": besluit.nummer, "te_laat": bezwaar.is_te_laat},
    )
    return bezwaar


@atomic
def bezwaar_doorsturen(*, actor, bezwaar: Bezwaar, op: date) -> Bezwaar:
    """A TLV objection goes with the file (application, both advices, decision) to the LBT."""
    lid = _bezwaar_grant(actor, bezwaar.besluit)
    bezwaar = Bezwaar.objects.select_for_update().select_related("besluit__aanvraag").get(pk=bezwaar.pk)
    if not bezwaar.besluit.aanvraag.is_tlv:
        raise ValidationError({"__all__": "Alleen een bezwaar tegen een TLV-besluit gaat naar de LBT."})
    if bezwaar.doorgestuurd_op is not None:
        raise ValidationError({"__all__": f"Dit bezwaar is al doorgestuurd op {bezwaar.doorgestuurd_op:%d-%m-%Y}."})
    if bezwaar.uitkomst:
        raise ValidationError({"__all__": "Over dit bezwaar is al beslist; het gaat niet meer naar de LBT."})
    if op is None or op > timezone.localdate() or op < bezwaar.ontvangen_op:
        raise ValidationError({"op": ["Kies de datum van doorsturen: na de ontvangst en niet in de toekomst."]})
    bezwaar.doorgestuurd_op = op
    bezwaar.save(update_fields=["doorgestuurd_op"])
    audit.log(audit.Action.UPDATE, obj=bezwaar, lidmaatschap=lid, detail={"doorgestuurd": str(op)})
    return bezwaar


@atomic
def bezwaar_afhandelen(*, actor, bezwaar: Bezwaar, uitkomst: str, op: date, toelichting: str = "") -> Bezwaar:
    lid = _bezwaar_grant(actor, bezwaar.besluit)
    bezwaar = Bezwaar.objects.select_for_update().get(pk=bezwaar.pk)
    if bezwaar.uitkomst:
        raise ValidationError({"__all__": "Over dit bezwaar is al beslist."})
    fouten = {}
    if uitkomst not in Bezwaar.Uitkomst.values:
        fouten["uitkomst"] = ["Kies de uitkomst van het bezwaar."]
    if op is None or op > timezone.localdate() or op < bezwaar.ontvangen_op:
        fouten["op"] = ["Kies de datum van de uitkomst: na de ontvangst en niet in de toekomst."]
    bezwaar.uitkomst, bezwaar.uitkomst_op, bezwaar.uitkomst_toelichting = uitkomst, op, (toelichting or "").strip()
    fouten.update({k: v for k, v in tekstfouten(bezwaar, ["uitkomst_toelichting"]).items() if k not in fouten})
    if fouten:
        raise ValidationError(fouten)
    bezwaar.save(update_fields=["uitkomst", "uitkomst_op", "uitkomst_toelichting"])
    audit.log(audit.Action.UPDATE, obj=bezwaar, lidmaatschap=lid, detail={"uitkomst": uitkomst})
    return bezwaar
