"""The named conditions a route may put on a step or an outcome, implemented here.

Each check takes a traject and returns None when the condition holds, or the reason it does
not, in Dutch, as the engine shows it. A route file may only name checks listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Disciplines that count as the first expert of a deskundigenadvies (DOMAIN.md: TLV).
EERSTE_DESKUNDIGE = {"orthopedagoog", "psycholoog", "kinder_jeugdpsycholoog"}
TWEEDE_DESKUNDIGE = {
    "orthopedagoog",
    "psycholoog",
    "kinder_jeugdpsycholoog",
    "pedagoog",
    "kinderpsychiater",
    "maatschappelijk_werker",
    "jeugdarts",
}


@dataclass(frozen=True)
class Voorwaarde:
    code: str
    omschrijving: str
    check: Callable


def _leerling(traject):
    if traject.leerling_id is None:
        return "Dit traject gaat niet over één leerling."
    return None


def _groeidocument_ondertekend(traject):
    if fout := _leerling(traject):
        return fout
    from passend.dossier.models import Versie

    if Versie.objects.filter(groeidocument__leerling_id=traject.leerling_id, bevroren_op__isnull=False).exists():
        return None
    return "Het groeidocument is nog niet door ouders en school ondertekend."


def _groeidocument_gestart(traject):
    if fout := _leerling(traject):
        return fout
    from passend.dossier.models import Bijdrage

    if Bijdrage.objects.filter(versie__groeidocument__leerling_id=traject.leerling_id).exists():
        return None
    return "Er is nog geen groeidocument gestart."


def _opp_vastgesteld(traject):
    if fout := _leerling(traject):
        return fout
    from passend.dossier.opp_stand import opp_in_kracht

    return None if opp_in_kracht(traject.leerling) else "Er is geen vastgesteld OPP dat nu geldt."


def _handelingsplan(traject):
    if fout := _leerling(traject):
        return fout
    return None if traject.leerling.handelingsplannen.exists() else "Er is nog geen handelingsplan."


def _toestemming(onderwerp, ontbreekt):
    def check(traject):
        if fout := _leerling(traject):
            return fout
        from passend.leerlingen.services import heeft_toestemming

        return None if heeft_toestemming(traject.leerling, onderwerp) else ontbreekt

    return check


def _deelnemers(traject):
    from passend.trajecten.models import Deelnemer

    return Deelnemer.objects.filter(overleg__traject=traject).select_related("deskundige", "gebruiker")


def _deskundigenadvies_compleet(traject):
    """Two separate written advices by experts, one an orthopedagoog or psycholoog, neither
    from the pupil's own school (DOMAIN.md): recorded on the traject's TLV application
    (arrangementen.Deskundigenadvies), or given as their own advice in one of its meetings."""
    from passend.accounts.models import Lidmaatschap
    from passend.arrangementen.models import Deskundigenadvies
    from passend.arrangementen.tlv import advies_fout

    schriftelijk = Deskundigenadvies.objects.filter(
        aanvraag__traject=traject, aanvraag__status__in=["concept", "ingediend"]
    )
    if advies_fout(list(schriftelijk)) is None:
        return None

    eigen_school = set(
        Lidmaatschap.objects.actief().filter(school_id=traject.school_id).values_list("user_id", flat=True)
    )
    adviezen = [
        d
        for d in _deelnemers(traject).filter(deskundige__isnull=False).exclude(advies="")
        if d.gebruiker_id is None or d.gebruiker_id not in eigen_school
    ]
    disciplines = {d.deskundige_id: d.discipline for d in adviezen}
    eerste = [pk for pk, disc in disciplines.items() if disc in EERSTE_DESKUNDIGE]
    for pk in eerste:
        if any(other != pk and disc in TWEEDE_DESKUNDIGE for other, disc in disciplines.items()):
            return None
    return (
        "Het deskundigenadvies is niet compleet: nodig zijn twee aparte schriftelijke adviezen van deskundigen "
        "van buiten de school, van wie één orthopedagoog of psycholoog."
    )


def _ouders_gehoord(traject):
    """The parents' view is on record in this traject: their position in one of its meetings,
    or their own contribution to the pupil's groeidocument since the traject started."""
    if _deelnemers(traject).filter(partij="ouders", aanwezig=True).exclude(standpunt="").exists():
        return None
    if traject.leerling_id is not None:
        from passend.dossier.models import Bijdrage

        if Bijdrage.objects.filter(
            versie__groeidocument__leerling_id=traject.leerling_id,
            als=Bijdrage.Als.OUDER,
            gewijzigd_op__gte=traject.aangemaakt_op,
        ).exists():
            return None
    return (
        "De ouders zijn nog niet gehoord: leg hun standpunt vast in een overleg van dit traject, "
        "of laat hen hun kijk schrijven in het groeidocument."
    )


def _vpi_afgerond(traject):
    """A VPI about the pupil finished since the traject started (seed 003: the signal is to fill it in)."""
    if fout := _leerling(traject):
        return fout
    from passend.instrumenten.models import Afname

    if Afname.objects.filter(
        leerling_id=traject.leerling_id,
        instrument__code="vpi",
        status=Afname.Status.AFGEROND,
        afgerond_op__gte=traject.aangemaakt_op,
    ).exists():
        return None
    return "Het VPI is in dit traject nog niet ingevuld en afgerond (Vragenlijsten in het dossier)."


def _behoefte_vijf_velden(traject):
    """The pupil's needs summarised on the five fields since the traject started (seed 003, IVO)."""
    if fout := _leerling(traject):
        return fout
    from passend.matching.models import Behoefteprofiel

    if Behoefteprofiel.objects.filter(
        leerling_id=traject.leerling_id, opgesteld_op__gte=traject.aangemaakt_op
    ).exists():
        return None
    return (
        "De onderwijsbehoeften zijn in dit traject nog niet op de vijf velden vastgesteld "
        "(Onderwijsbehoeften in het dossier)."
    )


