"""The authorization matrix: every route × every persona, with the expected answer.

The route list is read from the URL resolver, so a new view or endpoint without a row
here fails `test_every_route_is_in_the_matrix`. Every refusal must be a 403 or 404 and
must leave an audit row.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from passend.core.models import AuditEvent
from tests.personas import PERSONAS

ALL = set(PERSONAS)
NETWERK = ALL - {"ouder", "extern", "extern_uitgenodigd"}
SWV_NETWERK = NETWERK - {"beheerder_other"}
BEHEERDERS = {"beheerder", "beheerder_other"}
SCHOOLLEIDING_A = {"ib_a", "directeur_a"}
# Who may see pupil A: their own teacher, the IB'er and director of school A, their parent.
LEERLING_A_ZIEN = SCHOOLLEIDING_A | {"leerkracht_a", "ouder"}
# An external with a running invitation to pupil A's dossier (the `extern` persona's invitation
# has expired): reads the pupil, the groeidocument, what is shared for the traject, and adds
# reports; everything else about pupil A is refused with 403 (they know the pupil exists).
EXTERN_A = {"extern_uitgenodigd"}
# Who may not see pupil A at all: refused with 404, as if the pupil did not exist.
VERBORGEN_A = ALL - LEERLING_A_ZIEN - EXTERN_A
# Key figures: the partnership's beheerder and commission all of it, the board its schools, the
# director their school; the other partnership's beheerder their own partnership.
RAPPORTAGE = {"directeur_a", "rvz", "beheerder", "beheerder_other", "commissielid"}

# Routes anyone may reach (sign-in and recovery) or that only answer POST / need a token.
PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:uitnodiging",
}


def ok(allowed, denied_status=403, hidden=frozenset()):
    """200 for `allowed`; 404 for `hidden` (objects outside their partnership); else denied_status."""
    return {p: 200 if p in allowed else 404 if p in hidden else denied_status for p in PERSONAS}


def _document(c):
    """A school-level document of pupil A, shared with the parents (made once per test)."""
    from django.core.files.base import ContentFile

    from passend.dossier.models import Document

    document = Document.objects.filter(leerling=c.leerling_a).first()
    if document is None:
        document = Document(
            leerling=c.leerling_a,
            titel="Observatie",
            soort="observatie",
            bestandsnaam="observatie.pdf",
            content_type="application/pdf",
            grootte=9,
            geupload_door=c.ib_a,
            geupload_als="ib",
        )
        document.bestand.save("observatie.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        document.save()
    return document


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def kinds(c):
    return {"kind": "scholen"}


def _route(c):
    from passend.trajecten.models import Route
    from passend.trajecten.services import route_create_from_preset

    route = Route.objects.filter(samenwerkingsverband=c.swv, code="hga").first()
    return route or route_create_from_preset(actor=c.beheerder, samenwerkingsverband=c.swv, preset="hga").route


def _traject(c):
    """Pupil A's HGA traject, still at school (not submitted to the partnership)."""
    from passend.trajecten.models import Traject
    from passend.trajecten.services import traject_start

    traject = Traject.objects.filter(leerling=c.leerling_a).first()
    return traject or traject_start(
        actor=c.leerkracht_a,
        route=_route(c),
        leerling=c.leerling_a,
        vraag="Wat heeft Ryan nodig?",
        signaal={"door": "leerkracht", "reden": "handelingsverlegenheid", "toelichting": "Zorgen."},
    )


def _overleg(c):
    from django.utils import timezone

    from passend.trajecten.services import overleg_plan

    traject = _traject(c)
    overleg = traject.overleggen.first() or overleg_plan(actor=c.ib_a, traject=traject, datum=timezone.now())
    return {"pk": traject.pk, "overleg_pk": overleg.pk}


# Who sees pupil A's traject while it is at school: the school and the parent; not the
# partnership (until it is submitted) and not an external who is no betrokkene.
TRAJECT_A_ZIEN = LEERLING_A_ZIEN
# Who may start a traject for pupil A: the pupil's teacher and the school's leadership.
TRAJECT_STARTEN_A = SCHOOLLEIDING_A | {"leerkracht_a"}
ROUTE_BEHEER = ok({"beheerder"}, hidden={"beheerder_other", "ouder", "extern", "extern_uitgenodigd"})


MATRIX = {
    "core:home": (lambda c: {}, ok(ALL)),
    "leerlingen:list": (lambda c: {}, ok(ALL - {"ouder", "extern", "extern_uitgenodigd"})),
    "leerlingen:create": (lambda c: {"school": c.school_a.pk}, ok(SCHOOLLEIDING_A)),
    "leerlingen:detail": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
    ),
    "leerlingen:update": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
    ),
    "leerlingen:ouder_create": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
    ),
    "trajecten:lijst": (lambda c: {}, ok(ALL - {"ouder"})),
    "trajecten:start_school": (lambda c: {}, ok(SCHOOLLEIDING_A | {"ib_b"})),
    "trajecten:start": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(TRAJECT_STARTEN_A, hidden=VERBORGEN_A),
    ),
    "trajecten:detail": (lambda c: {"pk": _traject(c).pk}, ok(TRAJECT_A_ZIEN, denied_status=404)),
    "trajecten:overleg": (_overleg, ok(TRAJECT_A_ZIEN, denied_status=404)),
    "trajecten:routes": (lambda c: {}, ok(NETWERK)),
    "trajecten:route": (lambda c: {"pk": _route(c).pk}, ok(SWV_NETWERK, denied_status=404)),
    "trajecten:route_bron": (lambda c: {"pk": _route(c).pk}, ROUTE_BEHEER),
    "trajecten:stap": (lambda c: {"pk": _route(c).pk, "code": "mdo"}, ROUTE_BEHEER),
    "rapportage:dashboard": (lambda c: {}, ok(RAPPORTAGE)),
    # Without a source to open there is no list: 404 for those who see figures, 403 for the rest.
    "rapportage:lijst": (lambda c: {}, ok(set(), hidden=RAPPORTAGE)),
    "core:beheer": (lambda c: {}, ok(BEHEERDERS)),
    "core:auditlog": (lambda c: {}, ok(BEHEERDERS)),
    "organisaties:netwerk": (lambda c: {}, ok(NETWERK)),
    "organisaties:school_detail": (
        lambda c: {"pk": c.school_a.pk},
        ok(SWV_NETWERK, denied_status=404),
    ),
    "organisaties:swv_form": (lambda c: {"pk": c.swv.pk}, ok({"beheerder"}, hidden={"beheerder_other"})),
    "organisaties:beheer_list": (kinds, ok(BEHEERDERS)),
    "organisaties:beheer_create": (kinds, ok(BEHEERDERS)),
    "organisaties:beheer_update": (
        lambda c: {"kind": "scholen", "pk": c.school_a.pk},
        ok({"beheerder"}, hidden={"beheerder_other"}),
    ),
    "accounts:api_token": (lambda c: {}, ok(ALL)),
    "accounts:gebruiker_list": (lambda c: {}, ok(BEHEERDERS)),
    "accounts:gebruiker_create": (lambda c: {}, ok(BEHEERDERS)),
    "accounts:gebruiker_detail": (
        lambda c: {"pk": c.ib_a.pk},
        ok({"beheerder"}, hidden={"beheerder_other"}),
    ),
    "api:schema": (lambda c: {}, ok(ALL)),
    "api:samenwerkingsverband-list": (lambda c: {}, ok(ALL)),
    "api:samenwerkingsverband-detail": (lambda c: {"pk": c.swv.pk}, ok(SWV_NETWERK, denied_status=404)),
    "api:deelverband-list": (lambda c: {}, ok(ALL)),
    "api:deelverband-detail": (lambda c: {"pk": c.deelverband.pk}, ok(SWV_NETWERK, denied_status=404)),
    "api:schoolbestuur-list": (lambda c: {}, ok(ALL)),
    "api:schoolbestuur-detail": (lambda c: {"pk": c.bestuur.pk}, ok(SWV_NETWERK, denied_status=404)),
    "api:school-list": (lambda c: {}, ok(ALL)),
    "api:school-detail": (lambda c: {"pk": c.school_a.pk}, ok(SWV_NETWERK, denied_status=404)),
    "api:voorziening-list": (lambda c: {}, ok(ALL)),
    "api:voorziening-detail": (lambda c: {"pk": c.voorziening.pk}, ok(SWV_NETWERK, denied_status=404)),
    "api:deskundige-list": (lambda c: {}, ok(ALL)),
    "api:leerling-list": (lambda c: {}, ok(ALL)),
    "api:leerling-detail": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "api:leerling-ondersteuningsniveaus": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
    ),
    # The parents' e-mail addresses and phone numbers are not for externals.
    "api:leerling-ouders": (
        lambda c: {"pk": c.leerling_a.pk},
        {**ok(LEERLING_A_ZIEN, denied_status=404), "extern_uitgenodigd": 403},
    ),
    "api:leerling-toestemmingen": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
    ),
    "dossier:groeidocument": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "leerlingen:inzage": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(SCHOOLLEIDING_A | {"ouder"}, hidden=VERBORGEN_A),
    ),
    "api:leerling-inzage": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(SCHOOLLEIDING_A | {"ouder"}, hidden=VERBORGEN_A),
    ),
    "dossier:documenten": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "leerlingen:ouder_uitnodigen": (
        lambda c: {"pk": c.leerling_a.pk, "ouderschap_pk": c.leerling_a.ouderschappen.get().pk},
        ok(set(), denied_status=405),
    ),
    "dossier:tijdlijn": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    # A `school` document: an invited external does not see it (404, like any hidden document).
    "dossier:document_download": (
        lambda c: {"pk": c.leerling_a.pk, "document_pk": _document(c).pk},
        ok(LEERLING_A_ZIEN, denied_status=404),
    ),
    "api:dossier-documenten": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "api:dossier-notities": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "api:dossier-tijdlijn": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
    "dossier:groeidocument_pdf": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
    ),
    # POST-only routes answer GET with 405 for everyone; their policy is in WRITE_MATRIX.
    "dossier:ondertekenen": (lambda c: {"pk": c.leerling_a.pk}, ok(set(), denied_status=405)),
    "api:groeidocument-detail": (
        lambda c: {"pk": c.leerling_a.pk},
        ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
    ),
    "api:groeidocument-bijdragen": (lambda c: {"pk": c.leerling_a.pk}, ok(set(), denied_status=405)),
    "api:groeidocument-ondertekenen": (lambda c: {"pk": c.leerling_a.pk}, ok(set(), denied_status=405)),
    "api:deskundige-detail": (lambda c: {"pk": c.deskundige.pk}, ok(SWV_NETWERK, denied_status=404)),
}


