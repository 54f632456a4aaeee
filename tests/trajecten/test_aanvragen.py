"""Applications and decisions in the engine: what each kind must contain before an outcome submits
it, who reads a concept, the parents' own view and the director's signature, what a move back or
a closing does to it, and the numbered, immutable decision with its letter."""

import shutil
import subprocess
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from passend.core.models import AuditEvent
from passend.core.nummering import besluitnummer
from passend.organisaties.models import Expertisethema
from passend.trajecten import besluitbrief, selectors, services
from passend.trajecten.models import Aanvraag, Besluit, Traject
from tests.datums import Vandaag, los_op
from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld
from tests.gelijktijdig import tegelijk
from tests.trajecten import aanvragen_helpers as ah
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db

ONVOLLEDIG = "De aanvraag is nog niet compleet."
GEEN_OPP = "Er is geen vastgesteld OPP dat nu geldt."
NIET_GETEKEND = "De directeur heeft de aanvraag nog niet ondertekend."
NIET_GEHOORD = (
    "De ouders zijn nog niet gehoord: leg vast wanneer zij zijn geïnformeerd en gehoord, "
    "of laat hen zelf hun zienswijze geven."
)


def _indienen_geweigerd(traject, actor) -> str:
    with pytest.raises(ValidationError) as fout:
        h.stap(traject, actor, "indienen")
    traject.refresh_from_db()
    assert traject.stap.code == "opstellen"
    assert traject.aanvragen.get().status == Aanvraag.Status.CONCEPT
    return fout.value.message_dict["uitkomst"][0]


# --- What each kind must contain ----------------------------------------------------------------


def test_tlv_needs_the_opp_the_parents_heard_and_the_directors_signature(cast, client):
    traject = ah.start(cast)
    tlv = services.aanvraag_create(
        actor=cast.ib_a,
        traject=traject,
        soort="tlv_sbo",
        onderbouwing="Twee jaar arrangement op school; te weinig vooruitgang.",
    )
    assert _indienen_geweigerd(traject, cast.ib_a) == f"{ONVOLLEDIG} {GEEN_OPP} {NIET_GEHOORD} {NIET_GETEKEND}"
    opp_vastgesteld(client, cast)
    assert _indienen_geweigerd(traject, cast.ib_a) == f"{ONVOLLEDIG} {NIET_GEHOORD} {NIET_GETEKEND}"
    services.aanvraag_update(actor=cast.ib_a, aanvraag=tlv, ouders_gehoord_op=timezone.localdate())
    assert _indienen_geweigerd(traject, cast.ib_a) == f"{ONVOLLEDIG} {NIET_GETEKEND}"
    # The checklist the page shows says the same, requirement by requirement.
    tlv.refresh_from_db()
    from passend.trajecten.aanvraageisen import stand

    assert stand(tlv) == [
        ("de ondersteuningsvraag", None),
        ("de onderbouwing: wat is al gedaan en waarom dit nodig is", None),
        ("een vastgesteld OPP", None),
        ("de ouders zijn geïnformeerd en gehoord", None),
        ("ondertekend door de directeur", NIET_GETEKEND),
    ]
    services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=tlv)
    h.stap(traject, cast.ib_a, "indienen")
    tlv.refresh_from_db()
    assert (tlv.status, tlv.ingediend_door, tlv.directeur_akkoord_naam) == (
        Aanvraag.Status.INGEDIEND,
        cast.ib_a,
        cast.directeur_a.naam,
    )


def test_tlv_so_needs_the_funding_category(cast, client):
    opp_vastgesteld(client, cast)
    traject = ah.start(cast)
    tlv = ah.concept(cast, "tlv_so", traject=traject, tlv_categorie="")
    reden = "Kies de gevraagde bekostigingscategorie (laag, midden of hoog)."
    assert _indienen_geweigerd(traject, cast.ib_a) == f"{ONVOLLEDIG} {reden}"
    _tlv, vervallen = services.aanvraag_update(actor=cast.ib_a, aanvraag=tlv, tlv_categorie="hoog")
    assert vervallen  # the director signed the text without a category
    services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=tlv)
    h.stap(traject, cast.ib_a, "indienen")
    assert traject.aanvragen.get().tlv_categorie == "hoog"


