"""Money in a real browser, on the demo's budgets. Bram (beheerder) opens Financiën and lands on
this year's dashboard, opens a line's ledger, is refused a budget below what the line already
committed and spent (at the field), looks at the multi-year estimate and the year under the TOP
model, records a tariff (a bad amount refused at the field first), opens a distribution model and
downloads the Excel export. Lineke (management) draws on the buffer for a line, refused first
without a reason. Vincent, director of De Zonnebloem, sees his school's budget with Finn's
placement charged to it (without Finn's name) and gets "Niet gevonden" for De Catamaran's budget.
Henk, the board's regievoerder, sees both schools of his board and their overview. axe on every
page; screenshots in var/screenshots/."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AxeReport, login, logout

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _jaar() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _vastgelegd_en_uitgegeven(post) -> Decimal:
    from passend.financien.geld import som_van
    from passend.financien.models import Boeking

    return som_van(Boeking.objects.filter(post=post, soort__in=[Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE]))


def _euro(bedrag: Decimal) -> str:
    from passend.financien.geld import bedrag_tekst

    return bedrag_tekst(bedrag)


def _centrale_post(doel):
    from passend.core.demo import VOORBEELDREGIO
    from passend.financien.models import Post

    return Post.objects.get(begroting__jaar=_jaar(), begroting__samenwerkingsverband__code=VOORBEELDREGIO, doel=doel)


def _stat(page, wat: str) -> str:
    """The amount of one of the figures on top of a page ("budget", "vastgelegd", ...)."""
    return page.locator("ul.stats li").filter(has_text=re.compile(rf"\s{wat}$")).locator("strong").inner_text()


def test_management_beheerder_director_and_board_in_the_money_pages(demo_data, page):
    from openpyxl import load_workbook

    from passend.arrangementen.models import Arrangement
    from passend.financien.models import Boeking, Doel
    from passend.organisaties.models import School

    jaar = _jaar()
    axe = AxeReport(page)

    # --- Bram, beheerder: the dashboard, a line's ledger, a budget below what is committed -----
    login(page, "bram@voorbeeldregio.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    page.wait_for_url(f"**/financien/{jaar}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Begroting {jaar}")
    expect(page.get_by_role("heading", name="Prognose tot het eind van het jaar")).to_be_visible()
    axe.check("dashboard", shot="financien-01-dashboard")

    page.get_by_role("link", name="Arrangementen per leerling").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arrangementen per leerling")
    expect(page.get_by_role("table", name="Grootboek, laatst geboekt bovenaan")).to_contain_text(f"Begroting {jaar}")
    axe.check("post arrangementen", shot="financien-02-post")

    # The demo books nothing on this line yet; then the expert pool, whose hours were given.
    arrangementen = _centrale_post(Doel.ARRANGEMENTEN)
    post = arrangementen if _vastgelegd_en_uitgegeven(arrangementen) else _centrale_post(Doel.EXPERTPOOL)
    minstens = _vastgelegd_en_uitgegeven(post)
    assert minstens > 0, "de demo boekt op de expertpool"
    if post != arrangementen:
        page.get_by_role("link", name=f"← Begroting {jaar}").click()
        page.get_by_role("link", name=post.get_doel_display()).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(post.get_doel_display())
    geboekt = Boeking.objects.count()
    page.get_by_text("Een ander budget voor deze post").click()
    page.get_by_label("Nieuw budget voor deze post").fill("100,00")
    page.get_by_label("Reden van de wijziging").fill("Bezuiniging op de pool.")
    page.get_by_role("button", name="Opslaan").click()
    fout = page.locator("#id_budget_bedrag_error")
    expect(fout).to_have_text(f"Er is al meer vastgelegd en uitgegeven: minstens {_euro(minstens)} is nodig.")
    expect(page.locator("#id_budget_bedrag")).to_have_attribute("aria-invalid", "true")
    axe.check("budget wijzigen, geweigerd", shot="financien-03-budget-geweigerd")
    assert Boeking.objects.count() == geboekt  # nothing booked

    # --- The multi-year estimate and the year under the TOP model -------------------------------
    page.get_by_role("link", name=f"← Begroting {jaar}").click()
    page.get_by_role("link", name="Meerjarenraming").click()
    tabel = page.get_by_role("table", name="Per jaar")
    expect(tabel.locator("tbody tr")).to_have_count(5)
    expect(tabel).to_contain_text(f"{jaar + 4} (raming)")
    axe.check("meerjarenraming", shot="financien-04-meerjarig")

    page.get_by_role("link", name=f"← Begroting {jaar}").click()
    page.get_by_role("link", name="Vergelijken met een ander verdeelmodel").click()
    page.get_by_label("Vergelijken met").select_option(label="TOP: schoolbudgetten")
    page.get_by_role("button", name="Vergelijken").click()
    tabel = page.get_by_role("table", name="Per school")
    expect(tabel.locator("thead")).to_contain_text("Netto, TOP: schoolbudgetten")
    expect(tabel.get_by_role("rowheader", name="De Zonnebloem")).to_be_visible()
    axe.check("vergelijken met TOP", shot="financien-05-vergelijken")

    # --- Setting up: a tariff (a bad amount first), a distribution model ------------------------
    page.get_by_role("link", name=f"← Begroting {jaar}").click()
    page.get_by_role("link", name="Inrichting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inrichting financiën")
    axe.check("inrichting", shot="financien-06-inrichting")

    page.get_by_text("Tarief vastleggen").click()
    tarief = page.locator("form").filter(has=page.locator("input[name=formulier][value=tarief]"))
    tarief.get_by_label("Jaar").fill(str(jaar + 1))
    tarief.get_by_label("Soort").select_option(label="Per uur")
    tarief.get_by_label("Discipline of plaats").select_option(label="Orthopedagoog")
    tarief.get_by_label("Bedrag").fill("veel")
    tarief.get_by_role("button", name="Vastleggen").click()
    tarief = page.locator("form").filter(has=page.locator("input[name=formulier][value=tarief]"))
    expect(tarief.locator(".field-error")).to_contain_text("Vul een bedrag in, bijvoorbeeld 1250,00.")
    expect(tarief.get_by_label("Bedrag")).to_have_attribute("aria-invalid", "true")
    axe.check("tarief met fout", shot="financien-07-tarief-fout")
    tarief.get_by_label("Bedrag").fill("97,85")
    tarief.get_by_role("button", name="Vastleggen").click()
    expect(page.locator(".messages")).to_contain_text("Het tarief is vastgelegd.")
    rij = page.get_by_role("table", name=re.compile("Per jaar")).locator("tbody tr").first
    expect(rij).to_contain_text(str(jaar + 1))
    expect(rij).to_contain_text("€ 97,85")

    page.get_by_role("link", name="TOP: schoolbudgetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verdeelmodel: TOP: schoolbudgetten")
    axe.check("verdeelmodel", shot="financien-08-verdeelmodel")

    # --- The Excel export -----------------------------------------------------------------------
    page.goto(f"/financien/{jaar}/")
    link = page.get_by_role("link", name="Excel (posten, schoolbudgetten, grootboek)")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"begroting-{jaar}.xlsx"
    with open(download.path(), "rb") as bestand:
        werkboek = load_workbook(bestand)
    assert werkboek.sheetnames == ["Posten", "Schoolbudgetten", "Grootboek"]
    antwoord = page.request.get(link.get_attribute("href"))
    assert antwoord.status == 200
    assert antwoord.headers["content-type"] == XLSX
    assert antwoord.headers["content-disposition"] == f'attachment; filename="begroting-{jaar}.xlsx"'
    logout(page)

    # --- Lineke, management: the buffer for a line, with a reason -------------------------------
    buffer = _centrale_post(Doel.BUFFER)
    buffer_voor = buffer.beschikbaar
    login(page, "lineke@voorbeeldregio.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    page.get_by_role("link", name="Arrangementen per leerling").click()
    budget_voor = arrangementen.boekingen.filter(soort=Boeking.Soort.BUDGET)
    budget_voor = sum((b.bedrag for b in budget_voor), Decimal("0"))
    assert _stat(page, "budget") == _euro(budget_voor)
    page.get_by_text("Geld uit de buffer naar deze post").click()
    expect(page.locator("#buffer-kop").locator("..")).to_contain_text(
        f"De post onvoorzien heeft nog {_euro(buffer_voor)}."
    )
    page.get_by_label("Bedrag uit de post onvoorzien").fill("2500,00")
    page.get_by_role("button", name="Inzetten").click()
    expect(page.locator("#id_buffer_reden_error")).to_have_text("Schrijf op waarom de post onvoorzien wordt ingezet.")
    expect(page.locator("#id_buffer_reden")).to_have_attribute("aria-invalid", "true")
    axe.check("buffer zonder reden", shot="financien-09-buffer-fout")
    reden = "Meer aanvragen voor dyslexie-arrangementen dan begroot."
    page.get_by_label("Reden (verplicht)", exact=True).fill(reden)
    page.get_by_role("button", name="Inzetten").click()
    expect(page.locator(".messages")).to_contain_text("De post onvoorzien is ingezet.")
    grootboek = page.get_by_role("table", name="Grootboek, laatst geboekt bovenaan")
    eerste = grootboek.locator("tbody tr").first
    expect(eerste).to_contain_text("Uit de post onvoorzien")
    expect(eerste).to_contain_text(f"Reden: {reden}")
    expect(eerste).to_contain_text("€ 2.500,00")
    expect(eerste).to_contain_text("Lineke Meijer")
    assert _stat(page, "budget") == _euro(budget_voor + Decimal("2500"))
    buffer.refresh_from_db()
    assert buffer.beschikbaar == buffer_voor - Decimal("2500")
    axe.check("buffer ingezet", shot="financien-10-buffer-ingezet")
    # A school's budget (under TOP it pays its own placements) gets the same forms on its line's page.
    page.get_by_role("link", name=f"← Begroting {jaar}").click()
    page.get_by_role("table", name="Per school").get_by_role("link", name="De Zonnebloem").click()
    page.get_by_role("link", name="Budget wijzigen of de post onvoorzien inzetten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schoolbudget De Zonnebloem")
    expect(page.get_by_text("Geld uit de buffer naar deze post")).to_be_visible()
    axe.check("schoolbudget als post", shot="financien-11-schoolbudget-post")
    logout(page)

    # --- Vincent, director of De Zonnebloem: his school's budget, not De Catamaran's ------------
    catamaran = School.objects.get(naam="De Catamaran")
    finn = Arrangement.objects.get(leerling__voornaam="Finn", soort="tijdelijke_plaatsing")
    login(page, "vincent@voorbeeldregio.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financiën")
    axe.check("financiën, directeur", shot="financien-12-start-directeur")
    page.get_by_role("listitem").filter(has_text="De Zonnebloem").get_by_role("link", name=str(jaar)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Ondersteuningsbudget {jaar}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("De Zonnebloem")
    ten_laste = page.get_by_role("table", name="Per arrangement of plaatsing")
    expect(
        ten_laste.get_by_role("link", name=f"Tijdelijke plaatsing in het S(B)O (arrangement {finn.pk})")
    ).to_be_visible()
    assert "Finn" not in page.locator("main").inner_text()
    axe.check("schoolbudget De Zonnebloem", shot="financien-13-schoolbudget")
    axe.visit(f"/financien/{jaar}/scholen/{catamaran.pk}/", "schoolbudget van een andere school", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    assert "Catamaran" not in page.locator("main").inner_text()
    logout(page)

    # --- Henk, regievoerder of Stichting Zonnig Onderwijs: the board's schools -------------------
    login(page, "henk@voorbeeldregio.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()
    main = page.locator("main")
    expect(main).to_contain_text("De Catamaran")
    expect(main).to_contain_text("De Zonnebloem")
    axe.check("financiën, bestuur", shot="financien-14-start-bestuur")
    page.get_by_role("listitem").filter(has_text="Stichting Zonnig Onderwijs").get_by_role(
        "link", name=str(jaar)
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stichting Zonnig Onderwijs")
    tabel = page.get_by_role("table", name="Per school")
    expect(tabel.locator("tbody th")).to_have_text(["De Catamaran", "De Zonnebloem"])
    axe.check("schoolbudgetten van het bestuur", shot="financien-15-bestuur")
    logout(page)

    axe.assert_clean()
