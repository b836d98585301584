"""Compiled patterns of the fact grammar: measures, ranks, comparators, verbs, qualifiers.

Everything is compiled once at import; the extractor only calls ``match``/``search`` at known
offsets, so one report takes milliseconds.
"""

from __future__ import annotations

import re

from pipelines.text.numbers import ARABIC, CHINESE, MAGNITUDE
from pipelines.extract.units import unit_pattern
from pipelines.extract.words import alternation

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
UNIT = unit_pattern()

ASCII_UNIT_RE = re.compile(r"(?:EFLOPS|PFLOPS|PF|P)(?![A-Za-z0-9])")
# a number token: Arabic or a Chinese numeral run
NUMBER_RE = re.compile(rf"(?P<a>{ARABIC})|(?P<c>{CHINESE})")
# what may follow an Arabic number: magnitude, 余/多, unit (3600余万元, 1.2万余人次, 77.8 %)
TAIL_RE = re.compile(rf"\s?(?P<mag1>{MAGNITUDE})?(?P<more>余|多)?(?P<mag2>{MAGNITUDE})?\s?(?P<unit>{UNIT})")
# Chinese numerals are read as counts only, before a counter (两个方舱医院, 近千人次)
CN_UNIT = "个(?!百分点|月|工作日)|项|家|名|座|条(?!例)|处(?!理)|场|所(?!有)|户|人次|人|张|部(?!门)|件|批|艘|台|辆|支(?!持)"
CN_TAIL_RE = re.compile(rf"(?P<more>余|多)?(?P<unit>{CN_UNIT})")
CN_COUNTERS = {"个", "项", "家", "名", "座", "条", "处", "场", "所", "户", "人次", "人", "张", "部", "件", "批", "艘", "台", "辆", "支"}
# after a magnitude (三百亿元, 一点二万亩, 十万吨) or a comparator (近百亿元): any unit
CN_ANY_TAIL_RE = re.compile(rf"(?P<more>余|多)?(?P<unit>{UNIT})")
# 多/余 between a numeral and its magnitude: 三百一十多亿元 (310 亿元, gt)
CN_MORE_MAG_RE = re.compile(rf"(?P<more>余|多)(?P<mag>{MAGNITUDE})(?P<unit>{UNIT})")
# 三成 (30%), 百分之四 (4%)
CN_TENTHS_RE = re.compile(r"(?<![\u4e00-\u9fff])(?P<n>[一二两三四五六七八九])成(?![果为效就立员本熟长都品套交绩不功])"
                          r"|(?<=[近超逾约占达的有在将县市区省国])(?P<n2>[一二两三四五六七八九])成(?![果为效就立员本熟长都品套交绩不功])")
CN_PERCENT_RE = re.compile(r"百分之(?P<n>[〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?|\d+(?:\.\d+)?)")
# abstract nouns after a Chinese count: 两个方面, 三个层面 are not quantities
# words after a Chinese count that make it a slogan or a counted work item (lexicon/not_counted.csv)
CN_ABSTRACT_RE = re.compile(alternation("not_counted", "abstract"))
# list and range links between numbers: 4.6和2.9个百分点, 4.5%—5%, 3至5个
LINK_RE = re.compile(r"\s?(?P<link>和|、|与|及|至|到|-|—|–|~|～|－)\s?")
RANGE_LINKS = {"至", "到", "-", "—", "–", "~", "～", "－"}

# comparators
PREFIX_CMP_RE = re.compile(
    r"(?P<c>跨越|大约|约为|(?<![签节制预契公条合集邀违履])约|将近|接近|(?<![最附邻就])近|超过|超出|(?<![赶高])超|逾|突破|多于|高于|不少于|不低于|至少|不超过|不高于|不多于|不到|不足|低于|少于)$")
