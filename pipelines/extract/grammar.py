"""Compiled patterns of the fact grammar: measures, ranks, comparators, verbs, qualifiers.

Everything is compiled once at import; the extractor only calls ``match``/``search`` at known
offsets, so one report takes milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Container

try:  # to read a pattern's first characters (see the end of the module)
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # Python < 3.11: the patterns are used as written
    _C = _P = None

from pipelines.extract.units import unit_pattern, unit_table
from pipelines.extract.words import alternation, guard_words, guarded_alternation, longest, reading, rows, words
from pipelines.text.numbers import ARABIC, CHINESE, CHINESE_REST, CN_CHARS, MAGNITUDE, parse_chinese

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
UNIT = unit_pattern()

ASCII_UNIT_RE = re.compile(r"(?:EFLOPS|PFLOPS|PF|P)(?![A-Za-z0-9])")
# comparators (lexicon/comparators.csv): prefix (约 超过 不低于), suffix (以上 左右), inside (3600余万元)
PREFIX_CMP_WORDS = guarded_alternation("comparators", "prefix")
PREFIX_CMP_RE = re.compile(rf"(?P<c>{PREFIX_CMP_WORDS})$")
PREFIX_CMP = reading("comparators", "reading", "prefix")
# how far before a number a prefix comparator may start: the longest word of the file
PREFIX_CMP_WINDOW = longest("comparators", "prefix")
# the last characters of the prefix words: before any other character no search is needed
PREFIX_CMP_LAST = frozenset(w[-1] for w in words("comparators", "prefix"))
SUFFIX_CMP_RE = re.compile(rf"(?P<c>{guarded_alternation('comparators', 'suffix')})")
SUFFIX_CMP = reading("comparators", "reading", "suffix")
MORE = alternation("comparators", "inside")  # 余|多 between a number and its magnitude or unit
INSIDE_CMP = reading("comparators", "reading", "inside")

# a number token: Arabic or a Chinese numeral run
NUMBER_RE = re.compile(rf"(?P<a>{ARABIC})|(?P<c>{CHINESE})")
# the first character of a number token (the reference scan of NUMBER_NEXT_RE in the tests): searching
# for it, then matching NUMBER_RE there, finds
# the same tokens twice as fast (a pattern opening with named groups gets no fast scan)
NUMBER_START_RE = re.compile(rf"[\d{CN_CHARS}]")
# what may follow an Arabic number: magnitude, 余/多, unit (3600余万元, 1.2万余人次, 77.8 %)
TAIL_RE = re.compile(rf"\s?(?P<mag1>{MAGNITUDE})?(?P<more>{MORE})?(?P<mag2>{MAGNITUDE})?\s?(?P<unit>{UNIT})")
# Chinese numerals are read as counts only, before a counter (两个方舱医院, 近千人次)
# (lexicon/counters.csv, each with the words that veto it: 个百分点, 部门, 支持)
CN_UNIT = guarded_alternation("counters", "counter")
CN_TAIL_RE = re.compile(rf"(?P<more>{MORE})?(?P<unit>{CN_UNIT})")
CN_COUNTERS = set(words("counters", "counter"))
# what a tail after a Chinese numeral can start with (a unit, a counter, 余/多): anything else
# is no count (一般, 统一), checked before any pattern is tried
CN_TAIL_FIRST = frozenset(w[0] for w in [*unit_table(), *CN_COUNTERS, *INSIDE_CMP])
# the next number token worth reading: a digit, or a run of Chinese numerals (whole: an atomic
# group) followed by one of CN_TAIL_FIRST. The runs followed by anything else (一般, 统一, 十四五)
# are passed over inside re instead of one by one in Python; it opens with the class of
# NUMBER_START_RE, so re scans for it as fast (tests/test_grammar_lookahead.py: the same tokens)
NUMBER_NEXT_RE = re.compile(
    rf"[\d{CN_CHARS}](?:(?<=\d)|(?>{CHINESE_REST})(?=[{''.join(map(re.escape, sorted(CN_TAIL_FIRST)))}]))")
# after a magnitude (三百亿元, 一点二万亩, 十万吨) or a comparator (近百亿元): any unit
CN_ANY_TAIL_RE = re.compile(rf"(?P<more>{MORE})?(?P<unit>{UNIT})")
# 多/余 between a numeral and its magnitude: 三百一十多亿元 (310 亿元, gt)
CN_MORE_MAG_RE = re.compile(rf"(?P<more>{MORE})(?P<mag>{MAGNITUDE})(?P<unit>{UNIT})")
# 三成 (30%), 百分之四 (4%)
# 三成 stands alone (no Chinese character before it) or after one of TENTHS_AFTER (近三成, 占三成);
# the character before is checked by the caller: a pattern opening with a look-behind is tried at
# every position of the text (30 times slower)
CN_TENTHS_RE = re.compile(r"(?P<n>[一二两三四五六七八九])成(?![果为效就立员本熟长都品套交绩不功])")
TENTHS_AFTER = set("近超逾约占达的有在将县市区省国")  # 占全国九成
CN_PERCENT_RE = re.compile(r"百分之(?P<n>[〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?|\d+(?:\.\d+)?)")
# abstract nouns after a Chinese count: 两个方面, 三个层面 are not quantities
# words after a Chinese count that make it a slogan or a counted work item (lexicon/not_counted.csv)
CN_ABSTRACT_RE = re.compile(alternation("not_counted", "abstract"))
# list and range links between numbers: 4.6和2.9个百分点, 4.5%—5%, 3至5个
LINK_RE = re.compile(r"\s?(?P<link>和|、|与|及|至|到|-|—|–|~|～|－)\s?")
RANGE_LINKS = {"至", "到", "-", "—", "–", "~", "～", "－"}

# verbs of change right before the number (after comparators are removed)
# (lexicon/change_verbs.csv: verbs with their direction, then the links that may follow them)
CHANGE_VERB_RE = re.compile(
    rf"(?P<v>{alternation('change_verbs', 'verb')})(?:{alternation('change_verbs', 'link')})?$")
DECREASE_VERBS = {w for w, d in reading("change_verbs", "direction", "verb", "area").items() if d == "decrease"}

# the areas a figure is compared with or ranked in (lexicon/rank_scopes.csv: area), and the further
# scopes of a rank (scope: 省内, 同类城市)
AREA_WORDS = alternation("rank_scopes", "area")
RANK_SCOPE_WORDS = alternation("rank_scopes", "area", "scope")
# a comparison with another area: 比全省高0.8万元 (a change, basis 比全省)
AREA_COMPARE_RE = re.compile(rf"[比较](?:{AREA_WORDS})(?:平均)?(?:水平)?(?P<v>{alternation('change_verbs', 'area')})(?:了)?$")
AREA_DECREASE = {w for w, d in reading("change_verbs", "direction", "area").items() if d == "decrease"}

# a decrease verb before its noun (the last one before the number): 减少农村贫困人口42万人 (change), 压减公用经费10%以上 (growth_pct)
LEAD_DECREASE_RE = re.compile(
    rf"(?P<v>{'|'.join(sorted((w for w, y in reading('change_verbs', 'leads', 'verb').items() if y == 'yes'), key=len, reverse=True))})"
    r"(?![至到为了])(?=[\u4e00-\u9fff“])")

# basis qualifiers (as written): the words of lexicon/basis_words.csv (按不变价计算 同比; 累计 年均 anywhere
# in the clause; 实际 平均 only before the words of their ``before`` column), then the comparisons
# with an earlier year, plan span or area
_WEAK_BASIS = "|".join(re.escape(r["word"]) + f"(?={guard_words(r['before'])})" for r in rows("basis_words") if r["kind"] == "weak")
BASIS = (rf"{alternation('basis_words', 'qualifier', 'clause_wide')}|"
         r"[比较](?:上年|去年|年初|(?:19|20)\d\d年)(?:末|底|同期)?|[比较]“十[一二三四五六七八九]五”(?:期末|末期|末|时期|期间)?|"
         rf"[比较](?:{AREA_WORDS})(?:平均)?(?:水平)?(?=高|低|多|少|快|慢)|{_WEAK_BASIS}")
BASIS_RE = re.compile(BASIS)
CLAUSE_WIDE_BASIS = set(words("basis_words", "clause_wide"))
# whether one is written at all
CLAUSE_WIDE_BASIS_RE = re.compile("|".join(re.escape(w) for w in sorted(CLAUSE_WIDE_BASIS, key=len, reverse=True)))
WEAK_BASIS = set(words("basis_words", "weak"))  # the basis only when no other qualifier precedes
# 累计 before a verb inside the subject is still the basis: 城中村改造累计完成面积突破1000万平方米
# (lexicon/basis_words.csv, kind cumulative_verb)
CUMULATIVE_VERB_RE = re.compile(alternation("basis_words", "cumulative_verb"))

# ranks: 全市第一, 居全省第二, 全市排名提高到第五, 第4位; 前3位 (le). The number must stand
# alone (第一批, 第一职业学校, 第十五届 are ordinals of names) and follow a scope or ranking verb.
RANK_CORE_RE = re.compile(
    rf"(?P<top>第|前)(?P<n>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?P<u>位|名|强)?"
    rf"(?:(?![{CJK}\d])|(?<=[位名])(?=(?:前移|后移|上升|下降|提升|提高|跃升|升|降|退)?(?:至|到)第))")
# the verbs and measure words of a rank (lexicon/rank_verbs.csv): lead (位居 before the scope), measure
# (排名 after it, or before 由), moved (提高到 after the scope), position (名列 with up to 8 characters
# before the rank: 位居中部地区第2); the scopes, 由/从 and the shape of a moving rank stay here
_RANK_MEASURE = alternation("rank_verbs", "measure")
RANK_LEAD_RE = re.compile(
    rf"(?:(?:{guarded_alternation('rank_verbs', 'lead')})?(?:{RANK_SCOPE_WORDS})(?:{_RANK_MEASURE})?"
    rf"(?:{guarded_alternation('rank_verbs', 'moved')})?"
    rf"|(?:{guarded_alternation('rank_verbs', 'position')})(?:[\u4e00-\u9fff]|[(（][\u4e00-\u9fff、]{{1,4}}[)）]){{0,8}}?"
    # a rank that moves: 位次由第13位前移至第9位, 由全国第12位跃升至第9位 (both numbers; the first dates from the span's start)
    rf"|(?:在[^,，。；;]{{1,14}}?的)?(?:{_RANK_MEASURE})?(?:由|从)(?:{AREA_WORDS})?(?P<from>第[^第,，。；;]{{1,4}}?位?[\u4e00-\u9fff]{{0,3}}?(?:至|到|为))?)$")
RANK_SCOPE_CLAUSE_RE = re.compile(r"^[\u4e00-\u9fff]{1,7}(?:区|市|省|县|州|地区|城市)$")

# spans and years
YEAR_BEFORE_RE = re.compile(r"(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|年底|年末|全年|的|度)?$")
YEAR_CLAUSE_RE = re.compile(r"^\s*(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|年底|年末|全年)?\s*$")
# a year opening a clause or a sentence: match(s, start, end) (no ^, which would not hold at start)
# reads s[start:end] without copying it
YEAR_AT_START_RE = re.compile(r"(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|全年|度)?(?![以来起至—\-~～])")
# a numbered five-year plan as written: “十三五” (group p: 十三), the tenth only in quotes (“十五”: group
# p10; 十五 alone is a number); read by :func:`named_plan_years`
PLAN_NAME = r"(?:[“\"]?(?P<p>十[一二三四五六])五|[“\"](?P<p10>十)五)[”\"]?"
# the end of a numbered plan opening a clause or sentence (“十一五”末, 到“十四五”期末): its last year
PLAN_END_RE = re.compile(rf"(?:到|至)?{PLAN_NAME}(?:期末|末)(?!的)")
CONSECUTIVE_LEAD = "连续"  # every match opens with it: a plain `in` test rules a text out first
CONSECUTIVE_RE = re.compile(rf"{CONSECUTIVE_LEAD}(?P<n>\d{{1,2}}|[两二三四五六七八九十]{{1,2}})年")
SPAN_RE = re.compile(r"(?:过去|近|这|前)(?P<n>\d{1,2}|[一两二三四五六七八九十]{1,2})年|(?P<n2>\d{1,2}|[一两二三四五六七八九十]{1,2})年(?:来|间|中|里|(?=累计|共计))")
FUTURE_SPAN_RE = re.compile(r"(?:今后|未来)(?P<n>\d{1,2}|[两二三四五六七八九十]{1,2})年")
# (or some of its years, lexicon/time_frames.csv kinds plan_first, plan_last: “十四五”前三年, “十一五”后两年); the tenth plan only
# in quotes (“十五”期间: 2001-2005; 十五 alone is a number)
PLAN_PERIOD_RE = re.compile(
    rf"{PLAN_NAME}(?:期间|时期|以来|规划期|(?=(?:{alternation('time_frames', 'plan_first', 'plan_last')})))")


def plan_years(k: int) -> tuple[int, int]:
    """The years of the k-th five-year plan: 13 -> (2016, 2020), 15 -> (2026, 2030), 10 -> (2001, 2005)."""
    start = 1981 + 5 * (k - 6)
    return start, start + 4


def named_plan_years(m: re.Match) -> tuple[int, int]:
    """(first, last) year of the plan a match holding :data:`PLAN_NAME` names (PLAN_PERIOD_RE,
    PLAN_END_RE): “十三五”期间 -> (2016, 2020), “十五”期间 -> (2001, 2005)."""
    p = m.group("p")
    return plan_years(int(parse_chinese(p)) if p else 10)

# a time (a plan span, a year) named as what a figure is compared with or refers to, its basis and never its period
# nor a frame: right after 较/比/与 (较“十三五”时期增长148%, the shape of BASIS; 与“十五五”发展目标衔接), or after a word of
# lexicon/basis_words.csv kind multiple_of with 的 and the figure after it (是“十三五”时期的2.4倍, 相当于
# 2020年的1.5倍; not 是“十四五”的收官之年)
COMPARED_WITH = "较比与"
MULTIPLE_OF = alternation("basis_words", "multiple_of")
_MULTIPLE_OF_BEFORE_RE = re.compile(rf"(?:{MULTIPLE_OF})$")
_LEVEL_OF_AFTER_RE = re.compile(r"(?:时期|期间|期末|末|底)?的(?=[\d一二两三四五六七八九十]|$)")


def compared_time(text: str, start: int, end: int) -> bool:
    """Whether the time written at ``text[start:end]`` (a plan span or a year, opening quote included)
    is what a figure is compared with: 较“十三五”时期, 是“十三五”时期的2.4倍, 相当于“十三五”时期的1.9倍
    (``text`` may end right after the 的: the figure follows)."""
    if start > 0 and text[start - 1] in COMPARED_WITH:
        return True
    return _MULTIPLE_OF_BEFORE_RE.search(text, max(0, start - 3), start) is not None \
        and _LEVEL_OF_AFTER_RE.match(text, end) is not None


# the starting point of a move: 由44.3%提高到51.8% (the span's start), 由上年末的312% (the year before)
FROM_YEAR_RE = re.compile(r"(?:由|从)(?:19|20)\d\d年(?:末|底)?的?$")
FROM_START_RE = re.compile(r"(?:由|从)(?P<prev>上年末|上年底|去年末|去年底|上年|去年)?的?$")
# a stock reached, not a flow: 累计达到19家
STOCK_REACHED_RE = re.compile(r"(?:累计|总数|总量)(?:达到|达)$")
# a year compared with: 比2010年翻一番 (the growth runs from the year after it)
COMPARED_YEAR_RE = re.compile(r"[比较](?P<y>(?:19|20)\d\d)年(?:末|底)?$")

RATIO_TO_YEAR_RE = re.compile(r"(?:恢复|相当于|达到|为|是)(?:到|至)?$")

# tables flattened to text: 指标 | 2023年 | 增长%  /  地区生产总值(亿元) | 4741.1 | 6.3
TABLE_SEP_RE = re.compile(r"[|｜]")
TABLE_NAME_RE = re.compile(r"^\s*(?P<name>[^()（）|｜\s][^()（）|｜]*?)\s*(?:[(（]\s*(?P<unit>[^()（）|｜]{1,8}?)\s*[)）])?\s*$")
TABLE_CELL_RE = re.compile(rf"^\s*(?P<c>{PREFIX_CMP_WORDS})?\s*(?P<n>{ARABIC})\s*(?P<s>{alternation('comparators', 'suffix')})?\s*$")
TABLE_GROWTH_HEAD_RE = re.compile(r"增长|增速|增幅|同比|比上年|^\s*[%％]\s*$")
TABLE_GROWTH_NAME_RE = re.compile(r"(?:同比)?(?:增长|增速|增幅)(?:率)?$")

# status words (lexicon/status_words.csv): a target phrase or an estimate before the number
ESTIMATE_RE = re.compile(alternation("status_words", "estimate"))
TARGET_RE = re.compile(alternation("status_words", "target"))

# a projection (lexicon/projection_words.csv): what a project will give once built, a target with no
# year (全部投产后…将达到800亿元); the projection word stands earlier in the sentence, a modal
# (将 可 能够 预计) in the clause of the number, with its guard (可 of 可支配, 可再生, 可比 is no modal)
PROJECTION_RE = re.compile(alternation("projection_words", "projection"))
PROJECTION_MODAL_RE = re.compile(guarded_alternation("projection_words", "modal"))

# text that never holds a fact: dates, names and labels
NAME_PRONE_UNITS = {"小时", "分钟", "米"}

# subject clean-up
SCOPE = alternation("scope_words", "scope")
SCOPE_PREFIX_RE = re.compile(rf"^(?:{SCOPE})")
_LEAD_CONN = (r"(?:预计|力争|确保|努力|计划|我们|其中|各类|各项|各种|全年|今年|去年|当年|同时|另外|此外|目前|并且|并|且|还|而|"
              rf"共|共计|累计|总计|合计|已|已经|一年来|{SCOPE}|"
              r"(?:由|从|到|至|截至|截止)?(?:19|20)\d\d年(?:底|末|的|以来)*|[“\"]十[一二三四五六七八九]五[”\"](?:时期|期间|以来|期末|末)?|(?:过去|近)?[两二三四五六七八九十\d]{1,2}年(?:来|间|中|里)?(?=累计|共|新增|新建)|"
              r"\d{1,2}[.．](?=[\u4e00-\u9fff])|"  # an item number: 2.实现城镇新增就业18万人以上
              r"和|及|与|以及|、|,|，|\s)")
# connectives and scope words, then at most one leading verb (发放促进就业政策资金 keeps 促进)
# (the verbs: lexicon/subject_leads.csv, kind lead, with their guards: 建成区 and 获得 are no verbs here)
# a time word or a modal right before the verb goes with it (明年实施, 将实施, 新培育: kind before_verb;
# 新设立企业 stays whole, a name of the catalog: the row's guard)
_LEAD_VERBS = (rf"(?:(?:{guarded_alternation('subject_leads', 'before_verb')})*"
               rf"(?:{guarded_alternation('subject_leads', 'lead')}))")
LEAD_RE = re.compile(rf"^{_LEAD_CONN}*{_LEAD_VERBS}?{_LEAD_CONN}*")
# the run of predicate words, comparators and qualifiers closing the words before a number: the words of
# lexicon/subject_tails.csv (kind predicate: 每人每月 预计 完成 提高到 控制在 分别 增长 已 的 …), then
# the patterns of years, of gaps to an area and the words allowed only after a noun (再 开行 保持)
_TAIL_WORDS = (
    r"(?:(?:由|从)?(?:19|20)\d\d年(?:底|末|的)*|(?:由|从)(?:上年|去年)(?:末|底)?的?|(?:(?<=[\u4e00-\u9fff]{2})|^)(?<!连续)[两二三四五六七八九十]年|(?:高于|低于|快于|慢于|领先|超出)(?:全国|全省|全市|全州|全区|同期|平均|水平)*|"
    rf"{alternation('subject_tails', 'predicate')}|(?<![发下到表传送])达|{PREFIX_CMP_WORDS}|{BASIS}|"
    r"(?<=[\u4e00-\u9fff]{2})(?:再|开行|保持)|和|(?<!惠)及|与|、|\s)")  # 惠及: a verb, not a list
TAIL_RE_SUBJECT = re.compile(rf"{_TAIL_WORDS}+$")
CONNECTOR_ONLY_RE = re.compile(r"^[\s、,，]*(?:和|与|及|以及|、|,|，)?[\s]*$")

# what follows a count: the counted noun, up to a verb or punctuation (quotes kept whole)
AFTER_RUN_RE = re.compile(rf"(?:“[^”\n]{{1,20}}”|《[^》\n]{{1,40}}》|\([^)\n]{{1,8}}\)|（[^）\n]{{1,8}}）|[{CJK}A-Za-z])+")
# (lexicon/counted_noun_cuts.csv, kind stop: 全部 顺利 入驻 居 before 全/第 …); 在 between two pairs of
# Chinese characters (12家企业在科创园落户) is a shape, not a word, and stays here
AFTER_CUT_RE = re.compile(rf"{guarded_alternation('counted_noun_cuts', 'stop')}|(?<=[\u4e00-\u9fff]{{2}})在(?=[\u4e00-\u9fff]{{2}})")
# words that, right after a count, leave it without a counted noun (lexicon/counted_noun_cuts.csv, kind start_stop)
AFTER_START_STOP_RE = re.compile(alternation("counted_noun_cuts", "start_stop"))
# a verb inside the words before a number: the subject is its object (园区企业缴纳全口径税收70.4亿元)
MID_VERB_RE = re.compile(alternation("subject_leads", "object_verb"))  # lexicon/subject_leads.csv
AFTER_PROMOTE_RE = re.compile(r"获评为?|入选|被评为|评为|认定为|获批")

# a span (五年来, 过去五年) dates flows and changes, not levels reached at its end
FLOW_WORD_RE = re.compile(rf"(?:{alternation('flow_stock', 'flow')})(?!区)")
# a stock word right before the number (after its comparator): 达到470万人, 突破7000公里 (a level)
STOCK_BEFORE_RE = re.compile(rf"(?:{guarded_alternation('flow_stock', 'stock')})(?:了|为)?$")
# a stock word right after a counted noun: 10个国家大科学装置在川布局
STOCK_AFTER_RE = re.compile(rf"^[^,，;；。]{{0,4}}?(?:{guarded_alternation('flow_stock', 'stock')})")
# a subject opening with a verb of making or doing: a flow over the span (lexicon/flow_stock.csv, kind flow_lead)
FLOW_SUBJECT_RE = re.compile(rf"^(?:{guarded_alternation('flow_stock', 'flow_lead')})")

# what was added over a span, with the span's length or not (lexicon/flow_stock.csv, kind increment):
# 增量, 五年增量; read by periods (a flow) and clauses (a change of the subject before)
INCREMENT = rf"(?:[一二三四五六七八九十两\d]{{1,2}}年)?(?:{alternation('flow_stock', 'increment')})"

# a level held through a span, not reached at its end: 五年来…保持在80%以上, 控制在3.5%以内
HELD_RE = re.compile(rf"(?:{guarded_alternation('flow_stock', 'held')}|始终)[^,，;；。]{{0,3}}$")
LEAD_CONN_RE = re.compile(rf"^{_LEAD_CONN}*")

# the words naming what was added, dropped from the subject of the total after it (lexicon/flow_stock.csv, kind new_prefix)
NEW_PREFIX_RE = re.compile(alternation("flow_stock", "new_prefix"))
# a total that names the noun of the number before it: 新增上市公司22家,总数达到200家
TOTAL_HEAD_RE = re.compile(r"^(?:总数|总量|总计|总规模|累计总数|累计总量)$")

# words that name no quantity of their own: 增速居全市第一 ranks the growth of the fact before
BARE_HEAD_RE = re.compile(r"^(?:增速|增幅|增长|总量|总额|规模|总数|速度|位次|排名)$")

# doubling: 翻一番/翻番 = +100%, 翻两番 = +300% (growth_pct, edge by form)
DOUBLING_RE = re.compile(r"翻(?P<n>一|两|二|三)?番")
DOUBLING = {None: 100.0, "一": 100.0, "两": 300.0, "二": 300.0, "三": 700.0}

# a batch before a size class: 一批10亿元以上项目 (no count of its own)
CLASS_BATCH_RE = re.compile(r"(?:一批|一些|若干|多个|多家|一大批)$")
LINK_ONLY_RE = re.compile(r"^\s?(?:和|、|与|及|或|,|，)\s?$")

# words between a threshold and the next number that show the threshold is a fact of its own
CLASS_NOUN_STOP_RE = re.compile(r"增|降|减|提|比|较|达|占|为|是|完成|实现|其中|同比|累计|年均|共|总")

# a trend phrase closing a clause before the number: 一般公共预算收入止跌回升,增长2%以上
TREND_CLAUSE_RE = re.compile(rf"(?:{alternation('trend_phrases', 'trend')})$")

# half: 超过半数 / 半数以上 (50%); never bare (半数 alone is rarely a measured share)
# found by the word alone; the comparator before it is PREFIX_CMP_RE, 以上 after it SUFFIX_CMP_RE
HALF_RE = re.compile(r"半数")

# where the predicate of a clause begins (高新技术产业增加值|突破千亿元): the words before it name the subject
# (the words: lexicon/subject_tails.csv, kind predicate_start; a number, Arabic or Chinese, also opens it)
PREDICATE_RE = re.compile(rf"{guarded_alternation('subject_tails', 'predicate_start')}|\d|[一二两三四五六七八九十百千万]")

# distribution over the urban and the rural population: 城乡居民, 城乡常住居民, 城、乡居民
URBAN_RURAL_RE = re.compile(r"^城(?:乡|[、和]乡)(?P<who>常住居民|居民)")
# the head a list of items shares with its last item (汽车用锂电池、太阳能电池产量)
MEASURE_HEAD_RE = re.compile(rf"(?:{alternation('measure_heads', 'head')})$")

# one figure for every item of a list: 财政总收入、地方财政收入均增长6%
SHARED_RE = re.compile(r"均(?<=[\u4e00-\u9fff]均)(?<![年平人户]均)(?=增长|下降|提高|达到|超过|突破|为|在|实现)")

# a count named again to open its breakdown: 42个项目中,已竣工30个
REMENTION_RE = re.compile(r"中(?:[,，:：]|有)")
# short list items that replace the first word of the last item: 城镇、农村居民人均可支配收入
POPULATION_WORDS = {"城镇", "农村", "城市", "乡村", "全体", "城乡", "农民", "职工", "居民"}

# a target with no number, pegged to another indicator: 居民人均可支配收入增长与经济增长(基本)同步
PEGGED_RE = re.compile(rf"(?:实际增长|增长)(?P<ref>(?:与|和|同)(?P<name>{alternation('pegged', 'reference')})"
                       r"(?P<basic>基本)?(?:保持)?同步)")


# ---------------------------------------------------------------------------------------------
# Speed: a pattern searched at every position of a clause (TAIL_RE_SUBJECT, YEAR_BEFORE_RE …)
# tries all its alternatives at each position. Every pattern of this module is recompiled with a
# look-ahead on the characters its matches can start with (read from the parsed pattern), which
# fails at once elsewhere: the same matches (spans and groups), 2-4 times faster. A pattern
# whose start cannot be read (., a negated class) or that can match the empty string is kept.

_CAT = {_C.CATEGORY_SPACE: r"\s", _C.CATEGORY_DIGIT: r"\d"}


class _Any(Exception):
    pass


# what can open a match: a character, a range of code points (both ends included), a category (\s, \d)
_Opening = tuple[int, int] | str


def _first(seq) -> tuple[list[_Opening], bool]:
    """(what can open a match of seq, whether seq can match empty); raises _Any when anything can."""
    out: list[_Opening] = []
    for op, av in seq:
        if op is _C.LITERAL:
            return out + [(av, av)], False
        if op is _C.IN:
            items: list[_Opening] = []
            for o, a in av:
                if o is _C.LITERAL:
                    items.append((a, a))
                elif o is _C.RANGE:
                    items.append((a[0], a[1]))
                elif o is _C.CATEGORY and a in _CAT:
                    items.append(_CAT[a])
                else:
                    raise _Any
            return out + items, False
        if op is _C.BRANCH:
            nullable = False
            for alt in av[1]:
                f, n = _first(alt)
                out += f
                nullable |= n
            if not nullable:
                return out, False
            continue
        if op is _C.SUBPATTERN:
            f, n = _first(av[3])
        elif op is _C.ATOMIC_GROUP:
            f, n = _first(av)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            f, n = _first(av[2])
            n = n or av[0] == 0
        elif op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue
        else:
            raise _Any
        out += f
        if not n:
            return out, False
    return out, True


def _class_item(item: _Opening) -> str:
    if isinstance(item, str):
        return item
    lo, hi = item
    return re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"


def first_chars(pattern: str) -> str | None:
    try:
        items, nullable = _first(_P.parse(pattern))
    except _Any:
        return None
    return None if nullable or not items else "[" + "".join(dict.fromkeys(map(_class_item, items))) + "]"


_WIDEST_OPENING = 64  # code points: a wider class (all of CJK) or a category gives no set


class _AnyChar:
    """Holds every character: the opening of a pattern that can open with too many of them."""

    def __contains__(self, ch: object) -> bool:
        return True


def opening_chars(rx: re.Pattern) -> Container[str]:
    """The characters a match of ``rx`` can open with, when they are a few (a word list, a short
    class); every character when it can match the empty string, opens with a category or a wide
    class, or ignores case. ``s[i:i + 1] not in opening_chars(rx)`` means ``rx.match(s, i)`` is
    None: one test in Python before a ``match`` that would fail there (a call into re and a match
    state each)."""
    if _P is None or rx.flags & re.IGNORECASE:
        return _AnyChar()
    try:
        items, nullable = _first(_P.parse(rx.pattern, rx.flags))
    except _Any:
        return _AnyChar()
    if nullable or not items or any(isinstance(i, str) or i[1] - i[0] >= _WIDEST_OPENING for i in items):
        return _AnyChar()
    return frozenset(chr(c) for lo, hi in items for c in range(lo, hi + 1))


def _scanned_fast(seq) -> bool:
    """Whether re already scans for the pattern's first character (a literal, a class, or a
    choice of literals first): a look-ahead in front would only slow it down."""
    while len(seq) and seq[0][0] is _C.SUBPATTERN:
        seq = seq[0][1][3]
    if not len(seq):
        return False
    op, av = seq[0]
    if op in (_C.LITERAL, _C.IN):
        return True
    return op is _C.BRANCH and all(len(alt) and alt[0][0] is _C.LITERAL for alt in av[1])


def fast_scan(rx: re.Pattern) -> re.Pattern:
    """``rx`` with a look-ahead on the characters its matches can start with (the same matches),
    or ``rx`` itself when ``re`` scans for its start already or the start cannot be read."""
    if _P is None or _scanned_fast(_P.parse(rx.pattern, rx.flags)):
        return rx
    fc = first_chars(rx.pattern)
    return re.compile(f"(?={fc})(?:{rx.pattern})", rx.flags) if fc else rx


def shortest(rx: re.Pattern) -> int:
    """The length of the shortest match of ``rx`` (0 when it cannot be read): a shorter text holds none."""
    return 0 if _P is None else min(_P.parse(rx.pattern, rx.flags).getwidth()[0], 1 << 30)


def _guarded(group: str) -> str:
    """``group`` (``(?:…)``, repeated) with a look-ahead on the characters it can open with: the
    turn of the loop that ends a run fails on one class test instead of trying each of its
    alternatives (the same matches: the group cannot match where the look-ahead fails)."""
    fc = first_chars(group)
    return f"(?:(?={fc}){group})" if fc else group


# the patterns as written, by name (tests/test_grammar_lookahead.py checks both give the same matches)
AS_WRITTEN: dict[str, re.Pattern] = {"LEAD_RE": LEAD_RE, "TAIL_RE_SUBJECT": TAIL_RE_SUBJECT, "LEAD_CONN_RE": LEAD_CONN_RE}
# the repeated groups of the subject's lead and tail (clean_before, for every fact), guarded
LEAD_RE = re.compile(rf"^{_guarded(_LEAD_CONN)}*{_guarded(_LEAD_VERBS)}?{_guarded(_LEAD_CONN)}*")
TAIL_RE_SUBJECT = re.compile(rf"{_guarded(_TAIL_WORDS)}+$")
LEAD_CONN_RE = re.compile(rf"^{_guarded(_LEAD_CONN)}*")
for _name, _rx in list(globals().items()):
    if isinstance(_rx, re.Pattern) and _name.isupper():
        AS_WRITTEN.setdefault(_name, _rx)
        globals()[_name] = fast_scan(_rx)

# the characters a match of these (at a known offset) can open with: a test before the call
YEAR_AT_START_OPENS = opening_chars(YEAR_AT_START_RE)
SUFFIX_CMP_OPENS = opening_chars(SUFFIX_CMP_RE)
TOTAL_HEAD_OPENS = opening_chars(TOTAL_HEAD_RE)


def scan_faster(name: str, rx: re.Pattern) -> re.Pattern:
    """``fast_scan(rx)`` for a pattern of another module searched over a window (one opening with
    a look-behind or an optional group, which re tries at every offset); the pattern as written is
    kept in ``AS_WRITTEN`` under ``name`` ("module.NAME"), for the look-ahead test."""
    AS_WRITTEN[name] = rx
    return fast_scan(rx)
