"""The ledger: the only code that writes Boeking rows and moves a post's balance.

Entries for several posts are booked together or not at all. Every post involved is locked (in
id order, so two bookings never wait on each other crosswise), its new balance worked out, and if
any would fall below zero nothing is written and `Tekort` says which post and by how much. The
database's CHECK on `Post.beschikbaar` is the backstop. Callers run inside a transaction (the
services are atomic).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from passend.financien.geld import NUL, bedrag_tekst, euro
from passend.financien.models import Boeking, Post

# How an entry of each kind moves what a post has left.
RICHTING = {Boeking.Soort.BUDGET: 1, Boeking.Soort.VERPLICHTING: -1, Boeking.Soort.REALISATIE: -1}


@dataclass
class Regel:
    post: Post
    soort: str
    bedrag: Decimal
    omschrijving: str
    datum: date
    reden: str = ""
    koppelingen: dict = field(default_factory=dict)  # arrangement, aanbieder, inzet


class Tekort(ValidationError):
    """A booking would take `post` below zero, by `tekort`."""

    def __init__(self, post: Post, tekort: Decimal, beschikbaar: Decimal):
        self.post, self.tekort, self.beschikbaar = post, tekort, beschikbaar
        super().__init__(
            f"Het budget ‘{post}’ is niet toereikend: er is nog {bedrag_tekst(beschikbaar)} beschikbaar, "
            f"{bedrag_tekst(beschikbaar + tekort)} is nodig. Er is niets geboekt."
        )


def boek(regels: list[Regel], *, actor=None, rol: str = "") -> list[Boeking]:
    """Book `regels` together: all of them, or (a post would go below zero) none."""
    regels = [r for r in regels if euro(r.bedrag) != NUL]
    if not regels:
        return []
    ids = sorted({r.post.pk for r in regels})
    posten = {
        p.pk: p for p in Post.objects.select_for_update().select_related("begroting").filter(pk__in=ids).order_by("pk")
    }
    nieuw = {pk: posten[pk].beschikbaar for pk in ids}
    for regel in regels:
        nieuw[regel.post.pk] += RICHTING[regel.soort] * euro(regel.bedrag)
    for pk in ids:
        if nieuw[pk] < 0:
            raise Tekort(posten[pk], -nieuw[pk], posten[pk].beschikbaar)
    geboekt = []
    for regel in regels:
        post = posten[regel.post.pk]
        geboekt.append(
            Boeking.objects.create(
                post=post,
                samenwerkingsverband_id=post.begroting.samenwerkingsverband_id,
                jaar=post.begroting.jaar,
                soort=regel.soort,
                bedrag=euro(regel.bedrag),
                datum=regel.datum,
                omschrijving=regel.omschrijving[:300],
                reden=regel.reden,
                geboekt_door=actor,
                geboekt_door_naam=getattr(actor, "naam", "") or "",
                geboekt_als=rol,
                **regel.koppelingen,
            )
        )
    for pk in ids:
        Post.objects.filter(pk=pk).update(beschikbaar=nieuw[pk])
        regel_post = next(r.post for r in regels if r.post.pk == pk)
        regel_post.beschikbaar = nieuw[pk]
    return geboekt
