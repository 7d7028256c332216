"""The clauses behind each lifecycle transition, quoted as written in the seed documents.

Kept in one place so that ``docs/lifecycle.md`` and the tests can show (and verify against the seeds) the
exact text each transition rests on. 002 is quoted in traditional characters as the web copy has them; quotes
stop before the stray pinyin that copy inserts (e.g. "動態(tài)").
"""

from __future__ import annotations

from ..models import Citation
from ..policies.documents import cite

__all__ = [
    "ALL",
    "ASSIST_FLOOR",
    "ASSIST_FULL",
    "ASSIST_SUDDEN",
    "ASSIST_TARGETED",
    "ASSIST_WEAK",
    "CHANNEL",
    "DIBAO",
    "DIBAO_EXIT",
    "DYNAMIC_CLEARING",
    "EDUCATION",
    "ELIMINATE",
    "EMPLOYMENT",
    "HELP_ALL",
    "HOUSING",
    "INCLUDE",
    "INCLUDE_HN",
    "KINDS",
    "PUBLIC_POSTS",
    "REASSESS",
    "ROUTINE_SCREENING",
    "SCREEN_INCLUDED",
    "TOWNSHIP_VERIFY",
    "TRACKING",
    "WATER",
]

# ---- identification (发现) --------------------------------------------------------------------------------
_THREE_CHANNELS = cite("001", "一.一", "在农户自主申报、部门数据比对、基层排查核实三个渠道基础上")
_HN_CHANNELS = cite("002", "(二)", "通過農戶自主申請、部門信息比對、干部走訪排查等方式")
_CD_CHANNELS = cite("004", "二.2", "建立农户主动申请、部门信息比对、基层干部定期跟踪回访相结合的易返贫致贫人口发现和核查机制")
ROUTINE_SCREENING = cite("001", "一.一", "围绕脱贫户、监测户和重点户,经常性开展动态排查")
_ALERT = cite("001", "一.二", "11个部门及时推送因灾、因病、因残等突发预警信息和临时发生的突发情况")
TOWNSHIP_VERIFY = cite("001", "一.二", "各乡镇要第一时间完成入户排查、原因分析、集中会商和信息反馈")
_CONCENTRATED = cite("001", "一.三", "5月、10月分别开展一次集中入户排查")
_COMPARISON = cite("001", "一.五", "各相关行业部门要在5月、10月分别开展一次信息比对")
SCREEN_INCLUDED = cite("003", "二.(一).3.①", "对符合条件的是否及时纳入监测范围")

#: The clauses naming each identification channel.
CHANNEL: dict[str, tuple[Citation, ...]] = {
    "self_application": (_THREE_CHANNELS, _HN_CHANNELS, _CD_CHANNELS,
                         cite("003", "二.(一).3.①", "农户是否知道申报")),
    "department_data": (_THREE_CHANNELS, _COMPARISON, _HN_CHANNELS, _CD_CHANNELS),
    "department_alert": (_ALERT, TOWNSHIP_VERIFY),
    "cadre_visit": (_THREE_CHANNELS, _HN_CHANNELS, _CD_CHANNELS),
    "concentrated_screening": (_CONCENTRATED, ROUTINE_SCREENING),
}

# ---- inclusion (纳入) -------------------------------------------------------------------------------------
INCLUDE = cite("001", "一.六", "按纳入程序精准确定监测帮扶对象,将有返贫致贫风险和突发严重困难的农户纳入监测范围,做到应纳尽纳")
INCLUDE_HN = cite("002", "(二)", "及時將符合條件的對象分層分類按程序納入動態")
KINDS = cite("004", "二.2", "对脱贫不稳定户、边缘易致贫户,以及因病因灾因意外事故等刚性支出较大或收入大幅缩减导致基本生活出现严重困难户,开展定期检查、动态管理")

# ---- assistance (帮扶) ------------------------------------------------------------------------------------
ASSIST_SUDDEN = cite("001", "一.七", "对发现的因灾因病因疫等苗头性问题,及时落实社会救助、医疗保障等帮扶措施")
ASSIST_FULL = cite("001", "一.七", "对有劳动能力、有意愿的,落实产业、就业等开发式帮扶措施")
ASSIST_FLOOR = cite("001", "一.七", "对无劳动能力的,落实落靠兜底保障、社会救助等帮扶措施,确保基本生活不出问题")
ASSIST_WEAK = cite("001", "一.七", "对弱、半劳动力的,努力创造条件探索开发式帮扶措施")
HELP_ALL = cite("001", "一.七", "做到“应帮尽帮”,实现帮扶率 100%")
PUBLIC_POSTS = cite("001", "三.3", "因地制宜开发乡村公益性岗位,促进弱、半劳动力就近就地就业")
ASSIST_TARGETED = cite("002", "(二)", "堅持預防性措施和事后幫扶相結合")
HOUSING = cite("000", "四", "对农村低收入人口唯一住房鉴定为C、D级危房的，及时纳入保障范围")
EDUCATION = cite("004", "二.3", "确保除身体原因不具备学习条件外脱贫家庭义务教育阶段适龄儿童少年不失学辍学")
WATER = cite("004", "二.3", "巩固维护好已建农村供水工程成果")
EMPLOYMENT = cite("004", "三.2", "促进脱贫人口稳定就业")

# ---- risk elimination, tracking, re-inclusion (风险消除、跟踪期) ----------------------------------------
REASSESS = cite("001", "一.八", "对未消除风险的监测户进行户内风险再评定")
ELIMINATE = cite("001", "一.八", "致贫返贫风险稳定消除、且户内收入持续稳定的,履行风险消除程序,在国网内标注风险消除")
TRACKING = cite("001", "一.八", "已消除风险户设立一年跟踪期,发现苗头性问题及时消除隐患")
DYNAMIC_CLEARING = cite("004", "二.2", "建立健全易返贫致贫人口快速发现和响应机制,实行动态清零")

# ---- 低保 gradual exit (渐退) -----------------------------------------------------------------------------
DIBAO = cite("004", "四.2", "完善最低生活保障制度,科学认定农村低保对象")
DIBAO_EXIT = cite("002", "(十二)", "不超過一年的漸退期")

#: Every citation above (the tests check each quote against the seed text).
ALL: tuple[Citation, ...] = (
    *dict.fromkeys(c for cs in CHANNEL.values() for c in cs), ROUTINE_SCREENING, TOWNSHIP_VERIFY, SCREEN_INCLUDED, INCLUDE,
    INCLUDE_HN, KINDS, ASSIST_SUDDEN, ASSIST_FULL, ASSIST_FLOOR, ASSIST_WEAK, HELP_ALL, PUBLIC_POSTS,
    ASSIST_TARGETED, HOUSING, EDUCATION, WATER, EMPLOYMENT, REASSESS, ELIMINATE, TRACKING, DYNAMIC_CLEARING,
    DIBAO, DIBAO_EXIT,
)
