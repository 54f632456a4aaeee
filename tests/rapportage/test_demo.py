"""The dashboard on the demo data (issue 8): every figure of this school year and the previous one
equals the independent computation of verwacht.py, the history has something in each figure,
and Rivierenland's dashboard holds nothing of De Voorbeeldregio."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.models import User
from passend.arrangementen.models import Tlv
from passend.core import demo
from passend.leerlingen.models import Leerling
from passend.organisaties.models import Samenwerkingsverband, School
from passend.rapportage.filters import Filter, schooljaar_van
from passend.rapportage.selectors import kengetallen_lezen
from tests.rapportage import verwacht


@pytest.fixture
def regio(db):
    demo.load()
    return Samenwerkingsverband.objects.get(code=demo.VOORBEELDREGIO)


def persoon(email: str) -> User:
    return User.objects.get(email=email)


def schooljaar(swv, eerder: int = 0) -> Filter:
    vandaag = timezone.localdate()
    return Filter.schooljaar(swv.pk, schooljaar_van(vandaag) - eerder, vandaag)


@pytest.mark.parametrize("eerder", [0, 1, 2])
def test_every_figure_of_the_demo_equals_the_independent_computation(regio, eerder):
    f = schooljaar(regio, eerder)
    k = kengetallen_lezen(actor=persoon("lineke@voorbeeldregio.example"), filter=f)
    assert not k.onderdrukt
    assert verwacht.verschillen(k, f) == []


def test_the_demo_history_gives_every_figure_something_to_show(regio):
    f = schooljaar(regio, 1)
    k = kengetallen_lezen(actor=persoon("lineke@voorbeeldregio.example"), filter=f)
    leeg = [
        figuur.code
        for figuur in k.figuren
        if not any(isinstance(cel.waarde, int) and cel.waarde > 0 for rij in figuur.rijen for cel in rij.cellen)
    ]
    assert leeg == []


def test_a_board_sees_its_schools_with_small_numbers_suppressed(regio):
    henk = persoon("henk@voorbeeldregio.example")
    bestuur = henk.lidmaatschappen.get().schoolbestuur_id
    f = schooljaar(regio, 1).binnen(schoolbestuur_id=bestuur)
    bestuurlijk = kengetallen_lezen(actor=henk, filter=f)
    volledig = kengetallen_lezen(actor=persoon("lineke@voorbeeldregio.example"), filter=f)
    assert bestuurlijk.onderdrukt and not volledig.onderdrukt
    klein = verborgen = 0
    for figuur, zelfde in zip(bestuurlijk.figuren, volledig.figuren, strict=True):
        for rij, andere in zip(figuur.rijen, zelfde.rijen, strict=True):
            for cel, echt in zip(rij.cellen, andere.cellen, strict=True):
                if not cel.onderdrukt:
                    assert cel.waarde == echt.waarde, (figuur.code, rij.label)
                    continue
                assert cel.waarde is None and not cel.lijst
                if cel.klein:
                    klein += 1
                    assert 0 < abs(echt.n) < 5 and cel.tekst == "<5"
                else:
                    verborgen += 1
                    assert cel.tekst == "×"
        # Nothing hidden can be worked out from what is shown: no column of parts with one hidden
        # part, no row total over a hidden part.
        if figuur.delen:
            for kolom in range(len(figuur.kolommen)):
                delen = [r.cellen[kolom] for r in figuur.rijen if r.label != "Totaal" and r.cellen[kolom].n is not None]
                assert len(delen) == 1 or sum(c.onderdrukt for c in delen) != 1, (figuur.code, kolom)
        for rij in figuur.rijen:
            for som, delen in figuur.sommen.items():
                if any(rij.cellen[d].onderdrukt for d in delen):
                    assert rij.cellen[som].onderdrukt, (figuur.code, rij.label)
    assert klein and verborgen


def _pupil_names(swv) -> set[str]:
    return {p.achternaam for p in Leerling.objects.filter(school__samenwerkingsverband=swv)}


def test_rivierenland_shows_none_of_de_voorbeeldregio(regio, client):
    rivierenland = Samenwerkingsverband.objects.exclude(pk=regio.pk).get()
    ruud = persoon("ruud@rivierenland.example")
    f = schooljaar(rivierenland, 1)
    k = kengetallen_lezen(actor=ruud, filter=f)
    assert verwacht.verschillen(k, f) == []

    client.force_login(ruud)
    pagina = client.get(reverse("rapportage:dashboard"), {"schooljaar": f.jaar})
    assert pagina.status_code == 200
    html = pagina.content.decode()
    eigen_scholen = set(School.objects.filter(samenwerkingsverband=rivierenland).values_list("naam", flat=True))
    for naam in School.objects.filter(samenwerkingsverband=regio).values_list("naam", flat=True):
        if naam not in eigen_scholen:
            assert naam not in html
    # Every list behind a number holds Rivierenland's pupils only.
    links = set(re.findall(r'href="(/rapportage/lijst/\?[^"]+)"', html))
    assert links
    anderen = _pupil_names(regio) - _pupil_names(rivierenland)
    for link in links:
        lijst = client.get(link.replace("&amp;", "&"))
        assert lijst.status_code == 200
        tekst = lijst.content.decode()
        assert not [naam for naam in anderen if f">{naam}" in tekst or f" {naam}<" in tekst]
    # The pupil De Voorbeeldregio sent to a Rivierenland school counts as incoming traffic only.
    naar_rivierenland = Tlv.objects.filter(ontvangende_school__samenwerkingsverband=rivierenland)
    assert naar_rivierenland.filter(samenwerkingsverband=regio).exists()

    # Naming De Voorbeeldregio is refused as if it did not exist.
    assert client.get(reverse("rapportage:dashboard"), {"samenwerkingsverband": regio.pk}).status_code == 404