def test_specialistische_expertise_needs_its_theme(cast):
    traject = ah.start(cast)
    aanvraag = ah.concept(cast, "specialistische_expertise", traject=traject, expertisethema=None)
    assert _indienen_geweigerd(traject, cast.ib_a) == f"{ONVOLLEDIG} Kies het thema van de gevraagde expertise."
    thema = Expertisethema.objects.get(slug="gedrag")
    services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, expertisethema=thema)
    h.stap(traject, cast.ib_a, "indienen")
    assert traject.aanvragen.get().expertisethema == thema


def test_a_submission_without_an_application_is_refused(cast):
    traject = ah.start(cast)
    with pytest.raises(ValidationError) as fout:
        h.stap(traject, cast.ib_a, "indienen")
    assert fout.value.message_dict == {"uitkomst": ["Stel eerst de aanvraag op (onder ‘Aanvraag’ bij dit traject)."]}


# --- Who reads a concept -------------------------------------------------------------------------


def _ziet(actor, traject, aanvraag) -> bool:
    zichtbaar = aanvraag in selectors.aanvragen_van(actor=actor, traject=traject)
    try:
        selectors.aanvraag_get(actor=actor, traject=traject, pk=aanvraag.pk)
    except Http404:
        assert not zichtbaar
        return False
    assert zichtbaar
    return True


def test_a_concept_is_internal_to_the_school_until_it_is_submitted(cast):
    traject = ah.start(cast)
    h.toestemming_extern(cast)
    # The partnership's people and an external are betrokkenen, so they see the traject itself.
    for persona, partij in (("trajectbegeleider", "swv"), ("commissielid", "swv"), ("extern_uitgenodigd", "extern")):
        services.betrokkene_add(
            actor=cast.ib_a,
            traject=traject,
            naam=persona,
            partij=partij,
            gebruiker=cast.users[persona],
            geldig_tot=timezone.localdate() + timedelta(days=30) if partij == "extern" else None,
        )
    aanvraag = ah.concept(cast, traject=traject)
    traject.refresh_from_db()
    for persona in ("leerkracht_a", "ib_a", "directeur_a", "ouder"):
        assert _ziet(cast.users[persona], traject, aanvraag), persona
    weigeringen = AuditEvent.objects.filter(result="denied", object_type="trajecten.aanvraag").count()
    for persona in ("trajectbegeleider", "commissielid", "extern_uitgenodigd", "ib_b", "leerkracht_andere_groep"):
        assert not _ziet(cast.users[persona], traject, aanvraag), persona
    assert AuditEvent.objects.filter(result="denied", object_type="trajecten.aanvraag").count() == weigeringen + 5

    h.stap(traject, cast.ib_a, "indienen")
    aanvraag.refresh_from_db()
    traject.refresh_from_db()
    for persona in ("trajectbegeleider", "commissielid", "rvz", "ib_a", "ouder", "leerkracht_a"):
        assert _ziet(cast.users[persona], traject, aanvraag), persona
    # An external sees the dossier they were invited to, never the applications.
    assert not _ziet(cast.extern_uitgenodigd, traject, aanvraag)
    assert not _ziet(cast.ib_b, traject, aanvraag)
    assert AuditEvent.objects.filter(action="view", object_type="trajecten.aanvraag", object_id=str(aanvraag.pk))


# --- The parents' view and the director's signature ---------------------------------------------


