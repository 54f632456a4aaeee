"""The key figures of school year 2025-2026 on a hand-built partnership: literal numbers worked
out below, the whole dashboard against the independent computation (verwacht.py), who sees which
part, small numbers suppressed, the lists behind the numbers, bad filters, constant queries."""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passend.accounts.models import Lidmaatschap
from passend.accounts.roles import Rol
from passend.core.models import AuditEvent
from passend.rapportage.bronnen import BRONNEN
from passend.rapportage.filters import Filter
from passend.rapportage.kengetallen import Cel, Figuur, Rij, onderdrukken
from passend.rapportage.selectors import kengetallen_lezen
from tests.arrangementen.tlv_helpers import sbo_school
from tests.rapportage import maak, verwacht

pytestmark = pytest.mark.django_db

JAAR = 2025  # school year 1 August 2025 – 31 July 2026; the reference date is its last day
D = date


def scenario(cast):
    """Pupils of school A (bo) sent to school B (so) and the sbo; one to the other partnership's
    school; one of the other partnership placed at school B; home-sitters now and two years ago."""
    sbo = sbo_school(cast)
    for school, okt, feb in ((cast.school_a, 200, 210), (sbo, 100, 104), (cast.school_b, 80, 80)):
        maak.telling(school, D(JAAR, 10, 1), okt)
        maak.telling(school, D(JAAR + 1, 2, 1), feb)
    p = {n: maak.leerling(cast, naam=f"Leerling{n}") for n in range(1, 15)}
    maak.tlv(cast, p[1], besloten=D(2025, 9, 15), categorie="laag")
    maak.tlv(cast, p[2], besloten=D(2025, 11, 1), categorie="midden")
    maak.tlv(cast, p[3], besloten=D(2026, 3, 1), soort="sbo", school=sbo)
    maak.tlv(cast, p[4], besloten=D(2024, 5, 1), categorie="hoog", einde=D(2026, 5, 1))
    maak.tlv(cast, p[5], besloten=D(2025, 10, 10), categorie="laag", school=cast.school_other)
    elders = maak.leerling(cast, school=cast.school_other, naam="Elders")
    maak.tlv(cast, elders, besloten=D(2026, 1, 10), categorie="midden", school=cast.school_b, swv=cast.swv_other)

    b7 = maak.besluit(cast, p[7], signaal=D(2025, 9, 1), ingediend=D(2025, 10, 1), besloten=D(2025, 10, 20))
    a1 = maak.arrangement(
        cast, p[7], besluit_=b7, start=D(2025, 11, 1), gestart=D(2025, 11, 3), einde=D(2026, 6, 30), uren=Decimal(40)
    )
    maak.inzet(cast, a1, D(2025, 12, 1), "3")
    maak.inzet(cast, a1, D(2026, 8, 15), "2")  # after the period
    maak.evaluatie(
        cast,
        a1,
        gepland=D(2026, 2, 1),
        gehouden=D(2026, 2, 10),
        resultaten=("behaald", "deels"),
        ouders=((4, 3, 4), (2, 2, 3)),
    )
    maak.evaluatie(cast, a1, gepland=D(2026, 6, 1))  # not held: overdue on 31 July

    b8 = maak.besluit(cast, p[8], signaal=D(2025, 6, 1), ingediend=D(2025, 7, 1), besloten=D(2025, 8, 20))
    maak.arrangement(
        cast,
        p[8],
        besluit_=b8,
        soort="tijdelijke_plaatsing",
        plaats="so",
        plaats_school=cast.school_b,
        start=D(2025, 9, 1),
        gestart=D(2025, 9, 1),
        einde=D(2026, 8, 31),
        beeindigd=D(2026, 6, 1),
    )
    b9 = maak.besluit(cast, p[9], signaal=D(2026, 3, 1), ingediend=D(2026, 5, 1), besloten=D(2026, 7, 1))
    maak.arrangement(
        cast,
        p[9],
        besluit_=b9,
        soort="tijdelijke_plaatsing",
        plaats="sbo",
        plaats_school=sbo,
        start=D(2026, 9, 1),
        einde=D(2027, 7, 31),
    )
    maak.thuis(p[10], D(2026, 1, 5), reden="psychisch")
    maak.thuis(p[11], D(2026, 6, 1), reden="gedrag")
    maak.thuis(p[12], D(2025, 12, 1), einde=D(2026, 3, 1), reden="ziekte")
    maak.thuis(p[13], D(2026, 2, 1), reden="psychisch", aanbod=D(2026, 3, 1))
    maak.thuis(p[14], D(2024, 5, 1), einde=D(2024, 9, 1), reden="ziekte")
    return p