PREFIX_CMP = {
    "大约": "approx", "约为": "approx", "约": "approx", "将近": "approx", "接近": "approx", "近": "approx",
    "跨越": "gt", "超过": "gt", "超出": "gt", "超": "gt", "逾": "gt", "突破": "gt", "多于": "gt", "高于": "gt",
    "不少于": "ge", "不低于": "ge", "至少": "ge",
    "不超过": "le", "不高于": "le", "不多于": "le",
    "不到": "lt", "不足": "lt", "低于": "lt", "少于": "lt",
}
SUFFIX_CMP_RE = re.compile(r"(?P<c>以上|以下|以内|之内|左右|上下|多|余)(?![\u4e00-\u9fff]{0,1}工业)")
SUFFIX_CMP = {"以上": "ge", "以下": "le", "以内": "le", "之内": "le", "左右": "approx", "上下": "approx",
              "多": "gt", "余": "gt"}

# verbs of change right before the number (after comparators are removed)
CHANGE_VERB_RE = re.compile(
    r"(?P<v>少开工|压缩|压减|缩短|削减|缩减|净减量|净减少|净减|净增加|净增|增长率|增长|增加|增产|减产|提高|提升|上升|上涨|下降|降低|减少|减量|回落|下滑|增幅|增速|涨幅|降幅)"
    r"(?:了|为|是|达|达到|分别|均|控制在|保持在|稳定在|维持在)?$")
DECREASE_VERBS = {"低", "少", "慢", "少开工", "压缩", "压减", "缩短", "削减", "缩减", "净减量", "净减少", "净减", "下降", "降低", "减少", "减量", "减产", "回落", "下滑", "降幅"}

# a comparison with another area: 比全省高0.8万元 (a change, basis 比全省)
AREA_COMPARE_RE = re.compile(r"[比较](?:全国|全省|全市|全区|全州|全县|全盟)(?:平均)?(?:水平)?(?P<v>高出|高|低|多|少|快|慢)(?:了)?$")
AREA_DECREASE = {"低", "少", "慢"}

# a decrease verb before its noun (the last one before the number): 减少农村贫困人口42万人 (change), 压减公用经费10%以上 (growth_pct)
LEAD_DECREASE_RE = re.compile(r"(?P<v>减少|压减|削减|缩减|压缩)(?![至到为了])(?=[\u4e00-\u9fff“])")

# basis qualifiers (as written)
BASIS = (r"按(?:不变|可比)价格?计算|按可比口径(?:计算)?|按可比价格?|可比价|扣除价格因素|同口径|同比|环比|"
         r"[比较](?:上年|去年|年初|(?:19|20)\d\d年)(?:末|底|同期)?|[比较]“十[一二三四五六七八九]五”(?:期末|末期|末|时期|期间)?|[比较](?:全国|全省|全市|全区|全州|全县|全盟)(?:平均)?(?:水平)?(?=高|低|多|少|快|慢)|累计|年均|实际(?=增长|下降|增速)|平均(?=为|是)")
BASIS_RE = re.compile(BASIS)
CLAUSE_WIDE_BASIS = {"累计", "年均"}
WEAK_BASIS = {"实际", "平均"}  # the basis only when no other qualifier precedes
# 累计 before a verb inside the subject is still the basis: 城中村改造累计完成面积突破1000万平方米
CUMULATIVE_VERB_RE = re.compile(r"完成|实现|建成|投入|新增|改造|整治|帮扶|培训|减少|增加")

# ranks: 全市第一, 居全省第二, 全市排名提高到第五, 第4位; 前3位 (le). The number must stand
# alone (第一批, 第一职业学校, 第十五届 are ordinals of names) and follow a scope or ranking verb.
RANK_CORE_RE = re.compile(
    rf"(?P<top>第|前)(?P<n>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?P<u>位|名|强)?"
    rf"(?:(?![{CJK}\d])|(?<=[位名])(?=(?:前移|后移|上升|下降|提升|提高|跃升|升|降|退)?(?:至|到)第))")