def test_parents_write_their_own_view_which_the_school_cannot_overwrite(cast):
    aanvraag = ah.concept(cast, zienswijze_ouders="De school schreef: de ouders zijn het eens.")
    assert _ziet(cast.ouder, aanvraag.traject, aanvraag)
    # Only a parent gives the parents' own view.
    for persona in ("ib_a", "directeur_a", "leerkracht_a"):
        with pytest.raises(PermissionDenied):
            services.aanvraag_zienswijze_geven(actor=cast.users[persona], aanvraag=aanvraag, tekst="Namens de ouders.")
    with pytest.raises(ValidationError) as leeg:
        services.aanvraag_zienswijze_geven(actor=cast.ouder, aanvraag=aanvraag, tekst="   ")
    assert leeg.value.message_dict == {"tekst": ["Schrijf uw zienswijze op."]}

    eigen = "Wij willen eerst een half jaar extra begeleiding op de eigen school proberen."
    services.aanvraag_zienswijze_geven(actor=cast.ouder, aanvraag=aanvraag, tekst=eigen)
    aanvraag.refresh_from_db()
    assert (aanvraag.zienswijze_ouders, aanvraag.zienswijze_door_ouder, aanvraag.ouders_gehoord_op) == (
        eigen,
        True,
        timezone.localdate(),
    )
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, zienswijze_ouders="De ouders zijn het eens.")
    assert fout.value.message_dict == {
        "zienswijze_ouders": ["De ouders schreven hun zienswijze zelf; de school past die niet aan."]
    }
    # The rest of the application the school still writes; the parents' text stays theirs.
    services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, zienswijze_ouders=eigen, gevraagd="Twee ochtenden.")
    aanvraag.refresh_from_db()
    assert (aanvraag.zienswijze_ouders, aanvraag.gevraagd) == (eigen, "Twee ochtenden.")

    h.stap(aanvraag.traject, cast.ib_a, "indienen")
    with pytest.raises(ValidationError, match="ingediend en verandert niet meer"):
        services.aanvraag_zienswijze_geven(actor=cast.ouder, aanvraag=aanvraag, tekst="Toch anders.")


def test_a_change_of_content_voids_the_directors_signature(cast, client):
    opp_vastgesteld(client, cast)
    aanvraag = ah.concept(cast, "tlv_sbo")
    assert aanvraag.directeur_akkoord_op is not None
    # Saving the same text keeps the signature.
    _a, vervallen = services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, gevraagd=aanvraag.gevraagd)
    assert not vervallen
    aanvraag.refresh_from_db()
    assert aanvraag.directeur_akkoord_op is not None
    _a, vervallen = services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, gevraagd="Een plaats op het SBO.")
    assert vervallen
    aanvraag.refresh_from_db()
    assert (aanvraag.directeur_akkoord_op, aanvraag.directeur_akkoord_naam) == (None, "")
    assert AuditEvent.objects.filter(
        action="update", object_type="trajecten.aanvraag", detail__ondertekening_vervallen=True
    ).exists()
    assert _indienen_geweigerd(aanvraag.traject, cast.ib_a) == f"{ONVOLLEDIG} {NIET_GETEKEND}"
    # Only the director signs.
    with pytest.raises(PermissionDenied):
        services.aanvraag_ondertekenen(actor=cast.ib_a, aanvraag=aanvraag)


def test_the_director_signs_only_the_text_they_read(cast):
    aanvraag = ah.concept(cast)
    gelezen = aanvraag.gewijzigd_op
    services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, gevraagd="Drie ochtenden per week.")
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=aanvraag, gewijzigd_op=gelezen)
    assert fout.value.message_dict == {
        "gewijzigd_op": ["De aanvraag is gewijzigd nadat u haar las. Lees haar opnieuw en onderteken dan."]
    }
    aanvraag.refresh_from_db()
    assert aanvraag.directeur_akkoord_op is None
    services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=aanvraag, gewijzigd_op=aanvraag.gewijzigd_op)
    aanvraag.refresh_from_db()
    assert aanvraag.directeur_akkoord_naam == cast.directeur_a.naam


# --- Where and how an application is drawn up ---------------------------------------------------


def test_one_open_application_per_traject(cast):
    aanvraag = ah.concept(cast)
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_create(actor=cast.ib_a, traject=aanvraag.traject, soort="tlv_sbo")
    assert fout.value.message_dict == {"soort": ["Bij dit traject is al een aanvraag in voorbereiding of ingediend."]}
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanvraag.objects.create(
            traject=aanvraag.traject, soort="tlv_sbo", ondersteuningsvraag="Tweede.", aangemaakt_door=cast.ib_a
        )
    assert Aanvraag.objects.count() == 1


