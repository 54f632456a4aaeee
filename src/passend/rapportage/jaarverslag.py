"""The annual report: the key figures of a school year next to those of the year before, with
charts and a short generated summary of the changes, as a PDF (WeasyPrint) or an Excel workbook
(openpyxl). The IVO commission's "verslag met kengetallen" and a partnership's annual-report annex.

Both years are read only through `selectors.kengetallen_lezen`, so who may ask, which part of the
partnership the report is about and which small numbers are suppressed are the dashboard's rules.
A suppressed cell's value is never used: not in a table, not in a sum, not in the summary."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from passend.rapportage import selectors
from passend.rapportage.filters import Filter, schooljaar_tekst, schooljaar_van
from passend.rapportage.grafiek import staafdiagram
from passend.rapportage.kengetallen import KLEIN, Cel, Figuur, Rij, datum_tekst, getal_tekst

DOEL = "jaarverslag"
SCOPE = ("deelverband_id", "schoolbestuur_id", "school_id")

Voortgang = Callable[[float, str], None]
ONDERDRUKT = (
    f"Aantallen van 1 tot en met {KLEIN - 1} leerlingen staan er als “<{KLEIN}”: zo is geen leerling te herkennen."
)


# --- Which figures compare, and on which columns ---------------------------------------------------


@dataclass(frozen=True)
class Vergelijkbaar:
    kolommen: tuple[int, ...]  # the columns shown for both years
    kop: str = ""  # header for a single column whose own header is a date
    eerste_rij: str = ""  # compare only the first row, under this label (a state now vs. earlier)


VERGELIJKEN = {
    "deelname": Vergelijkbaar((1, 2, 3, 4)),
    "tlv_soort": Vergelijkbaar((0,)),
    "tlv_school": Vergelijkbaar((2,), kop="Afgegeven TLV's"),
    "tlv_bestuur": Vergelijkbaar((2,), kop="Afgegeven TLV's"),
    "arrangement_soort": Vergelijkbaar((0, 3, 4)),
    "arrangement_school": Vergelijkbaar((0, 3, 4)),
    "doorlooptijden": Vergelijkbaar((0, 1, 5)),
    "evaluaties": Vergelijkbaar((0,)),
    "thuiszitters": Vergelijkbaar((0, 1, 2, 5), eerste_rij="Op de peildatum"),
    "thuiszit_redenen": Vergelijkbaar((0,), kop="Op de peildatum"),
    "wachtlijst": Vergelijkbaar((0, 1)),
    "terugkeer": Vergelijkbaar((0,)),
    "grensverkeer": Vergelijkbaar((0, 1)),
    "doelen": Vergelijkbaar((0, 1, 2, 3)),
    "ouders": Vergelijkbaar((0, 1, 2)),
}
NIET_VERGELIJKBAAR = {
    "trajecten": "Geen vergelijking met het jaar ervoor: een eerdere stand wordt niet bewaard.",
    "bezetting": "Geen vergelijking met het jaar ervoor: eerdere tellingen worden niet bewaard.",
}


@dataclass
class Vergelijkingsrij:
    label: str
    paren: list[tuple[Cel, Cel]]  # per compared column: (this year, the year before)

    @property
    def verschil(self) -> str:
        return verschil_tekst(*self.paren[0]) if len(self.paren) == 1 else ""


@dataclass
class Vergelijking:
    kolommen: list[str]
    rijen: list[Vergelijkingsrij]
    verschil: bool  # one column: a third column with the change


@dataclass
class Onderdeel:
    figuur: Figuur  # this school year
    vorig: Figuur | None  # the year before
    vergelijking: Vergelijking | None
    grafiek: str  # an SVG (grafiek.staafdiagram), "" when there is nothing to draw
    niet_vergelijkbaar: str = ""

    @property
    def volledige_tabel(self) -> bool:
        """Show this year's whole table too: the comparison leaves columns out."""
        if self.vergelijking is None:
            return True
        spec = VERGELIJKEN[self.figuur.code]
        return len(spec.kolommen) < len(self.figuur.kolommen) or bool(spec.eerste_rij)


