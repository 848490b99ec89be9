#!/usr/bin/env python3
"""Hand-made hold-out set 46 (龙岗区 / 坪山区 信访局 registrars, Jan-Apr 2027).

Standard library only. Every content text below is typed by hand; the random
generator only draws identifiers (phones, ID numbers, openids), timestamps,
external ids and whether a phone/WeChat item names a department.
"""
import json
import os
import random
from collections import defaultdict
from datetime import date, datetime, timedelta

rng = random.Random(2026120246)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases-holdout46.jsonl")

FIELDS = ["external_id", "channel", "received_at", "name", "phone", "id_number",
          "openid", "district", "street", "department", "content", "truth"]
OFFICE_CHANNELS = {"letter", "visit", "phone", "superior"}
OA_PREFIX = "oQ7kZ"   # WeChat official account 「深圳信访」
MP_PREFIX = "oMp3W"   # mini-program
MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
                   "150", "151", "152", "153", "155", "156", "157", "158", "159",
                   "166", "176", "177", "180", "181", "182", "183", "185", "186",
                   "187", "188", "189", "191", "198", "199"]
REGIONS = {"440307": "龙岗区", "440303": "罗湖区", "441424": "五华县", "441481": "兴宁市",
           "445281": "普宁市", "430421": "衡阳县", "431021": "桂阳县", "431322": "新化县",
           "360731": "于都县", "450881": "桂平市", "511623": "邻水县", "420116": "黄陂区",
           "420921": "孝昌县", "411524": "商城县"}
LG, PS = "龙岗区", "坪山区"
STREETS = {LG: {"平湖街道", "布吉街道", "坂田街道", "南湾街道", "横岗街道", "龙城街道", "龙岗街道",
                "坪地街道", "吉华街道", "宝龙街道", "园山街道"},
           PS: {"坪山街道", "马峦街道", "碧岭街道", "石井街道", "坑梓街道", "龙田街道"}}
# days on which office channels are closed besides weekends (元旦, 春节, 清明)
HOLIDAYS = {date(2027, 1, 1)} | {date(2027, 2, 4) + timedelta(d) for d in range(9)} | {date(2027, 4, 5)}

# ---------------------------------------------------------------- persons
# key: (registered name, sex, birth year, ID region code)
P = {
    # G1 乐童玩具
    "qin": ("覃春燕", "F", 1979, "450881"), "luozj": ("罗志坚", "M", 1975, "441424"),
    "yanggl": ("杨桂兰", "F", 1970, "430421"), "wuds": ("吴德胜", "M", 1983, "511623"),
    "pengxj": ("彭小娟", "F", 1990, "431322"),
    # G2 恒运达物流园
    "chenjs": ("陈金水", "M", 1968, "445281"), "lixm": ("黎秀梅", "F", 1992, "441481"),
    "menghj": ("蒙海军", "M", 1988, "450881"), "huangqp": ("黄秋萍", "F", 1985, "360731"),
    "shijg": ("石建国", "M", 1972, "420116"),
    # G3 瑞丰化工园
    "yemh": ("叶美华", "F", 1978, "441481"), "zhanglx": ("张立新", "M", 1982, "411524"),
    "liaoyz": ("廖玉珍", "F", 1995, "440307"), "zhuwb": ("朱文斌", "M", 1970, "420921"),
    "helj": ("何丽娟", "F", 1986, "430421"), "zhongwm": ("钟伟明", "M", 1965, "441424"),
    # G4 锦澜华府
    "sunhr": ("孙浩然", "M", 1990, "420116"), "liuyq": ("刘雅琴", "F", 1988, "511623"),
    "zhouzh": ("周振华", "M", 1985, "440303"), "guoxy": ("郭晓燕", "F", 1992, "411524"),
    "weizy": ("韦志远", "M", 1987, "450881"), "dengml": ("邓美玲", "F", 1984, "445281"),
    # G5 禾塘村
    "wangjj": ("王建军", "M", 1979, "411524"), "licm": ("李春梅", "F", 1983, "431322"),
    "xiewl": ("谢文龙", "M", 1991, "360731"), "luxh": ("陆小红", "F", 1994, "431021"),
    "tiandh": ("田大海", "M", 1972, "420921"),
    # G6 晨曦实验学校校车
    "jianghy": ("江海燕", "F", 1987, "441481"), "fanyq": ("范永强", "M", 1984, "430421"),
    "cailp": ("蔡丽萍", "F", 1989, "441424"), "caoj": ("曹军", "M", 1986, "511623"),
    # G7 翠逸华庭物业 (non-petition)
    "yanzh": ("严志华", "M", 1976, "420116"), "ouyh": ("欧阳慧", "F", 1990, "440303"),
    "lianggq": ("梁国强", "M", 1956, "445281"), "xut": ("许婷", "F", 1993, "411524"),
    "panjp": ("潘建平", "M", 1980, "360731"),
    # G8 炫力健身 (non-petition)
    "cuih": ("崔浩", "M", 1995, "431021"), "shenjy": ("沈佳怡", "F", 1998, "440307"),
    "majj": ("马俊杰", "M", 1992, "420921"), "gongxl": ("龚晓丽", "F", 1990, "441481"),
    # singles
    "zengdm": ("曾德明", "M", 1972, "441424"), "qiufy": ("邱凤英", "F", 1958, "445281"),
    "fengzg": ("冯志刚", "M", 1985, "431322"), "huanglz": ("黄丽珍", "F", 1966, "441481"),
    "zhaoyf": ("赵永福", "M", 1960, "420116"), "fangxw": ("方晓雯", "F", 1992, "440307"),
    "huzd": ("胡振东", "M", 1975, "411524"), "linsf": ("林淑芬", "F", 1952, "445281"),
    "tangh": ("谭国华", "M", 1969, "431021"), "songyt": ("宋雨婷", "F", 1996, "440307"),
    "hejj": ("贺建军", "M", 1979, "430421"), "luhy": ("卢海鹰", "F", 1983, "360731"),
    "liguifang2": ("李桂方", "F", 1988, "411524"), "wenxm": ("温雪梅", "F", 1981, "441424"),
    "taogq": ("陶国庆", "M", 1963, "420921"), "yuanf": ("袁芳", "F", 1989, "431021"),
    "leizy": ("雷振宇", "M", 1994, "450881"), "konglh": ("孔令华", "F", 1974, "440303"),
    "mozx": ("莫志雄", "M", 1977, "445281"), "tangmy": ("汤美玉", "F", 1960, "441481"),
    "baijh": ("白建华", "M", 1971, "411524"), "duxf": ("杜晓峰", "M", 1987, "420116"),
    "xiajf": ("夏金凤", "F", 1955, "430421"), "xuezm": ("薛志明", "M", 1980, "360731"),
    "yuxl": ("余秀兰", "F", 1967, "431322"), "zoujm": ("邹家明", "M", 1999, "440307"),
    "fuch": ("傅春花", "F", 1976, "441424"), "dingw": ("丁伟", "M", 1988, "511623"),
    "jiangym": ("姜玉梅", "F", 1962, "420921"), "chengh": ("程浩", "M", 1993, "431021"),
    "xionglh": ("熊丽华", "F", 1984, "450881"), "wandf": ("万德福", "M", 1957, "445281"),
    "qinxm": ("秦晓梅", "F", 1990, "441481"), "yinzq": ("尹志强", "M", 1982, "430421"),
    "renxy": ("任小燕", "F", 1995, "360731"), "luwd": ("鲁卫东", "M", 1973, "420116"),
    "gangy": ("甘桂英", "F", 1959, "450881"), "wuzy": ("武志勇", "M", 1986, "411524"),
    "gel": ("葛丽", "F", 1991, "431021"), "daizm": ("戴志明", "M", 1978, "441424"),
    "liuy": ("柳艳", "F", 1985, "445281"), "ruanhm": ("阮红梅", "F", 1979, "431322"),
    "nizj": ("倪志军", "M", 1983, "420116"), "wangxq": ("汪小琴", "F", 1986, "411524"),
    "tongjh": ("童建华", "M", 1968, "441424"), "zhuoln": ("卓丽娜", "F", 1994, "440307"),
    "yueq": ("岳强", "M", 1975, "430421"), "wuxl": ("巫秀兰", "F", 1963, "441481"),
    "xiangw": ("项伟", "M", 1990, "511623"), "chemeil": ("车美兰", "F", 1972, "445281"),
    "guanzh": ("关振华", "M", 1958, "420921"), "baoxh": ("鲍晓红", "F", 1980, "431322"),
    "youzw": ("尤志伟", "M", 1977, "441424"), "haolh": ("郝丽华", "F", 1969, "430421"),
    "yijg": ("易建国", "M", 1960, "360731"), "jianmj": ("简美娟", "F", 1991, "431021"),
    "liguifang": ("李桂芳", "F", 1970, "431322"), "jiangmh": ("蒋明辉", "M", 1990, "511623"),
    "tangjs": ("唐建设", "M", 1966, "431322"), "tengmj": ("滕美娟", "F", 1970, "441424"),
    "changzh": ("常志华", "M", 1964, "420921"), "niexl": ("聂小兰", "F", 1981, "430421"),
    "luozh": ("骆志华", "M", 1975, "360731"), "kemq": ("柯美琴", "F", 1968, "445281"),
    "maojp": ("毛建平", "M", 1980, "411524"), "shaolp": ("邵丽萍", "F", 1987, "431021"),
    "suyk": ("苏永康", "M", 1955, "441481"), "jinxd": ("金晓东", "M", 1989, "420116"),
    "yangz": ("阎桂珍", "F", 1958, "430421"), "shijx": ("施建新", "M", 1972, "511623"),
    "pangl": ("庞丽", "F", 1993, "450881"), "houds": ("侯德胜", "M", 1961, "511623"),
    "zhuyt": ("祝雅婷", "F", 1997, "440307"), "guht": ("顾海涛", "M", 1984, "420921"),
    "huaxy": ("华秀英", "F", 1950, "445281"), "yinzy": ("殷志远", "M", 1976, "441424"),
    "fuyh": ("符永红", "F", 1983, "360731"), "lvgd": ("吕国栋", "M", 1971, "430421"),
    "lanxy": ("蓝晓燕", "F", 1992, "450881"), "chigp": ("池国平", "M", 1974, "411524"),
    "jiaoxm": ("焦秀梅", "F", 1966, "431322"), "ningzg": ("宁志刚", "M", 1985, "420116"),
}