def test_only_a_kind_the_step_names_and_only_where_the_step_names_one(cast):
    traject = ah.start(cast)
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_create(actor=cast.ib_a, traject=traject, soort="observatieplek")
    assert fout.value.message_dict == {
        "soort": [
            "Kies een van deze aanvragen: extra ondersteuning (arrangement), toelaatbaarheidsverklaring sbo, "
            "toelaatbaarheidsverklaring so, arrangement specialistische expertise."
        ]
    }
    h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    h.stap(traject, cast.ib_a, "indienen")
    h.stap(traject, cast.trajectbegeleider, "toekennen", "Toegekend.")
    traject.refresh_from_db()
    assert traject.stap.code == "uitvoeren"
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_create(actor=cast.ib_a, traject=traject, soort="extra_ondersteuning")
    assert fout.value.message_dict == {"soort": ["In deze stap van de route stelt de school geen aanvraag op."]}
    assert traject.aanvragen.count() == 1


def test_who_may_draw_up_an_application(cast):
    traject = ah.start(cast)
    # The step is for the IB'er and the director; the teacher and the parents read, but do not write.
    for persona in ("leerkracht_a", "ouder", "ib_b", "trajectbegeleider"):
        with pytest.raises(PermissionDenied):
            services.aanvraag_create(actor=cast.users[persona], traject=traject, soort="extra_ondersteuning")
    assert not Aanvraag.objects.exists()
    assert AuditEvent.objects.filter(result="denied", reason="geen recht: trajecten.aanvraag_schrijven").count() == 4
    services.aanvraag_create(actor=cast.directeur_a, traject=traject, soort="extra_ondersteuning")


def test_a_tlv_for_a_question_about_the_school_is_refused(cast):
    traject = ah.start_schoolvraag(cast)
    for soort in ("tlv_sbo", "tlv_so", "extra_ondersteuning"):
        with pytest.raises(ValidationError) as fout:
            services.aanvraag_create(actor=cast.ib_a, traject=traject, soort=soort)
        assert fout.value.message_dict == {
            "soort": ["Deze aanvraag gaat over één leerling; dit traject gaat over de school."]
        }
    # Expertise for the team it may ask.
    ah.concept(cast, "specialistische_expertise", traject=traject)
    assert traject.aanvragen.get().soort == "specialistische_expertise"


TE_LANG = "x" * 4001
ONGELDIG = [
    ({"ondersteuningsvraag": TE_LANG}, {"ondersteuningsvraag": ["Gebruik hoogstens 4000 tekens (nu 4001)."]}),
    ({"onderbouwing": "y" * 8001}, {"onderbouwing": ["Gebruik hoogstens 8000 tekens (nu 8001)."]}),
    ({"gevraagd": "Een\x00ochtend"}, {"gevraagd": ["Null-tekens zijn niet toegestaan."]}),
    (
        {"zienswijze_ouders": "<script>alert(1)</script>"},
        {"zienswijze_ouders": ["Gebruik geen < of > in dit veld; HTML of scripts zijn hier niet toegestaan."]},
    ),
    (
        {"ouders_gehoord_op": Vandaag(1, als_tekst=False)},
        {"ouders_gehoord_op": ["Deze datum ligt in de toekomst; leg het vast als het gesprek is gevoerd."]},
    ),
    ({"tlv_categorie": "hoog"}, {"tlv_categorie": ["Een bekostigingscategorie hoort alleen bij een TLV voor het SO."]}),
    ({"status": "ingediend"}, {"status": ["Dit veld hoort niet bij een aanvraag."]}),
]


@pytest.mark.parametrize("velden, fouten", ONGELDIG)
def test_bad_input_gives_dutch_field_errors_and_saves_nothing(cast, velden, fouten):
    velden = los_op(velden)
    traject = ah.start(cast)
    schrijven = AuditEvent.objects.filter(action="create").count()
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_create(actor=cast.ib_a, traject=traject, soort="extra_ondersteuning", **velden)
    assert fout.value.message_dict == fouten
    assert not Aanvraag.objects.exists()
    assert AuditEvent.objects.filter(action="create").count() == schrijven

    # A change with the same input leaves the concept as it was.
    aanvraag = ah.concept(cast, traject=traject)
    voor = Aanvraag.objects.filter(pk=aanvraag.pk).values().get()
    with pytest.raises(ValidationError) as fout:
        services.aanvraag_update(actor=cast.ib_a, aanvraag=aanvraag, **velden)
    assert fout.value.message_dict == fouten
    assert Aanvraag.objects.filter(pk=aanvraag.pk).values().get() == voor


