"""The consent ledger (同意记录): what the complainant was told and agreed to, per case.

个人信息保护法 (PIPL) asks, before a consumer's information is processed or handed on:

* the notice (告知, Arts. 14 and 17): which text was shown — its version and hash are stored, the
  text itself ships in ``casework/data/privacy/notice.json``;
* consent to processing (同意, Art. 13 ¶1 (1));
* separate consent for sensitive information (单独同意, Art. 29): bank-card digits, payment
  accounts and histories, needed as soon as the case holds an imported bill;
* separate consent to provide it to each kind of recipient (Art. 23): platform, merchant,
  regulator, association, court, lawyer;
* withdrawal (撤回, Art. 15), which blocks what follows and never rewrites what came before.

The ledger is append-only; a scope's state is its last row. :func:`missing_consent` says what a
submission to one recipient still lacks; the review sheet blocks the export on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, insert, select

from .cases import parse_date
from .errors import InvalidInput, NotFound
from .kinds import parse_label
from .privacy_notice import Notice, notice
from .store.rows import as_record
from .vocabulary import ConsentHow, ConsentScope, ConsentState, RecipientKind

if TYPE_CHECKING:
    from .store import Store

#: The recipient a filing channel's submission goes to (``cases.channel`` → recipient kind).
CHANNEL_RECIPIENT = {
    "platform": RecipientKind.PLATFORM,
    "12315": RecipientKind.REGULATOR,
    "12305": RecipientKind.REGULATOR,
    "association": RecipientKind.ASSOCIATION,
    "court": RecipientKind.COURT,
}


@dataclass(frozen=True)
class Missing:
    """One thing a submission to ``recipient`` still needs (缺少的同意)."""

    scope: str
    recipient: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class ConsentEntry:
    id: int
    scope: str
    recipient: str
    state: str
    on: str
    how: str
    evidence_id: int | None
    notice_version: str
    note: str
    at: str
    actor: str


@dataclass
class Ledger:
    """A case's consent ledger: every entry, and where each scope stands now."""

    case_id: str
    entries: list[ConsentEntry] = field(default_factory=list)

    def state(self, scope: str, recipient: str = "") -> str:
        last = None
        for e in self.entries:
            if e.scope == scope and e.recipient == recipient:
                last = e
        if last is None:
            return ConsentState.NONE.value
        if scope == ConsentScope.NOTICE.value:
            return ConsentState.SHOWN.value  # a notice shown stays shown
        return last.state

    def covers(self, scope: str, recipient: str = "") -> bool:
        return self.state(scope, recipient) in (ConsentState.GIVEN.value, ConsentState.SHOWN.value)

    def summary(self) -> dict[str, Any]:
        """Scope → state, recipient kind → state: what the intake panel and ``show`` print."""
        return {
            "notice": self.state(ConsentScope.NOTICE.value),
            "notice_version": next(
                (e.notice_version for e in reversed(self.entries) if e.scope == "notice"), ""
            ),
            "processing": self.state(ConsentScope.PROCESSING.value),
            "sensitive": self.state(ConsentScope.SENSITIVE.value),
            "recipients": {
                r.value: self.state(ConsentScope.RECIPIENT.value, r.value) for r in RecipientKind
            },
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            **self.summary(),
            "entries": [asdict(e) for e in self.entries],
        }

    def render_text(self, lang: str = "zh") -> str:
        en = lang == "en"
        s = self.summary()

        def word(state: str) -> str:
            return ConsentState(state).pick(lang)

        lines = [f"{'Consent ledger' if en else '同意记录'} — {self.case_id}"]
        version = f" ({s['notice_version']})" if s["notice_version"] else ""
        for scope in ("notice", "processing", "sensitive"):
            lines.append(
                f"  {ConsentScope(scope).pick(lang)}: {word(s[scope])}{version * (scope == 'notice')}"
            )
        for r in RecipientKind:
            lines.append(
                f"  {ConsentScope.RECIPIENT.pick(lang)} {r.pick(lang)} ({r.value}): "
                f"{word(s['recipients'][r.value])}"
            )
        for e in self.entries:
            who = f" {RecipientKind(e.recipient).pick(lang)}" if e.recipient else ""
            state = "shown" if e.scope == "notice" else e.state
            how = ConsentHow(e.how).pick(lang)
            paper = f" #{e.evidence_id}" if e.evidence_id else ""
            lines.append(
                f"  - {e.on} {ConsentScope(e.scope).pick(lang)}{who}: {word(state)}, {how}{paper}"
                f" [{e.actor}]"
            )
        return "\n".join(lines)


L = TypeVar("L", RecipientKind, ConsentScope, ConsentHow)


def _parse(kind: type[L], value: object, field: str, zh: str, en: str) -> L:
    """A label from its key or its Chinese word, else one message naming the choices."""
    return parse_label(kind, value or "", field=field, zh=zh, en=en)


def parse_recipient(value: object, *, field: str = "recipient") -> RecipientKind:
    """A recipient kind (提交对象) from its key or its Chinese word."""
    return _parse(RecipientKind, value, field, "提交对象", "recipient")


