"""Group complaints (共同投诉): the group as it is read: several consumers, one dispute, one business.

《市场监督管理投诉举报处理办法》Art. 12 (from 2026-04-15; 暂行办法 Art. 11 before): two or more
complainants with the same kind of dispute against the same business may complain together; they
may choose up to two representatives (代表人) in writing, and what a representative does binds
those represented (changing or giving up a request, or settling, needs their consent).

A group case is a case of its own — its own register entry, so its filing, events, clocks,
routing and filings go through the same machinery as any case — plus a row in ``case_groups``.
Its members are other cases, linked in ``group_members``; they keep their own register entries,
and the group reads their facts, orders, amounts and evidence live (nothing is copied), so a
member's change shows in the group at once. Members are lettered 甲, 乙, 丙 … in joining order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from ..cases import OPEN_STATUSES, Case, CaseFields
from ..errors import NotFound
from ..store import Store
from ..store import schema as t

if TYPE_CHECKING:
    from ..rules.citations import Citation

#: At most this many representatives (办法 Art. 12 ¶2: "推选二名代表人").
MAX_REPRESENTATIVES = 2
#: At least this many complainants make a group (Art. 12 ¶1: "二人以上").
MIN_MEMBERS = 2
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def letter(n: int) -> str:
    """The member's letter by joining order: 0 → 甲, 9 → 癸, then 甲2, 乙2 …"""
    stem = _STEMS[n % len(_STEMS)]
    return stem if n < len(_STEMS) else f"{stem}{n // len(_STEMS) + 1}"


@dataclass
class Member:
    """A member case as the group sees it, read live from the register."""

    letter: str
    case: Case
    seq: int
    joined_at: str
    is_representative: bool = False
    left_at: str | None = None

    @property
    def case_id(self) -> str:
        return self.case.id

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {
            "letter": self.letter,
            "case_id": c.id,
            "title": c.title,
            "status": c.status.value,
            "complainant_name": c.complainant_name,
            "order_numbers": list(c.order_numbers),
            "purchase_date": c.purchase_date.isoformat() if c.purchase_date else None,
            "amount_paid": None if c.amount_paid is None else f"{c.amount_paid:.2f}",
            "request": c.request,
            "is_representative": self.is_representative,
            "joined_at": self.joined_at,
            "left_at": self.left_at,
        }