def I(channel, ids, content, name=None, d=None, s=None, dep=None):
    """One item. ids: p/q = the person's 1st/2nd phone, r = a relative's own phone,
    i = ID number, o/m = the person's official-account / mini-program openid,
    x/y = an unrelated official-account / mini-program openid (someone else's WeChat)."""
    return dict(channel=channel, ids=ids, content=content, name=name, d=d, s=s, dep=dep)


CASES = []  # (person, matter, category, petition, district, street, department, items, after)


def C(person, matter, cat, pet, district, street, dept, items, after=None):
    CASES.append((person, matter, cat, pet, district, street, dept, items, after))


# ================================================================ groups
# G1 bankrupt toy factory, wages (petition)
g = ("G1", "劳动社保", True, LG, "平湖街道", "龙岗区人力资源局")
C("qin", *g, [
    I("visit", "pi", "我是深圳市乐童玩具制品有限公司的车缝工，厂里去年12月底突然停工，老板联系不上，欠我们10月到12月三个月工资，我个人是13800元。全厂两百多人，请劳动监察帮我们追讨。"),
    I("phone", "p", "上次来登记过玩具厂欠工资的事，想问一下垫付的钱什么时候能下来，家里等着交房租。", name="覃姐"),
    I("wechat", "x", "平湖那家玩具厂的工资到底还发不发，等了好久了，我是车缝组的", name="春燕花开"),
])
C("luozj", *g, [
    I("letter", "i", "反映乐通玩具厂（平湖）拖欠工资问题：本人在该厂做注塑七年，厂子倒闭后老板跑了，欠工资加补偿共四万多元。请求政府出面解决。"),
    I("online", "p", "我之前寄过信说玩具厂欠薪的事，到现在没有任何回音，请问转到哪个部门了？本人罗志坚，注塑车间。"),
])
C("yanggl", *g, [
    I("phone", "p", "平湖那家做毛绒公仔的厂，老板姓邝，人跑了，我们工资没拿到。我五十多岁了，再找工作难，求政府帮帮忙。"),
    I("phone", "r", "我妈杨桂兰前些天打过电话，说玩具厂欠工资的事，她普通话不好，我替她问一下进展。", name="刘俊"),
])
C("wuds", *g, [
    I("miniprogram", "m", "勒童玩具欠薪，本人吴德胜，仓库组，欠工资21000元，老板失联，请尽快处理"),
])
C("pengxj", *g, [
    I("superior", "pi", "市信访局交办：彭小娟反映原深圳市乐童玩具制品有限公司停产倒闭，拖欠其工资约1.2万元，请龙岗区依法处理并答复。"),
    I("email", "", "领导您好，我是原乐童玩具的员工彭小娟，市里转下来的欠薪件，区里说在核实，想问核实到哪一步了。"),
])

# G2 logistics park, social insurance deducted but not paid (petition)
g = ("G2", "劳动社保", True, PS, "坑梓街道", "市社保局坪山分局")
C("chenjs", *g, [
    I("visit", "pi", "我在坑梓街道恒运达物流园开叉车，公司每月从工资里扣社保，可我去社保局一查，从去年5月起就没交了，断了8个月。要求社保部门责令公司补缴。"),
    I("phone", "p", "叉车司机陈金水，我那个社保断缴的事，说十五天内给答复，现在过了期限还没消息。", name="陈伯"),
])
C("lixm", *g, [
    I("online", "p", "横运达物流分拣中心拖欠社保：本人入职三年，去年下半年开始公司就没交社保，现在生孩子报不了生育津贴，请求处理。"),
])
C("menghj", *g, [
    I("wechat", "o", "坑梓那个大物流园，扣了我们的社保钱不交，谁来管", name="海军哥"),
    I("wechat", "o", "上次发的物流园社保的事有人管没有？", name="海军哥"),
    I("phone", "p", "我在微信上反映过恒运达扣社保不交的问题，没人回，现在打电话再说一遍。我叫蒙海军，在物流园做装卸。"),
])
C("huangqp", *g, [
    I("phone", "p", "衡远达供应链公司，坑梓的，社保断了好几个月，我们几十个人都是这样，劳动部门要管一管。", name="王秋萍"),
    I("letter", "i", "本人黄秋萍，在深圳市恒运达供应链管理有限公司任仓管员，公司自2026年5月起未为员工缴纳社会保险，此前已电话反映，现书面再次反映，请求依法责令补缴。"),
])
C("shijg", *g, [
    I("superior", "pi", "省信访局交办件：石建国反映深圳市恒运达供应链管理有限公司（坪山区坑梓街道）代扣社保费后未缴纳，请核查处理并报结果。"),
])

# G3 chemical park odour (petition)
g = ("G3", "生态环境", True, PS, "碧岭街道", "市生态环境局坪山管理局")
C("yemh", *g, [
    I("online", "p", "碧岭街道瑞丰化工园晚上经常飘刺鼻气味，像臭鸡蛋混着油漆味，我家小孩半夜被熏醒咳嗽。请生态环境部门晚上来检测。"),
    I("online", "p", "化工园臭味问题第二次反映：回复说检测达标，可是晚上十一点以后味道最重，白天来测有什么用？"),
    I("miniprogram", "m", "还是臭，昨晚两点又是那股味，能不能在园区边上装个在线监测"),
])
C("zhanglx", *g, [
    I("phone", "p", "我住马峦街道，山那边的化工园区一刮东风就飘过来一股化学味，窗都不敢开，已经半年了。", d="", s="马峦街道"),
])
C("liaoyz", *g, [
    I("wechat", "o", "锐丰化工是不是每天晚上偷排？整个碧岭都是臭的，环保局管不管", name="珍珍"),
    I("wechat", "o", "我上周说的化工厂臭味，今晚又来了，我录了视频要怎么发给你们", name="珍珍"),
])
C("zhuwb", *g, [
    I("visit", "pi", "反映深圳市瑞丰新材料科技有限公司所在化工园区废气扰民：本人住附近小区，夜间异味明显，家里老人哮喘加重，要求环保部门查处并公开监测数据。"),
    I("letter", "", "朱文斌再次来信：关于碧岭化工园废气问题，我来访后环保部门只打了个电话，请求书面答复并公开检测报告。"),
])
C("helj", *g, [
    I("email", "", "市长您好：坪山碧岭一带的化工园区夜间异味已经困扰居民很久，希望市里督促区里彻底整治，还我们干净的空气。", dep=""),
])
C("zhongwm", *g, [
    I("superior", "p", "市信访局交办：钟伟明反映碧岭那个化工厂夜里排臭气，周边居民无法入睡，请属地核查处置。"),
])

