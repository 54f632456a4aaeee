"""Looking ahead and comparing: a multi-year estimate, and one year under two distribution models
(what the waterbed does to each school: under TOP a school pays its own temporary placements).
Audited as views of the partnership's budget."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from passend.core import audit
from passend.core.authz import explain
from passend.financien.geld import NUL, euro
from passend.financien.kosten import TIJDELIJKE_PLAATSING
from passend.financien.models import Begroting, Boeking, Doel
from passend.financien.services import schoolbudgetten_berekenen

B, V, R = Boeking.Soort.BUDGET, Boeking.Soort.VERPLICHTING, Boeking.Soort.REALISATIE


@dataclass
class Jaar:
    jaar: int
    inkomsten: Decimal
    uitgaven: Decimal
    vastgelegd: Decimal  # already committed in that year (support running into it)
    geraamd: bool  # True: an estimate from the last budget; False: a budget that exists

    @property
    def saldo(self) -> Decimal:
        return self.inkomsten - self.uitgaven


def _toegang(actor, begroting):
    grant = explain(actor, "financien.view", begroting)
    if grant is None:
        audit.log_denied(reason="geen toegang tot de begroting", obj=begroting)
        raise PermissionDenied
    return grant


def meerjarenraming(*, actor, begroting: Begroting, jaren: int = 4, index_pct: Decimal = Decimal("2.5")) -> list[Jaar]:
    """This year and the next `jaren`: budgets that exist as they are; later years estimated from
    this one, income and spending both raised by `index_pct` a year."""
    grant = _toegang(actor, begroting)
    swv = begroting.samenwerkingsverband_id
    bestaand = {
        b.jaar: b
        for b in Begroting.objects.filter(
            samenwerkingsverband_id=swv, jaar__gte=begroting.jaar, jaar__lte=begroting.jaar + jaren
        )
    }
    inkomsten = dict(
        Begroting.objects.filter(pk__in=[b.pk for b in bestaand.values()])
        .annotate(s=Sum("inkomsten__bedrag"))
        .values_list("jaar", "s")
    )
    sommen: dict[tuple[int, str], Decimal] = {}
    for jaar, soort, som in (
        Boeking.objects.filter(samenwerkingsverband_id=swv, jaar__gte=begroting.jaar, jaar__lte=begroting.jaar + jaren)
        .exclude(post__doel=Doel.BUFFER)
        .values("jaar", "soort")
        .annotate(s=Sum("bedrag"))
        .values_list("jaar", "soort", "s")
    ):
        sommen[(jaar, soort)] = euro(som or NUL)
    basis_in = euro(inkomsten.get(begroting.jaar) or NUL)
    basis_uit = sommen.get((begroting.jaar, B), NUL)
    uit = []
    for k in range(jaren + 1):
        jaar = begroting.jaar + k
        vastgelegd = sommen.get((jaar, V), NUL) + sommen.get((jaar, R), NUL)
        if jaar in bestaand:
            uit.append(Jaar(jaar, euro(inkomsten.get(jaar) or NUL), sommen.get((jaar, B), NUL), vastgelegd, False))
        else:
            factor = (1 + index_pct / 100) ** k
            uit.append(Jaar(jaar, euro(basis_in * factor), euro(basis_uit * factor), vastgelegd, True))
    audit.log(audit.Action.VIEW, obj=begroting, grant=grant, object_label=f"Meerjarenraming vanaf {begroting.jaar}")
    return uit


@dataclass
class Schoolvergelijking:
    school: object
    a: Decimal  # allocation under the budget's own model
    b: Decimal  # allocation under the other model
    plaatsingen: Decimal  # this year's cost of temporary placements from this school

    def netto(self, bedrag: Decimal, school_betaalt: bool) -> Decimal:
        return bedrag - (self.plaatsingen if school_betaalt else NUL)


def vergelijken(*, actor, begroting: Begroting, ander_model) -> list[Schoolvergelijking]:
    """Each school's allocation in this year under the budget's model and under `ander_model`,
    with the placements it sends (which it pays itself where a model says so)."""
    grant = _toegang(actor, begroting)
    if ander_model.samenwerkingsverband_id != begroting.samenwerkingsverband_id:
        audit.log_denied(reason="verdeelmodel van een ander samenwerkingsverband", obj=ander_model)
        raise PermissionDenied
    swv = begroting.samenwerkingsverband_id
    a = schoolbudgetten_berekenen(begroting.verdeelmodel, swv, begroting.peildatum)
    b = schoolbudgetten_berekenen(ander_model, swv, begroting.peildatum)
    plaatsingen = dict(
        Boeking.objects.filter(
            jaar=begroting.jaar, samenwerkingsverband_id=swv, soort__in=[V, R], arrangement__soort=TIJDELIJKE_PLAATSING
        )
        .values("arrangement__school_id")
        .annotate(s=Sum("bedrag"))
        .values_list("arrangement__school_id", "s")
    )
    scholen = sorted(set(a) | set(b), key=lambda s: s.naam)
    audit.log(
        audit.Action.VIEW,
        obj=begroting,
        grant=grant,
        object_label=f"Begroting {begroting.jaar} vergeleken met {ander_model.naam}",
    )
    return [
        Schoolvergelijking(
            school=s,
            a=a.get(s, (0, NUL))[1],
            b=b.get(s, (0, NUL))[1],
            plaatsingen=euro(plaatsingen.get(s.pk) or NUL),
        )
        for s in scholen
    ]


def grootboek(*, actor, begroting: Begroting) -> list:
    """Every entry of a year's budget, for the export; audited as an export of the ledger."""
    grant = _toegang(actor, begroting)
    boekingen = list(
        Boeking.objects.filter(post__begroting=begroting)
        .select_related("post", "post__school", "post__begroting")
        .order_by("datum", "id")
    )
    audit.log(
        audit.Action.EXPORT,
        obj=begroting,
        grant=grant,
        object_type="financien.boeking",
        object_label=f"Grootboek {begroting.jaar}",
        detail={"boekingen": len(boekingen)},
    )
    return boekingen


