"""HGA: Ryan's case, steps 2–5 of seed 003, exactly as the guide tells it."""

import pytest
from django.core.exceptions import ValidationError

from passend.accounts.roles import Rol
from passend.trajecten.models import Traject
from passend.trajecten.services import Geweigerd, traject_advance
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _ryan_tot_mdo(cast):
    traject = h.start(cast, "hga")  # juf Esther signals
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")  # kindbespreking with Karin: tips for the class
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    # Leerlingbespreking: Esther, Karin and Ryan's parents decide together to ask for an MDO.
    lb = h.overleg(
        traject,
        cast.ib_a,
        [
            {"naam": "Juf Esther", "partij": "school", "gebruiker": cast.leerkracht_a},
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder},
        ],
    )
    h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    h.groeidocument_ondertekend(cast)
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")  # the request that goes with it
    h.stap(traject, cast.ib_a, "versturen")  # complete, signed, sent to the Loket
    return traject


def _mdo_deelnemers(cast):
    psycholoog = h.deskundige(cast, "Simone (schoolpsycholoog)", "psycholoog")
    gedrag = h.deskundige(cast, "Gedragsspecialist SBO", "orthopedagoog")
    cjg = h.deskundige(cast, "CJG-medewerker", "maatschappelijk_werker")
    return [
        {"naam": "Juf Esther", "partij": "school", "gebruiker": cast.leerkracht_a},
        {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
        {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder},
        {"naam": "Simone", "partij": "swv", "gebruiker": cast.trajectbegeleider, "deskundige": psycholoog},
        {"naam": "Gedragsspecialist SBO", "partij": "sbo_so", "deskundige": gedrag},
        {"naam": "CJG-medewerker", "partij": "jeugdhulp", "deskundige": cjg},
    ]


ADVIEZEN = {
    "Simone": "Ondersteuning van het hele systeem: Ryan, juf Esther en de ouders.",
    "Gedragsspecialist SBO": "Begeleiding door de gedragsspecialist op school volstaat voorlopig.",
}


def test_ryan_hga_stappen_2_tot_5(cast):
    traject = _ryan_tot_mdo(cast)
    traject.refresh_from_db()
    assert traject.stap.code == "mdo" and traject.niveau == "samenwerkingsverband"
    assert traject.ingediend_op is not None  # the partnership now sees Ryan
    mdo = h.overleg(traject, cast.trajectbegeleider, _mdo_deelnemers(cast))
    assert mdo.soort == "mdo" and "Overzicht" in mdo.agenda and "Uitzicht" in mdo.agenda
    h.besluit(mdo, cast.trajectbegeleider, "arrangement_toewijzen", adviezen=ADVIEZEN)

    traject.refresh_from_db()
    assert traject.stap.code == "arrangement_bieden"
    assert h.geschiedenis(traject) == [
        (Rol.LEERKRACHT, "", "", "signalering"),
        (Rol.LEERKRACHT, "signalering", "aanpak_in_klas", "aanpak_in_klas"),
        (Rol.LEERKRACHT, "aanpak_in_klas", "werkt_onvoldoende", "leerlingbespreking"),
        (Rol.IB, "leerlingbespreking", "mdo_aanvragen", "groeidocument_versturen"),
        (Rol.IB, "groeidocument_versturen", "versturen", "mdo"),
        (Rol.TRAJECTBEGELEIDER, "mdo", "arrangement_toewijzen", "arrangement_bieden"),
    ]
    laatste = traject.gebeurtenissen.last()
    assert laatste.overleg == mdo and laatste.door == cast.trajectbegeleider
    assert [s["standpunt"] for s in mdo.besluitvorming.standpunten] == ["akkoord"] * 6
    # The unanimous MDO decided on the request: a numbered decision with its objection period.
    assert h.besluit_van(traject) == [("toegekend", "Arrangement toewijzen (OA, met jeugdhulp een OJA)")]
    besluit = traject.aanvragen.get().besluit
    assert besluit.overleg == mdo and besluit.gebeurtenis == laatste and besluit.nummer.endswith("-0001")
    assert (besluit.bezwaar_tot - besluit.datum).days == 42


def test_mdo_niet_unaniem_moet_naar_bovenschoolse_commissie(cast):
    traject = _ryan_tot_mdo(cast)
    mdo = h.overleg(traject, cast.trajectbegeleider, _mdo_deelnemers(cast))
    with pytest.raises(ValidationError, match="niet unaniem"):
        h.besluit(mdo, cast.trajectbegeleider, "arrangement_toewijzen", {"Ouders van Ryan": "niet_akkoord"}, ADVIEZEN)
    traject.refresh_from_db()
    mdo.refresh_from_db()
    assert traject.stap.code == "mdo" and mdo.status == "gepland"  # nothing half-saved
    h.besluit(mdo, cast.trajectbegeleider, "voorleggen_commissie", {"Ouders van Ryan": "niet_akkoord"})
    traject.refresh_from_db()
    assert traject.stap.code == "bovenschoolse_commissie"


def test_mdo_besluit_zonder_ondertekend_groeidocument_geweigerd(cast):
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    lb = h.overleg(traject, cast.ib_a, [{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}])
    h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    with pytest.raises(ValidationError, match="niet door ouders en school ondertekend"):
        h.stap(traject, cast.ib_a, "versturen")


def test_arrangement_vraagt_compleet_deskundigenadvies(cast):
    traject = _ryan_tot_mdo(cast)
    mdo = h.overleg(traject, cast.trajectbegeleider, _mdo_deelnemers(cast))
    with pytest.raises(ValidationError, match="deskundigenadvies is niet compleet"):
        h.besluit(mdo, cast.trajectbegeleider, "arrangement_toewijzen", adviezen={"Simone": "Alleen één advies."})


def test_verkeerde_rol_geweigerd(cast):
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    lb = h.overleg(traject, cast.ib_a, [{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}])
    h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    h.groeidocument_ondertekend(cast)
    with pytest.raises(Geweigerd, match="Deze stap is voor: intern begeleider. U bent hier leerkracht"):
        h.stap(traject, cast.leerkracht_a, "versturen")
    # A parent sees the traject but does not act on the school's step.
    with pytest.raises(Geweigerd):
        h.stap(traject, cast.ouder, "versturen")


def test_stap_die_al_gezet_is_wordt_geweigerd(cast):
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    with pytest.raises(ValidationError, match="intussen verder gegaan"):
        traject_advance(actor=cast.ib_a, traject=traject, van_stap="signalering", uitkomst="afsluiten")
    traject.refresh_from_db()
    assert traject.status == Traject.Status.LOPEND and traject.gebeurtenissen.count() == 2
