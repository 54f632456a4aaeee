"""Filling in a questionnaire about a pupil: saved half-way, finished (scored and frozen), asked of
the parents; who sees what; bad answers refused at their question; results on the timeline, in a
PDF and attached to an application; audited; constant queries."""

import json
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.instrumenten import selectors, services
from passend.instrumenten.models import Afname, AfnameBijAanvraag, Antwoord, Instrument, Score
from passend.leerlingen.models import Ouder, Ouderschap
from tests.instrumenten.helpers import afgeronde_afname, alle_antwoorden, installeer
from tests.instrumenten.test_normen import DEMO_NORMEN

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


# --- Helpers ---------------------------------------------------------------------------------


def lijst_url(leerling) -> str:
    return f"/leerlingen/{leerling.pk}/vragenlijsten/"


def afname_url(afname) -> str:
    return f"/leerlingen/{afname.leerling_id}/vragenlijsten/{afname.pk}/"


def veld(instrument, code: str) -> str:
    return f"vraag_{instrument.vragen.get(code=code).pk}"


def formulier(instrument, antwoorden: dict, **extra) -> dict:
    """POST data of the fill-in page: answers by question code."""
    velden = {veld(instrument, code): "" if waarde is None else str(waarde) for code, waarde in antwoorden.items()}
    return {**velden, "opmerking": "", **extra}


def schaalvragen(instrument) -> list[str]:
    return list(instrument.vragen.filter(soort="schaal").values_list("code", flat=True))


def antwoord_rijen(afname) -> list:
    return list(Antwoord.objects.filter(afname=afname).order_by("vraag_id").values_list("vraag_id", "waarde", "tekst"))


def tweede_ouder(cast) -> User:
    """Ryan's father: a second parent account of pupil A."""
    user = User.objects.create_user("vader@test.example", "Een-lang-testwachtwoord-42", naam="Vader Van Ryan")
    Lidmaatschap.objects.create(user=user, rol=Rol.OUDER, samenwerkingsverband=cast.swv, geldig_van=date(2020, 1, 1))
    ouder = Ouder.objects.create(samenwerkingsverband=cast.swv, naam="Vader van Ryan", gebruiker=user)
    Ouderschap.objects.create(ouder=ouder, leerling=cast.leerling_a, relatie="vader", gezag=True)
    return user


def normtabel(cast, instrument):
    return services.normtabel_laden(actor=cast.beheerder, instrument=instrument, inhoud=DEMO_NORMEN.read_bytes())


@pytest.fixture
def vpi(cast):
    return installeer(cast, "vpi")


@pytest.fixture
def vpi_ouder(cast):
    return installeer(cast, "vpi_ouder")


# --- The teacher's walk: start, save half-way, finish ----------------------------------------


