"""The ledger never overspends: refusals book nothing, balances are the sums of the ledger, and
simultaneous bookings on one line give exactly the allowed number of successes (PostgreSQL)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passend.financien import services
from passend.financien.boekhouding import Regel, Tekort, boek
from passend.financien.geld import bedrag_tekst, euro, som_van, verdeel
from passend.financien.kosten import over_jaren
from passend.financien.models import Boeking, Doel, Post
from tests.financien.helpers import begroting, post
from tests.gelijktijdig import tegelijk

V, R, B = Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE, Boeking.Soort.BUDGET


def saldo_uit_grootboek(p: Post) -> Decimal:
    return som_van(Boeking.objects.filter(post=p, soort=B)) - som_van(Boeking.objects.filter(post=p, soort__in=[V, R]))


def test_opening_a_budget_books_every_line_and_the_schools_by_pupil_count(cast):
    b = begroting(cast)
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10000.00")
    assert post(b, Doel.BUFFER).beschikbaar == Decimal("5000.00")
    # HGA preset: € 40 per pupil, no skim.
    assert post(b, Doel.SCHOOLBUDGET, cast.school_a).beschikbaar == Decimal("8000.00")
    assert post(b, Doel.SCHOOLBUDGET, cast.school_b).beschikbaar == Decimal("4000.00")
    for p in Post.objects.filter(begroting=b):
        assert p.beschikbaar == saldo_uit_grootboek(p)


def test_an_overspend_is_refused_in_dutch_and_nothing_is_booked(cast):
    b = begroting(cast)
    arrangementen = post(b, Doel.ARRANGEMENTEN)
    voor = Boeking.objects.count()
    with pytest.raises(Tekort) as fout, transaction.atomic():
        boek(
            [
                Regel(post(b, Doel.EXPERTPOOL), V, Decimal("100"), "Iets", date(2026, 3, 1)),
                Regel(arrangementen, V, Decimal("10000.01"), "Te veel", date(2026, 3, 1)),
            ]
        )
    assert "is niet toereikend: er is nog € 10.000,00 beschikbaar, € 10.000,01 is nodig" in fout.value.messages[0]
    assert Boeking.objects.count() == voor
    assert post(b, Doel.EXPERTPOOL).beschikbaar == Decimal("10000.00")


def test_the_database_refuses_a_negative_balance_and_changed_entries(cast):
    b = begroting(cast)
    p = post(b, Doel.ORGANISATIE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=p.pk).update(beschikbaar=Decimal("-1"))
    entry = Boeking.objects.filter(post=p).first()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        Boeking.objects.filter(pk=entry.pk).update(bedrag=Decimal("1"))
    if connection.vendor == "postgresql":
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE financien_boeking SET bedrag = 1 WHERE id = %s", [entry.pk])


def test_drawing_on_the_buffer_needs_a_reason_and_the_management(cast):
    from django.core.exceptions import PermissionDenied

    from passend.accounts.models import Lidmaatschap
    from passend.accounts.roles import Rol

    b = begroting(cast)
    with pytest.raises(PermissionDenied):
        services.buffer_inzetten(
            actor=cast.beheerder, post=post(b, Doel.ARRANGEMENTEN), bedrag=Decimal("500"), reden="Nodig."
        )
    Lidmaatschap.objects.create(
        user=cast.rvz, rol=Rol.SWV_MANAGEMENT, samenwerkingsverband=cast.swv, geldig_van=date(2020, 1, 1)
    )
    manager = type(cast.rvz).objects.get(pk=cast.rvz.pk)
    with pytest.raises(ValidationError, match="Schrijf op waarom"):
        services.buffer_inzetten(actor=manager, post=post(b, Doel.ARRANGEMENTEN), bedrag=Decimal("500"), reden=" ")
    with pytest.raises(ValidationError, match="De post onvoorzien heeft nog € 5.000,00"):
        services.buffer_inzetten(actor=manager, post=post(b, Doel.ARRANGEMENTEN), bedrag=Decimal("6000"), reden="Veel.")
    services.buffer_inzetten(
        actor=manager, post=post(b, Doel.ARRANGEMENTEN), bedrag=Decimal("500"), reden="Drie thuiszitters."
    )
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10500.00")
    assert post(b, Doel.BUFFER).beschikbaar == Decimal("4500.00")
    assert Boeking.objects.filter(reden="Drie thuiszitters.").count() == 2


def test_rounding_splits_add_up_exactly():
    assert euro(Decimal("0.005")) == Decimal("0.01")
    assert euro(Decimal("2.675")) == Decimal("2.68")
    delen = verdeel(Decimal("100.00"), [1, 1, 1])
    assert delen == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")] and sum(delen) == Decimal("100.00")
    # A school year's commitment over two financial years: by days, August–December about 5/12.
    jaren = over_jaren(Decimal("12000.00"), date(2026, 8, 1), date(2027, 7, 31))
    assert jaren == {2026: Decimal("5030.14"), 2027: Decimal("6969.86")}
    assert sum(jaren.values()) == Decimal("12000.00")
    assert bedrag_tekst(Decimal("1234567.8")) == "€ 1.234.567,80"


OPERATIES = st.lists(
    st.tuples(
        st.sampled_from(["verplichting", "realisatie", "vrijval", "budget", "correctie"]),
        st.sampled_from([Doel.ARRANGEMENTEN, Doel.EXPERTPOOL, Doel.PLAATSINGEN]),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("6000"), places=2),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operaties=OPERATIES)
def test_the_balances_shown_are_always_the_sums_of_the_ledger_and_never_negative(cast, operaties):
    b = begroting(cast) if not Post.objects.exists() else Post.objects.first().begroting
    for soort, doel, bedrag in operaties:
        p = post(b, doel)
        regels = {
            "verplichting": [Regel(p, V, bedrag, "Toekenning", date(2026, 5, 1))],
            "realisatie": [
                Regel(p, R, bedrag, "Inzet", date(2026, 5, 1)),
                Regel(p, V, -bedrag, "Vrijval", date(2026, 5, 1)),
            ],
            "vrijval": [Regel(p, V, -bedrag, "Beëindigd", date(2026, 5, 1))],
            "budget": [Regel(p, B, bedrag, "Bijstelling", date(2026, 5, 1))],
            "correctie": [Regel(p, R, -bedrag, "Correctie", date(2026, 5, 1))],
        }[soort]
        voor = {q.pk: q.beschikbaar for q in Post.objects.filter(begroting=b)}
        try:
            with transaction.atomic():
                boek(regels)
        except Tekort:
            assert {q.pk: q.beschikbaar for q in Post.objects.filter(begroting=b)} == voor
        for q in Post.objects.filter(begroting=b):
            assert q.beschikbaar >= 0
            assert q.beschikbaar == saldo_uit_grootboek(q)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_commitments_on_one_line_give_exactly_the_allowed_number(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    b = begroting(cast)
    regel = post(b, Doel.ARRANGEMENTEN)  # € 10.000: room for exactly 13 grants of € 750 (€ 250 left)

    def toekennen(i):
        with transaction.atomic():
            boek([Regel(Post.objects.get(pk=regel.pk), V, Decimal("750"), f"Toekenning {i}", date(2026, 4, 1))])
        return "geboekt"

    uitslag = tegelijk(50, toekennen)
    geboekt = [u for u in uitslag if u == "geboekt"]
    geweigerd = [u for u in uitslag if isinstance(u, Tekort)]
    anders = [u for u in uitslag if u != "geboekt" and not isinstance(u, Tekort)]
    assert not anders, anders
    assert (len(geboekt), len(geweigerd)) == (13, 37)
    regel.refresh_from_db()
    assert regel.beschikbaar == Decimal("250.00") == saldo_uit_grootboek(regel)