# --- Sent back, closed ----------------------------------------------------------------------------


def _top_tot_overeenkomst(cast, client):
    """Pupil A's TOP traject at the agreement of the three parties, with a signed TLV application."""
    traject = h.start(cast, "top")
    h.stap(traject, cast.directeur_a, "ib_laten_meekijken")
    h.stap(traject, cast.directeur_a, "advies_so_vragen")
    h.toestemming_extern(cast)
    driehoek = [
        {"naam": "Vincent", "partij": "school", "gebruiker": cast.directeur_a},
        {"naam": "Ouders van Ryan", "partij": "ouders", "gebruiker": cast.ouder},
        {"naam": "Marleen", "partij": "sbo_so", "functie": "SO"},
    ]
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "aanpak_op_school")
    h.stap(traject, cast.leerkracht_a, "plaatsing_overwegen")
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "ontvangende_school_benaderen")
    h.stap(traject, cast.directeur_a, "kan_hulpvraag_beantwoorden")
    opp_vastgesteld(client, cast)
    tlv = h.aanvraag(traject, cast.directeur_a, "tlv_so", directeur=cast.directeur_a)
    return traject, tlv, driehoek


def test_sent_back_the_submitted_application_lapses_unchanged_and_the_school_continues_in_a_copy(cast, client):
    traject, tlv, driehoek = _top_tot_overeenkomst(cast, client)
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "indienen")
    tlv.refresh_from_db()
    assert tlv.status == Aanvraag.Status.INGEDIEND
    ingediend = Aanvraag.objects.filter(pk=tlv.pk).values().get()
    # The partnership finds not all three parties behind it: back to agreeing on the placement.
    h.stap(traject, cast.trajectbegeleider, "niet_bevestigd", "De ontvangende school twijfelt nog.")
    tlv.refresh_from_db()
    assert tlv.status == Aanvraag.Status.INGEDIEND  # the placement step draws up no application
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "ontvangende_school_benaderen")
    h.stap(traject, cast.directeur_a, "kan_hulpvraag_beantwoorden")
    traject.refresh_from_db()
    assert traject.stap.code == "overeenkomst"

    oud = Aanvraag.objects.filter(pk=tlv.pk).values().get()
    assert oud == {**ingediend, "status": Aanvraag.Status.VERVALLEN}
    kopie = traject.aanvragen.get(status=Aanvraag.Status.CONCEPT)
    assert kopie.pk != tlv.pk
    assert (kopie.soort, kopie.tlv_categorie, kopie.gevraagd, kopie.onderbouwing, kopie.ouders_gehoord_op) == (
        tlv.soort,
        tlv.tlv_categorie,
        tlv.gevraagd,
        tlv.onderbouwing,
        tlv.ouders_gehoord_op,
    )
    # The director signed the old one: the copy needs a signature of its own.
    assert (kopie.directeur_akkoord_op, kopie.ingediend_op, kopie.aangemaakt_door) == (None, None, cast.directeur_a)
    # The partnership, which sees the traject now, reads the old application but not the new concept.
    assert _ziet(cast.trajectbegeleider, traject, tlv) and not _ziet(cast.trajectbegeleider, traject, kopie)

    services.aanvraag_ondertekenen(actor=cast.directeur_a, aanvraag=kopie)
    h.besluit(h.overleg(traject, cast.directeur_a, driehoek), cast.directeur_a, "indienen")
    h.deskundigenadviezen(traject, cast.trajectbegeleider)
    h.stap(traject, cast.trajectbegeleider, "tlv_afgeven", "Alle drie de partijen staan erachter.")
    kopie.refresh_from_db()
    assert kopie.status == Aanvraag.Status.BESLOTEN and kopie.besluit.uitkomst == "toegekend"
    assert not Besluit.objects.filter(aanvraag=tlv).exists()