def _route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from _route_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def pytest_generate_tests(metafunc):
    """Parametrize once the whole module has run: sections below add rows after these tests."""
    routes = {
        "test_matrix": sorted(MATRIX),
        "test_anonymous_is_sent_to_login_or_refused": sorted(r for r in MATRIX if r != "api:schema"),
        "test_write_matrix": sorted(WRITE_MATRIX),
        "test_delete_matrix": sorted(DELETE_MATRIX),
    }.get(metafunc.function.__name__)
    if routes is not None:
        metafunc.parametrize("route", routes)


def test_every_route_is_in_the_matrix():
    routes = {name for name in _route_names() if not name.startswith("api:") or "-" in name or name == "api:schema"}
    missing = routes - set(MATRIX) - PUBLIC
    assert not missing, f"Routes without an authorization row: {sorted(missing)}"


def test_matrix(route, cast, client):
    kwargs_for, expected = MATRIX[route]
    _check_get(route, reverse(route, kwargs=kwargs_for(cast)), expected, cast, client)


def _check_get(route, url, expected, cast, client):
    """Every persona GETs `url`: the expected status, and every refusal leaves an audit row."""
    failures = []
    for persona in PERSONAS:
        client.force_login(cast.users[persona])
        denials_before = AuditEvent.objects.filter(result="denied").count()
        status = client.get(url).status_code
        if status != expected[persona]:
            failures.append(f"{persona}: expected {expected[persona]}, got {status}")
        elif status in (403, 404) and AuditEvent.objects.filter(result="denied").count() == denials_before:
            failures.append(f"{persona}: refused with {status} but no audit row")
        client.logout()
    assert not failures, f"{route} ({url}):\n" + "\n".join(failures)


def test_anonymous_is_sent_to_login_or_refused(route, cast, client):
    url = reverse(route, kwargs=MATRIX[route][0](cast))
    response = client.get(url)
    if route.startswith("api:"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# Writes: an empty submission. Whoever may write gets the form's validation answer (400);
# everyone else is refused before validation, and the refusal is audited.
WRITE_MATRIX = {
    "organisaties:beheer_create": ("post", kinds, ok(BEHEERDERS)),
    "organisaties:beheer_update": (
        "post",
        lambda c: {"kind": "scholen", "pk": c.school_a.pk},
        ok({"beheerder"}, hidden={"beheerder_other"}),
    ),
    "organisaties:swv_form": ("post", lambda c: {"pk": c.swv.pk}, ok({"beheerder"}, hidden={"beheerder_other"})),
    "accounts:gebruiker_create": ("post", lambda c: {}, ok(BEHEERDERS)),
    "accounts:gebruiker_detail": (
        "post",
        lambda c: {"pk": c.ib_a.pk},
        ok({"beheerder"}, hidden={"beheerder_other"}),
    ),
    "api:school-list": ("post", lambda c: {}, ok(BEHEERDERS)),
    "api:school-detail": (
        "patch",
        lambda c: {"pk": c.school_a.pk},
        {
            **ok({"beheerder"}, hidden={"beheerder_other", "ouder", "extern", "extern_uitgenodigd"}),
            "beheerder_other": 404,
        },
    ),
    "api:samenwerkingsverband-detail": (
        "patch",
        lambda c: {"pk": c.swv.pk},
        ok({"beheerder"}, hidden={"beheerder_other", "ouder", "extern", "extern_uitgenodigd"}),
    ),
}
WRITE_MATRIX.update(
    {
        "leerlingen:create": ("post", lambda c: {"school": c.school_a.pk}, ok(SCHOOLLEIDING_A)),
        "leerlingen:detail": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A | {"leerkracht_a"}, hidden=VERBORGEN_A),
        ),
        "leerlingen:update": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
        "leerlingen:ouder_create": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
        "api:leerling-list": ("post", lambda c: {}, ok(SCHOOLLEIDING_A | {"ib_b"})),
        "api:leerling-detail": (
            "patch",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
        "api:leerling-ondersteuningsniveaus": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A | {"leerkracht_a"}, hidden=VERBORGEN_A),
        ),
        "api:leerling-ouders": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
    }
)
TEKENEN_A = SCHOOLLEIDING_A | {"ouder"}
WRITE_MATRIX.update(
    {
        "api:dossier-documenten": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
        ),
        "api:dossier-notities": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
        ),
        "leerlingen:ouder_uitnodigen": (
            "post",
            lambda c: {"pk": c.leerling_a.pk, "ouderschap_pk": c.leerling_a.ouderschappen.get().pk},
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
        "dossier:documenten": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404),
        ),
        # Externals read the groeidocument; they do not write in it.
        "dossier:groeidocument": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            {**ok(LEERLING_A_ZIEN, denied_status=404), "extern_uitgenodigd": 403},
        ),
        "dossier:ondertekenen": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(TEKENEN_A, hidden=VERBORGEN_A),
        ),
        "api:leerling-toestemmingen": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(TEKENEN_A, hidden=VERBORGEN_A),
        ),
        "api:groeidocument-bijdragen": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            {**ok(LEERLING_A_ZIEN, denied_status=404), "extern_uitgenodigd": 403},
        ),
        "api:groeidocument-ondertekenen": (
            "post",
            lambda c: {"pk": c.leerling_a.pk},
            ok(TEKENEN_A, hidden=VERBORGEN_A),
        ),
    }
)
# OPP: the school writes, the leadership sets, parents (with custody) decide on the handelingsdeel;
# an invited external reads it.
OPP_SCHRIJVEN = SCHOOLLEIDING_A | {"leerkracht_a"}


def _opp(c):
    """Pupil A with an OPP concept, so its PDF can be asked for (made once per test)."""
    from passend.dossier.models import Opp, OppVersie

    opp, _ = Opp.objects.get_or_create(leerling=c.leerling_a)
    OppVersie.objects.get_or_create(opp=opp, nummer=1)
    return {"pk": c.leerling_a.pk}


def _pupil_a(c):
    return {"pk": c.leerling_a.pk}


