"""Reads of the money, scoped by role and audited; every figure comes from the ledger.

The dashboard, a board's and a school's page each read the ledger with one grouped query (sums
per post and kind of entry), so their cost does not grow with the number of entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from passend.core import audit
from passend.core.authz import can, explain
from passend.financien.geld import NUL, euro
from passend.financien.models import Begroting, Boeking, Doel, Post
from passend.organisaties.policies import swv_ids_with

B, V, R = Boeking.Soort.BUDGET, Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


@dataclass
class Stand:
    """A post's figures: budgeted, committed (still open), spent, and what is left."""

    post: Post
    budget: Decimal = NUL
    verplicht: Decimal = NUL
    gerealiseerd: Decimal = NUL

    @property
    def beschikbaar(self) -> Decimal:
        return self.budget - self.verplicht - self.gerealiseerd

    @property
    def besteed_pct(self) -> int:
        return int((self.verplicht + self.gerealiseerd) * 100 / self.budget) if self.budget else 0


def _standen(posten) -> list[Stand]:
    """The figures of `posten`, from one grouped query over their entries."""
    posten = list(posten)
    sommen: dict[tuple[int, str], Decimal] = {}
    for post_id, soort, som in (
        Boeking.objects.filter(post__in=posten)
        .values("post_id", "soort")
        .annotate(s=Sum("bedrag"))
        .values_list("post_id", "soort", "s")
    ):
        sommen[(post_id, soort)] = euro(som or NUL)
    return [
        Stand(p, sommen.get((p.pk, B), NUL), sommen.get((p.pk, V), NUL), sommen.get((p.pk, R), NUL)) for p in posten
    ]


def _totaal(standen, **extra) -> Stand:
    t = Stand(post=None, **extra)
    for s in standen:
        t.budget += s.budget
        t.verplicht += s.verplicht
        t.gerealiseerd += s.gerealiseerd
    return t


# --- Which budgets the actor reaches ------------------------------------------------------------


def begrotingen_van(*, actor):
    """The budgets of the partnerships whose money the actor manages (management, beheerder)."""
    from passend.financien.policies import FINANCIEN_BEHEER

    return Begroting.objects.filter(samenwerkingsverband_id__in=swv_ids_with(actor, FINANCIEN_BEHEER)).select_related(
        "samenwerkingsverband", "verdeelmodel"
    )


def begroting_get(*, actor, samenwerkingsverband_id=None, jaar: int, permission: str = "financien.view") -> Begroting:
    """One year's budget of a partnership the actor manages; 404 (audited) otherwise."""
    qs = begrotingen_van(actor=actor).filter(jaar=jaar)
    if samenwerkingsverband_id is not None:
        qs = qs.filter(samenwerkingsverband_id=samenwerkingsverband_id)
    begroting = qs.first()
    if begroting is None or not can(actor, permission, begroting):
        audit.log_denied(
            reason="niet gevonden of geen toegang", object_type="financien.begroting", detail={"jaar": jaar}
        )
        raise Http404
    return begroting


# --- The partnership's dashboard --------------------------------------------------------------


@dataclass
class Dashboard:
    begroting: Begroting
    centraal: list[Stand]
    scholen: list[Stand]
    scholen_totaal: Stand
    totaal: Stand
    inkomsten: list
    inkomsten_totaal: Decimal
    prognose: dict
    peildatum: date = field(default_factory=timezone.localdate)


def dashboard(*, actor, begroting: Begroting) -> Dashboard:
    grant = explain(actor, "financien.view", begroting)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de begroting", obj=begroting)
        raise PermissionDenied
    posten = list(Post.objects.filter(begroting=begroting).select_related("school", "school__schoolbestuur"))
    standen = _standen(posten)
    centraal = sorted(
        [s for s in standen if s.post.school_id is None], key=lambda s: list(Doel.values).index(s.post.doel)
    )
    scholen = sorted([s for s in standen if s.post.school_id], key=lambda s: s.post.school.naam)
    inkomsten = list(begroting.inkomsten.all())
    audit.log(audit.Action.VIEW, obj=begroting, grant=grant, object_label=f"Begroting {begroting.jaar}")
    return Dashboard(
        begroting=begroting,
        centraal=centraal,
        scholen=scholen,
        scholen_totaal=_totaal(scholen),
        totaal=_totaal(standen),
        inkomsten=inkomsten,
        inkomsten_totaal=sum((i.bedrag for i in inkomsten), NUL),
        prognose=prognose(begroting, standen),
    )


