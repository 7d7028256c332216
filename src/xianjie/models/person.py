"""A household member (家庭成员) as the integrator supplies it.

Every field but the member's position in the household may be absent: absent means *not provided*, never zero
or false, and a rule that needs it is "undetermined" with the field named. Empty collections mean "none".
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, model_validator

from .types import MODEL_CONFIG, bilingual

__all__ = [
    "ChronicDisease",
    "DisabilityCategory",
    "LabourCapacity",
    "NotEnrolledReason",
    "Person",
    "Relation",
    "SchoolStage",
    "TekunKind",
    "WorkLocation",
]

Relation = Literal["head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"]
LabourCapacity = Literal["full", "weak", "half", "none"]
DisabilityCategory = Literal["vision", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]
ChronicDisease = Literal["hypertension", "diabetes", "tuberculosis", "severe_mental_disorder", "other"]
SchoolStage = Literal[
    "none", "preschool", "primary", "junior", "senior", "secondary_vocational", "higher_vocational",
    "undergraduate_or_above",
]
NotEnrolledReason = Literal[
    "health_home_teaching", "health_leave", "completed_compulsory", "not_yet_school_age", "other",
]
WorkLocation = Literal["none", "local", "outside_county", "outside_province"]
TekunKind = Literal["none", "dispersed", "centralised"]


class Person(BaseModel):
    """家庭成员 / Household member."""

    model_config = MODEL_CONFIG

    member_id: Annotated[str | None, bilingual(
        "成员编号", "Pseudonymous member id within the household (not a personal identifier)",
        pattern=r"^[A-Za-z0-9_\-]{1,40}$")] = None
    id_number: Annotated[str | None, bilingual(
        "身份证号", "Resident identity number (sensitive: never logged or echoed)", sensitive=True,
        pattern=r"^\d{17}[\dX]$")] = None
    name: Annotated[str | None, bilingual(
        "姓名", "Name (sensitive: never logged or echoed)", sensitive=True, max_length=60)] = None
    birth_date: Annotated[date | None, bilingual(
        "出生日期", "Date of birth; ages are computed from it as of the evaluation date")] = None
    sex: Annotated[Literal["male", "female"] | None, bilingual("性别", "Sex")] = None
    relation: Annotated[Relation | None, bilingual("与户主关系", "Relation to the head of household")] = None
    rural_hukou: Annotated[bool | None, bilingual("农村户籍", "Holds rural household registration")] = None

    disabled: Annotated[bool | None, bilingual("是否残疾", "Has a certified disability")] = None
    disability_grade: Annotated[int | None, bilingual(
        "残疾等级", "Disability grade, 1 (most severe) to 4", ge=1, le=4)] = None
    disability_category: Annotated[DisabilityCategory | None, bilingual("残疾类别", "Disability category")] = None
    chronic_diseases: Annotated[frozenset[ChronicDisease] | None, bilingual(
        "慢性病", "Chronic diseases (empty = none; absent = unknown)")] = None
    serious_illness: Annotated[bool | None, bilingual("患重特大疾病", "Has a serious illness (大病)")] = None
    family_doctor_signed: Annotated[bool | None, bilingual(
        "已签约家庭医生", "Has signed a family-doctor contract")] = None
    labour_capacity: Annotated[LabourCapacity | None, bilingual(
        "劳动能力", "Labour capacity: full 有劳动能力, weak 弱劳动力, half 半劳动力, none 丧失劳动能力")] = None

    school_stage: Annotated[SchoolStage | None, bilingual("就学阶段", "Schooling stage")] = None
    enrolled: Annotated[bool | None, bilingual("是否在校", "Currently enrolled in school")] = None
    not_enrolled_reason: Annotated[NotEnrolledReason | None, bilingual(
        "未在校原因",
        "Why not enrolled: home teaching or leave for health reasons (送教上门/休学), completed compulsory "
        "education, not yet of school age, other")] = None

    medical_insured: Annotated[bool | None, bilingual(
        "参加基本医疗保险", "Enrolled in basic medical insurance for the current year")] = None
    pension_enrolled: Annotated[bool | None, bilingual(
        "参加城乡居民养老保险", "Enrolled in the urban-rural resident pension insurance")] = None
    pension_receiving: Annotated[bool | None, bilingual(
        "领取养老金", "Already receiving the resident pension")] = None

    work_location: Annotated[WorkLocation | None, bilingual(
        "务工地点", "Where the person works: none, local (in county), outside the county, outside the province")
    ] = None
    work_months: Annotated[int | None, bilingual("务工月数", "Months worked in the year", ge=0, le=12)] = None

    tekun: Annotated[TekunKind | None, bilingual(
        "特困供养", "Extreme-poverty support: none, dispersed 分散供养, centralised 集中供养")] = None
    adl_disability: Annotated[Literal["none", "partial", "full"] | None, bilingual(
        "失能状况", "Disability in activities of daily living: none, partial 半失能, full 失能")] = None
    orphan: Annotated[bool | None, bilingual("孤儿", "Orphan")] = None
    de_facto_unsupported_child: Annotated[bool | None, bilingual(
        "事实无人抚养儿童", "Child without de-facto support")] = None
    left_behind_child: Annotated[bool | None, bilingual("农村留守儿童", "Left-behind rural child")] = None
    public_welfare_post: Annotated[bool | None, bilingual("公益性岗位", "Holds a rural public-welfare post")] = None
    trained_this_year: Annotated[bool | None, bilingual(
        "本年度参加职业技能培训", "Took vocational skills training this year")] = None
    accident_insured: Annotated[bool | None, bilingual(
        "参加人身意外伤害保险", "Covered by small personal accident insurance")] = None

    @model_validator(mode="after")
    def _consistent(self) -> Person:
        if self.disabled is False and (self.disability_grade is not None or self.disability_category is not None):
            raise ValueError("disability_grade/disability_category given but disabled is false")
        if self.enrolled is True and self.not_enrolled_reason is not None:
            raise ValueError("not_enrolled_reason given but enrolled is true")
        return self
