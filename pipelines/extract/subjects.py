"""Subjects: the shortest noun phrase naming what a number measures."""

from __future__ import annotations

import re

from pipelines.extract.core import last_match
from pipelines.extract.grammar import (
    AFTER_CUT_RE,
    AFTER_PROMOTE_RE,
    AFTER_RUN_RE,
    AFTER_START_STOP_RE,
    CONSECUTIVE_LEAD,
    CONSECUTIVE_RE,
    LEAD_RE,
    MID_VERB_RE,
    RANK_CORE_RE,
    RANK_LEAD_RE,
    SCOPE_PREFIX_RE,
    TAIL_RE_SUBJECT,
    opening_chars,
    scan_faster,
)
from pipelines.extract.words import alternation, guarded_alternation, words

_SPACE_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|\([^)]*\)|（[^）]*）")
_EMPTY = re.compile(r"^[\s、,，“”\"'()（）:：;；。]*$")
_ORPHAN_QUOTE = re.compile(r"^[”’」』]+|[“‘「『]+$")

# words of the predicate left at the end of the words before a number (lexicon/subject_tails.csv):
# 由66户整合至12户 (a move), 连续跨越…台阶 (a milestone passed), 规模稳居 / 止跌提升 (an adverb),
# 160亿美元、折合1148亿元 (the figure before restated in another unit: its subject is inherited)
_EXTRA_TAIL_RE = scan_faster("subjects._EXTRA_TAIL_RE", re.compile(
    rf"(?:(?:{alternation('subject_tails', 'move')})(?:至|到|为)|{alternation('subject_tails', 'milestone')}"
    rf"|{alternation('subject_tails', 'adverb', 'restate')}|(?<=[\u4e00-\u9fff]{{2}})(?:{alternation('subject_tails', 'verb', 'etc')}))$"))
# a milestone passed (跨越3个千亿元台阶, 跨过两个万亿元大关): its count names no subject for the figures after it
MILESTONE_NOUN_RE = re.compile(rf"(?:{alternation('subject_tails', 'milestone_noun')})")
MILESTONE_PHRASE_RE = re.compile(
    rf"^(?:万亿|千亿|百亿|亿|万|千)?(?:元|美元)?大?(?:{alternation('subject_tails', 'milestone_noun')})$")
# verbs before the object a number counts (lexicon/subject_leads.csv): 建设口袋公园120个 -> 口袋公园;
# nouns that begin with such a verb stay whole (建设用地)
_EXTRA_LEAD_RE = re.compile(
    rf"(?!{alternation('subject_leads', 'keep')})(?:{alternation('subject_leads', 'verb')})(?![和或与及])(?=[\u4e00-\u9fff“]{{2}})")
# a list of verbs before one object (lexicon/subject_leads.csv, kind listed): 新建、改扩建学校 -> 学校
_LISTED = alternation("subject_leads", "listed")
_VERB_LIST_RE = re.compile(rf"(?:(?:{_LISTED})(?:、|和|及|与))+(?:{_LISTED})(?=[\u4e00-\u9fff“]{{2}})")
# the first of its kind (lexicon/subject_leads.csv, kind first): 成为全国首个经济总量突破5万亿元的城市
# -> 经济总量 (what is measured follows the words that single the place out)
_FIRST_OF_RE = re.compile(alternation("subject_leads", "first"))
# an average over the span before a verb of making (年均新增就业岗位61.4万个): the basis, not the name
# (年均 before a noun stays: PM2.5年均浓度)
_AVERAGE_LEAD_RE = re.compile(rf"年均(?=(?:{alternation('flow_stock', 'flow')})[\u4e00-\u9fff])")
# words that end a counted noun after a count (lexicon/counted_noun_cuts.csv): 35家科研院所聚力赋能;
# a move verb right after a count (由120个精简至45个) leaves it without a counted noun
_EXTRA_CUT_RE = re.compile(f"{guarded_alternation('counted_noun_cuts', 'cut')}|{alternation('subject_tails', 'move')}")
# words that begin a counted noun although the grammar's stop words would end it there (居民服务事项)
_NOUN_START_RE = re.compile(alternation("counted_noun_cuts", "noun"))
# a part of the year qualifying a figure (lexicon/time_qualifiers.csv): 年末城镇调查失业率从上半年5.5%
# (the basis, not the subject); 上年末 / 去年末 are years, read elsewhere
WHEN_RE = scan_faster("subjects.WHEN_RE", re.compile(rf"(?<![上去本今])(?:{alternation('time_qualifiers', 'when')})"))
_WHEN_TAIL_RE = scan_faster(
    "subjects._WHEN_TAIL_RE", re.compile(rf"(?:由|从)?(?<![上去本今])(?:{alternation('time_qualifiers', 'when')})$"))