def default_recipient(channel: str) -> RecipientKind | None:
    """The recipient a submission on the case's filing channel goes to; None for none/other."""
    return CHANNEL_RECIPIENT.get(str(channel or ""))


def recipient_for(store: Store, case_id: str, recipient: str | None = None) -> RecipientKind:
    """The chosen recipient, else the one of the case's filing channel, else a clear refusal."""
    if recipient:
        return parse_recipient(recipient)
    found = default_recipient(store.get_case(case_id).channel)
    if found is None:
        choices = ", ".join(r.value for r in RecipientKind)
        raise InvalidInput(
            f"案件 {case_id} 没有可推定提交对象的递交渠道：请用 --recipient 指定（{choices}）",
            f"case {case_id} has no filing channel to tell the recipient: "
            f"name it with --recipient ({choices})",
            field="recipient",
        )
    return found


def _entry(row: Any) -> ConsentEntry:
    return as_record(ConsentEntry, row._mapping, id=int(row._mapping["id"]))


def ledger(store: Store, case_id: str) -> Ledger:
    from .store import schema as t

    store.get_case(case_id)  # NotFound first
    with store.read() as conn:
        rows = conn.execute(
            select(t.consents).where(t.consents.c.case_id == case_id).order_by(t.consents.c.id)
        ).all()
    return Ledger(case_id, [_entry(r) for r in rows])


def holds_sensitive(store: Store, case_id: str) -> bool:
    """The case holds sensitive personal information (Art. 28: financial accounts): a bill."""
    from .store import schema as t

    with store.read() as conn:
        n = conn.execute(
            select(func.count()).select_from(t.imports).where(t.imports.c.case_id == case_id)
        ).scalar_one()
    return bool(n)


def missing_consent(store: Store, case_id: str, recipient: str) -> list[Missing]:
    """What a submission of the case to ``recipient`` (a recipient kind) still needs; [] when
    the ledger covers it: the notice shown, consent to processing, separate consent for
    sensitive information when the case holds any, separate consent for that recipient."""
    kind = parse_recipient(recipient)
    book = ledger(store, case_id)
    gaps: list[Missing] = []
    if not book.covers(ConsentScope.NOTICE.value):
        gaps.append(
            Missing(
                "notice",
                kind.value,
                "尚未记录向投诉人告知个人信息处理规则（个人信息保护法第十七条）",
                "no record that the complainant was shown the notice (PIPL Art. 17)",
            )
        )
    for scope, zh, en in (
        ("processing", "处理个人信息的同意（第十三条）", "consent to processing (Art. 13)"),
        (
            "sensitive",
            "处理敏感个人信息的单独同意（第二十九条）",
            "separate consent for sensitive information (Art. 29)",
        ),
    ):
        if scope == "sensitive" and not holds_sensitive(store, case_id):
            continue
        state = book.state(scope)
        if state != ConsentState.GIVEN.value:
            gaps.append(Missing(scope, kind.value, _gap_zh(zh, state), _gap_en(en, state)))
    state = book.state(ConsentScope.RECIPIENT.value, kind.value)
    if state != ConsentState.GIVEN.value:
        gaps.append(
            Missing(
                "recipient",
                kind.value,
                _gap_zh(f"向{kind.zh}提供个人信息的单独同意（第二十三条）", state),
                _gap_en(f"separate consent to provide it to {kind.en} (Art. 23)", state),
            )
        )
    return gaps


def _gap_zh(what: str, state: str) -> str:
    return f"投诉人已撤回{what}" if state == ConsentState.WITHDRAWN.value else f"缺少{what}"


def _gap_en(what: str, state: str) -> str:
    return (
        f"the complainant withdrew {what}"
        if state == ConsentState.WITHDRAWN.value
        else f"missing {what}"
    )


def _parse_scope(scope: str) -> ConsentScope:
    return _parse(ConsentScope, scope, "scope", "同意事项", "consent scope")


def _parse_how(how: str) -> ConsentHow:
    return _parse(ConsentHow, how, "how", "同意方式", "way consent was given")


def _checked(
    scope: str, state: ConsentState, recipient: str | None, how: str, evidence_id: int | None
) -> tuple[ConsentScope, str, ConsentHow]:
    """The entry's scope, recipient kind and way, or the one message saying what is wrong."""
    sc = _parse_scope(scope)
    kind = parse_recipient(recipient).value if sc is ConsentScope.RECIPIENT else ""
    if recipient and sc is not ConsentScope.RECIPIENT:
        raise InvalidInput(
            f"只有 recipient 事项需要提交对象，{sc.value} 不需要",
            f"only the recipient scope takes a recipient, not {sc.value}",
            field="recipient",
        )
    if sc is ConsentScope.NOTICE and state is ConsentState.WITHDRAWN:
        raise InvalidInput(
            "告知不能撤回：已告知的事实不会改变（可撤回的是同意）",
            "a notice cannot be withdrawn: it was shown (withdraw a consent instead)",
            field="scope",
        )
    way = _parse_how(how)
    if way is ConsentHow.PAPER and state is ConsentState.GIVEN and evidence_id is None:
        raise InvalidInput(
            "书面同意需要指明签字文件的证据编号（--evidence ID）",
            "consent on signed paper needs the evidence item of the signed page (--evidence ID)",
            field="evidence",
        )
    return sc, kind, way