def _drie_partijen_akkoord(traject):
    from passend.trajecten.models import Besluitvorming

    laatste = Besluitvorming.objects.filter(overleg__traject=traject).order_by("-vastgelegd_op", "-id").first()
    if laatste is not None:
        per_partij: dict[str, set[str]] = {}
        for s in laatste.standpunten:
            per_partij.setdefault(s["partij"], set()).add(s["standpunt"])
        if all(per_partij.get(p) == {"akkoord"} for p in ("school", "ouders", "sbo_so")):
            return None
    return "School, ouders en de S(B)O-school zijn nog niet alle drie akkoord in een vastgelegd besluit."


def _open_aanvraag(traject):
    from passend.trajecten.models import Aanvraag

    return traject.aanvragen.filter(status__in=[Aanvraag.Status.CONCEPT, Aanvraag.Status.INGEDIEND]).first()


def _aanvraag_compleet(traject):
    from passend.trajecten.aanvraageisen import ontbrekend as aanvraag_ontbrekend

    aanvraag = _open_aanvraag(traject)
    if aanvraag is None or aanvraag.status != "concept":
        return "Stel eerst de aanvraag op (onder ‘Aanvraag’ bij dit traject)."
    redenen = aanvraag_ontbrekend(aanvraag)
    return ("De aanvraag is nog niet compleet. " + " ".join(redenen)) if redenen else None


def _aanvraag_ingediend(traject):
    aanvraag = _open_aanvraag(traject)
    if aanvraag is None or aanvraag.status != "ingediend":
        return "Er ligt geen ingediende aanvraag om over te besluiten."
    return None


VOORWAARDEN = {
    v.code: v
    for v in (
        Voorwaarde("groeidocument_gestart", "er is een groeidocument gestart", _groeidocument_gestart),
        Voorwaarde(
            "groeidocument_ondertekend",
            "het groeidocument is door ouders en school ondertekend",
            _groeidocument_ondertekend,
        ),
        Voorwaarde("handelingsplan_aanwezig", "er is een handelingsplan", _handelingsplan),
        Voorwaarde("opp_vastgesteld", "er is een vastgesteld OPP", _opp_vastgesteld),
        Voorwaarde(
            "toestemming_extern",
            "de ouders geven toestemming om externen te betrekken",
            _toestemming("extern", "De ouders hebben (nog) geen toestemming gegeven om externen te betrekken."),
        ),
        Voorwaarde(
            "toestemming_delen_swv",
            "de ouders geven toestemming om gegevens met het samenwerkingsverband te delen",
            _toestemming("delen_swv", "De ouders hebben (nog) geen toestemming gegeven om gegevens te delen."),
        ),
        Voorwaarde(
            "deskundigenadvies_compleet",
            "twee aparte deskundigenadviezen, één van een orthopedagoog of psycholoog",
            _deskundigenadvies_compleet,
        ),
        Voorwaarde(
            "ouders_gehoord", "de ouders zijn gehoord (in een overleg of in het groeidocument)", _ouders_gehoord
        ),
        Voorwaarde("drie_partijen_akkoord", "school, ouders en S(B)O zijn akkoord", _drie_partijen_akkoord),
        Voorwaarde("vpi_afgerond", "het VPI is in dit traject ingevuld en afgerond", _vpi_afgerond),
        Voorwaarde(
            "behoefte_vijf_velden",
            "de onderwijsbehoeften zijn in dit traject op de vijf velden vastgesteld",
            _behoefte_vijf_velden,
        ),
        Voorwaarde("aanvraag_compleet", "de aanvraag is compleet", _aanvraag_compleet),
        Voorwaarde("aanvraag_ingediend", "er ligt een ingediende aanvraag", _aanvraag_ingediend),
    )
}
# Outcomes that submit or decide an application carry these checks without naming them.
IMPLICIET = {"indienen": "aanvraag_compleet", "besluit": "aanvraag_ingediend"}


def tlv_in_behandeling(traject) -> bool:
    """Whether the application the traject's next decision is about asks for a TLV."""
    aanvraag = _open_aanvraag(traject)
    return aanvraag is not None and aanvraag.status == "ingediend" and aanvraag.is_tlv


def soort_fout(traject, uitkomst: dict) -> str | None:
    """An outcome that submits only some kinds of application, while another kind is drawn up."""
    soorten = uitkomst.get("indienen")
    if not isinstance(soorten, list):
        return None
    aanvraag = _open_aanvraag(traject)
    if aanvraag is None or aanvraag.soort in soorten:
        return None
    from passend.trajecten.routebestand import AANVRAAG_SOORTEN

    namen = " of ".join(AANVRAAG_SOORTEN[s].lower() for s in soorten)
    nu = aanvraag.get_soort_display().lower()
    return f"Deze uitkomst dient een aanvraag {namen} in; de aanvraag in voorbereiding is een {nu}."


def van_uitkomst(stap, uitkomst: dict) -> list[str]:
    """All conditions of taking `uitkomst`: the step's, the outcome's and the implicit ones."""
    codes = [*stap.voorwaarden, *uitkomst.get("voorwaarden", [])]
    return codes + [code for vlag, code in IMPLICIET.items() if uitkomst.get(vlag) and code not in codes]


def ontbrekend(traject, codes) -> list[str]:
    """The reasons why the named conditions do not hold for `traject` (empty when they all do)."""
    redenen = []
    for code in codes:
        if (reden := VOORWAARDEN[code].check(traject)) is not None:
            redenen.append(reden)
    return redenen
