"""The covering network (dekkend netwerk) on the five fields: who offers what, where, with how many
places, and where pupils' needs are not covered close to home. Pupils are counted, never named."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from passend.core import audit
from passend.core.authz import can, explain
from passend.matching import selectors
from passend.matching.models import Behoefteprofiel
from passend.matching.velden import VELD_NAMEN, VELDEN
from passend.organisaties.afstand import afstand_vanaf
from passend.organisaties.models import Postcodegebied

SOORT_NAMEN = {"bo": "bo", "sbo": "sbo", "so": "so", "voorziening": "voorziening"}
SOORTEN = tuple(SOORT_NAMEN)


@dataclass
class Aanbodcel:
    niveau: int
    omschrijving: str
    aantallen: dict  # soort → number of settings offering at least this level
    namen: list


@dataclass
class Dekking:
    leerlingen: int = 0
    gedekt: int = 0
    niet_gedekt: int = 0
    onduidelijk: int = 0
    # field → {needed level: pupils for whom nothing within reach offers it}
    knelpunten: dict = field(default_factory=dict)

    @property
    def knelpunt_rijen(self) -> list[tuple[str, int, int]]:
        return [
            (VELD_NAMEN[veld], niveau, aantal)
            for veld in VELDEN
            for niveau, aantal in sorted(self.knelpunten.get(veld, {}).items())
        ]


def aanbod(settings, schaal) -> dict[str, list[Aanbodcel]]:
    """Per field and level (1 up): how many settings of each kind offer at least that level."""
    uit = {}
    for i, veld in enumerate(VELDEN):
        cellen = []
        for niveau, omschrijving in schaal[veld]:
            if niveau == 0:
                continue
            bieden = [s for s in settings if s.niveaus[i] >= niveau]
            aantallen = {soort: sum(1 for s in bieden if s.soort == soort) for soort in SOORTEN}
            cellen.append(Aanbodcel(niveau, omschrijving, aantallen, sorted(s.naam for s in bieden)))
        uit[veld] = cellen
    return uit


def _herkomsten(profielen) -> dict[int, tuple[float, float] | None]:
    """Where each pupil lives (postcode area), else their school; one query for all postcode areas."""
    pc4s = {p.leerling.postcode[:4] for p in profielen if p.leerling.postcode}
    gebieden = {g.pc4: (float(g.latitude), float(g.longitude)) for g in Postcodegebied.objects.filter(pc4__in=pc4s)}
    uit = {}
    for p in profielen:
        school = p.leerling.school
        thuis = gebieden.get(p.leerling.postcode[:4]) if p.leerling.postcode else None
        uit[p.leerling_id] = thuis or (
            (float(school.latitude), float(school.longitude)) if school.latitude is not None else None
        )
    return uit


def dekking(samenwerkingsverband, settings) -> Dekking:
    """For each pupil with a current need profile (enrolled): is there a fitting place with room
    within the partnership's distance? For those without, which field's level is out of reach."""
    profielen = {}
    for p in (
        Behoefteprofiel.objects.filter(
            samenwerkingsverband=samenwerkingsverband, leerling__datum_uitschrijving__isnull=True
        )
        .select_related("leerling__school")
        .order_by("leerling_id", "-opgesteld_op", "-id")
    ):
        profielen.setdefault(p.leerling_id, p)
    herkomsten = _herkomsten(profielen.values())
    bereik = samenwerkingsverband.thuisnabij_km
    uitkomst = Dekking(leerlingen=len(profielen))
    for leerling_id, profiel in profielen.items():
        if profiel.is_onduidelijk:
            uitkomst.onduidelijk += 1
            continue
        nodig = profiel.niveaus()
        afstand_tot = afstand_vanaf(*(herkomsten[leerling_id] or (None, None)))
        dichtbij = [
            s
            for s in settings
            if (s.vrije_plaatsen is None or s.vrije_plaatsen > 0)
            and ((d := afstand_tot(s.lat, s.lon)) is None or d <= bereik)
        ]
        if any(all(b >= n for b, n in zip(s.niveaus, nodig, strict=True)) for s in dichtbij):
            uitkomst.gedekt += 1
            continue
        uitkomst.niet_gedekt += 1
        for i, veld in enumerate(VELDEN):
            if not any(s.niveaus[i] >= nodig[i] for s in dichtbij):
                per_niveau = uitkomst.knelpunten.setdefault(veld, {})
                per_niveau[nodig[i]] = per_niveau.get(nodig[i], 0) + 1
    return uitkomst


@dataclass
class Netwerk:
    samenwerkingsverband: object
    settings: list
    standen: dict
    schaal: dict
    aanbod: dict
    plaatsen: list  # [(School or Voorziening, free places or None)]
    dekking: Dekking | None
    kaart: str
    veld: str
    profielen_vastgesteld: int
    profielen_ter_controle: int


def dekkend_netwerk(*, actor, samenwerkingsverband, veld: str = "") -> Netwerk:
    """The network view of one partnership; the gaps only for the partnership's own staff. Audited."""
    grant = explain(actor, "matching.view_netwerk", samenwerkingsverband)
    if grant is None:
        audit.log_denied(reason="geen toegang tot het dekkend netwerk", obj=samenwerkingsverband)
        from django.http import Http404

        raise Http404
    standen = selectors.profielstanden(samenwerkingsverband.pk)
    settings = selectors.settings_van(samenwerkingsverband.pk, standen)
    schaal = selectors.schaal(samenwerkingsverband.pk)
    mag_dekking = can(actor, "matching.view_dekking", samenwerkingsverband)
    uitkomst = dekking(samenwerkingsverband, settings) if mag_dekking else None
    veld = veld if veld in VELDEN else ""
    plaatsen = sorted(
        ((standen[s.sleutel].setting, s.vrije_plaatsen) for s in settings if s.soort != "bo"),
        key=lambda rij: (rij[0].__class__.__name__, rij[0].naam),
    )
    audit.log(
        audit.Action.SEARCH,
        obj=samenwerkingsverband,
        grant=grant,
        object_type="matching.dekkend_netwerk",
        object_label=f"Dekkend netwerk van {samenwerkingsverband}",
        detail={"leerlingen_geteld": uitkomst.leerlingen if uitkomst else 0},
    )
    return Netwerk(
        samenwerkingsverband=samenwerkingsverband,
        settings=settings,
        standen=standen,
        schaal=schaal,
        aanbod=aanbod(settings, schaal),
        plaatsen=plaatsen,
        dekking=uitkomst,
        kaart=kaart_svg(settings, veld=veld),
        veld=veld,
        profielen_vastgesteld=sum(1 for s in standen.values() if s.vastgesteld),
        profielen_ter_controle=sum(1 for s in standen.values() if s.ter_controle),
    )