RANK_LEAD_RE = re.compile(
    r"(?:(?:位居|位列|名列|居于|(?<!民)居(?!民)|列|排)?(?:全国|全省|全市|全区|全县|全州|全盟|全旗|省内|市内|区内|县内|"
    r"同类地区|同类城市|同类区县|同级)(?:排名|排位|位次)?"
    r"(?:提高到|提升到|上升到|提高至|提升至|上升至|跃升至|跃升到|跃居|升至|保持|稳居|位居|位列|居)?"
    r"|(?:位居|位列|名列|排名|排位|排在|居于|(?<!民)居(?!民))(?:[\u4e00-\u9fff]|[(（][\u4e00-\u9fff、]{1,4}[)）]){0,8}?"
    # a rank that moves: 位次由第13位前移至第9位, 由全国第12位跃升至第9位 (both numbers; the first dates from the span's start)
    r"|(?:在[^,，。；;]{1,14}?的)?(?:位次|排名|排位)?(?:由|从)(?:全国|全省|全市|全区|全县|全州)?(?P<from>第[^第,，。；;]{1,4}?位?[\u4e00-\u9fff]{0,3}?(?:至|到|为))?)$")
RANK_SCOPE_CLAUSE_RE = re.compile(r"^[\u4e00-\u9fff]{1,7}(?:区|市|省|县|州|地区|城市)$")

# spans and years
YEAR_BEFORE_RE = re.compile(r"(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|年底|年末|全年|的|度)?$")
YEAR_CLAUSE_RE = re.compile(r"^\s*(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|年底|年末|全年)?\s*$")
YEAR_AT_START_RE = re.compile(r"^(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d)年(?:底|末|全年|度)?(?![以来起至—\-~～])")
CONSECUTIVE_RE = re.compile(r"连续(?P<n>\d{1,2}|[两二三四五六七八九十]{1,2})年")
SPAN_RE = re.compile(r"(?:过去|近|这|前)(?P<n>\d{1,2}|[一两二三四五六七八九十]{1,2})年|(?P<n2>\d{1,2}|[一两二三四五六七八九十]{1,2})年(?:来|间|中|里|(?=累计|共计))")
FUTURE_SPAN_RE = re.compile(r"(?:今后|未来)(?P<n>\d{1,2}|[两二三四五六七八九十]{1,2})年")
PLAN_PERIOD_RE = re.compile(r"[“\"]?(?P<p>十[一二三四五六])五[”\"]?(?:期间|时期|以来|规划期)")

# the starting point of a move: 由44.3%提高到51.8% (the span's start), 由上年末的312% (the year before)
FROM_YEAR_RE = re.compile(r"(?:由|从)(?:19|20)\d\d年(?:末|底)?的?$")
FROM_START_RE = re.compile(r"(?:由|从)(?P<prev>上年末|上年底|去年末|去年底|上年|去年)?的?$")
# a stock reached, not a flow: 累计达到19家
STOCK_REACHED_RE = re.compile(r"(?:累计|总数|总量)(?:达到|达)$")
# a year compared with: 比2010年翻一番 (the growth runs from the year after it)
COMPARED_YEAR_RE = re.compile(r"[比较](?P<y>(?:19|20)\d\d)年(?:末|底)?$")

RATIO_TO_YEAR_RE = re.compile(r"(?:恢复|相当于|达到|为)(?:到|至)?$")

# tables flattened to text: 指标 | 2023年 | 增长%  /  地区生产总值(亿元) | 4741.1 | 6.3
TABLE_SEP_RE = re.compile(r"[|｜]")
TABLE_NAME_RE = re.compile(r"^\s*(?P<name>[^()（）|｜\s][^()（）|｜]*?)\s*(?:[(（]\s*(?P<unit>[^()（）|｜]{1,8}?)\s*[)）])?\s*$")
TABLE_CELL_RE = re.compile(rf"^\s*(?P<c>约|近|超过|不低于|不少于|不超过|不高于)?\s*(?P<n>{ARABIC})\s*(?P<s>左右|以上|以内|以下)?\s*$")
TABLE_GROWTH_HEAD_RE = re.compile(r"增长|增速|增幅|同比|比上年|^\s*[%％]\s*$")
TABLE_GROWTH_NAME_RE = re.compile(r"(?:同比)?(?:增长|增速|增幅)(?:率)?$")

ESTIMATE_RE = re.compile(r"预计")
TARGET_RE = re.compile(r"(?:预期目标|主要目标|目标任务)(?:是|为|:|：)|目标是|目标为|力争|争取达到|预期增长|预期目标")

# text that never holds a fact: dates, names and labels
NAME_PRONE_UNITS = {"小时", "分钟", "米"}

