def test_netwerk_filters_by_name_and_kind(cast, client):
    client.force_login(cast.ib_a)
    page = client.get("/netwerk/?soort=so").content.decode()
    assert "School B" in page and "School A" not in page
    page = client.get("/netwerk/?zoek=school+a").content.decode()
    assert "School A" in page and "School B" not in page
    assert "School Elders" not in client.get("/netwerk/?zoek=elders").content.decode()


def test_htmx_search_returns_only_the_results_and_a_live_count(cast, client):
    client.force_login(cast.ib_a)
    response = client.get("/netwerk/?zoek=school+b", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "School B" in html
    assert 'hx-swap-oob="true"' in html and "1 resultaat gevonden." in html
    client.force_login(cast.beheerder)
    html = client.get("/beheer/scholen/?zoek=school", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "2 resultaten gevonden." in html


def test_school_page_shows_its_provisions(cast, client):
    cast.voorziening.school = cast.school_a
    cast.voorziening.save()
    client.force_login(cast.leerkracht_a)
    page = client.get(f"/netwerk/scholen/{cast.school_a.pk}/").content.decode()
    assert "Observatieplek Test" in page and "11AA00" in page


def test_other_partnership_sees_none_of_our_organisations_in_the_ui(cast, client):
    client.force_login(cast.beheerder_other)
    pages = [
        client.get(url).content.decode()
        for url in (
            "/netwerk/",
            "/beheer/scholen/",
            "/beheer/deskundigen/",
            "/beheer/voorzieningen/",
            "/beheer/schoolbesturen/",
            "/beheer/deelverbanden/",
            "/beheer/gebruikers/",
        )
    ]
    for name in ("School A", "School B", "Observatieplek Test", "Dr. Test", "Stichting Test", "Noord", "SWV Testregio"):
        assert not any(name in page for page in pages), name
    assert any("School Elders" in page for page in pages)