@dataclass
class Netwerkregel:
    soort: str
    label: str
    plaatsen: int
    tarief: Decimal | None

    @property
    def kosten(self) -> Decimal | None:
        return None if self.tarief is None else euro(self.plaatsen * self.tarief)


def netwerkkosten(begroting: Begroting) -> list[Netwerkregel]:
    """What the covering network's places cost in the budget's year: places × the year's tariff per
    kind of place (sbo, so at the rate of category 1, each kind of provision). Four queries."""
    from passend.financien.models import Tarief
    from passend.organisaties.models import School, Voorziening

    swv = begroting.samenwerkingsverband_id
    tarieven = dict(
        Tarief.objects.filter(samenwerkingsverband_id=swv, jaar=begroting.jaar, soort=Tarief.Soort.PLAATS).values_list(
            "sleutel", "bedrag"
        )
    )
    plaatsen = dict(
        School.objects.filter(samenwerkingsverband_id=swv, soort__in=["sbo", "so"])
        .values("soort")
        .annotate(s=Sum("capaciteit"))
        .values_list("soort", "s")
    )
    voorzieningen = dict(
        Voorziening.objects.filter(samenwerkingsverband_id=swv)
        .values("soort")
        .annotate(s=Sum("capaciteit"))
        .values_list("soort", "s")
    )
    regels = [
        Netwerkregel("sbo", "Sbo", plaatsen.get("sbo") or 0, tarieven.get("sbo")),
        Netwerkregel(
            "so_laag", "So (tegen het tarief van categorie 1)", plaatsen.get("so") or 0, tarieven.get("so_laag")
        ),
    ]
    for soort, label in Voorziening.Soort.choices:
        regels.append(Netwerkregel(soort, label, voorzieningen.get(soort) or 0, tarieven.get(soort)))
    return [r for r in regels if r.plaatsen]
