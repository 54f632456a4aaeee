"""Every preset other than HGA walked the way its narrative tells it, actor by actor.

TOP, VPI and IVO follow Ryan in seed 003 (steps 2 to 7 of each scenario); the schoolarrangement
follows seed 000, integraal arrangeren seed 001, the five support levels seed 002 and the
ondersteuningsroute of SWV PO 20.01 seed 004. Each walk asserts the whole history (role, from,
outcome, to), which transitions a meeting decided, and the moment the pupil comes into view of
the board, the deelverband or the partnership.
"""

import pytest
from django.core.exceptions import ValidationError

from passend.accounts.roles import Rol
from passend.core.authz import can
from passend.dossier.services import bijdragen_save
from passend.matching.services import behoefteprofiel_vaststellen
from passend.trajecten import services
from passend.trajecten.models import Traject
from tests.dossier.test_handelingsplan import maak_plan
from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld
from tests.instrumenten.helpers import afgeronde_afname
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def ziet_ryan(user, cast) -> bool:
    return can(user, "leerlingen.view", cast.leerling_a)


def besluiten(traject) -> list[tuple[str, str]]:
    """(outcome, meeting type) of every transition a meeting's recorded decision took."""
    return [(g.uitkomst, g.overleg.soort) for g in traject.gebeurtenissen.exclude(overleg=None)]


def is_afgesloten(traject) -> bool:
    traject.refresh_from_db()
    return traject.status == Traject.Status.AFGESLOTEN and traject.stap is None and traject.afgesloten_op is not None


def commissie(cast) -> list[dict]:
    """Three voting members; two are experts from the partnership's pool with their own advice."""
    ortho = h.deskundige(cast, "Orthopedagoog van de commissie", "orthopedagoog")
    arts = h.deskundige(cast, "Jeugdarts van de commissie", "jeugdarts")
    return [
        {"naam": "Voorzitter", "partij": "swv", "gebruiker": cast.commissielid, "stemgerechtigd": True},
        {"naam": "Orthopedagoog", "partij": "swv", "deskundige": ortho, "stemgerechtigd": True},
        {"naam": "Jeugdarts", "partij": "swv", "deskundige": arts, "stemgerechtigd": True},
    ]


COMMISSIE_ADVIEZEN = {
    "Orthopedagoog": "Ryan heeft een kleine setting met veel structuur nodig.",
    "Jeugdarts": "De vermoeidheid vraagt rustmomenten; geen medische belemmering voor de plaatsing.",
}


def esther(cast):
    return {"naam": "Juf Esther", "partij": "school", "gebruiker": cast.leerkracht_a}


def ouders(cast):
    return {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder}


# --- Seed 003: TOP-initiatief ----------------------------------------------------------------


