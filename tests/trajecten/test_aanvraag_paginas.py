"""Applications on the traject pages: the school draws one up in the step that names it, the
director signs, a parent gives their view, the outcome submits it, and the decision shows with
its letter. Through the HTTP layer, with the persona cast."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.trajecten.models import Aanvraag
from tests.instrumenten.helpers import afgeronde_afname
from tests.trajecten import helpers as h

pytestmark = pytest.mark.django_db


def _bij_groeidocument_versturen(cast):
    """Pupil A's HGA traject at the step where the school sends the groeidocument and request."""
    traject = h.start(cast, "hga")
    h.stap(traject, cast.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, cast.leerkracht_a, "werkt_onvoldoende")
    lb = h.overleg(traject, cast.ib_a, [{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}])
    h.besluit(lb, cast.ib_a, "mdo_aanvragen")
    traject.refresh_from_db()
    assert traject.stap.code == "groeidocument_versturen"
    return traject


def _detail(traject):
    return reverse("trajecten:detail", args=[traject.pk])


def _aanvraag_url(aanvraag):
    return reverse("trajecten:aanvraag", args=[aanvraag.traject_id, aanvraag.pk])


def test_ib_draws_up_the_request_in_the_step_that_names_it(cast, client):
    traject = _bij_groeidocument_versturen(cast)
    client.force_login(cast.ib_a)
    page = client.get(_detail(traject)).content.decode()
    assert "Aanvraag opstellen" in page and "Extra ondersteuning (arrangement)" in page
    response = client.post(
        _detail(traject),
        {
            "formulier": "aanvraag",
            "soort": "extra_ondersteuning",
            "ondersteuningsvraag": "",
            "gevraagd": "Ambulante begeleiding",
        },
    )
    aanvraag = Aanvraag.objects.get(traject=traject)
    assert response.status_code == 302 and response["Location"] == _aanvraag_url(aanvraag)
    assert aanvraag.status == "concept" and aanvraag.ondersteuningsvraag == traject.vraag  # prefilled
    page = client.get(_aanvraag_url(aanvraag)).content.decode()
    assert "Ontbreekt:" in page and "de onderbouwing" in page  # the checklist says what is missing