def management(cast):
    Lidmaatschap.objects.create(
        user=cast.beheerder, rol=Rol.SWV_MANAGEMENT, samenwerkingsverband=cast.swv, geldig_van=D(2020, 1, 1)
    )
    return cast.beheerder


def schooljaar(cast, swv=None, **scope) -> Filter:
    return Filter.schooljaar((swv or cast.swv).pk, JAAR, D(2026, 12, 6), **scope)


def rijen(k, code) -> dict:
    return {rij.label: [cel.tekst for cel in rij.cellen] for rij in k.figuur(code).rijen}


def test_the_figures_of_a_school_year_match_the_hand_worked_numbers(cast):
    scenario(cast)
    f = schooljaar(cast)
    k = kengetallen_lezen(actor=cast.beheerder, filter=f)
    deelname = rijen(k, "deelname")
    # 1 October: 200 + 100 in bo and sbo; in so pupils 1 (laag) and 4 (hoog); 1 February adds 2 and 5.
    assert deelname["1 oktober 2025"] == ["300", "100", "33,3%", "2", "0,7%", "1", "0", "1"]
    assert deelname["1 februari 2026"] == ["314", "104", "33,1%", "4", "1,3%", "2", "1", "1"]
    assert deelname["Groei 1 oktober – 1 februari"][:2] == ["14", "4"]
    # Issued in the year: 1, 2, 3 and 5 (4 was issued the year before; the other partnership's is not ours).
    assert rijen(k, "tlv_soort") == {
        "SBO": ["1"],
        "SO categorie 1 (laag)": ["2"],
        "SO categorie 2 (midden)": ["1"],
        "SO categorie 3 (hoog)": ["0"],
        "Totaal": ["4"],
    }
    # Home-sitters on 31 July 2026: 10, 11 and 13 (12 went back in March); 10 without an offer for
    # over three months. 3 per 380 pupils on 1 October is 7,9 per 1,000; durations 207, 60 and
    # 180 days, the median 180 days = 25,7 weeks. Two years earlier pupil 14 (no count then).
    assert rijen(k, "thuiszitters") == {
        "31 juli 2026": ["3", "7,9", "25,7 weken", "17,1 weken", "27,6 weken", "1"],
        "31 juli 2024": ["1", "–", "13,0 weken", "13,0 weken", "13,0 weken", "0"],
    }
    assert rijen(k, "thuiszit_redenen")["Psychische problemen of schoolangst"] == ["2", "0"]
    # Pupil 9's place in the sbo, decided on 1 July, had not started on 31 July: 30 days.
    assert rijen(k, "wachtlijst") == {"SBO De Brug": ["1", "30,0 dagen", "30 dagen"]}
    # Pupil 8's temporary placement in the so ended on 1 June; he stays at school A: a return.
    assert rijen(k, "terugkeer") == {"Tijdelijke plaatsing in het S(B)O": ["1"], "Totaal": ["1"]}
    assert rijen(k, "grensverkeer") == {"SWV Elders": ["1", "1"], "Totaal": ["1", "1"]}
    assert rijen(k, "evaluaties") == {"School A": ["1"], "Totaal": ["1"]}
    assert rijen(k, "doelen") == {"Onderwijsarrangement (OA)": ["1", "1", "0", "50,0%"]}
    assert rijen(k, "ouders")["Helpt het arrangement uw kind?"] == ["2", "3,0", "50,0%"]
    arrangement = rijen(k, "arrangement_soort")["Onderwijsarrangement (OA)"]
    assert arrangement[:4] == ["1", "1", "40,0 uur", "3,0 uur"]
    aanvraag = rijen(k, "doorlooptijden")["Aanvraag tot besluit"]
    assert aanvraag[0] == "7"  # pupils 1, 2, 3, 5 (TLVs), 7, 8 and 9
    assert verwacht.verschillen(k, f) == []