def prognose(begroting: Begroting, standen: list[Stand], vandaag: date | None = None) -> dict:
    """Expected spend to the end of the year: what is spent and still committed, plus new grants
    at the rate of this year so far (commitments per day of arrangements granted since 1 January;
    what an earlier grant carries into the year is not new) for the days left."""
    vandaag = vandaag or timezone.localdate()
    begin, eind = date(begroting.jaar, 1, 1), date(begroting.jaar, 12, 31)
    verstreken = max(0, min((vandaag - begin).days + 1, (eind - begin).days + 1))
    resterend = max(0, (eind - max(vandaag, begin - date.resolution)).days) if vandaag <= eind else 0
    nieuw = euro(
        Boeking.objects.filter(
            post__begroting=begroting, soort=V, bedrag__gt=0, arrangement__besluit__datum__gte=begin
        ).aggregate(s=Sum("bedrag"))["s"]
        or NUL
    )
    tempo = nieuw / verstreken if verstreken else NUL
    budget = sum((s.budget for s in standen if s.post.doel != Doel.BUFFER), NUL)
    vast = sum((s.verplicht + s.gerealiseerd for s in standen), NUL)
    verwacht = euro(vast + tempo * resterend)
    return {
        "vast": euro(vast),
        "tempo_per_maand": euro(tempo * Decimal("30.44")),
        "verwacht": verwacht,
        "budget": euro(budget),
        "verschil": euro(budget - verwacht),
        "resterend_dagen": resterend,
    }


# --- A school's and a board's budget ---------------------------------------------------------


@dataclass
class Schoolbudget:
    stand: Stand
    boekingen: list
    per_arrangement: list  # [(arrangement, committed, spent)]


def schoolbudget(*, actor, begroting: Begroting, school) -> Schoolbudget:
    """One school's support budget and what was charged to it, for its director, its board and the
    partnership; anyone else gets a 404 (audited)."""
    post = (
        Post.objects.filter(begroting=begroting, doel=Doel.SCHOOLBUDGET, school=school)
        .select_related("school", "begroting")
        .first()
    )
    grant = explain(actor, "financien.view_school", post) if post else None
    if grant is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="financien.post",
            detail={"school": school.pk, "jaar": begroting.jaar},
        )
        raise Http404
    (stand,) = _standen([post])
    boekingen = list(Boeking.objects.filter(post=post).select_related("arrangement").order_by("-datum", "-id")[:100])
    per_arrangement = [
        (arrangement_id, euro(verplicht or NUL), euro(besteed or NUL))
        for arrangement_id, verplicht, besteed in Boeking.objects.filter(post=post, arrangement__isnull=False)
        .values("arrangement_id")
        .annotate(
            verplicht=Sum("bedrag", filter=_soort(V)),
            besteed=Sum("bedrag", filter=_soort(R)),
        )
        .values_list("arrangement_id", "verplicht", "besteed")
    ]
    from passend.arrangementen.models import Arrangement

    arrangementen = Arrangement.objects.in_bulk([a for a, _, _ in per_arrangement])
    audit.log(
        audit.Action.VIEW,
        obj=post,
        grant=grant,
        object_label=f"Schoolbudget {school} {begroting.jaar}",
        samenwerkingsverband_id=begroting.samenwerkingsverband_id,
    )
    return Schoolbudget(
        stand=stand,
        boekingen=boekingen,
        per_arrangement=[(arrangementen[a], v, r) for a, v, r in per_arrangement if a in arrangementen],
    )


def _soort(soort: str):
    from django.db.models import Q

    return Q(soort=soort)


def scholen_met_budget(*, actor) -> list:
    """The schools whose budget the actor may see as director or board (not as the partnership:
    that is the dashboard), with the years that have a budget."""
    from passend.accounts.roles import Rol
    from passend.organisaties.models import School

    leden = actor.actieve_lidmaatschappen
    scholen = School.objects.filter(
        pk__in=[lid.school_id for lid in leden if lid.rol == Rol.DIRECTEUR]
    ) | School.objects.filter(schoolbestuur_id__in=[lid.schoolbestuur_id for lid in leden if lid.rol == Rol.RVZ])
    return list(scholen.select_related("schoolbestuur").order_by("naam"))


def jaren_van(samenwerkingsverband_id: int) -> list[int]:
    return list(
        Begroting.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id)
        .order_by("-jaar")
        .values_list("jaar", flat=True)
    )


def bestuur_budgetten(*, actor, begroting: Begroting, bestuur) -> tuple[list[Stand], Stand]:
    """A board's schools' budgets, for the board and the partnership (404 for anyone else: a
    director sees their own school's budget, not the board's other schools)."""
    grant = explain(actor, "financien.view_bestuur", bestuur)
    posten = (
        list(
            Post.objects.filter(
                begroting=begroting, doel=Doel.SCHOOLBUDGET, school__schoolbestuur=bestuur
            ).select_related("school")
        )
        if grant is not None and bestuur.samenwerkingsverband_id == begroting.samenwerkingsverband_id
        else []
    )
    if not posten:
        audit.log_denied(
            reason="niet gevonden of geen toegang",
            object_type="organisaties.schoolbestuur",
            detail={"bestuur": bestuur.pk},
        )
        raise Http404
    standen = sorted(_standen(posten), key=lambda s: s.post.school.naam)
    audit.log(
        audit.Action.VIEW,
        obj=bestuur,
        grant=grant,
        object_label=f"Schoolbudgetten {bestuur} {begroting.jaar}",
    )
    return standen, _totaal(standen)


