"""Where to go (管辖): the county of an address, the complaint measures' article in force on a
day, the market regulator and the court that hear a case."""

from __future__ import annotations

import re
from datetime import date

from ..cases import Case, Category
from .citations import in_force, law_texts
from .text import Text

_COUNTY = re.compile(r"^([^路街道镇乡号巷弄村]{2,20}?(?:区|县|旗))")


_CITY = re.compile(r"^([^路街道镇乡号巷弄村]{2,20}?市)")


def county_of(address: str) -> str:
    """The county-level place an address starts with: "浙江省杭州市余杭区…" → "浙江省杭州市余杭区"."""
    text = address.replace(" ", "")
    m = _COUNTY.match(text) or _CITY.match(text)
    return m.group(1) if m else ""


def measures_article(topic: str, day: date, lang: str = "zh") -> str:
    """ "暂行办法第12条" / "办法第13条": the complaint measures in force on ``day``, by topic."""
    law = law_texts()[in_force("complaint_measures", day)]
    art = law.articles[topic]
    if lang == "en":
        return f"{law.short_en} Art{'s' if '、' in art else ''}. {art.replace('、', ', ')}"
    return f"{law.short_zh}第{art}条"


_PLACEHOLDER = re.compile(r"\{complaint_measures:(\w+)\}")


def fill(text: str, day: date, lang: str) -> str:
    return _PLACEHOLDER.sub(lambda m: measures_article(m.group(1), day, lang), text)


def regulator_hint(case: Case, platform_only: bool, day: date) -> Text:
    county = "" if platform_only else county_of(case.respondent_address)
    platform = case.platform or "平台"
    zh_art, en_art = (
        measures_article("jurisdiction", day),
        measures_article("jurisdiction", day, "en"),
    )
    if county:
        return Text(
            f"{county}市场监督管理局（被投诉人所在地，{zh_art}）；"
            f"或{platform}经营者住所地县级市场监督管理部门",
            f"the market regulation bureau of {county} (where the respondent is, {en_art}), or "
            f"the county regulator where {platform}'s operator is domiciled",
        )
    return Text(
        f"{platform}经营者住所地县级市场监督管理部门（见平台首页公示的营业执照信息，电子商务法第15条）",
        f"the county market regulator where {platform}'s operator is domiciled (see the "
        "licence shown on the platform's home page, E-commerce Law Art. 15)",
    )


def court_hint(case: Case) -> Text:
    county = county_of(case.complainant_address)
    if case.category == Category.PAYMENT:
        # A payment-service dispute is a contract dispute (民诉法 24), not an online sale.
        return Text(
            "被告（支付机构）住所地或合同履行地的基层人民法院（民事诉讼法第24条）",
            "the basic people's court where the defendant (the payment provider) is domiciled or "
            "where the contract is performed (Civil Procedure Law Art. 24)",
        )
    if county:
        return Text(
            f"收货地 {county} 的基层人民法院（民诉法解释第20条），或被告住所地法院；请核对实际收货地址",
            f"the basic people's court of {county}, the place of receipt (Civil Procedure "
            "Interpretation Art. 20), or the defendant's domicile; check the delivery address",
        )
    return Text(
        "收货地或被告住所地的基层人民法院（民诉法解释第20条）",
        "the basic people's court where the goods were received or where the defendant "
        "is domiciled (Civil Procedure Interpretation Art. 20)",
    )