def test_top_ryan(cast, client):
    traject = h.start(cast, "top")  # juf Esther is handelingsverlegen
    # She talks it over with the parents and Vincent, who advises to let Karin look in the class.
    h.stap(traject, cast.directeur_a, "ib_laten_meekijken")
    # The parents' tips do not help; after Karin's observation Esther, the parents and Vincent
    # decide to ask Marleen of the SO for advice.
    h.stap(traject, cast.directeur_a, "advies_so_vragen")
    h.toestemming_extern(cast)
    vincent = {"naam": "Vincent", "partij": "school", "gebruiker": cast.directeur_a}
    driehoek = [esther(cast), vincent, ouders(cast), {"naam": "Marleen", "partij": "sbo_so", "functie": "SO"}]
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "aanpak_op_school")
    # Marleen's exercises hardly help: in the triangle they decide on a year in the SO.
    h.stap(traject, cast.leerkracht_a, "plaatsing_overwegen")
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "ontvangende_school_benaderen")
    # Rianne of the Kaleidoscoop observes Ryan twice: they can answer his need.
    h.stap(traject, cast.directeur_a, "kan_hulpvraag_beantwoorden")
    assert not ziet_ryan(cast.trajectbegeleider, cast) and not ziet_ryan(cast.commissielid, cast)
    rianne = {"naam": "Rianne", "partij": "sbo_so", "functie": "Kaleidoscoop"}
    # The OPP is discussed in the triangle; Vincent draws up and signs the TLV application.
    opp_vastgesteld(client, cast)
    tlv = h.aanvraag(traject, cast.directeur_a, "tlv_so", directeur=cast.directeur_a)
    overeenkomst = h.overleg(traject, cast.directeur_a, [vincent, ouders(cast), rianne])
    h.besluit(overeenkomst, cast.directeur_a, "indienen")  # Vincent hands in the agreement
    tlv.refresh_from_db()
    assert tlv.status == "ingediend" and tlv.ingediend_door == cast.directeur_a
    assert ziet_ryan(cast.trajectbegeleider, cast) and ziet_ryan(cast.commissielid, cast)
    # Lineke checks with all three parties; two experts advise; the partnership gives the TLV.
    with pytest.raises(ValidationError, match="deskundigenadvies is niet compleet"):
        h.stap(traject, cast.trajectbegeleider, "tlv_afgeven", "Alle drie de partijen staan achter de plaatsing.")
    h.deskundigenadviezen(traject, cast.trajectbegeleider)
    h.stap(traject, cast.trajectbegeleider, "tlv_afgeven", "Alle drie de partijen staan achter de plaatsing.")
    # Geert, IB'er of the Kaleidoscoop, follows Ryan there and evaluates after half a year.
    services.betrokkene_add(
        actor=cast.directeur_a,
        traject=traject,
        naam="Geert",
        functie="IB Kaleidoscoop",
        partij="sbo_so",
        gebruiker=cast.ib_b,
    )
    h.stap(traject, cast.ib_b, "halfjaarevaluatie")
    geert = {"naam": "Geert", "partij": "sbo_so", "gebruiker": cast.ib_b}
    evaluatie = h.overleg(traject, cast.ib_b, [geert, esther(cast), vincent, ouders(cast)])
    h.besluit(evaluatie, cast.ib_b, "terugkeer_voorbereiden")
    h.stap(traject, cast.directeur_a, "afsluiten")  # back at the Zonnebloem, observed twice by Geert

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "signalering"),
        (Rol.DIRECTEUR, "signalering", "ib_laten_meekijken", "observatie_ib"),
        (Rol.DIRECTEUR, "observatie_ib", "advies_so_vragen", "driegesprek"),
        (Rol.DIRECTEUR, "driegesprek", "aanpak_op_school", "aanpak_op_school"),
        (Rol.LEERKRACHT, "aanpak_op_school", "plaatsing_overwegen", "plaatsing_afspreken"),
        (Rol.DIRECTEUR, "plaatsing_afspreken", "ontvangende_school_benaderen", "observatie_ontvangende_school"),
        (Rol.DIRECTEUR, "observatie_ontvangende_school", "kan_hulpvraag_beantwoorden", "overeenkomst"),
        (Rol.DIRECTEUR, "overeenkomst", "indienen", "bevestiging_swv"),
        (Rol.TRAJECTBEGELEIDER, "bevestiging_swv", "tlv_afgeven", "tijdelijke_plaatsing"),
        (Rol.IB, "tijdelijke_plaatsing", "halfjaarevaluatie", "evaluatie"),
        (Rol.IB, "evaluatie", "terugkeer_voorbereiden", "terugkeer"),
        (Rol.DIRECTEUR, "terugkeer", "afsluiten", "einde"),
    ]
    assert besluiten(traject) == [
        ("aanpak_op_school", "driegesprek"),
        ("ontvangende_school_benaderen", "driegesprek"),
        ("indienen", "driegesprek"),
        ("terugkeer_voorbereiden", "evaluatie"),
    ]
    assert {s["partij"] for s in overeenkomst.besluitvorming.standpunten} == {"school", "ouders", "sbo_so"}
    assert h.besluit_van(traject) == [("toegekend", "Bevestigd; toelaatbaarheidsverklaring afgeven")]


# --- Seed 003: Vraagprofiel Instrument ---------------------------------------------------------


