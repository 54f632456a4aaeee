"""The demo's money (issue 7): De Voorbeeldregio's budgets for last year and this year under HGA,
with the TOP and IVO models to compare; the support in the demo books its real costs on them."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from passend.arrangementen.models import Arrangement
from passend.core import demo
from passend.financien import kosten
from passend.financien.geld import euro, som_van
from passend.financien.models import Begroting, Boeking, Doel, Leerlingtelling, Post, Tarief, Verdeelmodel
from passend.organisaties.models import Samenwerkingsverband, School

B, V, R = Boeking.Soort.BUDGET, Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


@pytest.fixture
def regio(db):
    demo.load()
    return Samenwerkingsverband.objects.get(code=demo.VOORBEELDREGIO)


def jaar() -> int:
    return timezone.localdate().year


def saldo_uit_grootboek(post: Post) -> Decimal:
    boekingen = Boeking.objects.filter(post=post)
    return som_van(boekingen.filter(soort=B)) - som_van(boekingen.filter(soort__in=[V, R]))


def test_budgets_for_last_year_and_this_year_under_hga_with_the_other_presets_to_compare(regio):
    assert set(Verdeelmodel.objects.filter(samenwerkingsverband=regio).values_list("preset", flat=True)) == {
        "top",
        "hga",
        "ivo",
    }
    begrotingen = {b.jaar: b for b in Begroting.objects.filter(samenwerkingsverband=regio)}
    assert set(begrotingen) == {jaar() - 1, jaar()}
    for begrotingsjaar, begroting in begrotingen.items():
        assert begroting.verdeelmodel.preset == "hga"
        assert begroting.peildatum == date(begrotingsjaar - 1, 10, 1)
        inkomsten = {i.soort: i.bedrag for i in begroting.inkomsten.all()}
        assert Decimal("3000000") < inkomsten["zware_ondersteuning"] < Decimal("3400000")
        assert Decimal("800000") < inkomsten["lichte_ondersteuning"] < Decimal("1000000")
        totaal = sum(inkomsten.values(), Decimal("0"))
        # The budget closes: what was budgeted on the lines (buffer and school budgets among them) is the income.
        assert som_van(Boeking.objects.filter(post__begroting=begroting, soort=B)) == totaal
        buffer = som_van(
            Boeking.objects.filter(post__begroting=begroting, post__doel=Doel.BUFFER, soort=B, bedrag__gt=0)
        )
        assert Decimal("0.03") * totaal <= buffer <= Decimal("0.05") * totaal
        # Every school has a budget from its pupils on the reference date (HGA: € 40 a pupil).
        scholen = School.objects.filter(samenwerkingsverband=regio)
        for school in scholen:
            telling = Leerlingtelling.objects.get(school=school, peildatum=begroting.peildatum)
            toegekend = Boeking.objects.get(
                post__begroting=begroting, post__school=school, soort=B, omschrijving__startswith="Schoolbudget"
            )
            assert toegekend.bedrag == telling.aantal * Decimal("40.00")
            if school.soort == "bo":
                assert 180 <= telling.aantal <= 420
            else:
                assert telling.aantal == school.capaciteit


def test_every_balance_is_the_sum_of_its_ledger_and_never_negative(regio):
    posten = Post.objects.filter(begroting__samenwerkingsverband=regio)
    assert posten.count() == 2 * (6 + 5)  # six central lines and five schools, two years
    for post in posten:
        assert post.beschikbaar == saldo_uit_grootboek(post), post
        assert post.beschikbaar >= 0


def test_this_years_rates_are_last_years_indexed_by_three_percent(regio):
    dit = {(t.soort, t.sleutel): t for t in Tarief.objects.filter(samenwerkingsverband=regio, jaar=jaar())}
    vorig = {(t.soort, t.sleutel): t for t in Tarief.objects.filter(samenwerkingsverband=regio, jaar=jaar() - 1)}
    assert set(dit) == set(vorig) and len(dit) == 14
    for sleutel, tarief in dit.items():
        assert tarief.index_pct == Decimal("3.00")
        assert tarief.bedrag == euro(vorig[sleutel].bedrag * Decimal("1.03"))
    assert dit[("uur", "orthopedagoog")].bedrag == Decimal("95.00")
    assert dit[("plaats", "so_laag")].bedrag == Decimal("18000.00")


def test_de_zonnebloem_draws_on_the_buffer_for_its_placements_by_the_management(regio):
    for begroting in Begroting.objects.filter(samenwerkingsverband=regio):
        uit_buffer = Boeking.objects.get(post__begroting=begroting, post__doel=Doel.BUFFER, soort=B, bedrag__lt=0)
        naar_school = Boeking.objects.get(
            post__begroting=begroting, post__school__naam="De Zonnebloem", soort=B, bedrag__gt=0, reden__gt=""
        )
        assert uit_buffer.bedrag == -naar_school.bedrag == Decimal("-20000.00")
        assert uit_buffer.geboekt_als == "swv_management" and "TOP-afspraak" in uit_buffer.reden


def test_finns_placement_is_charged_to_de_zonnebloem(regio):
    """Finn's year at De Kaleidoscoop is paid by his own school (financiering 'school'), so even under
    HGA it lands on De Zonnebloem's budget, for each year with a budget, at that year's rate."""
    finn = Arrangement.objects.get(leerling__voornaam="Finn")
    jaren = set(Begroting.objects.filter(samenwerkingsverband=regio).values_list("jaar", flat=True))
    verwacht = kosten.plaatskosten(finn, finn.startdatum, finn.einddatum, jaren)
    assert verwacht and sum(verwacht.values()) > 0
    for begrotingsjaar, bedrag in verwacht.items():
        assert som_van(Boeking.objects.filter(arrangement=finn, jaar=begrotingsjaar, soort=V)) == bedrag
    assert set(Boeking.objects.filter(arrangement=finn).values_list("post__doel", "post__school__naam")) == {
        ("schoolbudget", "De Zonnebloem")
    }
    assert not Boeking.objects.filter(arrangement=finn, post__doel=Doel.PLAATSINGEN).exists()


def test_marleens_hours_for_de_catamarans_team_are_spent_on_the_expert_pool(regio):
    team = Arrangement.objects.get(school__naam="De Catamaran", leerling__isnull=True)
    marleen = team.aanbieders.get(deskundige__naam="Marleen de Groot")
    gegeven = list(marleen.inzet.all())
    assert sum(i.uren for i in gegeven) == Decimal("7.5")
    besteed = Boeking.objects.filter(aanbieder=marleen, soort=R)
    assert set(besteed.values_list("post__doel", flat=True)) == {Doel.EXPERTPOOL}
    assert som_van(besteed) == sum(
        euro(i.uren * kosten.tarief(regio.pk, i.datum.year, "uur", "ambulant_begeleider")) for i in gegeven
    )
    # Nothing of the team's arrangement lands anywhere but on the expert pool (HGA: in kind).
    assert set(Boeking.objects.filter(arrangement=team).values_list("post__doel", flat=True)) == {Doel.EXPERTPOOL}


def test_loading_the_demo_again_books_nothing_more(regio):
    voor = (Boeking.objects.count(), Post.objects.count(), Tarief.objects.count(), Leerlingtelling.objects.count())
    demo.load()
    assert (
        Boeking.objects.count(),
        Post.objects.count(),
        Tarief.objects.count(),
        Leerlingtelling.objects.count(),
    ) == voor
