"""The household (农户) record: members, income, expenditure, housing, water and statuses."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from .person import Person
from .types import MODEL_CONFIG, RegionId, SignedYuan, Yuan, bilingual

__all__ = [
    "DrinkingWater",
    "Household",
    "Housing",
    "Income",
    "Loans",
    "MonitoringKind",
    "MonitoringStatus",
    "Relocation",
    "RigidExpenditure",
    "RiskCause",
    "Statuses",
]

MonitoringKind = Literal["none", "unstable", "marginal", "sudden_hardship"]
RiskCause = Literal[
    "illness", "disability", "disaster", "accident", "epidemic", "education", "housing", "water",
    "unemployment", "industry_failure", "other",
]
RelocationSupport = Literal["employment", "industry", "social_security"]
CourtyardEconomy = Literal["garden", "pasture", "workshop", "handicraft", "textile"]


class Income(BaseModel):
    """Annual household income (家庭年收入), yuan, for the 12-month accounting window."""

    model_config = MODEL_CONFIG

    annual_net_income: Annotated[SignedYuan | None, bilingual("家庭年纯收入", "Annual household net income")] = None
    wage: Annotated[Yuan | None, bilingual("工资性收入", "Wage (employment) income")] = None
    business: Annotated[SignedYuan | None, bilingual("经营净收入", "Net business income")] = None
    property: Annotated[Yuan | None, bilingual("财产净收入", "Net property income")] = None
    transfer: Annotated[Yuan | None, bilingual("转移净收入", "Net transfer income")] = None
    previous_year_net_income: Annotated[SignedYuan | None, bilingual(
        "上年家庭纯收入", "Net income of the previous year (for sharp falls)")] = None
    window_end: Annotated[date | None, bilingual("收入核算截止日", "Last day of the income window")] = None


class RigidExpenditure(BaseModel):
    """Rigid expenditure (刚性支出), yuan per year, after reimbursement."""

    model_config = MODEL_CONFIG

    medical_out_of_pocket: Annotated[Yuan | None, bilingual(
        "医疗自付支出", "Compliant medical out-of-pocket spending")] = None
    education: Annotated[Yuan | None, bilingual("教育支出", "Education spending")] = None
    other: Annotated[Yuan | None, bilingual("其他刚性支出", "Other rigid spending (disaster, accident)")] = None


class Housing(BaseModel):
    """Housing safety (住房安全)."""

    model_config = MODEL_CONFIG

    sole_house: Annotated[bool | None, bilingual("唯一住房", "The appraised house is the household's only house")] = None
    safety_grade: Annotated[Literal["A", "B", "C", "D"] | None, bilingual(
        "房屋安全性鉴定等级", "Safety appraisal grade A-D (C and D are dangerous)")] = None
    appraised_on: Annotated[date | None, bilingual("鉴定日期", "Date of the appraisal")] = None


class DrinkingWater(BaseModel):
    """Drinking-water security (饮水安全): quantity, quality, convenience, supply reliability."""

    model_config = MODEL_CONFIG

    quantity_lpd: Annotated[int | None, bilingual("水量(升/人·日)", "Litres per person per day", ge=0, le=10000)] = None
    quality_ok: Annotated[bool | None, bilingual("水质达标", "Water quality meets the standard")] = None
    piped: Annotated[bool | None, bilingual("自来水入户", "Piped water into the home")] = None
    fetch_minutes: Annotated[int | None, bilingual(
        "取水往返时间(分钟)", "Round-trip minutes to fetch water", ge=0, le=1440)] = None
    supply_guarantee_pct: Annotated[int | None, bilingual(
        "供水保证率(%)", "Supply guarantee rate, percent", ge=0, le=100)] = None


class MonitoringStatus(BaseModel):
    """Monitoring object status (监测对象) as recorded in the monitoring system."""

    model_config = MODEL_CONFIG

    kind: Annotated[MonitoringKind | None, bilingual(
        "监测对象类型",
        "none, unstable 脱贫不稳定户, marginal 边缘易致贫户, sudden_hardship 突发严重困难户")] = None
    included_on: Annotated[date | None, bilingual("纳入日期", "Date included in monitoring")] = None
    risk_causes: Annotated[frozenset[RiskCause] | None, bilingual("风险类型", "Risks that triggered inclusion")] = None
    risk_eliminated_on: Annotated[date | None, bilingual("风险消除日期", "Date the risk was marked eliminated")] = None


class Relocation(BaseModel):
    """Poverty-alleviation relocation (易地扶贫搬迁)."""

    model_config = MODEL_CONFIG

    kind: Annotated[Literal["none", "centralised", "dispersed"] | None, bilingual(
        "搬迁安置方式", "none, centralised 集中安置, dispersed 分散安置")] = None
    moved_in: Annotated[bool | None, bilingual("已入住", "Has moved in")] = None
    supports: Annotated[frozenset[RelocationSupport] | None, bilingual(
        "后续扶持措施", "Follow-up supports in place: employment, industry, social_security")] = None


class Loans(BaseModel):
    """Microcredit (小额信贷) willingness and current loan."""

    model_config = MODEL_CONFIG

    willing: Annotated[bool | None, bilingual("有贷款意愿", "Wants a poverty microloan")] = None
    outstanding_amount: Annotated[Yuan | None, bilingual("小额信贷余额", "Outstanding microloan amount")] = None
    overdue: Annotated[bool | None, bilingual("逾期", "Loan is overdue")] = None


class Statuses(BaseModel):
    """Registered statuses (身份属性) of the household."""

    model_config = MODEL_CONFIG

    poverty_lifted: Annotated[bool | None, bilingual(
        "建档立卡脱贫户", "Registered household lifted out of poverty (脱贫户)")] = None
    poverty_lifted_year: Annotated[int | None, bilingual("脱贫年度", "Year lifted out", ge=2013, le=2020)] = None
    dibao: Annotated[bool | None, bilingual("农村低保户", "Receives the rural minimum living allowance (低保)")] = None
    dibao_since: Annotated[date | None, bilingual("纳入低保日期", "Date the household entered 低保")] = None
    dibao_income_exceeded_on: Annotated[date | None, bilingual(
        "收入超过低保标准日期", "Date per-capita income first exceeded the 低保 standard (starts gradual exit)")
    ] = None
    dibao_edge: Annotated[bool | None, bilingual("低保边缘家庭", "Household on the 低保 edge")] = None
    relapsed: Annotated[bool | None, bilingual(
        "返贫致贫户", "Certified as having relapsed into or fallen into poverty (返贫致贫, not merely at risk)")
    ] = None
    monitoring: Annotated[MonitoringStatus, bilingual("监测对象状态", "Monitoring status")] = Field(
        default_factory=MonitoringStatus)
    relocation: Annotated[Relocation, bilingual("易地搬迁", "Relocation")] = Field(default_factory=Relocation)
    assets_within_limits: Annotated[bool | None, bilingual(
        "家庭财产符合规定", "Household assets within the 低保 limits")] = None


class Household(BaseModel):
    """农户 / Rural household, the unit every conclusion is about."""

    model_config = MODEL_CONFIG

    household_id: Annotated[str, bilingual(
        "户编号", "Pseudonymous household key chosen by the integrator (not a personal identifier)",
        pattern=r"^[A-Za-z0-9_.:\-]{1,64}$")]
    region: Annotated[RegionId, bilingual("所在区划", "Region id the household belongs to")]
    members: Annotated[tuple[Person, ...], bilingual("家庭成员", "Household members", min_length=1, max_length=60)]
    income: Annotated[Income, bilingual("收入", "Income")] = Field(default_factory=Income)
    rigid_expenditure: Annotated[RigidExpenditure, bilingual("刚性支出", "Rigid expenditure")] = Field(
        default_factory=RigidExpenditure)
    housing: Annotated[Housing, bilingual("住房", "Housing")] = Field(default_factory=Housing)
    water: Annotated[DrinkingWater, bilingual("饮水", "Drinking water")] = Field(default_factory=DrinkingWater)
    statuses: Annotated[Statuses, bilingual("身份状态", "Statuses")] = Field(default_factory=Statuses)
    loans: Annotated[Loans, bilingual("贷款", "Loans")] = Field(default_factory=Loans)
    agri_insured: Annotated[bool | None, bilingual(
        "参加政策性农业保险", "Covered by policy agricultural insurance")] = None
    industry_support_income: Annotated[Yuan | None, bilingual(
        "产业帮扶收入", "Income from industry support this year")] = None
    industry_willing: Annotated[bool | None, bilingual(
        "有产业发展条件和意愿", "Has conditions for and wants household industry support")] = None
    courtyard_economy: Annotated[frozenset[CourtyardEconomy] | None, bilingual(
        "庭院经济", "Courtyard economy run by the household (garden, pasture, workshop, handicraft, textile)")
    ] = None

    @model_validator(mode="after")
    def _member_ids_unique(self) -> Household:
        ids = [m.member_id for m in self.members if m.member_id is not None]
        if len(ids) != len(set(ids)):
            raise ValueError("member_id values must be unique within the household")
        return self