@dataclass
class Jaarverslag:
    samenwerkingsverband: object
    onderwerp: object
    schooljaar: int
    dit: selectors.Kengetallen
    vorig: selectors.Kengetallen
    onderdelen: list[Onderdeel]
    samenvatting: list[str]
    lopend: bool  # the school year still runs: both years are counted up to the same day
    opgesteld_door: str = ""
    inleiding: list[str] = field(default_factory=list)

    @property
    def jaar_tekst(self) -> str:
        return schooljaar_tekst(self.schooljaar)

    @property
    def vorig_tekst(self) -> str:
        return schooljaar_tekst(self.schooljaar - 1)

    @property
    def onderdrukt(self) -> bool:
        return self.dit.onderdrukt

    @property
    def stand(self) -> datetime:
        return self.dit.berekend_op


# --- The filters ---------------------------------------------------------------------------------


def filters(actor, samenwerkingsverband, schooljaar: int, *, vandaag: date, **scope) -> tuple[Filter, Filter]:
    """This school year and the one before, about the part of the partnership asked for, narrowed
    (like the dashboard) to the actor's own part where they asked for nothing narrower. While the
    year runs, both years are counted up to the same day, so like is compared with like."""
    scope = {k: v for k, v in scope.items() if k in SCOPE and v}
    reikwijdte = selectors.Reikwijdte(actor, samenwerkingsverband)
    scope = {**{k: v for k, v in reikwijdte.standaard(actor).items() if k not in scope}, **scope}
    dit = Filter.schooljaar(samenwerkingsverband.pk, schooljaar, vandaag, **scope)
    if dit.peildatum < dit.tot:
        dit = replace(dit, tot=dit.peildatum)
    return dit, dit.jaren_eerder(1)


def schooljaren(vandaag: date, terug: int = 5) -> list[int]:
    huidig = schooljaar_van(vandaag)
    return list(range(huidig, huidig - terug - 1, -1))


# --- Comparing -----------------------------------------------------------------------------------


def getal(cel: Cel | None) -> int | Decimal | None:
    """A cell's number, or None when it is empty, not a number or suppressed (never its value)."""
    if cel is None or cel.onderdrukt or isinstance(cel.waarde, bool):
        return None
    return cel.waarde if isinstance(cel.waarde, int | Decimal) else None


def _sleutel(label: str) -> str:
    """A row's label without the year of a date: "1 oktober 2025" and "1 oktober 2024" are one row."""
    return re.sub(r"^(\d{1,2} \w+) (19|20)\d\d$", r"\1", label.strip())


def _rijen_per_sleutel(figuur: Figuur) -> dict[tuple[str, int], Rij]:
    gezien: Counter = Counter()
    uit = {}
    for rij in figuur.rijen:
        sleutel = _sleutel(rij.label)
        uit[(sleutel, gezien[sleutel])] = rij
        gezien[sleutel] += 1
    return uit


LEEG = Cel(None)
TOTAAL = ("Totaal", 0)


def vergelijking(dit: Figuur, vorig: Figuur) -> Vergelijking | None:
    """The figure's compared columns for both years, row by row (matched by label; a row of only
    one year gets an empty cell in the other); None for a figure that does not compare."""
    spec = VERGELIJKEN.get(dit.code)
    if spec is None:
        return None
    kolommen = [k for k in spec.kolommen if k < len(dit.kolommen)]
    koppen = [spec.kop or dit.kolommen[k] for k in kolommen]
    if spec.eerste_rij:
        paren = [(dit.rijen[0] if dit.rijen else None, vorig.rijen[0] if vorig.rijen else None)]
        labels = [spec.eerste_rij]
    else:
        nu, toen = _rijen_per_sleutel(dit), _rijen_per_sleutel(vorig)
        volgorde = [s for s in nu if s != TOTAAL] + [s for s in toen if s not in nu and s != TOTAAL]
        if TOTAAL in nu or TOTAAL in toen:
            volgorde.append(TOTAAL)
        paren = [(nu.get(s), toen.get(s)) for s in volgorde]
        labels = [s[0] for s in volgorde]
    rijen = []
    for label, (rij_nu, rij_toen) in zip(labels, paren, strict=True):
        cellen = []
        for k in kolommen:
            nu, toen = _cel(rij_nu, k), _cel(rij_toen, k)
            # A figure lists only what it counted: a row missing in one year is nothing counted there.
            cellen.append((nu if rij_nu is not None else _nul(toen), toen if rij_toen is not None else _nul(nu)))
        rijen.append(Vergelijkingsrij(label, cellen))
    return Vergelijking(koppen, rijen, len(kolommen) == 1)


