"""Tianmen's rules (document 000, 天发〔2021〕14号): three overrides of national rules and five additions
(a cohort and four measures).

Why overrides: where 000 names a different group than the national rule, the Tianmen version of the rule
replaces the national one for 429006 during the transition period (000 一: 2021-2025); after 2025 the national
rule applies again. Each override says what changed and why:

* ``measure.microcredit`` — 000 九 extends the poverty small loan to 边缘易致贫户 (national: 脱贫户 only).
* ``measure.pension_premium_paid`` — 000 六 names 易返贫致贫人员 (at-risk, monitoring categories 1-2), where the
  national rule (004 四.4, central 意见 (十三)) names 返贫致贫人口 (certified relapse). 000 六 ends its list with
  "等", so the Tianmen rule keeps every national group and adds the at-risk population.
* ``measure.treat_first_pay_later`` — 000 三 names the severe-hardship group by the causes 病/残/意外事故 (no
  灾, unlike 002/004 and 000 六). The national rule takes every 突发严重困难户; Tianmen's takes those whose
  recorded risk causes include illness, disability or accident.

Amounts 000 does not give (Hubei's minimum pension tier, premium subsidies, 临时救助) stay office-supplied
parameters or amount notes: research/domain.md A.6.4, B.7, B.8 rate them NF.
"""

from __future__ import annotations

from datetime import date

from ...policies.common import member_not_student, member_severely_disabled, member_tekun
from ...policies.documents import cite
from ...policies.measures import measure, pension_age_window
from ...rules.expr import any_of, field, param, rule
from ...rules.rule import Rule
from .regions import TIANMEN, TRANSITION_END, TRANSITION_START

__all__ = ["RULES", "TREAT_FIRST_PAY_LATER_CAUSES"]

#: 000 三 "因病因残因意外事故": the causes (RiskCause codes) that bring a severe-hardship household into
#: Tianmen's treat-first-pay-later group.
TREAT_FIRST_PAY_LATER_CAUSES = ("illness", "disability", "accident")

_PERIOD = {"region": TIANMEN, "valid_from": TRANSITION_START, "valid_until": TRANSITION_END}

_C2 = cite("000", "二", "严格落实义务教育“控辍保学”责任制，确保除身体原因不具备学习条件外，脱贫家庭义务教育阶段适龄儿童少年不失学辍学")
_C3_TFPL = cite("000", "三", "逐步将市域内住院先诊疗后付费政策对象调整为农村低保对象、特困人员、易致贫返贫人口以及因病因残因意外事故等刚性支出较大或收入大幅度缩减导致基本生活出现严重困难人口")
_C5 = cite("000", "五", "确保2025年年底农村自来水普及率超过93%")
_C6_PENSION = cite("000", "六", "继续为农村低保对象、特困人员、易返贫致贫人员、重度残疾人等困难群众代缴最低缴费档次城乡居民养老保险保费")
_C6_TEMP = cite("000", "六", "对基本生活陷入暂时困难的群众加强临时救助")
_C6_TEKUN = cite("000", "六", "建立农村分散供养特困人员联系帮扶机制")
_C8_POST = cite("000", "八", "统筹用好农村公益性岗位，优先吸纳脱贫人口就业")
_C9_LOAN = cite("000", "九", "落实脱贫人口和边缘易致贫户小额信贷政策，鼓励贷款对象自主发展特色产业")
_PENSION_NATIONAL = cite("004", "四.4", "按照最低缴费档次为参加城乡居民养老保险的低保对象、特困人员、返贫致贫人口、重度残疾人等缴费困难群体代缴部分或全部保费")

#: Enrolled in the resident pension, of contributing age, not a student and not yet receiving the pension:
#: the same base as the national rule, so the override differs only in the groups.
_pension_base = (
    pension_age_window & member_not_student & field("pension_enrolled").eq(True)
    & field("pension_receiving").eq(False)
)

#: 银保监发〔2021〕6号 takes effect on this date; the national microcredit rule starts the same day.
_MICROCREDIT_START = date(2021, 3, 4)