# --- The map -----------------------------------------------------------------------------------

BREEDTE, HOOGTE, MARGE = 720, 440, 40
# From a narrow to a broad offer; on one field: level 0 to 4 and up.
KLEUREN = ("#d9d9d9", "#c6dbef", "#6baed6", "#2171b5", "#08306b")


def _kleur(setting, veld: str) -> tuple[str, str]:
    if veld:
        niveau = setting.niveaus[VELDEN.index(veld)]
        return KLEUREN[min(niveau, len(KLEUREN) - 1)], f"niveau {niveau} op {VELD_NAMEN[veld].lower()}"
    breedte = sum(setting.niveaus)
    klasse = 0 if breedte <= 3 else 1 if breedte <= 7 else 2 if breedte <= 11 else 3 if breedte <= 15 else 4
    return KLEUREN[klasse], f"breedte van het profiel {breedte} (som van de vijf velden)"


def _vorm(soort: str, x: float, y: float, kleur: str) -> str:
    rand = 'stroke="#1a1a1a" stroke-width="1.2"'
    if soort == "sbo":
        return f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{kleur}" {rand}/>'
    if soort == "so":
        punten = f"{x:.1f},{y - 8:.1f} {x + 8:.1f},{y + 7:.1f} {x - 8:.1f},{y + 7:.1f}"
        return f'<polygon points="{punten}" fill="{kleur}" {rand}/>'
    if soort == "voorziening":
        punten = f"{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} {x - 8:.1f},{y:.1f}"
        return f'<polygon points="{punten}" fill="{kleur}" {rand}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{kleur}" {rand}/>'