# subject clean-up
SCOPE = alternation("scope_words", "scope")
SCOPE_PREFIX_RE = re.compile(rf"^(?:{SCOPE})")
_LEAD_CONN = (r"(?:预计|力争|确保|努力|计划|我们|其中|各类|各项|各种|全年|今年|去年|当年|同时|另外|此外|目前|并且|并|且|还|而|"
              rf"共|共计|累计|总计|合计|已|已经|一年来|{SCOPE}|"
              r"(?:由|从|到|至|截至|截止)?(?:19|20)\d\d年(?:底|末|的|以来)*|(?:过去|近)?[两二三四五六七八九十\d]{1,2}年(?:来|间|中|里)?(?=累计|共|新增|新建)|"
              r"和|及|与|以及|、|,|，|\s)")
# connectives and scope words, then at most one leading verb (发放促进就业政策资金 keeps 促进)
LEAD_RE = re.compile(
    rf"^{_LEAD_CONN}*(?:完成|实现|开展|促进|组织|举办|办理|形成|设立|发放|落实|争取|带动|吸引|协助|拉动|创建|受理|培养|"
    rf"接收|拥有|共有|现有|建成(?!区)|安排|实施|开工建设|新开工建设|启动建设|开发|保障|推出|涉及|培育|招引|谋划招引|投用|入选|组建|化解|提出|获(?![得批评奖])|统筹)?{_LEAD_CONN}*")
TAIL_RE_SUBJECT = re.compile(
    r"(?:(?:由|从)?(?:19|20)\d\d年(?:底|末|的)*|(?:由|从)(?:上年|去年)(?:末|底)?的?|(?:(?<=[\u4e00-\u9fff]{2})|^)(?<!连续)[两二三四五六七八九十]年|逆势|(?:高于|低于|快于|慢于|领先|超出)(?:全国|全省|全市|全州|全区|同期|平均|水平)*|"
    r"每人每月|每人每年|每户每月|每月|每年|每人|每户|每天|每日|平均|全部|由|从|预计|完成|达到|(?<![发下到表传送])达|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|下降到|下降至|降低到|降低至|"
    r"迈上|跨上|跃上|站上|跃升至|跃升到|攀升至|升至|升到|降至|降到|减少到|减少至|减至|缩小到|缩小至|扩大到|扩大至|保持在|控制在|稳定在|维持在|为|是|有|共计|总计|合计|共|"
    r"首次|首超|超过|超出|(?<![赶高])超|突破|将近|接近|(?<![最附邻就])近|大约|约为|(?<![签节制预契公条合集邀违履])约|逾|不少于|不低于|至少|不超过|不高于|不到|不足|低于|高于|"
    rf"{BASIS}|实际|名义|分别|均|净减量|净减少|净减|净增加|净增|增长|增加|提高|提升|上升|"
    r"上涨|下降|降低|减少|减量|回落|下滑|恢复|相当于|压缩|压减|缩短|削减|缩减|(?<=[\u4e00-\u9fff]{2})(?:再|开行|保持)|实现|全年|当年|已|已经|了|的|在|到|至|以|"
    r"和|及|与|、|\s)+$")
CONNECTOR_ONLY_RE = re.compile(r"^[\s、,，]*(?:和|与|及|以及|、|,|，)?[\s]*$")

# what follows a count: the counted noun, up to a verb or punctuation (quotes kept whole)
AFTER_RUN_RE = re.compile(rf"(?:“[^”\n]{{1,20}}”|《[^》\n]{{1,40}}》|\([^)\n]{{1,8}}\)|（[^）\n]{{1,8}}）|[{CJK}A-Za-z])+")
AFTER_CUT_RE = re.compile(
    r"的|全部|全面|基本|有序|顺利|成功|完成|实现|入驻|落户|落地|具备|上报|达到|开工|建成|投入|正式|已|被|纳入|"
    r"均|规模|获得|获|通过|(?<!可)持续|稳步|陆续|共同|分别|开通|参加|同比|累计|共计|提高|增长|增加|下降|减少|得到|进行|"
    r"编制|加速|加快|推进|大关|台阶|人民币|位居|位列|揭牌|让|填补|振兴发展|托底|进入|惠及|(?<=[\u4e00-\u9fff]{2})在(?=[\u4e00-\u9fff]{2})|(?<![民定人安宜])居(?=全|第|首|前|同|省|市|区|县)|列入|全国|全省|全市|全区|全县")