def _cel(rij: Rij | None, kolom: int) -> Cel:
    return rij.cellen[kolom] if rij is not None and kolom < len(rij.cellen) else LEEG


def _nul(ander: Cel) -> Cel:
    """Nothing counted, in the unit of the other year's cell: 0 for a number of things, hours or
    money; no value for a median, a share or a date."""
    if ander.eenheid in ("", "uur", "€") and isinstance(ander.waarde, int | Decimal):
        return Cel(0 if isinstance(ander.waarde, int) else Decimal("0.0"), ander.eenheid, n=0)
    return LEEG


def _teken(verschil) -> str:
    return "+" if verschil > 0 else "−" if verschil < 0 else ""


def verschil_tekst(nu: Cel, toen: Cel) -> str:
    """The change from the year before: +3, −1,5 weken, +2,0 procentpunt; "" when it cannot be said."""
    a, b = getal(toen), getal(nu)
    if a is None or b is None:
        return ""
    verschil = b - a
    if verschil == 0:
        return "gelijk"
    if nu.eenheid == "%":
        return f"{_teken(verschil)}{getal_tekst(abs(Decimal(verschil)))} procentpunt"
    return f"{_teken(verschil)}{getal_tekst(abs(verschil), nu.eenheid)}"


def _relatief(a, b) -> str:
    if not a:
        return ""
    procent = (Decimal(b) - Decimal(a)) * 100 / Decimal(a)
    afgerond = procent.quantize(Decimal("1"))
    return f" ({_teken(afgerond)}{abs(afgerond)}%)" if afgerond else ""


def vergelijkingsgrafiek(figuur: Figuur, v: Vergelijking, jaar: int) -> str:
    """One column compared: a bar for each year per row, on one scale."""
    rijen = [Rij(r.label, list(r.paren[0])) for r in v.rijen]
    return staafdiagram(
        Figuur(
            f"{figuur.code}-vergelijking",
            f"{figuur.titel}: {schooljaar_tekst(jaar)} en {schooljaar_tekst(jaar - 1)}",
            [schooljaar_tekst(jaar), schooljaar_tekst(jaar - 1)],
            rijen,
            grafiek=[0, 1],
        )
    )


def onderdelen(dit: list[Figuur], vorig: list[Figuur], jaar: int) -> list[Onderdeel]:
    vorige = {f.code: f for f in vorig}
    uit = []
    for figuur in dit:
        oud = vorige.get(figuur.code)
        v = vergelijking(figuur, oud) if oud is not None and figuur.code not in NIET_VERGELIJKBAAR else None
        if v is not None and not v.rijen:
            v = None
        grafiek = vergelijkingsgrafiek(figuur, v, jaar) if v is not None and v.verschil else staafdiagram(figuur)
        uit.append(Onderdeel(figuur, oud, v, grafiek, NIET_VERGELIJKBAAR.get(figuur.code, "")))
    return uit


# --- The summary -----------------------------------------------------------------------------------


def _figuur(figuren: list[Figuur], code: str) -> Figuur | None:
    return next((f for f in figuren if f.code == code), None)


def _cel_van(figuren: list[Figuur], code: str, rij: str | int, kolom: int) -> Cel | None:
    figuur = _figuur(figuren, code)
    if figuur is None:
        return None
    if isinstance(rij, int):
        gevonden = figuur.rijen[rij] if len(figuur.rijen) > rij else None
    else:
        gevonden = next((r for r in figuur.rijen if _sleutel(r.label) == rij), None)
    return gevonden.cellen[kolom] if gevonden is not None and kolom < len(gevonden.cellen) else None


