"""Read and check an instrument's definition file (format: docs/instrumenten.md).

`lees_definitie` returns the checked definition as plain data, or raises a ValidationError whose
messages name the place of each error (a path such as `delen[0].gebieden[2].vragen[4].tekst`).
Nothing is stored here: the service stores a definition only when the whole file is correct.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from passend.instrumenten.models import MAX_OPEN_ANTWOORD, Invuller, Vraag

FORMAAT = 1
CODE = re.compile(r"^[a-z0-9_]{2,30}$")
ONDERDEEL_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,30}$")
MAX_BESTAND = 2 * 1024 * 1024
MAX_FOUTEN = 20


@dataclass
class VraagDef:
    code: str
    tekst: str
    soort: str
    verplicht: bool


@dataclass
class GebiedDef:
    code: str
    naam: str
    toelichting: str
    scoren: bool
    vragen: list[VraagDef] = field(default_factory=list)


@dataclass
class DeelDef:
    code: str
    naam: str
    toelichting: str
    gebieden: list[GebiedDef] = field(default_factory=list)


@dataclass
class Definitie:
    code: str
    naam: str
    versie_label: str
    invuller: str
    is_voorbeeld: bool
    bron: str
    toelichting: str
    schaal: list[dict]
    delen: list[DeelDef]


class _Fouten:
    def __init__(self):
        self.lijst: list[str] = []

    def __call__(self, pad: str, bericht: str) -> None:
        self.lijst.append(f"{pad}: {bericht}" if pad else bericht)

    def klaar(self) -> None:
        if self.lijst:
            extra = len(self.lijst) - MAX_FOUTEN
            berichten = self.lijst[:MAX_FOUTEN] + ([f"… en nog {extra} fout(en)."] if extra > 0 else [])
            raise ValidationError(berichten)


def lees_bestand(inhoud: bytes) -> Definitie:
    """The definition in an uploaded file (UTF-8 JSON)."""
    if len(inhoud) > MAX_BESTAND:
        raise ValidationError("Het bestand is groter dan 2 MB; dat is geen vragenlijst.")
    try:
        data = json.loads(inhoud.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError("Het bestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer het opnieuw.")
    except json.JSONDecodeError as fout:
        raise ValidationError(f"Regel {fout.lineno}, kolom {fout.colno}: dit is geen geldige JSON ({fout.msg}).")
    except (ValueError, RecursionError):
        # Numbers of thousands of digits (ValueError) or thousands of nested brackets.
        raise ValidationError("Dit is geen geldige JSON voor een vragenlijst (te diep genest of een te lang getal).")
    return lees_definitie(data)


def _tekst(fouten, data: dict, sleutel: str, pad: str, *, verplicht: bool, max_lengte: int, html: bool = False) -> str:
    waarde = data.get(sleutel, "")
    if waarde is None:
        waarde = ""
    if not isinstance(waarde, str):
        fouten(f"{pad}.{sleutel}" if pad else sleutel, "moet tekst zijn.")
        return ""
    waarde = waarde.strip()
    plek = f"{pad}.{sleutel}" if pad else sleutel
    if verplicht and not waarde:
        fouten(plek, "ontbreekt of is leeg.")
    elif len(waarde) > max_lengte:
        fouten(plek, f"is langer dan {max_lengte} tekens.")
    elif "\x00" in waarde:
        fouten(plek, "bevat een null-teken.")
    elif not html and re.search(r"[<>]", waarde):
        fouten(plek, "gebruik geen < of > (HTML is niet toegestaan).")
    return waarde


def _lijst(fouten, data: dict, sleutel: str, pad: str) -> list:
    waarde = data.get(sleutel)
    plek = f"{pad}.{sleutel}" if pad else sleutel
    if not isinstance(waarde, list) or not waarde:
        fouten(plek, "moet een lijst met ten minste één onderdeel zijn.")
        return []
    return waarde


def _code(fouten, data: dict, pad: str, gezien: set, patroon=ONDERDEEL_CODE) -> str:
    code = data.get("code")
    if not isinstance(code, str) or not patroon.match(code):
        fouten(f"{pad}.code", "ontbreekt of bevat andere tekens dan letters, cijfers, punt, streepje of _.")
        return ""
    if code in gezien:
        fouten(f"{pad}.code", f"‘{code}’ komt al eerder voor; codes zijn uniek binnen het instrument.")
    gezien.add(code)
    return code


def _bool(fouten, data: dict, sleutel: str, pad: str, standaard: bool) -> bool:
    waarde = data.get(sleutel, standaard)
    if not isinstance(waarde, bool):
        fouten(f"{pad}.{sleutel}" if pad else sleutel, "moet true of false zijn.")
        return standaard
    return waarde


def _schaal(fouten, data: dict) -> list[dict]:
    punten = data.get("schaal")
    if not isinstance(punten, list) or not 2 <= len(punten) <= 7:
        fouten("schaal", "moet een lijst van 2 tot 7 punten zijn.")
        return []
    schaal = []
    for i, punt in enumerate(punten):
        pad = f"schaal[{i}]"
        if not isinstance(punt, dict):
            fouten(pad, "moet een object met waarde en label zijn.")
            continue
        waarde = punt.get("waarde")
        if type(waarde) is not int or waarde != i:
            fouten(f"{pad}.waarde", f"moet {i} zijn: de schaal loopt op van 0 in stappen van 1.")
        schaal.append({"waarde": i, "label": _tekst(fouten, punt, "label", pad, verplicht=True, max_lengte=100)})
    return schaal


def _vraag(fouten, data, pad: str, codes: set) -> VraagDef | None:
    if not isinstance(data, dict):
        fouten(pad, "moet een object zijn.")
        return None
    soort = data.get("soort", Vraag.Soort.SCHAAL)
    if soort not in Vraag.Soort.values:
        fouten(f"{pad}.soort", "moet ‘schaal’ of ‘tekst’ zijn.")
        soort = Vraag.Soort.SCHAAL
    return VraagDef(
        code=_code(fouten, data, pad, codes),
        tekst=_tekst(fouten, data, "tekst", pad, verplicht=True, max_lengte=1000),
        soort=soort,
        verplicht=_bool(fouten, data, "verplicht", pad, soort == Vraag.Soort.SCHAAL),
    )


def _gebied(fouten, data, pad: str, gebied_codes: set, vraag_codes: set) -> GebiedDef | None:
    if not isinstance(data, dict):
        fouten(pad, "moet een object zijn.")
        return None
    gebied = GebiedDef(
        code=_code(fouten, data, pad, gebied_codes),
        naam=_tekst(fouten, data, "naam", pad, verplicht=True, max_lengte=200),
        toelichting=_tekst(fouten, data, "toelichting", pad, verplicht=False, max_lengte=MAX_OPEN_ANTWOORD),
        scoren=_bool(fouten, data, "scoren", pad, True),
    )
    for i, vraag in enumerate(_lijst(fouten, data, "vragen", pad)):
        if (gelezen := _vraag(fouten, vraag, f"{pad}.vragen[{i}]", vraag_codes)) is not None:
            gebied.vragen.append(gelezen)
    if gebied.scoren and gebied.vragen and not any(v.soort == Vraag.Soort.SCHAAL for v in gebied.vragen):
        fouten(pad, "een gebied dat scoort heeft ten minste één schaalvraag (of zet ‘scoren’ op false).")
    return gebied


def lees_definitie(data) -> Definitie:
    """Check a parsed definition; every error is collected, with its place, before refusing."""
    fouten = _Fouten()
    if not isinstance(data, dict):
        raise ValidationError("Het bestand moet één JSON-object met het instrument bevatten.")
    if type(data.get("formaat")) is not int or data["formaat"] != FORMAAT:  # not true, which == 1
        fouten("formaat", f"moet {FORMAAT} zijn (het formaat van docs/instrumenten.md).")
    code = data.get("code")
    if not isinstance(code, str) or not CODE.match(code):
        fouten("code", "moet 2–30 tekens zijn: kleine letters, cijfers en _.")
    invuller = data.get("invuller")
    if invuller not in Invuller.values:
        fouten("invuller", f"moet een van {', '.join(Invuller.values)} zijn.")
    definitie = Definitie(
        code=code if isinstance(code, str) else "",
        naam=_tekst(fouten, data, "naam", "", verplicht=True, max_lengte=200),
        versie_label=_tekst(fouten, data, "versie", "", verplicht=False, max_lengte=50),
        invuller=invuller if isinstance(invuller, str) else "",
        is_voorbeeld=_bool(fouten, data, "voorbeeld", "", False),
        bron=_tekst(fouten, data, "bron", "", verplicht=False, max_lengte=MAX_OPEN_ANTWOORD),
        toelichting=_tekst(fouten, data, "toelichting", "", verplicht=False, max_lengte=MAX_OPEN_ANTWOORD),
        schaal=_schaal(fouten, data),
        delen=[],
    )
    deel_codes, gebied_codes, vraag_codes = set(), set(), set()
    for i, deel in enumerate(_lijst(fouten, data, "delen", "")):
        pad = f"delen[{i}]"
        if not isinstance(deel, dict):
            fouten(pad, "moet een object zijn.")
            continue
        gelezen = DeelDef(
            code=_code(fouten, deel, pad, deel_codes),
            naam=_tekst(fouten, deel, "naam", pad, verplicht=True, max_lengte=200),
            toelichting=_tekst(fouten, deel, "toelichting", pad, verplicht=False, max_lengte=MAX_OPEN_ANTWOORD),
        )
        for j, gebied in enumerate(_lijst(fouten, deel, "gebieden", pad)):
            if (g := _gebied(fouten, gebied, f"{pad}.gebieden[{j}]", gebied_codes, vraag_codes)) is not None:
                gelezen.gebieden.append(g)
        definitie.delen.append(gelezen)
    fouten.klaar()
    return definitie
