"""No query per row: the pupil pages cost the same with 2 pupils, levels and parents as with 12."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.leerlingen.models import Leerling, Ondersteuningsniveau, Ouder, Ouderschap
from tests.leerlingen.conftest import vandaag


def _grow(cast, n):
    """School A gets n pupils (pupil A included); every pupil has n levels, n parents, 2+ teachers.
    The parent persona is a parent of every pupil, so the parent's lists grow too."""
    extra_teacher = User.objects.create_user(f"lk{n}@test.example", "x", naam=f"Leerkracht {n}")
    Lidmaatschap.objects.create(
        user=extra_teacher,
        rol=Rol.LEERKRACHT,
        samenwerkingsverband=cast.swv,
        school=cast.school_a,
        geldig_van=date(2020, 1, 1),
    )
    pupils = list(Leerling.objects.filter(school=cast.school_a))
    for i in range(len(pupils), n):
        pupils.append(
            Leerling.objects.create(
                samenwerkingsverband=cast.swv,
                school=cast.school_a,
                voornaam=f"Kind{i}",
                achternaam=f"Achternaam{i}",
                groep=1 + i % 8,
                geboortedatum=date(2017, 1, 1),
                datum_inschrijving=date(2021, 8, 1),
            )
        )
    for pupil in pupils:
        pupil.leerkrachten.add(cast.leerkracht_a, cast.leerkracht_andere_groep, extra_teacher)
        for i in range(pupil.ondersteuningsniveaus.count(), n):
            Ondersteuningsniveau.objects.create(
                leerling=pupil,
                niveau=1 + i % 5,
                sinds=vandaag() - timedelta(days=100 - i),
                reden=f"Reden {i}",
                vastgesteld_door=[cast.ib_a, cast.directeur_a, cast.leerkracht_a][i % 3],
                vastgesteld_als="ib",
            )
        for i in range(pupil.ouderschappen.count(), n):
            ouder = Ouder.objects.create(
                samenwerkingsverband=cast.swv,
                naam=f"Ouder {pupil.pk}-{i}",
                email=f"o{pupil.pk}{i}@test.example",
                gebruiker=cast.ouder if i == 0 else None,
            )
            Ouderschap.objects.create(ouder=ouder, leerling=pupil, relatie="ouder")
        if not pupil.ouderschappen.filter(ouder__gebruiker=cast.ouder).exists():
            ouder = Ouder.objects.create(samenwerkingsverband=cast.swv, naam=f"Ouder {pupil.pk}", gebruiker=cast.ouder)
            Ouderschap.objects.create(ouder=ouder, leerling=pupil, relatie="ouder")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response


PAGES = [
    ("/leerlingen/", ("ib_a", "leerkracht_a")),
    ("/leerlingen/?zoek=e", ("ib_a", "leerkracht_a")),
    ("/api/v1/leerlingen/?zoek=e", ("ib_a",)),
    ("/leerlingen/{pk}/", ("ib_a", "leerkracht_a", "ouder")),
    ("/api/v1/leerlingen/", ("ib_a", "leerkracht_a", "ouder")),
    ("/api/v1/leerlingen/{pk}/", ("ib_a",)),
    ("/api/v1/leerlingen/{pk}/ondersteuningsniveaus/", ("ib_a",)),
    ("/api/v1/leerlingen/{pk}/ouders/", ("ib_a",)),
    ("/", ("ouder",)),  # Mijn kind
]


@pytest.mark.parametrize("url, persona", [(url, p) for url, personas in PAGES for p in personas])
def test_queries_do_not_grow_with_rows(cast, als, url, persona):
    client = als(getattr(cast, persona))
    url = url.format(pk=cast.leerling_a.pk)
    _grow(cast, 2)
    client.get(url)  # warm up (session, content types)
    small, response_small = _count(client, url)
    _grow(cast, 12)
    large, response_large = _count(client, url)
    assert large == small, f"{url} als {persona}: {small} queries bij 2, {large} bij 12"
    # ...and the larger page really shows more.
    assert len(response_large.content) > len(response_small.content)