_WHEN_LEAD_RE = re.compile(rf"(?:{alternation('time_qualifiers', 'when')})(?=[\u4e00-\u9fff]{{2}})")
# a comparison with another area after a verb (lexicon/compare_areas.csv): 高于全国平均水平, 优于国家考核目标;
# or with another measure (kind measure): 农村居民收入增长5.8%、快于经济增速1个百分点
AREA_GAP_RE = re.compile(
    rf"(?P<v>{alternation('compare_areas', 'verb', 'less')})"
    rf"(?:{alternation('compare_areas', 'area', 'measure')})(?:平均水平|平均|水平)?$")
AREA_LESS = frozenset(w for w in alternation("compare_areas", "less").split("|") if w)
# a share of another area's total with no noun of its own: 占全国23.9% (the share of the subject before)
AREA_BARE_RE = re.compile(rf"^占(?:{alternation('compare_areas', 'area')})$")
# a share of another area's total: 占全国份额, 占全省比重 (named by its own words, lexicon/compare_areas.csv)
AREA_SHARE_RE = re.compile(
    rf"^占(?:{alternation('compare_areas', 'area')})的?(?:{alternation('compare_areas', 'share')})")


# a counted noun may begin with a scope word when a name follows, not a rank (全国重点实验室, not 全国第一)
_AREA_NOUN_RE = re.compile(r"全[国省市区县](?=[\u4e00-\u9fff]{2})(?![第前首排领])")
_QUOTE_TAIL_RE = re.compile(r"□+$")
_COUNT_START_RE = re.compile(r"[一二两三四五六七八九十]+[个项家条座]")
# the characters a match of these (at a known offset) can open with: a test before the call
MILESTONE_NOUN_OPENS = opening_chars(MILESTONE_NOUN_RE)
MILESTONE_PHRASE_OPENS = opening_chars(MILESTONE_PHRASE_RE)
AREA_BARE_OPENS = opening_chars(AREA_BARE_RE)
_WHEN_LEAD_OPENS = opening_chars(_WHEN_LEAD_RE)
_VERB_LIST_OPENS = opening_chars(_VERB_LIST_RE)
_EXTRA_LEAD_OPENS = opening_chars(_EXTRA_LEAD_RE)
_COUNT_START_OPENS = opening_chars(_COUNT_START_RE)
_NOUN_START_OPENS = opening_chars(_NOUN_START_RE)
_AREA_NOUN_OPENS = opening_chars(_AREA_NOUN_RE)
_AFTER_CUT_OPENS = opening_chars(AFTER_CUT_RE)
_AFTER_START_STOP_OPENS = opening_chars(AFTER_START_STOP_RE)
_EXTRA_CUT_OPENS = opening_chars(_EXTRA_CUT_RE)


def _masked(s: str) -> str:
    """s with quoted/bracketed content replaced by placeholders (same length)."""
    return _QUOTED.sub(lambda m: "□" * len(m.group()), s)


_TAIL_WINDOW = 16  # characters: longer than any tail word of the lexicon files (高于全国平均水平, 连续跨越)
_DURATION_RE = re.compile(r"[\s,，、]*\d{1,2}年$")


def _trailing_rank(zone: str) -> int | None:
    """Where a rank closing ``zone`` begins with its scope (全国第四, 居全省第2位), else None."""
    if "第" not in zone[-6:] and "前" not in zone[-6:]:
        return None
    last = last_match(RANK_CORE_RE, zone, max(0, len(zone) - 8))
    if last is None or last.end() != len(zone):
        return None
    lead = RANK_LEAD_RE.search(zone[:last.start()])
    return lead.start() if lead and lead.end() == last.start() and lead.start() > 0 else None


# the last characters of every tail word (至 到 为 after a move verb; 水平 平均 after an area): a cheap test first
_TAIL_LAST_CHARS = frozenset(
    w[-1] for w in words("subject_tails", "move", "milestone", "milestone_noun", "adverb", "restate", "verb", "etc")
    + words("compare_areas", "area") + words("time_qualifiers", "when")
) | set("至到为均平")