def _som(figuren: list[Figuur], code: str, kolom: int) -> Cel | None:
    """The sum of a column, only when no cell in it is suppressed (a sum must not reveal one)."""
    figuur = _figuur(figuren, code)
    if figuur is None:
        return None
    cellen = [r.cellen[kolom] for r in figuur.rijen if r.label != "Totaal"]
    if any(c.onderdrukt for c in cellen):
        return Cel(None, onderdrukt=True)
    return Cel(sum(getal(c) or 0 for c in cellen))


def zin_aantal(wat: str, nu: Cel | None, toen: Cel | None) -> str:
    """ "Het aantal afgegeven TLV's steeg van 12 naar 15 (+25%)." — or why it cannot be said."""
    if nu is None or toen is None:
        return ""
    if nu.onderdrukt or toen.onderdrukt:
        return f"Het aantal {wat} is in ten minste één van beide jaren te klein om te noemen (minder dan {KLEIN})."
    a, b = getal(toen), getal(nu)
    if a is None or b is None:
        return ""
    if a == b:
        # Nothing in either year is no news; the tables show it.
        return f"Het aantal {wat} bleef gelijk ({getal_tekst(b, nu.eenheid)})." if b else ""
    richting = "steeg" if b > a else "daalde"
    return (
        f"Het aantal {wat} {richting} van {getal_tekst(a, toen.eenheid)} naar {getal_tekst(b, nu.eenheid)}"
        f"{_relatief(a, b)}."
    )


def zin_percentage(wat: str, nu: Cel | None, toen: Cel | None) -> str:
    """ "De deelname aan het sbo op 1 oktober steeg van 2,1% naar 2,4% (+0,3 procentpunt).\""""
    if nu is None or toen is None:
        return ""
    if nu.onderdrukt or toen.onderdrukt:
        return f"{wat[0].upper()}{wat[1:]} is in ten minste één van beide jaren over te weinig leerlingen om te noemen."
    a, b = getal(toen), getal(nu)
    if a is None or b is None:
        return ""
    if a == b:
        return f"{wat[0].upper()}{wat[1:]} bleef gelijk ({getal_tekst(b, '%')})." if b else ""
    richting = "steeg" if b > a else "daalde"
    return (
        f"{wat[0].upper()}{wat[1:]} {richting} van {getal_tekst(a, '%')} naar {getal_tekst(b, '%')} "
        f"({verschil_tekst(nu, toen)})."
    )


def zin_norm(label: str, figuren: list[Figuur], vorige: list[Figuur], *, vorig_jaar: str) -> str:
    """ "Van aanvraag tot besluit: 80,0% binnen de norm van 6 weken, meer dan in 2024-2025 (70,0%).\""""
    nu, toen = _cel_van(figuren, "doorlooptijden", label, 5), _cel_van(vorige, "doorlooptijden", label, 5)
    norm = getal(_cel_van(figuren, "doorlooptijden", label, 4))
    if nu is None or norm is None:
        return ""
    wat = f"{label} binnen de norm van {getal_tekst(norm, 'weken')}"
    if nu.onderdrukt:
        return f"{wat}: over te weinig besluiten om te noemen (minder dan {KLEIN})."
    b = getal(nu)
    if b is None:
        return ""  # no decisions in the period: the table says so
    tekst = f"{wat}: {getal_tekst(b, '%')}"
    a = getal(toen)
    if toen is not None and toen.onderdrukt:
        return f"{tekst}; {vorig_jaar} is niet te vergelijken (te weinig besluiten)."
    if a is None:
        return f"{tekst}; in {vorig_jaar} waren er geen besluiten om mee te vergelijken."
    if a == b:
        return f"{tekst}, evenveel als in {vorig_jaar}."
    return f"{tekst}, {'meer' if b > a else 'minder'} dan in {vorig_jaar} ({getal_tekst(a, '%')})."


def _zonder_telling(figuren: list[Figuur]) -> str:
    leerlingen = _cel_van(figuren, "deelname", "1 oktober", 0)
    if leerlingen is not None and getal(leerlingen) == 0:
        return (
            "Voor 1 oktober van dit schooljaar zijn geen leerlingtellingen ingevoerd: de deelname aan sbo en so "
            "is daardoor niet te berekenen."
        )
    return ""


