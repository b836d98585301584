"""pipelines.text.decode: charsets, HTML to text, page furniture, document_text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.text.decode import (
    declared_charset,
    decode_bytes,
    document_text,
    furniture_rule,
    html_to_text,
    strip_furniture,
)

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEED = ROOT / "raw" / "000_c4f1182ef43108cd.txt"
REPORT = "政府工作报告\n各位代表:\n过去一年,全区地区生产总值完成512.3亿元,增长5.6%。森林覆盖率达到61.8%。\n"


@pytest.mark.parametrize(
    "name, needle",
    [
        ("changan_2024_utf8.html", "石家庄市长安区2024年政府工作报告"),
        ("changan_2023_gbk.html", "石家庄市长安区2023年政府工作报告"),
        ("linan_2024_big5.html", "杭州市臨安區2024年政府工作報告"),
        ("wuhou_2024_pdf.txt", "成都市武侯区2024年政府工作报告"),
    ],
)
def test_fixture_pages_decode_from_meta_or_detection(name, needle):
    assert needle in decode_bytes((PAGES / name).read_bytes())


def test_header_charset_wins_over_meta():
    data = '<html><head><meta charset="utf-8"></head><body>政府工作报告</body></html>'.encode("gbk")
    assert declared_charset(data, "text/html; charset=GBK") == "gb18030"
    assert "政府工作报告" in decode_bytes(data, "text/html; charset=GBK")


@pytest.mark.parametrize("label", ["gb2312", "GB2312", "gbk", "x-gbk", "cp936"])
def test_gb_labels_read_as_gb18030(label):
    # 镕 and 堃 are GBK/GB18030 characters missing from GB2312: pages labelled gb2312 use them anyway
    text = "朱镕基 王堃 政府工作报告"
    data = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">{text}'.encode("gb18030")
    assert text in decode_bytes(data)


def test_big5_label():
    data = '<meta charset="big5">政府工作報告 臺灣'.encode("big5")
    assert "政府工作報告 臺灣" in decode_bytes(data)


TRAD_REPORT = "政府工作報告\n各位代表:\n過去一年,全區地區生產總值完成512.3億元,增長5.6%。森林覆蓋率達到61.8%。\n"


@pytest.mark.parametrize(
    "codec, text",
    [("gb18030", REPORT), ("utf-8", REPORT), ("utf-8-sig", REPORT), ("utf-16", REPORT), ("big5", TRAD_REPORT)],
)
def test_undeclared_text_is_detected(codec, text):
    assert decode_bytes((text * 3).encode(codec)) == text * 3


def test_wrong_declaration_falls_back_to_detection():
    data = ('<html><head><meta charset="utf-8"></head><body>' + REPORT * 3 + "</body></html>").encode("gbk")
    assert "地区生产总值" in decode_bytes(data)


def test_empty_bytes_decode_to_empty_text():
    assert decode_bytes(b"") == ""


def test_html_to_text_keeps_paragraphs_and_title():
    html = (PAGES / "changan_2024_utf8.html").read_text(encoding="utf-8")
    text = html_to_text(html)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines[0] == "石家庄市长安区2024年政府工作报告"
    assert "各位代表:" in lines
    assert "一、2023年工作回顾" in lines
    assert "<p>" not in text and "SYNTHETIC" not in text


SEED_FURNITURE = [
    "• WAP手机版",
    "时间:2023-03-16   作者:中国县域   来源:政府官网   阅读:890   评论:0",
    "内容摘要: 政府工作报告  ——2022年12月21日在北京市延庆区第三届人民代表大会第三次会议上  北京市延庆区人民政府区长 叶大华",
    "主办单位:中国县域 运行维护单位:中国县域 版权所有:中国县域 中国县域QQ:1581746470",
    "  皖ICP备2023017023号",
]


@pytest.mark.parametrize("line", SEED_FURNITURE)
def test_seed_furniture_lines(line):
    assert furniture_rule(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "分享到: 微信 微博",
        "【打印本页】 【关闭窗口】",
        "当前位置:首页 > 工作报告",
        "首頁 > 政務公開",
        "發布日期:2024-01-30 來源:區政府 點擊:456",
        "Copyright 示例繁體網 浙ICP備00000000號",
        "上一篇:关于印发某某通知",
        "浏览次数:88",
        "责任编辑:张三",
    ],
)
def test_general_furniture_lines(line):
    assert furniture_rule(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "政府工作报告",
        "——2022年12月21日在北京市延庆区第三届人民代表大会第三次会议上",
        "北京市延庆区人民政府区长  叶大华",
        "各位代表:",
        "一、冬奥服务保障圆满成功",
        "全区接待游客1000万人次,旅游收入增长15%,网站访问量达到20万次。",
        "持续深化知识产权保护,维护企业合法权益。",
    ],
)
def test_report_lines_are_not_furniture(line):
    assert furniture_rule(line) is None


def test_strip_furniture_on_seed_keeps_everything_else():
    raw = SEED.read_text(encoding="utf-8")
    stripped = strip_furniture(raw)
    kept = [line for line in raw.split("\n") if line.strip() and furniture_rule(line) is None]
    assert len(raw.split("\n")) - len(stripped.split("\n")) == len(SEED_FURNITURE)
    assert [line for line in stripped.split("\n") if line.strip()] == kept
    assert "北京市延庆区2023年政府工作报告" in stripped and "阅读:890" not in stripped


@pytest.mark.parametrize("name", ["changan_2024_utf8.html", "changan_2023_gbk.html", "linan_2024_big5.html"])
def test_document_text_of_html_pages_has_no_furniture(name):
    text = document_text((PAGES / name).read_bytes(), content_type="text/html", filename=name)
    for junk in ("WAP", "阅读:", "分享到", "打印本页", "ICP", "版权所有", "主办单位", "内容摘要", "首頁", "點擊"):
        assert junk not in text, junk
    assert "各位代表:" in text


def test_document_text_traditional_page_kept_traditional_without_glosses():
    text = document_text((PAGES / "linan_2024_big5.html").read_bytes(), content_type=None, filename="x.html")
    assert "穩中向好態勢,發展質量持續提升" in text
    assert "tài" not in text and "fā" not in text


def test_document_text_of_pdf_text_file():
    data = (PAGES / "wuhou_2024_pdf.txt").read_bytes()
    text = document_text(data, content_type=None, filename="wuhou_2024_pdf.txt")
    assert "一般公共预算收入完成60132.9亿元,增长77.8%" in text
    assert "地区生产总值达到1320.5亿元,同比增长6.1%" in text
    assert "成都市武侯区人民政府区长  赵示例" in text  # signature layout kept
    assert "\n\n一、2023年工作回顾\n" in text  # paragraphs kept


def test_text_file_in_gbk_goes_through_the_same_decoding():
    data = SEED.read_text(encoding="utf-8").encode("gb18030")
    assert document_text(data, content_type=None, filename="seed.txt") == document_text(
        SEED.read_bytes(), content_type=None, filename="seed.txt"
    )


def test_latin1_label_on_chinese_bytes_is_not_trusted():
    data = ('<meta charset="iso-8859-1">' + REPORT * 3).encode("gbk")
    assert "地区生产总值" in decode_bytes(data)