# G4 stalled estate (petition)
g = ("G4", "住房城建", True, LG, "坂田街道", "龙岗区住房和建设局")
C("sunhr", *g, [
    I("online", "pi", "本人购买坂田街道锦澜华府3栋一套住房，合同约定2026年12月交房，工地从去年7月就停工了，开发商深圳市鸿锦置业有限公司一直说资金困难。请住建局监管预售资金，督促复工。"),
    I("wechat", "o", "锦澜华府业主，停工大半年了，住建局答复就是在协调，到底协调什么", name="浩然"),
    I("visit", "p", "关于锦澜华府停工，我之前网上反映过，今天来现场，想当面问区住建局有没有复工时间表。"),
])
C("liuyq", *g, [
    I("phone", "p", "我买的金兰华府，坂田那边，一直停工，我每个月还着七千多房贷，房子却看不到，怎么办？"),
    I("phone", "p", "又打来问楼盘停工的事，上回接电话的说会转给住建，一直没下文。", name="刘小姐"),
])
C("zhouzh", *g, [
    I("letter", "i", "关于鸿锦置业开发项目停工一事：本人系锦兰花府业主，请求政府介入，查清预售监管资金去向。"),
])
C("guoxy", *g, [
    I("miniprogram", "m", "坂田那个停工的楼盘（鸿锦的），我们业主想一起来访，怎么预约"),
    I("visit", "pi", "代表锦澜华府部分业主来访，要求区政府成立工作专班，推动项目复工交付。"),
])
C("weizy", *g, [
    I("email", "", "领导您好，雪岗路边上那个锦澜华府楼盘停工很久了，塔吊都拆了，请问政府有什么保交楼措施？", d="龙华区"),
])
C("dengml", *g, [
    I("superior", "pi", "市信访局交办：邓美玲反映龙岗区坂田街道锦澜华府项目逾期未交付，请督促开发企业履行交付义务并答复信访人。"),
])

# G5 urban village clearance (petition)
g = ("G5", "住房城建", True, LG, "布吉街道", "布吉街道办事处")
C("wangjj", *g, [
    I("visit", "pi", "我在布吉街道禾塘村租房住了12年，现在说要旧改清租，只给十天搬走，月底就断水断电。我们一家四口，孩子还在附近上学，请求街道给合理的搬迁时间。"),
    I("phone", "p", "又停水了，上次说协调延期，没看到。", name="王师傅"),
])
C("licm", *g, [
    I("online", "p", "和塘村清退，房东说是股份公司要求的，让我们自己找地方，能不能延到孩子这学期结束再搬？"),
    I("wechat", "x", "布吉那个要拆的村子，今天有人来把电表拆了，家里老人小孩没法过", name="梅子"),
])
C("xiewl", *g, [
    I("wechat", "o", "荷塘新村清租通知贴出来就给十天，太急了，街道办有没有正式文件？", name="龙仔"),
])
C("luxh", *g, [
    I("miniprogram", "m", "禾塘旧村改造片区的租户，已经断水断电了，要求街道先恢复供水"),
    I("phone", "p", "我在小程序上说过断水的事，现在还是没水，我怀孕六个月，每天去外面提水。"),
])
C("tiandh", *g, [
    I("letter", "", "本人在布吉禾塘村租房开小卖部，旧改清退没有任何补偿，货都压着，请求给予过渡安置。", d="罗湖区"),
])

# G6 school bus cancelled (petition)
g = ("G6", "教育", True, PS, "石井街道", "坪山区教育局")
C("jianghy", *g, [
    I("online", "p", "坪山区晨曦实验学校这学期开学后取消了石井片区的校车，孩子才二年级，要走四十分钟，沿路都是泥头车。请教育局恢复校车线路。"),
    I("phone", "p", "还是没恢复，孩子每天早上六点就得出门。"),
])
C("fanyq", *g, [
    I("phone", "p", "辰希学校的校车停了，说是合同到期，教育局能不能协调一下，我们石井的家长都很着急。"),
])
C("cailp", *g, [
    I("wechat", "o", "晨曦学校校车什么时候恢复？泥头车那么多，出了事谁负责", name="萍萍妈"),
    I("wechat", "o", "昨天放学有个孩子差点被车刮到，校车的事请抓紧", name="萍萍妈"),
])
C("caoj", *g, [
    I("visit", "pi", "我是石井街道的家长，坪山那个新开的九年一贯制学校取消校车后，我们几十个家长联名要求恢复，今天把联名信带来了。"),
    I("email", "", "曹军：关于晨曦实验学校校车的联名信交上去好些天了，教育局说在研究，请给个明确答复。"),
])

# G7 property management, parking fee (NOT a petition)
g = ("G7", "物业管理", False, LG, "横岗街道", "")
C("yanzh", *g, [
    I("phone", "p", "横岗翠逸华庭的物业把停车费从三百涨到五百，没开业主大会，不交就不抬杆，车进不去。"),
    I("wechat", "x", "小区物业停车费那个事，今天物业又贴通知了，说下个月不交就锁车", name="老严"),
])
C("ouyh", *g, [
    I("online", "pi", "深圳市嘉禾睿物业服务有限公司擅自上调翠逸华庭月租车位费，要求物业退还多收的部分。"),
])
C("lianggq", *g, [
    I("visit", "pi", "家和瑞物业乱收停车费，我七十岁了开车送老伴看病，保安不让进，跟他们吵了一架。"),
    I("phone", "p", "翠逸华庭管理处还是不让我车进去，你们上次说让我去找社区调解，社区说要等业委会。", name="梁伯"),
])
C("xut", *g, [
    I("miniprogram", "m", "我们翠逸那个小区的物业公司涨停车费，业主群都炸了，能不能帮我们把钱要回来"),
])
C("panjp", *g, [
    I("letter", "", "反映翠逸华庭物业停车收费问题：物业公司未经业主同意涨价，还用道闸卡业主，我认为收费不合理，请求处理。"),
])

# G8 closed gym, members already suing (NOT a petition)
g = ("G8", "涉法涉诉", False, LG, "龙城街道", "")
C("cuih", *g, [
    I("online", "p", "我在龙城街道炫力健身办了两年卡8800元，去年12月突然关门。我们二十多个会员已经一起去龙岗法院起诉了，想问怎样能快点判。"),
    I("phone", "p", "健身房那个官司，法院说排期排到五月，能不能帮我们催一下。"),
])
C("shenjy", *g, [
    I("wechat", "o", "旋力健身关门了，私教课还剩三十节，我要退钱，老板电话打不通", name="佳怡Joy"),
])
C("majj", *g, [
    I("visit", "pi", "玄力健身房关门的事，我们已经起诉了，万一判下来老板没钱执行怎么办？"),
    I("letter", "", "马俊杰补交材料：深圳市炫力健身管理有限公司会员退费纠纷的起诉状复印件一份，请转有关部门。"),
])
C("gongxl", *g, [
    I("phone", "p", "龙城广场旁边那家健身房关了，我的年卡还剩十个月，想跟大家一起告，去哪里立案？"),
])

GROUP_ALIASES = {
    "G1": ["深圳市乐童玩具制品有限公司", "乐童玩具", "乐通玩具厂", "勒童玩具", "做毛绒公仔的厂", "老板姓邝", "玩具厂"],
    "G2": ["恒运达物流园", "深圳市恒运达供应链管理有限公司", "横运达物流分拣中心", "衡远达供应链公司", "坑梓那个大物流园", "恒运达", "物流园"],
    "G3": ["瑞丰化工园", "深圳市瑞丰新材料科技有限公司", "锐丰化工", "山那边的化工园区", "碧岭那个化工厂", "碧岭化工园", "化工园"],
    "G4": ["锦澜华府", "深圳市鸿锦置业有限公司", "金兰华府", "锦兰花府", "鸿锦置业", "坂田那个停工的楼盘", "雪岗路边上"],
    "G5": ["禾塘村", "和塘村", "荷塘新村", "布吉那个要拆的村子", "禾塘旧村改造片区"],
    "G6": ["坪山区晨曦实验学校", "晨曦实验学校", "辰希学校", "晨曦学校", "新开的九年一贯制学校"],
    "G7": ["翠逸华庭", "深圳市嘉禾睿物业服务有限公司", "家和瑞物业", "翠逸华庭管理处", "翠逸那个小区"],
    "G8": ["炫力健身", "深圳市炫力健身管理有限公司", "旋力健身", "玄力健身房", "龙城广场旁边那家健身房"],
}

