"""Phrase pools for synthetic reports: plausible Chinese, no real people or places."""

from random import Random

DISTRICTS = [
    "青川区",
    "临河区",
    "东峪区",
    "西坪区",
    "南塘区",
    "北岭区",
    "云溪区",
    "石门区",
    "白沙区",
    "松阳区",
    "桐林区",
    "金水区",
]
# City mode (`generate_data --districts N`, up to 16): the districts above and four more.
CITY_DISTRICTS = [*DISTRICTS, "柳岸区", "枫桥区", "长湾区", "玉泉区"]

# (name, kind) of the units a district names as lead or supporting units.
OFFICES = [
    ("委依法治区办", "body"),
    ("政府办公室", "government"),
    ("司法局", "department"),
    ("市场监管局", "department"),
    ("公安分局", "department"),
    ("财政局", "department"),
    ("人力资源和社会保障局", "department"),
    ("生态环境局", "department"),
    ("住房和城乡建设委员会", "department"),
    ("城市管理委员会", "department"),
    ("交通运输局", "department"),
    ("农业农村委员会", "department"),
    ("商务局", "department"),
    ("文化和旅游局", "department"),
    ("卫生健康委员会", "department"),
    ("应急管理局", "department"),
    ("审计局", "department"),
    ("民政局", "department"),
    ("教育局", "department"),
    ("政务服务办公室", "department"),
    ("信访办公室", "department"),
    ("人民法院", "court"),
    ("人民检察院", "procuratorate"),
    ("委组织部", "party"),
    ("委宣传部", "party"),
    ("委政法委", "party"),
    ("城关镇", "township"),
    ("东关街道", "township"),
    ("西关街道", "township"),
    ("河口镇", "township"),
    ("下营镇", "township"),
    ("马坊镇", "township"),
]

TOPICS = [
    "行政执法",
    "行政复议",
    "公职律师",
    "法律顾问",
    "重大行政决策",
    "规范性文件",
    "政务公开",
    "营商环境",
    "安全生产",
    "生态环境保护",
    "基层治理",
    "普法宣传",
    "信访工作",
    "综合行政执法",
    "应急管理",
    "政务数据共享",
    "行政审批",
    "矛盾纠纷化解",
    "行政应诉",
    "合法性审查",
]
PROBLEMS = [
    "工作机制尚不健全",
    "队伍专业化水平有待提高",
    "监督力度还不够",
    "信息化水平不高",
    "制度执行不到位",
    "基层力量相对薄弱",
]
CAUSES = ["重视程度不够", "经费保障不足", "考核机制不完善", "人员配备不足", "培训覆盖面不广"]
VERBS = ["深化", "加强", "推进", "完善", "健全", "规范", "提升"]
OBJECTS = ["工作", "制度建设", "能力建设", "监督检查", "标准化建设", "数字化改革"]
ACTIONS = [
    "召开专题会议研究部署",
    "制定工作方案并明确时间表",
    "组织开展专项培训",
    "完成阶段性督导检查",
    "印发配套制度文件",
    "建立工作台账逐项销号",
    "开展案卷评查",
    "推动系统上线试运行",
]
RETURN_REASONS = [
    "佐证材料不完整,请补充会议纪要。",
    "进展描述过于笼统,请说明具体完成情况。",
    "完成百分比与材料不符,请核实。",
    "请补充相关文件的正式印发版本。",
]


def shortfall_title(rng: Random) -> str:
    return f"{rng.choice(TOPICS)}{rng.choice(PROBLEMS)}"


def cause_title(rng: Random) -> str:
    return f"{rng.choice(TOPICS)}{rng.choice(CAUSES)}"


def task_title(rng: Random) -> str:
    return f"{rng.choice(VERBS)}{rng.choice(TOPICS)}{rng.choice(OBJECTS)}"


def body(rng: Random, title: str) -> str:
    """A paragraph in the report's register, opening with the item's title."""
    sentences = [
        f"全年办理相关事项{rng.randint(12, 980)}件",
        f"覆盖率达到{rng.randint(40, 100)}%",
        f"{rng.choice(TOPICS)}与{rng.choice(TOPICS)}统筹推进",
        f"{rng.choice(VERBS)}{rng.choice(TOPICS)}{rng.choice(OBJECTS)}",
    ]
    rng.shuffle(sentences)
    return f"{title}。" + ",".join(sentences[: rng.randint(2, 4)]) + "。"


def progress_text(rng: Random) -> str:
    return f"{rng.choice(ACTIONS)},{rng.choice(ACTIONS)}。"