def _lexicon_tail(zone: str, end: int, ranked: bool = True) -> int | None:
    """Where a tail word of the lexicon files (or a rank) closing ``zone[:end]`` begins, else None.
    ``ranked``: whether 第 or 前 stands anywhere in ``zone`` (no rank can close it otherwise)."""
    if end and zone[end - 1] in _TAIL_LAST_CHARS:
        w = max(0, end - _TAIL_WINDOW)  # every tail word is short: look at the end only
        m = _EXTRA_TAIL_RE.search(zone, w, end) or AREA_GAP_RE.search(zone, w, end) or _WHEN_TAIL_RE.search(zone, w, end)
        if m:
            return m.start()
    if not ranked or zone.find("第", max(0, end - 6), end) < 0 and zone.find("前", max(0, end - 6), end) < 0:
        return None  # no rank closes it (_trailing_rank's first test, before the zone is cut)
    return _trailing_rank(zone[:end])  # 高速公路通车里程全国第四、突破1万公里: the rank is a fact of its own


# the number of an item in a spoken list (一是…；二是…；十一是…) opening the words before a figure
_ITEM_MARK_RE = re.compile(r"[一二三四五六七八九十]{1,3}是(?=[\u4e00-\u9fff])")
# a year a run started, closing the words before it (经济增速2022年以来连续…)
_SINCE_TAIL_RE = re.compile(r"(?:19|20)\d\d年以来$")
# a unit's note in brackets right after a figure (万户（套）, 万套（间）) and the list connector after it
_UNIT_NOTE_RE = re.compile(r"[（(][\u4e00-\u9fff]{1,2}[）)][、，,和及与]?")


def clean_before(zone: str) -> tuple[int, int]:
    """(start, end) of the subject inside the text before a number, or (0, 0) when there is none.

    Drops leading connectives and scope words (其中, 全年, 全区, 完成 ...) and trailing verbs,
    comparators and qualifiers (预计完成, 同比增长, 控制在, 首次超 ...)."""
    start, end = 0, len(zone)
    if zone[:1] in "（(" and (note := _UNIT_NOTE_RE.match(zone)):
        start = note.end()  # 4.7万户（套）、老旧小区改造6.8万户: the note of the unit before, then the list
    # the tail words of lexicon/subject_tails.csv and of the grammar, in turn (the grammar's pattern
    # strips a whole run of its words at once, so it runs again only after a lexicon word went)
    ranked = "第" in zone or "前" in zone  # asked once, not at each cut
    if (cut := _lexicon_tail(zone, end, ranked)) is not None:
        end = cut
    t = TAIL_RE_SUBJECT.search(zone, 0, end)
    if t and t.start() < end:
        end = t.start()
    while (cut := _lexicon_tail(zone, end, ranked)) is not None:
        end = cut
        t = TAIL_RE_SUBJECT.search(zone, 0, end)
        if t and t.start() < end:
            end = t.start()
    if end > 6 and zone.endswith("以来", 0, end) and (since := _SINCE_TAIL_RE.search(zone, 0, end)):
        end = since.start()  # 经济增速2022年以来连续16个季度…: the time the run started is no part of the name
    if end and zone[end - 1] == "年" and _DURATION_RE.match(zone, 0, end):
        return 0, 0  # 3年增长58.6%: a duration names nothing
    m = CONSECUTIVE_RE.search(zone, start, end) if CONSECUTIVE_LEAD in zone else None
    if m and m.end() >= end - 1:
        end = m.start()
        m2 = TAIL_RE_SUBJECT.search(zone[:end])
        if m2:
            end = m2.start()
    if (item := _ITEM_MARK_RE.match(zone, start, end)) is not None:
        start = item.end()  # 二是完成无障碍改造5000户: the number of a listed item names nothing
    lead_from = start  # LEAD_RE opens with ^, which matches only at the start of the string it is given
    m = LEAD_RE.match(zone[lead_from:end]) if lead_from else LEAD_RE.match(zone, 0, end)
    if m:
        start = lead_from + m.end()
        if zone[start:start + 1] in MILESTONE_NOUN_OPENS and (mn := MILESTONE_NOUN_RE.match(zone, start, end)):
            start = mn.end() + LEAD_RE.match(zone[mn.end():end]).end()  # 迈上5万亿台阶、五年增量1.36万亿元
        if zone[start:start + 1] in _WHEN_LEAD_OPENS and (wl := _WHEN_LEAD_RE.match(zone, start, end)):
            start = wl.end()  # 年末城镇调查失业率 -> 城镇调查失业率 (年末 is the basis)
        if zone[start:start + 1] in _VERB_LIST_OPENS and (vl := _VERB_LIST_RE.match(zone, start, end)):
            start = vl.end()  # 制定、修改、废止政府规章 -> 政府规章
        if zone[start:start + 1] in _EXTRA_LEAD_OPENS and (lv := _EXTRA_LEAD_RE.match(zone, start, end)):
            start = lv.end()  # 建设统筹各类保障性住房 -> 保障性住房
            start += LEAD_RE.match(zone[start:end]).end()
        # keep the scope word when only a bare head would remain (全区生产总值, 全市GDP)
        if zone[start:end] in ("生产总值", "GDP", "经济总量") and start >= 2 and SCOPE_PREFIX_RE.match(zone[start - 2:start]):
            start -= 2
    if zone.startswith("年均", start) and (am := _AVERAGE_LEAD_RE.match(zone, start, end)):
        start = am.end()  # 年均新增就业岗位 -> 新增就业岗位 (basis 年均)
    mv = last_match(MID_VERB_RE, zone, start, end)
    if mv and end - mv.end() >= 2:
        start = mv.end()
    fm = last_match(_FIRST_OF_RE, zone, start, end)
    if fm and end - fm.end() >= 2:
        start = fm.end()
    # a leading orphan closing quote, a trailing orphan opening quote
    while start < end and zone[start] in "”’」』)）":
        start += 1
    while end > start and zone[end - 1] in "“‘「『(（":
        end -= 1
    if start >= end or _EMPTY.match(zone[start:end]):
        return 0, 0
    return start, end