@pytest.mark.parametrize(
    "scope", [{}, {"school_id": "school_a"}, {"schoolbestuur_id": "bestuur"}, {"deelverband_id": "deelverband"}]
)
def test_every_figure_equals_the_independent_computation_for_each_part(cast, scope):
    scenario(cast)
    f = schooljaar(cast, **{k: getattr(cast, v).pk for k, v in scope.items()})
    k = kengetallen_lezen(actor=cast.beheerder, filter=f)
    assert verwacht.verschillen(k, f) == []
    assert (
        verwacht.verschillen(kengetallen_lezen(actor=cast.beheerder, filter=f.jaren_eerder(1)), f.jaren_eerder(1)) == []
    )


def test_the_other_partnership_sees_only_its_own(cast):
    scenario(cast)
    f = schooljaar(cast, swv=cast.swv_other)
    k = kengetallen_lezen(actor=cast.beheerder_other, filter=f)
    assert verwacht.verschillen(k, f) == []
    # Its one TLV, for its pupil at our school B; our pupil 5 at its school comes in.
    assert rijen(k, "tlv_soort")["Totaal"] == ["1"]
    assert rijen(k, "grensverkeer") == {"SWV Testregio": ["1", "1"], "Totaal": ["1", "1"]}
    assert rijen(k, "thuiszitters")["31 juli 2026"][0] == "0"
    assert not k.figuur("arrangement_soort").rijen


def test_a_director_sees_their_school_and_small_numbers_as_less_than_five(cast, client):
    scenario(cast)
    client.force_login(cast.directeur_a)
    response = client.get(reverse("rapportage:dashboard"), {"schooljaar": JAAR})
    assert response.status_code == 200
    k = response.context["k"]
    assert k.onderwerp == cast.school_a and k.onderdrukt
    assert rijen(k, "tlv_soort")["SBO"] == ["<5"]
    assert rijen(k, "thuiszitters")["31 juli 2026"] == ["<5"] * 6
    assert rijen(k, "deelname")["1 oktober 2025"][:3] == ["200", "0", "0,0%"]  # counts of a school are no pupils
    html = response.content.decode()
    assert "&lt;5" in html and "School B" not in html.split("<main")[1].split("</main>")[0]
    # The partnership's staff see the same numbers as they are.
    client.force_login(management(cast))
    k = client.get(reverse("rapportage:dashboard"), {"schooljaar": JAAR, "school": cast.school_a.pk}).context["k"]
    assert rijen(k, "tlv_soort")["SBO"] == ["1"] and not k.onderdrukt


def _tabel(code, kolommen, rijen, **kwargs) -> Figuur:
    return Figuur(code, code, kolommen, [Rij(label, [Cel(n, n=n) for n in ns]) for label, ns in rijen], **kwargs)


def _teksten(figuur) -> dict:
    return {rij.label: [cel.tekst for cel in rij.cellen] for rij in figuur.rijen}


