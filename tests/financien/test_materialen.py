"""Materials bought from an arrangement's budget: spent on the day of purchase, releasing as much
of the commitment the grant made, never beyond the budget; what was not spent is released when
the arrangement ends. Through the service, the page and the API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from passend.arrangementen import services as arr
from passend.arrangementen.models import Arrangement, Maandafsluiting, Materiaaluitgave
from passend.core.models import AuditEvent
from passend.financien.geld import som_van
from passend.financien.models import Boeking, Doel
from tests.arrangementen import helpers as ah
from tests.financien.helpers import begroting, dit_jaar, post

pytestmark = pytest.mark.django_db

V, R = Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


def som(**filters) -> Decimal:
    return som_van(Boeking.objects.filter(**filters))


def lopend(cast, budget="400"):
    """An arrangement inside this calendar year that started two weeks ago (or on 1 January)."""
    vandaag = timezone.localdate()
    start = max(date(vandaag.year, 1, 1), vandaag - timedelta(days=14))
    eind = min(date(vandaag.year, 12, 31), start + timedelta(weeks=8))
    return ah.arrangement(cast, start=start, einddatum=max(eind, vandaag), materiaalbudget=Decimal(budget))


def kopen(cast, arrangement, bedrag, *, actor=None, datum=None, omschrijving="Koptelefoon"):
    return arr.materiaaluitgave_boeken(
        actor=actor or cast.ib_a,
        arrangement=arrangement,
        datum=datum or timezone.localdate(),
        bedrag=Decimal(bedrag),
        omschrijving=omschrijving,
    )


def test_a_purchase_is_spent_and_releases_the_commitment_and_the_rest_is_released_at_the_end(cast):
    b = begroting(cast, jaar=dit_jaar())
    arrangement = lopend(cast)
    assert som(arrangement=arrangement, soort=V) == Decimal("400.00")

    kopen(cast, arrangement, "149.95")
    assert som(arrangement=arrangement, soort=R) == Decimal("149.95")
    assert som(arrangement=arrangement, soort=V) == Decimal("250.05")
    # Spending what was committed leaves the line as it was: € 400 out of € 10.000 either way.
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("9600.00")
    assert AuditEvent.objects.filter(action="create", object_type="arrangementen.materiaaluitgave").exists()

    arr.arrangement_beeindigen(
        actor=cast.ib_a, arrangement=Arrangement.objects.get(pk=arrangement.pk), toelichting="Doel bereikt."
    )
    assert som(arrangement=arrangement, soort=V) == Decimal("0")
    assert som(arrangement=arrangement, soort=R) == Decimal("149.95")
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("9850.05")


def test_more_than_the_budget_is_refused_in_dutch_and_nothing_is_booked(cast):
    begroting(cast, jaar=dit_jaar())
    arrangement = lopend(cast, budget="200")
    kopen(cast, arrangement, "150")
    voor = Boeking.objects.count()
    with pytest.raises(ValidationError) as fout:
        kopen(cast, arrangement, "50.01")
    assert fout.value.message_dict["bedrag"] == [
        "Het budget voor materialen is € 200,00; er is € 150,00 uitgegeven, dus er kan nog € 50,00 bij."
    ]
    assert Boeking.objects.count() == voor and Materiaaluitgave.objects.count() == 1
    kopen(cast, arrangement, "50.00")  # exactly what is left
    assert som(arrangement=arrangement, soort=R) == Decimal("200.00")


def test_a_purchase_in_the_future_outside_the_period_or_in_a_closed_month_is_refused(cast):
    arrangement = lopend(cast)
    vandaag = timezone.localdate()
    for datum, melding in (
        (vandaag + timedelta(days=1), "in de toekomst"),
        (arrangement.startdatum - timedelta(days=1), "Het arrangement loopt van"),
    ):
        with pytest.raises(ValidationError) as fout:
            kopen(cast, arrangement, "10", datum=datum)
        assert melding in fout.value.message_dict["datum"][0]
    Maandafsluiting.objects.create(
        samenwerkingsverband=cast.swv, jaar=vandaag.year, maand=vandaag.month, afgesloten_door=cast.beheerder
    )
    with pytest.raises(ValidationError) as fout:
        kopen(cast, arrangement, "10")
    assert "is afgesloten" in fout.value.message_dict["datum"][0]
    with pytest.raises(ValidationError) as fout:
        kopen(cast, arrangement, "10", datum=arrangement.startdatum, omschrijving="<b>laptop</b>")
    assert "omschrijving" in fout.value.message_dict
    assert not Materiaaluitgave.objects.exists()


def test_the_teacher_and_the_parent_may_not_book_a_purchase(cast):
    arrangement = lopend(cast)
    for persona in ("leerkracht_a", "ouder"):
        with pytest.raises(PermissionDenied):
            kopen(cast, arrangement, "10", actor=cast.users[persona])
    assert not Materiaaluitgave.objects.exists()


def test_the_ib_books_a_purchase_on_the_page_and_sees_what_is_left(cast, client):
    begroting(cast, jaar=dit_jaar())
    arrangement = lopend(cast)
    url = reverse("arrangementen:detail", args=[arrangement.pk])
    client.force_login(cast.ib_a)
    assert "Aankoop boeken" in client.get(url).content.decode()

    response = client.post(url, {"formulier": "materiaal", "datum": "", "bedrag": "veel", "omschrijving": ""})
    assert response.status_code == 400
    form = response.context["materiaal_form"]
    assert form.errors["bedrag"] == ["Vul een bedrag in euro's in, bijvoorbeeld 49,95."]
    assert form.errors["omschrijving"] == ["Schrijf op wat er is gekocht."]

    datum = timezone.localdate().strftime("%Y-%m-%d")
    response = client.post(
        url, {"formulier": "materiaal", "datum": datum, "bedrag": "99,50", "omschrijving": "Wiebelkussen & stressbal"}
    )
    assert response.status_code == 302
    pagina = client.get(url).content.decode()
    assert "Budget € 400,00; uitgegeven € 99,50; over € 300,50." in pagina
    assert "Wiebelkussen &amp; stressbal" in pagina
    assert som(arrangement=arrangement, soort=R) == Decimal("99.50")

    client.force_login(cast.leerkracht_a)
    assert "Aankoop boeken" not in client.get(url).content.decode()
    assert (
        client.post(url, {"formulier": "materiaal", "datum": datum, "bedrag": "1", "omschrijving": "x"}).status_code
        == 403
    )
    assert Materiaaluitgave.objects.count() == 1


def test_the_api_lists_and_books_purchases(cast, client):
    begroting(cast, jaar=dit_jaar())
    arrangement = lopend(cast)
    url = f"/api/v1/arrangementen/{arrangement.pk}/materiaaluitgaven/"
    client.force_login(cast.trajectbegeleider)
    datum = timezone.localdate().isoformat()
    response = client.post(
        url, {"datum": datum, "bedrag": "500", "omschrijving": "Laptop"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "er kan nog € 400,00 bij" in response.json()["bedrag"][0]
    response = client.post(
        url, {"datum": datum, "bedrag": "120.00", "omschrijving": "Leesliniaal"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["bedrag"] == "120.00"
    lijst = client.get(url).json()
    assert [u["omschrijving"] for u in lijst["results"]] == ["Leesliniaal"]
    detail = client.get(f"/api/v1/arrangementen/{arrangement.pk}/").json()
    assert (detail["materiaalbudget"], detail["materiaal_besteed"]) == ("400.00", "120.00")
