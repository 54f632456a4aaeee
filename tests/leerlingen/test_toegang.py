"""Who sees a pupil, and that every look (and every refusal) is in the audit log."""

from datetime import date, timedelta

import pytest

from passend.accounts.models import Lidmaatschap
from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.leerlingen.models import Leerling
from tests.leerlingen.conftest import leerling_post, niveau_post, ouder_post, snapshot, vandaag, without_csrf

# Teachers of other pupils, school staff elsewhere, partnership roles (no traject yet) and
# beheerders: none of them may see pupil A.
GEEN_TOEGANG = (
    "leerkracht_andere_groep",
    "ib_b",
    "rvz",
    "trajectbegeleider",
    "commissielid",
    "extern",
    "beheerder",
    "beheerder_other",
)
DETAIL_URLS = (
    "/leerlingen/{pk}/",
    "/api/v1/leerlingen/{pk}/",
    "/api/v1/leerlingen/{pk}/ondersteuningsniveaus/",
    "/api/v1/leerlingen/{pk}/ouders/",
)


def _api_ids(response):
    assert response.status_code == 200, response.status_code
    return {row["id"] for row in response.json()["results"]}


def _denied(user):
    return AuditEvent.objects.filter(actor_user_id=user.pk, result=AuditEvent.Result.DENIED)


def test_own_teacher_sees_the_pupil_in_the_list_and_the_dossier(cast, als):
    client = als(cast.leerkracht_a)
    page = client.get("/leerlingen/").content.decode()
    assert f'href="/leerlingen/{cast.leerling_a.pk}/"' in page
    assert "Test, Ryan" in page
    assert "Anders" not in page  # pupil B is at another school
    response = client.get(f"/leerlingen/{cast.leerling_a.pk}/")
    assert response.status_code == 200
    assert "<h1>Ryan Test</h1>" in response.content.decode()
    assert _api_ids(client.get("/api/v1/leerlingen/")) == {cast.leerling_a.pk}
    for url in DETAIL_URLS[1:]:
        assert client.get(url.format(pk=cast.leerling_a.pk)).status_code == 200


@pytest.mark.parametrize("persona", GEEN_TOEGANG)
@pytest.mark.parametrize("url", DETAIL_URLS)
def test_others_get_a_logged_404(cast, als, persona, url):
    user = getattr(cast, persona)
    response = als(user).get(url.format(pk=cast.leerling_a.pk))
    assert response.status_code == 404
    event = _denied(user).get()
    assert event.action == AuditEvent.Action.ACCESS_DENIED
    assert event.object_type == "leerlingen.leerling"
    assert event.detail["gevraagd_id"] == str(cast.leerling_a.pk)


@pytest.mark.parametrize("persona", GEEN_TOEGANG)
def test_others_do_not_find_the_pupil_in_any_list(cast, als, persona):
    user = getattr(cast, persona)
    client = als(user)
    eigen = {cast.leerling_b.pk} if persona == "ib_b" else set()  # ib_b sees pupil B of school B
    assert _api_ids(client.get("/api/v1/leerlingen/")) == eigen
    assert _api_ids(client.get("/api/v1/leerlingen/?zoek=Ryan")) == set()
    response = client.get("/leerlingen/?zoek=Ryan")
    if persona == "extern":
        # Leerlingen is not in an external's menu: the section itself is refused (and logged).
        assert response.status_code == 403
        assert _denied(user).filter(reason="HTTP 403").count() == 1
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Geen leerlingen gevonden." in page
        assert "Ryan" not in page.replace('value="Ryan"', "")


def test_parent_sees_only_their_own_child(cast, als):
    client = als(cast.ouder)
    assert client.get(f"/leerlingen/{cast.leerling_a.pk}/").status_code == 200
    assert client.get(f"/leerlingen/{cast.leerling_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/leerlingen/{cast.leerling_b.pk}/").status_code == 404
    assert _api_ids(client.get("/api/v1/leerlingen/")) == {cast.leerling_a.pk}
    assert _denied(cast.ouder).count() == 2
    # The start page shows the child; the professionals' pupil list is not for parents.
    home = client.get("/").content.decode()
    assert "Mijn kind" in home and f'href="/leerlingen/{cast.leerling_a.pk}/"' in home
    assert "Anders" not in home
    assert client.get("/leerlingen/").status_code == 403


