"""The policy documents citations point into: the five seeds and the national rules they restate.

Ids ``000``…``004`` are the seeds (see the project's shared README). National documents are included only
where the project's research rates the source high-confidence.
"""

from __future__ import annotations

from datetime import date

from ..models import Citation, Document

__all__ = ["DOCUMENTS", "cite"]

TRANSITION_START = date(2021, 1, 1)
TRANSITION_END = date(2025, 12, 31)

DOCUMENTS: tuple[Document, ...] = (
    Document(
        id="000", title_zh="天门市实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施方案",
        title_en="Tianmen implementation plan for linking poverty-alleviation gains with rural revitalisation",
        issuer="中共天门市委 天门市人民政府", doc_number="天发〔2021〕14号", issued_on=date(2021, 9, 16),
        valid_from=TRANSITION_START, valid_until=TRANSITION_END,
        note="Governs the 2021-2025 transition period (一); published 2021-09-16."),
    Document(
        id="001", title_zh="兰西县2023年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点",
        title_en="Lanxi county 2023 work points on consolidating poverty-alleviation gains",
        issuer="中共兰西县委农村工作领导小组", doc_number="兰农工组发[2023]2号", issued_on=date(2022, 3, 22),
        valid_from=date(2023, 1, 1), valid_until=date(2023, 12, 31),
        note=("The cover letter is dated 2022-03-22 although the document number and content are for 2023 "
              "(probably a typo for 2023-03-22). The validity period is taken from the content: the year 2023.")),
    Document(
        id="002", title_zh="中共湖南省委 湖南省人民政府关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施意见",
        title_en="Hunan implementation opinions on linking poverty-alleviation gains with rural revitalisation",
        issuer="中共湖南省委 湖南省人民政府", issued_on=date(2021, 5, 17),
        valid_from=date(2021, 5, 17), valid_until=TRANSITION_END,
        note="Dated 2021-05-17, published 2021-06-03; web copy in traditional characters."),
    Document(
        id="003", title_zh="樟树乡巩固拓展脱贫攻坚成果\"大排查、大巩固、大提升\"行动方案",
        title_en="Zhangshu township screening, consolidation and improvement campaign plan",
        issuer="樟树乡人民政府", issued_on=date(2021, 9, 18),
        valid_from=date(2021, 9, 18), valid_until=date(2021, 12, 31),
        note="A 2021 campaign plan; its county is not named in the text."),
    Document(
        id="004", title_zh="常德市扶贫开发办公室关于对市政协七届五次会议第063号提案的回复",
        title_en="Changde poverty-alleviation office reply to CPPCC proposal no. 063",
        issuer="常德市扶贫开发办公室", issued_on=date(2021, 4, 13),
        valid_from=TRANSITION_START, valid_until=TRANSITION_END,
        note="Section 四 restates the central opinions of 2020-12-16, clauses (十)-(十四)."),
    Document(
        id="zhongnongzufa-2021-7", title_zh="中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见",
        title_en="Guiding opinions on the dynamic monitoring and assistance mechanism to prevent relapse",
        issuer="中央农村工作领导小组", doc_number="中农组发〔2021〕7号", issued_on=date(2021, 5, 16),
        valid_from=TRANSITION_START, valid_until=TRANSITION_END,
        note="Monitoring floor: 1.5x the poverty-alleviation-period national poverty line, about 6000 yuan in "
             "2021 (research/domain.md B.1-B.2, confidence H)."),
    Document(
        id="yinbaojianfa-2021-6", title_zh="关于深入扎实做好过渡期脱贫人口小额信贷工作的通知",
        title_en="Notice on poverty microcredit during the transition period",
        issuer="银保监会 财政部 人民银行 国家乡村振兴局", doc_number="银保监发〔2021〕6号",
        valid_from=date(2021, 3, 4), valid_until=TRANSITION_END,
        note="<=50,000 yuan, <=3 years, no guarantee or collateral (research/domain.md B.10, confidence H)."),
    Document(
        id="guofa-2014-8", title_zh="国务院关于建立统一的城乡居民基本养老保险制度的意见",
        title_en="State Council opinions on a unified urban-rural resident pension insurance",
        issuer="国务院", doc_number="国发〔2014〕8号", valid_from=date(2014, 1, 1),
        note=("Enrolment from age 16 (not students); pension from 60 (research/domain.md B.8: text H, the "
              "document number is M). valid_from is the start of the year: the exact date was not verified.")),
    Document(
        id="yiwu-jiaoyu-fa", title_zh="中华人民共和国义务教育法", title_en="Compulsory Education Law of the PRC",
        issuer="全国人民代表大会常务委员会", valid_from=date(2006, 9, 1),
        note="Article 11: school from age 6 (may be deferred to 7), nine years (research/domain.md B.4, H)."),
    Document(
        id="shuinong-2004-547", title_zh="农村饮用水安全卫生评价指标体系",
        title_en="Rural drinking-water safety evaluation index", issuer="水利部 卫生部",
        doc_number="水农〔2004〕547号", valid_from=date(2004, 12, 31),
        note=("Four indicators, safe and basic levels: quantity >=20 L/p/d basic, round trip <=20 min basic, "
              "supply guarantee >=90% basic (research/domain.md B.4, H). valid_from is the last day of "
              "its year of issue: the exact issue date is not in the research.")),
)


def cite(document: str, clause: str, quote_zh: str | None = None) -> Citation:
    """Shorthand for a :class:`~xianjie.models.Citation`."""
    doc_number = next((d.doc_number for d in DOCUMENTS if d.id == document), None)
    return Citation(document=document, clause=clause, quote_zh=quote_zh, doc_number=doc_number)
