"""The regions this plugin declares: 湖北省 (420000) and 天门市 (429006), with the period document 000 governs.

天门 is a county-level city (县级市) that the province administers directly (省直辖县级行政单位). GB/T 2260 files
such units under the code 429000 ("省直辖县级行政区划", research/domain.md B.12), but 429000 is a statistical
grouping, not a government that issues policy or sets parameters, so no region 429000 is declared: 429006's
parent is the province. Its level is ``county`` because policies address it at the county tier (000 十六:
"市县乡抓落实"; its own 市 acts as the county for 县级 measures such as 县域医共体 in 000 三).
"""

from __future__ import annotations

from datetime import date

from ...models import Region

__all__ = ["HUBEI", "REGIONS", "TIANMEN", "TRANSITION_END", "TRANSITION_START"]

HUBEI = "420000"
TIANMEN = "429006"

#: 000 一: "过渡期内(2021-2025 年)" — the period every Tianmen rule, event and indicator is bounded by.
TRANSITION_START = date(2021, 1, 1)
TRANSITION_END = date(2025, 12, 31)

REGIONS: tuple[Region, ...] = (
    Region(id=HUBEI, name_zh="湖北省", name_en="Hubei province", level="province", parent="CN"),
    Region(
        id=TIANMEN, name_zh="天门市", name_en="Tianmen city", level="county", parent=HUBEI,
        note=("County-level city administered directly by Hubei province (省直辖县级市). GB/T 2260 groups such "
              "units under 429000 (省直辖县级行政区划), a statistical grouping rather than a government, so the "
              "parent is 420000 and no 429000 region is declared (research/domain.md B.12). Level 'county': "
              "it acts at the county tier (000 十六 市县乡抓落实; 000 三 县域医共体).")),
)