def _labelplek(x: float, y: float, tekens: int, geplaatst: list) -> tuple[float, float]:
    """Right of the point, or moved down step by step until it overlaps no earlier label."""
    breedte = 6.2 * tekens
    for stap in range(12):
        lx, ly = x + 11, y + 4 + 13 * stap
        vak = (lx, ly - 10, lx + breedte, ly + 2)
        if not any(vak[0] < b[2] and b[0] < vak[2] and vak[1] < b[3] and b[1] < vak[3] for b in geplaatst):
            geplaatst.append(vak)
            return lx, ly
    geplaatst.append((x + 11, y - 6, x + 11 + breedte, y + 6))
    return x + 11, y + 4


def kaart_svg(settings, *, veld: str = "") -> str:
    """School locations drawn from their coordinates (no map tiles): shape by kind, colour by the
    breadth of the profile, or by the level on one field. A 10 km bar gives the scale."""
    punten = [s for s in settings if s.lat is not None and s.lon is not None]
    titel = "Kaart van het netwerk" + (f": {VELD_NAMEN[veld].lower()}" if veld else ": breedte van de profielen")
    if not punten:
        return mark_safe(f'<p class="empty">{escape(titel)}: geen scholen met coördinaten.</p>')  # noqa: S308
    lats, lons = [s.lat for s in punten], [s.lon for s in punten]
    midden = math.radians((min(lats) + max(lats)) / 2)
    km_per_lon, km_per_lat = 111.32 * math.cos(midden), 110.57
    breedte_km = max((max(lons) - min(lons)) * km_per_lon, 5.0)
    hoogte_km = max((max(lats) - min(lats)) * km_per_lat, 5.0)
    schaal = min((BREEDTE - 2 * MARGE) / breedte_km, (HOOGTE - 2 * MARGE - 30) / hoogte_km)

    def xy(s):
        return MARGE + (s.lon - min(lons)) * km_per_lon * schaal, MARGE + (max(lats) - s.lat) * km_per_lat * schaal

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {HOOGTE}" width="100%" role="img" '
        'aria-labelledby="kaart-titel" class="netwerkkaart">',
        f'<title id="kaart-titel">{escape(titel)}</title>',
        f'<rect x="0" y="0" width="{BREEDTE}" height="{HOOGTE}" fill="#fbfcfd" stroke="#c9d1da"/>',
    ]
    geplaatst: list[tuple[float, float, float, float]] = []
    for s in sorted(punten, key=lambda s: xy(s)[1]):
        x, y = xy(s)
        kleur, uitleg = _kleur(s, veld)
        delen.append(f"<g><title>{escape(s.naam)} ({SOORT_NAMEN[s.soort]}), {escape(uitleg)}</title>")
        delen.append(_vorm(s.soort, x, y, kleur))
        lx, ly = _labelplek(x, y, len(s.naam), geplaatst)
        if (lx, ly) != (x + 11, y + 4):
            delen.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{lx - 2:.1f}" y2="{ly - 4:.1f}" stroke="#6b7785"/>')
        delen.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="11" fill="#1a1a1a">{escape(s.naam)}</text></g>')
    balk = 10 * schaal
    y = HOOGTE - 18
    delen.append(f'<line x1="{MARGE}" y1="{y}" x2="{MARGE + balk:.1f}" y2="{y}" stroke="#1a1a1a" stroke-width="3"/>')
    delen.append(f'<text x="{MARGE}" y="{y - 6}" font-size="11">10 km</text>')
    x = MARGE + balk + 30
    for soort, label in (("bo", "bo"), ("sbo", "sbo"), ("so", "so"), ("voorziening", "voorziening")):
        delen.append(_vorm(soort, x, y - 4, "#ffffff"))
        delen.append(f'<text x="{x + 12}" y="{y}" font-size="11">{label}</text>')
        x += 30 + 7 * len(label)
    for kleur in KLEUREN:
        delen.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{kleur}" stroke="#1a1a1a"/>')
        x += 16
    delen.append(f'<text x="{x + 4}" y="{y}" font-size="11">{"niveau 0 → 4" if veld else "smal → breed"}</text>')
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 (every text above is escaped)
