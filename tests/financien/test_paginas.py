"""The money pages through HTTP with the persona cast: who sees which budget, the management
drawing on the buffer with a reason, the beheerder changing a budget by a new entry, free text
escaped, and a constant number of queries however long the ledger is."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from passend.accounts.models import Lidmaatschap, User
from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.financien.boekhouding import Regel, boek
from passend.financien.models import Boeking, Doel
from tests.financien.helpers import JAAR, begroting, post, top_plaatsing

pytestmark = pytest.mark.django_db

V = Boeking.Soort.VERPLICHTING
BUFFER_REDEN = "Schrijf op waarom de post onvoorzien wordt ingezet."


def _als(client, user):
    client.logout()
    client.force_login(user)
    return client


def start() -> str:
    return "/financien/"


def dashboard(jaar=JAAR) -> str:
    return f"/financien/{jaar}/"


def post_url(p) -> str:
    return f"/financien/{p.begroting.jaar}/posten/{p.pk}/"


def school_url(jaar, school) -> str:
    return f"/financien/{jaar}/scholen/{school.pk}/"


def bestuur_url(jaar, bestuur) -> str:
    return f"/financien/{jaar}/besturen/{bestuur.pk}/"


def management(cast) -> User:
    """A member of the partnership's management (the cast has no such persona)."""
    user = User.objects.create_user("management@test.example", "Een-lang-testwachtwoord-42", naam="Mia Management")
    Lidmaatschap.objects.create(
        user=user, rol=Rol.SWV_MANAGEMENT, samenwerkingsverband=cast.swv, geldig_van=date(2020, 1, 1)
    )
    return user


def _weigeringen() -> int:
    return AuditEvent.objects.filter(result="denied").count()