# ================================================================ singles: petitions
C("zengdm", "s01", "民政", True, LG, "平湖街道", "龙岗区残疾人联合会", [
    I("visit", "pi", "我是二级肢体残疾，户口去年迁到平湖后，残疾人两项补贴从11月起就停了，社区说系统里查不到我。请残联帮我把补贴接上。"),
    I("phone", "p", "上次说的那个事怎么样了？补贴还是没到账。", name="郑德明"),
])
C("qiufy", "s02", "民政", True, PS, "坪山街道", "坪山街道办事处", [
    I("phone", "p", "我儿子是一级智力残疾，申请重度残疾人护理补贴，街道退回来说材料不全，可该交的都交了，请帮忙查一下。"),
    I("letter", "", "我是邱凤英，之前打过电话。儿子的护理补贴申请又被退回，说缺一份证明，到底缺什么也不讲清楚，请再核一下。"),
    I("visit", "pi", "为儿子护理补贴第三次来反映，街道残联专干说今年名额满了，补贴还有名额的吗？"),
])
C("fengzg", "s03", "公安政法", True, LG, "横岗街道", "龙岗公安分局横岗派出所", [
    I("visit", "pi", "我在横岗开的五金店三周前被人砸了，当天就报了警，派出所做了笔录，到现在不给受案回执，也不说查得怎么样。"),
    I("phone", "p", "派出所还是没给回执，打电话过去说办案民警休假。"),
    I("wechat", "x", "我哥冯志刚的店被砸那件事，派出所到现在还不立案，他让我在网上再问问", name="阿敏"),
])
C("huanglz", "s04", "城市管理", True, LG, "坪地街道", "坪地街道综合行政执法队", [
    I("online", "p", "坪地街道我家隔壁在原有三层上加盖第四层，明显是违建，我打电话给街道执法队反映了三次，都说会去看，一直没人来。"),
    I("phone", "p", "还是没人来看，人家都快封顶了。"),
    I("visit", "i", "坪地街道执法队不作为：隔壁违法加层，我多次反映无人处理，现在已经封顶，请区里督促查处。"),
])
C("zhaoyf", "s05", "劳动社保", True, LG, "龙城街道", "龙岗区人力资源局", [
    I("letter", "i", "复查申请：本人对龙岗区人力资源局关于我视同缴费年限不予认定的答复意见不服，我1978年至1985年在原国营农场的工龄有档案记载，请求上一级复查。"),
    I("email", "", "赵永福：我寄出的复查申请已经过了半个月，不知道收到没有，麻烦告知受理情况。"),
])
C("fangxw", "s06", "教育", True, LG, "吉华街道", "龙岗区教育局", [
    I("online", "pi", "孩子今年申请吉华街道公办小学一年级学位，租房积分没算进去，说我的租赁备案晚了两个月，可我一直住在这里有水电单据，请求重新核定积分。"),
    I("miniprogram", "m", "学位积分的事还是没回复，眼看要报名了"),
])
C("huzd", "s07", "城市管理", True, PS, "龙田街道", "坪山区城市管理和综合执法局", [
    I("phone", "p", "龙田街道有个工地每天半夜还在出土，渣土车进进出出，灰大声音也大，已经一个多月了。"),
    I("wechat", "o", "渣土车半夜还在跑，你们到底管不管", name="东哥", d=""),
])
C("linsf", "s08", "民政", True, PS, "坑梓街道", "坑梓街道办事处", [
    I("visit", "pi", "我今年七十五岁，户口从老家迁过来一年了，社区说高龄津贴要等审核，一直没发。请帮我问问。"),
    I("phone", "r", "我是林淑芬的女儿，我妈高龄津贴的事上次来过，到现在还是说在审核，能不能给个准话。", name="李敏"),
])
C("tangh", "s09", "劳动社保", True, LG, "南湾街道", "龙岗区人力资源局", [
    I("visit", "pi", "我跟包工头在南湾一个工地做木工，干了四个月，包工头拿了总包的钱就不见了，欠我和工友六万多。请劳动监察找总包单位解决。"),
    I("phone", "p", "工地欠工钱的事，劳动监察说在找包工头，我们等不起了。"),
    I("online", "q", "南湾那个工地木工班组欠薪，之前来访登记过，劳动监察一直没有结果，请尽快督办。"),
])
C("songyt", "s10", "住房城建", True, LG, "坂田街道", "龙岗区住房和建设局", [
    I("online", "pi", "我的公租房轮候资格被取消了，理由是名下有房，可我名下根本没有房产，估计是同名同姓搞错了，请求恢复。"),
    I("wechat", "o", "轮候资格取消的事，住建那边说要我自己去开无房证明，我已经交过了", name="Ting"),
])
C("hejj", "s11", "生态环境", True, LG, "园山街道", "市生态环境局龙岗管理局", [
    I("phone", "p", "园山街道我们村后面的搅拌站天天扬尘，晒的衣服都是灰，村里好多人咳嗽。"),
    I("phone", "q", "我之前打过电话说搅拌站灰尘，没人来看，今天又是灰蒙蒙的。", name="何建军"),
])
C("luhy", "s12", "卫生健康", True, PS, "碧岭街道", "市医保局坪山分局", [
    I("online", "p", "孩子住院花了两万多，少儿医保报销时说没有按时续保，可我是按时交的，有缴费记录，请医保部门核实。"),
])
C("liguifang2", "s13", "教育", True, LG, "布吉街道", "龙岗区教育局", [
    I("phone", "p", "我女儿从老家转学到布吉，学校说没有学位不接收，教育局让我们等，已经等了一个多月了，孩子一直在家。"),
])
C("wenxm", "s14", "民政", True, PS, "石井街道", "坪山区民政局", [
    I("visit", "pi", "我丈夫去世后我一个人带两个孩子，申请低保被驳回，说我名下有一辆车，那辆车早就报废了。"),
    I("letter", "i", "复核申请：本人对坪山区民政局的复查意见不服，车辆已于2025年报废注销，有报废证明，请求复核。"),
])
C("taogq", "s15", "住房城建", True, LG, "龙岗街道", "龙岗区城市更新和土地整备局", [
    I("visit", "pi", "我在龙岗街道的铺面被划进更新范围，补偿按住宅算，比隔壁同样的铺面少一半，要求按商业标准补偿。"),
    I("superior", "p", "市信访局交办：陶国庆反映其位于龙岗街道的临街铺面在城市更新中补偿标准偏低，请核查答复。"),
])
C("yuanf", "s16", "公安政法", True, LG, "龙城街道", "龙岗公安分局龙城派出所", [
    I("online", "p", "我符合积分入户条件，派出所户政窗口说材料不齐退了三次，每次说的不一样，请上级查一下。"),
    I("phone", "q", "入户的事，户政窗口这次又让我补社保证明。"),
])
C("leizy", "s17", "公安政法", True, PS, "坪山街道", "坪山交警大队", [
    I("phone", "p", "我送外卖的电动车被交警扣了，罚款已经交了，去停车场提车说还要等通知，半个月了没法干活。"),
])
C("konglh", "s18", "住房城建", True, LG, "南湾街道", "南湾街道办事处", [
    I("online", "p", "我们楼加装电梯，业主签字都齐了，交到街道半年了不批也不说原因，请督促街道审核。"),
    I("email", "", "孔令华：加装电梯申请在街道压了快七个月，请区里过问一下。"),
])
C("mozx", "s19", "市场监管", True, PS, "坑梓街道", "坪山市场监管局", [
    I("online", "p", "坑梓街道一家快餐店后厨很脏，我拍了视频投诉到市场监管，半个月没人来看，请求监管部门依法检查。"),
    I("phone", "p", "投诉那个快餐店的事还是没人来查，店照样开。"),
])
C("tangmy", "s20", "水务", True, LG, "坂田街道", "龙岗区水务局", [
    I("phone", "p", "坂田我们村那条路一下雨就淹，水都进到屋里，每年都这样，请水务局把排水沟修一下。", name="汤阿婆"),
    I("phone", "r", "我帮我奶奶汤美玉问，她家门口下雨水浸的事，今天又淹了。", name="汤嘉豪", d="龙华区"),
])
C("baijh", "s21", "劳动社保", True, PS, "龙田街道", "坪山区人力资源局", [
    I("visit", "pi", "我在厂里干活手指被压断，工伤认定申请交了三个月还没出结果，请督促人社部门按时限作出认定。"),
])
C("duxf", "s22", "交通运输", True, LG, "横岗街道", "市交通运输局龙岗管理局", [
    I("online", "p", "横岗这边原来到地铁站的那条公交线路取消了，老人小孩出行很不方便，请求恢复或者调整线路。"),
    I("wechat", "o", "公交线取消以后，早上得走二十分钟去坐地铁，能不能加个接驳车", name="晓峰"),
])
C("xiajf", "s23", "劳动社保", True, LG, "宝龙街道", "市社保局龙岗分局", [
    I("visit", "pi", "我在深圳打工二十年，有几年社保断了，现在想补缴凑够年限领养老金，社保局说不符合补缴条件。"),
    I("letter", "i", "夏金凤关于补缴养老保险的再次反映：我之前来访时社保局工作人员口头答复不能补缴，请书面说明依据。"),
])
C("xuezm", "s24", "生态环境", True, PS, "马峦街道", "市生态环境局坪山管理局", [
    I("wechat", "o", "马峦山脚下那几家农家乐的污水直接排到小溪里，溪水发黑发臭", name="山里人"),
    I("online", "p", "马峦街道农家乐污水直排问题，我在公众号上反映过，没见处理，附照片，请环保部门查处。"),
])
C("yuxl", "s25", "城市管理", True, LG, "吉华街道", "吉华街道办事处", [
    I("phone", "p", "我家楼下每天晚上有夜市摆摊，吵到凌晨一两点，跟街道反映了好几次都没人管。"),
    I("phone", "p", "夜市还在摆，街道说去看过了，可晚上根本没人来。", name="余阿姨"),
    I("visit", "i", "吉华街道占道夜市扰民，街道办不处理，我今天来信访局当面说。"),
])
C("zoujm", "s26", "劳动社保", True, LG, "布吉街道", "龙岗区人力资源局", [
    I("online", "pi", "我是去年引进的应届毕业生，新引进人才租房和生活补贴申请通过了公示，到现在还没发放，请问卡在哪个环节。"),
    I("email", "", "邹家明：人才补贴的事已在网上反映过，回复说在走流程，已经两个多月，请给个具体发放时间。"),
])
C("fuch", "s27", "民政", True, PS, "坪山街道", "坪山区残疾人联合会", [
    I("phone", "p", "我是视力残疾，开了家盲人按摩店，残联给的场地租金补贴今年突然停了，问了也不说原因。"),
    I("visit", "i", "盲人按摩店租金补贴停发的事，我电话反映过，今天让家人陪我来，请残联给个说法。"),
])
C("dingw", "s28", "住房城建", True, LG, "坪地街道", "市不动产登记中心龙岗登记所", [
    I("online", "p", "我买的商品房交房三年了办不了房产证，说开发商欠税，这不是我们业主的责任，请不动产登记部门想办法。"),
    I("visit", "p", "办证的事之前网上反映过，登记所说要等开发商，我今天来问政府能不能先给我们办。"),
])
C("jiangym", "s29", "卫生健康", True, PS, "碧岭街道", "坪山区卫生健康局", [
    I("letter", "i", "碧岭街道一家私人诊所给我老伴输液，一次收了八百多，还开了一堆没用的药。请卫生部门查一查这个诊所有没有乱收费。"),
    I("phone", "p", "我寄信举报那个诊所乱收费，想问卫健局查了没有。"),
])
C("chengh", "s30", "公安政法", True, LG, "园山街道", "龙岗公安分局园山派出所", [
    I("online", "p", "我被网上刷单骗了三万二，去派出所报案，民警说金额不大让我回去等，到现在没有立案通知。"),
    I("wechat", "o", "被骗的钱的事，派出所还是那句话让我等", name="浩子"),
])
C("xionglh", "s31", "教育", True, PS, "石井街道", "坪山区教育局", [
    I("miniprogram", "m", "石井街道一家民办幼儿园这学期保教费一下涨了一千二，也没有公示，请教育局管一管"),
    I("phone", "p", "幼儿园涨价的事教育局回复说在调查，园长现在说不交就退园。"),
])
C("wandf", "s32", "退役军人", True, LG, "平湖街道", "龙岗区退役军人事务局", [
    I("visit", "pi", "我是参战退役军人，户口迁到平湖后优抚金断了两个月，请退役军人事务局核实接续。"),
    I("letter", "", "万德福来信：我的优抚金问题来访后仍未解决，现补寄退伍证复印件，请尽快办理。"),
])
C("qinxm", "s33", "劳动社保", True, LG, "龙城街道", "市社保局龙岗分局", [
    I("online", "pi", "我去年10月生的孩子，生育津贴到现在没发，社保局说单位没申报，单位说已经报了，两边推。"),
])
C("yinzq", "s34", "住房城建", True, PS, "坑梓街道", "坪山区住房和建设局", [
    I("letter", "pi", "复核申请：本人对坪山区保障性住房配售资格不予通过的复查意见不服，我的社保缴纳年限计算有误，请求复核。"),
])
C("renxy", "s35", "应急消防", True, LG, "坂田街道", "龙岗区消防救援大队", [
    I("wechat", "o", "坂田我住的城中村出租楼八层只有一个楼梯，楼道里堆满电动车，二房东不管，请消防来查一下", name="小燕子"),
])
C("luwd", "s37", "住房城建", True, PS, "坪山街道", "坪山区住房和建设局", [
    I("visit", "pi", "我们拿到的回迁安置房才住一年，外墙渗水、卫生间漏水，找建设单位推来推去，请政府督促维修。"),
    I("phone", "q", "回迁房漏水，上次说派人来看，到现在没来。"),
])
C("gangy", "s38", "卫生健康", True, LG, "龙岗街道", "市医保局龙岗分局", [
    I("phone", "p", "我有糖尿病，想申请门诊慢性病待遇，社康说要医院开证明，医院又说要社康先登记，跑了好几趟办不下来。"),
])
C("wuzy", "s39", "交通运输", True, PS, "龙田街道", "坪山交警大队", [
    I("online", "p", "我开轻型货车给工厂送货，申请货车通行证一直不批，也不告诉原因，影响吃饭问题。"),
])
C("gel", "s40", "城市管理", True, LG, "南湾街道", "南湾街道办事处", [
    I("online", "p", "南湾我们小区门口的垃圾转运站天一热就臭得不行，晚上还有压缩车作业，请求搬迁或者加装除臭设备。"),
    I("phone", "p", "还是臭，今天路过都得捂鼻子。"),
])
C("daizm", "s41", "其他", True, LG, "宝龙街道", "宝龙街道办事处", [
    I("visit", "pi", "孩子办入学要社区开居住证明，社区工作站说房东没来不能开，房东在外地，我已经住了五年有租赁备案。"),
])
C("liuy", "s42", "卫生健康", True, PS, "坪山街道", "坪山区卫生健康局", [
    I("miniprogram", "m", "社康中心说孩子没有居住证不给建接种本，疫苗要推迟了，这合理吗"),
])
C("ruanhm", "s43", "水务", True, LG, "坪地街道", "龙岗区水务局", [
    I("phone", "p", "我们楼十二层以上白天基本没水，水务公司说是管网压力问题，拖了大半年了。"),
    I("online", "q", "坪地街道高层供水不足问题，之前电话反映过，至今没有改善，请水务部门给出整改时间。"),
])
C("nizj", "s44", "住房城建", True, PS, "坪山街道", "市住房公积金管理中心坪山管理部", [
    I("online", "pi", "我离职回老家买房，申请提取公积金被拒，说要提供购房合同备案，老家那边根本不做备案，请求给个替代办法。"),
    I("phone", "p", "公积金提取的事我网上提过，回复说按规定办，可规定我做不到。"),
])
C("wangxq", "s45", "民政", True, LG, "布吉街道", "龙岗区残疾人联合会", [
    I("visit", "pi", "我儿子自闭症，在定点机构做康复，残疾儿童康复救助从1月起停发了，机构说区里没有拨款。"),
    I("miniprogram", "m", "自闭症孩子康复补助还没恢复，机构说下个月不交钱就不能上课了"),
    I("phone", "r", "我是汪小琴的老公，孩子康复救助的事她跑了好几趟了，今天我来问问到底什么时候能发。", name="陈国栋"),
], after=date(2027, 2, 15))
C("tongjh", "s46", "城市管理", True, PS, "碧岭街道", "坪山区城市管理和综合执法局", [
    I("letter", "i", "复查申请：碧岭街道执法队以违建为由拆除我家养鸡棚，区城管局答复说程序合法，我认为未提前书面通知，请求复查。"),
    I("phone", "p", "我寄了复查申请，想问一下受理了没有。"),
])
C("zhuoln", "s47", "公安政法", True, LG, "龙岗街道", "龙岗公安分局龙岗派出所", [
    I("online", "p", "我前夫多次上门打骂我，我报警三次，派出所只是调解，不出告诫书，我很害怕，请上级督促派出所依法处理。"),
    I("miniprogram", "m", "派出所还是没出告诫书，他昨天又来了"),
])
C("yueq", "s48", "交通运输", True, LG, "平湖街道", "龙岗交警大队", [
    I("phone", "p", "平湖我们小区外面那条路天天停满物流大货车，占了一半车道，晚上还打着火，请交警和城管来管一管。"),
    I("phone", "q", "大货车还是停在路边，昨晚差点撞到电动车。", name="岳先生"),
])
C("wuxl", "s49", "农业农村", True, PS, "龙田街道", "龙田街道办事处", [
    I("visit", "pi", "我是龙田本村人，嫁了人户口没迁走，股份合作公司分红把我们外嫁女排除在外，请街道督促公司纠正。"),
    I("phone", "p", "分红的事街道说去协调，股份公司还是不给。"),
    I("letter", "", "巫秀兰关于外嫁女集体分红权益的再次反映：街道协调无果，请区政府依法处理。"),
])
C("xiangw", "s50", "应急消防", True, LG, "南湾街道", "龙岗区消防救援大队", [
    I("online", "p", "南湾我们小区地下车库有人私拉电线给电动车充电，物业说管不了，请消防部门来检查。"),
])
C("chemeil", "s51", "民政", True, LG, "横岗街道", "横岗街道办事处", [
    I("visit", "pi", "我老公突发重病住院，家里没收入，去社区申请临时救助，社区说材料交了一个月了，还没报到街道。"),
    I("phone", "p", "临时救助的事社区还是没报上去。"),
])
C("guanzh", "s52", "劳动社保", True, PS, "坑梓街道", "坑梓街道办事处", [
    I("visit", "pi", "我退休办手续时发现人事档案不见了，原单位说移交给街道了，街道说没收到，现在退休待遇核定不了。"),
    I("letter", "i", "关振华再次反映档案遗失问题：来访后街道答复继续查找，至今无果，请求明确责任并协助补建档案。"),
])
C("baoxh", "s53", "文化旅游", True, LG, "坂田街道", "龙岗区文化广电旅游体育局", [
    I("online", "p", "坂田一所小学旁边的网吧经常有穿校服的学生进去，请文化执法部门检查。"),
])
C("youzw", "s54", "城市管理", True, PS, "石井街道", "石井街道办事处", [
    I("phone", "p", "石井街道一条市政道路被村里股份公司拦起来收停车费，一次十块，这是公共道路啊。"),
])
C("haolh", "s55", "生态环境", True, LG, "宝龙街道", "市生态环境局龙岗管理局", [
    I("online", "pi", "宝龙街道我家对面的五金厂晚上十点以后还在冲压，咚咚响，睡不着觉，请环保部门夜查。"),
])
C("yijg", "s56", "城市管理", True, PS, "马峦街道", "马峦街道办事处", [
    I("letter", "", "马峦街道我们社区主路的路灯坏了三个多月，晚上漆黑，老人摔过跤，反映给街道一直没修。"),
])
C("jianmj", "s57", "城市管理", True, LG, "园山街道", "园山街道办事处", [
    I("wechat", "o", "园山我们那边的菜市场关了说要改造，附近三个小区买菜要跑好远，什么时候能开", name="娟娟"),
])