def _check_paper(conn: Any, case_id: str, evidence_id: int | None) -> None:
    """The signed paper must be an evidence item of this very case."""
    from .store import schema as t

    if evidence_id is None:
        return
    owner = conn.execute(
        select(t.evidence.c.case_id).where(t.evidence.c.id == int(evidence_id))
    ).scalar()
    if owner != case_id:
        raise NotFound(
            f"案件 {case_id} 没有编号为 {evidence_id} 的证据",
            f"case {case_id} has no evidence item {evidence_id}",
            where="evidence",
        )


def _record(
    store: Store,
    case_id: str,
    scope: str,
    state: ConsentState,
    *,
    recipient: str | None,
    on: date | str | None,
    how: str,
    evidence_id: int | None,
    note: str,
) -> ConsentEntry:
    from .store import schema as t

    sc, kind, way = _checked(scope, state, recipient, how, evidence_id)
    day = parse_date(on, field="on") if on else store.clock().date()
    current = notice()
    is_notice = sc is ConsentScope.NOTICE
    values: dict[str, Any] = {
        "case_id": case_id,
        "scope": sc.value,
        "recipient": kind,
        "state": state.value,
        "on": day.isoformat(),
        "how": way.value,
        "evidence_id": evidence_id,
        "notice_version": current.version if is_notice else "",
        "note": note,
        "at": store.now(),
        "actor": store.actor,
        "data": {"notice_sha256": current.sha256} if is_notice else {},
    }
    with store.write() as conn:
        _check_paper(conn, case_id, evidence_id)
        store.touch(conn, case_id)
        new_id = conn.execute(
            insert(t.consents).values(**values).returning(t.consents.c.id)
        ).scalar_one()
        logged = {k: values[k] for k in ("scope", "recipient", "on", "how", "evidence_id")}
        store.log(conn, case_id, f"consent.{state.value}", None, logged)
    return ConsentEntry(
        id=int(new_id), **{k: v for k, v in values.items() if k not in ("case_id", "data")}
    )


def give(
    store: Store,
    case_id: str,
    scope: str,
    *,
    recipient: str | None = None,
    on: date | str | None = None,
    how: str = ConsentHow.IN_PERSON.value,
    evidence_id: int | None = None,
    note: str = "",
) -> ConsentEntry:
    """Record a consent given (or, for ``scope="notice"``, the current notice shown)."""
    kw: dict[str, Any] = {"recipient": recipient, "on": on, "how": how, "note": note}
    return _record(store, case_id, scope, ConsentState.GIVEN, evidence_id=evidence_id, **kw)


def withdraw(
    store: Store,
    case_id: str,
    scope: str,
    *,
    recipient: str | None = None,
    on: date | str | None = None,
    how: str = ConsentHow.IN_PERSON.value,
    note: str = "",
) -> ConsentEntry:
    """Record a withdrawal (Art. 15): what follows is blocked, what came before stays."""
    kw: dict[str, Any] = {"recipient": recipient, "on": on, "how": how, "note": note}
    return _record(store, case_id, scope, ConsentState.WITHDRAWN, evidence_id=None, **kw)


def record_intake(
    store: Store,
    case_id: str,
    *,
    recipients: list[str],
    sensitive: bool = True,
    how: str = ConsentHow.IN_PERSON.value,
    evidence_id: int | None = None,
    on: date | str | None = None,
) -> Ledger:
    """What the intake panel records in one call: the notice shown, consent to processing,
    separate consent for sensitive information (when ticked) and for each recipient kind."""
    kinds = [parse_recipient(r).value for r in recipients]
    common: dict[str, Any] = {"on": on, "how": how, "evidence_id": evidence_id}
    give(store, case_id, "notice", **common)
    give(store, case_id, "processing", **common)
    if sensitive:
        give(store, case_id, "sensitive", **common)
    for kind in kinds:
        give(store, case_id, "recipient", recipient=kind, **common)
    return ledger(store, case_id)


def give_all(store: Store, case_id: str, *, how: str = ConsentHow.IN_PERSON.value) -> Ledger:
    """Every consent, for every recipient kind (the demo, and tests' fixtures)."""
    return record_intake(store, case_id, recipients=[r.value for r in RecipientKind], how=how)


__all__ = [
    "CHANNEL_RECIPIENT",
    "ConsentEntry",
    "Ledger",
    "Missing",
    "Notice",
    "default_recipient",
    "give",
    "give_all",
    "ledger",
    "missing_consent",
    "notice",
    "parse_recipient",
    "recipient_for",
    "record_intake",
    "withdraw",
]
