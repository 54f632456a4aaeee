"""The route file: a route as YAML, checked against a schema and against itself.

A route file is data a beheerder may write, so every mistake is reported in Dutch with the
line it is on. The format is documented in docs/routes.md; the presets in routes/ use it.

Checking happens in two passes: the JSON schema (shape and allowed words), then the graph
(every step reachable from the start, every outcome leading to a known step, roles, checks
and meeting types known). Both passes report the line of the offending node, which the YAML
composer gives us for every mapping, sequence and scalar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from passend.accounts.roles import Rol

PRESETS_DIR = Path(__file__).parent / "routes"
MAX_BYTES = 200_000

EINDE = "einde"  # the pseudo-step an outcome leads to when it closes the traject

BESLISREGELS = {
    "geen": "geen besluit nodig: wie de stap mag zetten, kiest de uitkomst",
    "een_beslisser": "één beslisser met een van de genoemde rollen, met motivering",
    "unaniem": "iedere deelnemer aan het overleg stemt in",
    "meerderheid": "meerderheid van de stemgerechtigde commissieleden, bij voldoende quorum",
    "alle_partijen": "alle genoemde partijen stemmen in",
}
BESLISREGELS_MET_OVERLEG = frozenset({"unaniem", "meerderheid", "alle_partijen"})
OVERLEG_SOORTEN = {
    "leerlingbespreking": "leerlingbespreking",
    "groepsbespreking": "groepsbespreking",
    "mdo": "multidisciplinair overleg (MDO)",
    "mpo": "multipartijenoverleg (MPO)",
    "ot": "ondersteuningsteam (OT)",
    "sot": "schoolondersteuningsteam (SOT)",
    "driegesprek": "driegesprek school, ouders en S(B)O",
    "ivo_commissie": "IVO-commissie",
    "tlv_commissie": "commissie toelaatbaarheid en extra ondersteuning",
    "evaluatie": "evaluatiegesprek",
}
# The applications a step may let the school draw up (its `aanvraag` list), and how a decision
# on one ends (an outcome's `besluit`).
AANVRAAG_SOORTEN = {
    "schoolarrangement": "Schoolarrangement",
    "specialistische_expertise": "Arrangement specialistische expertise",
    "extra_ondersteuning": "Extra ondersteuning (arrangement)",
    "tlv_sbo": "Toelaatbaarheidsverklaring SBO",
    "tlv_so": "Toelaatbaarheidsverklaring SO",
    "observatieplek": "Observatieplek",
    "onderwijszorgarrangement": "Onderwijs-zorgarrangement",
    "overdracht_swv": "Overdracht aan het samenwerkingsverband",
}
BESLUIT_UITKOMSTEN = {"toegekend": "Toegekend", "deels": "Deels toegekend", "afgewezen": "Afgewezen"}
PARTIJEN = {
    "school": "school",
    "ouders": "ouders",
    "leerling": "leerling",
    "sbo_so": "S(B)O-school",
    "swv": "samenwerkingsverband",
    "jeugdhulp": "jeugdhulp",
    "extern": "externe",
}
NIVEAUS = ("school", "schoolbestuur", "deelverband", "samenwerkingsverband")
NIVEAU_LABELS = {
    "school": "op school",
    "schoolbestuur": "bij het schoolbestuur",
    "deelverband": "bij het deelverband",
    "samenwerkingsverband": "bij het samenwerkingsverband",
}
ASPECTEN = {
    1: "Basisondersteuning",
    2: "Signalering",
    3: "Vaststellen ondersteuningsbehoeften",
    4: "Bepalen van extra ondersteuning en OPP",
    5: "Toewijzen (inhoudelijk en financieel)",
    6: "Bieden van ondersteuning",
    7: "Volgen, evaluatie en nazorg",
}
# Who may act on a step: a role of the glossary, or the traject's case coordinator.
ROLLEN = {**{rol.value: rol.label for rol in Rol}, "casusregisseur": "casusregisseur van het traject"}

_CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,49}$"}
_TEKST = {"type": "string", "minLength": 1, "maxLength": 500}
_LANGE_TEKST = {"type": "string", "minLength": 1, "maxLength": 4000}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "naam", "beschrijving", "bron", "casusregisseur", "start", "stappen"],
    "properties": {
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,49}$"},
        "naam": _TEKST,
        "beschrijving": _LANGE_TEKST,
        "bron": _TEKST,
        "casusregisseur": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "start": _CODE,
        "evaluatie": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "elke_weken": {"type": "integer", "minimum": 1, "maximum": 52},
                "na_weken": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 260}},
                "weken_voor_einde": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 52}},
            },
        },
        "stappen": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "aspect", "rollen", "uitkomsten"],
                "properties": {
                    "code": _CODE,
                    "naam": _TEKST,
                    "toelichting": _LANGE_TEKST,
                    "aspect": {"type": "integer", "minimum": 1, "maximum": 7},
                    "bij": {"enum": list(NIVEAUS)},
                    "rollen": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "voorwaarden": {"type": "array", "items": {"type": "string"}},
                    "overleg": {"type": "string"},
                    "beslisregel": {"enum": list(BESLISREGELS)},
                    "quorum": {"type": "integer", "minimum": 1, "maximum": 50},
                    "partijen": {"type": "array", "minItems": 2, "items": {"enum": list(PARTIJEN)}},
                    "termijn_dagen": {"type": "integer", "minimum": 1, "maximum": 365},
                    "herinneringen": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 365}},
                    "aanvraag": {"type": "array", "minItems": 1, "items": {"enum": list(AANVRAAG_SOORTEN)}},
                    "uitkomsten": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["code", "naam", "naar"],
                            "properties": {
                                "code": _CODE,
                                "naam": _TEKST,
                                "naar": _CODE,
                                "voorwaarden": {"type": "array", "items": {"type": "string"}},
                                "ook_zonder_besluit": {"type": "boolean"},
                                "indienen": {
                                    "anyOf": [
                                        {"type": "boolean"},
                                        {"type": "array", "minItems": 1, "items": {"enum": list(AANVRAAG_SOORTEN)}},
                                    ]
                                },
                                "besluit": {"enum": list(BESLUIT_UITKOMSTEN)},
                            },
                        },
                    },
                },
            },
        },
    },
}


class RouteFout(Exception):
    """A route file that cannot be used; `fouten` lists (line, message), line 0 when unknown."""

    def __init__(self, fouten: list[tuple[int, str]]):
        self.fouten = sorted(fouten)
        super().__init__("; ".join(self.meldingen()))

    def meldingen(self) -> list[str]:
        return [f"Regel {regel}: {tekst}" if regel else tekst for regel, tekst in self.fouten]


@dataclass
class _Bron:
    data: object
    regels: dict[tuple, int]  # path of keys/indexes -> 1-based line

    def regel(self, pad) -> int:
        pad = tuple(pad)
        while pad and pad not in self.regels:
            pad = pad[:-1]
        return self.regels.get(pad, 1)


def _lees(tekst: str) -> _Bron:
    """Parse YAML safely, keeping the line of every node."""
    if len(tekst.encode()) > MAX_BYTES:
        raise RouteFout([(0, f"Het routebestand is groter dan {MAX_BYTES // 1000} kB.")])
    try:
        knoop = yaml.compose(tekst, Loader=yaml.SafeLoader)
    except yaml.YAMLError as fout:
        mark = getattr(fout, "problem_mark", None) or getattr(fout, "context_mark", None)
        regel = mark.line + 1 if mark else 0
        uitleg = getattr(fout, "problem", None) or "onleesbare YAML"
        raise RouteFout([(regel, f"Dit is geen geldige YAML ({uitleg}).")]) from None
    if knoop is None:
        raise RouteFout([(0, "Het routebestand is leeg.")])
    regels: dict[tuple, int] = {}

    def omzetten(n, pad):
        regels[pad] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            uit = {}
            for sleutel, waarde in n.value:
                naam = sleutel.value
                if naam in uit:
                    raise RouteFout([(sleutel.start_mark.line + 1, f"‘{naam}’ staat hier twee keer.")])
                uit[naam] = omzetten(waarde, (*pad, naam))
            return uit
        if isinstance(n, yaml.SequenceNode):
            return [omzetten(kind, (*pad, i)) for i, kind in enumerate(n.value)]
        return yaml.SafeLoader(" ").construct_object(n) if n.tag != "tag:yaml.org,2002:str" else n.value

    return _Bron(omzetten(knoop, ()), regels)


def _plek(data, pad) -> str:
    """A path like ('stappen', 2, 'uitkomsten', 0, 'naar') in words: stap ‘mdo’, uitkomst ‘x’, veld ‘naar’."""
    delen, knoop, i = [], data, 0
    while i < len(pad):
        deel = pad[i]
        if deel in ("stappen", "uitkomsten") and i + 1 < len(pad) and isinstance(pad[i + 1], int):
            lijst = knoop.get(deel) if isinstance(knoop, dict) else None
            knoop = lijst[pad[i + 1]] if isinstance(lijst, list) and pad[i + 1] < len(lijst) else {}
            code = knoop.get("code") if isinstance(knoop, dict) else None
            woord = "stap" if deel == "stappen" else "uitkomst"
            delen.append(f"{woord} ‘{code}’" if isinstance(code, str) else f"{woord} {pad[i + 1] + 1}")
            i += 2
            continue
        delen.append(f"veld ‘{deel}’" if isinstance(deel, str) else f"onderdeel {deel + 1}")
        knoop = knoop.get(deel) if isinstance(knoop, dict) else (knoop[deel] if isinstance(knoop, list) else None)
        i += 1
    return ", ".join(delen) or "het bestand"


def _schema_fouten(bron: _Bron) -> list[tuple[int, str]]:
    fouten = []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for fout in validator.iter_errors(bron.data):
        pad = tuple(fout.absolute_path)
        plek = _plek(bron.data, pad)
        if fout.validator == "required":
            ontbreekt = fout.message.split("'")[1]
            tekst = f"‘{ontbreekt}’ ontbreekt in {plek}."
        elif fout.validator == "additionalProperties":
            extra = sorted(set(fout.instance) - set(fout.schema.get("properties", {})))
            tekst = f"Onbekend veld in {plek}: {', '.join(extra)}."
        elif fout.validator == "enum":
            tekst = f"{plek} moet een van deze zijn: {', '.join(map(str, fout.validator_value))}."
        elif fout.validator in ("minLength", "maxLength"):
            tekst = f"{plek} is leeg of te lang."
        elif fout.validator == "pattern":
            tekst = f"{plek}: gebruik kleine letters, cijfers en _ (of - in de routecode)."
        elif fout.validator in ("minimum", "maximum"):
            grens = "minstens" if fout.validator == "minimum" else "hoogstens"
            tekst = f"{plek} moet {grens} {fout.validator_value} zijn."
        elif fout.validator == "minItems":
            tekst = f"{plek} mag niet leeg zijn."
        elif fout.validator == "type":
            tekst = f"{plek} heeft het verkeerde type (verwacht: {fout.validator_value})."
        else:
            tekst = f"{plek} is niet goed ingevuld."
        fouten.append((bron.regel(pad), tekst))
    return fouten


def _graaf_fouten(bron: _Bron) -> list[tuple[int, str]]:
    from passend.trajecten.voorwaarden import VOORWAARDEN

    data = bron.data
    fouten: list[tuple[int, str]] = []
    stappen = data["stappen"]
    codes: dict[str, int] = {}
    for i, stap in enumerate(stappen):
        if stap["code"] == EINDE:
            fouten.append((bron.regel(("stappen", i, "code")), f"‘{EINDE}’ is gereserveerd voor het afsluiten."))
        if stap["code"] in codes:
            fouten.append((bron.regel(("stappen", i, "code")), f"Stap ‘{stap['code']}’ bestaat al."))
        codes.setdefault(stap["code"], i)
    indienen = any(u.get("indienen") for stap in stappen for u in stap["uitkomsten"])
    for i, rol in enumerate(data["casusregisseur"]):
        if rol not in ROLLEN or rol == "casusregisseur":
            fouten.append((bron.regel(("casusregisseur", i)), f"Onbekende rol ‘{rol}’ als casusregisseur."))
    if data["start"] not in codes:
        fouten.append((bron.regel(("start",)), f"De startstap ‘{data['start']}’ bestaat niet."))

    for i, stap in enumerate(stappen):
        naam = stap["code"]
        for j, rol in enumerate(stap["rollen"]):
            if rol not in ROLLEN:
                fouten.append((bron.regel(("stappen", i, "rollen", j)), f"Onbekende rol ‘{rol}’ in stap ‘{naam}’."))
        for j, check in enumerate(stap.get("voorwaarden", [])):
            if check not in VOORWAARDEN:
                fouten.append(
                    (bron.regel(("stappen", i, "voorwaarden", j)), f"Onbekende voorwaarde ‘{check}’ in stap ‘{naam}’.")
                )
        overleg = stap.get("overleg")
        if overleg is not None and overleg not in OVERLEG_SOORTEN:
            fouten.append((bron.regel(("stappen", i, "overleg")), f"Onbekende soort overleg ‘{overleg}’."))
        regel = stap.get("beslisregel", "geen")
        if regel in BESLISREGELS_MET_OVERLEG and overleg is None:
            fouten.append(
                (bron.regel(("stappen", i, "beslisregel")), f"Beslisregel ‘{regel}’ vraagt een overleg in de stap.")
            )
        if regel == "meerderheid" and "quorum" not in stap:
            fouten.append((bron.regel(("stappen", i, "beslisregel")), "Bij ‘meerderheid’ hoort een quorum."))
        if regel == "alle_partijen" and "partijen" not in stap:
            fouten.append((bron.regel(("stappen", i, "beslisregel")), "Bij ‘alle_partijen’ hoort de lijst partijen."))
        if not stap["uitkomsten"]:
            fouten.append((bron.regel(("stappen", i)), f"Stap ‘{naam}’ heeft geen uitkomst."))
        for j, uitkomst in enumerate(stap["uitkomsten"]):
            if uitkomst.get("indienen") and "aanvraag" not in stap:
                fouten.append(
                    (
                        bron.regel(("stappen", i, "uitkomsten", j, "indienen")),
                        f"Uitkomst ‘{uitkomst['code']}’ dient een aanvraag in, maar stap ‘{naam}’ noemt geen aanvraag.",
                    )
                )
            if uitkomst.get("indienen") and "besluit" in uitkomst:
                fouten.append(
                    (
                        bron.regel(("stappen", i, "uitkomsten", j, "besluit")),
                        f"Uitkomst ‘{uitkomst['code']}’ kan niet tegelijk indienen en besluiten.",
                    )
                )
            soorten = uitkomst.get("indienen")
            if isinstance(soorten, list) and "aanvraag" in stap and not set(soorten) <= set(stap["aanvraag"]):
                fouten.append(
                    (
                        bron.regel(("stappen", i, "uitkomsten", j, "indienen")),
                        f"Uitkomst ‘{uitkomst['code']}’ dient een aanvraag in die stap ‘{naam}’ niet noemt.",
                    )
                )
            if "besluit" in uitkomst and not indienen:
                fouten.append(
                    (
                        bron.regel(("stappen", i, "uitkomsten", j, "besluit")),
                        f"Uitkomst ‘{uitkomst['code']}’ besluit over een aanvraag, maar geen uitkomst dient er een in.",
                    )
                )
        gezien = set()
        for j, uitkomst in enumerate(stap["uitkomsten"]):
            if uitkomst["code"] in gezien:
                fouten.append(
                    (bron.regel(("stappen", i, "uitkomsten", j, "code")), f"Uitkomst ‘{uitkomst['code']}’ bestaat al.")
                )
            gezien.add(uitkomst["code"])
            if uitkomst["naar"] != EINDE and uitkomst["naar"] not in codes:
                fouten.append(
                    (
                        bron.regel(("stappen", i, "uitkomsten", j, "naar")),
                        f"Uitkomst ‘{uitkomst['code']}’ leidt naar een onbekende stap ‘{uitkomst['naar']}’.",
                    )
                )
            for k, check in enumerate(uitkomst.get("voorwaarden", [])):
                if check not in VOORWAARDEN:
                    fouten.append(
                        (
                            bron.regel(("stappen", i, "uitkomsten", j, "voorwaarden", k)),
                            f"Onbekende voorwaarde ‘{check}’ bij uitkomst ‘{uitkomst['code']}’.",
                        )
                    )

    if fouten:
        return fouten
    bereikt, te_doen = set(), [data["start"]]
    while te_doen:
        code = te_doen.pop()
        if code in bereikt or code == EINDE:
            continue
        bereikt.add(code)
        te_doen.extend(u["naar"] for u in stappen[codes[code]]["uitkomsten"])
    for code, i in codes.items():
        if code not in bereikt:
            fouten.append((bron.regel(("stappen", i)), f"Stap ‘{code}’ is vanaf de start niet te bereiken."))
    if not any(u["naar"] == EINDE for code in bereikt for u in stappen[codes[code]]["uitkomsten"]):
        fouten.append((bron.regel(("stappen",)), f"Geen enkele uitkomst sluit het traject af (naar: {EINDE})."))
    return fouten


def lees_route(tekst: str) -> dict:
    """The route in `tekst` as plain data, or RouteFout naming every problem and its line."""
    bron = _lees(tekst)
    fouten = _schema_fouten(bron)
    if fouten:
        raise RouteFout(fouten)
    fouten = _graaf_fouten(bron)
    if fouten:
        raise RouteFout(fouten)
    return bron.data


def presets() -> dict[str, str]:
    """code -> file text of every shipped preset."""
    return {pad.stem: pad.read_text(encoding="utf-8") for pad in sorted(PRESETS_DIR.glob("*.yaml"))}


def als_tekst(data: dict) -> str:
    """Route data back to YAML (after an edit in the step form)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