def assert_error_at(response, formulier: str, veld: str, melding: str) -> None:
    """A 400 with `melding` in the error shown at `veld` of `formulier` (marked invalid)."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    fout = re.search(rf'<p class="error" id="id_{formulier}_{veld}_error">(.*?)</p>', html, re.S)
    assert fout and melding in unescape(fout.group(1)), f"{veld}: {fout and fout.group(1)!r}"
    invoer = re.search(rf'<(?:input|textarea)\b[^>]*\bid="id_{formulier}_{veld}"[^>]*>', html)
    assert invoer and 'aria-invalid="true"' in invoer.group(0), veld
    # The line's page holds two forms with the same field names: their ids differ.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


# --- Who sees what ----------------------------------------------------------------------------


def test_the_director_of_school_a_sees_its_budget_and_the_top_placement_charged_to_it(cast, client):
    b, plaatsing = top_plaatsing(cast, client)
    jaar = b.jaar
    _als(client, cast.directeur_a)

    page = client.get(start())
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{school_url(jaar, cast.school_a)}"' in html
    assert "School B" not in html

    page = client.get(school_url(jaar, cast.school_a))
    assert page.status_code == 200
    html = page.content.decode()
    # 400 pupils × € 150 minus the 10% skim; the year in the sbo (€ 1.000) is charged to school A.
    assert "<strong>€ 54.000,00</strong> toegekend" in html
    assert "<strong>€ 1.000,00</strong> vastgelegd" in html
    assert f"Tijdelijke plaatsing in het S(B)O (arrangement {plaatsing.pk})" in html
    assert "Ryan Test" not in html  # no pupil names on a budget page
    assert f"1-1-{jaar} – 31-12-{jaar}" in html
    assert AuditEvent.objects.filter(
        actor_user_id=cast.directeur_a.pk, action="view", object_type="financien.post", role=Rol.DIRECTEUR
    ).exists()

    # Not school B's budget, not the board's overview, not the partnership's lines: as if absent.
    for url in (
        school_url(jaar, cast.school_b),
        bestuur_url(jaar, cast.bestuur),
        dashboard(jaar),
        post_url(post(b, Doel.PLAATSINGEN)),
    ):
        voor = _weigeringen()
        assert client.get(url).status_code == 404, url
        assert _weigeringen() == voor + 1, url


def test_a_board_sees_its_schools_but_not_the_partnerships_lines(cast, client):
    b = begroting(cast)
    _als(client, cast.rvz)
    html = client.get(start()).content.decode()
    assert school_url(JAAR, cast.school_a) in html and school_url(JAAR, cast.school_b) in html

    page = client.get(bestuur_url(JAAR, cast.bestuur))
    assert page.status_code == 200
    html = page.content.decode()
    # HGA preset: € 40 a pupil, 200 at school A and 100 at school B.
    assert "School A</a></th><td>€ 8.000,00</td>" in html
    assert "School B</a></th><td>€ 4.000,00</td>" in html
    assert '<tfoot><tr><th scope="row">Totaal</th><td>€ 12.000,00</td>' in html
    for school in (cast.school_a, cast.school_b):
        assert client.get(school_url(JAAR, school)).status_code == 200
    assert client.get(dashboard()).status_code == 404
    assert client.get(post_url(post(b, Doel.ARRANGEMENTEN))).status_code == 404


@pytest.mark.parametrize(
    "persona", ["leerkracht_a", "ib_a", "ib_b", "ouder", "extern_uitgenodigd", "trajectbegeleider", "beheerder_other"]
)
def test_nobody_else_sees_money(cast, client, persona):
    b = begroting(cast)
    _als(client, cast.users[persona])
    # Without any finance role the start page refuses; the beheerder of the other partnership is
    # told there is no budget for theirs yet, and sees nothing of this one.
    page = client.get(start())
    if persona == "beheerder_other":
        assert page.status_code == 200
        assert "Er is nog geen begroting voor uw samenwerkingsverband." in page.content.decode()
    else:
        assert page.status_code == 403
    for url in (
        dashboard(),
        post_url(post(b, Doel.ARRANGEMENTEN)),
        bestuur_url(JAAR, cast.bestuur),
        school_url(JAAR, cast.school_a),
        school_url(JAAR, cast.school_b),
    ):
        voor = _weigeringen()
        assert client.get(url).status_code == 404, url
        assert _weigeringen() == voor + 1, url


def test_the_start_page_sends_the_beheerder_to_the_latest_budget(cast, client):
    _als(client, cast.beheerder)
    page = client.get(start())
    assert page.status_code == 200 and "Er is nog geen begroting" in page.content.decode()
    begroting(cast)
    assert client.get(start())["Location"] == dashboard()


def test_a_partnership_parameter_that_is_no_number_is_ignored(cast, client):
    begroting(cast)
    _als(client, cast.beheerder)
    assert client.get(dashboard() + "?samenwerkingsverband=abc").status_code == 200
    assert client.get(dashboard() + f"?samenwerkingsverband={cast.swv_other.pk}").status_code == 404


# --- The buffer and a line's budget ----------------------------------------------------------------


def test_the_management_draws_on_the_buffer_with_a_reason(cast, client):
    b = begroting(cast)
    arrangementen = post(b, Doel.ARRANGEMENTEN)
    _als(client, management(cast))
    page = client.get(post_url(arrangementen))
    assert page.status_code == 200 and "Post onvoorzien inzetten" in page.content.decode()
    assert client.get(dashboard()).status_code == 200

    voor = Boeking.objects.count()
    response = client.post(post_url(arrangementen), {"formulier": "buffer", "bedrag": "500", "reden": "   "})
    assert_error_at(response, "buffer", "reden", BUFFER_REDEN)
    assert Boeking.objects.count() == voor
    assert post(b, Doel.BUFFER).beschikbaar == Decimal("5000.00")

    response = client.post(post_url(arrangementen), {"formulier": "buffer", "bedrag": "6000", "reden": "Veel."})
    assert_error_at(response, "buffer", "bedrag", "De post onvoorzien heeft nog € 5.000,00.")
    assert Boeking.objects.count() == voor

    reden = "Drie thuiszitters <script>alert('geld')</script>"
    response = client.post(post_url(arrangementen), {"formulier": "buffer", "bedrag": "500", "reden": reden})
    assert response.status_code == 302
    assert post(b, Doel.ARRANGEMENTEN).beschikbaar == Decimal("10500.00")
    assert post(b, Doel.BUFFER).beschikbaar == Decimal("4500.00")
    geboekt = Boeking.objects.filter(reden=reden)
    assert sorted(geboekt.values_list("bedrag", flat=True)) == [Decimal("-500.00"), Decimal("500.00")]
    assert set(geboekt.values_list("geboekt_als", flat=True)) == {Rol.SWV_MANAGEMENT}

    # The reason is shown on both lines, escaped.
    for p in (arrangementen, post(b, Doel.BUFFER)):
        html = client.get(post_url(p)).content.decode()
        assert "Reden: Drie thuiszitters &lt;script&gt;alert(&#x27;geld&#x27;)&lt;/script&gt;" in html
        assert "<script>alert" not in html


def test_the_beheerder_may_not_draw_on_the_buffer(cast, client):
    b = begroting(cast)
    arrangementen = post(b, Doel.ARRANGEMENTEN)
    _als(client, cast.beheerder)
    assert "Post onvoorzien inzetten" not in client.get(post_url(arrangementen)).content.decode()
    voor, weigeringen = Boeking.objects.count(), _weigeringen()
    response = client.post(post_url(arrangementen), {"formulier": "buffer", "bedrag": "500", "reden": "Nodig."})
    assert response.status_code == 403
    assert Boeking.objects.count() == voor and _weigeringen() == weigeringen + 1


def test_the_beheerder_changes_a_budget_by_a_new_entry_but_not_below_what_is_committed(cast, client):
    b = begroting(cast)
    organisatie = post(b, Doel.ORGANISATIE)
    _als(client, cast.beheerder)
    eerst = list(Boeking.objects.filter(post=organisatie).values_list("pk", "bedrag"))

    response = client.post(
        post_url(organisatie), {"formulier": "budget", "bedrag": "12000,00", "reden": "Extra <b>coördinator</b>."}
    )
    assert response.status_code == 302
    nieuw = Boeking.objects.filter(post=organisatie).exclude(pk__in=[pk for pk, _ in eerst]).get()
    assert (nieuw.soort, nieuw.bedrag, nieuw.reden) == ("budget", Decimal("2000.00"), "Extra <b>coördinator</b>.")
    # The earlier entry is untouched: a change is a new entry, never an edit.
    assert list(Boeking.objects.filter(pk__in=[pk for pk, _ in eerst]).values_list("pk", "bedrag")) == eerst
    html = client.get(post_url(organisatie)).content.decode()
    assert "<strong>€ 12.000,00</strong> budget" in html
    assert "Reden: Extra &lt;b&gt;coördinator&lt;/b&gt;." in html

    with transaction.atomic():
        boek([Regel(post(b, Doel.ORGANISATIE), V, Decimal("3000"), "Huur kantoor", date(JAAR, 3, 1))])
    voor = Boeking.objects.count()
    response = client.post(post_url(organisatie), {"formulier": "budget", "bedrag": "2000", "reden": "Bezuinigen."})
    assert_error_at(
        response, "budget", "bedrag", "Er is al meer vastgelegd en uitgegeven: minstens € 3.000,00 is nodig."
    )
    assert Boeking.objects.count() == voor
    assert post(b, Doel.ORGANISATIE).beschikbaar == Decimal("9000.00")

    response = client.post(post_url(organisatie), {"formulier": "budget", "bedrag": "5000", "reden": ""})
    assert_error_at(response, "budget", "reden", "Schrijf op waarom het budget verandert.")
    assert Boeking.objects.count() == voor


# --- A constant number of queries ------------------------------------------------------------


def veel_boekingen(p, aantal: int, **koppelingen) -> None:
    """`aantal` small commitments on `p`, straight into the ledger (the post's cached balance is
    not moved: it does not matter for counting queries)."""
    Boeking.objects.bulk_create(
        [
            Boeking(
                post=p,
                samenwerkingsverband_id=p.begroting.samenwerkingsverband_id,
                jaar=p.begroting.jaar,
                soort=V,
                bedrag=Decimal("0.01"),
                datum=date(p.begroting.jaar, 1 + i % 12, 1),
                omschrijving=f"Boeking {i}",
                **koppelingen,
            )
            for i in range(aantal)
        ],
        batch_size=1000,
    )


def queries(client, url) -> int:
    client.get(url)  # the session and the user's memberships, as on any later page
    with CaptureQueriesContext(connection) as vragen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(vragen)


def test_the_dashboard_and_the_school_page_use_as_many_queries_for_10_as_for_10000_entries(cast, client):
    b, plaatsing = top_plaatsing(cast, client)
    school_a = post(b, Doel.SCHOOLBUDGET, cast.school_a)
    assert Boeking.objects.filter(post__begroting=b).count() < 20
    _als(client, cast.beheerder)
    paginas = {
        "dashboard": dashboard(b.jaar),
        "schoolbudget": school_url(b.jaar, cast.school_a),
        "bestuur": bestuur_url(b.jaar, cast.bestuur),
        "post": post_url(post(b, Doel.ARRANGEMENTEN)),
    }
    klein = {naam: queries(client, url) for naam, url in paginas.items()}
    _als(client, cast.directeur_a)
    klein_directeur = queries(client, paginas["schoolbudget"])

    veel_boekingen(school_a, 5000, arrangement=plaatsing)
    for doel in (Doel.ARRANGEMENTEN, Doel.EXPERTPOOL):
        veel_boekingen(post(b, doel), 2500)
    assert Boeking.objects.filter(post__begroting=b).count() > 10000

    assert queries(client, paginas["schoolbudget"]) == klein_directeur
    _als(client, cast.beheerder)
    assert {naam: queries(client, url) for naam, url in paginas.items()} == klein
    html = client.get(paginas["schoolbudget"]).content.decode()
    assert "Grootboek, nieuwste eerst (de laatste 100)" in html


def test_the_dashboard_shows_what_the_networks_places_cost(cast, client):
    from tests.financien.helpers import dit_jaar, tarieven

    b = begroting(cast, jaar=dit_jaar())
    tarieven(cast, jaar=dit_jaar(), so=Decimal("20000"))
    client.force_login(cast.beheerder)
    html = client.get(f"/financien/{b.jaar}/").content.decode()
    # School B is an so with 80 places: 80 × € 20.000 at the rate of category 1.
    assert "So (tegen het tarief van categorie 1)" in html
    assert "€ 1.600.000,00" in html


def test_the_weights_per_kind_of_school_are_set_on_the_model_page(cast, client):
    from passend.financien.models import Verdeelmodel

    b = begroting(cast)
    model = Verdeelmodel.objects.get(pk=b.verdeelmodel_id)
    client.force_login(cast.beheerder)
    url = f"/financien/verdeelmodellen/{model.pk}/"
    data = {
        "naam": model.naam,
        "bedrag_per_leerling": "40,00",
        "afroming_pct": "0",
        "gewicht_bo": "1",
        "gewicht_sbo": "0,5",
        "gewicht_so": "-1",
    }
    antwoord = client.post(url, data)
    assert antwoord.status_code == 400 and "Vul een gewicht van 0 of meer in." in antwoord.content.decode()
    assert client.post(url, {**data, "gewicht_so": "0"}).status_code == 302
    model.refresh_from_db()
    assert model.gewichten == {"bo": "1", "sbo": "0.5", "so": "0"}