def test_teacher_starts_saves_half_way_is_refused_finishing_then_finishes_through_the_pages(cast, client, vpi):
    normtabel(cast, vpi)
    client.force_login(cast.leerkracht_a)
    leerling = cast.leerling_a

    page = client.get(lijst_url(leerling))
    assert page.status_code == 200
    assert f'<option value="{vpi.pk}">{vpi.naam}</option>' in page.content.decode()

    peildatum = timezone.localdate().replace(day=1)
    response = client.post(
        lijst_url(leerling), {"formulier": "starten", "instrument": vpi.pk, "peildatum": peildatum.isoformat()}
    )
    afname = Afname.objects.get(leerling=leerling)
    assert response.status_code == 302 and response["Location"] == afname_url(afname)
    assert (afname.status, afname.peildatum, afname.ingevuld_door, afname.ingevuld_als) == (
        "concept",
        peildatum,
        cast.leerkracht_a,
        "leerkracht",
    )

    codes = schaalvragen(vpi)
    eerste_helft, rest = codes[:40], codes[40:]
    response = client.post(afname_url(afname), formulier(vpi, dict.fromkeys(eerste_helft, 2), actie="opslaan"))
    assert response.status_code == 302
    assert Antwoord.objects.filter(afname=afname).count() == 40
    page = client.get(afname_url(afname)).content.decode()
    assert f"40 van {vpi.vragen.count()} vragen beantwoord; nog {len(rest)} verplichte vragen open" in page
    # The saved answers are checked again when the page comes back.
    assert re.search(rf'name="{veld(vpi, eerste_helft[0])}" value="2"[^>]*checked', page)

    # Finishing now: refused, the open questions listed at their place, the answers kept, nothing scored.
    response = client.post(afname_url(afname), formulier(vpi, dict.fromkeys(eerste_helft, 2), actie="afronden"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Nog {len(rest)} vragen open; de vragenlijst is opgeslagen maar nog niet afgerond." in page
    # The summary links the first eight open questions; every open question is marked where it is.
    assert f"Deze {len(rest)} vragen vragen uw aandacht:" in page
    for i, code in enumerate(rest):
        vraag = vpi.vragen.get(code=code)
        assert (f'href="#id_vraag_{vraag.pk}_0"' in page) == (i < 8)
        assert (
            f'<p class="error" id="id_vraag_{vraag.pk}_error">Beantwoord deze vraag om de vragenlijst af te ronden.</p>'
            in page
        )
    assert f"En nog {len(rest) - 8} vragen verderop; ze zijn rood gemarkeerd." in page
    assert page.count("Beantwoord deze vraag om de vragenlijst af te ronden.") == len(rest)
    assert "Uw antwoorden zijn opgeslagen, maar de vragenlijst is nog niet af." in page
    afname.refresh_from_db()
    assert afname.status == "concept" and afname.afgerond_op is None
    assert Score.objects.count() == 0
    assert Antwoord.objects.filter(afname=afname).count() == 40

    response = client.post(
        afname_url(afname),
        formulier(vpi, {**dict.fromkeys(eerste_helft, 2), **dict.fromkeys(rest, 1)}, actie="afronden"),
    )
    assert response.status_code == 302
    afname.refresh_from_db()
    assert afname.status == "afgerond" and afname.afgerond_op is not None
    page = client.get(afname_url(afname)).content.decode()
    assert 'class="profielgrafiek"' in page
    assert "Scores per gebied, met de normscore" in page
    assert 'name="actie"' not in page  # no form on a finished afname


def test_finishing_with_open_questions_names_them_and_scores_nothing(cast, vpi):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    codes = schaalvragen(vpi)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden=dict.fromkeys(codes[:-3], 1))
    with pytest.raises(ValidationError) as exc:
        services.afname_afronden(actor=cast.leerkracht_a, afname=afname)
    fouten = exc.value.message_dict
    assert set(fouten) - {"__all__"} == set(codes[-3:])
    assert fouten["__all__"] == ["Nog 3 vragen open; de vragenlijst is opgeslagen maar nog niet afgerond."]
    # Open text questions of the VPI are optional: they are not listed.
    assert not set(fouten) & set(vpi.vragen.filter(soort="tekst").values_list("code", flat=True))
    afname.refresh_from_db()
    assert afname.status == "concept"
    assert not Score.objects.exists()


def test_scores_are_the_sum_per_area_with_normscore_and_band(cast, vpi):
    normtabel(cast, vpi)
    data = json.loads(services.preset_inhoud("vpi"))
    antwoorden, verwacht = {}, {}
    for deel in data["delen"]:
        for gebied in deel["gebieden"]:
            for i, vraag in enumerate(gebied["vragen"]):
                if vraag.get("soort", "schaal") == "schaal":
                    antwoorden[vraag["code"]] = (i + len(gebied["code"])) % 4
                    verwacht[gebied["code"]] = verwacht.get(gebied["code"], 0) + antwoorden[vraag["code"]]
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden=antwoorden)
    services.afname_afronden(actor=cast.leerkracht_a, afname=afname)

    scores = {s.gebied.code: s for s in Score.objects.filter(afname=afname).select_related("gebied")}
    assert {code: s.ruw for code, s in scores.items()} == verwacht
    assert "beschermende_factoren" not in scores  # an area that does not score
    for code, score in scores.items():
        # The demo table: thirds of the range (see vpi-voorbeeldnormen.csv).
        regel = next(
            r.split(";")
            for r in DEMO_NORMEN.read_text().splitlines()[1:]
            if r.startswith(f"{code};") and int(r.split(";")[1]) <= score.ruw <= int(r.split(";")[2])
        )
        assert (score.normscore, score.band) == (int(regel[3]), regel[4])
        assert score.maximum == vpi.gebieden.get(code=code).maximum


def test_the_norm_row_is_chosen_by_the_pupils_age_on_the_peildatum(cast, vpi):
    """Under 6 (71 months or younger) the demo table; from 6 a stricter one."""
    regels = []
    for gebied in vpi.gebieden.filter(scoren=True):
        m = gebied.maximum
        regels += [
            f"{r[:-2]};0;71" for r in DEMO_NORMEN.read_text().splitlines()[1:] if r.startswith(f"{gebied.code};")
        ]
        regels += [
            f"{gebied.code};0;{m // 2};10;laag;72;",
            f"{gebied.code};{m // 2 + 1};{m * 3 // 4};20;midden;72;",
            f"{gebied.code};{m * 3 // 4 + 1};{m};30;zeer hoog;72;",
        ]
    inhoud = "\n".join(["gebied;ruw_van;ruw_tot;normscore;band;leeftijd_van_maanden;leeftijd_tot_maanden", *regels])
    services.normtabel_laden(actor=cast.beheerder, instrument=vpi, inhoud=inhoud.encode())
    # Born 1 March 2018: 5 years and 3 months on 1 June 2023, 8 or older today.
    jong = afgeronde_afname(cast, vpi, waarde=1, peildatum=date(2023, 6, 1))
    oud = afgeronde_afname(cast, vpi, waarde=1, peildatum=timezone.localdate())
    emoties_jong = jong.scores.get(gebied__code="emoties")
    emoties_oud = oud.scores.get(gebied__code="emoties")
    assert emoties_jong.ruw == emoties_oud.ruw == 6
    assert (emoties_jong.normscore, emoties_jong.band) == (2, "verhoogd")
    assert (emoties_oud.normscore, emoties_oud.band) == (10, "laag")


def test_without_a_norm_table_only_raw_scores(cast, vpi):
    afname = afgeronde_afname(cast, vpi, waarde=3)
    assert afname.normtabel is None
    assert all(s.normscore is None and s.band == "" and s.ruw == s.maximum for s in afname.scores.all())


def test_a_later_norm_table_leaves_finished_scores_alone(cast, vpi):
    eerste = normtabel(cast, vpi)
    afname = afgeronde_afname(cast, vpi, waarde=1)
    voor = list(afname.scores.values_list("gebied_id", "normscore", "band"))
    andere = DEMO_NORMEN.read_text().replace("gemiddeld", "anders")
    services.normtabel_laden(actor=cast.beheerder, instrument=vpi, inhoud=andere.encode())
    afname.refresh_from_db()
    assert afname.normtabel == eerste
    assert list(afname.scores.values_list("gebied_id", "normscore", "band")) == voor


