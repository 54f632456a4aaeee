"""Loading an instrument from its JSON definition (docs/instrumenten.md): Passend's examples load;
every refusal names the place of the error, and a refused file stores nothing."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from passend.instrumenten import definitie, services
from passend.instrumenten.models import Deel, Gebied, Instrument, Vraag
from passend.instrumenten.services import PRESET_CODES, PRESETS

pytestmark = pytest.mark.django_db


def preset(code: str = "vpi") -> dict:
    return json.loads((PRESETS / f"{code}.json").read_text(encoding="utf-8"))


def bytes_of(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def rows() -> tuple[int, int, int, int]:
    return Instrument.objects.count(), Deel.objects.count(), Gebied.objects.count(), Vraag.objects.count()


def refused(cast, inhoud: bytes) -> list[str]:
    """Load `inhoud` as the beheerder; assert it is refused without storing anything."""
    before = rows()
    with pytest.raises(ValidationError) as exc:
        services.instrument_laden(
            actor=cast.beheerder, samenwerkingsverband=cast.swv, inhoud=inhoud, bestandsnaam="fout.json"
        )
    assert rows() == before
    return exc.value.messages


def test_the_presets_directory_holds_exactly_the_installable_examples():
    assert sorted(p.stem for p in PRESETS.glob("*.json")) == sorted(PRESET_CODES)


@pytest.mark.parametrize("path", sorted(PRESETS.glob("*.json")), ids=lambda p: p.stem)
def test_every_example_preset_loads_with_its_structure(cast, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    instrument = services.instrument_laden(
        actor=cast.beheerder, samenwerkingsverband=cast.swv, inhoud=path.read_bytes(), bestandsnaam=path.name
    )
    assert (instrument.code, instrument.versie, instrument.actief) == (data["code"], 1, True)
    assert instrument.is_voorbeeld is True
    assert [p["waarde"] for p in instrument.schaal] == list(range(len(data["schaal"])))
    gebieden = [g for d in data["delen"] for g in d["gebieden"]]
    vragen = [v for g in gebieden for v in g["vragen"]]
    assert list(instrument.delen.values_list("code", flat=True)) == [d["code"] for d in data["delen"]]
    assert list(instrument.gebieden.values_list("code", flat=True)) == [g["code"] for g in gebieden]
    assert list(instrument.vragen.values_list("code", flat=True)) == [v["code"] for v in vragen]
    hoogste = len(data["schaal"]) - 1
    for gebied in instrument.gebieden.all():
        bron = next(g for g in gebieden if g["code"] == gebied.code)
        schaalvragen = sum(v.get("soort", "schaal") == "schaal" for v in bron["vragen"])
        assert gebied.scoren == bron.get("scoren", True)
        assert gebied.maximum == (schaalvragen * hoogste if gebied.scoren else 0)


def test_loading_a_known_code_again_makes_a_new_version_and_retires_the_old(cast):
    eerste = services.instrument_preset_installeren(actor=cast.beheerder, samenwerkingsverband=cast.swv, code="vpi")
    tweede = services.instrument_preset_installeren(actor=cast.beheerder, samenwerkingsverband=cast.swv, code="vpi")
    eerste.refresh_from_db()
    assert (eerste.versie, eerste.actief, tweede.versie, tweede.actief) == (1, False, 2, True)


def test_only_the_partnerships_beheerder_loads_instruments(cast):
    from django.core.exceptions import PermissionDenied

    for persona in ("beheerder_other", "ib_a", "trajectbegeleider"):
        with pytest.raises(PermissionDenied):
            services.instrument_laden(
                actor=cast.users[persona], samenwerkingsverband=cast.swv, inhoud=bytes_of(preset())
            )
    assert Instrument.objects.count() == 0


# --- Refusals: each names its place ----------------------------------------------------------


def test_bad_json_names_line_and_column(cast):
    tekst = '{\n  "formaat": 1,\n  "code": "vpi"\n  "naam": "x"\n}'
    (bericht,) = refused(cast, tekst.encode())
    assert bericht.startswith("Regel 4, kolom 3: dit is geen geldige JSON")


def test_a_file_that_is_not_utf8_is_refused(cast):
    (bericht,) = refused(cast, json.dumps(preset()).encode("utf-16"))
    assert "geen UTF-8" in bericht


@pytest.mark.parametrize(
    "inhoud",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-too-deep"),
        pytest.param(b'{"formaat": ' + b"1" * 5000 + b"}", id="number-too-long"),
    ],
)
def test_pathological_json_is_refused_as_such_not_a_crash(cast, inhoud):
    (bericht,) = refused(cast, inhoud)
    assert "geen geldige JSON" in bericht


def test_a_json_array_instead_of_an_object_is_refused(cast):
    assert refused(cast, b"[1, 2]") == ["Het bestand moet één JSON-object met het instrument bevatten."]


@pytest.mark.parametrize("formaat", [2, "1", True, None, 0])
def test_a_wrong_formaat_is_refused(cast, formaat):
    data = preset()
    data["formaat"] = formaat
    assert refused(cast, bytes_of(data)) == ["formaat: moet 1 zijn (het formaat van docs/instrumenten.md)."]


@pytest.mark.parametrize("code", ["VPI", "v", "vpi-2", "a" * 31, "vpi 2", 12, None])
def test_a_bad_instrument_code_is_refused(cast, code):
    data = preset()
    data["code"] = code
    assert refused(cast, bytes_of(data)) == ["code: moet 2–30 tekens zijn: kleine letters, cijfers en _."]


def test_a_bad_area_code_names_its_path(cast):
    data = preset()
    data["delen"][1]["gebieden"][0]["code"] = "met spatie"
    (bericht,) = refused(cast, bytes_of(data))
    assert bericht.startswith("delen[1].gebieden[0].code: ")


def test_a_duplicate_area_code_names_the_path_of_the_second(cast):
    data = preset()
    eerste = data["delen"][0]["gebieden"][0]["code"]
    data["delen"][1]["gebieden"][2]["code"] = eerste
    assert refused(cast, bytes_of(data)) == [
        f"delen[1].gebieden[2].code: ‘{eerste}’ komt al eerder voor; codes zijn uniek binnen het instrument."
    ]


def test_a_duplicate_question_code_names_the_path_of_the_second(cast):
    data = preset()
    eerste = data["delen"][0]["gebieden"][0]["vragen"][0]["code"]
    data["delen"][0]["gebieden"][3]["vragen"][4]["code"] = eerste
    assert refused(cast, bytes_of(data)) == [
        f"delen[0].gebieden[3].vragen[4].code: ‘{eerste}’ komt al eerder voor; codes zijn uniek binnen het instrument."
    ]


def test_a_duplicate_part_code_is_refused(cast):
    data = preset()
    data["delen"][1]["code"] = data["delen"][0]["code"]
    (bericht,) = refused(cast, bytes_of(data))
    assert bericht.startswith("delen[1].code: ")


@pytest.mark.parametrize(
    ("waarden", "plek", "moet"),
    [
        ([1, 2, 3, 4], "schaal[0].waarde", 0),
        ([0, 1, 3, 4], "schaal[2].waarde", 2),
        ([0, 2, 1, 3], "schaal[1].waarde", 1),
        ([0, 1, 2, True], "schaal[3].waarde", 3),
        ([0, 1.0, 2, 3], "schaal[1].waarde", 1),
    ],
)
def test_a_scale_not_running_0_to_n_minus_1_names_the_point(cast, waarden, plek, moet):
    data = preset()
    for punt, waarde in zip(data["schaal"], waarden, strict=True):
        punt["waarde"] = waarde
    messages = refused(cast, bytes_of(data))
    assert f"{plek}: moet {moet} zijn: de schaal loopt op van 0 in stappen van 1." in messages


@pytest.mark.parametrize("lengte", [1, 8])
def test_a_scale_of_fewer_than_2_or_more_than_7_points_is_refused(cast, lengte):
    data = preset()
    data["schaal"] = [{"waarde": i, "label": f"punt {i}"} for i in range(lengte)]
    assert refused(cast, bytes_of(data)) == ["schaal: moet een lijst van 2 tot 7 punten zijn."]


def test_a_scored_area_without_a_scale_question_is_refused(cast):
    data = preset()
    gebied = data["delen"][0]["gebieden"][1]
    for vraag in gebied["vragen"]:
        vraag["soort"] = "tekst"
    assert refused(cast, bytes_of(data)) == [
        "delen[0].gebieden[1]: een gebied dat scoort heeft ten minste één schaalvraag (of zet ‘scoren’ op false)."
    ]
    gebied["scoren"] = False
    instrument = services.instrument_laden(actor=cast.beheerder, samenwerkingsverband=cast.swv, inhoud=bytes_of(data))
    assert instrument.gebieden.get(code=gebied["code"]).maximum == 0


@pytest.mark.parametrize(
    ("wijzig", "plek"),
    [
        (
            lambda d: d["delen"][0]["gebieden"][2]["vragen"][1].update(tekst="Hallo <script>alert(1)</script>"),
            "delen[0].gebieden[2].vragen[1].tekst",
        ),
        (lambda d: d.update(naam="<b>VPI</b>"), "naam"),
        (lambda d: d.update(toelichting="Zie <a href=x>hier</a>"), "toelichting"),
        (lambda d: d["schaal"][1].update(label="<img src=x onerror=alert(1)>"), "schaal[1].label"),
        (lambda d: d["delen"][1].update(naam="Deel <2>"), "delen[1].naam"),
        (lambda d: d["delen"][0]["gebieden"][0].update(toelichting="<script>"), "delen[0].gebieden[0].toelichting"),
    ],
)
def test_html_in_any_text_is_refused_at_its_place(cast, wijzig, plek):
    data = preset()
    wijzig(data)
    assert refused(cast, bytes_of(data)) == [f"{plek}: gebruik geen < of > (HTML is niet toegestaan)."]


def test_a_file_over_2_mb_is_refused(cast):
    data = preset()
    data["bron"] = "x" * (2 * 1024 * 1024)
    assert refused(cast, bytes_of(data)) == ["Het bestand is groter dan 2 MB; dat is geen vragenlijst."]


def test_every_error_is_reported_at_once_each_with_its_place(cast):
    data = preset()
    data["invuller"] = "iedereen"
    data["delen"][0]["gebieden"][0]["vragen"][0]["tekst"] = ""
    data["delen"][0]["gebieden"][0]["vragen"][1]["soort"] = "meerkeuze"
    data["delen"][0]["gebieden"][0]["vragen"][2]["verplicht"] = "ja"
    data["delen"][1]["gebieden"] = []
    messages = refused(cast, bytes_of(data))
    assert messages == [
        "invuller: moet een van leerkracht, ouder, leerling, medewerker zijn.",
        "delen[0].gebieden[0].vragen[0].tekst: ontbreekt of is leeg.",
        "delen[0].gebieden[0].vragen[1].soort: moet ‘schaal’ of ‘tekst’ zijn.",
        "delen[0].gebieden[0].vragen[2].verplicht: moet true of false zijn.",
        "delen[1].gebieden: moet een lijst met ten minste één onderdeel zijn.",
    ]


def test_many_errors_are_capped_with_a_count_of_the_rest(cast):
    data = preset()
    for vraag in data["delen"][0]["gebieden"][0]["vragen"] + data["delen"][0]["gebieden"][1]["vragen"]:
        vraag["tekst"] = ""
    for vraag in data["delen"][0]["gebieden"][2]["vragen"] + data["delen"][0]["gebieden"][3]["vragen"]:
        vraag["tekst"] = ""
    messages = refused(cast, bytes_of(data))
    assert len(messages) == definitie.MAX_FOUTEN + 1
    assert messages[-1] == "… en nog 3 fout(en)."


def test_the_definition_reader_itself_stores_nothing_and_returns_plain_data():
    gelezen = definitie.lees_bestand(bytes_of(preset("leerling_stem")))
    assert gelezen.code == "leerling_stem"
    assert [p["waarde"] for p in gelezen.schaal] == [0, 1, 2]
    assert Instrument.objects.count() == 0


def test_the_upload_page_shows_the_refusal_at_the_file_field(cast, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = copy.deepcopy(preset())
    data["delen"][0]["gebieden"][0]["vragen"][0]["tekst"] = "<script>alert(1)</script>"
    client.force_login(cast.beheerder)
    response = client.post(
        "/beheer/vragenlijsten/",
        {
            "formulier": "laden",
            "samenwerkingsverband": cast.swv.pk,
            "bestand": SimpleUploadedFile("vpi.json", bytes_of(data), content_type="application/json"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "delen[0].gebieden[0].vragen[0].tekst: gebruik geen &lt; of &gt; (HTML is niet toegestaan)." in page
    assert "<script>alert(1)</script>" not in page
    assert Instrument.objects.count() == 0
