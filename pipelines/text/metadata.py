"""What a work report says about itself: title, region, years, delivery date, session, speaker.

``find_metadata`` matches on a same-length Simplified copy of the text (``to_simplified``) and
returns the strings as written (Traditional stays Traditional), so it works on both.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.model import ReportMeta
from pipelines.text.normalize import to_simplified
from pipelines.text.regions import lookup_region

HEAD_CHARS = 3000  # title, delivery line and speaker are in the opening lines

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "o": 0, "0": 0}
_NUM = r"[\d〇○零一二三四五六七八九十]"
_TITLE = re.compile(r"^.{0,40}政府工作报告.{0,12}$", re.M)
_YEAR = re.compile(r"((?:19|20)\d\d|[二][〇○零][〇○零一二三四五六七八九]{2})\s*年")
_DELIVERED = re.compile(
    rf"(?P<y>(?:19|20)\d\d|二[〇○零]{_NUM}{{2}})\s*年\s*(?P<m>{_NUM}{{1,3}})\s*月\s*(?P<d>{_NUM}{{1,3}})\s*日\s*"
    r"(?:在\s*(?P<session>[^\n,。]{2,80}?(?:会议|大会))\s*上)?"
)
_LEADER = r"(?:代理|代)?(?:省长|市长|区长|县长|旗长|州长|盟长|主席|镇长|乡长)"
# a name of two to five characters, or a longer one joined by · (艾尔肯·吐尼亚孜), its characters
# sometimes set apart by a space (龚 正, 韦 韬)
_NAME = r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,8}"
_SPEAKER = re.compile(
    rf"^(?P<title>[^\n,。:]{{0,40}}?(?:人民政府|政府)(?:副)?{_LEADER})[ \t]*(?P<name>{_NAME})[ \t]*$"
    rf"|^(?P<title2>(?:[\u4e00-\u9fff]{{0,20}}?(?:省|市|区|县|州|盟|旗))?{_LEADER})[ \t\u3000]+(?P<name2>{_NAME})[ \t]*$",
    re.M,
)
_SESSION_REGION = re.compile(r"^(?P<r>.{2,30}?)第[\d一二三四五六七八九十]+届人民代表大会")
_REVIEW_HEADING = re.compile(
    rf"^[^\n]{{0,20}}?(?P<y>(?:19|20)\d\d|二[〇○零]{_NUM}{{2}})\s*年(?:的)?(?:主要)?(?:政府)?工作(?:情况)?回顾"
    rf"|^[^\n]{{0,20}}?(?P<y2>(?:19|20)\d\d|二[〇○零]{_NUM}{{2}})\s*年(?:的)?(?:主要)?工作情况"
    rf"|^[^\n]{{0,20}}?回顾\s*(?P<y3>(?:19|20)\d\d|二[〇○零]{_NUM}{{2}})\s*年",
    re.M,
)
_CHROME_TITLE = re.compile(r"^(?:上一[条篇页]|下一[条篇页]|上篇|下篇|相关|推荐|热门|延伸阅读)")
_PAST_YEAR = re.compile(r"^[^\n]{0,20}?过去(?:的)?一年", re.M)


def cn_int(s: str) -> int | None:
    """Arabic or Chinese numerals as used in dates: 2022, 二〇二二, 十二, 二十一."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, units = s.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        u = _CN_DIGITS.get(units, None) if units else 0
        return None if t is None or u is None else t * 10 + u
    digits = [_CN_DIGITS.get(c) for c in s]
    if not digits or None in digits:
        return None
    return int("".join(str(d) for d in digits))


def report_year_from_delivery(delivered: date) -> int | None:
    """Reports are delivered in December of the year before or January-March of their year."""
    if delivered.month == 12:
        return delivered.year + 1
    if delivered.month <= 3:
        return delivered.year
    return None