def samenvatting(dit: list[Figuur], vorig: list[Figuur], jaar: int) -> list[str]:
    """The changes from the year before in plain sentences, by fixed rules; never a suppressed value."""

    def cel(code, rij, kolom):
        return _cel_van(dit, code, rij, kolom), _cel_van(vorig, code, rij, kolom)

    def som(code, kolom):
        return _som(dit, code, kolom), _som(vorig, code, kolom)

    zinnen = [
        zin_aantal("afgegeven TLV's", *cel("tlv_soort", "Totaal", 0)),
        *(
            [_zonder_telling(dit)]
            if _zonder_telling(dit)
            else [
                zin_percentage("de deelname aan het sbo op 1 oktober", *cel("deelname", "1 oktober", 2)),
                zin_percentage("de deelname aan het so op 1 oktober", *cel("deelname", "1 oktober", 4)),
            ]
        ),
        zin_aantal("arrangementen dat in het schooljaar liep", *som("arrangement_soort", 0)),
        zin_aantal("thuiszitters op de peildatum", *cel("thuiszitters", 0, 0)),
        zin_aantal("thuiszitters dat langer dan drie maanden geen aanbod had", *cel("thuiszitters", 0, 5)),
        zin_aantal("leerlingen dat op de peildatum op een plaatsing wachtte", *som("wachtlijst", 0)),
        *(
            zin_norm(label, dit, vorig, vorig_jaar=schooljaar_tekst(jaar - 1))
            for label in ("Signaal tot besluit", "Aanvraag tot besluit", "Besluit tot start van de ondersteuning")
        ),
        zin_aantal("evaluaties dat op de peildatum over de datum was", *cel("evaluaties", "Totaal", 0)),
        zin_aantal("leerlingen dat terugkeerde naar het regulier onderwijs", *cel("terugkeer", "Totaal", 0)),
        zin_aantal(
            "leerlingen met een TLV van ons op een school in een ander samenwerkingsverband",
            *cel("grensverkeer", "Totaal", 0),
        ),
    ]
    return [z for z in zinnen if z]


# --- Reading both years --------------------------------------------------------------------------


def _stap(voortgang: Voortgang | None, fractie: float, tekst: str) -> None:
    if voortgang is not None:
        voortgang(fractie, tekst)


def jaarverslag_gegevens(
    actor,
    samenwerkingsverband,
    schooljaar: int,
    *,
    vandaag: date | None = None,
    voortgang: Voortgang | None = None,
    **scope,
) -> Jaarverslag:
    """Both years' figures (authorized, suppressed and audited by the selector), compared."""
    vandaag = vandaag or timezone.localdate()
    dit_f, vorig_f = filters(actor, samenwerkingsverband, schooljaar, vandaag=vandaag, **scope)
    _stap(voortgang, 0.05, f"Kengetallen van {schooljaar_tekst(schooljaar)} berekenen")
    dit = selectors.kengetallen_lezen(actor=actor, filter=dit_f, vandaag=vandaag, doel=DOEL)
    _stap(voortgang, 0.3, f"Kengetallen van {schooljaar_tekst(schooljaar - 1)} berekenen")
    vorig = selectors.kengetallen_lezen(actor=actor, filter=vorig_f, vandaag=vandaag, doel=DOEL)
    _stap(voortgang, 0.5, "Vergelijken en de samenvatting schrijven")
    lopend = dit_f.tot < Filter.schooljaar(samenwerkingsverband.pk, schooljaar, vandaag).tot
    inleiding = [
        f"Dit verslag zet de kengetallen van schooljaar {schooljaar_tekst(schooljaar)} naast die van "
        f"{schooljaar_tekst(schooljaar - 1)}."
    ]
    if lopend:
        inleiding.append(
            f"Het schooljaar loopt nog: beide jaren zijn geteld tot en met {datum_tekst(dit_f.tot)[:-5]}, "
            "zodat gelijke perioden worden vergeleken."
        )
    return Jaarverslag(
        samenwerkingsverband=samenwerkingsverband,
        onderwerp=dit.onderwerp,
        schooljaar=schooljaar,
        dit=dit,
        vorig=vorig,
        onderdelen=onderdelen(dit.figuren, vorig.figuren, schooljaar),
        samenvatting=samenvatting(dit.figuren, vorig.figuren, schooljaar),
        lopend=lopend,
        opgesteld_door=getattr(actor, "naam", "") or str(actor),
        inleiding=inleiding,
    )


