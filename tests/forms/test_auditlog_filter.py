"""The audit-log filter form reports bad dates at the field."""

import pytest

from tests.forms.conftest import assert_error_at


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        pytest.param(
            "van=2026-02-01&tot=2026-01-01", "tot", "De einddatum ligt vóór de begindatum.", id="tot-voor-van"
        ),
        pytest.param("van=gisteren", "van", "Voer een geldige datum in.", id="van-geen-datum"),
        pytest.param("tot=2026-02-30", "tot", "Voer een geldige datum in.", id="tot-30-februari"),
        pytest.param(
            "gebruiker=jan%00piet", "gebruiker", "Null-tekens zijn niet toegestaan.", id="gebruiker-null-teken"
        ),
        pytest.param(
            "gebruiker=" + "x" * 101,
            "gebruiker",
            "Zorg dat deze waarde niet meer dan 100 tekens bevat",
            id="gebruiker-te-lang",
        ),
        pytest.param(
            "actie=hacken",
            "actie",
            "Selecteer een geldige keuze. hacken is geen beschikbare keuze.",
            id="actie-onbekend",
        ),
    ],
)
def test_auditlog_filter_meldt_fout_bij_het_veld(beheer, query, field, message):
    response = beheer.get(f"/beheer/auditlog/?{query}")
    assert_error_at(response, field, message, status=400)
    assert "Geen gebeurtenissen gevonden" in response.content.decode()