def _clean_region(s: str) -> str:
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^(?:在|——|—|-|关于)+", "", s)
    return re.sub(r"^(?:(?:19|20)\d\d|二[〇○零][〇○零一二三四五六七八九]{2})年(?:度)?", "", s)


# a name read from the text is a region name only when it looks like one: Chinese characters
# ending with an administrative suffix (page chrome such as ``2008``, ``上一条:《`` or a person's
# name never does)
_REGION_SHAPE = re.compile(r"[\u4e00-\u9fff]{1,30}(?:省|市|区|區|县|縣|旗|州|盟|自治区|自治州|自治县|特别行政区|地区|林区|特区)")


def looks_like_region(name: str) -> bool:
    """True for a string shaped like an administrative unit's name (延庆区, 乾安县, 北京市延庆区)."""
    return bool(_REGION_SHAPE.fullmatch(name))


def find_metadata(text: str) -> ReportMeta:
    """Metadata from the opening lines of a normalized report (Simplified or Traditional).

    Every field may be None. The region is the first candidate that resolves against the region
    table, from the title, then the session, then the speaker's title. The report year comes from
    the title, else from the delivery date; the year reviewed from the review part's heading
    (``2022年工作情况``, ``2022年工作回顾``), else ``report_year - 1``.
    """
    simp = to_simplified(text)
    head = simp[:HEAD_CHARS]
    meta = ReportMeta()

    def written(m: re.Match[str], group: str | int = 0) -> str:
        return text[m.start(group) : m.end(group)].strip()

    region_candidates: list[str] = []

    titles = [m for m in _TITLE.finditer(head) if not _CHROME_TITLE.match(m.group(0).strip())]
    title_m = next((m for m in titles if _YEAR.search(m.group(0))), titles[0] if titles else None)
    title_year: int | None = None
    if title_m:
        meta.title = written(title_m)
        t, tw = title_m.group(0).strip(), written(title_m)  # Simplified and as written, same length
        if ym := _YEAR.search(t):
            title_year = cn_int(ym.group(1))
            region_candidates.append(tw[: ym.start()])
        region_candidates.append(tw[: t.index("政府工作报告")])

    if dm := _DELIVERED.search(head):
        y, mo, d = (cn_int(dm.group(k)) for k in "ymd")
        try:
            meta.delivered_on = date(y, mo, d) if None not in (y, mo, d) else None
        except ValueError:
            meta.delivered_on = None
        if dm.group("session"):
            meta.session = re.sub(r"\s+", "", written(dm, "session"))
            session_w = written(dm, "session")
            if sm := _SESSION_REGION.match(dm.group("session").strip()):
                region_candidates.append(session_w[sm.start("r") : sm.end("r")])
    # the delivery date decides the report year (a site's title may carry another year); the
    # title's year when there is no delivery date
    delivered_year = report_year_from_delivery(meta.delivered_on) if meta.delivered_on else None
    meta.report_year = delivered_year or title_year

    if sp := _SPEAKER.search(head):
        g = "" if sp.group("title") else "2"
        meta.speaker_title = written(sp, f"title{g}")
        meta.speaker = re.sub(r"[ \u3000]", "", written(sp, f"name{g}"))
        st = sp.group(f"title{g}").strip()
        if "政府" in st:
            region_candidates.append(meta.speaker_title[: st.index("政府")].removesuffix("人民"))

    for cand in region_candidates:
        cand = _clean_region(cand)
        if len(cand) < 2:
            continue
        region = lookup_region(cand)
        if region is not None:
            meta.region = region
            meta.region_name = cand
            break
    if meta.region is None:  # named but not in the region table: kept only when shaped like a region
        meta.region_name = next((c for c in map(_clean_region, region_candidates) if looks_like_region(c)), None)

    if rm := _REVIEW_HEADING.search(simp):
        meta.year_reviewed = cn_int(rm.group("y") or rm.group("y2") or rm.group("y3"))
    elif meta.report_year is not None:
        meta.year_reviewed = meta.report_year - 1
    return meta