# --- PDF -----------------------------------------------------------------------------------------


def jaarverslag_html(verslag: Jaarverslag) -> str:
    return render_to_string("rapportage/jaarverslag.html", {"v": verslag, "KLEIN": KLEIN})


def jaarverslag_maken(
    *, actor, samenwerkingsverband, schooljaar: int, voortgang: Voortgang | None = None, **opties
) -> bytes:
    """The annual report as a PDF: title page, summary, and per figure its chart and its table
    with this year and the year before side by side; page numbers and the date of the data."""
    from weasyprint import HTML  # imported here: only PDF export needs the Pango libraries

    verslag = jaarverslag_gegevens(actor, samenwerkingsverband, schooljaar, voortgang=voortgang, **opties)
    _stap(voortgang, 0.6, "Grafieken en tabellen opmaken")
    html = jaarverslag_html(verslag)
    _stap(voortgang, 0.7, "De PDF opmaken")
    pdf = HTML(string=html).write_pdf()
    _stap(voortgang, 1.0, "Klaar")
    return pdf


# --- Excel ---------------------------------------------------------------------------------------

# Numbers stay the figures' numbers; the unit is in the number format (a Dutch Excel shows 1.234,5).
FORMATEN = {
    "": "#,##0",
    "%": '#,##0.0" %"',
    "weken": '#,##0.0" weken"',
    "dagen": '#,##0" dagen"',
    "uur": '#,##0.0" uur"',
    "€": '"€ "#,##0.00',
}


def excel_waarde(cel: Cel):
    """What goes in a worksheet cell: a number as a number, "<5" or "×" as text, nothing as empty."""
    if cel.onderdrukt:
        return cel.tekst
    if isinstance(cel.waarde, bool) or cel.waarde is None:
        return None
    return cel.waarde


def excel_formaat(cel: Cel) -> str | None:
    if cel.onderdrukt or not isinstance(cel.waarde, int | Decimal):
        return None
    formaat = FORMATEN.get(cel.eenheid, "#,##0")
    if cel.eenheid in ("", "dagen") and isinstance(cel.waarde, Decimal):
        formaat = formaat.replace("#,##0", "#,##0.0", 1)
    return formaat


def _bladnaam(titel: str, gebruikt: set[str]) -> str:
    naam = re.sub(r"[\[\]:*?/\\']", "", titel)[:31].strip()
    basis, i = naam, 2
    while naam.lower() in gebruikt:
        naam = f"{basis[: 31 - len(str(i)) - 1]} {i}"
        i += 1
    gebruikt.add(naam.lower())
    return naam


def _tabel(blad, rij: int, kop: str, stand: str, figuur: Figuur | None, stijl) -> int:
    """One year's table of a figure from row `rij`; returns the next free row."""
    blad.cell(row=rij, column=1, value=kop).font = stijl["kop"]
    rij += 1
    if figuur is None:
        return rij + 1
    blad.cell(row=rij, column=1, value=f"Stand: {stand}").font = stijl["klein"]
    rij += 1
    blad.cell(row=rij, column=1, value="Onderdeel").font = stijl["vet"]
    for i, kolom in enumerate(figuur.kolommen, start=2):
        cel = blad.cell(row=rij, column=i, value=kolom)
        cel.font, cel.alignment = stijl["vet"], stijl["kop_uitlijning"]
    rij += 1
    if not figuur.rijen:
        blad.cell(row=rij, column=1, value="Niets om te tellen.").font = stijl["klein"]
        return rij + 2
    for r in figuur.rijen:
        blad.cell(row=rij, column=1, value=r.label).font = stijl["vet"] if r.label == "Totaal" else stijl["gewoon"]
        for i, c in enumerate(r.cellen, start=2):
            uit = blad.cell(row=rij, column=i, value=excel_waarde(c))
            if formaat := excel_formaat(c):
                uit.number_format = formaat
            if c.onderdrukt:
                uit.alignment = stijl["rechts"]
        rij += 1
    return rij + 1