# --- A finished afname is frozen -------------------------------------------------------------


def test_a_finished_afname_cannot_be_changed_or_deleted_by_the_services(cast, vpi):
    afname = afgeronde_afname(cast, vpi)
    voor = antwoord_rijen(afname)
    codes = schaalvragen(vpi)
    for doe in (
        lambda: services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={codes[0]: 3}),
        lambda: services.afname_opslaan(actor=cast.ib_a, afname=afname, antwoorden={}, opmerking="Later toegevoegd"),
        lambda: services.afname_afronden(actor=cast.leerkracht_a, afname=afname),
        lambda: services.afname_verwijderen(actor=cast.ib_a, afname=afname),
    ):
        with pytest.raises((ValidationError, PermissionDenied)):
            doe()
    afname.refresh_from_db()
    assert afname.status == "afgerond" and afname.opmerking == ""
    assert antwoord_rijen(afname) == voor
    assert Score.objects.filter(afname=afname).count() == vpi.gebieden.filter(scoren=True).count()


def test_a_finished_afname_is_refused_by_the_service_with_a_message(cast, vpi):
    """Whoever holds the pupil's invul grant but meets a finished afname (a stale page) is told why."""
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    stale = Afname.objects.get(pk=afname.pk)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden=alle_antwoorden(vpi))
    services.afname_afronden(actor=cast.leerkracht_a, afname=afname)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.afname_opslaan(actor=cast.leerkracht_a, afname=stale, antwoorden={schaalvragen(vpi)[0]: 0})
    assert Antwoord.objects.get(afname=afname, vraag__code=schaalvragen(vpi)[0]).waarde == 1


def test_a_finished_afname_refuses_a_model_save_and_delete(cast, vpi):
    afname = afgeronde_afname(cast, vpi)
    rij = Afname.objects.get(pk=afname.pk)
    rij.opmerking = "Stiekem gewijzigd"
    with pytest.raises(TypeError):
        rij.save()
    with pytest.raises(TypeError):
        Afname.objects.get(pk=afname.pk).delete()
    antwoord = Antwoord.objects.filter(afname=afname).first()
    antwoord.waarde = 0 if antwoord.waarde else 1
    with pytest.raises(TypeError):
        antwoord.save()
    with pytest.raises(TypeError):
        Antwoord.objects.filter(afname=afname).first().delete()
    score = Score.objects.filter(afname=afname).first()
    with pytest.raises(TypeError):
        score.save()
    with pytest.raises(TypeError):
        Score.objects.filter(afname=afname).update(ruw=0)
    rij = Afname.objects.get(pk=afname.pk)
    assert rij.opmerking == "" and Afname.objects.filter(pk=afname.pk).exists()


def test_a_finished_afname_cannot_be_changed_or_thrown_away_through_the_page(cast, client, vpi):
    """E.g. the IB'er's form, still open, sent after the teacher finished the afname: nothing changes
    and the page says why (not a bare 403)."""
    afname = afgeronde_afname(cast, vpi)
    voor = antwoord_rijen(afname)
    for user in (cast.leerkracht_a, cast.ib_a):
        client.force_login(user)
        for data in (
            formulier(vpi, dict.fromkeys(schaalvragen(vpi), 3), actie="opslaan"),
            formulier(vpi, dict.fromkeys(schaalvragen(vpi), 3), actie="afronden"),
            {"actie": "verwijderen"},
        ):
            response = client.post(afname_url(afname), data, follow=True)
            assert response.redirect_chain == [(afname_url(afname), 302)]
            page = response.content.decode()
            assert "Deze vragenlijst is al afgerond en verandert niet meer." in page
            assert "Scores per gebied" in page
    assert Afname.objects.get(pk=afname.pk).status == "afgerond"
    assert antwoord_rijen(afname) == voor
    # Someone who only reads the result cannot post at all.
    client.force_login(cast.ouder)
    assert client.post(afname_url(afname), {"actie": "verwijderen"}).status_code in (302, 403)
    assert Afname.objects.filter(pk=afname.pk).exists()


def test_a_concept_can_be_thrown_away(cast, client, vpi):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={schaalvragen(vpi)[0]: 1})
    client.force_login(cast.leerkracht_a)
    response = client.post(afname_url(afname), {"actie": "verwijderen"})
    assert response.status_code == 302
    assert not Afname.objects.filter(pk=afname.pk).exists()
    assert not Antwoord.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="instrumenten.afname", object_id=str(afname.pk))


# --- Bad answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("waarde", [7, -1, "x", True, 2.5, "1; DROP TABLE", 4, [1]])
def test_an_answer_outside_the_scale_is_refused_at_its_question_with_nothing_saved(cast, vpi, waarde):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    codes = schaalvragen(vpi)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={codes[0]: 2})
    voor = antwoord_rijen(afname)
    with pytest.raises(ValidationError) as exc:
        services.afname_opslaan(
            actor=cast.leerkracht_a, afname=afname, antwoorden={codes[0]: 1, codes[1]: 2, codes[5]: waarde}
        )
    assert exc.value.message_dict == {codes[5]: ["Kies een van de antwoorden (0 tot en met 3)."]}
    assert antwoord_rijen(afname) == voor


