"""Loading a norm table (CSV, docs/instrumenten.md): the demo table loads; every refusal names the
row ("Regel N"); a refused table stores nothing; any exact covering of 0..maximum loads and a
covering with one row taken out is refused naming the gap."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from passend.instrumenten import normen, services
from passend.instrumenten.models import Normregel, Normtabel
from tests.instrumenten.helpers import installeer

DEMO_NORMEN = Path(services.__file__).resolve().parents[1] / "core" / "demo_data" / "vpi-voorbeeldnormen.csv"
KOP = ";".join(normen.KOLOMMEN)


def csv(*regels: str) -> bytes:
    return "\n".join([KOP, *regels]).encode("utf-8")


def demo_regels() -> list[str]:
    return DEMO_NORMEN.read_text(encoding="utf-8").splitlines()[1:]


def met(regels: list[str], nummer: int, nieuw: str | None) -> bytes:
    """The demo table with CSV line `nummer` (1 = header) replaced (or removed when `nieuw` is None)."""
    regels = list(regels)
    if nieuw is None:
        del regels[nummer - 2]
    else:
        regels[nummer - 2] = nieuw
    return csv(*regels)


@pytest.fixture
def vpi(cast):
    return installeer(cast, "vpi")


def laad(cast, instrument, inhoud: bytes, **kwargs):
    return services.normtabel_laden(actor=cast.beheerder, instrument=instrument, inhoud=inhoud, **kwargs)


def refused(cast, instrument, inhoud: bytes) -> list[str]:
    before = (Normtabel.objects.count(), Normregel.objects.count())
    with pytest.raises(ValidationError) as exc:
        laad(cast, instrument, inhoud)
    assert (Normtabel.objects.count(), Normregel.objects.count()) == before
    return exc.value.messages


# --- The demo table ------------------------------------------------------------------------------


def test_the_demo_norm_table_loads_for_the_example_vpi(cast, vpi):
    tabel = laad(cast, vpi, DEMO_NORMEN.read_bytes(), bron="Verzonnen", bestandsnaam=DEMO_NORMEN.name)
    assert tabel.regels.count() == len(demo_regels()) == 48
    scorend = set(vpi.gebieden.filter(scoren=True).values_list("code", flat=True))
    assert set(tabel.regels.values_list("gebied__code", flat=True)) == scorend
    # Bands ranked from low to high by their lowest normscore.
    assert dict(tabel.regels.values_list("band", "band_rang").distinct()) == {"gemiddeld": 0, "verhoogd": 1, "hoog": 2}
    for gebied in vpi.gebieden.filter(scoren=True):
        regels = list(tabel.regels.filter(gebied=gebied).order_by("ruw_van"))
        assert regels[0].ruw_van == 0 and regels[-1].ruw_tot == gebied.maximum


def test_a_newer_table_is_kept_alongside_the_older(cast, vpi):
    laad(cast, vpi, DEMO_NORMEN.read_bytes())
    tweede = laad(cast, vpi, DEMO_NORMEN.read_bytes(), bron="Tweede")
    assert vpi.normtabellen.count() == 2
    assert vpi.normtabellen.order_by("-geladen_op", "-id").first() == tweede


def test_only_the_partnerships_beheerder_loads_a_norm_table(cast, vpi):
    for persona in ("beheerder_other", "ib_a", "trajectbegeleider"):
        with pytest.raises(PermissionDenied):
            services.normtabel_laden(actor=cast.users[persona], instrument=vpi, inhoud=DEMO_NORMEN.read_bytes())
    assert Normtabel.objects.count() == 0


def test_an_instrument_without_scored_areas_gets_no_norm_table(cast):
    # A changed example in which no area scores.
    import json

    data = json.loads(services.preset_inhoud("leerling_stem"))
    for deel in data["delen"]:
        for gebied in deel["gebieden"]:
            gebied["scoren"] = False
    instrument = services.instrument_laden(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, inhoud=json.dumps(data).encode()
    )
    assert refused(cast, instrument, csv("in_de_klas;0;8;1;gemiddeld;;")) == [
        "Dit instrument heeft geen gebieden die scoren; er hoort geen normtabel bij."
    ]


# --- Refusals name the row -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kop",
    [
        "gebied,ruw_van,ruw_tot,normscore,band,leeftijd_van_maanden,leeftijd_tot_maanden",
        "gebied;ruw_van;ruw_tot;normscore;band",
        "gebied;van;tot;normscore;band;leeftijd_van_maanden;leeftijd_tot_maanden",
        "",
    ],
)
def test_a_wrong_header_names_line_1(cast, vpi, kop):
    (bericht,) = refused(cast, vpi, "\n".join([kop, *demo_regels()]).encode())
    assert bericht.startswith("Regel 1: de kopregel moet precies ‘gebied;ruw_van;")


def test_an_unknown_area_names_its_row(cast, vpi):
    assert refused(cast, vpi, met(demo_regels(), 5, "sport;0;5;1;gemiddeld;;")) == [
        "Regel 5: gebied ‘sport’ is geen gebied van dit instrument dat scoort."
    ]


def test_an_area_that_does_not_score_is_unknown_to_the_table(cast, vpi):
    (bericht,) = refused(cast, vpi, met(demo_regels(), 3, "beschermende_factoren;0;5;1;gemiddeld;;"))
    assert bericht == "Regel 3: gebied ‘beschermende_factoren’ is geen gebied van dit instrument dat scoort."


@pytest.mark.parametrize(
    ("regel", "bericht"),
    [
        ("emoties;0;5;1,5;gemiddeld;;", "Regel 2: normscore ‘1,5’ is geen geheel getal."),
        ("emoties;nul;5;1;gemiddeld;;", "Regel 2: ruw_van ‘nul’ is geen geheel getal."),
        ("emoties;0;5.0;1;gemiddeld;;", "Regel 2: ruw_tot ‘5.0’ is geen geheel getal."),
        ("emoties;0;5;1;gemiddeld;4 jaar;", "Regel 2: leeftijd_van_maanden ‘4 jaar’ is geen geheel getal."),
        ("emoties;-1;5;1;gemiddeld;;", "Regel 2: ruw_van mag niet negatief zijn."),
        ("emoties;;5;1;gemiddeld;;", "Regel 2: ruw_van ontbreekt."),
        ("emoties;0;5;1;;;", "Regel 2: band ontbreekt."),
        ("emoties;0;5;1;<b>gemiddeld</b>;;", "Regel 2: band is langer dan 50 tekens of bevat < of >."),
        ("emoties;0;5;1;gemiddeld", "Regel 2: verwacht 7 kolommen, gevonden 5."),
    ],
)
def test_a_bad_cell_names_its_row(cast, vpi, regel, bericht):
    assert refused(cast, vpi, met(demo_regels(), 2, regel)) == [bericht]


def test_ruw_tot_above_the_areas_maximum_names_its_row(cast, vpi):
    assert vpi.gebieden.get(code="emoties").maximum == 18
    assert refused(cast, vpi, met(demo_regels(), 4, "emoties;12;19;3;hoog;;")) == [
        "Regel 4: ruw_tot (19) ligt boven de hoogste ruwe score van ‘emoties’ (18)."
    ]


def test_ruw_tot_below_ruw_van_names_its_row(cast, vpi):
    assert refused(cast, vpi, met(demo_regels(), 3, "emoties;11;6;2;verhoogd;;")) == [
        "Regel 3: ruw_tot (6) ligt onder ruw_van (11)."
    ]


def test_an_overlap_names_the_later_row(cast, vpi):
    # emoties 0–5, 5–11, 12–18: score 5 twice.
    assert refused(cast, vpi, met(demo_regels(), 3, "emoties;5;11;2;verhoogd;;")) == [
        "Regel 3: ruwe score 5 van ‘emoties’ staat al in een eerdere regel."
    ]


def test_a_gap_names_the_row_after_it(cast, vpi):
    # emoties 0–5, 7–11, 12–18: score 6 missing.
    assert refused(cast, vpi, met(demo_regels(), 3, "emoties;7;11;2;verhoogd;;")) == [
        "Regel 3: ‘emoties’ heeft geen regel voor ruwe score 6–6."
    ]


def test_a_missing_top_range_names_the_row_where_the_table_stops(cast, vpi):
    # emoties 0–5, 6–11 and nothing for 12–18.
    (bericht,) = refused(cast, vpi, met(demo_regels(), 4, None))
    assert bericht == "Regel 3: ‘emoties’ heeft geen regel voor ruwe score 12–18 (de hoogste ruwe score is 18)."


def test_a_scored_area_without_any_row_is_a_gap(cast, vpi):
    zonder = [r for r in demo_regels() if not r.startswith("lesstof;")]
    (bericht,) = refused(cast, vpi, csv(*zonder))
    assert bericht.startswith("‘lesstof’ heeft geen regel voor ruwe score 0–18")


def test_an_age_range_reversed_names_its_row(cast, vpi):
    regels = demo_regels()
    assert refused(cast, vpi, met(regels, 2, "emoties;0;5;1;gemiddeld;72;48")) == [
        "Regel 2: leeftijd_tot_maanden ligt onder leeftijd_van_maanden."
    ]


def per_leeftijd(grens: int = 71) -> list[str]:
    """The demo table twice: up to `grens` months and from the month after."""
    jong = [f"{r[:-2]};0;{grens}" for r in demo_regels()]
    oud = [f"{r[:-2]};{grens + 1};" for r in demo_regels()]
    return jong + oud


def test_age_groups_are_each_covered_on_their_own(cast, vpi):
    tabel = laad(cast, vpi, csv(*per_leeftijd()))
    assert tabel.regels.count() == 96
    regels = per_leeftijd()
    del regels[49]  # the older group's emoties 6–11
    (bericht,) = refused(cast, vpi, csv(*regels))
    assert bericht == "Regel 51: ‘emoties’ (leeftijd 72–…) heeft geen regel voor ruwe score 6–11."


def test_overlapping_age_groups_of_one_area_are_refused_naming_the_row(cast, vpi):
    # Pupils of 60–71 months would match two rows for every raw score of emoties.
    regels = per_leeftijd()
    regels[48:51] = [f"{r[:-2]};60;" for r in demo_regels()[:3]]
    (bericht,) = refused(cast, vpi, csv(*regels))
    assert bericht.startswith("Regel 50: ")
    assert "emoties" in bericht and "overlap" in bericht


def test_rows_without_age_and_rows_with_age_for_one_area_overlap(cast, vpi):
    regels = demo_regels() + [f"{r[:-2]};0;71" for r in demo_regels()[:3]]
    (bericht,) = refused(cast, vpi, csv(*regels))
    assert bericht.startswith("Regel 50: ") and "overlap" in bericht


@pytest.mark.parametrize(
    ("regel", "begin"),
    [
        ("emoties;0;5;99999999999;gemiddeld;;", "Regel 2: normscore"),
        ("emoties;0;5;-99999999999;gemiddeld;;", "Regel 2: normscore"),
    ],
)
def test_numbers_beyond_what_can_be_stored_name_their_row(cast, vpi, regel, begin):
    (bericht,) = refused(cast, vpi, met(demo_regels(), 2, regel))
    assert bericht.startswith(begin)


def test_ages_beyond_what_can_be_stored_name_their_row(cast, vpi):
    # Two age groups that cover everything, split at 40000 months (more than a smallint holds).
    messages = refused(cast, vpi, csv(*per_leeftijd(grens=39999)))
    assert messages[0] == "Regel 2: leeftijd_tot_maanden mag hoogstens 1200 zijn."
    assert messages[-1] == "… en nog 76 fout(en)."


def test_a_table_with_only_a_header_is_refused(cast, vpi):
    assert refused(cast, vpi, csv()) == ["De normtabel heeft geen regels."]


def test_a_table_over_2_mb_is_refused(cast, vpi):
    groot = csv(*demo_regels()) + b"\n" + b";" * (2 * 1024 * 1024)
    assert refused(cast, vpi, groot) == ["Het bestand is groter dan 2 MB; dat is geen normtabel."]


def test_a_table_that_is_not_utf8_is_refused(cast, vpi):
    (bericht,) = refused(cast, vpi, "\n".join([KOP, *demo_regels()]).encode("utf-16"))
    assert "geen UTF-8" in bericht


def test_a_bron_with_html_is_refused_at_the_field(cast, vpi):
    before = Normtabel.objects.count()
    with pytest.raises(ValidationError) as exc:
        laad(cast, vpi, DEMO_NORMEN.read_bytes(), bron="<script>x</script>")
    assert exc.value.message_dict == {"bron": ["Gebruik hoogstens 300 tekens, zonder < of >."]}
    assert Normtabel.objects.count() == before


def test_several_errors_are_reported_together_each_with_its_row(cast, vpi):
    regels = demo_regels()
    regels[0] = "emoties;x;5;1;gemiddeld;;"
    regels[5] = "onbekend;0;5;1;gemiddeld;;"
    assert refused(cast, vpi, csv(*regels)) == [
        "Regel 2: ruw_van ‘x’ is geen geheel getal.",
        "Regel 7: gebied ‘onbekend’ is geen gebied van dit instrument dat scoort.",
    ]


def test_the_upload_page_shows_the_rows_at_the_file_field(cast, client, vpi):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.beheerder)
    response = client.post(
        f"/beheer/vragenlijsten/{vpi.pk}/",
        {"bestand": SimpleUploadedFile("normen.csv", met(demo_regels(), 3, "emoties;7;11;2;verhoogd;;")), "bron": ""},
    )
    assert response.status_code == 400
    assert "Regel 3: ‘emoties’ heeft geen regel voor ruwe score 6–6." in response.content.decode()
    assert Normtabel.objects.count() == 0


# --- Properties ----------------------------------------------------------------------------------


@st.composite
def dekking(draw):
    """A valid table for 1–3 areas (each with its maximum); each area with or without two age groups.
    Returns (maxima, rows as CSV text lines, the (area, age group) of each row)."""
    aantal = draw(st.integers(1, 3))
    maxima = {f"gebied_{i}": draw(st.integers(1, 30)) for i in range(aantal)}
    regels, groepen = [], []
    for gebied, maximum in maxima.items():
        if draw(st.booleans()):
            grens = draw(st.integers(0, 200))
            leeftijden = [(0, grens), (grens + 1, None)]
        else:
            leeftijden = [(None, None)]
        for van_l, tot_l in leeftijden:
            # An age group has two rows or more: without its only row it would just be absent
            # (norms for some ages only), which is allowed; an area without any row is not.
            minimum = 1 if van_l is not None else 0
            sneden = sorted(draw(st.sets(st.integers(1, maximum), min_size=minimum, max_size=maximum)))
            grenzen = [0, *sneden, maximum + 1]
            for i, (van, volgende) in enumerate(zip(grenzen, grenzen[1:], strict=False)):
                leeftijd = f"{'' if van_l is None else van_l};{'' if tot_l is None else tot_l}"
                regels.append(f"{gebied};{van};{volgende - 1};{i + 1};band{i};{leeftijd}")
                groepen.append((gebied, van_l, tot_l, van, volgende - 1))
    volgorde = draw(st.permutations(range(len(regels))))
    return maxima, [regels[i] for i in volgorde], [groepen[i] for i in volgorde]


@settings(max_examples=150, deadline=None)
@given(dekking())
def test_any_exact_covering_of_0_to_maximum_loads(tabel):
    maxima, regels, _ = tabel
    gelezen = normen.lees_normtabel(csv(*regels), maxima)
    assert len(gelezen) == len(regels)
    for gebied, maximum in maxima.items():
        for ruw in range(maximum + 1):
            assert any(r.gebied == gebied and r.ruw_van <= ruw <= r.ruw_tot for r in gelezen)


@settings(max_examples=150, deadline=None)
@given(dekking(), st.data())
def test_a_covering_with_one_row_removed_is_refused_naming_the_gap(tabel, data):
    maxima, regels, groepen = tabel
    assume(len(regels) > 1)  # without its only row a table is just empty ("geen regels")
    weg = data.draw(st.integers(0, len(regels) - 1), label="removed row")
    gebied, van_l, tot_l, van, tot = groepen[weg]
    rest = regels[:weg] + regels[weg + 1 :]
    with pytest.raises(ValidationError) as exc:
        normen.lees_normtabel(csv(*rest), maxima)
    gaten = [m for m in exc.value.messages if f"‘{gebied}’" in m and f"geen regel voor ruwe score {van}–{tot}" in m]
    assert len(gaten) == 1, exc.value.messages
    (bericht,) = gaten
    # The gap is named by a row of its group, unless the removed row was its area's only one.
    if sum(1 for g in groepen if g[0] == gebied) > 1:
        assert bericht.startswith("Regel ")
