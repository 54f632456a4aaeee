"""Names saved through the beheer forms may contain & and quotes; every page renders them escaped."""

import pytest

from passend.organisaties.kinds import KINDS
from passend.organisaties.models import School, Schoolbestuur
from tests.forms.test_organisatie_forms import valid_data

NAAM = """De "Boog" & Co's"""
NAAM_ESCAPED = "De &quot;Boog&quot; &amp; Co&#x27;s"


@pytest.mark.parametrize("kind", KINDS)
def test_naam_met_aanhalingstekens_en_ampersand_wordt_escaped(beheer, cast, kind):
    response = beheer.post(f"/beheer/{kind}/nieuw/", {**valid_data(kind, cast), "naam": NAAM}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/beheer/{kind}/", 302)]
    obj = KINDS[kind].model.objects.get(naam=NAAM)  # stored as typed, not pre-escaped

    html = response.content.decode()
    assert NAAM_ESCAPED in html  # in the table and in the success message
    assert NAAM not in html
    assert f">{NAAM_ESCAPED}</a>" in html

    html = beheer.get(f"/beheer/{kind}/{obj.pk}/").content.decode()
    assert f'value="{NAAM_ESCAPED}"' in html
    assert f"<h1>{NAAM_ESCAPED} bewerken</h1>" in html
    assert NAAM not in html


def test_school_detail_en_kolommen_escapen_bestuur_en_plaats(beheer, cast):
    bestuur = Schoolbestuur.objects.create(samenwerkingsverband=cast.swv, naam='Stichting "A&B"')
    data = {**valid_data("scholen", cast), "naam": NAAM, "schoolbestuur": bestuur.pk, "plaats": "'s-Hertogenbosch & Co"}
    assert beheer.post("/beheer/scholen/nieuw/", data).status_code == 302
    html = beheer.get("/beheer/scholen/").content.decode()
    assert "Stichting &quot;A&amp;B&quot;" in html
    assert "&#x27;s-Hertogenbosch &amp; Co" in html
    assert 'Stichting "A&B"' not in html

    school = School.objects.get(naam=NAAM)
    html = beheer.get(f"/netwerk/scholen/{school.pk}/").content.decode()
    assert NAAM_ESCAPED in html
    assert NAAM not in html


def test_deskundige_organisatie_wordt_escaped_in_de_lijst(beheer, cast):
    data = {**valid_data("deskundigen", cast), "organisatie": 'Expertpool "Zuid" & Co'}
    assert beheer.post("/beheer/deskundigen/nieuw/", data).status_code == 302
    html = beheer.get("/beheer/deskundigen/").content.decode()
    assert "Expertpool &quot;Zuid&quot; &amp; Co" in html
    assert 'Expertpool "Zuid" & Co' not in html