def jaarverslag_werkboek(verslag: Jaarverslag) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    stijl = {
        "titel": Font(bold=True, size=14),
        "kop": Font(bold=True, size=12),
        "vet": Font(bold=True),
        "gewoon": Font(),
        "klein": Font(italic=True, color="555555"),
        "rechts": Alignment(horizontal="right"),
        "kop_uitlijning": Alignment(wrap_text=True, vertical="top"),
        "tekst": Alignment(wrap_text=True, vertical="top"),
    }
    boek = Workbook()
    blad = boek.active
    blad.title = "Samenvatting"
    blad.column_dimensions["A"].width = 110
    regels = [
        (f"Jaarverslag kengetallen {verslag.jaar_tekst}", stijl["titel"]),
        (str(verslag.onderwerp), stijl["kop"]),
        (f"Schooljaar {verslag.jaar_tekst}, vergeleken met {verslag.vorig_tekst}.", None),
        (f"Gegevens van {timezone.localtime(verslag.stand):%d-%m-%Y %H:%M}.", None),
        (
            f"Periode {verslag.dit.filter.van:%d-%m-%Y} tot en met {verslag.dit.filter.tot:%d-%m-%Y}; "
            f"peildatum {verslag.dit.filter.peildatum:%d-%m-%Y}. Vorig jaar: {verslag.vorig.filter.van:%d-%m-%Y} "
            f"tot en met {verslag.vorig.filter.tot:%d-%m-%Y}; peildatum {verslag.vorig.filter.peildatum:%d-%m-%Y}.",
            None,
        ),
        *((zin, None) for zin in verslag.inleiding[1:]),
        ("", None),
        ("Samenvatting", stijl["kop"]),
        *((zin, None) for zin in verslag.samenvatting),
        ("", None),
    ]
    if verslag.onderdrukt:
        regels.append((ONDERDRUKT, None))
    regels.append(("Elk kengetal staat op een eigen blad: dit schooljaar en daaronder het jaar ervoor.", None))
    for i, (tekst, font) in enumerate(regels, start=1):
        cel = blad.cell(row=i, column=1, value=tekst)
        cel.alignment = stijl["tekst"]
        if font is not None:
            cel.font = font

    gebruikt = {"samenvatting"}
    for onderdeel in verslag.onderdelen:
        figuur = onderdeel.figuur
        blad = boek.create_sheet(_bladnaam(figuur.titel, gebruikt))
        blad.column_dimensions["A"].width = 48
        for i in range(2, len(figuur.kolommen) + 2):
            blad.column_dimensions[blad.cell(row=1, column=i).column_letter].width = 17
        blad.cell(row=1, column=1, value=figuur.titel).font = stijl["titel"]
        rij = 2
        for tekst in (figuur.toelichting, onderdeel.niet_vergelijkbaar):
            if tekst:
                blad.cell(row=rij, column=1, value=tekst).font = stijl["klein"]
                rij += 1
        rij += 1
        rij = _tabel(blad, rij, f"Schooljaar {verslag.jaar_tekst}", figuur.stand, figuur, stijl)
        if onderdeel.vorig is not None and not onderdeel.niet_vergelijkbaar:
            _tabel(blad, rij, f"Schooljaar {verslag.vorig_tekst}", onderdeel.vorig.stand, onderdeel.vorig, stijl)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def jaarverslag_xlsx(
    *, actor, samenwerkingsverband, schooljaar: int, voortgang: Voortgang | None = None, **opties
) -> bytes:
    """The same figures as an Excel workbook: the summary, then one sheet per figure with this
    school year and the year before."""
    verslag = jaarverslag_gegevens(actor, samenwerkingsverband, schooljaar, voortgang=voortgang, **opties)
    _stap(voortgang, 0.7, "Het werkboek opmaken")
    inhoud = jaarverslag_werkboek(verslag)
    _stap(voortgang, 1.0, "Klaar")
    return inhoud
