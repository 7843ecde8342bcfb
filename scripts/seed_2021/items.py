"""Where each item of the 2021 Jizhou report starts, in document order.

`start` is the exact source text at which the item begins, marker included;
`marker` is how much of that is the numbering marker. An item's text runs from
after its marker to where the next entry starts (or to `end`), trailing
whitespace stripped, so texts are exact substrings of the source.
The second shortfall's marker is damaged in the source ("是公职律师…" lacks
its 二): we keep that 是 in the text rather than repair the source.
Titles are the report's own lead phrases; where the source runs the lead
phrase into the body without a full stop, the title stops at the phrase.
"""

PART_ONE = "一、上一年度推进法治政府建设的主要举措和成效"
PART_TWO = "二、上一年度推进法治政府建设存在的不足和原因"
PART_THREE = "三、下一年度推进法治政府建设的主要安排"
CAUSES_HEADING = "产生问题的原因:"
SIGNATURE = "天津市蓟州区人民政府\n"

# (kind, number, parent number or None, marker, start, title, end or None)
ITEMS = [
    (
        "measure",
        1,
        None,
        "(一)",
        "(一)坚持以习近平法治思想为指导",
        "坚持以习近平法治思想为指导,统筹推进法治政府建设",
        "line",
    ),
    ("measure", 1, 1, "1.", "1.强化党的领导", "强化党的领导,全面履行法治建设第一责任人职责", None),
    ("measure", 2, 1, "2.", "2.坚持建设德才兼备", "坚持建设德才兼备的高素质法治工作队伍", None),
    (
        "measure",
        3,
        1,
        "3.",
        "3.扎实推进法治政府建设决策部署",
        "扎实推进法治政府建设决策部署落实落地",
        None,
    ),
    (
        "measure",
        2,
        None,
        "(二)",
        "(二)坚持“一体化建设”总思路",
        "坚持“一体化建设”总思路,法治政府建设率先取得突破",
        "line",
    ),
    ("measure", 1, 2, "1.", "1.政府职能依法全面履行", "政府职能依法全面履行", None),
    ("measure", 2, 2, "2.", "2.依法行政水平大幅提升", "依法行政水平大幅提升", None),
    ("measure", 3, 2, "3.", "3.行政执法权责统一", "行政执法权责统一、严格规范", None),
    ("measure", 4, 2, "4.", "4.司法体制建设公正文明高效", "司法体制建设公正文明高效", None),
    ("measure", 5, 2, "5.", "5.社会矛盾纠纷依法有效化解", "社会矛盾纠纷依法有效化解", None),
    ("measure", 6, 2, "6.", "6.普法依法治理工作深入推进", "普法依法治理工作深入推进", PART_TWO),
    (
        "shortfall",
        1,
        None,
        "一是",
        "一是习近平法治思想学习",
        "习近平法治思想学习还有待进一步深化",
        None,
    ),
    ("shortfall", 2, None, "", "是公职律师队伍需要加强", "公职律师队伍需要加强", None),
    ("shortfall", 3, None, "三是", "三是基层行政执法力量", "基层行政执法力量相对薄弱", None),
    ("shortfall", 4, None, "四是", "四是治化营商环境", "治化营商环境程度不够高", None),
    (
        "shortfall",
        5,
        None,
        "五是",
        "五是“述法”工作开展不够深",
        "“述法”工作开展不够深",
        CAUSES_HEADING,
    ),
    (
        "cause",
        1,
        None,
        "一是",
        "一是理论学习向工作实效",
        "理论学习向工作实效的成果转化还不够明显",
        None,
    ),
    (
        "cause",
        2,
        None,
        "二是",
        "二是公职律师配备和使用",
        "公职律师配备和使用工作机制尚不健全",
        None,
    ),
    ("cause", 3, None, "三是", "三是街镇乡", "街镇乡“一支队伍管执法”的改革还不彻底", None),
    (
        "cause",
        4,
        None,
        "四是",
        "四是法治化营商环境的构建",
        "法治化营商环境的构建上还有所欠缺",
        None,
    ),
    ("cause", 5, None, "五是", "五是依法行政意识", "依法行政意识还有待于进一步强化", PART_THREE),
    ("task", 1, None, "一是", "一是在学懂弄通", "在学懂弄通做实习近平法治思想上狠下功夫", None),
    ("task", 2, None, "二是", "二是持续深化法治政府示范创建", "持续深化法治政府示范创建", None),
    ("task", 3, None, "三是", "三是加强法治人才队伍建设", "加强法治人才队伍建设", None),
    ("task", 4, None, "四是", "四是严格督察考核", "严格督察考核", None),
    ("task", 5, None, "五是", "五是搭建区级企业家", "搭建区级企业家法治服务平台", None),
    ("task", 6, None, "六是", "六是提升“述法”工作效果", "提升“述法”工作效果", SIGNATURE),
]

# Editorial reading of the report (it does not draw these lines itself): each
# cause explains the shortfall in the same position; each task addresses the
# shortfalls and causes whose subject it takes up.
LINKS = [("explains", ("cause", n), ("shortfall", n)) for n in range(1, 6)] + [
    ("addresses", ("task", 1), ("shortfall", 1)),
    ("addresses", ("task", 1), ("cause", 1)),
    ("addresses", ("task", 2), ("cause", 5)),
    ("addresses", ("task", 3), ("shortfall", 2)),
    ("addresses", ("task", 3), ("cause", 2)),
    ("addresses", ("task", 3), ("shortfall", 3)),
    ("addresses", ("task", 3), ("cause", 3)),
    ("addresses", ("task", 4), ("shortfall", 5)),
    ("addresses", ("task", 4), ("cause", 5)),
    ("addresses", ("task", 5), ("shortfall", 4)),
    ("addresses", ("task", 5), ("cause", 4)),
    ("addresses", ("task", 6), ("shortfall", 5)),
    ("addresses", ("task", 6), ("cause", 5)),
]

# Units and bodies the report itself names: (name, short name, kind, parent name).
UNITS = [
    ("区委", "区委", "party", None),
    ("天津市蓟州区人民政府", "区政府", "government", None),
    ("区委全面依法治区委员会", "依法治区委员会", "body", "区委"),
    ("区委依法治区办", "依法治区办", "party", "区委全面依法治区委员会"),
    ("区委依法治区办秘书科", "依法治区办秘书科", "party", "区委依法治区办"),
    (
        "蓟州区人民政府行政复议咨询委员会",
        "区政府行政复议咨询委员会",
        "body",
        "天津市蓟州区人民政府",
    ),
    ("乡镇街", "乡镇街", "township", "天津市蓟州区人民政府"),
    ("政法机关", "政法机关", "other", None),
    ("三级矛调中心", "矛调中心", "body", None),
    ("司法裁判执行联动中心", "执行联动中心", "court", None),
    ("蓟州区退役军人信访调解委员会", "退役军人信访调解委员会", "body", None),
    ("交通事故纠纷调解委员会", "交通事故纠纷调解委员会", "body", None),
    ("商事人民调解委员会", "商事人民调解委员会", "body", None),
    ("蓟州区法治宣传教育基地", "法治宣传教育基地", "other", None),
]