@pytest.mark.parametrize("waarde", ["7", "-1", "x", "True", "1.0"])
def test_the_page_refuses_an_answer_outside_the_scale_at_its_question(cast, client, vpi, waarde):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    codes = schaalvragen(vpi)
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={codes[0]: 2})
    voor = antwoord_rijen(afname)
    client.force_login(cast.leerkracht_a)
    response = client.post(afname_url(afname), formulier(vpi, {codes[0]: 1, codes[3]: waarde}, actie="opslaan"))
    assert response.status_code == 400
    page = response.content.decode()
    vraag = vpi.vragen.get(code=codes[3])
    assert f'<p class="error" id="id_vraag_{vraag.pk}_error">Kies een van de antwoorden.</p>' in page
    assert antwoord_rijen(afname) == voor


def test_an_unknown_question_code_is_refused(cast, vpi):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    with pytest.raises(ValidationError) as exc:
        services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={"99.9": 1})
    assert exc.value.message_dict == {"99.9": ["Deze vraag hoort niet bij deze vragenlijst."]}
    assert not Antwoord.objects.exists()


def test_open_text_over_4000_characters_is_refused_with_nothing_saved(cast, client, vpi):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    tekstvraag = vpi.vragen.filter(soort="tekst").first()
    codes = schaalvragen(vpi)
    with pytest.raises(ValidationError) as exc:
        services.afname_opslaan(
            actor=cast.leerkracht_a, afname=afname, antwoorden={codes[0]: 1, tekstvraag.code: "x" * 4001}
        )
    assert exc.value.message_dict == {tekstvraag.code: ["Gebruik hoogstens 4000 tekens (nu 4001)."]}
    with pytest.raises(ValidationError) as exc:
        services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={}, opmerking="y" * 4001)
    assert exc.value.message_dict == {"opmerking": ["Gebruik hoogstens 4000 tekens (nu 4001)."]}
    assert not Antwoord.objects.exists()

    client.force_login(cast.leerkracht_a)
    response = client.post(
        afname_url(afname), formulier(vpi, {codes[0]: 1, tekstvraag.code: "x" * 4001}, actie="opslaan")
    )
    assert response.status_code == 400
    assert f'id="id_vraag_{tekstvraag.pk}_error"' in response.content.decode()
    assert not Antwoord.objects.exists()
    # Exactly 4000 is fine.
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={tekstvraag.code: "x" * 4000})
    assert len(Antwoord.objects.get(afname=afname).tekst) == 4000


def test_an_afname_belongs_to_a_running_traject_of_the_same_pupil(cast, vpi):
    from tests.trajecten import aanvragen_helpers as ah

    eigen = ah.start(cast)
    ander = ah.start(cast, leerling=cast.leerling_b)
    with pytest.raises(ValidationError) as exc:
        services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a, traject=ander)
    assert "traject" in exc.value.message_dict
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a, traject=eigen)
    assert afname.traject == eigen


