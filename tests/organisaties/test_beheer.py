from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.core.models import AuditEvent
from passend.organisaties.models import Deskundige, Expertisethema, School


def _school_form(cast, **overrides):
    data = {
        "naam": "De Nieuwe School",
        "soort": "bo",
        "instellingscode": "33ab00",
        "schoolbestuur": cast.bestuur.pk,
        "postcode": "1234ab",
        "plaats": "Testdorp",
        "swv": cast.swv.pk,
    }
    data.update(overrides)
    return data


def test_beheerder_creates_a_school_normalised_and_audited(cast, client):
    client.force_login(cast.beheerder)
    response = client.post("/beheer/scholen/nieuw/", _school_form(cast))
    assert response.status_code == 302
    school = School.objects.get(naam="De Nieuwe School")
    assert (school.instellingscode, school.postcode, school.samenwerkingsverband) == ("33AB00", "1234 AB", cast.swv)
    event = AuditEvent.objects.get(action="create", object_type="organisaties.school")
    assert event.role == "beheerder"
    assert event.detail["nieuw"]["instellingscode"] == "33AB00"


def test_update_audits_the_difference_only(cast, client):
    client.force_login(cast.beheerder)
    data = _school_form(
        cast, naam="School A", instellingscode="11AA00", plaats="Nieuwdorp", deelverband=cast.deelverband.pk
    )
    response = client.post(f"/beheer/scholen/{cast.school_a.pk}/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update")
    assert event.detail["wijzigingen"] == {"plaats": {"oud": "Testdorp", "nieuw": "Nieuwdorp"}}


def test_beheerder_of_other_partnership_cannot_create_in_ours(cast, client):
    client.force_login(cast.beheerder_other)
    client.post("/beheer/scholen/nieuw/", _school_form(cast, swv=cast.swv.pk, schoolbestuur=cast.bestuur.pk))
    assert not School.objects.filter(naam="De Nieuwe School", samenwerkingsverband=cast.swv).exists()


def test_deskundige_with_expertise_themes(cast, client):
    client.force_login(cast.beheerder)
    themes = list(Expertisethema.objects.filter(slug__in=["dcd", "syndroom-van-down"]))
    response = client.post(
        "/beheer/deskundigen/nieuw/",
        {
            "naam": "Joke",
            "organisatie": "Expertpool",
            "discipline": "onderwijsspecialist",
            "uren_beschikbaar": "120.50",
            "expertises": [t.pk for t in themes],
        },
    )
    assert response.status_code == 302
    joke = Deskundige.objects.get(naam="Joke")
    assert set(joke.expertises.all()) == set(themes)
    assert str(joke.uren_beschikbaar) == "120.50"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_and_detail_pages_have_constant_query_counts(cast, client):
    client.force_login(cast.beheerder)
    urls = [
        "/netwerk/",
        f"/netwerk/scholen/{cast.school_a.pk}/",
        "/beheer/scholen/",
        "/beheer/deskundigen/",
        "/beheer/schoolbesturen/",
        "/beheer/voorzieningen/",
        "/beheer/gebruikers/",
        "/beheer/auditlog/",
    ]
    before = {url: _count(client, url) for url in urls}
    for i in range(8):
        School.objects.create(
            samenwerkingsverband=cast.swv,
            schoolbestuur=cast.bestuur,
            naam=f"Extra {i}",
            soort="bo",
            instellingscode=f"{40 + i}YY00",
            postcode="1234 AB",
            plaats="Testdorp",
        )
        d = Deskundige.objects.create(
            samenwerkingsverband=cast.swv, naam=f"Expert {i}", organisatie="Pool", discipline="psycholoog"
        )
        d.expertises.set(Expertisethema.objects.all()[:2])
    after = {url: _count(client, url) for url in urls}
    assert after == before
