"""Regenerate the SYNTHETIC example exports in this folder (python examples/intake/make_examples.py).

合成示例数据,非真实人员 / Synthetic example data: no real person. The id numbers are made up (valid check
digits so they pass the importer's checksum test); the names are 测试甲…测试癸.

The rows below are written the way county exports write them (Chinese words, mixed date formats, a title row,
GBK encoding, Excel date cells and serial numbers). ``households.jsonl`` beside this script was written by
hand from the same facts; tests/intake/test_intake_examples.py checks that the exports import into exactly
those households, and that the department extracts in ``extracts/`` disagree with them exactly where the
README says they do.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TITLE = "天门市防返贫监测对象家庭成员信息表(合成示例数据,非真实人员 / SYNTHETIC EXAMPLE, not real people)"

HH_COLS = ["行政区划代码", "户编号", "是否脱贫户", "脱贫年度", "是否低保户", "纳入低保日期", "监测对象类别",
           "识别纳入日期", "风险类型", "家庭年纯收入(元)", "住房安全鉴定等级"]
MEM_COLS = ["姓名", "身份证号", "性别", "与户主关系", "出生日期", "是否残疾", "残疾等级", "残疾类别", "慢性病",
            "劳动技能", "在校生状况", "是否在校", "是否参加城乡居民基本医疗保险", "是否参加城乡居民基本养老保险",
            "是否享受城乡居民基本养老保险待遇", "务工地点", "务工时间(月)", "特困供养", "失能状况", "是否留守儿童",
            "是否参加职业技能培训"]
EXTRA_COLS = ["联系电话", "备注"]  # not in the mapping: listed as ignored columns in the import report

HOUSEHOLDS: list[list[Any]] = [
    ["429006100201", "H001", "是", "2018", "否", "", "脱贫不稳定户", "2021-06-15", "因病", "8,200.50", "B级"],
    ["429006100201", "H002", "是", "2016", "是", "2020/1/1", "边缘易致贫户", "2021年3月10日", "因病、其他", "5400",
     "C级"],
    ["429006100305", "H003", "否", "", "否", "", "突发严重困难户", "20210820", "因灾、因意外事故", "12000元", "D级"],
    ["429006100305", "H004", "是", "2019", "否", "", "非监测对象", "", "无", "30000.00", "A级"],
]

MEMBERS: list[list[Any]] = [  # household key first, then MEM_COLS, then the extra columns
    ["H001", "测试甲", "429006196503120111", "男", "户主", "1965-03-12", "否", "", "", "高血压", "普通劳动力", "非在校生",
     "", "是", "是", "否", "县内", "10", "否", "无", "", "否", "13800000001", ""],
    ["H001", "测试乙", "429006196708010223", "女", "配偶", "1967/8/1", "是", "二级", "肢体残疾", "无", "丧失劳动力",
     "非在校生", "", "是", "是", "否", "未务工", "0", "否", "半失能", "", "", "", ""],
    ["H001", "测试丙", "429006201009010316", "男", "之子", "2010年9月1日", "否", "", "", "无", "", "初中", "是", "是", "",
     "", "", "", "", "", "否", "", "", "合成数据"],
    ["H002", "测试丁", "42900619500228042X", "女", "户主", "19500228", "否", "", "", "糖尿病、高血压", "丧失劳动力",
     "非在校生", "", "是", "是", "是", "", "", "否", "半失能", "", "", "", ""],
    ["H002", "测试戊", "429006201405200517", "男", "之孙子", "2014-05-20", "否", "", "", "", "", "小学", "是", "是", "", "",
     "", "", "", "", "是", "", "", ""],
    ["H003", "测试己", "429006198011110610", "男", "户主", "1980.11.11", "否", "", "", "", "普通劳动力", "非在校生", "",
     "否", "是", "", "省外", "8", "", "", "", "是", "", ""],
    ["H003", "测试庚", "429006200801150721", "女", "之女", "2008-01-15", "否", "", "", "", "", "普通高中", "是", "是", "", "",
     "", "", "", "", "", "", "", ""],
    ["H003", "测试辛", "429006194807070820", "女", "之母", "1948-07-07", "是", "一级", "视力残疾", "", "丧失劳动力",
     "非在校生", "", "是", "", "是", "", "", "否", "", "", "", "", ""],
    ["H004", "测试壬", "429006197504040919", "男", "户主", "1975-04-04", "否", "", "", "", "技能劳动力", "非在校生", "",
     "是", "是", "否", "县内", "12", "", "", "", "", "", ""],
    ["H004", "测试癸", "429006201609090137", "男", "之子", "2016-09-09", "否", "", "", "", "", "小学", "是", "是", "", "",
     "", "", "", "", "", "", "", ""],
]


def _person_rows() -> list[list[Any]]:
    by_key = {h[1]: h for h in HOUSEHOLDS}
    return [by_key[m[0]] + m[1:] for m in MEMBERS]


def write_gbk_csv() -> None:
    """Person layout, GBK-encoded (Excel's 'CSV' on a Chinese Windows), with a title row above the headers."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow([TITLE])
    w.writerow(HH_COLS + MEM_COLS + EXTRA_COLS)
    w.writerows(_person_rows())
    (HERE / "monitoring_export_gbk.csv").write_bytes(buf.getvalue().encode("gbk"))


def _excel_date(text: str) -> Any:
    """The XLSX stores dates as Excel does: real date cells, and one serial number (as pasted values)."""
    if text == "2021-06-15":
        return (date(2021, 6, 15) - date(1899, 12, 30)).days  # 44362, a bare serial number
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return text


def write_two_sheet_xlsx() -> None:
    """Split layout: sheet 户信息 (one row per household) and sheet 成员信息 (one row per member)."""
    from openpyxl import Workbook

    wb = Workbook()
    hs = wb.active
    assert hs is not None
    hs.title = "户信息"
    hs.append([TITLE])
    hs.append(HH_COLS)
    for h in HOUSEHOLDS:
        row: list[Any] = list(h)
        row[5], row[7] = _excel_date(row[5]), _excel_date(row[7])
        row[3] = int(row[3]) if row[3] else None  # 脱贫年度 as a number
        hs.append(row)
    ms = wb.create_sheet("成员信息")
    ms.append(["户编号"] + MEM_COLS)
    for m in MEMBERS:
        mrow: list[Any] = list(m[: 1 + len(MEM_COLS)])
        mrow[5] = _excel_date(mrow[5])
        ms.append(mrow)
    for ws in (hs, ms):
        for row_cells in ws.iter_rows():
            for c in row_cells:
                if isinstance(c.value, datetime):
                    c.number_format = "yyyy-mm-dd"
    wb.save(HERE / "monitoring_two_sheets.xlsx")


# Department extracts (信息比对). Each disagreement below is deliberate and listed in README.md.
INSURANCE = [  # 医保局: 城乡居民基本医疗保险参保名单
    ["姓名", "身份证号", "参保状态", "参保年度"],
    ["测试甲", "429006196503120111", "参保", "2023"],
    ["测试乙", "429006196708010223", "参保", "2023"],
    # 测试丙 (H001) is missing: the household file says insured → disagreement 1
    ["测试丁", "42900619500228042X", "参保", "2023"],
    ["测试戊", "429006201405200517", "参保", "2023"],
    ["测试己", "429006198011110610", "参保", "2023"],  # file says not insured → disagreement 2
    ["测试庚", "429006200801150721", "参保", "2023"],
    ["测试辛", "429006194807070820", "参保", "2023"],
    ["测试壬", "429006197504040919", "参保", "2023"],
    ["测试癸", "429006201609090137", "参保", "2023"],
    ["测试子", "429006199001010995", "参保", "2023"],  # not in the household file: out of scope, counted only
]
DISABILITY = [  # 残联: 持证残疾人名单
    ["姓名", "身份证号", "残疾证号", "残疾类别", "残疾等级"],
    ["测试乙", "429006196708010223", "42900619670801022343", "肢体残疾", "三级"],  # file: 二级 → disagreement 3
    ["测试辛", "429006194807070820", "42900619480707082011", "视力残疾", "一级"],
    ["测试壬", "429006197504040919", "42900619750404091944", "肢体残疾", "四级"],  # file: 否 → disagreement 4
]
ASSISTANCE = [  # 民政: 低保/特困人员名册
    ["姓名", "身份证号", "救助类别", "供养方式"],
    ["测试丁", "42900619500228042X", "低保", ""],
    ["测试戊", "429006201405200517", "低保", ""],
    ["测试己", "429006198011110610", "低保", ""],  # H003 not marked 低保 → disagreement 5
    ["测试辛", "429006194807070820", "特困", "分散供养"],  # file: 特困供养 否 → disagreement 6
]
SCHOOL = [  # 教育: 学籍名单
    ["姓名", "身份证号", "学校名称", "在校状态"],
    ["测试丙", "429006201009010316", "合成示例中学", "在读"],
    # 测试戊 (H002, 小学, 在校) is missing from the roll → disagreement 7
    ["测试庚", "429006200801150721", "合成示例高中", "在读"],
    ["测试癸", "429006201609090137", "合成示例小学", "在读"],
]
HOUSING = [  # 住建: 农村住房安全性鉴定
    ["户主姓名", "户主身份证号", "鉴定等级", "鉴定日期"],
    ["测试甲", "429006196503120111", "B级", "2021-05-06"],
    ["测试丁", "42900619500228042X", "C级", "2021-05-06"],
    ["测试己", "429006198011110610", "C级", "2021-05-07"],  # file: D级 → disagreement 8
    ["测试壬", "429006197504040919", "C级", "2021-05-07"],  # file: A级 → disagreement 9
]


def write_extracts() -> None:
    from openpyxl import Workbook

    out = HERE / "extracts"
    out.mkdir(exist_ok=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "参保名单"
    for r in INSURANCE:
        ws.append(r)
    wb.save(out / "insurance.xlsx")
    for name, rows, enc in (("disability.csv", DISABILITY, "gbk"), ("assistance.csv", ASSISTANCE, "utf-8-sig"),
                            ("school.csv", SCHOOL, "utf-8"), ("housing.csv", HOUSING, "utf-8-sig")):
        buf = io.StringIO(newline="")
        csv.writer(buf).writerows(rows)
        (out / name).write_bytes(buf.getvalue().encode(enc))


if __name__ == "__main__":
    write_gbk_csv()
    write_two_sheet_xlsx()
    write_extracts()