def test_parent_cannot_change_anything(cast, als):
    client = als(cast.ouder)
    pk = cast.leerling_a.pk
    before = Leerling.objects.get(pk=pk).voornaam
    voor = snapshot()
    assert client.post(f"/leerlingen/{pk}/", niveau_post(1)).status_code == 403
    assert client.post(f"/leerlingen/{pk}/bewerken/", leerling_post(cast, voornaam="X")).status_code == 403
    assert client.post(f"/leerlingen/{pk}/ouders/nieuw/", ouder_post()).status_code == 403
    assert _denied(cast.ouder).count() == 3  # one row per refusal
    assert (
        client.patch(f"/api/v1/leerlingen/{pk}/", {"voornaam": "X"}, content_type="application/json").status_code == 403
    )
    assert client.post(f"/api/v1/leerlingen/{pk}/ondersteuningsniveaus/", niveau_post(1)).status_code == 403
    assert client.post(f"/api/v1/leerlingen/{pk}/ouders/", ouder_post()).status_code == 403
    assert Leerling.objects.get(pk=pk).voornaam == before
    assert snapshot() == voor


def test_parent_dossier_links_only_to_pages_the_parent_may_open(cast, als):
    client = als(cast.ouder)
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/").content.decode()
    assert 'href="/leerlingen/"' not in page


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_hidden_and_missing_pupils_answer_alike(cast, als, url):
    client = als(cast.leerkracht_andere_groep)
    hidden = client.get(url.format(pk=cast.leerling_a.pk))
    missing = client.get(url.format(pk=999999))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden) == without_csrf(missing)
    assert _denied(cast.leerkracht_andere_groep).count() == 2


# --- audit of looking --------------------------------------------------------------------

WAAROM = {
    "leerkracht_a": ("leerkracht", "leerkracht van deze leerling"),
    "ib_a": ("ib", "intern begeleider of directeur van de school van deze leerling"),
    "directeur_a": ("directeur", "intern begeleider of directeur van de school van deze leerling"),
    "ouder": ("ouder", "ouder of verzorger van deze leerling"),
}


@pytest.mark.parametrize("persona", WAAROM)
@pytest.mark.parametrize("url", DETAIL_URLS[:2])
def test_a_view_records_pupil_role_and_reason(cast, als, persona, url):
    user = getattr(cast, persona)
    response = als(user).get(url.format(pk=cast.leerling_a.pk))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor_user_id=user.pk)
    assert event.leerling_id == cast.leerling_a.pk
    assert (event.object_type, event.object_id) == ("leerlingen.leerling", str(cast.leerling_a.pk))
    assert (event.role, event.reason) == WAAROM[persona]
    assert event.samenwerkingsverband_id == cast.swv.pk
    assert event.result == AuditEvent.Result.SUCCESS
    if url.startswith("/leerlingen/"):
        # The page tells the reader the same reason the log records.
        assert f"U ziet dit dossier als {WAAROM[persona][1]}." in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "url, htmx",
    [
        ("/leerlingen/?zoek=Ryan&groep=3", False),
        ("/leerlingen/?zoek=Ryan&groep=3", True),
        ("/api/v1/leerlingen/?zoek=Ryan&groep=3", False),
    ],
    ids=["pagina", "htmx", "api"],
)
def test_list_and_search_are_audited(cast, als, url, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = als(cast.leerkracht_a).get(url, **headers)
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH, actor_user_id=cast.leerkracht_a.pk)
    assert event.object_type == "leerlingen.leerling"
    assert event.detail == {"zoek": "Ryan", "groep": "3"}
    assert event.role == "leerkracht"
    assert event.samenwerkingsverband_id == cast.swv.pk
    if htmx:
        assert "<html" not in response.content.decode()  # only the results


def _new_write(since: int, user):
    """The one create/update row `user` caused after audit row `since` (audit rows cannot be deleted)."""
    return AuditEvent.objects.filter(
        pk__gt=since, actor_user_id=user.pk, action__in=(AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE)
    ).get()


def _last():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_writes_are_audited_with_the_pupil(cast, als):
    client = als(cast.ib_a)
    pk = cast.leerling_a.pk

    since = _last()
    response = client.post(f"/leerlingen/nieuw/{cast.school_a.pk}/", leerling_post(cast))
    nieuw = Leerling.objects.get(voornaam="Fenna")
    assert response.status_code == 302 and response["Location"] == f"/leerlingen/{nieuw.pk}/"
    event = _new_write(since, cast.ib_a)
    assert (event.action, event.leerling_id, event.object_type) == ("create", nieuw.pk, "leerlingen.leerling")
    assert (event.role, event.reason) == ("ib", "intern begeleider of directeur van de school van deze leerling")
    assert event.detail["nieuw"]["voornaam"] == "Fenna"
    assert event.detail["nieuw"]["leerkrachten"] == "Leerkracht A"

    since = _last()
    response = client.post(f"/leerlingen/{pk}/bewerken/", leerling_post(cast, voornaam="Rayan", achternaam="Test"))
    assert response.status_code == 302
    event = _new_write(since, cast.ib_a)
    assert (event.action, event.leerling_id) == ("update", pk)
    assert event.detail["wijzigingen"]["voornaam"] == {"oud": "Ryan", "nieuw": "Rayan"}

    since = _last()
    assert client.post(f"/leerlingen/{pk}/", niveau_post(3)).status_code == 302
    event = _new_write(since, cast.ib_a)
    assert (event.action, event.leerling_id, event.object_type) == ("create", pk, "leerlingen.ondersteuningsniveau")
    assert event.detail["niveau"] == 3

    since = _last()
    assert client.post(f"/leerlingen/{pk}/ouders/nieuw/", ouder_post()).status_code == 302
    event = _new_write(since, cast.ib_a)
    assert (event.action, event.leerling_id, event.object_type) == ("create", pk, "leerlingen.ouderschap")
    assert event.detail["ouder"] == "Petra Berg"


