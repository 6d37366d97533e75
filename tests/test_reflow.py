"""A PDF's lines read back as paragraphs (generator/importer/reflow.py): small exact cases."""

from __future__ import annotations

from generator.importer import reflow

PAGE = [
    "2021年，我区坚持以人民为中心深化政务公开，聚焦企业和群众关切，拓展重点领域信息公开，加强政策",  # cut at the page's width
    "解读，推动决策和管理服务更加透明规范。",
    "（一）主动公开",
    "全区全年主动公开政府信息2645条，通过政府网站、政务新媒体、办公场所宣传栏等渠道发布，",  # ends in a comma
    "覆盖各重点领域。",
    "予以公开 30",  # a chart's legend and axis: three or more short label lines
    "部分公开",
    "件数",
    "0 5 10 15 20 25 30",  # its ticks: figures only
    "• 政策解读",  # a bulleted list: kept, however short
    "• 民生领域",
    "• 财政资金",
    "统计期间为2021",  # a figure cut from its unit
    "年全年。",
]


def test_the_pages_width_is_that_of_its_full_lines() -> None:
    full = "全区各级单位全年主动公开政府信息，推动决策和管理服务更加透明规范，持续"
    assert reflow.line_width(["\n".join([full] * 9 + ["更加透明。"]), "  短 行  "]) == len(full)


def test_a_pdfs_lines_come_back_as_its_paragraphs() -> None:
    assert reflow.paragraphs(PAGE, len(PAGE[0])) == [
        "2021年，我区坚持以人民为中心深化政务公开，聚焦企业和群众关切，拓展重点领域信息公开，加强政策解读，推动决策和管理服务更加透明规范。",
        "（一）主动公开",
        "全区全年主动公开政府信息2645条，通过政府网站、政务新媒体、办公场所宣传栏等渠道发布，覆盖各重点领域。",
        "• 政策解读", "• 民生领域", "• 财政资金",
        "统计期间为2021年全年。",
    ]


def test_a_layouts_spaces_between_chinese_characters_are_removed_and_numbered_items_start_paragraphs() -> None:
    lines = ["改 进 措 施：", "1. 丰富解读形式，着重解读政策背景。", "2. 加强重点政务信息管理。"]
    assert reflow.paragraphs(lines, 40) == ["改进措施：", "1. 丰富解读形式，着重解读政策背景。", "2. 加强重点政务信息管理。"]