def test_vpi_ryan(cast, client):
    traject = h.start(cast, "vpi")
    # Esther no longer knows how to help Ryan on: her signal to fill in the VPI.
    h.stap(traject, cast.leerkracht_a, "vpi_invullen", "Het aanbod sluit niet meer aan bij wat Ryan nodig heeft.")
    afgeronde_afname(cast)  # the VPI: the eight areas scored and the support actions
    h.stap(traject, cast.leerkracht_a, "bespreken")
    # Together with Karin the profile becomes a concrete approach, which Esther offers herself.
    bespreking = h.overleg(
        traject, cast.ib_a, [esther(cast), {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a}, ouders(cast)]
    )
    h.besluit(bespreking, cast.ib_a, "aanpak_bieden")
    h.stap(traject, cast.leerkracht_a, "verwijzing_nodig")  # four months on, too little progress
    assert not ziet_ryan(cast.commissielid, cast)
    opp_vastgesteld(client, cast)
    h.aanvraag(traject, cast.ib_a, "tlv_sbo", directeur=cast.directeur_a)
    h.stap(traject, cast.ib_a, "aanmelden")  # the VPI serves as the onderwijskundig rapport
    assert ziet_ryan(cast.commissielid, cast)
    tlv = h.overleg(traject, cast.commissielid, commissie(cast))
    h.besluit(tlv, cast.commissielid, "tlv_afgeven", adviezen=COMMISSIE_ADVIEZEN)
    h.stap(traject, cast.ib_a, "afsluiten")  # Ryan is handed over to the Palet

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "signalering"),
        (Rol.LEERKRACHT, "signalering", "vpi_invullen", "vpi_invullen"),
        (Rol.LEERKRACHT, "vpi_invullen", "bespreken", "vpi_bespreken"),
        (Rol.IB, "vpi_bespreken", "aanpak_bieden", "aanpak_bieden"),
        (Rol.LEERKRACHT, "aanpak_bieden", "verwijzing_nodig", "aanmelden_commissie"),
        (Rol.IB, "aanmelden_commissie", "aanmelden", "tlv_commissie"),
        (Rol.COMMISSIELID, "tlv_commissie", "tlv_afgeven", "plaatsing"),
        (Rol.IB, "plaatsing", "afsluiten", "einde"),
    ]
    assert besluiten(traject) == [("aanpak_bieden", "leerlingbespreking"), ("tlv_afgeven", "tlv_commissie")]


# --- Seed 003: Indiceren vanuit ondersteuningsbehoeften ----------------------------------------


def test_ivo_ryan(cast):
    traject = h.start(cast, "ivo")
    assert not ziet_ryan(cast.trajectbegeleider, cast)
    # Esther talks with the parents, keeps worrying and contacts Simone of the IVO-commissie.
    h.stap(traject, cast.leerkracht_a, "trajectbegeleider_inschakelen")
    assert ziet_ryan(cast.trajectbegeleider, cast)
    h.stap(traject, cast.trajectbegeleider, "ivo_procedure_starten", "De school kan dit niet op eigen kracht.")
    traject.refresh_from_db()
    services.casusregisseur_set(actor=cast.trajectbegeleider, traject=traject, gebruiker=cast.trajectbegeleider)
    # Esther and the parents fill in the formulier onderwijsbehoeften and ask Ryan what helps him;
    # without the parents' own view Simone cannot pass the dossier on.
    h.aanvraag(traject, cast.leerkracht_a, "extra_ondersteuning")
    h.stap(traject, cast.leerkracht_a, "compleet")
    # Simone sums the information up on the five fields.
    behoefteprofiel_vaststellen(
        actor=cast.trajectbegeleider,
        leerling=cast.leerling_a,
        traject=traject,
        niveaus={"aandacht_tijd": 3, "materiaal": 3, "ruimte": 2, "expertise": 3, "samenwerking": 1},
    )
    with pytest.raises(ValidationError, match="De ouders zijn nog niet gehoord"):
        h.stap(traject, cast.trajectbegeleider, "voorleggen", "Compleet.")
    bijdragen_save(
        actor=cast.ouder,
        leerling=cast.leerling_a,
        teksten={"verwachtingen": "Hij is nog jong; met wat meer rust en taal komt hij er wel."},
    )
    # Simone checks the information is complete.
    h.stap(traject, cast.trajectbegeleider, "voorleggen", "Compleet; samengevat op de vijf velden.")
    ivo = h.overleg(traject, cast.commissielid, commissie(cast))
    h.besluit(ivo, cast.commissielid, "aanvullend_arrangement")  # three mornings a week at the Catamaran
    h.stap(traject, cast.trajectbegeleider, "evalueren")
    gesprek = [
        esther(cast),
        {"naam": "Expertleerkracht", "partij": "school", "functie": "Catamaran"},
        ouders(cast),
        {"naam": "Simone", "partij": "swv", "gebruiker": cast.trajectbegeleider},
    ]
    h.besluit(h.overleg(traject, cast.trajectbegeleider, gesprek), cast.trajectbegeleider, "voortzetten")
    h.stap(traject, cast.trajectbegeleider, "evalueren")  # at the end of the year
    h.besluit(h.overleg(traject, cast.trajectbegeleider, gesprek), cast.trajectbegeleider, "afsluiten")

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "signalering"),
        (Rol.LEERKRACHT, "signalering", "trajectbegeleider_inschakelen", "ivo_advies"),
        (Rol.TRAJECTBEGELEIDER, "ivo_advies", "ivo_procedure_starten", "onderwijsbehoeften_verzamelen"),
        (Rol.LEERKRACHT, "onderwijsbehoeften_verzamelen", "compleet", "dossier_controleren"),
        (Rol.TRAJECTBEGELEIDER, "dossier_controleren", "voorleggen", "ivo_commissie"),
        (Rol.COMMISSIELID, "ivo_commissie", "aanvullend_arrangement", "arrangement_bieden"),
        (Rol.TRAJECTBEGELEIDER, "arrangement_bieden", "evalueren", "evaluatie"),
        (Rol.TRAJECTBEGELEIDER, "evaluatie", "voortzetten", "arrangement_bieden"),
        (Rol.TRAJECTBEGELEIDER, "arrangement_bieden", "evalueren", "evaluatie"),
        (Rol.TRAJECTBEGELEIDER, "evaluatie", "afsluiten", "einde"),
    ]
    assert besluiten(traject) == [
        ("aanvullend_arrangement", "ivo_commissie"),
        ("voortzetten", "evaluatie"),
        ("afsluiten", "evaluatie"),
    ]
    assert h.besluit_van(traject) == [("toegekend", "Match na een aanvullend arrangement")]


