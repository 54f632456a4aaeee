"""The route file: every preset is valid, every mistake is named with its line, and a saved
change becomes a new version that running trajecten do not follow."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passend.trajecten import services
from passend.trajecten.routebestand import RouteFout, lees_route, presets
from tests.trajecten import helpers as h

# Line numbers below count in this text: 8 is the first step, 16 the second, 19 its roles.
BASIS = """\
code: klein
naam: Kleine route
beschrijving: Een route om de controle te testen.
bron: test
casusregisseur: [ib]
start: signalering
stappen:
  - code: signalering
    naam: Signalering
    aspect: 2
    rollen: [leerkracht]
    uitkomsten:
      - code: bespreken
        naam: Bespreken
        naar: bespreking
  - code: bespreking
    naam: Bespreking
    aspect: 3
    rollen: [ib]
    overleg: leerlingbespreking
    beslisregel: unaniem
    uitkomsten:
      - code: afsluiten
        naam: Afsluiten
        naar: einde
"""

DERDE_STAP = """\
  - code: {code}
    naam: Nog een stap
    aspect: 6
    rollen: [ib]
    uitkomsten:
      - code: klaar
        naam: Klaar
        naar: einde
"""


def met(oud: str, nieuw: str) -> str:
    assert BASIS.count(oud) == 1
    return BASIS.replace(oud, nieuw)


def fouten(tekst: str) -> list[tuple[int, str]]:
    with pytest.raises(RouteFout) as fout:
        lees_route(tekst)
    return fout.value.fouten


@pytest.mark.parametrize("code", sorted(presets()))
def test_elke_preset_is_geldig(code):
    assert lees_route(presets()[code])["code"] == code


def test_het_voorbeeld_is_geldig():
    assert [s["code"] for s in lees_route(BASIS)["stappen"]] == ["signalering", "bespreking"]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        pytest.param(
            met("naar: bespreking", "naar: bespraking"),
            [(15, "Uitkomst ‘bespreken’ leidt naar een onbekende stap ‘bespraking’.")],
            id="onbekende-stap-in-naar",
        ),
        pytest.param(
            BASIS + DERDE_STAP.format(code="los"),
            [(26, "Stap ‘los’ is vanaf de start niet te bereiken.")],
            id="onbereikbare-stap",
        ),
        pytest.param(
            met(
                "    uitkomsten:\n      - code: afsluiten\n        naam: Afsluiten\n        naar: einde\n",
                "    uitkomsten: []\n",
            ),
            [(16, "Stap ‘bespreking’ heeft geen uitkomst.")],
            id="stap-zonder-uitkomsten",
        ),
        pytest.param(
            met("rollen: [ib]", "rollen: [ib, concierge]"),
            [(19, "Onbekende rol ‘concierge’ in stap ‘bespreking’.")],
            id="onbekende-rol",
        ),
        pytest.param(
            met("rollen: [leerkracht]\n", "rollen: [leerkracht]\n    voorwaarden: [maanstand_gunstig]\n"),
            [(12, "Onbekende voorwaarde ‘maanstand_gunstig’ in stap ‘signalering’.")],
            id="onbekende-voorwaarde",
        ),
        pytest.param(
            met("overleg: leerlingbespreking", "overleg: koffieochtend"),
            [(20, "Onbekende soort overleg ‘koffieochtend’.")],
            id="onbekende-soort-overleg",
        ),
        pytest.param(
            met("beslisregel: unaniem", "beslisregel: meerderheid"),
            [(21, "Bij ‘meerderheid’ hoort een quorum.")],
            id="meerderheid-zonder-quorum",
        ),
        pytest.param(
            met("naam: Signalering\n", "naam: Signalering: eerst\n"),
            [(9, "Dit is geen geldige YAML (mapping values are not allowed here).")],
            id="ongeldige-yaml",
        ),
        pytest.param(
            met("naam: Bespreking\n", "naam: Bespreking\n    naam: Leerlingbespreking\n"),
            [(18, "‘naam’ staat hier twee keer.")],
            id="dubbele-sleutel",
        ),
        pytest.param(
            BASIS + DERDE_STAP.format(code="bespreking"),
            [(26, "Stap ‘bespreking’ bestaat al.")],
            id="dubbele-stapcode",
        ),
        pytest.param(
            met("    aspect: 3\n", ""),
            [(16, "‘aspect’ ontbreekt in stap ‘bespreking’.")],
            id="verplicht-veld-ontbreekt",
        ),
    ],
)
def test_een_fout_wordt_gemeld_met_de_regel(tekst, verwacht):
    assert fouten(tekst) == verwacht


@pytest.mark.django_db
def test_de_dienst_weigert_een_ongeldig_bestand_met_de_regel(cast):
    with pytest.raises(ValidationError) as fout:
        services.route_create(
            actor=cast.beheerder, samenwerkingsverband=cast.swv, bron=met("rollen: [ib]", "rollen: [ib, concierge]")
        )
    assert fout.value.message_dict == {"bron": ["Regel 19: Onbekende rol ‘concierge’ in stap ‘bespreking’."]}


# --- Versions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opslaan_maakt_een_nieuwe_versie_en_een_lopend_traject_houdt_de_zijne(cast):
    oud = h.start(cast, "top")
    route = oud.route_versie.route
    # Version 2: only the director acts on the first step any more.
    bron = route.versies.get().bron.replace("rollen: [leerkracht, directeur]", "rollen: [directeur]", 1)
    versie = services.route_save(actor=cast.beheerder, route=route, bron=bron, toelichting="Alleen de directeur")
    assert versie.nummer == 2 and versie.toelichting == "Alleen de directeur"
    nieuw = services.traject_start(
        actor=cast.leerkracht_a, route=route, leerling=cast.leerling_a, signaal=h.SIGNAAL, vraag="Opnieuw een vraag."
    )
    oud.refresh_from_db()
    assert (oud.route_versie.nummer, oud.stap.versie.nummer) == (1, 1)
    assert (nieuw.route_versie.nummer, nieuw.stap.versie.nummer) == (2, 2)
    h.stap(oud, cast.leerkracht_a, "ib_laten_meekijken")  # version 1 still lets the teacher act
    with pytest.raises(services.Geweigerd, match="Deze stap is voor: directeur."):
        h.stap(nieuw, cast.leerkracht_a, "ib_laten_meekijken")


@pytest.mark.django_db
def test_opslaan_zonder_verandering_maakt_geen_versie(cast):
    route = h.route(cast, "top")
    with pytest.raises(ValidationError, match="Er is niets veranderd."):
        services.route_save(actor=cast.beheerder, route=route, bron=route.versies.get().bron)
    assert route.versies.count() == 1


@pytest.mark.django_db
def test_termijn_van_een_stap_wijzigen_maakt_versie_2(cast):
    route = h.route(cast, "top")
    versie = services.route_step_change(
        actor=cast.beheerder, route=route, stap_code="signalering", wijzigingen={"termijn_dagen": 7}
    )
    assert versie.nummer == 2
    assert versie.stappen.get(code="signalering").termijn_dagen == 7
    assert route.versies.get(nummer=1).stappen.get(code="signalering").termijn_dagen == 14
    traject = services.traject_start(
        actor=cast.leerkracht_a, route=route, leerling=cast.leerling_a, signaal=h.SIGNAAL, vraag="Een vraag."
    )
    assert traject.termijn == timezone.localdate() + timedelta(days=7)
