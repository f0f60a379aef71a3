"""What kind an evidence item is (证据类型), and the errors evidence raises. The item as the register
holds it is :class:`casework.evidence.items.EvidenceItem`.

Types follow what the seed asks an advocate to collect (订单截图, 聊天记录, 商品图片, 交易记录, 瑕疵照片)
plus what the rules ask for (开箱视频, 签收凭证, 质检报告, 授权委托书 …). Electronic data is a
statutory evidence type (民事诉讼法 Art. 66; 证据规定 Art. 14).
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import CaseworkError, InvalidInput


class EvidenceError(CaseworkError):
    """A file that cannot be taken as evidence, or a stored file that is not what was stored."""


class EvidenceType(StrEnum):
    """The kind of an evidence item (证据类型). ``EvidenceType.CHAT_LOG.zh == "聊天记录"``."""

    ORDER_RECORD = "order_record"
    TRANSACTION_RECORD = "transaction_record"
    CHAT_LOG = "chat_log"
    PRODUCT_PHOTO = "product_photo"
    DEFECT_PHOTO = "defect_photo"
    UNBOXING_VIDEO = "unboxing_video"
    DELIVERY_PROOF = "delivery_proof"
    REFUSAL_PHOTO = "refusal_photo"
    AD_SCREENSHOT = "ad_screenshot"
    INVOICE = "invoice"
    TEST_REPORT = "test_report"
    COMMUNICATION_RECORD = "communication_record"
    AUTHORIZATION_LETTER = "authorization_letter"
    ID_DOCUMENT = "id_document"
    OTHER = "other"

    @property
    def zh(self) -> str:
        return TYPE_ZH[self.value]

    @property
    def en(self) -> str:
        return TYPE_EN[self.value]

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @classmethod
    def parse(cls, value: object) -> EvidenceType:
        """Accept the key (``chat_log``), the Chinese label (聊天记录) or the English label."""
        if isinstance(value, EvidenceType):
            return value
        text = str(value).strip()
        for member in cls:
            if text.lower() in (member.value, member.en.lower()) or text == member.zh:
                return member
        choices = ", ".join(m.value for m in cls)
        raise InvalidInput(
            f"未知的证据类型: {text!r}（可选: {choices}）",
            f"unknown evidence type: {text!r} (choose from: {choices})",
            field="type",
        )


TYPE_ZH: dict[str, str] = {
    "order_record": "订单记录",
    "transaction_record": "交易/支付记录",
    "chat_log": "聊天记录",
    "product_photo": "商品照片",
    "defect_photo": "瑕疵照片/视频",
    "unboxing_video": "开箱视频",
    "delivery_proof": "物流/签收凭证",
    "refusal_photo": "拒收照片",
    "ad_screenshot": "商品页面/广告截图",
    "invoice": "发票/购货凭证",
    "test_report": "质检报告",
    "communication_record": "沟通记录",
    "authorization_letter": "授权委托书",
    "id_document": "身份证明",
    "other": "其他",
}
TYPE_EN: dict[str, str] = {
    "order_record": "order record",
    "transaction_record": "payment / transaction record",
    "chat_log": "chat log",
    "product_photo": "product photo",
    "defect_photo": "defect photo or video",
    "unboxing_video": "unboxing video",
    "delivery_proof": "delivery / tracking proof",
    "refusal_photo": "delivery-refusal photo",
    "ad_screenshot": "product page / advertisement screenshot",
    "invoice": "invoice / receipt",
    "test_report": "test report",
    "communication_record": "communication record",
    "authorization_letter": "authorization letter",
    "id_document": "identity document",
    "other": "other",
}