# --- Seed 000: schoolarrangement and specialistische expertise ---------------------------------


def test_swv_specialistische_expertise_voor_een_leerling(cast):
    teamleider = h.staf(cast, "teamleider", Rol.TEAMLEIDER)
    specialist = h.staf(cast, "specialist", Rol.DESKUNDIGE)
    traject = h.start(cast, "swv-schoolarrangement", actor=cast.ib_a, vraag="Ryan heeft DCD: wat helpt hem in de klas?")
    # After talking with the trajectbegeleider and the parents, Karin applies for expertise on DCD.
    h.stap(traject, cast.ib_a, "specialistische_expertise")
    assert not ziet_ryan(teamleider, cast)
    h.aanvraag(traject, cast.ib_a, "specialistische_expertise")
    h.stap(traject, cast.ib_a, "indienen")
    assert ziet_ryan(teamleider, cast)
    h.stap(traject, cast.trajectbegeleider, "accorderen", "Een vraag op het thema DCD: specialistische expertise.")
    # The teamleider grants the expertise and picks the specialist who can offer it.
    assert not ziet_ryan(specialist, cast)
    services.betrokkene_add(
        actor=teamleider, traject=traject, naam="Specialist motoriek", partij="swv", gebruiker=specialist
    )
    assert ziet_ryan(specialist, cast)
    h.stap(traject, teamleider, "toekennen", "Toegekend: de specialist motoriek begeleidt school en leerkracht.")
    h.stap(traject, specialist, "afronden")

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.IB, "", "", "ondersteuningsvraag"),
        (Rol.IB, "ondersteuningsvraag", "specialistische_expertise", "aanvraag_expertise"),
        (Rol.IB, "aanvraag_expertise", "indienen", "accorderen"),
        (Rol.TRAJECTBEGELEIDER, "accorderen", "accorderen", "toekennen"),
        (Rol.TEAMLEIDER, "toekennen", "toekennen", "uitvoeren"),
        (Rol.DESKUNDIGE, "uitvoeren", "afronden", "einde"),
    ]
    assert h.besluit_van(traject) == [("toegekend", "Expertise toekennen en specialist toewijzen")]


