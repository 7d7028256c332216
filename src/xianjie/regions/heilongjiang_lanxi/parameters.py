"""Parameters of the Lanxi plugin: the one number 001 gives per household, and the keys it leaves open.

001 一.八 gives the tracking period after risk elimination ("一年跟踪期" = 12 months). The subsidy amounts of
三.1, 三.2 and 三.5 are not in the document (research/domain.md C.4: "Amount NF"), so they are declared here as
keys the county office supplies, without a default; measures that need them are "undetermined" until then.
Keys carry the ``lanxi.`` prefix because only this plugin's rules read them.
"""

from __future__ import annotations

from ...models import ParameterSpec, ParameterValue
from ._common import LANXI, VALID_FROM, VALID_UNTIL, c

__all__ = ["SPECS", "VALUES"]


def _spec(key: str, zh: str, en: str, unit: str, note: str) -> ParameterSpec:
    return ParameterSpec(key=key, name_zh=zh, name_en=en, kind="money", unit=unit, note=note)


SPECS: tuple[ParameterSpec, ...] = (
    _spec("lanxi.courtyard_award", "庭院经济奖补标准", "courtyard-economy award", "yuan/household/year",
          "兰西县 courtyard-economy award (小菜园、小牧园、小作坊、小手工、小纺织), 001 三.1. The document gives no "
          "amount (its 3000 yuan is a household average target, not an entitlement): the county office "
          "supplies it."),
    _spec("lanxi.cross_province_transport_subsidy", "跨省务工交通补助标准", "cross-province migrant-work transport "
          "subsidy", "yuan/person/year", "001 三.2 names the subsidy for 脱贫人口 and 监测对象 working outside the "
          "province but gives no amount: the county office supplies it."),
    _spec("lanxi.migrant_work_award", "省内外务工奖补标准", "award for migrant work inside and outside the province",
          "yuan/person/year", "001 三.2 names 省内外务工奖补 for 脱贫人口 but gives no amount or rules: the county "
          "office supplies it."),
    _spec("lanxi.agri_insurance_premium_subsidy", "政策性农业保险保费补贴标准", "policy agricultural-insurance "
          "premium subsidy", "yuan/household/year", "001 三.5: premium subsidy for eligible 脱贫户 and "
          "监测帮扶对象; no amount in the document: the county office supplies it."),
)

VALUES: tuple[ParameterValue, ...] = (
    ParameterValue(
        key="monitoring.tracking_period_months", region=LANXI, value=12, valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        citation=c("一.八", "已消除风险户设立一年跟踪期,发现苗头性问题及时消除隐患"),
        note="一年 = 12 months; valid for 2023, the year the work points govern."),
)
