"""The engine refusing a move, saying why: the wrong person, a missing condition, a decision rule
not met, an involvement that has ended, a meeting's outcome taken without the meeting, a closed
traject. A refusal leaves the traject where it was, and a Geweigerd is audited as denied."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from passend.core import audit
from passend.core.models import AuditEvent
from passend.trajecten import services
from passend.trajecten.models import Besluitvorming, Betrokkene, Traject
from passend.trajecten.services import Geweigerd, traject_advance
from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld
from tests.instrumenten.helpers import afgeronde_afname
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

EXTERNE_STAP = """\
code: extern-advies
naam: Advies van een externe
beschrijving: Een externe deskundige geeft advies; de intern begeleider rondt af.
bron: test
casusregisseur: [ib]
start: advies
stappen:
  - code: advies
    naam: Advies van de externe
    aspect: 3
    rollen: [ib, extern]
    uitkomsten:
      - code: advies_gegeven
        naam: Advies gegeven
        naar: afronden
  - code: afronden
    naam: Afronden
    aspect: 7
    rollen: [ib]
    uitkomsten:
      - code: afsluiten
        naam: Afsluiten
        naar: einde
"""


def vandaag():
    return timezone.localdate()


def staat_bij(traject, stap: str, gebeurtenissen: int) -> bool:
    traject.refresh_from_db()
    return traject.stap.code == stap and traject.gebeurtenissen.count() == gebeurtenissen


def integraal_bij_overleg_school(cast):
    traject = h.start(cast, "integraal-arrangeren")
    h.stap(traject, cast.leerkracht_a, "ib_betrekken")
    return traject


def top_bij_driegesprek(cast):
    traject = h.start(cast, "top")
    h.stap(traject, cast.directeur_a, "ib_laten_meekijken")
    h.stap(traject, cast.directeur_a, "advies_so_vragen")
    return traject


def driehoek(cast):
    return [
        {"naam": "Vincent", "partij": "school", "gebruiker": cast.directeur_a},
        {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder},
        {"naam": "Marleen", "partij": "sbo_so"},
    ]


def vpi_bij_commissie(cast, client):
    traject = h.start(cast, "vpi")
    h.stap(traject, cast.leerkracht_a, "vpi_invullen", "Het aanbod sluit niet meer aan.")
    afgeronde_afname(cast)
    h.stap(traject, cast.leerkracht_a, "bespreken")
    h.stap(traject, cast.leerkracht_a, "aanpak_bieden")
    h.stap(traject, cast.leerkracht_a, "verwijzing_nodig")
    opp_vastgesteld(client, cast)
    h.aanvraag(traject, cast.ib_a, "tlv_sbo", directeur=cast.directeur_a)
    h.stap(traject, cast.ib_a, "aanmelden")
    return traject


def commissie(cast, leden: int) -> list[dict]:
    """`leden` voting members, and two non-voting experts whose advice makes the file complete."""
    ortho = h.deskundige(cast, "Orthopedagoog", "orthopedagoog")
    arts = h.deskundige(cast, "Jeugdarts", "jeugdarts")
    return [
        *({"naam": f"Lid {i}", "partij": "swv", "stemgerechtigd": True} for i in range(1, leden + 1)),
        {"naam": "Orthopedagoog", "partij": "swv", "deskundige": ortho},
        {"naam": "Jeugdarts", "partij": "swv", "deskundige": arts},
    ]


ADVIEZEN = {"Orthopedagoog": "Een kleine setting.", "Jeugdarts": "Rustmomenten inbouwen."}


def extern_traject(cast):
    route = services.route_create(actor=cast.beheerder, samenwerkingsverband=cast.swv, bron=EXTERNE_STAP).route
    return services.traject_start(
        actor=cast.ib_a, route=route, leerling=cast.leerling_a, signaal=h.SIGNAAL, vraag="Wat heeft Ryan nodig?"
    )


# --- (a) The wrong person ---------------------------------------------------------------------

NIET_VOOR_JOU = [
    ("leerkracht_a", "Deze stap is voor: intern begeleider. U bent hier leerkracht."),
    ("ouder", "Deze stap is voor: intern begeleider. U bent hier ouder / verzorger."),
    ("leerkracht_andere_groep", "U bent niet (meer) bij dit traject betrokken."),
    ("ib_b", "U bent niet (meer) bij dit traject betrokken."),
    ("commissielid", "U bent niet (meer) bij dit traject betrokken."),  # not submitted to the partnership
]


@pytest.mark.parametrize(("persona", "reden"), NIET_VOOR_JOU)
def test_een_stap_van_de_ib_er_is_niet_voor_anderen(cast, persona, reden):
    traject = integraal_bij_overleg_school(cast)
    with pytest.raises(Geweigerd, match=f"^{re.escape(reden)}$"):
        h.stap(traject, cast.users[persona], "sot_bijeenroepen")
    assert staat_bij(traject, "overleg_school", 2)


# --- (b) A condition that does not hold -------------------------------------------------------


def test_driegesprek_vraagt_toestemming_voor_externen(cast):
    traject = top_bij_driegesprek(cast)
    driegesprek = h.overleg(traject, cast.directeur_a, driehoek(cast))
    with pytest.raises(ValidationError, match="geen toestemming gegeven om externen te betrekken"):
        h.besluit(driegesprek, cast.directeur_a, "aanpak_op_school")
    driegesprek.refresh_from_db()
    assert driegesprek.status == "gepland" and not Besluitvorming.objects.exists()
    assert staat_bij(traject, "driegesprek", 3)


def test_po2001_vraagt_een_vastgesteld_opp_voor_de_rvz(cast):
    traject = h.start(cast, "ondersteuningsroute-po2001", actor=cast.ib_a)
    with pytest.raises(ValidationError, match="Er is geen vastgesteld OPP dat nu geldt."):
        h.stap(traject, cast.ib_a, "rvz_informeren")
    assert staat_bij(traject, "opp_opstellen", 1)
    traject.refresh_from_db()
    assert traject.niveau == "school"


# --- (c) Meerderheid: quorum and majority ------------------------------------------------------


def test_meerderheid_zonder_quorum(cast, client):
    traject = vpi_bij_commissie(cast, client)
    tlv = h.overleg(traject, cast.commissielid, commissie(cast, leden=3))
    # One voting member is absent; the two present experts do not vote.
    afwezig = tlv.deelnemers.get(naam="Lid 3")
    standpunten = {
        d.pk: {"aanwezig": d != afwezig, "standpunt": "akkoord", "advies": ADVIEZEN.get(d.naam, "")}
        for d in tlv.deelnemers.all()
    }
    with pytest.raises(ValidationError, match=re.escape("Het quorum is niet gehaald: 2 stemgerechtigde leden")):
        services.overleg_besluit(
            actor=cast.commissielid, overleg=tlv, uitkomst="tlv_afgeven", motivatie="Akkoord.", standpunten=standpunten
        )
    assert staat_bij(traject, "tlv_commissie", 6)


def test_meerderheid_zonder_meerderheid(cast, client):
    traject = vpi_bij_commissie(cast, client)
    tlv = h.overleg(traject, cast.commissielid, commissie(cast, leden=4))
    gelijk = {"Lid 3": "niet_akkoord", "Lid 4": "onthouding"}
    with pytest.raises(ValidationError, match=re.escape("Geen meerderheid: 2 van de 4 stemgerechtigde leden akkoord.")):
        h.besluit(tlv, cast.commissielid, "tlv_afgeven", gelijk, ADVIEZEN)
    assert staat_bij(traject, "tlv_commissie", 6)
    # Nothing was saved, so the commission records its decision again: three of four in favour.
    h.besluit(tlv, cast.commissielid, "tlv_afgeven", {"Lid 4": "niet_akkoord"}, ADVIEZEN)
    assert staat_bij(traject, "plaatsing", 7)


# --- (d) Alle partijen ------------------------------------------------------------------------


def test_alle_partijen_zonder_akkoord_van_de_ouders(cast):
    traject = top_bij_driegesprek(cast)
    h.toestemming_extern(cast)
    driegesprek = h.overleg(traject, cast.directeur_a, driehoek(cast))
    with pytest.raises(ValidationError, match="De partij ‘ouders’ is niet akkoord."):
        h.besluit(driegesprek, cast.directeur_a, "aanpak_op_school", {"Ouders van Ryan": "niet_akkoord"})
    assert staat_bij(traject, "driegesprek", 3)


def test_alle_partijen_zonder_de_sbo_school(cast):
    traject = top_bij_driegesprek(cast)
    h.toestemming_extern(cast)
    zonder_so = h.overleg(traject, cast.directeur_a, driehoek(cast)[:2])
    with pytest.raises(ValidationError, match="De partij ‘S\\(B\\)O-school’ is niet vertegenwoordigd"):
        h.besluit(zonder_so, cast.directeur_a, "aanpak_op_school")
    assert staat_bij(traject, "driegesprek", 3)


# --- (e) An external, until the end date --------------------------------------------------------


def test_externe_betrokkene_zet_de_stap_tot_de_einddatum(cast):
    traject = extern_traject(cast)
    h.toestemming_extern(cast)
    services.betrokkene_add(
        actor=cast.ib_a,
        traject=traject,
        naam="Jeugdarts",
        partij="extern",
        gebruiker=cast.extern_uitgenodigd,
        geldig_tot=vandaag() + timedelta(days=30),
    )
    h.stap(traject, cast.extern_uitgenodigd, "advies_gegeven")
    assert h.geschiedenis(traject)[-1] == ("extern", "advies", "advies_gegeven", "afronden")


def test_externe_alleen_met_toestemming_en_een_einddatum_vanaf_vandaag(cast):
    traject = extern_traject(cast)
    externe = {"actor": cast.ib_a, "traject": traject, "naam": "Jeugdarts", "partij": "extern"}
    with pytest.raises(ValidationError, match="geen toestemming gegeven om externen te betrekken"):
        services.betrokkene_add(**externe, gebruiker=cast.extern_uitgenodigd, geldig_tot=vandaag() + timedelta(days=30))
    h.toestemming_extern(cast)
    with pytest.raises(ValidationError) as fout:
        services.betrokkene_add(**externe, gebruiker=cast.extern_uitgenodigd, geldig_tot=vandaag() - timedelta(days=1))
    assert fout.value.message_dict == {"geldig_tot": ["Kies een einddatum vanaf vandaag en binnen een jaar."]}
    assert not traject.betrokkenen.exists()


def verlopen_externe(cast, traject):
    """The service refuses an end date in the past, so the expired involvement is made directly."""
    h.toestemming_extern(cast)
    return Betrokkene.objects.create(
        traject=traject,
        gebruiker=cast.extern_uitgenodigd,
        naam="Jeugdarts",
        partij="extern",
        geldig_tot=vandaag() - timedelta(days=1),
        toegevoegd_door=cast.ib_a,
    ).geldig_tot


def test_verlopen_externe_wordt_geweigerd(cast):
    traject = extern_traject(cast)
    gisteren = verlopen_externe(cast, traject)
    with pytest.raises(Geweigerd, match=f"verlopen op {gisteren:%d-%m-%Y}"):
        h.stap(traject, cast.extern_uitgenodigd, "advies_gegeven")
    assert staat_bij(traject, "advies", 1)


# --- (f) A meeting's outcome needs the meeting -------------------------------------------------


def test_uitkomst_van_een_overleg_niet_zonder_besluit(cast):
    traject = top_bij_driegesprek(cast)
    h.toestemming_extern(cast)
    with pytest.raises(ValidationError, match="volgt uit het besluit van het overleg .*leg dat besluit vast"):
        h.stap(traject, cast.directeur_a, "aanpak_op_school", "We zijn het eens.")
    assert staat_bij(traject, "driegesprek", 3)


def test_besluit_van_een_beslisser_vraagt_een_motivering(cast):
    traject = h.start(cast, "vpi")
    with pytest.raises(ValidationError, match="Geef de motivering van dit besluit."):
        h.stap(traject, cast.leerkracht_a, "vpi_invullen")
    assert staat_bij(traject, "signalering", 1)


# --- (g) A closed traject ---------------------------------------------------------------------


def test_afgesloten_traject_gaat_niet_meer_verder(cast):
    traject = h.start(cast, "top")
    h.stap(traject, cast.leerkracht_a, "afsluiten")
    with pytest.raises(ValidationError, match="Dit traject is afgesloten."):
        traject_advance(actor=cast.directeur_a, traject=traject, van_stap="signalering", uitkomst="ib_laten_meekijken")
    traject.refresh_from_db()
    assert traject.status == Traject.Status.AFGESLOTEN and traject.gebeurtenissen.count() == 2


# --- (h) Every Geweigerd is audited -------------------------------------------------------------


def geweigerd_gelogd(traject, reden: str) -> bool:
    return AuditEvent.objects.filter(
        action="access_denied", result="denied", object_id=str(traject.pk), reason=reden
    ).exists()


@pytest.mark.parametrize(("persona", "reden"), NIET_VOOR_JOU)
def test_weigering_wordt_gelogd(cast, persona, reden):
    traject = integraal_bij_overleg_school(cast)
    with pytest.raises(Geweigerd):
        h.stap(traject, cast.users[persona], "sot_bijeenroepen")
    assert geweigerd_gelogd(traject, reden)


def test_weigering_van_een_verlopen_externe_wordt_gelogd(cast):
    traject = extern_traject(cast)
    gisteren = verlopen_externe(cast, traject)
    with pytest.raises(Geweigerd):
        h.stap(traject, cast.extern_uitgenodigd, "advies_gegeven")
    assert geweigerd_gelogd(traject, f"Uw betrokkenheid bij dit traject is verlopen op {gisteren:%d-%m-%Y}.")


def test_weigering_tijdens_een_verzoek_wordt_gelogd_als_het_antwoord_vertrekt(cast):
    """In a request the denial waits for the response (AuditContextMiddleware), past the rollback."""
    traject = integraal_bij_overleg_school(cast)
    verzoek = RequestFactory().post("/trajecten/")
    verzoek.user = cast.ouder
    token = audit.bind_request(verzoek)
    try:
        with pytest.raises(Geweigerd):
            h.stap(traject, cast.ouder, "sot_bijeenroepen")
        audit.flush_denials(verzoek, 403)
    finally:
        audit.unbind_request(token)
    assert geweigerd_gelogd(traject, "Deze stap is voor: intern begeleider. U bent hier ouder / verzorger.")


def test_the_decision_of_a_meeting_that_has_not_been_held_is_refused(cast):
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    traject.refresh_from_db()
    overmorgen = timezone.now() + timedelta(days=2)
    lb = services.overleg_plan(
        actor=cast.ib_a,
        traject=traject,
        datum=overmorgen,
        deelnemers=[{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}],
    )
    with pytest.raises(ValidationError, match=f"Dit overleg is gepland op {timezone.localdate(overmorgen):%d-%m-%Y}"):
        h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    lb.refresh_from_db()
    assert lb.status == "gepland" and not hasattr(lb, "besluitvorming")