def test_swv_schoolarrangement_voor_het_team_zonder_leerling(cast):
    teamleider = h.staf(cast, "teamleider", Rol.TEAMLEIDER)
    specialist = h.staf(cast, "specialist", Rol.DESKUNDIGE)
    traject = services.traject_start(
        actor=cast.ib_a,
        route=h.route(cast, "swv-schoolarrangement"),
        school=cast.school_a,
        onderwerp="team",
        signaal={**h.SIGNAAL, "door": "ib", "reden": "schoolvraag"},
        vraag="Veel leerlingen met extra ondersteuningsbehoeften in de onderbouw: hoe versterken we het team?",
    )
    assert traject.leerling is None and traject.onderwerp == "team"
    assert not can(teamleider, "trajecten.view", traject)
    # Vincent sends the team's question to the trajectbegeleider as a request for a schoolarrangement.
    h.aanvraag(traject, cast.directeur_a, "schoolarrangement")
    h.stap(traject, cast.directeur_a, "schoolarrangement")
    traject.refresh_from_db()
    assert can(teamleider, "trajecten.view", traject)
    # Director and IB'er set the goals with the trajectbegeleider, who brings in the best specialist.
    ot = h.overleg(
        traject,
        cast.trajectbegeleider,
        [
            {"naam": "Vincent", "partij": "school", "gebruiker": cast.directeur_a},
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            {"naam": "Simone", "partij": "swv", "gebruiker": cast.trajectbegeleider},
        ],
    )
    h.besluit(ot, cast.trajectbegeleider, "specialist_inschakelen")
    services.betrokkene_add(
        actor=cast.trajectbegeleider,
        traject=traject,
        naam="Ondersteuningsspecialist",
        partij="swv",
        gebruiker=specialist,
    )
    # The schoolarrangement is not enough: expertise on a theme is needed, and the chain
    # IB'er, trajectbegeleider, teamleider approves it.
    h.stap(traject, cast.trajectbegeleider, "omzetten_expertise")
    h.aanvraag(
        traject, cast.ib_a, "specialistische_expertise", ondersteuningsvraag="Expertise op gedrag voor het team."
    )
    h.stap(traject, cast.ib_a, "indienen")
    h.stap(traject, cast.trajectbegeleider, "accorderen", "Specialistische expertise op het thema gedrag.")
    h.stap(traject, teamleider, "toekennen", "Toegekend aan de specialist gedrag.")
    h.stap(traject, specialist, "afronden")

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.IB, "", "", "ondersteuningsvraag"),
        (Rol.DIRECTEUR, "ondersteuningsvraag", "schoolarrangement", "doelen_bepalen"),
        (Rol.TRAJECTBEGELEIDER, "doelen_bepalen", "specialist_inschakelen", "uitvoeren"),
        (Rol.TRAJECTBEGELEIDER, "uitvoeren", "omzetten_expertise", "aanvraag_expertise"),
        (Rol.IB, "aanvraag_expertise", "indienen", "accorderen"),
        (Rol.TRAJECTBEGELEIDER, "accorderen", "accorderen", "toekennen"),
        (Rol.TEAMLEIDER, "toekennen", "toekennen", "uitvoeren"),
        (Rol.DESKUNDIGE, "uitvoeren", "afronden", "einde"),
    ]
    assert besluiten(traject) == [("specialist_inschakelen", "ot")]
    # Two decisions: the schoolarrangement, then the specialist expertise it was switched to.
    assert h.besluit_van(traject) == [
        ("toegekend", "Ondersteuningsspecialist inschakelen"),
        ("toegekend", "Expertise toekennen en specialist toewijzen"),
    ]


# --- Seed 001: integraal arrangeren ------------------------------------------------------------


