"""Changing a group complaint (共同投诉): making it, members joining and leaving, choosing the
representatives — each checked against 办法 Art. 12 and written in one transaction with its
audit rows (in the group's log and in each member's)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, insert, select, update

from ..cases import Case, CaseFields, Category
from ..errors import InvalidInput
from ..store import Store
from ..store import schema as t
from ..store.clocks import merchant_key
from .model import MAX_REPRESENTATIVES, MIN_MEMBERS, Group, _art, _open_group_of, get_group

_SPACE = re.compile(r"[\s\u3000]+")


# -- checks --------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def same_merchant(a: Case, b: Case) -> bool:
    """The same business: the portfolio's merchant key, or the same respondent, or the same shop
    (one case may name the legal name, another only the shop)."""
    if merchant_key(a.respondent_name, a.shop_name) == merchant_key(b.respondent_name, b.shop_name):
        return bool(merchant_key(a.respondent_name, a.shop_name))
    for name in ("respondent_name", "shop_name"):
        x, y = _norm(getattr(a, name)), _norm(getattr(b, name))
        if x and x == y:
            return True
    return False


def _check_member(store: Store, conn: Connection, case: Case, lead: Case, group_id: str) -> None:
    if conn.execute(
        select(t.case_groups.c.case_id).where(t.case_groups.c.case_id == case.id)
    ).first():
        raise InvalidInput(
            f"案件 {case.id} 本身是共同投诉，不能作为成员",
            f"case {case.id} is itself a group case and cannot be a member",
            where=case.id,
        )
    if not merchant_key(case.respondent_name, case.shop_name):
        raise InvalidInput(
            f"案件 {case.id} 未填写被投诉人或店铺，无法确认是同一经营者",
            f"case {case.id} names no respondent or shop, so the same business cannot be checked",
            where=case.id,
        )
    if not same_merchant(case, lead):
        theirs = case.respondent_name or case.shop_name
        ours = lead.respondent_name or lead.shop_name
        raise InvalidInput(
            f"案件 {case.id} 的被投诉人「{theirs}」与案件 {lead.id} 的「{ours}」不同；"
            f"共同投诉须针对同一经营者（{_art(store, 'zh')}）",
            f"case {case.id} is against {theirs!r}, case {lead.id} against {ours!r}; a group "
            f"complaint must be against one business ({_art(store, 'en')})",
            where=case.id,
        )
    other = _open_group_of(conn, case.id, besides=group_id)
    if other is not None:
        raise InvalidInput(
            f"案件 {case.id} 已是共同投诉 {other} 的成员；请先退出该共同投诉",
            f"case {case.id} is already in the open group {other}; leave it first",
            where=case.id,
        )


def _distinct(ids: list[str]) -> list[str]:
    seen: list[str] = []
    for raw in ids:
        case_id = str(raw).strip()
        if case_id in seen:
            raise InvalidInput(
                f"案件 {case_id} 重复列出", f"case {case_id} is listed twice", where="--from"
            )
        seen.append(case_id)
    return seen


# -- writing -------------------------------------------------------------------------------------


def create_group(
    store: Store,
    member_ids: list[str],
    title: str,
    *,
    request: str = "",
    facts: str = "",
    channel: str = "12315",
) -> Group:
    """Register a group case linked to ``member_ids`` (two or more cases against one business,
    none in another open group) and return it. The members keep their own entries."""
    ids = _distinct(member_ids)
    if len(ids) < MIN_MEMBERS:
        raise InvalidInput(
            f"共同投诉至少需要两名投诉人的案件（{_art(store, 'zh')}）",
            f"a group complaint needs the cases of at least two complainants ({_art(store, 'en')})",
            where="--from",
        )
    cases = [store.get_case(i) for i in ids]
    with store.read() as conn:
        for case in cases:
            _check_member(store, conn, case, cases[0], group_id="")
    fields = CaseFields.build(
        title=title,
        category=_common_category(cases),
        platform=cases[0].platform,
        request=request,
        facts=facts,
        channel=channel,
    )
    gid = store.create_case(fields).id
    try:
        with store.write() as conn:
            _link(store, conn, gid, cases)
    except Exception:
        # The group's case row was written first (it takes the case number); without its members
        # it must not stay behind as an empty case.
        with store.write() as conn:
            conn.execute(t.cases.delete().where(t.cases.c.id == gid))
        raise
    return get_group(store, gid)


def _link(store: Store, conn: Connection, gid: str, cases: list[Case]) -> None:
    """Mark ``gid`` a group and link its members, checking them again inside the write (another
    advocate may have grouped one meanwhile)."""
    lead = cases[0]
    for case in cases:
        _check_member(store, conn, case, lead, group_id=gid)
    now = store.now()
    conn.execute(
        insert(t.case_groups).values(
            case_id=gid,
            merchant=merchant_key(lead.respondent_name, lead.shop_name),
            created_at=now,
            created_by=store.actor,
        )
    )
    for seq, case in enumerate(cases):
        conn.execute(
            insert(t.group_members).values(
                group_id=gid,
                case_id=case.id,
                seq=seq,
                joined_at=now,
                left_at=None,
                is_representative=False,
            )
        )
        store.log(conn, case.id, "group.join", None, {"group": gid})
    store.log(conn, gid, "group.create", None, {"members": [c.id for c in cases]})


def _common_category(cases: list[Case]) -> Category:
    """The members' category when they share one, else the first member's."""
    cats = [c.category for c in cases]
    return max(set(cats), key=lambda c: (cats.count(c), -cats.index(c)))


def add_member(store: Store, group_id: str, case_id: str) -> Group:
    """A further complainant joins (or one who left joins again)."""
    group = _open_group(store, group_id)
    case = store.get_case(case_id)
    lead = group.members[0].case if group.members else case
    with store.write() as conn:
        _check_member(store, conn, case, lead, group_id=group_id)
        key = (t.group_members.c.group_id == group_id) & (t.group_members.c.case_id == case_id)
        seq = max([m.seq for m in group.members + group.former], default=-1) + 1
        done = conn.execute(
            update(t.group_members)
            .where(key)
            .values(left_at=None, seq=seq, joined_at=store.now(), is_representative=False)
        )
        if done.rowcount == 0:
            conn.execute(
                insert(t.group_members).values(
                    group_id=group_id,
                    case_id=case_id,
                    seq=seq,
                    joined_at=store.now(),
                    left_at=None,
                    is_representative=False,
                )
            )
        store.log(conn, case_id, "group.join", None, {"group": group_id})
        store.log(conn, group_id, "group.add", None, {"member": case_id})
        store.touch(conn, group_id)
    return get_group(store, group_id)


def leave_group(store: Store, group_id: str, case_id: str) -> Group:
    """A member leaves the group: its case stays as it was, the group no longer reads it. The
    group must keep two members (to end it, close or withdraw the group case instead)."""
    group = _open_group(store, group_id)
    member = group.member(case_id)
    if len(group.members) <= MIN_MEMBERS:
        raise InvalidInput(
            f"共同投诉 {group_id} 只剩两名成员，不能再退出；如需结束，请撤回或结案该共同投诉",
            f"group {group_id} has only two members left; to end it, withdraw or close the "
            "group case instead",
            where=case_id,
        )
    with store.write() as conn:
        conn.execute(
            update(t.group_members)
            .where(t.group_members.c.group_id == group_id, t.group_members.c.case_id == case_id)
            .values(left_at=store.now(), is_representative=False)
        )
        before = {"group": group_id, "representative": member.is_representative}
        store.log(conn, case_id, "group.leave", before, None)
        store.log(conn, group_id, "group.leave", {"member": case_id}, None)
        store.touch(conn, group_id)
    return get_group(store, group_id)


def set_representatives(store: Store, group_id: str, case_ids: list[str]) -> Group:
    """Choose the representatives (代表人): one or two of the current members."""
    group = _open_group(store, group_id)
    ids = _distinct(case_ids)
    if not ids:
        raise InvalidInput(
            "请指定一至两名代表人", "name one or two representatives", where="representatives"
        )
    if len(ids) > MAX_REPRESENTATIVES:
        raise InvalidInput(
            f"代表人最多两名，指定了 {len(ids)} 名（{_art(store, 'zh')}）",
            f"at most two representatives, {len(ids)} were named ({_art(store, 'en')})",
            where="representatives",
        )
    for case_id in ids:
        group.member(case_id)
    before = [m.case_id for m in group.representatives]
    with store.write() as conn:
        for m in group.members:
            conn.execute(
                update(t.group_members)
                .where(
                    t.group_members.c.group_id == group_id,
                    t.group_members.c.case_id == m.case_id,
                )
                .values(is_representative=m.case_id in ids)
            )
        store.log(conn, group_id, "group.representatives", {"ids": before}, {"ids": ids})
        store.touch(conn, group_id)
    return get_group(store, group_id)


def _open_group(store: Store, group_id: str) -> Group:
    group = get_group(store, group_id)
    if not group.is_open:
        raise InvalidInput(
            f"共同投诉 {group_id} 已{group.case.status.zh}，不能再变更成员",
            f"group {group_id} is {group.case.status.value}; its members cannot change",
            where=group_id,
        )
    return group