MATRIX.update(
    {
        "dossier:opp": (_pupil_a, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
        "dossier:opp_pdf": (_opp, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
        "dossier:opp_bewerken": (_pupil_a, ok(OPP_SCHRIJVEN, hidden=VERBORGEN_A)),
        "dossier:opp_instemming": (_pupil_a, ok(set(), denied_status=405)),
        "dossier:opp_vaststellen": (_pupil_a, ok(set(), denied_status=405)),
        "dossier:opp_evaluatie": (_pupil_a, ok(set(), denied_status=405)),
        "api:opp-detail": (_pupil_a, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
        "api:opp-instemming": (_pupil_a, ok(set(), denied_status=405)),
        "api:opp-vaststellen": (_pupil_a, ok(set(), denied_status=405)),
        "api:opp-evaluaties": (_pupil_a, ok(set(), denied_status=405)),
    }
)
WRITE_MATRIX.update(
    {
        "dossier:opp_bewerken": ("post", _pupil_a, ok(OPP_SCHRIJVEN, hidden=VERBORGEN_A)),
        "dossier:opp_instemming": ("post", _pupil_a, ok(TEKENEN_A, hidden=VERBORGEN_A)),
        "dossier:opp_vaststellen": ("post", _pupil_a, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "dossier:opp_evaluatie": ("post", _pupil_a, ok(OPP_SCHRIJVEN, hidden=VERBORGEN_A)),
        "api:opp-detail": ("patch", _pupil_a, ok(OPP_SCHRIJVEN, hidden=VERBORGEN_A)),
        "api:opp-instemming": ("post", _pupil_a, ok(TEKENEN_A, hidden=VERBORGEN_A)),
        "api:opp-vaststellen": ("post", _pupil_a, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "api:opp-evaluaties": ("post", _pupil_a, ok(OPP_SCHRIJVEN, hidden=VERBORGEN_A)),
    }
)


# --- Externe betrokkenen: the school's leadership invites externals and ends their access ---


def _toegang(c):
    """The running invitation of the `extern_uitgenodigd` persona to pupil A."""
    from passend.leerlingen.models import ExterneToegang

    return ExterneToegang.objects.get(leerling=c.leerling_a, gebruiker=c.extern_uitgenodigd).pk


def _leerling_a_en_toegang(c):
    return {"pk": c.leerling_a.pk, "toegang_pk": _toegang(c)}


MATRIX.update(
    {
        "leerlingen:externen": (lambda c: {"pk": c.leerling_a.pk}, ok(set(), denied_status=405)),
        "leerlingen:extern_beeindigen": (_leerling_a_en_toegang, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "api:leerling-externen": (lambda c: {"pk": c.leerling_a.pk}, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "api:leerling-externe-toegang-beeindigen": (_leerling_a_en_toegang, ok(set(), denied_status=405)),
    }
)
WRITE_MATRIX.update(
    {
        "leerlingen:externen": ("post", lambda c: {"pk": c.leerling_a.pk}, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "leerlingen:extern_beeindigen": ("post", _leerling_a_en_toegang, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "api:leerling-externen": ("post", lambda c: {"pk": c.leerling_a.pk}, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "api:leerling-externe-toegang-beeindigen": (
            "post",
            _leerling_a_en_toegang,
            ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A),
        ),
    }
)
# Handelingsplan (level 2): the pupil's teacher and the school's leadership write; parents and an
# invited external read.
HANDELINGSPLAN_LEZEN = ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)
HANDELINGSPLAN_SCHRIJVEN = ok(SCHOOLLEIDING_A | {"leerkracht_a"}, hidden=VERBORGEN_A)


def _handelingsplan(c):
    """A running handelingsplan of pupil A (made once per test)."""
    from datetime import timedelta

    from django.utils import timezone

    from passend.dossier.models import Handelingsplan

    start = timezone.localdate()
    plan, _ = Handelingsplan.objects.get_or_create(
        leerling=c.leerling_a,
        onderwerp="Technisch lezen",
        defaults={
            "doelen": "AVI M4.",
            "aanpak": "Duo-lezen.",
            "startdatum": start,
            "einddatum": start + timedelta(weeks=6),
            "evaluatiedatum": start + timedelta(weeks=6),
            "opgesteld_door": c.leerkracht_a,
            "opgesteld_door_naam": c.leerkracht_a.naam,
        },
    )
    return plan


def _leerling_a_hp(c):
    return {"pk": c.leerling_a.pk}


def _plan_van_a(c):
    return {"pk": c.leerling_a.pk, "plan_pk": _handelingsplan(c).pk}


def _plan(c):
    return {"pk": _handelingsplan(c).pk}


MATRIX.update(
    {
        "dossier:handelingsplannen": (_leerling_a_hp, HANDELINGSPLAN_LEZEN),
        "dossier:handelingsplan": (_plan_van_a, HANDELINGSPLAN_LEZEN),
        "api:dossier-handelingsplannen": (_leerling_a_hp, HANDELINGSPLAN_LEZEN),
        "api:handelingsplan-detail": (_plan, HANDELINGSPLAN_LEZEN),
        "api:handelingsplan-evalueren": (_plan, ok(set(), denied_status=405)),
    }
)
WRITE_MATRIX.update(
    {
        "dossier:handelingsplannen": ("post", _leerling_a_hp, HANDELINGSPLAN_SCHRIJVEN),
        "dossier:handelingsplan": ("post", _plan_van_a, HANDELINGSPLAN_SCHRIJVEN),
        "api:dossier-handelingsplannen": ("post", _leerling_a_hp, HANDELINGSPLAN_SCHRIJVEN),
        "api:handelingsplan-detail": ("patch", _plan, HANDELINGSPLAN_SCHRIJVEN),
        "api:handelingsplan-evalueren": ("post", _plan, HANDELINGSPLAN_SCHRIJVEN),
    }
)
WRITE_MATRIX.update(
    {
        "trajecten:start": ("post", lambda c: {"pk": c.leerling_a.pk}, ok(TRAJECT_STARTEN_A, hidden=VERBORGEN_A)),
        "trajecten:start_school": ("post", lambda c: {}, ok(SCHOOLLEIDING_A | {"ib_b"})),
        # Without a chosen form the page answers with itself; what each form may do is in the tests.
        "trajecten:detail": ("post", lambda c: {"pk": _traject(c).pk}, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "trajecten:overleg": ("post", _overleg, ok(SCHOOLLEIDING_A, hidden=ALL - TRAJECT_A_ZIEN)),
        "trajecten:routes": ("post", lambda c: {}, ok(BEHEERDERS)),
        "trajecten:route": ("post", lambda c: {"pk": _route(c).pk}, ROUTE_BEHEER),
        "trajecten:route_bron": ("post", lambda c: {"pk": _route(c).pk}, ROUTE_BEHEER),
        "trajecten:stap": ("post", lambda c: {"pk": _route(c).pk, "code": "mdo"}, ROUTE_BEHEER),
    }
)
WRITE_PAYLOAD = {"naam": "", "voornaam": "", "niveau": ""}


def test_write_matrix(route, cast, client):
    method, kwargs_for, expected = WRITE_MATRIX[route]
    url = reverse(route, kwargs=kwargs_for(cast))
    failures = []
    for persona in PERSONAS:
        client.force_login(cast.users[persona])
        denials_before = AuditEvent.objects.filter(result="denied").count()
        send = getattr(client, method)
        if route.startswith("api:"):
            status = send(url, WRITE_PAYLOAD, content_type="application/json").status_code
        else:
            status = send(url, WRITE_PAYLOAD).status_code
        # Whoever may write gets past the policy: a validation answer (400), or a redirect back
        # to the page with a message where the form has nothing required (302).
        allowed = expected[persona] == 200
        if (allowed and status not in (302, 400)) or (not allowed and status != expected[persona]):
            failures.append(f"{persona}: expected {'400/302' if allowed else expected[persona]}, got {status}")
        elif status in (403, 404) and AuditEvent.objects.filter(result="denied").count() == denials_before:
            failures.append(f"{persona}: refused with {status} but no audit row")
        client.logout()
    assert not failures, f"{method.upper()} {route} ({url}):\n" + "\n".join(failures)


# --- Routes, trajecten and meetings through the API ----------------------------------------------


def _overleg_api(c):
    return {"pk": _overleg(c)["overleg_pk"]}


MATRIX.update(
    {
        # Everyone gets the list of what they may see (possibly empty); a route only within the partnership.
        "api:route-list": (lambda c: {}, ok(ALL)),
        "api:route-detail": (lambda c: {"pk": _route(c).pk}, ok(SWV_NETWERK, denied_status=404)),
        "api:route-versies": (lambda c: {"pk": _route(c).pk}, ok(set(), denied_status=405)),
        "api:traject-list": (lambda c: {}, ok(ALL)),
        "api:traject-detail": (lambda c: {"pk": _traject(c).pk}, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:traject-advance": (lambda c: {"pk": _traject(c).pk}, ok(set(), denied_status=405)),
        "api:traject-betrokkenen": (lambda c: {"pk": _traject(c).pk}, ok(set(), denied_status=405)),
        "api:traject-overleggen": (lambda c: {"pk": _traject(c).pk}, ok(set(), denied_status=405)),
        "api:overleg-detail": (_overleg_api, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:overleg-besluit": (_overleg_api, ok(set(), denied_status=405)),
        "api:overleg-deelnemers": (_overleg_api, ok(set(), denied_status=405)),
        "api:overleg-afspraken": (_overleg_api, ok(set(), denied_status=405)),
    }
)
# Only who may see the traject gets past 404; of those, organising is for the school's leadership
# (a teacher or parent sees the traject but gets 403); moving it is for the step's roles, which
# the engine answers with 400 (no outcome chosen) before it looks at the role.
ORGANISEREN_A = ok(SCHOOLLEIDING_A, hidden=ALL - TRAJECT_A_ZIEN)
WRITE_MATRIX.update(
    {
        "api:route-list": ("post", lambda c: {}, ok(BEHEERDERS)),
        "api:route-versies": ("post", lambda c: {"pk": _route(c).pk}, ROUTE_BEHEER),
        "api:traject-list": (
            "post",
            lambda c: {},
            ok(SCHOOLLEIDING_A | {"leerkracht_a", "leerkracht_andere_groep", "ib_b"}),
        ),
        "api:traject-advance": ("post", lambda c: {"pk": _traject(c).pk}, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:traject-betrokkenen": ("post", lambda c: {"pk": _traject(c).pk}, ORGANISEREN_A),
        "api:traject-overleggen": ("post", lambda c: {"pk": _traject(c).pk}, ORGANISEREN_A),
        "api:overleg-besluit": ("post", _overleg_api, ORGANISEREN_A),
        "api:overleg-deelnemers": ("post", _overleg_api, ORGANISEREN_A),
        "api:overleg-afspraken": ("post", _overleg_api, ORGANISEREN_A),
    }
)


# --- Applications and decision letters on the pages --------------------------------------------

BESLISROUTE = """
code: matrix-besluit
naam: Aanvraag en besluit
beschrijving: Een aanvraag van de school waarover het samenwerkingsverband besluit.
bron: test
casusregisseur: [trajectbegeleider]
start: aanvragen
stappen:
  - code: aanvragen
    naam: Aanvraag opstellen
    aspect: 5
    rollen: [ib]
    aanvraag: [extra_ondersteuning]
    uitkomsten:
      - {code: indienen, naam: Indienen, naar: beslissen, indienen: true}
  - code: beslissen
    naam: Besluiten
    aspect: 5
    bij: samenwerkingsverband
    rollen: [trajectbegeleider]
    beslisregel: een_beslisser
    uitkomsten:
      - {code: toekennen, naam: Toekennen, naar: einde, besluit: toegekend}
"""


def _concept_aanvraag(c):
    """Pupil A's HGA traject at the step where the school draws up its request, with a concept."""
    from passend.trajecten.services import aanvraag_create
    from tests.trajecten import helpers as h

    traject = _traject(c)
    h.stap(traject, c.leerkracht_a, "aanpak_in_klas")
    h.stap(traject, c.leerkracht_a, "werkt_onvoldoende")
    school_en_ouders = [{"naam": "Karin", "partij": "school"}, {"naam": "Ouders", "partij": "ouders"}]
    h.besluit(h.overleg(traject, c.ib_a, school_en_ouders), c.ib_a, "mdo_aanvragen")
    aanvraag = aanvraag_create(actor=c.ib_a, traject=traject, soort="extra_ondersteuning")
    return {"pk": traject.pk, "aanvraag_pk": aanvraag.pk}


def _besloten_aanvraag(c):
    """Pupil A's traject on a short route, submitted and decided: the letter can be printed."""
    from passend.trajecten import services

    route = services.route_create(actor=c.beheerder, samenwerkingsverband=c.swv, bron=BESLISROUTE).route
    traject = services.traject_start(
        actor=c.ib_a,
        route=route,
        leerling=c.leerling_a,
        vraag="Wat heeft deze leerling nodig?",
        signaal={"door": "ib", "reden": "mismatch", "toelichting": "Aanbod sluit niet aan."},
    )
    aanvraag = services.aanvraag_create(
        actor=c.ib_a, traject=traject, soort="extra_ondersteuning", gevraagd="Begeleiding", onderbouwing="Zie plan."
    )
    services.traject_advance(actor=c.ib_a, traject=traject, van_stap="aanvragen", uitkomst="indienen")
    services.traject_advance(
        actor=c.trajectbegeleider, traject=traject, van_stap="beslissen", uitkomst="toekennen", motivatie="Passend."
    )
    return {"pk": traject.pk, "aanvraag_pk": aanvraag.pk}


# The partnership's staff and the board's RVZ reach a traject submitted to the partnership.
BESLUIT_A_ZIEN = TRAJECT_A_ZIEN | {"trajectbegeleider", "commissielid", "rvz"}
MATRIX.update(
    {
        "trajecten:aanvraag": (_concept_aanvraag, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "trajecten:besluitbrief": (_besloten_aanvraag, ok(BESLUIT_A_ZIEN, denied_status=404)),
    }
)
# Without a chosen form the page answers with itself; what each form may do is in the tests.
WRITE_MATRIX.update({"trajecten:aanvraag": ("post", _concept_aanvraag, ok(TRAJECT_A_ZIEN, denied_status=404))})


# --- Mijn taken through the API ------------------------------------------------------------------

# Everyone gets their own tasks (possibly none); there is nothing to write.
MATRIX.update({"api:taak-list": (lambda c: {}, ok(ALL))})
WRITE_MATRIX.update({"api:taak-list": ("post", lambda c: {}, ok(set(), denied_status=405))})


# --- Applications and decisions through the API -------------------------------------------------


def _traject_met_concept_api(c):
    return {"pk": _concept_aanvraag(c)["pk"]}


def _concept_api(c):
    return {"pk": _concept_aanvraag(c)["aanvraag_pk"]}


def _besluit_api(c):
    from passend.trajecten.models import Besluit

    return {"pk": Besluit.objects.get(aanvraag_id=_besloten_aanvraag(c)["aanvraag_pk"]).pk}


def _besluitbrief_api(c):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as fout:
        pytest.skip(f"WeasyPrint of de Pango-bibliotheken ontbreken ({fout}); de besluitbrief is niet te maken.")
    return _besluit_api(c)


MATRIX.update(
    {
        # A concept is read by the school and the parents; the rest does not see the traject at all.
        "api:traject-aanvragen": (_traject_met_concept_api, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:aanvraag-detail": (_concept_api, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:aanvraag-zienswijze": (_concept_api, ok(set(), denied_status=405)),
        "api:aanvraag-ondertekenen": (_concept_api, ok(set(), denied_status=405)),
        "api:besluit-list": (lambda c: {}, ok(ALL)),
        "api:besluit-detail": (_besluit_api, ok(BESLUIT_A_ZIEN, denied_status=404)),
        "api:besluit-brief": (_besluitbrief_api, ok(BESLUIT_A_ZIEN, denied_status=404)),
    }
)
# Whoever sees the traject gets past 404; of those the school's leadership (and the step's IB'er)
# writes the application, the parent gives their view and the director signs; the others get 403.
AANVRAAG_VERBORGEN_A = ALL - TRAJECT_A_ZIEN
WRITE_MATRIX.update(
    {
        "api:traject-aanvragen": ("post", _traject_met_concept_api, ok(SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A)),
        "api:aanvraag-detail": ("patch", _concept_api, ok(SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A)),
        "api:aanvraag-zienswijze": ("post", _concept_api, ok({"ouder"}, hidden=AANVRAAG_VERBORGEN_A)),
        "api:aanvraag-ondertekenen": ("post", _concept_api, ok({"directeur_a"}, hidden=AANVRAAG_VERBORGEN_A)),
        "api:besluit-list": ("post", lambda c: {}, ok(set(), denied_status=405)),
    }
)


# --- Withdrawing a concept, agreements done, the case coordinator --------------------------------


def _afspraak_api(c):
    """A meeting of pupil A's traject with an agreement owned by the IB'er."""
    from passend.trajecten.services import afspraak_add

    kwargs = _overleg(c)
    from passend.trajecten.models import Overleg

    overleg = Overleg.objects.get(pk=kwargs["overleg_pk"])
    afspraak = afspraak_add(actor=c.ib_a, overleg=overleg, wat="Observatie", wie="Karin", eigenaar=c.ib_a)
    return {"pk": overleg.pk, "afspraak_pk": afspraak.pk}


def _afspraak_gereed_api(c):
    """As _afspraak_api, already reported done: whoever gets past the policy is told so (400)."""
    from passend.trajecten.models import Afspraak
    from passend.trajecten.services import afspraak_gereed

    kwargs = _afspraak_api(c)
    afspraak_gereed(actor=c.ib_a, afspraak=Afspraak.objects.get(pk=kwargs["afspraak_pk"]))
    return kwargs


MATRIX.update(
    {
        "api:aanvraag-intrekken": (_concept_api, ok(set(), denied_status=405)),
        "api:overleg-afspraak-gereed": (_afspraak_api, ok(set(), denied_status=405)),
        "api:traject-casusregisseur": (lambda c: {"pk": _traject(c).pk}, ok(set(), denied_status=405)),
    }
)
# Organising (and reporting an agreement done) is the school's leadership here; the owner of an
# agreement may too, which the agreement tests show.
WRITE_MATRIX.update(
    {
        "api:aanvraag-intrekken": ("post", _concept_api, ok(SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A)),
        "api:overleg-afspraak-gereed": ("post", _afspraak_gereed_api, ORGANISEREN_A),
        "api:traject-casusregisseur": ("post", lambda c: {"pk": _traject(c).pk}, ORGANISEREN_A),
    }
)


# --- Arrangements: the pages and the API ---------------------------------------------------------


def _arrangement(c):
    """A running arrangement on pupil A's decided traject (the short route above), with a
    provider whose part already ended (ending it again is refused: a 400 for who may)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from passend.arrangementen import services
    from passend.arrangementen.models import Arrangement
    from passend.trajecten.models import Besluit

    arrangement = Arrangement.objects.filter(leerling=c.leerling_a).first()
    if arrangement is None:
        besluit = Besluit.objects.get(aanvraag_id=_besloten_aanvraag(c)["aanvraag_pk"])
        start = timezone.localdate() - timedelta(days=7)
        arrangement = services.arrangement_toekennen(
            actor=c.trajectbegeleider,
            besluit=besluit,
            soort="onderwijsarrangement",
            doel_omschrijving="Leren in de groep.",
            startdatum=start,
            einddatum=start + timedelta(weeks=20),
            ontvangers=["leerling"],
            doelen=[{"omschrijving": "Werkt zelfstandig."}],
        )
        services.arrangement_starten(actor=c.trajectbegeleider, arrangement=arrangement)
        aanbieder = services.aanbieder_toewijzen(
            actor=c.trajectbegeleider,
            arrangement=arrangement,
            soort="jeugdhulp",
            naam="Jeugdhulp",
            uren_gepland=Decimal("8"),
        )
        services.aanbieder_beeindigen(actor=c.trajectbegeleider, aanbieder=aanbieder)
    return arrangement


def _arrangement_pk(c):
    return {"pk": _arrangement(c).pk}


def _arrangement_aanbieder(c):
    arrangement = _arrangement(c)
    return {"pk": arrangement.pk, "aanbieder_pk": arrangement.aanbieders.get().pk}


def _arrangement_evaluatie(c):
    arrangement = _arrangement(c)
    return {"pk": arrangement.pk, "evaluatie_pk": arrangement.evaluaties.get().pk}


def _arrangement_plaatsingstaak(c):
    from passend.arrangementen.models import Plaatsingstaak

    arrangement = _arrangement(c)
    taak, _ = Plaatsingstaak.objects.get_or_create(
        arrangement=arrangement, soort="observatie_na", volgnummer=1, defaults={"uiterlijk": arrangement.einddatum}
    )
    return {"pk": arrangement.pk, "taak_pk": taak.pk}


# Who may see pupil A's arrangement: who sees the decided traject, except externals.
ARRANGEMENT_ZIEN = BESLUIT_A_ZIEN
ARRANGEMENT_VERBORGEN = ALL - ARRANGEMENT_ZIEN
# Granting and extending: the partnership's staff the traject reached (trajectbegeleider, commissielid).
TOEKENNEN = {"trajectbegeleider", "commissielid"}
# Evaluating (and ending): who organises the traject — the school's leadership and the roles it reached.
EVALUEREN = SCHOOLLEIDING_A | {"rvz", "trajectbegeleider", "commissielid"}
MATRIX.update(
    {
        "arrangementen:lijst": (lambda c: {}, ok(ALL - {"ouder", "extern", "extern_uitgenodigd"})),
        # A caseload for whoever can provide support; assigning for the pool's managers.
        "arrangementen:caseload": (lambda c: {}, ok({"trajectbegeleider", "commissielid"})),
        "arrangementen:toewijzen": (lambda c: {}, ok({"trajectbegeleider"})),
        "arrangementen:maanden": (lambda c: {}, ok(BEHEERDERS)),
        "arrangementen:detail": (_arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "arrangementen:vastleggen": (_besloten_aanvraag, ok(TOEKENNEN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:arrangement-list": (lambda c: {}, ok(ALL)),
        "api:arrangement-toewijzen": (lambda c: {}, ok({"trajectbegeleider"})),
        "api:arrangement-detail": (_arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "api:arrangement-inzet": (_arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "api:arrangement-materiaaluitgaven": (_arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "api:arrangement-evaluaties": (_arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "api:arrangement-aanbieders": (_arrangement_pk, ok(set(), denied_status=405)),
        "api:arrangement-aanbieder-beeindigen": (_arrangement_aanbieder, ok(set(), denied_status=405)),
        "api:arrangement-evaluatie-vastleggen": (_arrangement_evaluatie, ok(set(), denied_status=405)),
        "api:arrangement-oudervragenlijst": (_arrangement_evaluatie, ok(set(), denied_status=405)),
        "api:arrangement-plaatsingstaak-afronden": (_arrangement_plaatsingstaak, ok(set(), denied_status=405)),
        "api:arrangement-starten": (_arrangement_pk, ok(set(), denied_status=405)),
        "api:arrangement-verlengen": (_arrangement_pk, ok(set(), denied_status=405)),
        "api:arrangement-beeindigen": (_arrangement_pk, ok(set(), denied_status=405)),
        "api:arrangement-omzetten": (_arrangement_pk, ok(set(), denied_status=405)),
        "api:maandafsluiting-list": (lambda c: {}, ok(BEHEERDERS)),
    }
)
# Whoever sees the arrangement gets past 404; of those, each action is for the roles named; the
# others get 403 before their input is read. Who may gets the validation answer (400), or on the
# page without a chosen form a redirect back (302).
WRITE_MATRIX.update(
    {
        "arrangementen:detail": ("post", _arrangement_pk, ok(ARRANGEMENT_ZIEN, denied_status=404)),
        "arrangementen:vastleggen": ("post", _besloten_aanvraag, ok(TOEKENNEN, hidden=ARRANGEMENT_VERBORGEN)),
        "arrangementen:caseload": ("post", lambda c: {}, ok({"trajectbegeleider", "commissielid"})),
        "arrangementen:toewijzen": ("post", lambda c: {}, ok({"trajectbegeleider"})),
        "arrangementen:maanden": ("post", lambda c: {}, ok(BEHEERDERS)),
        "api:arrangement-list": ("post", lambda c: {}, ok(TOEKENNEN)),
        "api:arrangement-aanbieders": (
            "post",
            _arrangement_pk,
            ok({"trajectbegeleider", "commissielid"}, hidden=ARRANGEMENT_VERBORGEN),
        ),
        "api:arrangement-aanbieder-beeindigen": (
            "post",
            _arrangement_aanbieder,
            ok({"trajectbegeleider", "commissielid"}, hidden=ARRANGEMENT_VERBORGEN),
        ),
        # Hours: the providing expert (none here) or the pool's managers.
        "api:arrangement-inzet": ("post", _arrangement_pk, ok({"trajectbegeleider"}, hidden=ARRANGEMENT_VERBORGEN)),
        # Materials bought: who organises the traject (the school) or the partnership's staff it reached.
        "api:arrangement-materiaaluitgaven": ("post", _arrangement_pk, ok(EVALUEREN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:arrangement-evaluatie-vastleggen": (
            "post",
            _arrangement_evaluatie,
            ok(EVALUEREN, hidden=ARRANGEMENT_VERBORGEN),
        ),
        "api:arrangement-oudervragenlijst": (
            "post",
            _arrangement_evaluatie,
            ok({"ouder"}, hidden=ARRANGEMENT_VERBORGEN),
        ),
        "api:arrangement-plaatsingstaak-afronden": (
            "post",
            _arrangement_plaatsingstaak,
            ok(EVALUEREN, hidden=ARRANGEMENT_VERBORGEN),
        ),
        "api:arrangement-starten": ("post", _arrangement_pk, ok(TOEKENNEN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:arrangement-verlengen": ("post", _arrangement_pk, ok(TOEKENNEN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:arrangement-beeindigen": ("post", _arrangement_pk, ok(EVALUEREN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:arrangement-omzetten": ("post", _arrangement_pk, ok(TOEKENNEN, hidden=ARRANGEMENT_VERBORGEN)),
        "api:maandafsluiting-list": ("post", lambda c: {}, ok(BEHEERDERS)),
    }
)


# --- The TLV: advices, issuing, the TLV, the list and its export, objections (pages and API) -----
# Pupil A's TLV application (SO) on the short route of tests/trajecten/aanvragen_helpers.py: the
# traject reached the partnership, so its staff and the board's RVZ read the application
# (BESLUIT_A_ZIEN). Advices, issuing and objections are the partnership's staff's; a TLV is read
# by the staff, the school (school A applied, school B receives), the pupil's teacher and parent.
TLV_STAF = {"trajectbegeleider", "commissielid"}
TLV_VERBORGEN = ALL - BESLUIT_A_ZIEN
TLV_A_ZIEN = TLV_STAF | TRAJECT_A_ZIEN | {"ib_b"}


def _tlv_ingediend(c):
    from tests.arrangementen import tlv_helpers as th

    aanvraag = th.ingediend(c)
    return {"pk": aanvraag.traject_id, "aanvraag_pk": aanvraag.pk}


def _tlv_besloten(c):
    from tests.arrangementen import tlv_helpers as th

    aanvraag, _besluit = th.besloten(c)
    return {"pk": aanvraag.traject_id, "aanvraag_pk": aanvraag.pk}


def _tlv_afgegeven(c):
    from tests.arrangementen import tlv_helpers as th

    return {"pk": th.afgegeven(c).pk}


def _tlv_adviezen_api(c):
    return {"aanvraag_pk": _tlv_ingediend(c)["aanvraag_pk"]}


def _tlv_besluit_api(c):
    from passend.trajecten.models import Besluit

    return {"pk": Besluit.objects.get(aanvraag_id=_tlv_besloten(c)["aanvraag_pk"]).pk}


def _tlv_bezwaar_api(c):
    from django.utils import timezone

    from passend.arrangementen.tlv import bezwaar_registreren
    from passend.trajecten.models import Besluit

    besluit = Besluit.objects.get(pk=_tlv_besluit_api(c)["pk"])
    bezwaar = bezwaar_registreren(
        actor=c.trajectbegeleider,
        besluit=besluit,
        ontvangen_op=timezone.localdate(),
        ingediend_door="Ouder van Ryan",
        gronden="Niet eens met het besluit.",
    )
    return {"pk": bezwaar.pk}


TLV_STAF_SCHRIJFT = ok(TLV_STAF, hidden=TLV_VERBORGEN)
MATRIX.update(
    {
        "arrangementen:deskundigenadvies": (_tlv_ingediend, ok(BESLUIT_A_ZIEN, denied_status=404)),
        "arrangementen:tlv_afgeven": (_tlv_besloten, TLV_STAF_SCHRIJFT),
        "arrangementen:bezwaren": (_tlv_besloten, TLV_STAF_SCHRIJFT),
        "arrangementen:tlv": (_tlv_afgegeven, ok(TLV_A_ZIEN, denied_status=404)),
        "arrangementen:tlv_lijst": (lambda c: {}, ok(TLV_STAF)),
        "arrangementen:tlv_export_csv": (lambda c: {}, ok(TLV_STAF)),
        "arrangementen:tlv_export_xlsx": (lambda c: {}, ok(TLV_STAF)),
        "api:deskundigenadvies-list": (_tlv_adviezen_api, ok(BESLUIT_A_ZIEN, denied_status=404)),
        "api:tlv-list": (lambda c: {}, ok(ALL)),
        "api:tlv-detail": (_tlv_afgegeven, ok(TLV_A_ZIEN, denied_status=404)),
        "api:tlv-export": (lambda c: {}, ok(TLV_STAF)),
        "api:besluit-tlv-afgeven": (_tlv_besluit_api, ok(set(), denied_status=405)),
        "api:bezwaar-list": (lambda c: {}, ok(ALL)),
        "api:bezwaar-detail": (_tlv_bezwaar_api, ok(TLV_STAF, denied_status=404)),
        "api:bezwaar-doorsturen": (_tlv_bezwaar_api, ok(set(), denied_status=405)),
        "api:bezwaar-afhandelen": (_tlv_bezwaar_api, ok(set(), denied_status=405)),
    }
)
# An empty submission: the staff get the form's answer (400), or back to the page (302); whoever
# sees the application but may not act 403; whoever does not see it 404.
WRITE_MATRIX.update(
    {
        "arrangementen:deskundigenadvies": ("post", _tlv_ingediend, TLV_STAF_SCHRIJFT),
        "arrangementen:tlv_afgeven": ("post", _tlv_besloten, TLV_STAF_SCHRIJFT),
        "arrangementen:bezwaren": ("post", _tlv_besloten, TLV_STAF_SCHRIJFT),
        "api:deskundigenadvies-list": ("post", _tlv_adviezen_api, TLV_STAF_SCHRIJFT),
        "api:tlv-list": ("post", lambda c: {}, ok(set(), denied_status=405)),
        "api:besluit-tlv-afgeven": ("post", _tlv_besluit_api, TLV_STAF_SCHRIJFT),
        "api:bezwaar-list": ("post", lambda c: {}, ok(TLV_STAF)),
        "api:bezwaar-doorsturen": ("post", _tlv_bezwaar_api, ok(TLV_STAF, denied_status=404)),
        "api:bezwaar-afhandelen": ("post", _tlv_bezwaar_api, ok(TLV_STAF, denied_status=404)),
    }
)


# --- Questionnaires (instrumenten): the pages and the API ----------------------------------------
# Passend's VPI for the school and for the parents, installed in the cast's partnership. Pupil A's
# finished afnames are read by whoever reads the pupil's dossier (an invited external too); a
# concept only by who may continue it: for the school's VPI the pupil's teacher and the school's
# leadership. Instruments themselves are read in the partnership (parents too) and managed by its
# beheerder.
AFNAMES_A_ZIEN = LEERLING_A_ZIEN | EXTERN_A
VPI_INVULLERS_A = SCHOOLLEIDING_A | {"leerkracht_a"}
INSTRUMENT_ZIEN = SWV_NETWERK | {"ouder"}


def status_for(status, allowed, denied_status=403, hidden=frozenset()):
    """As ok(), with another status than 200 for `allowed` (a 400 when a required parameter is missing)."""
    return {p: status if p in allowed else 404 if p in hidden else denied_status for p in PERSONAS}


def _vpi(c):
    from tests.instrumenten.helpers import installeer

    installeer(c, "vpi_ouder")
    return installeer(c)


def _afgeronde_afname(c):
    from passend.instrumenten.models import Afname
    from tests.instrumenten.helpers import afgeronde_afname

    vpi = _vpi(c)
    return Afname.objects.filter(leerling=c.leerling_a, status="afgerond").first() or afgeronde_afname(c, vpi)


def _concept_afname(c):
    """A VPI about pupil A that their teacher started (a new one once the last was thrown away)."""
    from passend.instrumenten import services
    from passend.instrumenten.models import Afname

    vpi = _vpi(c)
    return Afname.objects.filter(leerling=c.leerling_a, status="concept").first() or services.afname_starten(
        actor=c.leerkracht_a, instrument=vpi, leerling=c.leerling_a
    )


def _vragenlijsten_a(c):
    _vpi(c)
    return {"pk": c.leerling_a.pk}


def _afname_van_a(c):
    return {"pk": c.leerling_a.pk, "afname_pk": _afgeronde_afname(c).pk}


def _afname_pdf(c):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as fout:
        pytest.skip(f"WeasyPrint of de Pango-bibliotheken ontbreken ({fout}); de PDF is niet te maken.")
    return _afname_van_a(c)


def _concept_van_a(c):
    return {"pk": c.leerling_a.pk, "afname_pk": _concept_afname(c).pk}


def _vpi_pk(c):
    return {"pk": _vpi(c).pk}


def _afname_api(c):
    return {"pk": _afgeronde_afname(c).pk}


def _afname_concept_api(c):
    return {"pk": _concept_afname(c).pk}


def _aanvraag_vragenlijsten(c):
    _afgeronde_afname(c)
    return {"aanvraag_pk": _concept_aanvraag(c)["aanvraag_pk"]}


def _bijgevoegde_afname(c):
    """Pupil A's finished VPI attached to the concept application (again, once it was taken off)."""
    from passend.instrumenten import services
    from passend.trajecten.models import Aanvraag

    afname = _afgeronde_afname(c)
    aanvraag = Aanvraag.objects.filter(traject__leerling=c.leerling_a, status="concept").first()
    if aanvraag is None:
        aanvraag = Aanvraag.objects.get(pk=_concept_aanvraag(c)["aanvraag_pk"])
    services.afname_bijvoegen(actor=c.ib_a, aanvraag=aanvraag, afname=afname)
    return {"aanvraag_pk": aanvraag.pk, "pk": afname.pk}


MATRIX.update(
    {
        "instrumenten:afnames": (_vragenlijsten_a, ok(AFNAMES_A_ZIEN, denied_status=404)),
        # Without the two afnames (?eerste=&tweede=) there is nothing to compare: 404 for everyone,
        # audited; who may compare is in the API row below and in tests/api/test_instrumenten_api.py.
        "instrumenten:vergelijking": (_vragenlijsten_a, ok(set(), denied_status=404)),
        "instrumenten:afname": (_afname_van_a, ok(AFNAMES_A_ZIEN, denied_status=404)),
        "instrumenten:afname_pdf": (_afname_pdf, ok(AFNAMES_A_ZIEN, denied_status=404)),
        "instrumenten:aanvraag_afnames": (_concept_aanvraag, ok(set(), denied_status=405)),
        "instrumenten:beheer": (lambda c: {}, ok(BEHEERDERS)),
        "instrumenten:instrument": (_vpi_pk, ok({"beheerder"}, denied_status=404)),
        "api:instrument-list": (lambda c: {}, ok(ALL)),
        "api:instrument-detail": (_vpi_pk, ok(INSTRUMENT_ZIEN, denied_status=404)),
        "api:instrument-normtabellen": (_vpi_pk, ok(set(), denied_status=405)),
        # The pupil is a required parameter: without it a 400 for everyone (the API tests give it).
        "api:afname-list": (lambda c: {}, status_for(400, ALL)),
        "api:afname-detail": (_afname_api, ok(AFNAMES_A_ZIEN, denied_status=404)),
        "api:afname-afronden": (_afname_api, ok(set(), denied_status=405)),
        # Without ?met= a 400, but only for whoever sees the afname.
        "api:afname-vergelijking": (_afname_api, status_for(400, AFNAMES_A_ZIEN, denied_status=404)),
        "api:afname-ouders-vragen": (lambda c: {}, ok(set(), denied_status=405)),
        "api:aanvraag-vragenlijst-list": (_aanvraag_vragenlijsten, ok(TRAJECT_A_ZIEN, denied_status=404)),
        "api:aanvraag-vragenlijst-detail": (_bijgevoegde_afname, ok(set(), denied_status=405)),
    }
)
# Starting on the page: whoever may fill in one of the instruments about pupil A gets the form's
# answer (the parent their own VPI); the invited external sees the afnames but starts none (403).
# Filling in the teacher's concept is for the school's VPI fillers; it is hidden from the rest.
# Creating through the API names the pupil in the body: an empty body is a 400 for everyone, and
# who may start or ask the parents is in tests/api/test_instrumenten_api.py.
WRITE_MATRIX.update(
    {
        "instrumenten:afnames": ("post", _vragenlijsten_a, ok(VPI_INVULLERS_A | {"ouder"}, hidden=VERBORGEN_A)),
        "instrumenten:afname": ("post", _concept_van_a, ok(VPI_INVULLERS_A, denied_status=404)),
        "instrumenten:aanvraag_afnames": ("post", _concept_aanvraag, ok(SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A)),
        "instrumenten:beheer": ("post", lambda c: {}, ok(BEHEERDERS)),
        "instrumenten:instrument": ("post", _vpi_pk, ok({"beheerder"}, denied_status=404)),
        "api:instrument-list": ("post", lambda c: {}, ok(BEHEERDERS)),
        "api:instrument-normtabellen": ("post", _vpi_pk, ok({"beheerder"}, hidden=ALL - INSTRUMENT_ZIEN)),
        "api:afname-list": ("post", lambda c: {}, ok(ALL)),
        "api:afname-ouders-vragen": ("post", lambda c: {}, ok(ALL)),
        "api:afname-detail": ("patch", _afname_concept_api, ok(VPI_INVULLERS_A, denied_status=404)),
        "api:afname-afronden": ("post", _afname_concept_api, ok(VPI_INVULLERS_A, denied_status=404)),
        "api:aanvraag-vragenlijst-list": (
            "post",
            _aanvraag_vragenlijsten,
            ok(SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A),
        ),
    }
)
# Deleting: whoever may gets 204, so each persona gets the object afresh (the kwargs are made per
# persona). The teacher's concept is thrown away by the school's VPI fillers and hidden from the
# rest; an attached result is taken off by who writes the concept application.
DELETE_MATRIX = {
    "api:afname-detail": (_afname_concept_api, status_for(204, VPI_INVULLERS_A, denied_status=404)),
    "api:aanvraag-vragenlijst-detail": (
        _bijgevoegde_afname,
        status_for(204, SCHOOLLEIDING_A, hidden=AANVRAAG_VERBORGEN_A),
    ),
}


def test_delete_matrix(route, cast, client):
    kwargs_for, expected = DELETE_MATRIX[route]
    failures = []
    for persona in PERSONAS:
        url = reverse(route, kwargs=kwargs_for(cast))
        client.force_login(cast.users[persona])
        denials_before = AuditEvent.objects.filter(result="denied").count()
        status = client.delete(url).status_code
        if status != expected[persona]:
            failures.append(f"{persona}: expected {expected[persona]}, got {status}")
        elif status in (403, 404) and AuditEvent.objects.filter(result="denied").count() == denials_before:
            failures.append(f"{persona}: refused with {status} but no audit row")
        client.logout()
    assert not failures, f"DELETE {route}:\n" + "\n".join(failures)


# --- The five fields and matching (matching) ------------------------------------------------------


def _matching_traject(c):
    return {"pk": _traject(c).pk}


def _aanvullend_arrangement(c):
    from passend.matching.models import AanvullendArrangement
    from passend.matching.services import aanvullend_arrangement_opslaan

    arrangement = AanvullendArrangement.objects.filter(samenwerkingsverband=c.swv).first()
    arrangement = arrangement or aanvullend_arrangement_opslaan(
        actor=c.beheerder, samenwerkingsverband=c.swv, data={"naam": "Extra handen", "aandacht_tijd": 2}
    )
    return {"arrangement_pk": arrangement.pk}


# Needs on the five fields: read as the dossier (an invited external too), recorded by the school's
# leadership. The matching on pupil A's traject: whoever works on it (not the parent); the choice is
# the partnership staff's, and this traject has not reached them. A school's profile: read in the
# partnership, written by its director and the beheerder. Checking, the scale and the additional
# arrangements: the beheerder of each partnership; the covering network: everyone in one.
MATCHING_ZIEN_A = SCHOOLLEIDING_A | {"leerkracht_a"}
PROFIEL_SCHRIJVEN_A = ok({"directeur_a", "beheerder"}, hidden=ALL - SWV_NETWERK)
MATRIX.update(
    {
        "matching:behoefte": (lambda c: {"pk": c.leerling_a.pk}, ok(LEERLING_A_ZIEN | EXTERN_A, denied_status=404)),
        "matching:matching": (_matching_traject, ok(MATCHING_ZIEN_A, hidden=ALL - TRAJECT_A_ZIEN)),
        "matching:dekkend_netwerk": (lambda c: {}, ok(NETWERK)),
        "matching:controle": (lambda c: {}, ok(BEHEERDERS)),
        "matching:profiel": (
            lambda c: {"soort": "school", "pk": c.school_a.pk},
            ok(SWV_NETWERK, denied_status=404),
        ),
        "matching:vijf_velden": (lambda c: {}, ok(BEHEERDERS)),
        "matching:aanvullende_arrangementen": (lambda c: {}, ok(BEHEERDERS)),
        "matching:aanvullend_arrangement": (_aanvullend_arrangement, ok({"beheerder"}, hidden={"beheerder_other"})),
    }
)
WRITE_MATRIX.update(
    {
        "matching:behoefte": ("post", lambda c: {"pk": c.leerling_a.pk}, ok(SCHOOLLEIDING_A, hidden=VERBORGEN_A)),
        "matching:matching": ("post", _matching_traject, ok(set(), hidden=ALL - TRAJECT_A_ZIEN)),
        "matching:controle": ("post", lambda c: {}, ok(BEHEERDERS)),
        "matching:profiel": ("post", lambda c: {"soort": "school", "pk": c.school_a.pk}, PROFIEL_SCHRIJVEN_A),
        "matching:vijf_velden": ("post", lambda c: {}, ok(BEHEERDERS)),
        "matching:aanvullende_arrangementen": ("post", lambda c: {}, ok(BEHEERDERS)),
        "matching:aanvullend_arrangement": (
            "post",
            _aanvullend_arrangement,
            ok({"beheerder"}, hidden={"beheerder_other"}),
        ),
    }
)


# The five fields through the API (matching.api). The lists name the pupil or the partnership in
# the query string: without it a 400 for everyone (tests/api/test_matching_api.py gives it, and
# shows who sees what). Creating names the pupil, school or partnership in the body: an empty body
# is a 400 for everyone, except the additional arrangements, refused before the body for whoever
# manages none. A profile version, the scale and the basisondersteuning are read in the partnership
# (whoever records needs or a profile chooses from that scale); checking a version, setting the
# scale and the basisondersteuning and managing the arrangements is the beheerder's. The matching
# on pupil A's traject is read as on the page; the choice is nobody's while the traject is at school.
# Profiles, checks and arrangements are never deleted (a choice can refer to them): DELETE is 405.
def _profielversie_api(c):
    """School A's profile as its director submitted it, awaiting the partnership's check."""
    from passend.matching.models import Ondersteuningsprofiel
    from passend.matching.services import ondersteuningsprofiel_opstellen
    from tests.matching.helpers import niveaus

    versie = Ondersteuningsprofiel.objects.filter(school=c.school_a, controle__isnull=True).first()
    versie = versie or ondersteuningsprofiel_opstellen(
        actor=c.directeur_a, setting=c.school_a, niveaus=niveaus(2, 1, 1, 2, 1)
    )
    return {"pk": versie.pk}


def _aanvullend_arrangement_api(c):
    return {"pk": _aanvullend_arrangement(c)["arrangement_pk"]}


def _schaalveld_api(c):
    return {"pk": c.swv.pk, "veld": "materiaal"}


MATCHING_BEHEER_API = ok({"beheerder"}, hidden=ALL - SWV_NETWERK)
MATRIX.update(
    {
        "api:behoefteprofiel-list": (lambda c: {}, status_for(400, ALL)),
        "api:ondersteuningsprofiel-list": (lambda c: {}, status_for(400, ALL)),
        "api:ondersteuningsprofiel-detail": (_profielversie_api, ok(SWV_NETWERK, denied_status=404)),
        "api:ondersteuningsprofiel-controleren": (_profielversie_api, ok(set(), denied_status=405)),
        "api:traject-matching-matching": (_matching_traject, ok(MATCHING_ZIEN_A, hidden=ALL - TRAJECT_A_ZIEN)),
        "api:traject-matching-matchkeuze": (_matching_traject, ok(set(), denied_status=405)),
        "api:dekkend-netwerk": (lambda c: {}, status_for(400, ALL)),
        "api:vijf-velden-overzicht": (lambda c: {"pk": c.swv.pk}, ok(SWV_NETWERK, denied_status=404)),
        "api:vijf-velden-schaal": (_schaalveld_api, ok(set(), denied_status=405)),
        "api:vijf-velden-basisondersteuning": (lambda c: {"pk": c.swv.pk}, ok(set(), denied_status=405)),
        "api:aanvullend-arrangement-list": (lambda c: {}, ok(BEHEERDERS)),
        "api:aanvullend-arrangement-detail": (_aanvullend_arrangement_api, MATCHING_BEHEER_API),
    }
)
WRITE_MATRIX.update(
    {
        "api:behoefteprofiel-list": ("post", lambda c: {}, ok(ALL)),
        "api:ondersteuningsprofiel-list": ("post", lambda c: {}, ok(ALL)),
        "api:ondersteuningsprofiel-controleren": ("post", _profielversie_api, MATCHING_BEHEER_API),
        "api:traject-matching-matchkeuze": ("post", _matching_traject, ok(set(), hidden=ALL - TRAJECT_A_ZIEN)),
        "api:vijf-velden-schaal": ("put", _schaalveld_api, MATCHING_BEHEER_API),
        "api:vijf-velden-basisondersteuning": ("post", lambda c: {"pk": c.swv.pk}, MATCHING_BEHEER_API),
        "api:aanvullend-arrangement-list": ("post", lambda c: {}, ok(BEHEERDERS)),
        "api:aanvullend-arrangement-detail": ("patch", _aanvullend_arrangement_api, MATCHING_BEHEER_API),
    }
)
DELETE_MATRIX.update(
    {
        "api:ondersteuningsprofiel-detail": (_profielversie_api, ok(set(), denied_status=405)),
        "api:aanvullend-arrangement-detail": (_aanvullend_arrangement_api, ok(set(), denied_status=405)),
    }
)


# --- Money (financien): the pages and the read-only API ------------------------------------------
# The cast's partnership has a budget (tests/financien/helpers.py: central lines, school A and B).
# Its beheerder sees the dashboard, the central lines and every school; the board (rvz, schools A
# and B) its board's page and both schools; the director of school A only school A's budget (school
# B's is a 404, test below). Nobody else sees money: the start page is a 403 for whoever has no
# finance role; a budget, line, board or school they may not see is a 404 (as if it did not exist).
# The beheerder of the other partnership has a finance role there (no budget yet: the start page
# says so) and sees nothing of this one. The cast has no management persona: its buffer rights are
# in tests/financien/test_paginas.py.
FINANCIEN_SCHOOL_A = {"beheerder", "rvz", "directeur_a"}
FINANCIEN_BEHEER_BEHEERDER = ok({"beheerder"}, denied_status=404)


def _begroting(c):
    from passend.financien.models import Begroting
    from tests.financien.helpers import JAAR, begroting

    return Begroting.objects.filter(samenwerkingsverband=c.swv, jaar=JAAR).first() or begroting(c)


def _met_begroting(c):
    _begroting(c)
    return {}


def _financien_jaar(c):
    return {"jaar": _begroting(c).jaar}


def _financien_post(c):
    from passend.financien.models import Doel
    from tests.financien.helpers import post

    begroting = _begroting(c)
    return {"jaar": begroting.jaar, "post_pk": post(begroting, Doel.ARRANGEMENTEN).pk}


def _financien_bestuur(c):
    return {"jaar": _begroting(c).jaar, "bestuur_pk": c.bestuur.pk}


def _financien_school(school):
    return lambda c: {"jaar": _begroting(c).jaar, "school_pk": getattr(c, school).pk}


def _financien_verdeelmodel(c):
    return {"pk": _begroting(c).verdeelmodel_id}


def _begroting_api(c):
    return {"pk": _begroting(c).pk}


def _schoolpost_api(school):
    def kwargs(c):
        from passend.financien.models import Doel
        from tests.financien.helpers import post

        return {"pk": post(_begroting(c), Doel.SCHOOLBUDGET, getattr(c, school)).pk}

    return kwargs


def _centrale_post_api(c):
    return {"pk": _financien_post(c)["post_pk"]}


MATRIX.update(
    {
        "financien:start": (
            _met_begroting,
            # The beheerder is sent on to the latest budget's dashboard.
            {**ok(FINANCIEN_SCHOOL_A | BEHEERDERS), "beheerder": 302},
        ),
        "financien:dashboard": (_financien_jaar, FINANCIEN_BEHEER_BEHEERDER),
        "financien:post": (_financien_post, FINANCIEN_BEHEER_BEHEERDER),
        "financien:bestuur": (_financien_bestuur, ok({"beheerder", "rvz"}, denied_status=404)),
        "financien:school": (_financien_school("school_a"), ok(FINANCIEN_SCHOOL_A, denied_status=404)),
        "financien:meerjarig": (_financien_jaar, FINANCIEN_BEHEER_BEHEERDER),
        "financien:vergelijken": (_financien_jaar, FINANCIEN_BEHEER_BEHEERDER),
        "financien:export": (_financien_jaar, FINANCIEN_BEHEER_BEHEERDER),
        # Setting up: each beheerder their own partnership; another partnership's model is a 404.
        "financien:inrichting": (_met_begroting, ok(BEHEERDERS)),
        "financien:verdeelmodel": (_financien_verdeelmodel, ok({"beheerder"}, hidden={"beheerder_other"})),
        # Everyone gets the budgets whose money they manage (possibly none).
        "api:begroting-list": (lambda c: {}, ok(ALL)),
        "api:begroting-detail": (_begroting_api, FINANCIEN_BEHEER_BEHEERDER),
        "api:begroting-schoolbudgetten": (_begroting_api, ok(FINANCIEN_SCHOOL_A, denied_status=404)),
        "api:begrotingspost-boekingen": (_schoolpost_api("school_a"), ok(FINANCIEN_SCHOOL_A, denied_status=404)),
    }
)
# A line's budget is changed by the beheerder (an empty form: 400); drawing on the buffer is the
# management's (403 for the beheerder, before the form is read); the rest does not see the line.
# The API is read only: writing is 405 for everyone.
WRITE_MATRIX.update(
    {
        "financien:post": ("post", _financien_post, FINANCIEN_BEHEER_BEHEERDER),
        "financien:inrichting": ("post", _met_begroting, ok(BEHEERDERS)),
        "financien:verdeelmodel": (
            "post",
            _financien_verdeelmodel,
            ok({"beheerder"}, hidden={"beheerder_other"}),
        ),
        "api:begroting-list": ("post", lambda c: {}, ok(set(), denied_status=405)),
        "api:begroting-detail": ("patch", _begroting_api, ok(set(), denied_status=405)),
        "api:begrotingspost-boekingen": ("post", _schoolpost_api("school_a"), ok(set(), denied_status=405)),
    }
)


@pytest.mark.parametrize(
    ("route", "kwargs_for", "expected"),
    [
        # School B is the director of school A's neighbour: its budget and ledger are hidden from them.
        ("financien:school", _financien_school("school_b"), ok({"beheerder", "rvz"}, denied_status=404)),
        ("api:begrotingspost-boekingen", _schoolpost_api("school_b"), ok({"beheerder", "rvz"}, denied_status=404)),
        # A central line's ledger is the partnership's.
        ("api:begrotingspost-boekingen", _centrale_post_api, FINANCIEN_BEHEER_BEHEERDER),
    ],
    ids=["school-b-page", "school-b-ledger", "central-ledger"],
)
def test_financien_other_objects(route, kwargs_for, expected, cast, client):
    _check_get(route, reverse(route, kwargs=kwargs_for(cast)), expected, cast, client)


# --- Key figures: another part of the partnership, another partnership, a list ------------------


def _rapportage(route, **query):
    def url(c):
        from urllib.parse import urlencode

        waarden = {k: (v(c) if callable(v) else v) for k, v in query.items()}
        return reverse(route) + "?" + urlencode(waarden)

    return url


@pytest.mark.parametrize(
    ("route", "url_for", "expected"),
    [
        # School B is in the board but not the director's: the board sees it, the director does not.
        (
            "rapportage:dashboard",
            _rapportage("rapportage:dashboard", school=lambda c: c.school_b.pk),
            ok(RAPPORTAGE - {"directeur_a", "beheerder_other"}, hidden={"directeur_a", "beheerder_other"}),
        ),
        # The board: for a director narrowed to their own school (tests/rapportage prove the content).
        (
            "rapportage:dashboard",
            _rapportage("rapportage:dashboard", schoolbestuur=lambda c: c.bestuur.pk),
            ok(RAPPORTAGE - {"beheerder_other"}, hidden={"beheerder_other"}),
        ),
        # Another partnership's figures do not exist for someone outside it.
        (
            "rapportage:dashboard",
            _rapportage("rapportage:dashboard", samenwerkingsverband=lambda c: c.swv_other.pk),
            ok({"beheerder_other"}, hidden=set(PERSONAS) - {"beheerder_other"}),
        ),
        (
            "rapportage:lijst",
            _rapportage("rapportage:lijst", bron="thuiszitter"),
            ok(RAPPORTAGE),
        ),
        (
            "rapportage:lijst",
            _rapportage("rapportage:lijst", bron="thuiszitter", school=lambda c: c.school_b.pk),
            ok(RAPPORTAGE - {"directeur_a", "beheerder_other"}, hidden={"directeur_a", "beheerder_other"}),
        ),
    ],
    ids=["dashboard-school-b", "dashboard-board", "dashboard-other-swv", "list", "list-school-b"],
)
def test_rapportage_other_scopes(route, url_for, expected, cast, client):
    _check_get(route, url_for(cast), expected, cast, client)


# --- Key figures through the API (rapportage.api): the dashboard's reach, 404 for what is out of it --
# Without a choice each gets the part they may see whole; who sees no key figures at all is refused
# (403). The list without a source to open is a 400 for those who see figures. Read only: 405.
MATRIX.update(
    {
        "api:kengetallen": (lambda c: {}, ok(RAPPORTAGE)),
        "api:kengetallen-lijst": (lambda c: {}, {**ok(set()), **dict.fromkeys(RAPPORTAGE, 400)}),
    }
)
WRITE_MATRIX.update(
    {
        "api:kengetallen": ("post", lambda c: {}, ok(set(), denied_status=405)),
        "api:kengetallen-lijst": ("post", lambda c: {}, ok(set(), denied_status=405)),
    }
)
# Out of reach: 404 for whoever sees figures elsewhere, 403 for who sees none (nothing to hide).
BUITEN_BEREIK_API = ok(RAPPORTAGE - {"directeur_a", "beheerder_other"}, hidden={"directeur_a", "beheerder_other"})


@pytest.mark.parametrize(
    ("route", "url_for", "expected"),
    [
        ("api:kengetallen", _rapportage("api:kengetallen", school=lambda c: c.school_b.pk), BUITEN_BEREIK_API),
        # The board for the director: narrowed to their own school (tests/api/test_rapportage_api.py).
        (
            "api:kengetallen",
            _rapportage("api:kengetallen", schoolbestuur=lambda c: c.bestuur.pk),
            ok(RAPPORTAGE - {"beheerder_other"}, hidden={"beheerder_other"}),
        ),
        # A partnership named by someone outside it does not exist, whoever they are.
        (
            "api:kengetallen",
            _rapportage("api:kengetallen", samenwerkingsverband=lambda c: c.swv_other.pk),
            ok({"beheerder_other"}, denied_status=404),
        ),
        ("api:kengetallen-lijst", _rapportage("api:kengetallen-lijst", bron="thuiszitter"), ok(RAPPORTAGE)),
        (
            "api:kengetallen-lijst",
            _rapportage("api:kengetallen-lijst", bron="thuiszitter", school=lambda c: c.school_b.pk),
            BUITEN_BEREIK_API,
        ),
    ],
    ids=["api-school-b", "api-board", "api-other-swv", "api-list", "api-list-school-b"],
)
def test_rapportage_api_other_scopes(route, url_for, expected, cast, client):
    _check_get(route, url_for(cast), expected, cast, client)


# --- The annual report as a background export (rapportage.export_views) --------------------------
# Asking for one: whoever may see key figures (an empty form is a 400 for them); the rest is refused.
# An export is seen and downloaded only by the person who asked for it (the beheerder here): for
# everyone else it does not exist (404, audited). tests/rapportage/test_rapportexport.py has the rest.
def _export(c):
    """The beheerder's annual report of the last finished school year as a workbook, made."""
    from django.utils import timezone

    from passend.rapportage import services
    from passend.rapportage.filters import schooljaar_van
    from passend.rapportage.models import Rapportexport

    export = Rapportexport.objects.filter(aangevraagd_door=c.beheerder).first()
    if export is None:
        jaar = schooljaar_van(timezone.localdate()) - 1
        export = services.rapportexport_aanvragen(
            actor=c.beheerder, samenwerkingsverband=c.swv, schooljaar=jaar, soort="xlsx"
        )
        services.rapportexport_uitvoeren(export.pk)
    return {"pk": export.pk}


MATRIX.update(
    {
        "rapportage:jaarverslag": (lambda c: {}, ok(RAPPORTAGE)),
        "rapportage:exports": (lambda c: {}, ok(RAPPORTAGE)),
        "rapportage:export": (_export, ok({"beheerder"}, denied_status=404)),
        "rapportage:export_download": (_export, ok({"beheerder"}, denied_status=404)),
    }
)
WRITE_MATRIX.update({"rapportage:jaarverslag": ("post", lambda c: {}, ok(RAPPORTAGE))})