def test_a_route_that_sends_it_back_at_once_gives_the_school_a_copy(cast):
    aanvraag = ah.ingediend(cast)
    h.stap(aanvraag.traject, cast.trajectbegeleider, "terug", "Vul de onderbouwing aan met het handelingsplan.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.VERVALLEN
    kopie = aanvraag.traject.aanvragen.get(status=Aanvraag.Status.CONCEPT)
    assert kopie.onderbouwing == aanvraag.onderbouwing
    assert AuditEvent.objects.filter(
        action="create", object_type="trajecten.aanvraag", object_id=str(kopie.pk), detail__kopie_van=aanvraag.pk
    ).exists()


def test_closing_the_traject_lapses_the_open_application(cast):
    aanvraag = ah.concept(cast)
    h.stap(aanvraag.traject, cast.ib_a, "afsluiten")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.VERVALLEN
    assert aanvraag.traject.status == Traject.Status.AFGESLOTEN
    assert AuditEvent.objects.filter(detail__waarom="het traject is afgesloten", object_id=str(aanvraag.pk)).exists()


def test_a_refusal_that_ends_the_traject_is_a_decision_not_a_lapse(cast):
    aanvraag, besluit = ah.besloten(cast, "afwijzen")
    assert aanvraag.status == Aanvraag.Status.BESLOTEN and aanvraag.traject.status == Traject.Status.AFGESLOTEN
    assert (besluit.uitkomst, besluit.inhoud) == ("afgewezen", "Afwijzen")


# --- The decision ---------------------------------------------------------------------------------


def test_a_decision_is_numbered_per_partnership_and_year_with_six_weeks_to_object(cast):
    _aanvraag, eerste = ah.besloten(cast)
    vandaag = timezone.localdate()
    assert (eerste.nummer, eerste.datum, eerste.bezwaar_tot) == (
        f"{vandaag.year}-0001",
        vandaag,
        vandaag + timedelta(weeks=6),
    )
    assert (eerste.genomen_door, eerste.rol, eerste.motivatie) == (
        cast.trajectbegeleider,
        "trajectbegeleider",
        "Past bij de onderwijsbehoeften; zo besloten.",
    )
    assert eerste.gebeurtenis == eerste.aanvraag.traject.gebeurtenissen.last()
    tweede = ah.ingediend(cast, traject=ah.start(cast, leerling=cast.leerling_b))
    h.stap(tweede.traject, cast.trajectbegeleider, "toekennen", "Ook toegekend.")
    assert Besluit.objects.get(aanvraag=tweede).nummer == f"{vandaag.year}-0002"
    # The approval chain of the first: from its submission up to its decision.
    assert [(g.van_stap, g.uitkomst) for g in selectors.beoordeling(eerste.aanvraag)] == [
        ("opstellen", "indienen"),
        ("beoordelen", "toekennen"),
    ]


def test_a_decision_is_never_changed_or_deleted(cast):
    _aanvraag, besluit = ah.besloten(cast)
    besluit.motivatie = "Achteraf anders opgeschreven."
    with pytest.raises(TypeError):
        besluit.save()
    with pytest.raises(TypeError):
        besluit.delete()
    with pytest.raises(TypeError):
        Besluit.objects.filter(pk=besluit.pk).update(motivatie="Anders.")
    with pytest.raises(TypeError):
        Besluit.objects.filter(pk=besluit.pk).delete()
    besluit.refresh_from_db()
    assert besluit.motivatie == "Past bij de onderwijsbehoeften; zo besloten."


def _weasyprint_of_skip():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as fout:
        pytest.skip(f"WeasyPrint of de Pango-bibliotheken ontbreken ({fout}); de besluitbrief is niet te maken.")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) ontbreekt; de tekst van de besluitbrief is niet te lezen.")


def pdf_tekst(pdf: bytes, tmp_path) -> str:
    pad = tmp_path / "besluit.pdf"
    pad.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(pad), "-"], check=True, capture_output=True, text=True).stdout