def test_no_suppressed_number_can_be_worked_out_from_the_others():
    # A board of two schools: De Zonnebloem 2 sbo + 3 so, De Catamaran 3 so; the board 2 + 6 = 8.
    scholen = _tabel(
        "school",
        ["SBO", "SO", "Totaal"],
        [("Zonnebloem", (2, 3, 5)), ("Catamaran", (0, 3, 3))],
        delen=True,
        sommen={2: (0, 1)},
    )
    bestuur = _tabel("bestuur", ["SBO", "SO", "Totaal"], [("Bestuur", (2, 6, 8))], delen=True, sommen={2: (0, 1)})
    soorten = _tabel(
        "soort", ["Aantal"], [("SBO", (2,)), ("SO laag", (6,)), ("SO hoog", (9,)), ("Totaal", (17,))], delen=True
    )
    onderdrukken([scholen, bestuur, soorten])
    # Zonnebloem's total 5 would give its sbo 2 (5 − 3), and with the board's 8 Catamaran's total 3.
    assert _teksten(scholen) == {"Zonnebloem": ["<5", "<5", "×"], "Catamaran": ["0", "<5", "<5"]}
    # The board's SO 6 is shown: with two hidden parts the total no longer tells either.
    assert _teksten(bestuur) == {"Bestuur": ["<5", "6", "×"]}
    # One hidden kind and a total: the smallest other kind goes too.
    assert _teksten(soorten) == {"SBO": ["<5"], "SO laag": ["×"], "SO hoog": ["9"], "Totaal": ["17"]}
    assert all(
        cel.waarde is None and not cel.lijst
        for f in (scholen, bestuur, soorten)
        for r in f.rijen
        for cel in r.cellen
        if cel.onderdrukt
    )


def test_a_growth_between_two_shown_counts_is_shown_and_hidden_with_either():
    okt, feb = Cel(10, n=10), Cel(13, n=13)
    laag_okt, laag_feb = Cel(4, n=4), Cel(6, n=6)
    figuur = Figuur(
        "groei",
        "groei",
        ["so", "laag"],
        [
            Rij("okt", [okt, laag_okt]),
            Rij("feb", [feb, laag_feb]),
            Rij("groei", [Cel(3, uit=(okt, feb)), Cel(2, uit=(laag_okt, laag_feb))]),
        ],
    )
    onderdrukken([figuur])
    assert _teksten(figuur)["groei"] == ["3", "×"]


def test_a_number_opens_onto_the_pupils_the_person_may_see(cast, client):
    p = scenario(cast)
    query = {"schooljaar": JAAR, "bron": "thuiszitter"}
    client.force_login(cast.directeur_a)
    lijst = client.get(reverse("rapportage:lijst"), query).context["lijst"]
    assert {r.rapport_leerling for r in lijst.rijen} == {p[10], p[11], p[13]}
    assert lijst.totaal == 3 and lijst.verborgen == 0
    assert AuditEvent.objects.filter(action="search", object_type="leerlingen.leerling").exists()
    # The board's regievoerder counts them but sees no pupil names: "<5" hidden.
    client.force_login(cast.rvz)
    response = client.get(reverse("rapportage:lijst"), query)
    assert response.context["lijst"].rijen == [] and "&lt;5" in response.content.decode()
    # A source or a parameter the list does not know is refused (404), and audited.
    voor = AuditEvent.objects.filter(result="denied").count()
    assert client.get(reverse("rapportage:lijst"), {**query, "bron": "geheim"}).status_code == 404
    assert client.get(reverse("rapportage:lijst"), {**query, "reden": "x", "leerling": "1"}).status_code == 404
    assert AuditEvent.objects.filter(result="denied").count() == voor + 2