# ================================================================ singles: NOT petitions
C("zengdm", "n01", "民事纠纷", False, LG, "平湖街道", "", [
    I("phone", "p", "楼上那户洗衣机漏水，渗到我家天花板，找他们好几次都不理，墙皮都掉下来了。"),
    I("online", "p", "楼上渗水的事，物业说管不了，让我自己去找楼上，我坐轮椅上下楼不方便，能不能有人帮忙协调。"),
])
C("liguifang", "n02", "民事纠纷", False, LG, "布吉街道", "", [
    I("phone", "p", "我在布吉租的房子退租了，房东说墙面有污渍，扣光了六千块押金，我认为不合理。"),
    I("visit", "pi", "房东不退押金的事，我想请你们帮忙出个面跟房东说一下。"),
])
C("jiangmh", "n03", "劳动社保", False, LG, "宝龙街道", "龙岗区劳动人事争议仲裁院", [
    I("visit", "pi", "深圳市宏泰精密电子有限公司说我违反纪律把我辞退，一分补偿不给。我已经申请劳动仲裁，开庭排得很后，希望信访局催一下。"),
    I("phone", "p", "仲裁的事能不能提前开庭，我现在没工作，房租都交不起。"),
])
C("tangjs", "n04", "涉法涉诉", False, LG, "横岗街道", "龙岗区司法局", [
    I("visit", "pi", "城管对我家楼顶铁皮房罚款两万，我觉得处罚太重，已经向区政府申请行政复议了，还没出结果，想问信访能不能先撤销罚款。"),
    I("letter", "i", "唐建设：本人的行政复议申请已受理，复议期间执法队仍催缴罚款，请求暂缓。"),
])
C("tengmj", "n05", "民事纠纷", False, PS, "坑梓街道", "", [
    I("phone", "p", "我前年借给老乡八万块，有借条，说好一年还，现在电话不接微信拉黑，我该怎么办？"),
    I("wechat", "x", "借钱不还那个老乡，我听说他在坑梓开了店，能不能让政府叫他还钱", name="美娟"),
])
C("changzh", "n06", "民事纠纷", False, LG, "龙城街道", "", [
    I("visit", "pi", "我爸去年走了，龙城的老房子我哥一个人占着，不让我们姐弟三个分，还说房子早就给他了，可拿不出任何字据。"),
    I("phone", "p", "老房子的事我哥还是不肯谈，社区调解他也不去。"),
    I("email", "", "常志华：请问父亲留下的房子兄弟姐妹怎么分，有没有免费的律师可以咨询？"),
])
C("niexl", "n07", "民事纠纷", False, LG, "坂田街道", "", [
    I("online", "p", "我家找深圳市美居佳装饰工程有限公司装修，卫生间防水没做好，楼下被泡了，公司不肯返工，还要我付尾款。"),
    I("phone", "p", "装修公司现在说要返工得另外加钱。"),
])
C("luozh", "n08", "涉法涉诉", False, PS, "坪山街道", "坪山区人民法院", [
    I("visit", "pi", "法院判了对方还我货款二十万，判决生效一年了一分没拿到，执行法官说对方名下没财产，可他天天开着豪车。"),
    I("phone", "p", "执行的事，法官还是说在查财产。"),
])
C("kemq", "n09", "卫生健康", False, LG, "龙岗街道", "龙岗区卫生健康局", [
    I("visit", "pi", "我妈在深圳仁康医院做胆囊手术后伤口感染，又住了一个月院，医院只肯赔两万，我们要求赔偿十五万。"),
    I("phone", "q", "我妈手术感染赔偿的事，医院还是只给两万，我们想走医疗事故鉴定。"),
])
C("maojp", "n10", "民事纠纷", False, LG, "布吉街道", "", [
    I("phone", "p", "对门养了两条大狗，天天叫，还在楼道里拉屎，说了几次他们就骂人。"),
])
C("shaolp", "n11", "物业管理", False, PS, "马峦街道", "", [
    I("online", "p", "我家顶楼天面漏水，找物业修，物业说要业主自己出钱或者申请维修资金，拖了半年，一下雨就漏。"),
    I("miniprogram", "m", "顶楼漏水物业还是不修，墙都发霉了"),
])
C("suyk", "n12", "民事纠纷", False, LG, "平湖街道", "", [
    I("visit", "pi", "隔壁邻居把杂物和三轮车堆在我们两家共用的过道上，我拄拐杖过不去，说了他也不搬。"),
])
C("jinxd", "n13", "民事纠纷", False, PS, "龙田街道", "", [
    I("online", "p", "我从一个朋友手里买了辆二手车，他说没出过事故，结果一查是大修过的，现在找他退车他不理。"),
])
C("yangz", "n14", "涉法涉诉", False, LG, "横岗街道", "", [
    I("visit", "pi", "我儿子离婚了，孙子判给了女方，现在女方不让我们见孩子，法院判的探视权也不执行。"),
    I("phone", "p", "孙子的事，法院说让我们申请强制执行，可怎么申请我们不懂。"),
])
C("shijx", "n15", "涉法涉诉", False, LG, "南湾街道", "", [
    I("phone", "p", "劳动仲裁裁决公司赔我三万多，公司不服又去法院起诉了，拖着不给钱，我该怎么办。"),
])
C("pangl", "n16", "民事纠纷", False, PS, "坪山街道", "", [
    I("miniprogram", "m", "合租的室友搬走了，欠了三个月水电费和一半房租没给，人也找不到"),
])
C("houds", "n17", "民事纠纷", False, LG, "吉华街道", "", [
    I("visit", "pi", "我从二房东手里租的铺面，合同没到期，二房东突然说大房东要收回，让我一个月内搬走，装修钱也不赔。"),
    I("letter", "i", "侯德胜：铺面租赁合同纠纷的补充说明，附租赁合同和装修发票复印件。"),
])
C("zhuyt", "n18", "民事纠纷", False, LG, "坂田街道", "", [
    I("wechat", "o", "婚庆公司收了一万定金，婚礼取消了一分不退，说合同写了", name="雅婷"),
])
C("guht", "n19", "民事纠纷", False, PS, "石井街道", "", [
    I("phone", "p", "我骑电动车被小车撞了，交警定对方全责，保险公司只肯赔医药费，误工费不认。"),
    I("online", "q", "石井街道那起交通事故的赔偿，保险公司还是不同意赔误工费，对方司机也不管了。"),
])
C("huaxy", "n20", "民事纠纷", False, LG, "园山街道", "", [
    I("visit", "pi", "我七十七岁了，三个儿子都不给生活费，轮流推，我现在一个人租房住，药都买不起。"),
    I("phone", "r", "我是华秀英的邻居，老人家让我帮忙问一下上次来说的儿子不给赡养费的事。", name="卢姐"),
])
C("yinzy", "n21", "物业管理", False, PS, "坑梓街道", "", [
    I("phone", "p", "我们小区电梯一个月坏了四次，物业说没钱大修，让业主集资，我们交了物业费的啊。"),
])
C("fuyh", "n22", "民事纠纷", False, LG, "宝龙街道", "", [
    I("online", "p", "楼下邻居把空调外机装在我卧室窗户正下方，热风和噪音直冲进来，协商几次他不肯挪。"),
])
C("lvgd", "n23", "民事纠纷", False, LG, "横岗街道", "", [
    I("visit", "pi", "我和朋友合伙开餐馆，他管账，关店后账上三十多万不见了，他说都亏掉了，账本也不给我看。"),
    I("phone", "p", "合伙那个账的事，他还是不给账本。"),
])
C("lanxy", "n24", "卫生健康", False, PS, "碧岭街道", "", [
    I("online", "p", "在坪山一家口腔诊所种的牙半年就松动脱落，诊所只同意免费重做，我要求退款加赔偿。"),
    I("phone", "p", "种牙那个事，诊所还是不肯退钱。"),
])
C("chigp", "n25", "民事纠纷", False, LG, "龙城街道", "", [
    I("phone", "p", "我把车借给朋友开，他出了事故跑了，现在对方找我赔钱，我该找谁。"),
])
C("jiaoxm", "n26", "涉法涉诉", False, PS, "坪山街道", "", [
    I("letter", "i", "物业公司把我告上法院要物业费，可他们服务那么差，我收到传票了，能不能请政府帮我说说情。"),
])
C("ningzg", "n27", "民事纠纷", False, LG, "吉华街道", "", [
    I("wechat", "o", "楼上装修周末一早就电钻，跟他说了还是照样", name="志刚"),
])

