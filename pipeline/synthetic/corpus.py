"""A corpus of realistic publications of this family, the same for the same seed.

Units, years, project counts (1–60), amounts with two to four decimals, other funds, spending plans,
indicator value forms (from the grammar's examples and the slips real tables carry) and part-1
items all vary; a share of the files is written as .docx.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from parsers.formats.tika_text import read_tika_text

from .docx import docx_from_blocks
from .tika import Project, Publication, tika_text

PLACES = ("路南", "路北", "开平", "丰南", "城东", "城西", "新华", "长安", "桥西", "裕华", "运河", "海港")
UNIT_KINDS = ("街道办事处", "镇人民政府", "教育局", "卫生健康局", "民政局", "农业农村局", "住房和城乡建设局")
SCOPES = ("部门本级", "单位本级", "部门汇总")
PROJECT_NAMES = (
    "车辆保险费",
    "社区工作经费",
    "基层武装部建设经费",
    "社区干部生活补贴",
    "老年人日间照料补助",
    "环境卫生整治经费",
    "乡村道路养护",
    "学生营养改善计划",
    "困难群众救助资金",
    "信息化建设运维",
    "办公楼维修改造",
    "党建活动经费",
    "安全生产检查",
    "防汛物资储备",
)
VALUES = (
    "≥95%",
    "100%",
    "≥100%",
    "95%以上",
    "不低于90%",
    "90%-100%",
    "≤5%",
    "40人",
    "7社区",
    "1辆",
    "≥20座",
    "≥70村",
    "三个",
    "两次",
    "6.8万元",
    "=46.16万元",
    "≤620万元/月",
    "500元/人",
    "≤7工作日",
    "12月底前",
    "6月30日前",
    "年底前",
    "≥90分",
    "是",
    "是/否",
    "进一步保障",
    "显著提升",
    "良好",
    "定性 高中低",
    "≥2万人次",
)
INDICATORS = (
    ("产出指标", "数量指标", "补助人数"),
    ("产出指标", "数量指标", "覆盖社区数"),
    ("产出指标", "质量指标", "补助发放准确率"),
    ("产出指标", "质量指标", "设备正常运行率"),
    ("产出指标", "时效指标", "资金支付及时率"),
    ("产出指标", "时效指标", "完成时间"),
    ("产出指标", "成本指标", "项目控制预算数"),
    ("效益指标", "社会效益指标", "群众生活改善"),
    ("效益指标", "经济效益指标", "业务保障能力"),
    ("效益指标", "生态效益指标", "环境改善"),
    ("效益指标", "可持续影响指标", "长期使用性"),
    ("满意度指标", "服务对象满意度指标", "群众满意度"),
)
PLANS = ((25, 50, 75, 100), (30, 60, 90, 100), (10, 40, 70, 100), (25, 50, 75, 90), (0, 0, 50, 100))


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    size: int
    fmt: str


def make_corpus(root: Path, count: int, seed: int = 2022, docx_share: float = 0.3) -> list[CorpusFile]:
    """Write ``count`` publications under ``root/<year>/``; the same seed gives the same bytes."""
    rng = random.Random(seed)
    files = []
    for number in range(count):
        pub = _publication(rng, number)
        text = tika_text(pub).encode("utf-8")
        as_docx = rng.random() < docx_share
        path = root / str(pub.year) / f"{pub.unit_line[:6]}-{number:05d}.{'docx' if as_docx else 'txt'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = docx_from_blocks(read_tika_text(text).blocks) if as_docx else text
        path.write_bytes(data)
        files.append(CorpusFile(path, len(data), "docx" if as_docx else "tika_text"))
    return files


def _publication(rng: random.Random, number: int) -> Publication:
    year = rng.randint(2019, 2025)
    unit = f"{rng.randint(100000, 999999)}"
    place, kind = rng.choice(PLACES), rng.choice(UNIT_KINDS)
    count = min(60, max(1, int(rng.triangular(1, 60, 10))))
    projects = [_project(rng, unit, year, n) for n in range(count)]
    items = tuple(
        (
            str(n + 1),
            f"{rng.choice(PROJECT_NAMES)[:4]}专项业务",
            {
                "主要职责是": "组织协调上级及下属单位等工作。",
                "职责目标是": "确保各项工作顺利开展。",
                "绩效目标是": "全面提升工作水平。",
            },
        )
        for n in range(rng.randint(1, 6))
    )
    return Publication(
        unit_line=f"{unit}{place}{kind}{rng.choice(SCOPES)}",
        year=year,
        overall=f"{year}年{place}{kind}将全面提升各项工作水平，实现和谐稳定。",
        duties=("完成辖区及上级交办事务。", "加强干部队伍建设。"),
        items=items,
        measures=("一是注重民生。", "二是精细管理，城市面貌进一步提升。"),
        projects=projects,
    )


def _project(rng: random.Random, unit: str, year: int, n: int) -> Project:
    places = rng.choice((2, 2, 2, 4))
    fiscal = round(rng.uniform(0.1, 500), places)
    other = round(rng.uniform(0, 50), places) if rng.random() < 0.2 else None
    budget = fiscal + (other or 0)
    plan = rng.choice(PLANS)
    rows = []
    for level1, level2, level3 in rng.sample(INDICATORS, rng.randint(4, len(INDICATORS))):
        rows.append((level1, level2, level3, level3, rng.choice(VALUES), "年度工作计划"))
    rows.sort(key=lambda row: ("产出指标", "效益指标", "满意度指标").index(row[0]))
    code_year = year if rng.random() < 0.9 else year - 1
    return Project(
        code=f"{unit[:6]}{code_year % 100:02d}P{rng.randint(0, 16**10):010X}",
        name=f"{year}{rng.choice(PROJECT_NAMES)}",
        budget=f"{budget:.{places}f}",
        fiscal=f"{fiscal:.{places}f}",
        other=f"{other:.{places}f}" if other is not None else " ",
        plan=tuple(zip(("3月底", "6月底", "10月底", "12月底"), (f"{p}%" for p in plan), strict=True)),
        goal=f"1.保障{rng.choice(PROJECT_NAMES)}顺利实施",
        indicators=tuple(rows),
    )