def test_the_decision_letter_says_number_outcome_and_how_to_object_and_its_download_is_audited(cast, tmp_path):
    _weasyprint_of_skip()
    from passend.core.pdf import pdf_bytes

    _aanvraag, besluit = ah.besloten(cast)
    exports = AuditEvent.objects.filter(action="export", object_type="trajecten.besluit")
    assert not exports.exists()
    traject, aanvraag, gelezen = selectors.besluit_get(actor=cast.ouder, pk=besluit.pk, export=True)
    assert exports.filter(actor_user_id=cast.ouder.pk, object_id=str(besluit.pk)).count() == 1
    request = RequestFactory().get("/")
    request.user = cast.ouder
    html = besluitbrief.brief_html(request=request, traject=traject, aanvraag=aanvraag, besluit=gelezen)
    tekst = " ".join(pdf_tekst(pdf_bytes(html, request), tmp_path).split())
    assert besluit.nummer in tekst
    assert "Toegekend: Extra ondersteuning toekennen" in tekst
    assert "bezwaar" in tekst and f"{besluit.bezwaar_tot.day} " in tekst
    assert "Ouder van Ryan" in tekst  # addressed to the parents
    assert besluitbrief.bestandsnaam(besluit) == f"besluit-{besluit.nummer}.pdf"


def test_who_reads_a_decision(cast):
    _aanvraag, besluit = ah.besloten(cast)
    for persona in ("ib_a", "ouder", "trajectbegeleider", "rvz", "commissielid"):
        assert [b.pk for b in selectors.besluit_list(actor=cast.users[persona])] == [besluit.pk], persona
        selectors.besluit_get(actor=cast.users[persona], pk=besluit.pk)
    for persona in ("ib_b", "leerkracht_andere_groep", "beheerder_other", "extern_uitgenodigd"):
        assert not selectors.besluit_list(actor=cast.users[persona]).exists(), persona
        with pytest.raises(Http404):
            selectors.besluit_get(actor=cast.users[persona], pk=besluit.pk)


# --- Numbers under concurrency (PostgreSQL) -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_numbers_at_once_are_consecutive_without_duplicates(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")

    def nummer(_i):
        with transaction.atomic():
            uit = besluitnummer(samenwerkingsverband_id=cast.swv.pk, jaar=2026)
            threading.Event().wait(0.05)  # hold the lock while the others wait for it
            return uit

    nummers = tegelijk(10, nummer)
    assert sorted(nummers) == [f"2026-{i:04d}" for i in range(1, 11)], nummers
    # Another partnership counts on its own.
    with transaction.atomic():
        assert besluitnummer(samenwerkingsverband_id=cast.swv_other.pk, jaar=2026) == "2026-0001"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_the_same_moment_get_consecutive_numbers(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    echt = services.besluitnummer

    def traag(**kwargs):
        # The first holds the counter's lock (or its new row) long enough for the second to reach it.
        uit = echt(**kwargs)
        threading.Event().wait(0.3)
        return uit

    monkeypatch.setattr(services, "besluitnummer", traag)
    trajecten = [
        ah.ingediend(cast).traject,
        ah.ingediend(cast, traject=ah.start(cast, leerling=cast.leerling_b)).traject,
    ]

    def besluiten(i):
        h.stap(trajecten[i], cast.trajectbegeleider, "toekennen", "Toegekend.")
        return Besluit.objects.get(aanvraag__traject=trajecten[i]).nummer

    nummers = tegelijk(2, besluiten)
    jaar = timezone.localdate().year
    assert sorted(map(str, nummers)) == [f"{jaar}-0001", f"{jaar}-0002"], nummers


def test_switching_to_another_kind_lets_the_open_application_lapse(cast):
    """Seed 000: a schoolarrangement request that turns out to need specialist expertise."""
    traject = services.traject_start(
        actor=cast.ib_a,
        route=h.route(cast, "swv-schoolarrangement"),
        school=cast.school_a,
        onderwerp="team",
        signaal={**h.SIGNAAL, "door": "ib", "reden": "schoolvraag"},
        vraag="Hoe versterken we het team?",
    )
    eerste = h.aanvraag(traject, cast.ib_a, "schoolarrangement")
    h.stap(traject, cast.ib_a, "schoolarrangement")  # submitted to the trajectbegeleider
    h.stap(traject, cast.trajectbegeleider, "specialistische_expertise", "Het thema vraagt specialistische expertise.")
    eerste.refresh_from_db()
    assert eerste.status == "vervallen" and eerste.ingediend_op is not None  # kept as it was submitted
    tweede = h.aanvraag(traject, cast.ib_a, "specialistische_expertise")
    assert tweede.status == "concept"