GROUP_WINDOWS = {  # first items of a group fall in [start, start + days]
    "G1": (date(2027, 1, 5), 25), "G2": (date(2027, 1, 11), 40), "G3": (date(2027, 1, 18), 55),
    "G4": (date(2027, 1, 6), 65), "G5": (date(2027, 2, 15), 45), "G6": (date(2027, 2, 22), 40),
    "G7": (date(2027, 1, 20), 55), "G8": (date(2027, 1, 25), 55),
}

# ---------------------------------------------------------------- identifiers
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_W)) % 11]


used_phones, used_ids, used_openids = set(), set(), set()


def new_phone():
    while True:
        ph = rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
        if ph not in used_phones:
            used_phones.add(ph)
            return ph


def new_openid(prefix):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    while True:
        oid = prefix + "".join(rng.choice(alphabet) for _ in range(23))
        if oid not in used_openids:
            used_openids.add(oid)
            return oid


def new_id(sex, year, region):
    while True:
        bd = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        seq = "%02d" % rng.randrange(100)
        sd = rng.choice("13579" if sex == "M" else "02468")
        first = region + bd.strftime("%Y%m%d") + seq + sd
        idn = first + id_check(first)
        if idn not in used_ids:
            used_ids.add(idn)
            return idn


ident = {}