def test_the_list_says_in_words_which_number_it_was_opened_from(cast, client):
    scenario(cast)
    client.force_login(management(cast))
    k = kengetallen_lezen(actor=cast.beheerder, filter=schooljaar(cast))
    rij = next(r for r in k.figuur("tlv_school").rijen if r.label == cast.school_a.naam)
    so = rij.cellen[1]  # TLVs for the so asked by school A
    response = client.get(reverse("rapportage:lijst") + f"?schooljaar={JAAR}&{so.lijst}")
    assert response.context["lijst"].selectie == [
        ("soort", "soort", "Speciaal onderwijs (SO)"),
        ("bij_school", "school", cast.school_a.naam),
    ]
    tekst = f"soort <strong>Speciaal onderwijs (SO)</strong>, school <strong>{cast.school_a.naam}</strong>."
    assert f"telt alleen: {tekst}" in response.content.decode()
    # Dates and codes in words too; a cell that narrows nothing says nothing.
    query = {"schooljaar": JAAR, "bron": "thuiszitter", "datum": "2026-03-02", "reden": "psychisch"}
    selectie = client.get(reverse("rapportage:lijst"), query).context["lijst"].selectie
    assert [waarde for _, _, waarde in selectie] == ["Psychische problemen of schoolangst", "2 maart 2026"]
    response = client.get(reverse("rapportage:lijst"), {"schooljaar": JAAR, "bron": "tlv"})
    assert response.context["lijst"].selectie == [] and "telt alleen" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "veld", "melding"),
    [
        ({"van": "2025-08-01"}, "tot", "zowel ‘van’ als ‘tot en met’"),
        ({"van": "2026-08-01", "tot": "2025-08-01"}, "tot", "ligt vóór het begin"),
        ({"peildatum": "2099-01-01"}, "peildatum", "in de toekomst"),
        ({"van": "2020-01-01", "tot": "2026-01-01"}, "tot", "hooguit vijf jaar"),
    ],
)
def test_a_bad_filter_is_refused_at_the_field_in_dutch(cast, client, query, veld, melding):
    client.force_login(cast.beheerder)
    response = client.get(reverse("rapportage:dashboard"), query)
    assert response.status_code == 200
    assert melding in " ".join(response.context["form"].errors[veld])
    assert "k" not in response.context


def test_the_dashboard_uses_as_many_queries_for_much_data_as_for_little(cast, client):
    scenario(cast)
    client.force_login(management(cast))
    url = reverse("rapportage:dashboard") + "?" + urlencode({"schooljaar": JAAR})

    def tel():
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return len(q.captured_queries)

    weinig = tel()
    meer_gegevens(cast)
    assert tel() == weinig


def meer_gegevens(cast, n: int = 25) -> None:
    """n more pupils of school A, each with a TLV, an arrangement with hours, a held evaluation
    with a result and the parents' answers, and a period at home."""
    for i in range(n):
        pupil = maak.leerling(cast, naam=f"Meer{i}")
        b = maak.tlv(cast, pupil, besloten=D(2025, 10, 1), categorie="hoog").besluit
        a = maak.arrangement(
            cast, pupil, besluit_=b, start=D(2025, 11, 1), gestart=D(2025, 11, 2), einde=D(2026, 6, 1), uren=Decimal(10)
        )
        maak.evaluatie(
            cast, a, gepland=D(2026, 3, 1), gehouden=D(2026, 3, 2), resultaten=("niet",), ouders=((1, 1, 1),)
        )
        maak.thuis(pupil, D(2026, 4, 1), reden="gezin")


@pytest.mark.parametrize("bron", list(BRONNEN))
def test_every_list_uses_as_many_queries_for_many_pupils_as_for_few(cast, client, bron):
    scenario(cast)
    client.force_login(cast.directeur_a)  # sees the names of school A's pupils, so the rows are shown
    url = reverse("rapportage:lijst") + "?" + urlencode({"schooljaar": JAAR, "bron": bron})

    def tel():
        with CaptureQueriesContext(connection) as q:
            response = client.get(url)
        assert response.status_code == 200
        return len(q.captured_queries), len(response.context["lijst"].rijen)

    weinig, rijen = tel()
    meer_gegevens(cast)
    meer, meer_rijen = tel()
    assert meer == weinig
    if bron in ("tlv", "tlv_geldig", "arrangement", "doel", "thuiszitter"):
        assert meer_rijen >= rijen + 25  # the list did grow: the count is not constant by having nothing to show