def test_a_kind_the_step_does_not_name_is_refused_at_the_field(cast, client):
    traject = _bij_groeidocument_versturen(cast)
    client.force_login(cast.ib_a)
    response = client.post(_detail(traject), {"formulier": "aanvraag", "soort": "tlv_so"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_markup_in_the_request_is_refused_and_nothing_is_saved(cast, client):
    traject = _bij_groeidocument_versturen(cast)
    aanvraag = h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    client.force_login(cast.ib_a)
    response = client.post(
        _aanvraag_url(aanvraag),
        {
            "formulier": "bewerken",
            "ondersteuningsvraag": "<script>alert(1)</script>",
            "gevraagd": "x",
            "onderbouwing": "y",
        },
    )
    assert response.status_code == 400
    aanvraag.refresh_from_db()
    assert "<script>" not in aanvraag.ondersteuningsvraag
    assert "&lt;script&gt;" in response.content.decode()  # shown back escaped


def test_concept_is_for_the_school_and_parents_only_until_submitted(cast, client):
    traject = _bij_groeidocument_versturen(cast)
    aanvraag = h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    for persona, status in ((cast.ib_a, 200), (cast.leerkracht_a, 200), (cast.ouder, 200), (cast.ib_b, 404)):
        client.force_login(persona)
        assert client.get(_aanvraag_url(aanvraag)).status_code == status, persona
    h.groeidocument_ondertekend(cast)
    client.force_login(cast.ib_a)
    client.post(
        _detail(traject), {"formulier": "uitkomst", "van_stap": "groeidocument_versturen", "uitkomst": "versturen"}
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"
    client.force_login(cast.trajectbegeleider)
    assert client.get(_aanvraag_url(aanvraag)).status_code == 200


def test_a_trajectbegeleider_does_not_see_a_concept_once_the_traject_reached_the_partnership(cast, client):
    traject = h.start(cast, "ivo")
    h.stap(traject, cast.leerkracht_a, "trajectbegeleider_inschakelen")
    h.stap(traject, cast.trajectbegeleider, "ivo_procedure_starten", "IVO-procedure.")
    aanvraag = h.aanvraag(traject, cast.leerkracht_a, "extra_ondersteuning")
    client.force_login(cast.trajectbegeleider)
    assert client.get(_detail(traject)).status_code == 200
    assert client.get(_aanvraag_url(aanvraag)).status_code == 404
    assert "Extra ondersteuning (arrangement)" not in client.get(_detail(traject)).content.decode()


def test_parent_writes_her_view_and_the_director_signs_a_tlv_request(cast, client):
    from tests.dossier.test_opp import _vastgesteld as opp_vastgesteld

    traject = h.start(cast, "vpi")
    for uitkomst in ("vpi_invullen", "bespreken", "aanpak_bieden", "verwijzing_nodig"):
        if uitkomst == "bespreken":
            afgeronde_afname(cast)
        h.stap(traject, cast.leerkracht_a, uitkomst, "Voortgang onvoldoende.")
    opp_vastgesteld(client, cast)
    aanvraag = services_create(cast, traject)
    client.force_login(cast.ouder)
    response = client.post(_aanvraag_url(aanvraag), {"formulier": "zienswijze", "tekst": "Wij willen eerst kijken."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.zienswijze_door_ouder and aanvraag.ouders_gehoord_op is not None
    # A parent does not edit the school's text or sign.
    assert client.post(_aanvraag_url(aanvraag), {"formulier": "bewerken", "gevraagd": "x"}).status_code == 403
    client.force_login(cast.ib_a)
    page = client.get(_aanvraag_url(aanvraag)).content.decode()
    assert "Ondertekenen als directeur" not in page, page[
        page.find("Ondertekenen als") - 300 : page.find("Ondertekenen als") + 50
    ]
    assert "De directeur heeft de aanvraag nog niet ondertekend" in page
    client.force_login(cast.directeur_a)
    # Without the version the director read, nothing is signed; with it, the text is signed.
    client.post(_aanvraag_url(aanvraag), {"formulier": "ondertekenen"})
    aanvraag.refresh_from_db()
    assert aanvraag.directeur_akkoord_op is None
    gelezen = aanvraag.gewijzigd_op.isoformat()
    assert f'value="{gelezen}"' in client.get(_aanvraag_url(aanvraag)).content.decode()
    response = client.post(_aanvraag_url(aanvraag), {"formulier": "ondertekenen", "gewijzigd_op": gelezen})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.directeur_akkoord_naam == cast.directeur_a.naam
    page = client.get(_aanvraag_url(aanvraag)).content.decode()
    assert "Aanmelden bij de commissie van het samenwerkingsverband" in page  # the submitting outcome


def services_create(cast, traject):
    from passend.trajecten import services

    traject.refresh_from_db()
    return services.aanvraag_create(
        actor=cast.ib_a, traject=traject, soort="tlv_sbo", gevraagd="Plaatsing in het SBO", onderbouwing="Zie OPP."
    )


def test_decision_shows_with_its_letter_and_the_page_has_constant_queries(cast, client):
    traject = _bij_groeidocument_versturen(cast)
    h.groeidocument_ondertekend(cast)
    aanvraag = h.aanvraag(traject, cast.ib_a, "extra_ondersteuning")
    h.stap(traject, cast.ib_a, "versturen")
    psycholoog = h.deskundige(cast, "Psycholoog", "psycholoog")
    ortho = h.deskundige(cast, "Orthopedagoog", "orthopedagoog")
    mdo = h.overleg(
        traject,
        cast.trajectbegeleider,
        [
            {"naam": "Karin", "partij": "school", "gebruiker": cast.ib_a},
            {"naam": "Ouders", "partij": "ouders", "gebruiker": cast.ouder},
            {"naam": "Psycholoog", "partij": "swv", "deskundige": psycholoog},
            {"naam": "Orthopedagoog", "partij": "sbo_so", "deskundige": ortho},
        ],
    )
    h.besluit(
        mdo, cast.trajectbegeleider, "arrangement_toewijzen", adviezen={"Psycholoog": "A.", "Orthopedagoog": "B."}
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == "besloten"
    client.force_login(cast.ouder)
    page = client.get(_aanvraag_url(aanvraag)).content.decode()
    assert aanvraag.besluit.nummer in page and "Besluitbrief (PDF)" in page and "zes weken" in page
    with CaptureQueriesContext(connection) as eerst:
        client.get(_aanvraag_url(aanvraag))
    with CaptureQueriesContext(connection) as detail:
        client.get(_detail(traject))
    # More history does not make either page ask more.
    h.stap(traject, cast.trajectbegeleider, "evalueren")
    with CaptureQueriesContext(connection) as later:
        client.get(_aanvraag_url(aanvraag))
    with CaptureQueriesContext(connection) as detail_later:
        client.get(_detail(traject))
    assert len(later) == len(eerst)
    assert len(detail_later) <= len(detail)
