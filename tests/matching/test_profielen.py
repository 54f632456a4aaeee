"""Schools' profiles on the five fields: written by the director, checked by the partnership; the
partnership's scale and basisondersteuning; pupils' needs. Bad input is refused at its field."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passend.accounts.models import Lidmaatschap
from passend.core.models import AuditEvent
from passend.matching import selectors, services
from passend.matching.models import Behoefteprofiel, Ondersteuningsprofiel, Profielcontrole
from tests.matching.helpers import behoefte, niveaus, profiel

SCRIPT = "<script>alert(1)</script>"


def test_a_directors_profile_waits_for_the_check_and_matching_keeps_the_approved_one(cast, client):
    profiel(cast, cast.school_a, 1, 1, 1, 1, 1)
    client.force_login(cast.directeur_a)
    url = f"/netwerk/profielen/school/{cast.school_a.pk}/"
    data = {**dict.fromkeys(niveaus(0, 0, 0, 0, 0), "3"), "samenvatting": "Breder dan vorig jaar."}
    assert client.post(url, data).status_code == 302
    stand = selectors.profielstanden(cast.swv.pk)[f"school:{cast.school_a.pk}"]
    assert stand.vastgesteld.niveaus() == (1, 1, 1, 1, 1) and stand.ter_controle.niveaus() == (3, 3, 3, 3, 3)
    assert next(s for s in selectors.settings_van(cast.swv.pk) if s.naam == "School A").niveaus == (1, 1, 1, 1, 1)

    client.force_login(cast.beheerder)
    zonder_reden = client.post(
        "/netwerk/profielen/controle/",
        {"profiel": stand.ter_controle.pk, f"p{stand.ter_controle.pk}-uitkomst": "teruggestuurd"},
    )
    assert zonder_reden.status_code == 400 and "Schrijf waarom het profiel terug gaat" in zonder_reden.content.decode()
    assert (
        client.post(
            "/netwerk/profielen/controle/",
            {"profiel": stand.ter_controle.pk, f"p{stand.ter_controle.pk}-uitkomst": "goedgekeurd"},
        ).status_code
        == 302
    )
    assert next(s for s in selectors.settings_van(cast.swv.pk) if s.naam == "School A").niveaus == (3, 3, 3, 3, 3)
    with pytest.raises(ValidationError, match="al gecontroleerd"):
        services.ondersteuningsprofiel_controleren(
            actor=cast.beheerder, profiel=stand.ter_controle, uitkomst="teruggestuurd", opmerking="Toch niet."
        )


@pytest.mark.parametrize("persona", ["ib_a", "leerkracht_a", "ib_b", "rvz", "trajectbegeleider"])
def test_only_the_director_and_the_partnership_write_a_profile(cast, client, persona):
    client.force_login(getattr(cast, persona))
    voor = AuditEvent.objects.filter(result="denied").count()
    antwoord = client.post(f"/netwerk/profielen/school/{cast.school_a.pk}/", dict.fromkeys(niveaus(0, 0, 0, 0, 0), "2"))
    assert antwoord.status_code == 403
    assert AuditEvent.objects.filter(result="denied").count() > voor
    assert not Ondersteuningsprofiel.objects.exists()


def test_the_director_of_another_partnership_does_not_find_the_school(cast, client):
    client.force_login(cast.beheerder_other)
    assert client.get(f"/netwerk/profielen/school/{cast.school_a.pk}/").status_code == 404


def test_a_director_writes_the_profile_of_the_provision_at_their_school(cast):
    cast.voorziening.school = cast.school_a
    cast.voorziening.save()
    services.ondersteuningsprofiel_opstellen(
        actor=cast.directeur_a, setting=cast.voorziening, niveaus=niveaus(3, 3, 3, 3, 3)
    )
    with pytest.raises(PermissionDenied):
        services.ondersteuningsprofiel_opstellen(
            actor=cast.directeur_a, setting=cast.school_b, niveaus=niveaus(1, 1, 1, 1, 1)
        )


@pytest.mark.parametrize(
    ("veld", "waarde", "bericht"),
    [
        ("materiaal", "", "Kies een niveau voor onderwijsmateriaal."),
        ("materiaal", "9", "Kies een van de niveaus."),
        ("expertise", "onduidelijk", "Kies een van de niveaus."),
    ],
)
def test_bad_profile_input_is_refused_at_its_field_and_nothing_saved(cast, client, veld, waarde, bericht):
    client.force_login(cast.directeur_a)
    data = {**dict.fromkeys(niveaus(0, 0, 0, 0, 0), "2"), veld: waarde, "toelichting_ruimte": SCRIPT}
    antwoord = client.post(f"/netwerk/profielen/school/{cast.school_a.pk}/", data)
    assert antwoord.status_code == 400
    assert bericht in antwoord.content.decode()
    assert SCRIPT not in antwoord.content.decode()
    assert not Ondersteuningsprofiel.objects.exists()


def test_free_text_is_stored_and_shown_escaped(cast, client):
    services.ondersteuningsprofiel_opstellen(
        actor=cast.beheerder, setting=cast.school_a, niveaus=niveaus(1, 1, 1, 1, 1), toelichtingen={"ruimte": SCRIPT}
    )
    client.force_login(cast.leerkracht_a)
    pagina = client.get(f"/netwerk/profielen/school/{cast.school_a.pk}/").content.decode()
    assert SCRIPT not in pagina and "&lt;script&gt;" in pagina


def test_needs_a_level_off_the_scale_or_of_another_pupil_are_refused(cast):
    with pytest.raises(ValidationError) as fout:
        services.behoefteprofiel_vaststellen(
            actor=cast.ib_a, leerling=cast.leerling_a, niveaus={**niveaus(1, 1, 1, 1, 1), "ruimte": 5}
        )
    assert fout.value.message_dict == {"ruimte": ["Kies een niveau van 0 tot en met 4."]}
    assert not Behoefteprofiel.objects.exists()
    with pytest.raises(PermissionDenied):
        behoefte(cast, 1, 1, 1, 1, 1, actor=cast.leerkracht_andere_groep)


def test_needs_may_be_unclear_and_each_version_is_kept(cast):
    eerste = behoefte(cast, 2, None, 1, 2, 0)
    assert eerste.is_onduidelijk
    tweede = behoefte(cast, 2, 2, 1, 2, 0)
    assert selectors.huidig_behoefteprofiel(cast.leerling_a) == tweede
    with pytest.raises(TypeError):
        eerste.save()
    with pytest.raises(TypeError):
        Behoefteprofiel.objects.filter(pk=eerste.pk).update(materiaal=4)


def test_the_parent_reads_the_needs_but_does_not_write_them(cast, client):
    behoefte(cast, 2, 2, 1, 2, 0)
    client.force_login(cast.ouder)
    url = f"/leerlingen/{cast.leerling_a.pk}/onderwijsbehoeften/"
    assert client.get(url).status_code == 200
    assert client.post(url, dict.fromkeys(niveaus(0, 0, 0, 0, 0), "1")).status_code == 403
    assert Behoefteprofiel.objects.count() == 1


def test_a_shorter_scale_is_refused_while_a_level_above_it_is_in_use(cast, client):
    profiel(cast, cast.school_a, 4, 1, 1, 1, 1)
    client.force_login(cast.beheerder)
    data = {"veld": "aandacht_tijd", **{f"aandacht_tijd-niveau_{i}": f"Niveau {i}" for i in range(3)}}
    antwoord = client.post("/beheer/vijf-velden/", data)
    assert antwoord.status_code == 400 and "Niveaus boven 2 worden nog gebruikt" in antwoord.content.decode()
    data = {"veld": "materiaal", **{f"materiaal-niveau_{i}": f"Materiaal {i}" for i in range(4)}}
    assert client.post("/beheer/vijf-velden/", data).status_code == 302
    assert selectors.schaal(cast.swv.pk)["materiaal"] == [(i, f"Materiaal {i}") for i in range(4)]
    with pytest.raises(ValidationError):  # level 4 no longer exists on this partnership's scale
        services.behoefteprofiel_vaststellen(actor=cast.ib_a, leerling=cast.leerling_a, niveaus=niveaus(1, 4, 1, 1, 1))


def test_the_scale_of_another_partnership_is_its_own(cast):
    services.schaal_vaststellen(
        actor=cast.beheerder_other, samenwerkingsverband=cast.swv_other, veld="ruimte", omschrijvingen=["a", "b", "c"]
    )
    assert len(selectors.schaal(cast.swv_other.pk)["ruimte"]) == 3
    assert len(selectors.schaal(cast.swv.pk)["ruimte"]) == 5
    with pytest.raises(PermissionDenied):
        services.schaal_vaststellen(
            actor=cast.beheerder_other, samenwerkingsverband=cast.swv, veld="ruimte", omschrijvingen=["a", "b"]
        )


def test_management_checks_profiles_too(cast):
    from passend.accounts.roles import Rol

    Lidmaatschap.objects.create(
        user=cast.rvz,
        rol=Rol.SWV_MANAGEMENT,
        samenwerkingsverband=cast.swv,
        geldig_van=cast.rvz.lidmaatschappen.first().geldig_van,
    )
    cast.rvz.refresh_from_db()
    nieuw = services.ondersteuningsprofiel_opstellen(
        actor=cast.directeur_a, setting=cast.school_a, niveaus=niveaus(2, 2, 2, 2, 2)
    )
    from passend.accounts.models import User

    manager = User.objects.get(pk=cast.rvz.pk)
    controle = services.ondersteuningsprofiel_controleren(actor=manager, profiel=nieuw, uitkomst="goedgekeurd")
    assert controle.uitkomst == Profielcontrole.Uitkomst.GOEDGEKEURD