def test_integraal_arrangeren(cast):
    traject = h.start(cast, "integraal-arrangeren")
    # Teacher, parents and Ryan find no solution together; the parents involve the IB'er.
    h.stap(traject, cast.ouder, "ib_betrekken")
    h.stap(traject, cast.ib_a, "sot_bijeenroepen")
    h.toestemming_extern(cast)
    ppo = h.deskundige(cast, "Orthopedagoog PPO", "orthopedagoog")
    jgz = h.deskundige(cast, "Jeugdarts JGZ", "jeugdarts")
    sot = h.overleg(
        traject,
        cast.ib_a,
        [
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            esther(cast),
            ouders(cast),
            {"naam": "Ryan", "partij": "leerling"},
            {"naam": "Orthopedagoog PPO", "partij": "extern", "deskundige": ppo},
            {"naam": "Jeugdarts JGZ", "partij": "jeugdhulp", "deskundige": jgz},
        ],
    )
    assert not ziet_ryan(cast.commissielid, cast)
    adviezen = {
        "Orthopedagoog PPO": "Extra begeleiding in een klein groepje, drie ochtenden per week.",
        "Jeugdarts JGZ": "Rustmomenten inbouwen; de gemeente kan thuisbegeleiding toevoegen.",
    }
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    h.besluit(sot, cast.ib_a, "aanvraag_extra_ondersteuning", adviezen=adviezen)
    assert ziet_ryan(cast.commissielid, cast)
    h.besluit(h.overleg(traject, cast.commissielid, commissie(cast)), cast.commissielid, "toekennen")
    h.stap(traject, cast.ib_a, "afsluiten")  # evaluated together: the plan worked

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "iets_anders_nodig"),
        (Rol.OUDER, "iets_anders_nodig", "ib_betrekken", "overleg_school"),
        (Rol.IB, "overleg_school", "sot_bijeenroepen", "sot"),
        (Rol.IB, "sot", "aanvraag_extra_ondersteuning", "commissie"),
        (Rol.COMMISSIELID, "commissie", "toekennen", "evaluatie"),
        (Rol.IB, "evaluatie", "afsluiten", "einde"),
    ]
    assert besluiten(traject) == [("aanvraag_extra_ondersteuning", "sot"), ("toekennen", "tlv_commissie")]
    assert h.besluit_van(traject) == [("toegekend", "Toekennen")]


# --- Seed 002: vijf ondersteuningsniveaus ------------------------------------------------------


def test_vijf_niveaus(cast, client):
    traject = h.start(cast, "vijf-niveaus")
    h.stap(traject, cast.leerkracht_a, "naar_niveau_2")
    maak_plan(cast)  # the teacher describes her approach in a handelingsplan and evaluates it
    h.stap(traject, cast.leerkracht_a, "naar_niveau_3")
    # Karin starts a groeidocument, the parents add to it and consent to talking with externals.
    bijdragen_save(actor=cast.ib_a, leerling=cast.leerling_a, teksten={"aanleiding": "Leest ver onder niveau."})
    bijdragen_save(actor=cast.ouder, leerling=cast.leerling_a, teksten={"thuissituatie": "Thuis lezen we samen."})
    h.toestemming_extern(cast)
    h.stap(traject, cast.ib_a, "naar_niveau_4")
    opp_vastgesteld(client, cast)  # a pupil with an arrangement gets an OPP
    ppo = h.deskundige(cast, "Specialist PPO", "orthopedagoog")
    aed = h.deskundige(cast, "Ambulant begeleider AED", "pedagoog")
    ot = h.overleg(
        traject,
        cast.ib_a,
        [
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            esther(cast),
            ouders(cast),
            {"naam": "Specialist PPO", "partij": "extern", "deskundige": ppo},
            {"naam": "Ambulant begeleider AED", "partij": "extern", "deskundige": aed},
        ],
    )
    adviezen = {
        "Specialist PPO": "De onderwijsbehoeften vragen een speciale setting.",
        "Ambulant begeleider AED": "Ondanks de ingezette hulp te weinig afstemming mogelijk in de groep.",
    }
    h.besluit(ot, cast.ib_a, "naar_niveau_5", adviezen=adviezen)
    assert not ziet_ryan(cast.commissielid, cast)
    h.aanvraag(traject, cast.directeur_a, "tlv_sbo", directeur=cast.directeur_a)
    h.stap(traject, cast.directeur_a, "tlv_aanvragen")  # after Karin helped the parents find a school
    assert ziet_ryan(cast.commissielid, cast)
    h.besluit(h.overleg(traject, cast.commissielid, commissie(cast)), cast.commissielid, "toekennen")

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "niveau_1"),
        (Rol.LEERKRACHT, "niveau_1", "naar_niveau_2", "niveau_2"),
        (Rol.LEERKRACHT, "niveau_2", "naar_niveau_3", "niveau_3"),
        (Rol.IB, "niveau_3", "naar_niveau_4", "niveau_4"),
        (Rol.IB, "niveau_4", "naar_niveau_5", "niveau_5"),
        (Rol.DIRECTEUR, "niveau_5", "tlv_aanvragen", "tlv_aanvraag"),
        (Rol.COMMISSIELID, "tlv_aanvraag", "toekennen", "einde"),
    ]
    assert besluiten(traject) == [("naar_niveau_5", "ot"), ("toekennen", "tlv_commissie")]
    assert h.besluit_van(traject) == [("toegekend", "Toelaatbaarheidsverklaring afgeven")]


