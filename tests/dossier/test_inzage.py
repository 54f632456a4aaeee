"""Parents see who viewed or changed their child's dossier, in plain Dutch."""


def test_parent_sees_who_looked_in_plain_dutch(cast, client):
    client.force_login(cast.ib_a)
    client.get(f"/leerlingen/{cast.leerling_a.pk}/")
    client.post(f"/leerlingen/{cast.leerling_a.pk}/groeidocument/", {"aanleiding": "Start."})
    client.force_login(cast.ouder)
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/inzage/").content.decode()
    assert "Ib A (intern begeleider, School A) bekeek Ryan Test" in page
    assert "Ib A (intern begeleider, School A) wijzigde groeidocument, versie 1" in page


def test_refused_attempts_are_shown_too(cast, client):
    client.force_login(cast.leerkracht_andere_groep)
    client.get(f"/leerlingen/{cast.leerling_a.pk}/")
    client.force_login(cast.ouder)
    response = client.get(f"/api/v1/leerlingen/{cast.leerling_a.pk}/inzage/")
    rows = response.json()["results"]
    assert any(row["geweigerd"] for row in rows)


def test_teacher_has_no_inzage_overview_but_the_school_leadership_does(cast, client):
    client.force_login(cast.leerkracht_a)
    assert client.get(f"/leerlingen/{cast.leerling_a.pk}/inzage/").status_code == 403
    client.force_login(cast.directeur_a)
    assert client.get(f"/leerlingen/{cast.leerling_a.pk}/inzage/").status_code == 200


def test_other_pupils_events_are_not_shown(cast, client):
    client.force_login(cast.ib_b)
    client.get(f"/leerlingen/{cast.leerling_b.pk}/")
    client.force_login(cast.ouder)
    page = client.get(f"/leerlingen/{cast.leerling_a.pk}/inzage/").content.decode()
    assert "Bo Anders" not in page and "Ib B" not in page