# --- memberships that end ----------------------------------------------------------------


@pytest.mark.parametrize("elders", [False, True], ids=["zonder-rol", "nu-leerkracht-op-school-b"])
def test_an_ended_teacher_membership_loses_access(cast, als, elders):
    user = cast.leerkracht_a
    Lidmaatschap.objects.filter(user=user).update(geldig_tot=vandaag() - timedelta(days=1))
    if elders:
        Lidmaatschap.objects.create(
            user=user,
            rol=Rol.LEERKRACHT,
            samenwerkingsverband=cast.swv,
            school=cast.school_b,
            geldig_van=date(2024, 1, 1),
        )
    assert cast.leerling_a.leerkrachten.filter(pk=user.pk).exists()  # still assigned, yet:
    client = als(user)
    for url in DETAIL_URLS:
        assert client.get(url.format(pk=cast.leerling_a.pk)).status_code == 404
    assert _api_ids(client.get("/api/v1/leerlingen/")) == set()
    assert client.get("/leerlingen/").status_code == (200 if elders else 403)
    assert client.post(f"/leerlingen/{cast.leerling_a.pk}/", niveau_post(1)).status_code == 404
    assert not cast.leerling_a.ondersteuningsniveaus.exists()


def test_a_refused_api_write_is_logged_once(cast, als):
    client = als(cast.leerkracht_a)
    response = client.patch(
        f"/api/v1/leerlingen/{cast.leerling_a.pk}/", {"voornaam": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert _denied(cast.leerkracht_a).count() == 1


# --- searching and filtering -------------------------------------------------------------


@pytest.fixture
def meer_leerlingen(cast):
    from passend.leerlingen.models import Ondersteuningsniveau

    extra = {}
    for voornaam, tussen, achternaam, groep, niveau in (
        ("Sanne", "de", "Wit", 3, 3),
        ("Daan", "", "Kok", 5, 2),
        ("Noor", "van", "Dijk", 3, None),
    ):
        leerling = Leerling.objects.create(
            samenwerkingsverband=cast.swv,
            school=cast.school_a,
            voornaam=voornaam,
            tussenvoegsel=tussen,
            achternaam=achternaam,
            groep=groep,
            geboortedatum=date(2017, 1, 1),
            datum_inschrijving=date(2021, 8, 1),
        )
        if niveau:
            Ondersteuningsniveau.objects.create(
                leerling=leerling,
                niveau=niveau,
                sinds=vandaag(),
                reden="r",
                vastgesteld_door=cast.ib_a,
                vastgesteld_als="ib",
            )
        extra[voornaam] = leerling
    return extra


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"Ryan", "Sanne", "Daan", "Noor"}),
        ("zoek=ryan", {"Ryan"}),
        ("zoek=WIT", {"Sanne"}),
        ("zoek=san+wit", {"Sanne"}),
        ("zoek=ryan+wit", set()),
        ("groep=3", {"Ryan", "Sanne", "Noor"}),
        ("niveau=3", {"Sanne"}),
        ("groep=3&niveau=2", set()),
        ("groep=99&niveau=x", {"Ryan", "Sanne", "Daan", "Noor"}),  # nonsense filters are ignored
    ],
)
def test_search_and_filters(cast, als, meer_leerlingen, query, expected):
    client = als(cast.ib_a)
    names = {row["voornaam"] for row in client.get(f"/api/v1/leerlingen/?{query}").json()["results"]}
    assert names == expected
    response = client.get(f"/leerlingen/?{query}", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert f"Leerlingen ({len(expected)})" in page
    assert f"{len(expected)} resulta" in page  # the live count for screen readers


@pytest.mark.parametrize("zoek", ["Sanne de Wit", "de Wit"])
def test_search_by_the_full_name_as_shown(cast, als, meer_leerlingen, zoek):
    rows = als(cast.ib_a).get("/api/v1/leerlingen/", {"zoek": zoek}).json()["results"]
    assert {row["voornaam"] for row in rows} == {"Sanne"}