AFTER_START_STOP_RE = re.compile(
    r"并|且|而|以|用于|为|来|去|再|又|将|要|等|左右|以上|以下|增|降|减|提高|提升|达|占|比|较|同比|超|高于|低于|"
    r"投入|完成|实现|位居|位列|居|列|均|是|的|到|至")
# a verb inside the words before a number: the subject is its object (园区企业缴纳全口径税收70.4亿元)
MID_VERB_RE = re.compile(r"获得|缴纳|发放|兑现|拨付|筹集|争取到|受理|培养")
AFTER_PROMOTE_RE = re.compile(r"获评为?|入选|被评为|评为|认定为|获批")

# a span (五年来, 过去五年) dates flows and changes, not levels reached at its end
FLOW_WORD_RE = re.compile(rf"(?:{alternation('flow_stock', 'flow')})(?!区)")
# a stock word right before the number (after its comparator): 达到470万人, 突破7000公里 (a level)
STOCK_BEFORE_RE = re.compile(rf"(?:{alternation('flow_stock', 'stock')})(?:了|为)?$")
# a stock word right after a counted noun: 10个国家大科学装置在川布局
STOCK_AFTER_RE = re.compile(rf"^[^,，;；。]{{0,4}}?(?:{alternation('flow_stock', 'stock')})")
FLOW_SUBJECT_RE = re.compile(r"^(?:新增|新建|新开工|新改建|建成(?!区)|完成|改造|累计|共|引进|培育|实施|开展|创建|打造|新培育|新引进|增加|减少|"
                             r"新认定|签约|落地|帮扶|培训|解决|转移|安置|治理|修复|整治|造林)")

# a level held through a span, not reached at its end: 五年来…保持在80%以上, 控制在3.5%以内
HELD_RE = re.compile(rf"(?:{alternation('flow_stock', 'held')}|始终)[^,，;；。]{{0,3}}$")
LEAD_CONN_RE = re.compile(rf"^{_LEAD_CONN}*")

NEW_PREFIX_RE = re.compile(r"新增|新建|新培育|新引进|新登记|新注册|新设立")
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
HALF_RE = re.compile(r"(?P<c>超过|超|逾|近|接近|不到|不足)?(?P<n>半数)(?P<s>以上)?")

# where the predicate of a clause begins (高新技术产业增加值|突破千亿元): the words before it name the subject
PREDICATE_RE = re.compile(r"突破|超过|超|达到|达|完成|实现|增长(?!率)|增加(?!值)|提高|提升|下降|降低|减少|为|是|约|近|\d|[一二两三四五六七八九十百千万]")

# distribution over the urban and the rural population: 城乡居民, 城乡常住居民, 城、乡居民
URBAN_RURAL_RE = re.compile(r"^城(?:乡|[、和]乡)(?P<who>常住居民|居民)")
# the head a list of items shares with its last item (汽车用锂电池、太阳能电池产量)
MEASURE_HEAD_RE = re.compile(rf"(?:{alternation('measure_heads', 'head')})$")

# one figure for every item of a list: 财政总收入、地方财政收入均增长6%
SHARED_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?<![年平人户])均(?=增长|下降|提高|达到|超过|突破|为|在|实现)")

# a count named again to open its breakdown: 42个项目中,已竣工30个
REMENTION_RE = re.compile(r"中(?:[,，:：]|有)")
# short list items that replace the first word of the last item: 城镇、农村居民人均可支配收入
POPULATION_WORDS = {"城镇", "农村", "城市", "乡村", "全体", "城乡", "农民", "职工", "居民"}

# a target with no number, pegged to another indicator: 居民人均可支配收入增长与经济增长(基本)同步
PEGGED_RE = re.compile(rf"(?:实际)?增长(?P<ref>(?:与|和|同)(?P<name>{alternation('pegged', 'reference')})"
                       r"(?P<basic>基本)?(?:保持)?同步)")