def test_a_peildatum_in_the_future_or_before_birth_is_refused(cast, vpi):
    from datetime import timedelta

    for peildatum in (timezone.localdate() + timedelta(days=1), cast.leerling_a.geboortedatum - timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            services.afname_starten(
                actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a, peildatum=peildatum
            )
        assert "peildatum" in exc.value.message_dict
    assert not Afname.objects.exists()


# --- Versions ----------------------------------------------------------------------------------


def test_a_new_instrument_version_leaves_existing_afnames_on_their_version(cast, client, vpi):
    afgerond = afgeronde_afname(cast, vpi)
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    data = json.loads(services.preset_inhoud("vpi"))
    data["naam"] = "VPI, tweede uitgave"
    data["delen"][0]["gebieden"][0]["vragen"].append({"code": "1.99", "tekst": "Een nieuwe vraag."})
    nieuw = services.instrument_laden(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, inhoud=json.dumps(data).encode()
    )
    assert nieuw.versie == 2
    afgerond.refresh_from_db()
    concept.refresh_from_db()
    assert afgerond.instrument_id == concept.instrument_id == vpi.pk

    # The concept is finished on its own version, with its own questions.
    services.afname_opslaan(actor=cast.leerkracht_a, afname=concept, antwoorden=alle_antwoorden(vpi))
    services.afname_afronden(actor=cast.leerkracht_a, afname=concept)
    assert Score.objects.get(afname=concept, gebied__code="emoties").maximum == 18
    client.force_login(cast.leerkracht_a)
    assert "Een nieuwe vraag." not in client.get(afname_url(concept)).content.decode()

    # New afnames use the new version; the old one is no longer offered.
    vpi.refresh_from_db()
    with pytest.raises(ValidationError):
        services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    page = client.get(lijst_url(cast.leerling_a)).content.decode()
    assert f'<option value="{nieuw.pk}">VPI, tweede uitgave</option>' in page
    assert f'<option value="{vpi.pk}">{vpi.naam}</option>' not in page
    response = client.post(
        lijst_url(cast.leerling_a), {"formulier": "starten", "instrument": vpi.pk, "peildatum": "2026-01-05"}
    )
    assert response.status_code == 400
    assert Afname.objects.filter(instrument=vpi).count() == 2
    derde = afgeronde_afname(cast, nieuw, waarde=1)
    assert Score.objects.get(afname=derde, gebied__code="emoties").maximum == 21
    # Afnames of two versions of one instrument are compared by area code.
    response = client.get(
        f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/vergelijken/?eerste={afgerond.pk}&tweede={derde.pk}"
    )
    assert response.status_code == 200


# --- Who sees what ------------------------------------------------------------------------------


def test_a_parent_sees_finished_afnames_but_not_the_teachers_concept(cast, client, vpi):
    afgerond = afgeronde_afname(cast, vpi)
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    client.force_login(cast.ouder)
    page = client.get(lijst_url(cast.leerling_a)).content.decode()
    assert afname_url(afgerond) in page
    assert afname_url(concept) not in page
    assert "Nog niet afgerond" not in page
    assert client.get(afname_url(afgerond)).status_code == 200
    assert client.get(afname_url(concept)).status_code == 404
    assert AuditEvent.objects.filter(
        result="denied", object_type="instrumenten.afname", detail__gevraagd_id=str(concept.pk)
    ).exists()
    # The parent does not start the school's version either.
    assert f'<option value="{vpi.pk}">{vpi.naam}</option>' not in page
    with pytest.raises(PermissionDenied):
        services.afname_starten(actor=cast.ouder, instrument=vpi, leerling=cast.leerling_a)


def test_a_parents_concept_is_seen_only_by_that_parent(cast, client, vpi_ouder):
    vader = tweede_ouder(cast)
    concept = services.afname_starten(actor=cast.ouder, instrument=vpi_ouder, leerling=cast.leerling_a)
    services.afname_opslaan(
        actor=cast.ouder, afname=concept, antwoorden={"1.1.1": 2}, opmerking="Thuis is hij vaak moe."
    )
    client.force_login(cast.ouder)
    assert afname_url(concept) in client.get(lijst_url(cast.leerling_a)).content.decode()
    assert "Thuis is hij vaak moe." in client.get(afname_url(concept)).content.decode()

    for user in (vader, cast.leerkracht_a, cast.ib_a, cast.directeur_a):
        client.force_login(user)
        assert afname_url(concept) not in client.get(lijst_url(cast.leerling_a)).content.decode(), user
        assert client.get(afname_url(concept)).status_code == 404, user
        with pytest.raises(PermissionDenied):
            services.afname_opslaan(actor=user, afname=concept, antwoorden={"1.1.1": 0})
    assert Antwoord.objects.get(afname=concept).waarde == 2
    assert concept not in selectors.open_vragenlijsten(actor=vader)


def test_outsiders_do_not_reach_the_pupils_questionnaires(cast, client, vpi):
    afgerond = afgeronde_afname(cast, vpi)
    for persona in ("leerkracht_andere_groep", "ib_b", "rvz", "trajectbegeleider", "extern", "beheerder_other"):
        client.force_login(cast.users[persona])
        assert client.get(lijst_url(cast.leerling_a)).status_code in (403, 404), persona
        assert client.get(afname_url(afgerond)).status_code in (403, 404), persona
        assert client.get(f"{afname_url(afgerond)}pdf/").status_code in (403, 404), persona


def test_an_invited_external_reads_finished_results(cast, client, vpi):
    afgerond = afgeronde_afname(cast, vpi)
    client.force_login(cast.extern_uitgenodigd)
    assert client.get(afname_url(afgerond)).status_code == 200
    with pytest.raises(PermissionDenied):
        services.afname_starten(actor=cast.extern_uitgenodigd, instrument=vpi, leerling=cast.leerling_a)


def test_another_pupils_afname_under_pupil_as_url_answers_404_and_is_audited(cast, client, vpi):
    anders = afgeronde_afname(cast, vpi, actor=cast.ib_b, leerling=cast.leerling_b)
    client.force_login(cast.leerkracht_a)
    for url in (
        f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/{anders.pk}/",
        f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/{anders.pk}/pdf/",
    ):
        voor = AuditEvent.objects.filter(result="denied").count()
        assert client.get(url).status_code == 404
        denial = AuditEvent.objects.filter(result="denied").order_by("-id").first()
        assert AuditEvent.objects.filter(result="denied").count() > voor
        assert denial.object_type == "instrumenten.afname"
        assert denial.actor_user_id == cast.leerkracht_a.pk
        assert denial.detail.get("gevraagd_id") == str(anders.pk)
        assert denial.leerling_id == cast.leerling_a.pk
    # Posting answers to it is refused the same way, and changes nothing.
    voor = antwoord_rijen(anders)
    response = client.post(
        f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/{anders.pk}/",
        formulier(vpi, {schaalvragen(vpi)[0]: 3}, actie="opslaan"),
    )
    assert response.status_code == 404
    assert antwoord_rijen(anders) == voor
    # And comparing with it.
    eigen = afgeronde_afname(cast, vpi)
    response = client.get(
        f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/vergelijken/?eerste={eigen.pk}&tweede={anders.pk}"
    )
    assert response.status_code == 404


# --- Asking the parents ---------------------------------------------------------------------------


def test_the_school_asks_the_parents_who_fill_it_in_from_mijn_taken(cast, client, vpi_ouder):
    client.force_login(cast.leerkracht_a)
    response = client.post(lijst_url(cast.leerling_a), {"formulier": "ouders_vragen", "instrument": vpi_ouder.pk})
    assert response.status_code == 302
    gevraagd = Afname.objects.get(leerling=cast.leerling_a)
    assert (gevraagd.status, gevraagd.gevraagd_door, gevraagd.ingevuld_door) == ("gevraagd", cast.leerkracht_a, None)
    page = client.get(lijst_url(cast.leerling_a)).content.decode()
    assert "Klaargezet voor de ouders door Leerkracht A" in page
    # Asking twice is refused.
    response = client.post(lijst_url(cast.leerling_a), {"formulier": "ouders_vragen", "instrument": vpi_ouder.pk})
    assert response.status_code == 400
    assert "De ouders zijn al gevraagd deze vragenlijst in te vullen." in response.content.decode()
    # The school cannot fill in the parents' version.
    assert client.get(afname_url(gevraagd)).status_code == 200
    assert 'value="opslaan"' not in client.get(afname_url(gevraagd)).content.decode()  # the school does not fill it in
    assert client.post(afname_url(gevraagd), formulier(vpi_ouder, {"1.1.1": 1}, actie="opslaan")).status_code == 403

    client.force_login(cast.ouder)
    home = client.get("/").content.decode()
    assert f"Invullen: {vpi_ouder.naam}" in home
    assert f'href="{afname_url(gevraagd)}"' in home

    codes = schaalvragen(vpi_ouder)
    response = client.post(afname_url(gevraagd), formulier(vpi_ouder, dict.fromkeys(codes[:5], 1), actie="opslaan"))
    assert response.status_code == 302
    gevraagd.refresh_from_db()
    assert (gevraagd.status, gevraagd.ingevuld_door, gevraagd.ingevuld_als) == ("concept", cast.ouder, "ouder")
    assert f"Afmaken: {vpi_ouder.naam}" in client.get("/").content.decode()

    response = client.post(afname_url(gevraagd), formulier(vpi_ouder, dict.fromkeys(codes, 2), actie="afronden"))
    assert response.status_code == 302
    gevraagd.refresh_from_db()
    assert gevraagd.status == "afgerond"
    assert vpi_ouder.naam not in client.get("/").content.decode()
    # The school now sees the parents' result.
    client.force_login(cast.leerkracht_a)
    assert client.get(afname_url(gevraagd)).status_code == 200
    assert "Scores per gebied" in client.get(afname_url(gevraagd)).content.decode()


def test_only_a_parents_version_can_be_asked_of_the_parents(cast, vpi, vpi_ouder):
    with pytest.raises(ValidationError):
        services.afname_ouders_vragen(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    for persona in ("ouder", "trajectbegeleider", "leerkracht_andere_groep"):
        with pytest.raises(PermissionDenied):
            services.afname_ouders_vragen(actor=cast.users[persona], instrument=vpi_ouder, leerling=cast.leerling_a)
    assert not Afname.objects.exists()


def test_the_other_parent_cannot_write_into_a_request_the_first_parent_picked_up_meanwhile(cast, vpi_ouder):
    """Both parents opened the school's request; the mother saved first, so it is now her concept.
    The father's form (his copy still says 'gevraagd') must not land in it."""
    vader = tweede_ouder(cast)
    gevraagd = services.afname_ouders_vragen(actor=cast.ib_a, instrument=vpi_ouder, leerling=cast.leerling_a)
    kopie_vader = Afname.objects.get(pk=gevraagd.pk)
    services.afname_opslaan(actor=cast.ouder, afname=gevraagd, antwoorden={"1.1.1": 3}, opmerking="Van moeder")
    voor = antwoord_rijen(gevraagd)
    for doe in (
        lambda: services.afname_opslaan(actor=vader, afname=kopie_vader, antwoorden={"1.1.1": 0}, opmerking="Vader"),
        lambda: services.afname_afronden(actor=vader, afname=kopie_vader),
        lambda: services.afname_verwijderen(actor=vader, afname=kopie_vader),
    ):
        with pytest.raises(PermissionDenied):
            doe()
    rij = Afname.objects.get(pk=gevraagd.pk)
    assert (rij.status, rij.ingevuld_door, rij.opmerking) == ("concept", cast.ouder, "Van moeder")
    assert antwoord_rijen(gevraagd) == voor


def test_finishing_a_request_nobody_started_is_refused(cast, vpi_ouder):
    gevraagd = services.afname_ouders_vragen(actor=cast.ib_a, instrument=vpi_ouder, leerling=cast.leerling_a)
    with pytest.raises(ValidationError):
        services.afname_afronden(actor=cast.ouder, afname=gevraagd)
    assert Afname.objects.get(pk=gevraagd.pk).status == "gevraagd"


# --- Timeline, escaping, PDF, application --------------------------------------------------------


def test_the_timeline_shows_a_finished_afname(cast, client, vpi):
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    afgerond = afgeronde_afname(cast, vpi)
    for user in (cast.leerkracht_a, cast.ouder):
        client.force_login(user)
        page = client.get(f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/").content.decode()
        assert f"{vpi.naam} afgerond door Leerkracht A" in page
        assert f'href="{afname_url(afgerond)}"' in page
        assert afname_url(concept) not in page


def test_free_text_is_escaped_on_every_page(cast, client, vpi):
    tekstvraag = vpi.vragen.filter(soort="tekst").first()
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    antwoorden = {**alle_antwoorden(vpi), tekstvraag.code: f"Regel een\n{SCRIPT}"}
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden=antwoorden, opmerking=f"Let op {SCRIPT}")
    client.force_login(cast.leerkracht_a)
    invullen = client.get(afname_url(afname)).content.decode()
    assert SCRIPT not in invullen and ESCAPED in invullen
    services.afname_afronden(actor=cast.leerkracht_a, afname=afname)
    page = client.get(afname_url(afname)).content.decode()
    assert SCRIPT not in page
    assert f"Regel een<br>{ESCAPED}" in page
    assert f"Let op {ESCAPED}" in page


def test_a_teacher_name_with_markup_is_escaped_in_lists(cast, client, vpi):
    cast.leerkracht_a.naam = f"Juf {SCRIPT}"
    cast.leerkracht_a.save(update_fields=["naam"])
    afgerond = afgeronde_afname(cast, vpi)
    services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    client.force_login(cast.leerkracht_a)
    for url in (lijst_url(cast.leerling_a), afname_url(afgerond), f"/leerlingen/{cast.leerling_a.pk}/tijdlijn/", "/"):
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url


def test_the_pdf_of_a_finished_afname_and_none_of_a_concept(cast, client, vpi):
    normtabel(cast, vpi)
    afgerond = afgeronde_afname(cast, vpi)
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    client.force_login(cast.leerkracht_a)
    response = client.get(f"{afname_url(afgerond)}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="export", object_type="instrumenten.afname", object_id=str(afgerond.pk)
    ).exists()
    assert client.get(f"{afname_url(concept)}pdf/").status_code == 404


def test_a_finished_afname_is_attached_to_a_concept_application_and_not_after_submission(cast, client, vpi):
    from tests.trajecten import aanvragen_helpers as ah
    from tests.trajecten import helpers as h

    afgerond = afgeronde_afname(cast, vpi)
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    anders = afgeronde_afname(cast, vpi, actor=cast.ib_b, leerling=cast.leerling_b)
    aanvraag = ah.concept(cast)
    ib = cast.ib_a

    for verkeerd in (concept, anders):
        with pytest.raises(ValidationError):
            services.afname_bijvoegen(actor=ib, aanvraag=aanvraag, afname=verkeerd)
    with pytest.raises(PermissionDenied):
        services.afname_bijvoegen(actor=cast.ouder, aanvraag=aanvraag, afname=afgerond)

    koppeling = services.afname_bijvoegen(actor=ib, aanvraag=aanvraag, afname=afgerond)
    assert services.afname_bijvoegen(actor=ib, aanvraag=aanvraag, afname=afgerond) == koppeling
    assert selectors.bijgevoegd_bij(aanvraag) == [afgerond]
    assert AuditEvent.objects.filter(
        action="update", object_type="trajecten.aanvraag", detail__afname_bijgevoegd=afgerond.pk
    ).exists()

    client.force_login(ib)
    page = client.get(f"/trajecten/{aanvraag.traject_id}/aanvragen/{aanvraag.pk}/").content.decode()
    assert f'href="{afname_url(afgerond)}"' in page

    # Attached through the page, the second finished one.
    tweede = afgeronde_afname(cast, vpi, waarde=2)
    response = client.post(
        f"/trajecten/{aanvraag.traject_id}/aanvragen/{aanvraag.pk}/vragenlijsten/", {"afname": tweede.pk}
    )
    assert response.status_code == 302
    assert AfnameBijAanvraag.objects.filter(aanvraag=aanvraag).count() == 2

    h.stap(aanvraag.traject, ib, "indienen")
    aanvraag.refresh_from_db()
    assert aanvraag.status != "concept"
    derde = afgeronde_afname(cast, vpi, waarde=3)
    with pytest.raises(ValidationError):
        services.afname_bijvoegen(actor=ib, aanvraag=aanvraag, afname=derde)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.afname_losmaken(actor=ib, aanvraag=aanvraag, afname=afgerond)
    client.post(f"/trajecten/{aanvraag.traject_id}/aanvragen/{aanvraag.pk}/vragenlijsten/", {"afname": derde.pk})
    assert AfnameBijAanvraag.objects.filter(aanvraag=aanvraag).count() == 2
    # The partnership sees the attached results with the application.
    client.force_login(cast.trajectbegeleider)
    page = client.get(f"/trajecten/{aanvraag.traject_id}/aanvragen/{aanvraag.pk}/").content.decode()
    assert f'href="{afname_url(afgerond)}"' in page
    assert client.get(afname_url(afgerond)).status_code == 200


# --- Comparison ------------------------------------------------------------------------------------


def test_the_comparison_shows_the_change_per_area(cast, client, vpi):
    eerder = afgeronde_afname(cast, vpi, waarde=2, peildatum=date(2025, 9, 1))
    later = afgeronde_afname(cast, vpi, waarde=1)
    client.force_login(cast.leerkracht_a)
    lijst = client.get(lijst_url(cast.leerling_a)).content.decode()
    assert "twee afnames vergelijken" in lijst
    # Either order: the earlier peildatum comes first.
    for a, b in ((eerder, later), (later, eerder)):
        response = client.get(
            f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/vergelijken/?eerste={a.pk}&tweede={b.pk}"
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "-6 (minder ondersteuning)" in page  # emoties: 6 questions, 2 → 1
        assert page.count('class="profielgrafiek"') == vpi.delen.filter(gebieden__scoren=True).distinct().count()
    for afname in (eerder, later):
        assert (
            AuditEvent.objects.filter(
                action="view",
                object_type="instrumenten.afname",
                object_id=str(afname.pk),
                actor_user_id=cast.leerkracht_a.pk,
            ).count()
            == 2
        )
    concept = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    for eerste, tweede in ((eerder.pk, concept.pk), (eerder.pk, eerder.pk), ("x", later.pk)):
        url = f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/vergelijken/?eerste={eerste}&tweede={tweede}"
        assert client.get(url).status_code == 404


# --- Audit and queries -----------------------------------------------------------------------------


def test_every_view_and_every_change_is_audited(cast, client, vpi):
    client.force_login(cast.leerkracht_a)

    def nieuw(**filters):
        return AuditEvent.objects.filter(actor_user_id=cast.leerkracht_a.pk, result="success", **filters)

    client.get(lijst_url(cast.leerling_a))
    assert nieuw(action="search", object_type="instrumenten.afname", leerling_id=cast.leerling_a.pk).count() == 1
    client.post(lijst_url(cast.leerling_a), {"formulier": "starten", "instrument": vpi.pk, "peildatum": "2026-01-05"})
    afname = Afname.objects.get()
    assert nieuw(action="create", object_type="instrumenten.afname", object_id=str(afname.pk)).count() == 1
    client.get(afname_url(afname))
    assert nieuw(action="view", object_type="instrumenten.afname", object_id=str(afname.pk)).exists()
    client.post(afname_url(afname), formulier(vpi, alle_antwoorden(vpi), actie="afronden"))
    afronden = nieuw(
        action="update", object_type="instrumenten.afname", object_id=str(afname.pk), detail__afgerond=True
    )
    assert afronden.count() == 1
    row = afronden.get()
    assert row.leerling_id == cast.leerling_a.pk and row.role == "leerkracht"
    views = nieuw(action="view", object_type="instrumenten.afname", object_id=str(afname.pk)).count()
    client.get(afname_url(afname))
    assert nieuw(action="view", object_type="instrumenten.afname", object_id=str(afname.pk)).count() == views + 1


def _afgeronde(cast, vpi, aantal: int) -> None:
    for i in range(aantal - Afname.objects.filter(status="afgerond").count()):
        afgeronde_afname(cast, vpi, waarde=i % 4, peildatum=date(2025, 1 + i % 12, 1))


@pytest.mark.parametrize("persona", ["leerkracht_a", "ouder", "ib_a"])
def test_the_list_and_result_pages_cost_the_same_with_1_or_8_finished_afnames(cast, client, vpi, persona):
    normtabel(cast, vpi)
    services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    client.force_login(cast.users[persona])
    eerste = afgeronde_afname(cast, vpi)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = (lijst_url(cast.leerling_a), afname_url(eerste), f"{afname_url(eerste)}pdf/")
    een = [count(url) for url in urls]
    _afgeronde(cast, vpi, 8)
    assert Afname.objects.filter(status="afgerond").count() == 8
    assert [count(url) for url in urls] == een


def test_the_fill_in_page_costs_the_same_with_few_or_all_answers(cast, client, vpi):
    afname = services.afname_starten(actor=cast.leerkracht_a, instrument=vpi, leerling=cast.leerling_a)
    client.force_login(cast.leerkracht_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(afname_url(afname)).status_code == 200
        return len(ctx.captured_queries)

    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden={schaalvragen(vpi)[0]: 1})
    een = count()
    services.afname_opslaan(actor=cast.leerkracht_a, afname=afname, antwoorden=alle_antwoorden(vpi))
    assert count() == een


def test_the_instruments_of_another_partnership_are_not_offered(cast, vpi):
    elders = services.instrument_preset_installeren(
        actor=cast.beheerder_other, samenwerkingsverband=cast.swv_other, code="leerling_stem"
    )
    assert elders not in selectors.te_starten(actor=cast.leerkracht_a, leerling=cast.leerling_a)
    with pytest.raises(ValidationError):
        services.afname_starten(actor=cast.leerkracht_a, instrument=elders, leerling=cast.leerling_a)
    assert Instrument.objects.filter(samenwerkingsverband=cast.swv).count() == 1


def test_the_school_withdraws_its_request_to_the_parents_the_parents_cannot(cast, client):
    from passend.instrumenten.models import Afname
    from tests.instrumenten.helpers import installeer

    ouderversie = installeer(cast, "vpi_ouder")
    verzoek = services.afname_ouders_vragen(actor=cast.leerkracht_a, instrument=ouderversie, leerling=cast.leerling_a)
    url = f"/leerlingen/{cast.leerling_a.pk}/vragenlijsten/{verzoek.pk}/"

    client.force_login(cast.ouder)
    assert "Deze vragenlijst weggooien" not in client.get(url).content.decode()
    assert client.post(url, {"actie": "verwijderen"}).status_code == 403
    assert Afname.objects.filter(pk=verzoek.pk).exists()

    client.force_login(cast.ib_a)
    pagina = client.get(url).content.decode()
    assert "Verzoek aan de ouders intrekken" in pagina
    antwoord = client.post(url, {"actie": "verwijderen"})
    assert antwoord.status_code == 302
    assert not Afname.objects.filter(pk=verzoek.pk).exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="instrumenten.afname", actor_user_id=cast.ib_a.pk
    ).exists()


def test_the_school_withdraws_its_request_through_the_api(cast, client):
    from passend.instrumenten.models import Afname
    from tests.instrumenten.helpers import installeer

    verzoek = services.afname_ouders_vragen(
        actor=cast.leerkracht_a, instrument=installeer(cast, "vpi_ouder"), leerling=cast.leerling_a
    )
    client.force_login(cast.ouder)
    assert client.delete(f"/api/v1/afnames/{verzoek.pk}/").status_code == 403
    client.force_login(cast.leerkracht_a)
    assert client.delete(f"/api/v1/afnames/{verzoek.pk}/").status_code == 204
    assert not Afname.objects.filter(pk=verzoek.pk).exists()
