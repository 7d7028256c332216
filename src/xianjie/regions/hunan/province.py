"""Hunan province (湖南省, ``430000``): document 002, the provincial implementation opinions of 2021-05-17.

What 002 adds to the national frame, clause by clause (the coverage matrix ``coverage/002.toml`` lists
every clause, including the ones that cannot be executed and why):

* (十四) the county pays the resident-pension premium at the **100-yuan tier**: in full for 农村重度残疾人,
  农村特困人员 and 返贫致贫人口; part or all for 低保对象 and other hard-up groups. Encoded by overriding
  ``measure.pension_premium_paid`` so the amount is the priority amount (100) for the first three groups and
  the office-supplied partial amount otherwise.
* (十二) a 低保 gradual-exit period of at most one year (the national factory rule, 12 months here).
* (九) family-doctor chronic-disease contracts for 高血压 and 糖尿病.
* (一)/(七) 脱贫不稳定 and 边缘易致贫 people come first, all else equal, for developmental support.
* (十二)/(十五) entrusted care for dispersed 特困, care visits in assisted families, emergency assistance.
* the rural 低保 standard of 2021 (4300 yuan/person/year) from 湘民发〔2021〕4号, a source rated H in
  research/domain.md B.9; later years are not known and stay office-supplied.

Why ``rural_hukou`` is read for the pension amount: 002 (十四) limits the *full* payment to **农村**
重度残疾人 and **农村** 特困人员, while an urban-registered member falls under "其他缴费困难群体" (part or
all). The household record is a rural household, but its members' registration can differ, so the member's
``rural_hukou`` decides which amount applies; if it is not provided the amount is undetermined and names the
field (it is never assumed). Eligibility itself is unchanged from the national rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...models import Citation, Document, Indicator, ParameterValue, Region
from ...policies.common import member_not_student, member_severely_disabled, member_tekun
from ...policies.measures import pension_age_window
from ...policies.social_assistance import dibao_gradual_exit_rule
from ...rules.expr import Expr, any_of, field, if_else, param, rule
from ...rules.rule import Rule
from ._common import D002_FROM, D002_UNTIL, cite, indicator, make_rule

__all__ = ["DOCUMENTS", "INDICATORS", "REGION", "RULES", "VALUES"]

REGION = Region(id="430000", name_zh="湖南省", name_en="Hunan province", level="province", parent="CN")

#: 湘民发〔2021〕4号, the only outside source this plugin uses for a built-in value (research/domain.md B.9, H).
XIANGMINFA_2021_4 = Document(
    id="xiangminfa-2021-4", title_zh="湘民发〔2021〕4号(2021年湖南省城乡低保指导标准)",
    title_en="Hunan civil-affairs notice 湘民发〔2021〕4号 on the 2021 minimum-living standards",
    issuer="湖南省民政厅", doc_number="湘民发〔2021〕4号", valid_from=date(2021, 1, 1),
    valid_until=date(2021, 12, 31),
    note=("Rural guiding standard from 2021-01-01: 4300 yuan/person/year (research/domain.md B.9, confidence H; "
          "sources https://lingbiren.com/html/1465402.html and http://yunnanlong.com/c/328230.html). The full "
          "title was not verified. Only the 2021 value is encoded: Hunan's 2022-2025 standards were not found "
          "(NF), so later years are supplied by the deploying office."),
    url="https://lingbiren.com/html/1465402.html")

DOCUMENTS: tuple[Document, ...] = (XIANGMINFA_2021_4,)

_R = "430000"

_PENSION_142 = cite("002", "(十四)", "對農村重度殘疾人、農村特困人員、返貧致貧人口等特別困難群體,縣級政府按每人每年100元繳費檔次給予全部代繳")
_PENSION_142B = cite("002", "(十四)", "對低保對象等其他繳費困難群體,縣級政府按每人每年100元繳費檔次給予部分或全部補貼")
_EXIT = cite("002", "(十二)", "不超過一年的漸退期")
_DOCTOR = cite("002", "(九)", "推行高血壓、糖尿病等慢性病醫(yī)防融合服務")
_PRIORITY = cite("002", "(一)", "同等條件下優(yōu)先扶持脫貧不穩(wěn)定人口和邊緣易致貧人口")
_PRIORITY_JOBS = cite("002", "(七)", "優(yōu)先吸納脫貧不穩(wěn)定人口和邊緣易致貧人口務工")
_DIBAO_STANDARD = Citation(document="xiangminfa-2021-4", clause="农村低保指导标准", doc_number="湘民发〔2021〕4号")


def _v(key: str, value: Decimal | int | tuple[str, ...], citation: Citation, *, valid_from: date = D002_FROM,
       valid_until: date = D002_UNTIL, note: str | None = None) -> ParameterValue:
    return ParameterValue(key=key, region=_R, value=value, valid_from=valid_from, valid_until=valid_until,
                          citation=citation, note=note)


VALUES: tuple[ParameterValue, ...] = (
    _v("pension.min_tier", Decimal("100.00"), _PENSION_142,
       note="The tier at which the county pays (每人每年100元繳費檔次)."),
    _v("pension.paid_amount_priority", Decimal("100.00"), _PENSION_142,
       note="全部代繳 at the 100-yuan tier for 农村重度残疾人, 农村特困人员, 返贫致贫人口."),
    _v("dibao.gradual_exit_max_months", 12, _EXIT, note="不超過一年: at most 12 whole months."),
    _v("health.contract_chronic_diseases", ("hypertension", "diabetes"), _DOCTOR,
       note="高血壓、糖尿病等: the two diseases 002 names; 樟树乡 (003) widens the list to four."),
    _v("dibao.standard_rural", Decimal("4300.00"), _DIBAO_STANDARD, valid_from=date(2021, 1, 1),
       valid_until=date(2021, 12, 31),
       note="Hunan rural guiding standard from 2021-01-01 (research/domain.md B.9, H). 2022+ values: NF."),
)

# ---- rules ----------------------------------------------------------------------------------------------

_rural: Expr = field("rural_hukou").eq(True)

#: 002 (十四) full-payment groups: 农村重度残疾人, 农村特困人员, 返贫致贫人口.
pension_priority: Expr = (member_severely_disabled & _rural) | (member_tekun & _rural) | rule("cohort.relapsed")

_pension_base: Expr = (pension_age_window & member_not_student & field("pension_enrolled").eq(True)
                       & field("pension_receiving").eq(False))


def _rule(kind: str, id: str, zh: str, en: str, cond: Expr, *cites: Citation, **kw: object) -> Rule:
    return make_rule(kind, id, zh, en, cond, *cites, region=_R, valid_from=D002_FROM, valid_until=D002_UNTIL,
                     **kw)


RULES: tuple[Rule, ...] = (
    _rule("measure", "pension_premium_paid", "城乡居民养老保险代缴(湖南100元档)",
          "resident pension premium paid by the county (Hunan, 100-yuan tier)",
          _pension_base & any_of(member_severely_disabled, member_tekun, rule("cohort.relapsed"),
                                 rule("cohort.dibao")),
          _PENSION_142, _PENSION_142B, cite("004", "四.4"),
          overrides=True, entity="member", category="pension", benefit_kind="premium_payment",
          amount=if_else(pension_priority, param("pension.paid_amount_priority"), param("pension.paid_amount")),
          amount_unit="yuan/person/year",
          description_en="Same groups as the national rule; the amount is the full 100-yuan tier for rural "
                         "severely disabled people, rural 特困 people and certified relapsed households, and "
                         "the office-supplied partial amount for 低保 members otherwise.",
          amount_note_zh="农村重度残疾人、农村特困人员、返贫致贫人口按100元档全部代缴；低保对象等按100元档部分或全部补贴，"
                         "金额由县级政府确定(pension.paid_amount)",
          amount_note_en="full 100-yuan tier for the priority groups; part or all of it for 低保 and other "
                         "hard-up groups, the amount set by the county (pension.paid_amount)"),
    dibao_gradual_exit_rule(_R, _EXIT, valid_from=D002_FROM, valid_until=D002_UNTIL),
    _rule("cohort", "development_priority", "发展类政策优先扶持对象(脱贫不稳定、边缘易致贫)",
          "priority for developmental support (unstable and marginal households)",
          rule("cohort.unstable_tuopin") | rule("cohort.marginal"), _PRIORITY, _PRIORITY_JOBS,
          description_en="All else equal, these households come first for industry and employment support and "
                         "for 以工代赈 jobs (a tie-break, not an entitlement)."),
    _rule("measure", "tekun_entrusted_care", "分散供养特困人员委托照料", "entrusted care for dispersed 特困 people",
          field("tekun").eq("dispersed"),
          cite("002", "(十二)", "全面落實分散供養(yǎng)特困人員委托照料服務責任"),
          entity="member", category="social_assistance", benefit_kind="care"),
    _rule("measure", "assisted_family_care_visits", "社会救助家庭失能人员访视照料",
          "care visits for members of assisted families who cannot look after themselves",
          (rule("cohort.dibao") | rule("cohort.tekun")) & field("adl_disability").is_in(("partial", "full")),
          cite("002", "(十二)", "通過政府購買服務對社會救助家庭中生活不能自理的老年人、未成年人、殘疾人等提供必要的訪視、照料等服務"),
          entity="member", category="social_assistance", benefit_kind="service",
          description_en="A member of a 低保 or 特困 household who is fully or partly disabled in daily living. "
                         "Minors are not added by age alone: the clause asks whether a person can look after "
                         "themselves, which the record holds only as adl_disability."),
    _rule("measure", "emergency_assistance_review", "急难社会救助审核", "emergency social-assistance review",
          rule("cohort.sudden_hardship"),
          cite("002", "(十五)", "對遭遇突發(fā)事件、意外傷害、重大疾病等導致基本生活困難的家庭或個人給予急難社會救助"),
          cite("002", "(十二)", "對基本生活陷入暫時困難的群眾加強急難型或支出型臨時救助"),
          category="social_assistance", benefit_kind="review",
          amount_note_zh="救助金额文件未给出", amount_note_en="no amount in the documents"),
)

# ---- indicators (aggregate targets) --------------------------------------------------------------------

INDICATORS: tuple[Indicator, ...] = (
    indicator("hunan.village_sewage_treatment_rate", _R, "村庄生活污水治理率", "village sewage treatment rate",
              numerator="villages with sewage treatment", denominator="villages", comparator=">=",
              target="0.35", unit="ratio", computable=False,
              citation=cite("002", "(八)", "村莊生活污水治理率達到35%以上")),
    indicator("hunan.rural_refuse_system_coverage", _R, "乡村生活垃圾收运处置体系覆盖率",
              "coverage of the rural refuse collection and disposal system",
              numerator="villages covered by the refuse system", denominator="villages", comparator=">=",
              target="1", unit="ratio", computable=False,
              citation=cite("002", "(八)", "鄉(xiāng)村生活垃圾收運處置體系全覆蓋")),
    indicator("hunan.nursing_bed_share", _R, "区域中心敬老院护理床位占比",
              "share of nursing beds in regional old-people's homes",
              numerator="nursing beds", denominator="beds in regional centre homes", comparator=">=",
              target="0.55", unit="ratio", computable=False, due=date(2025, 12, 31),
              citation=cite("002", "(十四)", "到2025年實現(xiàn)護理床位占比達到55%以上")),
    indicator("hunan.disabled_rehab_service_rate", _R, "持证残疾人基本康复服务率",
              "basic rehabilitation service rate of certified disabled people with needs",
              numerator="certified disabled people with needs who received basic rehabilitation",
              denominator="certified disabled people with rehabilitation needs", comparator=">=", target="0.85",
              unit="ratio (each year 2021-2025)", computable=False,
              citation=cite("002", "(十四)", "“十四五”期間每年有需求的持證殘疾人接受基本康復服務率和輔助器具適配服務率均達到85%以上")),
    indicator("hunan.disabled_assistive_device_rate", _R, "持证残疾人辅助器具适配服务率",
              "assistive-device fitting rate of certified disabled people with needs",
              numerator="certified disabled people with needs fitted with assistive devices",
              denominator="certified disabled people needing assistive devices", comparator=">=", target="0.85",
              unit="ratio (each year 2021-2025)", computable=False,
              citation=cite("002", "(十四)", "“十四五”期間每年有需求的持證殘疾人接受基本康復服務率和輔助器具適配服務率均達到85%以上")),
    indicator("hunan.county_tekun_care_institution", _R, "县级特困供养服务机构覆盖",
              "counties with a county-level 特困 care institution",
              numerator="counties with one county-level 特困 care institution", denominator="counties",
              comparator=">=", target="1", unit="ratio", computable=False,
              citation=cite("002", "(十四)", "實現(xiàn)所有縣市區(qū)建成1所以失能特困人員專業(yè)照護為主的縣級特困供養(yǎng)服務機構")),
    indicator("hunan.ecommerce_demo_counties", _R, "脱贫县纳入电子商务进农村综合示范县",
              "eligible lifted-out counties in the national e-commerce-to-countryside scheme",
              numerator="eligible lifted-out counties in the scheme", denominator="eligible lifted-out counties",
              comparator=">=", target="1", unit="ratio", computable=False, due=date(2025, 12, 31),
              aspirational=True,
              citation=cite("002", "(六)", "爭取2025年底全省符合條件的脫貧縣全部納入國家電子商務進農村綜合示范縣范疇")),
    indicator("hunan.revitalisation_demo_counties", _R, "乡村振兴示范县", "rural-revitalisation demonstration counties",
              numerator="demonstration counties", denominator=None, comparator=">=", target="14",
              unit="counties", computable=False,
              citation=cite("002", "(十)", "重點抓好1個示范市、14個示范縣")),
    indicator("hunan.revitalisation_demo_cities", _R, "乡村振兴示范市", "rural-revitalisation demonstration cities",
              numerator="demonstration cities", denominator=None, comparator=">=", target="1",
              unit="cities", computable=False,
              citation=cite("002", "(十)", "重點抓好1個示范市、14個示范縣")),
)
