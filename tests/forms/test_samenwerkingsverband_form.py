"""The partnership's own settings form: naam is checked, basisondersteuning is free text
that may contain "<" but is always rendered escaped."""

import pytest

from passend.core.models import AuditEvent
from tests.forms.conftest import (
    GEEN_HTML,
    NULL_TEKEN,
    SCRIPT,
    TE_LANG_200,
    VERPLICHT,
    assert_error_at,
    snapshot,
    stored,
)

VRIJE_TEKST = '<script>alert(1)</script> Minder dan 5 leerlingen < 10 & "meer" <b>vet</b>'


def url(cast):
    return f"/beheer/samenwerkingsverband/{cast.swv.pk}/"


@pytest.mark.parametrize(
    ("naam", "message"),
    [
        pytest.param("", VERPLICHT, id="leeg"),
        pytest.param("   ", VERPLICHT, id="spaties"),
        pytest.param(SCRIPT, GEEN_HTML, id="script"),
        pytest.param("SWV <i>Regio</i>", GEEN_HTML, id="html-tag"),
        pytest.param("x" * 201, TE_LANG_200, id="201-tekens"),
        pytest.param("SWV\x00Regio", NULL_TEKEN, id="null-teken"),
    ],
)
def test_ongeldige_naam_wordt_geweigerd_en_niets_opgeslagen(beheer, cast, naam, message):
    before, before_row = snapshot(), stored(cast.swv)
    response = beheer.post(url(cast), {"naam": naam, "basisondersteuning": "Nieuwe tekst die niet mag blijven."})
    assert_error_at(response, "naam", message)
    assert snapshot() == before
    assert stored(cast.swv) == before_row  # basisondersteuning is not stored either
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_code_kan_niet_via_het_formulier_worden_gewijzigd(beheer, cast):
    response = beheer.post(url(cast), {"naam": "SWV Testregio", "basisondersteuning": "", "code": "PO 99.99"})
    assert response.status_code == 302
    cast.swv.refresh_from_db()
    assert cast.swv.code == "PO 90.01"


def test_basisondersteuning_met_html_wordt_opgeslagen_en_escaped_getoond(beheer, cast):
    response = beheer.post(url(cast), {"naam": "SWV Testregio", "basisondersteuning": VRIJE_TEKST})
    assert response.status_code == 302
    cast.swv.refresh_from_db()
    assert cast.swv.basisondersteuning == VRIJE_TEKST  # stored as typed
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(cast.swv.pk)).count() == 1

    html = beheer.get(url(cast)).content.decode()
    assert SCRIPT not in html
    assert "<b>vet</b>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; Minder dan 5 leerlingen &lt; 10 &amp; &quot;meer&quot; "
        "&lt;b&gt;vet&lt;/b&gt;</textarea>"
    ) in html


def test_basisondersteuning_blijft_escaped_na_een_fout_in_naam(beheer, cast):
    response = beheer.post(url(cast), {"naam": "", "basisondersteuning": VRIJE_TEKST})
    assert_error_at(response, "naam", VERPLICHT)
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_null_teken_in_basisondersteuning_wordt_geweigerd(beheer, cast):
    before_row = stored(cast.swv)
    response = beheer.post(url(cast), {"naam": "SWV Testregio", "basisondersteuning": "Tekst\x00met null"})
    assert_error_at(response, "basisondersteuning", NULL_TEKEN)
    assert stored(cast.swv) == before_row


def test_kop_toont_na_weigering_de_opgeslagen_naam(beheer, cast):
    response = beheer.post(url(cast), {"naam": "SWV <i>Regio</i>", "basisondersteuning": ""})
    assert_error_at(response, "naam", GEEN_HTML)
    assert "<h1>SWV Testregio " in response.content.decode()