def begroting_voor_school_of_bestuur(*, actor, samenwerkingsverband_id: int, jaar: int) -> Begroting:
    """The year's budget a school or board page is about; who may see that school is checked on
    its own line (schoolbudget, bestuur_budgetten). No budget: 404, audited."""
    begroting = Begroting.objects.filter(samenwerkingsverband_id=samenwerkingsverband_id, jaar=jaar).first()
    if begroting is None:
        audit.log_denied(
            reason="niet gevonden of geen toegang", object_type="financien.begroting", detail={"jaar": jaar}
        )
        raise Http404
    return begroting


@dataclass
class Postdetail:
    stand: Stand
    boekingen: list


def post_detail(*, actor, post: Post) -> Postdetail:
    """A central line's figures and its newest 200 entries (audited)."""
    grant = explain(actor, "financien.view", post.begroting)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de begroting", obj=post)
        raise PermissionDenied
    (stand,) = _standen([post])
    boekingen = list(
        Boeking.objects.filter(post=post)
        .select_related("arrangement", "arrangement__school")
        .order_by("-geboekt_op", "-id")[:200]
    )
    audit.log(audit.Action.VIEW, obj=post, grant=grant, object_label=str(post))
    return Postdetail(stand=stand, boekingen=boekingen)


# --- For the API: a budget by id, its school budgets, one line's ledger ----------------------------


def _niet_gevonden(object_type: str, pk) -> None:
    audit.log_denied(
        reason="niet gevonden of geen toegang", object_type=object_type, detail={"gevraagd_id": str(pk)[:64]}
    )
    raise Http404


def begroting_op_id(*, actor, pk) -> Begroting:
    """A budget of a partnership whose money the actor manages; 404 (audited) otherwise."""
    begroting = begrotingen_van(actor=actor).filter(pk=pk).first() if str(pk).isdigit() else None
    if begroting is None or not can(actor, "financien.view", begroting):
        _niet_gevonden("financien.begroting", pk)
    return begroting


def _eigen_scholen(actor) -> tuple[list[int], list[int]]:
    """(schools the actor directs, boards whose RVZ the actor is)."""
    from passend.accounts.roles import Rol

    leden = actor.actieve_lidmaatschappen
    return (
        [lid.school_id for lid in leden if lid.rol == Rol.DIRECTEUR and lid.school_id],
        [lid.schoolbestuur_id for lid in leden if lid.rol == Rol.RVZ and lid.schoolbestuur_id],
    )


def schoolbudgetten(*, actor, pk) -> tuple[Begroting, list[Stand]]:
    """The school budgets of a year's budget, by school name: all of them for the partnership's
    management and beheerder; a board's or a director's own schools for them. A budget with none
    of the actor's schools is a 404 (audited), like one that does not exist."""
    from django.db.models import Q

    begroting = (
        Begroting.objects.filter(pk=pk).select_related("samenwerkingsverband", "verdeelmodel").first()
        if str(pk).isdigit()
        else None
    )
    if begroting is None:
        _niet_gevonden("financien.begroting", pk)
    posten = Post.objects.filter(begroting=begroting, doel=Doel.SCHOOLBUDGET).select_related(
        "school", "school__schoolbestuur", "begroting"
    )
    grant = explain(actor, "financien.view", begroting)
    if grant is None:
        scholen, besturen = _eigen_scholen(actor)
        posten = posten.filter(Q(school_id__in=scholen) | Q(school__schoolbestuur_id__in=besturen))
    posten = [p for p in posten if grant is not None or can(actor, "financien.view_school", p)]
    if not posten:
        _niet_gevonden("financien.begroting", pk)
    grant = grant or explain(actor, "financien.view_school", posten[0])
    standen = sorted(_standen(posten), key=lambda s: s.post.school.naam)
    audit.log(
        audit.Action.VIEW,
        obj=begroting,
        grant=grant,
        object_label=f"Schoolbudgetten {begroting.jaar}",
        detail={"scholen": [s.post.school_id for s in standen]},
    )
    return begroting, standen


def post_get(*, actor, pk) -> Post:
    """A budget line: a central one for the partnership's management and beheerder, a school's
    for whoever may see that school's budget; 404 (audited) otherwise."""
    post = Post.objects.filter(pk=pk).select_related("begroting", "school").first() if str(pk).isdigit() else None
    if post is None:
        _niet_gevonden("financien.post", pk)
    permission, obj = ("financien.view_school", post) if post.school_id else ("financien.view", post.begroting)
    if not can(actor, permission, obj):
        _niet_gevonden("financien.post", pk)
    return post


def boekingen_van(*, actor, post: Post):
    """One line's ledger, newest first (a queryset to page through), audited as a view of the line."""
    permission, obj = ("financien.view_school", post) if post.school_id else ("financien.view", post.begroting)
    grant = explain(actor, permission, obj)
    if grant is None:
        _niet_gevonden("financien.post", post.pk)
    audit.log(
        audit.Action.VIEW,
        obj=post,
        grant=grant,
        object_label=f"Boekingen {post}",
        samenwerkingsverband_id=post.begroting.samenwerkingsverband_id,
    )
    return Boeking.objects.filter(post=post).order_by("-geboekt_op", "-id")