def person_ident(pk, kind):
    key = (pk, kind)
    if key not in ident:
        name, sex, year, region = P[pk]
        if kind in "pq":
            ident[key] = new_phone()
        elif kind == "i":
            ident[key] = new_id(sex, year, region)
        elif kind == "o":
            ident[key] = new_openid(OA_PREFIX)
        elif kind == "m":
            ident[key] = new_openid(MP_PREFIX)
    return ident[key]


# ---------------------------------------------------------------- time
END = date(2027, 4, 30)


def workday(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def stamp(d, channel):
    if channel in OFFICE_CHANNELS:
        while not workday(d):
            d += timedelta(days=1)
        if rng.random() < 0.5:
            mins = rng.randrange(9 * 60, 12 * 60)
        else:
            mins = rng.randrange(14 * 60, 18 * 60)
    else:
        mins = rng.randrange(7 * 60, 24 * 60)
    return datetime(d.year, d.month, d.day, mins // 60, mins % 60), d


# ---------------------------------------------------------------- build
person_tid = {}
matter_tid = {}
for pk, mk, *_ in CASES:
    person_tid.setdefault(pk, "h46p%03d" % (len(person_tid) + 1))
    matter_tid.setdefault(mk, "h46m%03d" % (len(matter_tid) + 1))

rows = []
for pk, mk, cat, pet, district, street, dept, items, after in CASES:
    n = len(items)
    latest = END - timedelta(days=16 * (n - 1) + 4)
    if mk in GROUP_WINDOWS:
        s0, span = GROUP_WINDOWS[mk]
        start = s0 + timedelta(days=rng.randrange(span + 1))
    else:
        lo = after or date(2027, 1, 4)
        start = lo + timedelta(days=rng.randrange(max(1, (date(2027, 3, 25) - lo).days)))
    start = min(start, latest)
    d = start
    for k, it in enumerate(items):
        if k:
            d = d + timedelta(days=rng.randrange(4, 16))
        when, d = stamp(d, it["channel"])
        ids = it["ids"]
        phone = ""
        if "p" in ids:
            phone = person_ident(pk, "p")
        elif "q" in ids:
            phone = person_ident(pk, "q")
        elif "r" in ids:
            phone = new_phone()
        idn = person_ident(pk, "i") if "i" in ids else ""
        openid = ""
        if "o" in ids:
            openid = person_ident(pk, "o")
        elif "m" in ids:
            openid = person_ident(pk, "m")
        elif "x" in ids:
            openid = new_openid(OA_PREFIX)
        elif "y" in ids:
            openid = new_openid(MP_PREFIX)
        ch = it["channel"]
        st = it["s"] if it["s"] is not None else street
        if ch in ("wechat", "miniprogram"):
            st = ""
        if it["dep"] is not None:
            dep = it["dep"]
        elif ch in ("phone", "wechat", "miniprogram") and rng.random() < 0.4:
            dep = ""
        else:
            dep = dept
        rows.append({
            "external_id": None, "channel": ch,
            "received_at": when.strftime("%Y-%m-%dT%H:%M:00+08:00"),
            "name": it["name"] or P[pk][0], "phone": phone, "id_number": idn, "openid": openid,
            "district": it["d"] if it["d"] is not None else district, "street": st,
            "department": dep, "content": it["content"],
            "truth": {"person": person_tid[pk], "matter": matter_tid[mk], "category": cat, "petition": pet},
            "_true_district": district, "_when": when, "_case": (pk, mk), "_k": k, "_pk": pk, "_mk": mk,
        })

rows.sort(key=lambda r: (r["_when"], r["content"]))
nums = rng.sample(range(1, 10000), len(rows))
for r, num in zip(rows, nums):
    r["external_id"] = "F46-%04d" % num

# ---------------------------------------------------------------- invariants
N = len(rows)
assert 200 <= N <= 240, N
assert len({r["external_id"] for r in rows}) == N
assert all(len(r["external_id"]) == 8 and r["external_id"][:4] == "F46-" and r["external_id"][4:].isdigit() for r in rows)
assert [r["_when"] for r in rows] == sorted(r["_when"] for r in rows)
assert all(date(2027, 1, 1) <= r["_when"].date() <= END for r in rows)
assert len({r["content"] for r in rows}) == N, "content repeated"

# within each case the items are chronological and in the typed order
by_case = defaultdict(list)
for r in rows:
    by_case[r["_case"]].append(r)
for c, rs in by_case.items():
    assert [r["_k"] for r in rs] == list(range(len(rs))), c
    assert len({r["_when"] for r in rs}) == len(rs)

# groups: 6-8 matters shared by 4-6 persons; no other matter shared
m_persons = defaultdict(set)
for r in rows:
    m_persons[r["_mk"]].add(r["_pk"])
shared = {m: ps for m, ps in m_persons.items() if len(ps) > 1}
assert set(shared) == set(GROUP_WINDOWS), shared.keys()
assert 6 <= len(shared) <= 8
assert all(4 <= len(ps) <= 6 for ps in shared.values())
# each group names its company/place several different ways
alias_used = {}
for gk, aliases in GROUP_ALIASES.items():
    texts = [r["content"] for r in rows if r["_mk"] == gk]
    alias_used[gk] = [a for a in aliases if any(a in t for t in texts)]
    assert len(alias_used[gk]) >= 4, (gk, alias_used[gk])

# petition flag constant within a matter; ~25 % non-petition; >=1 non-petition group
m_pet = defaultdict(set)
for r in rows:
    m_pet[r["_mk"]].add(r["truth"]["petition"])
assert all(len(v) == 1 for v in m_pet.values())
nonpet = sum(1 for r in rows if not r["truth"]["petition"])
assert 0.20 <= nonpet / N <= 0.30, nonpet / N
assert any(not next(iter(m_pet[g])) for g in shared)

# repeats and identifier overlap
repeats = [r for r in rows if r["_k"] > 0]
assert 0.35 <= len(repeats) / N <= 0.45, len(repeats) / N


def idset(r):
    return {("p", r["phone"]) if r["phone"] else None, ("i", r["id_number"]) if r["id_number"] else None,
            ("o", r["openid"]) if r["openid"] else None} - {None}


no_shared = 0
for c, rs in by_case.items():
    seen = set()
    for r in rs:
        if r["_k"] > 0 and not (idset(r) & seen):
            no_shared += 1
        seen |= idset(r)
assert 0.50 <= no_shared / len(repeats) <= 0.70, no_shared / len(repeats)

# identifiers
for r in rows:
    ph = r["phone"]
    if ph:
        assert len(ph) == 11 and ph.isdigit() and ph[:3] in MOBILE_PREFIXES, ph
    idn = r["id_number"]
    if idn:
        assert len(idn) == 18 and idn[:17].isdigit() and idn[:6] in REGIONS
        datetime.strptime(idn[6:14], "%Y%m%d")
        assert id_check(idn[:17]) == idn[17]
        sex = P[r["_pk"]][1]
        assert (int(idn[16]) % 2 == 1) == (sex == "M")
    oid = r["openid"]
    if r["channel"] == "wechat":
        assert len(oid) == 28 and oid.startswith(OA_PREFIX), oid
    elif r["channel"] == "miniprogram":
        assert len(oid) == 28 and oid.startswith(MP_PREFIX), oid
    else:
        assert oid == ""
    if r["channel"] in ("wechat", "miniprogram"):
        assert r["street"] == ""
    if r["street"]:
        assert any(r["street"] in v for v in STREETS.values())
    if r["channel"] in OFFICE_CHANNELS:
        w = r["_when"]
        assert workday(w.date()), r["external_id"]
        assert 9 <= w.hour < 12 or 14 <= w.hour < 18, w
    assert r["received_at"].endswith("+08:00")
# one phone per person per phone slot: the same phone never belongs to two persons
phone_owner = defaultdict(set)
for r in rows:
    if r["phone"]:
        phone_owner[r["phone"]].add(r["_pk"])
assert all(len(v) == 1 for v in phone_owner.values())

# wrong / empty district on a few items
bad_district = [r for r in rows if r["district"] != r["_true_district"]]
assert 3 <= len(bad_district) <= 10, len(bad_district)
assert any(r["district"] == "" for r in bad_district) and any(r["district"] for r in bad_district)

# two near-identical names in one district with different matters
a = [r for r in rows if r["_pk"] == "liguifang"]
b = [r for r in rows if r["_pk"] == "liguifang2"]
assert a[0]["name"] != b[0]["name"] and a[0]["name"][:2] == b[0]["name"][:2]
assert {r["district"] for r in a} == {r["district"] for r in b} == {LG}
assert a[0]["_mk"] != b[0]["_mk"]

# one person with two different matters on the same phone
p_m_phone = defaultdict(lambda: defaultdict(set))
for r in rows:
    if r["phone"]:
        p_m_phone[r["_pk"]][r["phone"]].add(r["_mk"])
assert any(len(ms) >= 2 for d_ in p_m_phone.values() for ms in d_.values())

# the name on an item differs from the registered name (polite form, nickname, misheard, relative)
renamed = sum(1 for r in rows if r["name"] != P[r["_pk"]][0])
assert renamed >= 20

# ---------------------------------------------------------------- write
with open(OUT, "w", encoding="utf-8") as f:
    for r in rows:
        out = {k: r[k] for k in FIELDS}
        assert list(out) == FIELDS
        f.write(json.dumps(out, ensure_ascii=False) + "\n")

cases = len(by_case)
persons = len({r["_pk"] for r in rows})
matters = len(m_persons)
chan = defaultdict(int)
for r in rows:
    chan[r["channel"]] += 1
print("items", N)
print("persons", persons, "matters", matters, "cases (person+matter)", cases)
print("groups", len(shared), {g: len(ps) for g, ps in sorted(shared.items())})
print("non-petition items %d (%.1f%%)" % (nonpet, 100 * nonpet / N))
print("non-petition matters", sum(1 for v in m_pet.values() if not next(iter(v))))
print("repeats %d (%.1f%%), sharing no phone/ID/openid with earlier items of their case %d (%.1f%%)"
      % (len(repeats), 100 * len(repeats) / N, no_shared, 100 * no_shared / len(repeats)))
print("wrong/empty district items", len(bad_district))
print("items whose name differs from the registered name", renamed)
print("channels", dict(sorted(chan.items())))
print("districts", dict(sorted(defaultdict(int, {d: sum(1 for r in rows if r['district'] == d) for d in {r['district'] for r in rows}}).items())))
for gk in sorted(alias_used):
    print(gk, "names used:", " / ".join(alias_used[gk]))
print("wrote", OUT)