@dataclass
class Group:
    """A group case: its own case row and its members (current ones lettered, in order)."""

    case: Case
    merchant: str
    created_at: str
    members: list[Member] = field(default_factory=list)
    former: list[Member] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def is_open(self) -> bool:
        return self.case.status in OPEN_STATUSES

    @property
    def representatives(self) -> list[Member]:
        return [m for m in self.members if m.is_representative]

    def member(self, case_id: str) -> Member:
        for m in self.members:
            if m.case_id == case_id:
                return m
        raise NotFound(
            f"案件 {case_id} 不是共同投诉 {self.id} 的成员",
            f"case {case_id} is not a member of group {self.id}",
            where="group",
        )

    def _first(self, name: str) -> str:
        return next((str(getattr(m.case, name)) for m in self.members if getattr(m.case, name)), "")

    @property
    def respondent(self) -> CaseFields:
        """Who the complaint is against, as the members recorded it (the first member that
        names each field): respondent, shop, address, credit code, platform."""
        names = (
            "respondent_name",
            "shop_name",
            "respondent_address",
            "respondent_credit_code",
            "platform",
        )
        return CaseFields.build(
            title=self.case.title,
            category=self.case.category,
            **{n: self._first(n) for n in names},
        )

    @property
    def total_paid(self) -> Decimal | None:
        """What the members state they paid, together (exact, in yuan)."""
        amounts = [m.case.amount_paid for m in self.members if m.case.amount_paid is not None]
        return sum(amounts, Decimal("0.00")) if amounts else None

    @property
    def purchase_span(self) -> tuple[date, date] | None:
        days = [m.case.purchase_date for m in self.members if m.case.purchase_date]
        return (min(days), max(days)) if days else None

    def as_case(self) -> Case:
        """The group's own case with the respondent the members name, for the engines that read
        a case (routing, deadlines): the group's filing starts the same clocks as a case's."""
        r = self.respondent
        return self.case.model_copy(
            update={
                "respondent_name": r.respondent_name,
                "shop_name": r.shop_name,
                "respondent_address": r.respondent_address,
                "respondent_credit_code": r.respondent_credit_code,
                "platform": self.case.platform or r.platform,
                "amount_paid": self.total_paid,
                "order_numbers": [o for m in self.members for o in m.case.order_numbers],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        r = self.respondent
        return {
            "id": self.id,
            "title": self.case.title,
            "status": self.case.status.value,
            "status_zh": self.case.status.zh,
            "merchant": self.merchant,
            "respondent_name": r.respondent_name,
            "shop_name": r.shop_name,
            "platform": r.platform,
            "request": self.case.request,
            "facts": self.case.facts,
            "total_paid": None if self.total_paid is None else f"{self.total_paid:.2f}",
            "members": [m.to_dict() for m in self.members],
            "representatives": [m.case_id for m in self.representatives],
            "former_members": [m.to_dict() for m in self.former],
        }


# -- reading -------------------------------------------------------------------------------------


def is_group(store: Store, case_id: str) -> bool:
    with store.read() as conn:
        row = conn.execute(
            select(t.case_groups.c.case_id).where(t.case_groups.c.case_id == case_id)
        ).first()
    return row is not None


def get_group(store: Store, group_id: str) -> Group:
    """The group with its members read live (a member's change shows here at once)."""
    with store.read() as conn:
        row = conn.execute(select(t.case_groups).where(t.case_groups.c.case_id == group_id)).first()
        if row is None:
            store.get_case(group_id)  # NotFound for an unknown id, with its own message
            raise NotFound(
                f"案件 {group_id} 不是共同投诉",
                f"case {group_id} is not a group case",
                where="group",
            )
        links = conn.execute(
            select(t.group_members)
            .where(t.group_members.c.group_id == group_id)
            .order_by(t.group_members.c.seq)
        ).all()
    group = Group(store.get_case(group_id), row.merchant, row.created_at)
    for link in links:
        case = store.get_case(link.case_id)
        if link.left_at is None:
            n = len(group.members)
            group.members.append(
                Member(letter(n), case, link.seq, link.joined_at, bool(link.is_representative))
            )
        else:
            group.former.append(Member("", case, link.seq, link.joined_at, False, link.left_at))
    return group


@dataclass(frozen=True)
class Membership:
    """A case's place in a group: which group, its letter, whether it represents the others."""

    group_id: str
    group_title: str
    letter: str
    is_representative: bool

    def line(self, lang: str = "zh") -> str:
        from ..vocabulary import GroupRole

        role = GroupRole.REPRESENTATIVE if self.is_representative else GroupRole.MEMBER
        if lang == "en":
            return f"in group complaint {self.group_id} ({self.group_title}) as {role.en}"
        return f"共同投诉 {self.group_id}（{self.group_title}）{role.zh}{self.letter}"


def membership(store: Store, case_id: str) -> Membership | None:
    """The open group a case is a member of now, or None (a case is in one open group at most)."""
    with store.read() as conn:
        gid = _open_group_of(conn, case_id)
    if gid is None:
        return None
    group = get_group(store, gid)
    m = group.member(case_id)
    return Membership(gid, group.case.title, m.letter, m.is_representative)


def _open_group_of(conn: Connection, case_id: str, *, besides: str | None = None) -> str | None:
    q = (
        select(t.group_members.c.group_id, t.cases.c.status)
        .join(t.cases, t.cases.c.id == t.group_members.c.group_id)
        .where(t.group_members.c.case_id == case_id, t.group_members.c.left_at.is_(None))
    )
    for gid, status in conn.execute(q).all():
        if gid != besides and status in {s.value for s in OPEN_STATUSES}:
            return str(gid)
    return None


def list_groups(store: Store) -> list[Group]:
    with store.read() as conn:
        ids = conn.execute(select(t.case_groups.c.case_id).order_by(t.case_groups.c.case_id))
        group_ids = [str(r[0]) for r in ids]
    return [get_group(store, g) for g in group_ids]


def candidates(store: Store, merchant: str) -> list[tuple[str, str]]:
    """The open cases against ``merchant`` (the portfolio's merchant key, as the "repeat" view
    lists it) that could make a group: (id, title), not group cases, not in an open group."""
    s = t.case_summary
    with store.read() as conn:
        rows = conn.execute(
            select(s.c.case_id, s.c.title)
            .where(s.c.merchant == merchant, s.c.is_open.is_(True))
            .order_by(s.c.case_id)
        ).all()
        groups = {r[0] for r in conn.execute(select(t.case_groups.c.case_id))}
        return [
            (str(case_id), str(title))
            for case_id, title in rows
            if case_id not in groups and _open_group_of(conn, case_id) is None
        ]


def _art(store: Store, lang: str) -> str:
    """办法第12条 / 暂行办法第11条: the group article of the complaint measures in force today."""
    from ..rules.routing import measures_article

    return measures_article("group", store.clock().date(), lang)


def basis(day: date) -> Citation:
    """The group article of the complaint measures in force on ``day`` (laws.json), dated."""
    from ..rules.citations import Citation, in_force, law_texts

    key = in_force("complaint_measures", day)
    return Citation.from_data({"law": key, "article": law_texts()[key].articles["group"]})