# --- Seed 004: ondersteuningsroute SWV PO 20.01 ------------------------------------------------


def test_ondersteuningsroute_po2001(cast, client):
    coordinator = h.staf(cast, "coordinator", Rol.COORDINATOR, deelverband=cast.deelverband)
    management = h.staf(cast, "management", Rol.SWV_MANAGEMENT)
    traject = h.start(cast, "ondersteuningsroute-po2001", actor=cast.ib_a)
    opp_vastgesteld(client, cast)  # IB'er and teacher draw up the OPP with the parents
    assert not ziet_ryan(cast.rvz, cast)
    h.stap(traject, cast.ib_a, "rvz_informeren")  # the school's leadership informs the RVZ
    assert ziet_ryan(cast.rvz, cast) and not ziet_ryan(coordinator, cast)
    h.stap(traject, cast.rvz, "verdiepte_analyse")
    h.stap(traject, cast.rvz, "mpo_organiseren")
    ortho = h.deskundige(cast, "Orthopedagoog", "orthopedagoog")
    mpo = h.overleg(
        traject,
        cast.rvz,
        [
            {"naam": "RVZ", "partij": "school", "functie": "regievoerder zorgplicht", "gebruiker": cast.rvz},
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            ouders(cast),
            {"naam": "Orthopedagoog", "partij": "extern", "deskundige": ortho},
        ],
    )
    # Parents and school disagree on the right offer: the RVZ brings an argued file (OPP and
    # the question) to the deelverband's coordinator, without a unanimous decision.
    h.besluit(
        mpo,
        cast.rvz,
        "oneens",
        {"Ouders van Ryan": "niet_akkoord"},
        motivatie="Ouders en school zijn het oneens over het aanbod; dossier met OPP en ondersteuningsvraag.",
    )
    assert ziet_ryan(coordinator, cast)
    assert not ziet_ryan(management, cast) and not ziet_ryan(cast.commissielid, cast)
    # The hand-over needs the OPP and the support question (seed 004); the coordinator draws it up.
    h.aanvraag(traject, coordinator, "overdracht_swv")
    assert not ziet_ryan(management, cast)
    h.stap(traject, coordinator, "overdragen_swv", "Geen passende plek in het deelverband; onderwijsconsulent erbij.")
    assert ziet_ryan(management, cast) and ziet_ryan(cast.commissielid, cast)
    h.stap(traject, management, "plaatsen", "Plaatsing op de observatieplek in het dekkend netwerk.")
    h.stap(traject, cast.ib_a, "afsluiten")

    assert is_afgesloten(traject)
    assert h.geschiedenis(traject) == [
        (Rol.IB, "", "", "opp_opstellen"),
        (Rol.IB, "opp_opstellen", "rvz_informeren", "rvz"),
        (Rol.RVZ, "rvz", "verdiepte_analyse", "verdiepte_analyse"),
        (Rol.RVZ, "verdiepte_analyse", "mpo_organiseren", "mpo"),
        (Rol.RVZ, "mpo", "oneens", "coordinator"),
        (Rol.COORDINATOR, "coordinator", "overdragen_swv", "swv_management"),
        (Rol.SWV_MANAGEMENT, "swv_management", "plaatsen", "uitvoeren"),
        (Rol.IB, "uitvoeren", "afsluiten", "einde"),
    ]
    assert besluiten(traject) == [("oneens", "mpo")]
    assert [s["standpunt"] for s in mpo.besluitvorming.standpunten] == ["akkoord", "akkoord", "niet_akkoord", "akkoord"]
    assert h.besluit_van(traject) == [
        (
            "toegekend",
            "Plaatsen in het dekkend netwerk (SO/SBO, onderwijszorgarrangement, tussenvoorziening, observatieplek)",
        )
    ]
    assert traject.aanvragen.get().soort == "overdracht_swv"