_OVERRIDES: tuple[Rule, ...] = (
    measure(
        "microcredit", "脱贫人口和边缘易致贫户小额信贷", "poverty microcredit (incl. marginal households)",
        (rule("cohort.tuopin_household") | rule("cohort.marginal")) & field("loans.willing").eq(True),
        _C9_LOAN, cite("yinbaojianfa-2021-6", "支持对象"),
        region=TIANMEN, overrides=True, valid_from=_MICROCREDIT_START, valid_until=TRANSITION_END,
        category="finance", benefit_kind="loan", amount=param("microcredit.max_amount"),
        amount_unit="yuan/household (ceiling)",
        description_zh="天门市将小额信贷政策落实到脱贫人口和边缘易致贫户(000 九)",
        description_en="Tianmen extends the poverty microloan to marginal households (边缘易致贫户), 000 九; the "
                       "national rule covers 脱贫户 only.",
        amount_note_zh="免担保免抵押，期限不超过3年，额度为上限(银保监发〔2021〕6号)",
        amount_note_en="no guarantee or collateral; at most 3 years; the amount is the ceiling "
                       "(银保监发〔2021〕6号)"),
    measure(
        "pension_premium_paid", "城乡居民养老保险代缴(最低缴费档次)",
        "resident pension premium paid at the minimum tier",
        _pension_base & any_of(member_severely_disabled, member_tekun, rule("cohort.dibao"),
                               rule("cohort.at_risk_population"), rule("cohort.relapsed")),
        _C6_PENSION, _PENSION_NATIONAL, overrides=True, entity="member", category="pension",
        benefit_kind="premium_payment", amount=param("pension.paid_amount"), amount_unit="yuan/person/year",
        description_zh="000 六列明易返贫致贫人员；清单以“等”结尾，全国规则中的返贫致贫人口等群体予以保留",
        description_en="000 六 names 易返贫致贫人员 (monitoring categories 1-2); the national groups (incl. "
                       "certified 返贫致贫人口) are kept because 000 六's list ends with 等.",
        amount_note_zh="湖北最低缴费档次文件未给出，全额或部分代缴未明确：由经办机构提供 pension.paid_amount",
        amount_note_en="Hubei's minimum tier is not in the documents and 000 六 does not say full or partial: "
                       "the office supplies pension.paid_amount", **_PERIOD),
    measure(
        "treat_first_pay_later", "住院先诊疗后付费", "inpatient treat first, pay later",
        any_of(rule("cohort.dibao"), rule("cohort.tekun"), rule("cohort.at_risk_population"),
               rule("cohort.sudden_hardship")
               & field("statuses.monitoring.risk_causes").overlaps(TREAT_FIRST_PAY_LATER_CAUSES)),
        _C3_TFPL, overrides=True, category="medical", benefit_kind="service",
        description_zh="突发严重困难户须因病、因残或因意外事故(000 三未列“因灾”)",
        description_en="Severe-hardship households qualify when their recorded risk causes include illness, "
                       "disability or accident: 000 三 lists 因病因残因意外事故 (no disaster), unlike 004 and "
                       "000 六.", **_PERIOD),
)

_ADDITIONS: tuple[Rule, ...] = (
    Rule.model_validate({
        "id": "cohort.tap_water_household", "kind": "cohort", "name_zh": "自来水入户家庭",
        "name_en": "household with piped tap water", "condition": field("water.piped").eq(True),
        "citations": (_C5,), **_PERIOD,
        "description_en": "Numerator of the rural tap-water coverage target (000 五: above 93% by the end of "
                          "2025)."}),
    measure(
        "dropout_control", "控辍保学(脱贫家庭)", "dropout control for lifted-out families (控辍保学)",
        rule("cohort.tuopin_household") & rule("risk.education_dropout"), _C2,
        category="education", benefit_kind="service",
        description_zh="脱贫家庭有义务教育阶段适龄儿童少年失学辍学(身体原因送教上门、休学的除外)：劝返复学",
        description_en="A lifted-out family has a compulsory-age child out of school other than for physical "
                       "reasons (home teaching or health leave): return-to-school follow-up.", **_PERIOD),
    measure(
        "public_welfare_post_priority", "乡村公益性岗位优先吸纳", "priority for a rural public-welfare post",
        rule("cohort.tuopin_household") & field("labour_capacity").is_in(("full", "weak", "half")), _C8_POST,
        entity="member", category="employment", benefit_kind="job",
        description_zh="脱贫人口中有劳动能力(含弱、半劳动力)者优先吸纳到乡村公益性岗位；是否有空岗由乡镇统筹",
        description_en="A member of a lifted-out household with some labour capacity (full, weak or half) is in "
                       "the priority group for rural public-welfare posts; placement depends on vacancies.",
        amount_note_zh="岗位补贴标准文件未给出", amount_note_en="post wages are not given by the documents",
        **_PERIOD),
    measure(
        "temporary_assistance_review", "临时救助审核", "review for temporary assistance",
        rule("cohort.sudden_hardship") | rule("risk.high_rigid_expenditure"), _C6_TEMP,
        category="social_assistance", benefit_kind="review",
        description_zh="突发严重困难户或刚性支出较大的家庭，基本生活可能陷入暂时困难：提交民政部门审核临时救助",
        description_en="A household in sudden severe hardship or with large rigid expenditure may have fallen "
                       "into temporary hardship: refer it to civil affairs for temporary assistance.",
        amount_note_zh="临时救助标准文件未给出，由民政部门核定",
        amount_note_en="no amount in the documents; civil affairs sets it", **_PERIOD),
    measure(
        "tekun_dispersed_contact", "分散供养特困人员联系帮扶", "contact-and-help for dispersed 特困 persons",
        field("tekun").eq("dispersed"), _C6_TEKUN, entity="member", category="social_assistance",
        benefit_kind="service",
        description_en="Each dispersed (home-based) extremely poor person gets a contact person who visits and "
                       "helps (000 六).", **_PERIOD),
)

RULES: tuple[Rule, ...] = (*_OVERRIDES, *_ADDITIONS)
