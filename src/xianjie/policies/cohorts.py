"""Cohorts (群体认定): statuses recorded by the offices, and the umbrella 农村低收入人口.

Three flags that look alike are kept apart (research/domain.md A.6.3): 返贫致贫人口 (certified relapse,
``cohort.relapsed``), 易返贫致贫人口 (at risk: monitoring categories 1-2, ``cohort.at_risk_population``) and
监测对象 (any of the three monitoring categories, ``cohort.monitoring_object``).
"""

from __future__ import annotations

from ..rules.expr import any_member, field, rule
from ..rules.rule import Rule
from .common import member_severely_disabled, member_tekun
from .documents import cite

__all__ = ["RULES"]

_MONITORING = cite("004", "二.2", "对脱贫不稳定户、边缘易致贫户，以及因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重困难户，开展定期检查、动态管理")
_LOW_INCOME = cite("004", "四.1", "对农村低保对象、农村特困人员、农村易返贫致贫人口，以及因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重困难人口等农村低收入人口开展动态监测")
_kind = field("statuses.monitoring.kind")


def _cohort(id: str, zh: str, en: str, cond: object, *cites: object, desc_en: str = "") -> Rule:
    return Rule.model_validate({"id": f"cohort.{id}", "kind": "cohort", "name_zh": zh, "name_en": en,
                                "condition": cond, "citations": cites, "description_en": desc_en})


RULES: tuple[Rule, ...] = (
    _cohort("tuopin_household", "脱贫户", "household lifted out of poverty (registered)",
            field("statuses.poverty_lifted").eq(True),
            cite("004", "二.1", "过渡期内严格落实“四个不摘”要求"),
            desc_en="A registered (建档立卡) household lifted out of poverty."),
    _cohort("unstable_tuopin", "脱贫不稳定户", "unstable lifted-out household", _kind.eq("unstable"), _MONITORING),
    _cohort("marginal", "边缘易致贫户", "marginal household prone to poverty", _kind.eq("marginal"), _MONITORING),
    _cohort("sudden_hardship", "突发严重困难户", "household in sudden severe hardship",
            _kind.eq("sudden_hardship"), _MONITORING),
    _cohort("monitoring_object", "监测对象", "monitoring object (any of the three categories)",
            _kind.is_in(("unstable", "marginal", "sudden_hardship")), _MONITORING),
    _cohort("at_risk_population", "易返贫致贫人口", "population at risk of (re)falling into poverty",
            _kind.is_in(("unstable", "marginal")), _LOW_INCOME,
            desc_en="Monitoring categories 1-2 (research/domain.md A.1)."),
    _cohort("dibao", "农村低保对象", "rural 低保 recipient household", field("statuses.dibao").eq(True),
            cite("004", "四.2", "完善最低生活保障制度，科学认定农村低保对象")),
    _cohort("tekun", "特困人员", "household with an extremely poor supported person (特困)",
            any_member(member_tekun, "有特困供养人员", "a member receives 特困 support"),
            cite("004", "四.2", "完善农村特困人员救助供养制度")),
    _cohort("severely_disabled", "重度残疾人", "household with a severely disabled member",
            any_member(member_severely_disabled, "有重度残疾成员", "a member is severely disabled"),
            cite("004", "四.4", "低保对象、特困人员、返贫致贫人口、重度残疾人等缴费困难群体")),
    _cohort("relapsed", "返贫致贫人口", "certified relapse into (or fall into) poverty",
            field("statuses.relapsed").eq(True),
            cite("004", "四.3", "大病保险继续对低保对象、特困人员和返贫致贫人口进行倾斜支付")),
    _cohort("relocated", "易地搬迁户", "poverty-alleviation relocated household",
            field("statuses.relocation.kind").is_in(("centralised", "dispersed")),
            cite("004", "二.4", "做好易地扶贫搬迁后续扶持工作")),
    _cohort("low_income_population", "农村低收入人口", "rural low-income population",
            rule("cohort.dibao") | rule("cohort.tekun") | rule("cohort.at_risk_population")
            | rule("cohort.sudden_hardship"), _LOW_INCOME,
            cite("000", "六", "农村低保对象、农村特困人员、农村易致贫返贫人口、因病因残因灾因意外事故等刚性支出较大或收入大幅度缩减导致基本生活出现严重困难人口等农村低收入人口")),
)