def after_subject(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the counted noun right after a count (626名冬奥运动员), or (pos, pos)."""
    m = AFTER_RUN_RE.match(text, pos)
    if not m:
        return pos, pos
    run = m.group()
    masked = _masked(run)
    start, end = 0, len(run)
    cut_from_1: re.Match | None | bool = False  # AFTER_CUT_RE.search(masked, 1) once asked (a match or None)
    p = AFTER_PROMOTE_RE.search(masked)
    # 10个项目获评全市体育旅游精品项目 -> 全市体育旅游精品项目; 5个创新药获批上市: 获批上市 is the predicate
    if p and p.end() < end and not _EXTRA_CUT_RE.match(masked, p.start()):
        start = p.end()
    else:
        de = masked.find("的")
        cut = cut_from_1 = AFTER_CUT_RE.search(masked, 1)
        # 51天紧张有序的工作 -> 工作: the head noun follows the last 的 of a modifier
        if 0 < de < len(run) - 1 and run[de + 1] not in "〇零一二两三四五六七八九十百千万" and (not cut or cut.start() >= de or "的" in masked[cut.start():de + 1]):
            start = de + 1
    area = _AREA_NOUN_RE.match(masked) if start == 0 and masked[:1] in _AREA_NOUN_OPENS else None  # 29家全国重点实验室
    cut_at = area.end() if area else start + 1
    c = cut_from_1 if cut_at == 1 and cut_from_1 is not False else AFTER_CUT_RE.search(masked, cut_at)
    if c:
        end = c.start()
    c = _EXTRA_CUT_RE.search(masked, start + 1, end)
    if c:
        end = c.start()
        if (q := _QUOTE_TAIL_RE.search(masked, start, end)) and q.start() - start >= 2:
            end = q.start()  # 7所高校“双一流”创建: the quoted name belongs to what follows
    if masked[end:end + 1] in MILESTONE_NOUN_OPENS and (mn := MILESTONE_NOUN_RE.match(masked, end)):
        end = mn.end()  # 3个千亿元台阶: the milestone is the counted noun
    if masked[:1] in MILESTONE_NOUN_OPENS and (mn := MILESTONE_NOUN_RE.match(masked, 0)):
        return pos, pos + mn.end()  # 两个台阶
    if run[:1] in _COUNT_START_OPENS and _COUNT_START_RE.match(run):
        return pos, pos  # 4千亿元两个台阶: a count of its own follows, not a counted noun
    head = masked[:1]
    if start == 0 and not area and not (head in _NOUN_START_OPENS and _NOUN_START_RE.match(masked)) \
            and (head in _AFTER_CUT_OPENS and AFTER_CUT_RE.match(masked, 0)
                 or head in _AFTER_START_STOP_OPENS and AFTER_START_STOP_RE.match(masked, 0)
                 or head in _EXTRA_CUT_OPENS and _EXTRA_CUT_RE.match(masked, 0)):
        return pos, pos
    if m.end() < len(text) and text[m.end()].isdigit() and end == len(run) and run.endswith("率") and end - start >= 5:
        end -= 3  # 260项企业诉求办结率100%: the rate belongs to the next number
    if m.end() < len(text) and text[m.end()].isdigit() and end == len(run):
        while end > start and run[end - 1] in "和及与、":  # 3个国考和4个市考断面
            end -= 1
    if end - start < 1:
        return pos, pos
    return pos + start, pos + end


def tidy(subject: str) -> str:
    """Subject as written, without stray PDF spaces inside words."""
    if subject.split() == [subject]:
        return subject  # most subjects: no space (str.split cuts at the characters \s matches; cheaper than re)
    return _SPACE_IN_WORD.sub("", subject).strip()


