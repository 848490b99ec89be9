#!/usr/bin/env python3
"""Hand-written holdout set for petition dedup/screening. Writes cases-holdout10.jsonl, then validates it."""
import json, random, datetime as dt, os, sys, collections, re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases-holdout10.jsonl")
rng = random.Random("eval10-holdout-shenzhen-2026")

NONPET = {"诉讼", "邻里纠纷", "物业纠纷"}
STOCK = ["诉讼", "起诉", "法院", "判决", "邻居", "物业", "物业公司"]
CH = {"V": "visit", "L": "letter", "E": "email", "O": "online", "W": "wechat", "M": "miniprogram", "P": "phone", "S": "superior"}
RESTRICTED = {"visit", "letter", "phone", "superior"}

CASES = []  # (person, matter, category, district, street, dept, [(ch, text, opts)])
def C(p, m, cat, dist, street, dept, items):
    CASES.append((p, m, cat, dist, street, dept, [it if len(it) == 3 else (it[0], it[1], {}) for it in items]))

NAMES = {}
def N(key, name):
    NAMES[key] = name

# ---------------------------------------------------------------- persons
for k, n in [("wjg", "王建国"), ("wjg2", "王建国"), ("lxl", "李秀兰"), ("czq", "陈志强"), ("lf", "刘芳"), ("lf2", "刘芳"),
             ("hw", "黄伟"), ("zl", "张丽"), ("zl2", "张丽"), ("zq", "赵强"), ("zm", "周敏"), ("wht", "吴海涛"), ("slj", "孙丽娟"),
             ("zgh", "郑国华"), ("mxd", "马晓东"), ("hj", "何静"), ("lzm", "林志明"), ("rml", "罗美玲"), ("gf", "高峰"),
             ("lxy", "梁晓燕"), ("sjj", "宋建军"), ("xt", "谢婷"), ("tzg", "唐志刚"), ("hx", "韩雪"), ("fjh", "冯建华"),
             ("xw", "许文"), ("dl", "邓丽"), ("cy", "曹永"), ("ph", "彭辉"), ("zym", "曾玉梅"), ("jy", "蒋勇"), ("pgp", "潘国平"),
             ("yf", "袁芳"), ("dm", "杜明"), ("clh", "程丽华"), ("wjp", "汪建平"), ("fxj", "范晓军"), ("zoul", "邹丽"),
             ("sl", "石磊"), ("xxy", "熊秀英"), ("jt", "金涛"), ("ym", "余敏"), ("lj", "林娟"), ("hgq", "黄国强"),
             ("cxh", "陈小红"), ("zj", "钟建"), ("wyl", "温永利"), ("ql", "邱莉"), ("xzh", "许志华"), ("cgd", "蔡国栋"),
             ("txz", "田秀珍"), ("dlx", "董立新"), ("xm", "薛梅"), ("sw", "苏伟"), ("lt", "卢婷"), ("yh", "姚红"),
             ("fzy", "方志勇"), ("clj", "崔丽娟"), ("hjh", "贺建华"), ("gx", "龚雪"), ("yw", "严文"), ("dz", "段志"),
             ("lgm", "雷桂明"), ("hyq", "侯永强"), ("sjm", "邵家明"), ("kqs", "孔庆生"), ("sxf", "史晓芬"), ("lyy", "柳燕燕"),
             ("mgs", "莫国盛"), ("yxj", "叶秀菊"),
             # group members
             ("g1a", "覃永福"), ("g1b", "韦小平"), ("g1c", "蒙丽萍"), ("g1d", "黎德顺"), ("g1e", "莫海军"), ("g1f", "梁春花"),
             ("g2a", "彭小燕"), ("g2b", "谭建"), ("g2c", "欧阳秀"), ("g2d", "付德明"),
             ("g3a", "张镇南"), ("g3b", "张伟雄"), ("g3c", "刘月娥"), ("g3d", "叶锦华"), ("g3e", "陈瑞芳"), ("g3f", "郑志鹏"),
             ("g4a", "麦振华"), ("g4b", "李慧"), ("g4c", "伍国强"), ("g4d", "苏晓玲"),
             ("g5a", "江涛"), ("g5b", "陆佳怡"), ("g5c", "顾明"),
             ("g6a", "李桂芳"), ("g6b", "钟伯"), ("g6c", "刘海燕"),
             ("g7a", "黄晓丹"), ("g7b", "魏强"), ("g7c", "朱丽"),
             ("g8a", "沈浩"), ("g8b", "杨洁"), ("g8c", "万小军"), ("g8d", "胡晓梅"), ("g8e", "夏明远"),
             ("g9a", "甘立"), ("g9b", "邝美仪"), ("g9c", "车国良"),
             ("g10a", "白雪"), ("g10b", "陶建新"), ("g10c", "葛俊")]:
    N(k, n)

# ---------------------------------------------------------------- individual petitions
C("wjg", "m_wjg_ss", "劳动社保", "宝安区", "福海街道", "市人力资源和社会保障局", [
    ("V", "我在福海街道的深圳市鑫达五金制品有限公司上班三年多，去年7月到12月公司一直没给我交社保，查社保记录是断的。找过人事说资金紧张会补，到现在也没补。请社保部门督促单位补缴。"),
    ("P", "之前来过信访局反映鑫达五金断缴社保的事，现在都过去一个多月了，没人联系我，单位还是没补，想问下进度。"),
    ("W", "你好，我是王建国，五金厂社保断了半年那个事，今天去社保窗口问说要单位申报，单位又不理，我到底该找谁？")])
C("wjg", "m_wjg_wage", "劳动社保", "龙华区", "观湖街道", "", [
    ("O", "本人从鑫达离职后去了观湖的深圳市宏拓物流有限公司做仓管，干了两个月，9月份、10月份工资共8600元到现在没发，老板说等客户回款。请劳动监察帮忙追讨。"),
    ("P", "物流公司欠我两个月工资八千六，网上提交了还没回复，公司在观湖，老板电话也不接了。")])
C("wjg2", "m_wjg2_water", "城乡建设", "罗湖区", "清水河街道", "罗湖区水务局", [
    ("L", "信访局领导：我是罗湖清水河玉龙新村的住户王建国，今年六月以来我们那栋楼自来水水压特别低，三楼以上白天基本没水，水务公司来看过说是管网老化要改造，但一直没有动工。家里有八十多岁老人，每天提水上楼很困难，恳请督促尽快改造管网。"),
    ("M", "玉龙新村水压低的问题反映了两个月了还是没解决，三楼以上白天没水，请水务局给个时间表。")])
C("lxl", "m_lxl_house", "住房保障", "福田区", "华富街道", "市住房和建设局", [
    ("E", "市长信箱您好：我叫李秀兰，福田户籍，2019年登记了公共租赁住房轮候，排号一直在往前走，上个月系统突然显示“资格取消”，理由是“家庭成员名下有房”。我家里没有任何人在深圳有房，只有我儿子在老家湖南有一套宅基地自建房。请求重新审核我的轮候资格，不要一刀切。"),
    ("L", "我是华富街道的李秀兰，给市长信箱写过邮件讲公租房资格被取消的事，住建局回复叫我去区里复核，区里又说系统是市里的。我年纪大了跑不动，请领导帮忙看一下，材料复印件附后。"),
    ("V", "公租房轮候资格被取消，理由说家里有房，其实是老家农村的自建房，不是商品房。来回跑了几趟市里区里互相推，今天来当面反映。")])
C("czq", "m_czq_site", "生态环境", "南山区", "粤海街道", "南山区生态环境局", [
    ("W", "粤海街道科苑南路那个工地（深圳市华筑建设工程有限公司）天天晚上干到一两点，打桩声音震得窗户都响，孩子要中考根本睡不着，请环保部门管一管！！"),
    ("P", "还是科苑南路华筑建设那个工地，昨晚又干到凌晨，我上周在微信上反映过，说会去查，结果一点没变。"),
    ("M", "夜间施工扰民第三次反映了。科苑南路工地，昨晚23点到2点一直在浇混凝土，有没有夜间施工许可？请公开。")])
C("czq", "m_czq_bar", "生态环境", "南山区", "蛇口街道", "", [
    ("O", "蛇口海上世界旁边新开的一家酒吧（招牌叫“夜航”），每天晚上外放音乐到三点，低音炮特别响，周边住户都受影响。之前投诉的是工地的事，这个是另外一家，跟工地无关。"),
    ("P", "海上世界那边夜航酒吧音乐太吵，晚上两三点还在放，希望去测一下噪音。")])
C("lf", "m_lf_school", "教育", "龙华区", "民治街道", "龙华区教育局", [
    ("M", "孩子今年一年级申请学位，我们在民治有房有社保，积分85分，龙华区民治第三小学的录取线是82分，结果被调剂到离家6公里的学校。请教育局核查积分排序是否有误。"),
    ("V", "孩子学位被调剂到很远的学校，积分比录取线高还没录，小程序上提交过一次，回复说按规则，但规则我看不懂哪里扣了分，想当面问清楚。")])
C("hw", "m_hw_cert", "政府作风", "龙岗区", "布吉街道", "布吉街道办事处", [
    ("P", "我在布吉街道办事大厅申请开一个无违法建设证明，材料都齐了，窗口一直说等领导签字，已经拖了40多天，打电话也没人接。"),
    ("E", "关于布吉街道办开证明拖延问题：本人8月12日提交申请，窗口工作人员答复十个工作日办结，至今逾期一个多月，期间去了五次，每次都说领导出差。请求督办并说明原因。"),
    ("S", "省信访局转来：群众黄伟反映龙岗区布吉街道办事处办理证明事项长期拖延、工作人员推诿，请核查处理并回复。")])
C("hw", "m_hw_cg", "政府作风", "龙岗区", "布吉街道", "龙岗区城市管理和综合执法局", [
    ("O", "另外反映一件事：10月3号我在布吉老街摆了一下水果，城管队员过来直接把秤摔了，还推了我母亲一下，言语侮辱。我们可以认罚，但执法不能这样。请核查执法记录仪。"),
    ("W", "城管摔秤推人那个事我网上提了，一直显示“处理中”，执法记录仪到底调了没有？")])
C("zl", "m_zl_sk", "卫生健康", "南山区", "桃源街道", "南山区卫生健康局", [
    ("O", "桃源街道某社康中心给我父亲打流感疫苗，收了挂号费以外又收了一个“服务费”35元，没有收据。问医生说是规定，我查不到有这个规定。请卫健局查一下是否乱收费。"),
    ("W", "社康收35块服务费那个问题，卫健局什么时候给答复？已经快一个月了")])
C("zq", "m_zq_hukou", "公安", "宝安区", "西乡街道", "西乡派出所", [
    ("V", "我符合人才引进落户条件，已经拿到准迁证，到西乡派出所户籍窗口办理，工作人员说我的房产证地址不在他们辖区，叫我去别的所，别的所又说应该在西乡办。来回跑了三趟，准迁证快过期了。"),
    ("L", "信访局：本人赵强，反映落户问题，准迁证有效期还剩二十天，派出所之间互相推，请帮忙协调。联系电话见信封。")])
C("zm", "m_zm_db", "民政", "罗湖区", "东湖街道", "罗湖区民政局", [
    ("L", "尊敬的领导：我是东湖街道的周敏，丈夫去世后我一个人带两个孩子，一直领低保。今年5月低保突然停了，社区说是核对发现我有一辆车，那台车是丈夫生前买的二手面包车，早就报废了，只是没有去注销。请领导帮我恢复低保。"),
    ("V", "低保被停的事，我写过信，车子已经去车管所注销了，注销证明带来了，社区说要重新申请等三个月，家里实在困难。"),
    ("P", "我上个月来访过，低保的事，注销证明交了，到现在还没恢复，想问一下还要等多久。")])
C("wht", "m_wht_bus", "交通运输", "坪山区", "坑梓街道", "市交通运输局", [
    ("E", "建议：坪山坑梓沙田片区到坪山高铁站没有直达公交，原来的M288改线以后要转两次车，早上通勤要一个多小时。建议恢复原线路或者加开高峰专线。"),
    ("W", "之前给市长信箱提过沙田到坪山站公交的建议，交通局回复说在评估，想问下评估有结果没有。")])
C("slj", "m_slj_food", "市场监管", "福田区", "沙头街道", "福田区市场监督管理局", [
    ("O", "9月20日在沙头街道下沙一家“惠多多”超市买的酸奶，回家发现过期了5天，货架上还有一排都是过期的。当场拍了照片。向12315举报后一直没人联系我。"),
    ("P", "过期酸奶那个举报，12315受理号我记着，三十天了没有反馈，市场监管所是不是没去查？"),
    ("E", "再次反映下沙惠多多超市销售过期食品问题。举报已逾期未答复，请市场监管局说明查处结果，依法对举报人答复。")])
C("zgh", "m_zgh_jiuga", "城乡建设", "宝安区", "沙井街道", "宝安区城市更新和土地整备局", [
    ("V", "沙井街道壆岗村城市更新项目，我家三层半的祖屋被认定为“历史遗留违建”，补偿只按一层算，每平米也比旁边的低。同一排房子别人家是按三层算的，标准不统一。请求重新认定。"),
    ("S", "市信访局交办：宝安区沙井街道壆岗片区城市更新拆迁补偿标准争议，信访人郑国华，请宝安区核查。"),
    ("L", "我是壆岗村的郑国华，上次来信访局当面讲过拆迁补偿的事。更新局的人来量了一次房子，后来就没下文了，开发商那边催我签字，说不签就断水断电。")])
C("mxd", "m_mxd_gas", "生态环境", "光明区", "公明街道", "光明区生态环境局", [
    ("W", "公明上村工业区里面有家喷漆厂，每天傍晚开始排气，味道刺鼻，闻久了头疼，楼下小孩都咳嗽。"),
    ("P", "上村工业区喷漆厂的废气，晚上七八点最严重，我微信反映过了，环保局说去看了没问题，但他们是白天去的，晚上才排。"),
    ("O", "举报光明区公明街道上村工业区喷漆作坊夜间偷排废气。已两次反映，执法人员均在白天检查，建议夜间突击检查并对其环评手续进行核实。")])
C("hj", "m_hj_lamp", "城市管理", "盐田区", "梅沙街道", "盐田区城市管理和综合执法局", [
    ("M", "梅沙街道环梅路靠近东部华侨城路口那一段路灯坏了有半个月，晚上一片黑，散步很危险。")])
C("lzm", "m_lzm_gs", "劳动社保", "龙岗区", "横岗街道", "龙岗区人力资源局", [
    ("V", "我3月份在横岗的工厂上班时手被冲床压伤，断了两根手指。4月份申请工伤认定，到现在半年了人社局还没出认定书，说要补材料，补了三次了。"),
    ("P", "工伤认定的事，上次来访登记过，今天社保局又打电话说要厂里的考勤表，厂里不给，我怎么弄？"),
    ("E", "关于本人林志明工伤认定久拖未决的情况说明：受伤时间2026年3月9日，申请时间4月2日，至今已超过法定60日时限，请求督促龙岗区人力资源局依法作出认定。"),
    ("S", "上级交办件：龙岗区横岗街道林志明工伤认定超期，请核实是否存在超期未办情况。")])
C("rml", "m_rml_bdc", "自然资源", "龙岗区", "坂田街道", "市规划和自然资源局", [
    ("O", "坂田街道雪象片区某花园，2021年收楼，至今五年了办不了房产证。开发商说是土地出让金补缴的问题，规划资源局那边说要开发商申请。我们业主夹在中间，孩子上学要用房产证。"),
    ("V", "房产证五年办不下来，开发商和规划资源局互相推。我是业主之一，今天来问一下政府到底在不在推进。")])
C("gf", "m_gf_12345", "政府作风", "福田区", "莲花街道", "", [
    ("W", "我在12345反映彩田路人行道有个坑，上个月有老人绊倒了，工单被直接办结，回复写“已处理”，我今天去看坑还在！这样敷衍谁？"),
    ("P", "人行道那个坑，12345工单明明没处理就给我办结了，我要求重新派单，并且查一下是谁办结的。")])
C("lxy", "m_lxy_fee", "教育", "宝安区", "新安街道", "宝安区教育局", [
    ("E", "宝安新安街道某民办学校本学期除学费外另收“课后服务费”“信息化设备费”“校服押金”共2860元，没有任何公示，也不开发票。家长群里问老师被踢出群。请教育局查处。"),
    ("M", "民办学校乱收费的事，发过市长邮箱，到现在没有回复，学校这周又通知交一笔“研学费”1200。")])
C("sjj", "m_sjj_ticket", "交通运输", "龙华区", "龙华街道", "龙华交警大队", [
    ("O", "我的车粤B·7K2XX在7月14日被电子眼拍到在龙华街道人民路违停，但那天车在惠州，我有高速通行记录和加油小票。怀疑是套牌，申请撤销处罚并查套牌车。"),
    ("P", "套牌车违停罚单的事，网上提交后交警让我本人去大队，我去了两次都说经办人不在。")])
C("xt", "m_xt_hosp", "卫生健康", "罗湖区", "东门街道", "市卫生健康委员会", [
    ("E", "我母亲在罗湖一家市属医院看急诊，候诊四个多小时没人管，期间晕倒在走廊，护士说床位满了。事后向医院投诉无回复，向卫健委投诉也没有回音。希望卫健委调查急诊分诊流程。"),
    ("V", "我妈急诊等了四个多钟头晕在走廊上，我发邮件投诉过，两个月没有结果，今天专门请假过来。")])
C("tzg", "m_tzg_stall", "城市管理", "龙岗区", "横岗街道", "横岗街道执法队", [
    ("P", "横岗街道六约地铁站B出口，每天傍晚一排流动摊贩占满人行道，还有油锅，行人只能走机动车道，很危险。"),
    ("W", "六约地铁站出口占道摆卖还是老样子，电话反映过一次，城管来了一次走了又摆回来了。")])
C("hx", "m_hx_cj", "民政", "福田区", "园岭街道", "福田区残疾人联合会", [
    ("V", "我女儿是二级智力残疾，重度残疾人护理补贴今年4月起就没到账，残联说是系统升级，民政说是残联的事。"),
    ("L", "韩雪，园岭街道。女儿残疾人护理补贴停发半年的事，来访过一次，至今没有补发，请信访局督促。")])
C("fjh", "m_fjh_repair", "住房保障", "南山区", "西丽街道", "深圳市人才安居集团", [
    ("M", "我住西丽一个公租房小区，卫生间漏水渗到楼下三个月了，报修了四五次安居集团都说排期，楼下天天找我。"),
    ("P", "公租房卫生间漏水，报修一直不来，小程序上面反映过了，请催一下。")])
C("fjh", "m_fjh_rent", "住房保障", "南山区", "西丽街道", "市住房和建设局", [
    ("O", "另一件事：今年公租房租金调整，我家被核定为不符合租金补贴，可是我家去年人均收入比标准低，申报材料都是按要求交的。请住建局复核租金补贴资格。这个跟之前漏水的事不是一回事。"),
    ("L", "关于公租房租金补贴被取消，我网上提交过，回复叫我找街道，街道说是市里系统核定的，请信访局帮忙转给住建局复核。")])
C("xw", "m_xw_fraud", "公安", "龙华区", "大浪街道", "大浪派出所", [
    ("V", "我被网上刷单诈骗了4万7，当天就去大浪派出所报警，民警做了笔录但一直没给我立案回执，问就说在查。"),
    ("O", "电信诈骗报案后派出所不出具受案回执，已经两个月，请求督促依法立案侦查。被骗金额47,000元。"),
    ("S", "公安部网上信访转办：龙华区大浪街道许文被电信诈骗报案后未获受案回执问题，请核实。")])
C("dl", "m_dl_sy", "劳动社保", "宝安区", "航城街道", "宝安区社保分局", [
    ("O", "我在航城街道的公司被裁员，有离职证明，网上申领失业保险金被驳回，理由是“非本人意愿中断就业证明不符”，可是公司给的就是裁员证明，请社保局说明。")])
C("cy", "m_cy_river", "生态环境", "宝安区", "松岗街道", "宝安区水务局", [
    ("W", "松岗街道茅洲河有一条支流（靠近溪头村那段）最近又黑又臭，能看到有管子往河里排水，晚上排得更多。"),
    ("E", "反映宝安区松岗溪头村附近河道黑臭及疑似偷排问题。此前已通过微信反映，水务部门称已截污，但近两周现场仍见排水口出水发黑，附照片6张，请核查。")])
C("ph", "m_ph_wj", "城市管理", "光明区", "玉塘街道", "光明区城市管理和综合执法局", [
    ("P", "玉塘街道田寮村有个厂房在楼顶加盖铁皮房，已经盖了两层，一点没停，城管知道也不拆。"),
    ("V", "田寮村厂房违建加盖，我电话反映过，执法队说立案了，可是他们白天停晚上盖，现在第三层都起来了。")])
C("zym", "m_zym_stamp", "政府作风", "龙华区", "观澜街道", "观澜街道办事处", [
    ("L", "我去观澜某社区工作站开居住证明，工作人员说要房东来签字，房东在外地来不了，我提出视频核实也不行，还说“办不了就别办”。态度恶劣，请领导教育一下。")])
C("jy", "m_jy_school", "教育", "龙岗区", "龙城街道", "龙岗区教育局", [
    ("M", "龙城街道一所小学门口放学时间大量电动车和私家车乱停，没有交警也没有护学岗，上周有个孩子被电动车撞了。建议设置护学岗和临时禁停。"),
    ("W", "学校门口交通乱的问题小程序提交过了，学校说不归他们管，交警说学校要申请，孩子安全谁负责？")])
C("pgp", "m_pgp_pension", "劳动社保", "罗湖区", "翠竹街道", "市社会保险基金管理局", [
    ("L", "本人潘国平，1966年生，今年退休，社保局核定的养老金每月3,4XX元，比我算的少了八百多。我1988年到1995年在国营厂的工龄没有算视同缴费年限，档案里有招工表。请复核。"),
    ("V", "退休金视同缴费年限没算的事，写过信，社保局叫我补档案材料，档案在原单位，原单位早就改制了，来问怎么办。"),
    ("P", "上个月来访说的养老金工龄的事，档案找到了，送去了社保局，窗口说还要等，请问要等多久。")])
C("yf", "m_yf_trash", "城市管理", "福田区", "梅林街道", "福田区城市管理和综合执法局", [
    ("W", "梅林街道上梅林那个垃圾转运站，夏天臭得不行，门口污水横流，早上五点就开始压缩作业，轰隆隆的。"),
    ("M", "垃圾站臭气和早上噪音，反映过还是没变化，建议加装除臭设备、调整作业时间。"),
    ("O", "关于上梅林垃圾转运站臭气扰民：本人已两次反映，城管局答复“已加强冲洗”，但问题未改善，请求公开该站除臭设施运行情况及下一步整改计划。")])

# ---------------------------------------------------------------- tricky petitions (mention court/arb/neighbour/landlord/property co, complaint is about a government body)
TRICKY = {"m_dm_arb", "m_clh_bdc", "m_wjp_wj", "m_fxj_fire", "m_zoul_rent", "m_sl_fund", "m_xxy_police", "m_jt_jc", "m_ym_jzz"}
C("dm", "m_dm_arb", "劳动社保", "南山区", "南头街道", "南山区劳动人事争议仲裁院", [
    ("V", "我6月份向南山区劳动人事争议仲裁院申请仲裁，材料交了，窗口收了，三个月了既不立案也不给不予受理通知书。打电话问工作人员态度很差，说“等着”。仲裁院是不是应该五天内决定受理？"),
    ("P", "仲裁院不给立案那事，来访登记过了，今天又去了一趟，还是说没排上，请信访局督促一下。")])
C("clh", "m_clh_bdc", "自然资源", "福田区", "香蜜湖街道", "市不动产登记中心", [
    ("O", "法院判决已生效，判决房屋归我所有，我拿着判决书和协助执行通知书去不动产登记中心办过户，窗口说“要原产权人到场”，原产权人就是拒不履行的被告，怎么可能到场？这是登记中心不依法办理。"),
    ("V", "判决生效了登记中心不给过户，网上反映过，回复说按规定，请问是什么规定？把文件拿出来。")])
C("wjp", "m_wjp_wj", "城市管理", "宝安区", "西乡街道", "西乡街道执法队", [
    ("P", "西乡街道固戍二村，隔壁那户在自家楼顶加建了两层，把我家采光全挡了。我向街道执法队举报了三次，每次都说“已登记”，从来没人来。"),
    ("W", "楼顶违建的事我举报三次了，执法队为什么一直不来？请把举报处理结果书面告诉我。"),
    ("E", "投诉西乡街道执法队对违法建设举报不作为。举报时间：7月2日、7月20日、8月15日，地点：固戍二村，违建已于8月底封顶，执法队未出现场。")])
C("fxj", "m_fxj_fire", "应急管理", "龙华区", "民治街道", "龙华区消防救援大队", [
    ("M", "民治某小区物业公司把消防通道划成收费车位，消防车根本进不来。我打119举报过，消防大队说转给街道，街道又说找消防，到现在车位还在收钱。"),
    ("P", "消防通道被划车位的事，消防和街道互相推，我要求消防部门依法检查并书面答复。")])
C("zoul", "m_zoul_rent", "住房保障", "龙岗区", "坂田街道", "坂田街道出租屋综合管理所", [
    ("W", "坂田岗头村我住的那栋楼，房东把每层隔成十几个小间，住了一百多人，走廊堆满电动车在充电。我跟出租屋管理所反映过两次，说会去查，结果什么都没变，出了事谁负责。"),
    ("O", "反映坂田街道岗头村违规群租及电动车楼道充电隐患，出租屋管理所接报后未处置，请督促。")])
C("sl", "m_sl_fund", "住房保障", "罗湖区", "莲塘街道", "罗湖区住房和建设局", [
    ("E", "莲塘某小区物业公司今年申请动用专项维修资金60多万换电梯，业主根本没有表决，签字是伪造的。我们向罗湖区住建局投诉三个月，住建局一直不答复，还照样审批划款。请查住建局审批程序。"),
    ("L", "石磊，莲塘街道。维修资金被挪用一事，已发邮件反映，住建局仍未答复。请信访局转交并要求书面答复。")])
C("xxy", "m_xxy_police", "公安", "坪山区", "坪山街道", "坪山派出所", [
    ("V", "我71岁了，楼下邻居因为晾衣服滴水的事把我推倒，骨裂。报警后坪山派出所民警说是邻里纠纷叫我们自己调解，伤情鉴定都不给开，这是打人，派出所应该立案。"),
    ("P", "我是被人推倒骨裂那个老太太，上次来信访局讲过，派出所还是不给开鉴定委托，请帮帮忙。")])
C("jt", "m_jt_jc", "劳动社保", "龙岗区", "平湖街道", "龙岗区劳动监察大队", [
    ("O", "平湖一家电子厂拖欠我工资一万二，我去劳动监察大队投诉，工作人员不登记，直接说“你去法院起诉吧，我们管不了”。欠薪明明是劳动监察的职责，请问监察大队凭什么不受理？"),
    ("P", "劳动监察不受理欠薪投诉，叫我去起诉，我网上反映过了，想问信访局能不能督促他们受理。")])
C("ym", "m_ym_jzz", "公安", "福田区", "福保街道", "福保派出所", [
    ("M", "我在福保街道租房两年，房东不愿意配合租赁登记，我去派出所办居住证，窗口说没有房东签字的租赁凭证就不能办，可是我有租房合同和水电缴费记录。按规定应该可以凭合同办理吧？"),
    ("V", "居住证的事小程序上问过，回复让我找房东，房东就是不肯，今天来当面问派出所能不能按合同给我办。")])

# ---------------------------------------------------------------- hard-negative partners (same estate / same employer / namesakes)
C("lj", "m_lj_cert", "自然资源", "福田区", "沙头街道", "市不动产登记中心", [
    ("O", "我是沙头街道翠海花园7栋业主林娟，父亲去世后房子继承给我，继承公证都做完了，不动产登记中心说缺一个户籍注销证明，派出所又说多年前已经注销无法再开。请协调。"),
    ("E", "翠海花园房产继承过户卡在户籍注销证明上，已在网上反映，两边都说不归自己管，恳请协调派出所与登记中心。")])
C("hgq", "m_hgq_smoke", "生态环境", "福田区", "沙头街道", "福田区生态环境局", [
    ("W", "翠海花园3栋楼下新开的烧烤店，油烟管直接对着住户窗户排，晚上一开窗满屋子油烟味。"),
    ("P", "翠海花园楼下烧烤油烟的问题上周微信说过，今天还在排，有没有人去查它的环评和油烟净化器？")])
C("cxh", "m_cxh_gs", "劳动社保", "宝安区", "福海街道", "宝安区人力资源局", [
    ("V", "我在鑫达五金厂做冲压工，8月份左手被模具夹伤，厂里说我没交工伤保险让我自己出医药费，已经花了两万多。请帮我申请工伤认定。"),
    ("L", "陈小红，福海街道。五金厂工伤的事上次来过，工厂不给开证明，工伤申请交不上去，请求人社局调查。"),
    ("P", "鑫达五金工伤的事，手到现在还不能用力，厂里一分钱没给，人社局说材料在审。")])
C("zj", "m_zj_gs", "劳动社保", "宝安区", "石岩街道", "宝安区人力资源局", [
    ("O", "我是永盛电子的员工钟建，除了大家一起反映的欠薪以外，我个人还有一件事：5月份在车间摔伤腰，厂里当时说会给报，现在厂都停了，工伤认定申请能不能我自己提交？"),
    ("P", "我自己的工伤的事，不是大家那个工资的事，想问人社局工伤认定现在受理了没有。")])
C("wyl", "m_wyl_site", "生态环境", "南山区", "粤海街道", "南山区生态环境局", [
    ("M", "粤海街道高新南九道那个地铁配套工地，每天早上六点不到就开始破碎路面，我们这栋楼都是上夜班的，白天休息不了。"),
    ("P", "高新南九道破路面噪音太大，早上六点就开始，能不能规定一下作业时间。")])
C("ql", "m_ql_lunch", "教育", "龙华区", "民治街道", "龙华区教育局", [
    ("W", "民治第三小学这学期午托费从每月450涨到680，家长没有选择，学校说是第三方机构定的价，请教育局核实午托收费是否经过审批。")])

# ---------------------------------------------------------------- non-petitions (private civil, court/arbitration, neighbour, property management)
C("zm", "m_zm_loan", "诉讼", "罗湖区", "东湖街道", "", [
    ("P", "我前年借给老乡五万块钱，打了欠条，现在他电话不接微信拉黑，我想问信访局能不能帮我把钱要回来。"),
    ("W", "借钱给老乡不还那个，你们电话里说这个不归信访管，那我该去哪里？欠条在我手上，想直接起诉的话要准备什么？")])
C("xzh", "m_xzh_loan1", "诉讼", "龙岗区", "南湾街道", "", [
    ("O", "2024年借给同事2万元，约定半年还，现在人辞职回老家了，只还了3000。有转账记录和聊天记录，请政府帮忙追回。"),
    ("P", "同事借钱两万不还，人跑回老家了，我网上问过，想再确认一下是不是只能走法律途径。")])
C("xzh", "m_xzh_loan2", "诉讼", "龙岗区", "南湾街道", "", [
    ("L", "我表哥去年做生意向我借了8万，说好年底还，现在说生意亏了还不上，还说是我自愿投资的。这和我上次说的同事欠钱不是一回事，请问怎么处理。"),
    ("V", "表哥借我八万块说成是投资，不肯还，家里亲戚都不好出面，想咨询该怎么办。")])
C("zl2", "m_zl2_park", "物业纠纷", "坪山区", "马峦街道", "", [
    ("M", "马峦街道我们小区管理处今年把地面停车费从300涨到500，没开业主大会，不交就不给抬杆。"),
    ("P", "小区停车费乱涨价，管理处不给进，车只能停外面马路，被贴了两次条。")])
C("lf2", "m_lf2_deposit", "诉讼", "宝安区", "西乡街道", "", [
    ("W", "我租西乡的公寓，合同到期退房，房东以墙上有钉子眼为由扣了全部押金3000元加一个月租金，请问这合理吗？能不能帮我要回来"),
    ("O", "退租押金被扣，房东要扣3000押金，还说要再赔1000，我有入住时的照片，墙本来就有洞。")])
C("cgd", "m_cgd_divorce", "诉讼", "龙华区", "福城街道", "", [
    ("V", "我和老婆在闹离婚，她把家里的存款转到她妈名下了，房子是婚前我买的她也要分一半。我想请政府出面主持公道。"),
    ("L", "关于离婚财产分割的问题，上次当面说过，工作人员叫我去找律师，我想再写信说明一下情况，存款有三十多万被她转走。")])
C("txz", "m_txz_child", "诉讼", "光明区", "凤凰街道", "", [
    ("P", "离婚的时候说好前夫每个月给孩子1500抚养费，他已经一年多没给了，人在东莞，我一个人养不起。"),
    ("M", "前夫一年多不给抚养费，打电话问过，说这是家事要走司法程序，可是我没钱请律师，有没有法律援助？")])
C("dlx", "m_dlx_inherit", "诉讼", "盐田区", "沙头角街道", "", [
    ("L", "我父亲去世留下沙头角一套老房子，没有遗嘱，大哥一直住着不让我们其他兄妹进，还说父亲口头说过给他。我们四兄妹怎么分？"),
    ("V", "老屋继承的事写过信，大哥霸占房子不让分，我们兄妹商量不成，请政府给个说法。")])
C("xm", "m_xm_reno", "诉讼", "南山区", "招商街道", "", [
    ("O", "我家找了一家装修公司（XX家装）签了18万的合同，工期拖了四个月还没完工，瓷砖空鼓、水管漏水，公司让我先付尾款才返修。"),
    ("E", "装修合同纠纷补充材料：合同约定工期90天，现已逾期128天，多次催告无果，装修公司要求付清尾款4.5万元。请求协调。")])
C("sw", "m_sw_leak", "邻里纠纷", "福田区", "福田街道", "", [
    ("W", "楼上那户卫生间漏水渗到我家天花板，霉了一大片，找他几次都说不是他家的问题，不让进去看。"),
    ("P", "楼上漏水的事，上去敲门他们直接不开，天花板都开始掉灰了。")])
C("lt", "m_lt_dog", "邻里纠纷", "南山区", "南山街道", "", [
    ("M", "隔壁养了三条大狗，白天主人上班狗就一直叫，从早叫到晚，说了好几次都不理。"),
    ("W", "隔壁狗叫的事情还是没解决，昨天跟他们吵了一架，对方说狗叫又不犯法。"),
    ("O", "本人与邻居因其饲养犬只长期吠叫发生矛盾，多次沟通无果，希望有人出面调解。")])
C("yh", "m_yh_gym", "诉讼", "福田区", "华强北街道", "", [
    ("O", "华强北一家健身房上个月突然关门，我刚续了两年卡6800元，还有私教课20节没上，老板联系不上。"),
    ("P", "健身房跑路，卡里还有六千多没用，有很多人一起被坑了，想问怎么退钱。")])
C("fzy", "m_fzy_fight", "诉讼", "龙岗区", "龙岗街道", "", [
    ("V", "上个月在龙岗街道一家大排档和隔壁桌的人发生口角，对方打了我，鼻梁骨折，医药费花了一万多，对方说只赔两千。"),
    ("P", "被人打伤鼻骨，医药费对方不认，派出所已经调解过一次没谈拢，我想要回医药费和误工费。")])
C("clj", "m_clj_lift", "物业纠纷", "宝安区", "新桥街道", "", [
    ("W", "我们楼的电梯一个月坏了四次，管理处每次都说等配件，住18楼的老人下不来楼。"),
    ("E", "小区电梯频繁故障、管理处维修不及时，已多次报修，请求督促整改。物业费每月都按时交的。"),
    ("P", "电梯又坏了，今天第三天了，管理处电话没人接。")])
C("hjh", "m_hjh_court", "诉讼", "龙华区", "观湖街道", "", [
    ("L", "本人与某公司的合同纠纷一审判决我败诉，判决认定事实错误，法院根本没看我的证据。请信访局纠正这个判决。"),
    ("V", "判决不公的事写过信了，我今天来是想让你们找法院重新审。")])
C("gx", "m_gx_arb", "诉讼", "南山区", "西丽街道", "", [
    ("O", "我和前公司的劳动争议已经仲裁裁决了，只支持了我一半的请求，经济补偿金没支持。我觉得裁决不公平，信访局能不能改？"),
    ("P", "劳动仲裁裁决只支持一半，网上问了说不服要在15天内去起诉，想再确认一下期限怎么算。")])
C("yw", "m_yw_fee", "物业纠纷", "福田区", "沙头街道", "", [
    ("M", "翠海花园管理处今年物业费每平米从2.8涨到3.6元，说是业委会同意的，我们很多业主根本不知道有业委会开会。"),
    ("P", "翠海花园物业费涨价的事，管理处说不交就停门禁卡，这合法吗？")])
C("dz", "m_dz_deposit", "诉讼", "宝安区", "西乡街道", "", [
    ("W", "固戍二村租的单间，房东说要收回自住让我一个月内搬走，押金两千说要扣一半当违约金，明明是他先违约。"),
    ("P", "固戍那个房东押金不退，还叫人把我的门锁换了，东西都在里面。")])
C("lgm", "m_lgm_park", "诉讼", "龙岗区", "坂田街道", "", [
    ("E", "2023年在开发商售楼处认购了一个地下车位，交了定金5万，现在开发商说车位不卖了只租，定金只退一半。"),
    ("L", "车位定金的问题发过邮件，开发商还是只肯退两万五，我们签了认购书的。")])
C("hyq", "m_hyq_corridor", "邻里纠纷", "罗湖区", "黄贝街道", "", [
    ("P", "对门那户在公共走廊堆了一大堆纸箱和旧家具，把消防栓都挡了，说了也不搬，我们两家关系很僵。")])
C("sjm", "m_sjm_car", "诉讼", "宝安区", "沙井街道", "", [
    ("O", "在网上找个人买了一台二手车，付了6万5，过户后才发现是泡水车，卖家拉黑我了。")])
C("kqs", "m_kqs_ins", "诉讼", "福田区", "华富街道", "", [
    ("E", "我父亲住院花了8万多，我们买的商业医疗险，保险公司以“既往症”为由拒赔，可是投保时业务员说不需要告知。"),
    ("P", "保险拒赔的事发过邮件，想问问除了找银保监还有什么办法，对方公司一直拖。")])
C("sxf", "m_sxf_park", "邻里纠纷", "龙华区", "大浪街道", "", [
    ("W", "我家门口的车位是我们租的，对面那家天天停他们的车，贴纸条也没用，昨天还把我车剐了。")])
C("lyy", "m_lyy_pet", "诉讼", "南山区", "沙河街道", "", [
    ("O", "把狗送到沙河一家宠物店洗澡寄养，接回来第二天就死了，店里说是狗本身有病，只肯退300块洗澡钱。"),
    ("W", "宠物店害死我家狗的事，网上反映了说是消费纠纷，可是店家根本不谈，我想要求赔偿。")])
C("mgs", "m_mgs_partner", "诉讼", "龙岗区", "布吉街道", "", [
    ("V", "我跟朋友合伙在布吉开了个餐馆，投了15万，现在散伙了，他把设备卖了钱也不分给我，账本也不给看。"),
    ("P", "合伙开餐馆散伙的事，来过一次，对方还是不给分钱，账也不让看。")])
C("yxj", "m_yxj_support", "诉讼", "罗湖区", "笋岗街道", "", [
    ("P", "我75岁，三个儿女都不给赡养费，大儿子在罗湖有房有车，说我偏心不管我。"),
    ("L", "赡养的事打电话说过，社区说让我找律师，我一个老太婆不懂这些，求政府帮我叫子女拿钱。")])

# ---------------------------------------------------------------- group matters
GROUPS = {}
def G(m, cat, dist, street, dept, members, visit_day=None):
    GROUPS[m] = visit_day
    for p, items in members:
        C(p, m, cat, dist, street, dept, items)

G("m_g1_ys", "劳动社保", "宝安区", "石岩街道", "宝安区人力资源局", [
    ("g1a", [("V", "我们是石岩街道浪心工业园深圳市永盛电子有限公司的员工，公司从7月开始停发工资，8月底老板不见了，我欠了三个月工资一万六千多。"),
             ("P", "永盛电子欠薪的事我们一起来过信访局，现在厂房被房东锁了，设备会不会被拉走？我们工资怎么办。")]),
    ("g1b", [("V", "永盛电子拖欠工资，我在厂里做了五年质检，欠我7、8、9三个月共14,200元，加班费还没算。")]),
    ("g1c", [("V", "我是永盛电子流水线的，欠我工资一万二左右，我老公也在厂里，他的另算。老板跑了没人管。"),
             ("W", "永盛厂的工资，人社局说在走欠薪垫付，要多久才能拿到？房租都交不起了")]),
    ("g1d", [("V", "永盛电子拖欠工资三个月，我是仓库组长，欠我一万九。请政府帮我们讨薪。")]),
    ("g1e", [("V", "石岩浪心那个永盛电子，欠我们几十个人工资，我是其中一个，欠我13600元，老板电话关机。"),
             ("O", "永盛电子欠薪：本人莫海军，被欠薪13,600元，已于集体来访时登记，请告知欠薪垫付申请材料清单。")]),
    ("g1f", [("M", "石岩永盛电子欠薪，我是8月才进厂的，欠我两个月工资9千多，听说大家去信访局了我当天没去成，在这里补充登记。")]),
], visit_day="2026-09-15")
G("m_g2_fz", "劳动社保", "宝安区", "石岩街道", "宝安区劳动监察大队", [
    ("g2a", [("P", "浪心工业园里面那家制衣厂（深圳市锦绣服饰有限公司），欠我们车位工两个月工资，说是订单没回款，我欠7800。"),
             ("W", "锦绣服饰欠薪的事，电话里登记过，今天厂里说下个月一起发，我们不信。")]),
    ("g2b", [("O", "锦绣服饰有限公司拖欠工资，我是裁床，欠10月、11月工资合计9,400元，不是隔壁永盛电子的事，是另一家。")]),
    ("g2c", [("M", "我在锦绣服饰做剪线，工资拖了两个月6千多，老板娘说再等等，大家都快等不下去了。")]),
    ("g2d", [("P", "锦绣制衣厂欠工资，我是烫工，欠我八千一百块，跟厂里谈了几次没结果。")]),
])
G("m_g3_hq", "住房保障", "龙岗区", "布吉街道", "龙岗区城市更新和土地整备局", [
    ("g3a", [("V", "布吉街道水径村旧改项目，2021年签的拆迁协议，说好2024年底回迁，现在工地停了一年多，过渡费也从今年3月开始停发。"),
             ("E", "水径旧改回迁延期问题，我们业主代表已来访，请区更新局公开项目停工原因及复工计划，并督促开发主体恢复发放过渡安置费。")]),
    ("g3b", [("V", "水径村旧改，我家两套回迁房，过渡费停了八个月，每个月我自己掏六千多租房。")]),
    ("g3c", [("V", "我是水径村原村民刘月娥，旧改回迁遥遥无期，我今年70岁了，还能不能住上回迁房？"),
             ("P", "旧改回迁那个事，上次我们五六个人一起去的信访局，回来后没人联系过我们。")]),
    ("g3d", [("V", "水径旧改项目停工，过渡安置费停发，我们要求政府介入，更新局作为主管部门不能不管。")]),
    ("g3e", [("V", "水径村拆迁户，过渡费一个月4,500元停了9个月，一共欠我40,500元。")]),
    ("g3f", [("W", "水径旧改停工一年了，我签约最早，结果拖得最久，过渡费还停了，请更新局给个说法。")]),
], visit_day="2026-06-10")
G("m_g4_dust", "生态环境", "光明区", "凤凰街道", "光明区生态环境局", [
    ("g4a", [("W", "凤凰街道塘家那个混凝土搅拌站，灰尘太大了，我家阳台一天不擦就一层灰，衣服都不能晒。"),
             ("P", "搅拌站扬尘的事还是没人管，今天刮风，整个小区都是灰。")]),
    ("g4b", [("O", "反映光明区凤凰街道塘家社区混凝土搅拌站扬尘及夜间运输车噪声问题，该站距住宅不足200米，是否有合法手续？")]),
    ("g4c", [("M", "塘家搅拌站的大货车半夜进进出出，轰隆响，还掉泥巴在路上。")]),
    ("g4d", [("E", "光明凤凰塘家搅拌站粉尘污染严重，我孩子有哮喘，最近发作频繁，医生说跟空气有关。请环保部门检测。")]),
])
G("m_g5_xq", "教育", "南山区", "桃源街道", "南山区教育局", [
    ("g5a", [("E", "今年南山区学区划分调整，桃源街道我们小区从原来对口的小学被划到了另一所较远的学校，没有任何征求意见。请求教育局说明调整依据。"),
             ("M", "学区调整的事发过邮件，教育局答复是“统筹安排”，太笼统了，我们要看具体依据。")]),
    ("g5b", [("O", "桃源街道学区划片调整后，孩子上学要过两条主干道，走路30分钟，建议恢复原划片或者开通校车。")]),
    ("g5c", [("W", "对小区学区被划走有意见，买房时就是冲着原来那个学校，现在说改就改。")]),
])
G("m_g6_bus", "交通运输", "坪山区", "马峦街道", "市交通运输局", [
    ("g6a", [("P", "马峦街道江岭村那个公交站撤了，老人去坪山医院看病要走二十多分钟才能坐车。")]),
    ("g6b", [("L", "我是江岭村的老钟，今年七十八了，村口的公交站说撤就撤，我们老人出门太难，请求恢复站点。")]),
    ("g6c", [("M", "江岭村公交站撤销后，早上上班要多走1.5公里，建议恢复或者增加接驳。"),
             ("O", "补充：江岭村站撤销前没有张贴公告征求意见，请交通局说明撤站程序。")]),
])
G("m_g7_water", "城乡建设", "罗湖区", "清水河街道", "罗湖区水务局", [
    ("g7a", [("W", "清水河街道草埔西那片城中村管网改造，路挖开两个月了没填，停水三次都没提前通知。")]),
    ("g7b", [("P", "草埔西管网改造施工，今天又突然停水，一点通知都没有，店里做不了生意。"),
             ("O", "草埔西城中村管网改造施工期间多次无通知停水，且开挖路面长期不回填，请水务局督促施工单位。")]),
    ("g7c", [("M", "草埔西修水管挖的坑没有围挡，晚上黑，我女儿骑车摔进去了。")]),
])
G("m_g8_lwl", "住房保障", "龙华区", "观澜街道", "市住房和建设局", [
    ("g8a", [("O", "观澜街道某楼盘2022年预售，合同约定2024年6月交房，现在停工两年成了烂尾楼。预售资金监管账户里的钱去哪里了？请住建局公开监管情况。"),
             ("S", "上级交办：龙华区观澜街道某商品房项目逾期未交付，购房人沈浩等反映预售资金监管问题，请市住建局牵头核查。")]),
    ("g8b", [("E", "我们是观澜那个烂尾楼盘的购房人，每月还房贷8,000多，还要另外租房。请政府保交楼。")]),
    ("g8c", [("V", "观澜楼盘停工两年，开发商说没钱了，可是我们首付和贷款都打进监管账户了，住建局怎么监管的？")]),
    ("g8d", [("W", "观澜烂尾楼的业主，想问保交楼专项有没有把我们这个项目纳入？")]),
    ("g8e", [("M", "观澜逾期交房项目，贷款已经还了三年，房子连外墙都没封，请住建局给个复工时间。"),
             ("P", "还是观澜那个楼盘，住建局说在协调，协调了半年，能不能给我们开个见面会。")]),
])
G("m_g9_metro", "城乡建设", "福田区", "莲花街道", "市轨道交通建设指挥部办公室", [
    ("g9a", [("E", "地铁施工后莲花街道景田北某小区2栋外墙和楼梯出现多处裂缝，最宽的有5毫米，请求做房屋安全鉴定。")]),
    ("g9b", [("P", "我家在景田北，地铁在楼下打隧道以后客厅墙裂了好几条缝，担心房子有安全问题。"),
             ("W", "墙体裂缝的事打过电话，地铁公司来拍了照，说要等第三方鉴定，到底什么时候鉴定？")]),
    ("g9c", [("L", "景田北小区部分楼栋因地铁施工出现裂缝，本人住2栋，请求政府督促建设单位尽快鉴定并公开结果。")]),
])
G("m_g10_pm", "物业纠纷", "南山区", "招商街道", "", [
    ("g10a", [("W", "我们小区管理处把公共区域的广告位租出去，收入从来没有公开过，业主问起来就说用于小区开支。")]),
    ("g10b", [("O", "小区公共收益（电梯广告、场地租金）管理处不公示账目，多名业主要求查账被拒。")]),
    ("g10c", [("M", "管理处公共收益不公开，我们几户业主联名要查账，他们说要业委会出函，可是业委会就是他们的人。")]),
])

# ---------------------------------------------------------------- hard negatives (different matters that look alike)
HARD_NEG = [
    ("one person, two employers (labour x2)", ["m_wjg_ss", "m_wjg_wage"]),
    ("one person, two noise sources in Nanshan", ["m_czq_site", "m_czq_bar"]),
    ("namesakes 王建国 in 宝安/罗湖", ["m_wjg_ss", "m_wjg2_water"]),
    ("same estate 翠海花园, different people's matters", ["m_lj_cert", "m_hgq_smoke"]),
    ("same estate 翠海花园, petition vs property dispute", ["m_hgq_smoke", "m_yw_fee"]),
    ("same employer 鑫达五金, social insurance vs injury", ["m_wjg_ss", "m_cxh_gs"]),
    ("one person, two public-rental housing problems", ["m_fjh_repair", "m_fjh_rent"]),
    ("one person, petition vs private loan", ["m_zm_db", "m_zm_loan"]),
    ("namesakes 张丽 南山/坪山", ["m_zl_sk", "m_zl2_park"]),
    ("same employer 永盛电子, group wage vs own injury", ["m_g1_ys", "m_zj_gs"]),
    ("same street 粤海, two construction sites", ["m_czq_site", "m_wyl_site"]),
    ("same school 民治第三小学, admission vs lunch fee", ["m_lf_school", "m_ql_lunch"]),
    ("one person, two government-conduct complaints", ["m_hw_cert", "m_hw_cg"]),
    ("one person, two private loans", ["m_xzh_loan1", "m_xzh_loan2"]),
    ("namesakes 刘芳 龙华/宝安", ["m_lf_school", "m_lf2_deposit"]),
    ("same industrial park, two wage-arrears groups", ["m_g1_ys", "m_g2_fz"]),
]
# ---------------------------------------------------------------- items whose district differs from the matter's
WRONG_DIST = {("m_wjp_wj", 1): "南山区", ("m_g3_hq", "g3f"): "罗湖区", ("m_rml_bdc", 0): "龙华区",
              ("m_xt_hosp", 1): "福田区", ("m_g8_lwl", "g8d"): "宝安区"}

# ================================================================ derived fields
AREA = ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311",
        "440105", "440106", "440111", "440513", "440607", "440883", "441302", "441402", "441424",
        "441502", "441581", "441702", "441802", "445102", "445122", "445202", "445281", "445302"]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check_digit(s17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(s17, W)) % 11]
PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182", "183",
            "186", "187", "188", "130", "131", "132", "155", "156", "185", "176", "133", "153", "180", "181", "189", "177", "199", "198"]
OID_PREFIX = "oR3xT5"
OID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# birth years for people whose own words state their age or year of birth
BIRTH_YEAR = {"g3c": 1956, "xxy": 1955, "yxj": 1951, "pgp": 1966, "g6b": 1948}
ident = {}
for key in sorted(NAMES):
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, (dt.date(2006, 1, 1) - dt.date(1950, 1, 1)).days))
    if key in BIRTH_YEAR:
        born = dt.date(BIRTH_YEAR[key], 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    s17 = rng.choice(AREA) + born.strftime("%Y%m%d") + "%03d" % rng.randrange(0, 1000)
    ident[key] = {"phone": rng.choice(PREFIXES) + "%08d" % rng.randrange(0, 10 ** 8),
                  "id": s17 + check_digit(s17),
                  "openid": OID_PREFIX + "".join(rng.choice(OID_CHARS) for _ in range(22))}

HOL = set()
for a, b in [("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-19", "06-21"),
             ("09-25", "09-27"), ("10-01", "10-07")]:
    d = dt.date.fromisoformat("2026-" + a)
    while d <= dt.date.fromisoformat("2026-" + b):
        HOL.add(d); d += dt.timedelta(days=1)
def working(d):
    return d.weekday() < 5 and d not in HOL
START, END = dt.date(2026, 1, 5), dt.date(2026, 11, 28)
TZ = dt.timezone(dt.timedelta(hours=8))

def stamp(d, channel, after=None):
    """a time on day d (moved forward for office channels) that is later than `after`"""
    while True:
        if channel in RESTRICTED:
            while not working(d):
                d += dt.timedelta(days=1)
            t = dt.datetime.combine(d, dt.time(8, 30), TZ) + dt.timedelta(minutes=rng.randrange(0, 570))
        else:
            t = dt.datetime.combine(d, dt.time(0, 0), TZ) + dt.timedelta(minutes=rng.randrange(0, 1440))
        if after is None or t > after:
            return t
        d += dt.timedelta(days=1)

# case start days: spread by stratifying over the range
span = (END - START).days
order = list(range(len(CASES)))
rng.shuffle(order)
group_base = {}
for m, vd in GROUPS.items():
    group_base[m] = dt.date.fromisoformat(vd) if vd else START + dt.timedelta(days=rng.randrange(10, span - 90))
rows = []
letter_n = 0
for rank, ci in enumerate(order):
    p, m, cat, dist, street, dept, items = CASES[ci]
    n = len(items)
    if m in GROUPS:
        vd = GROUPS[m]
        d0 = group_base[m] + dt.timedelta(days=0 if (vd and items[0][0] == "V") else rng.randrange(-12, 15))
    else:
        room = 12 * (n - 1) + 2
        d0 = START + dt.timedelta(days=int((rank + rng.random()) / len(CASES) * (span - room)))
    prev = None
    for k, (c, text, _o) in enumerate(items):
        ch = CH[c]
        d = d0 if k == 0 else prev.date() + dt.timedelta(days=rng.randrange(2, 12))
        if m in GROUPS and GROUPS[m] and c == "V" and k == 0:
            t = dt.datetime.combine(d, dt.time(9, 0), TZ) + dt.timedelta(minutes=rng.randrange(0, 150))
        else:
            t = stamp(d, ch, prev)
        prev = t
        idn = ident[p]
        ph = idv = oid = ""
        r = rng.random()
        if ch == "visit":
            idv = idn["id"]; ph = idn["phone"] if r < 0.7 else ""
        elif ch == "letter":
            letter_n += 1; ph = idn["phone"] if letter_n % 4 == 0 else ""
        elif ch in ("email", "online"):
            ph = idn["phone"] if r < 0.85 else ""
            if ch == "online" and rng.random() < 0.2: idv = idn["id"]
        elif ch in ("wechat", "miniprogram"):
            oid = idn["openid"]; ph = idn["phone"] if r < 0.35 else ""
        elif ch == "phone":
            ph = idn["phone"]
        elif ch == "superior":
            ph = idn["phone"] if r < 0.6 else ""
            idv = idn["id"] if rng.random() < 0.5 else ""
        wd = WRONG_DIST.get((m, k)) if m not in GROUPS else (WRONG_DIST.get((m, p)) if k == 0 else None)
        dep = dept if rng.random() < 0.8 else ""
        rows.append({"t": t, "channel": ch, "name": NAMES[p], "phone": ph, "id_number": idv, "openid": oid,
                     "district": wd or dist, "street": street if not wd else "", "department": dep,
                     "content": text, "p": p, "m": m, "cat": cat})
rows.sort(key=lambda r: (r["t"], r["content"]))
pid, mid, out = {}, {}, []
for i, r in enumerate(rows, 1):
    pid.setdefault(r["p"], "tp%d" % (len(pid) + 1)); mid.setdefault(r["m"], "tm%d" % (len(mid) + 1))
    out.append({"external_id": "t-%04d" % i, "channel": r["channel"], "received_at": r["t"].isoformat(timespec="seconds"),
                "name": r["name"], "phone": r["phone"], "id_number": r["id_number"], "openid": r["openid"],
                "district": r["district"], "street": r["street"], "department": r["department"], "content": r["content"],
                "truth": {"person": pid[r["p"]], "matter": mid[r["m"]], "category": r["cat"], "petition": r["cat"] not in NONPET}})
with open(OUT, "w", encoding="utf-8") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")

# ================================================================ read back and validate
errs = []
def need(cond, msg):
    if not cond: errs.append(msg)
items = [json.loads(l) for l in open(OUT, encoding="utf-8")]
KEYS = ["external_id", "channel", "received_at", "name", "phone", "id_number", "openid", "district", "street", "department", "content", "truth"]
DISTRICTS = {"福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区"}
def age_ok(idn, when):
    b = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
    return 18 <= (when.date() - b).days / 365.25 <= 90
mkey = {v: k for k, v in mid.items()}
prev_t = None
seen_p, seen_m = 0, 0
per_person = collections.defaultdict(lambda: collections.defaultdict(set))
for i, o in enumerate(items, 1):
    need(list(o) == KEYS, "keys %s" % o["external_id"])
    need(o["external_id"] == "t-%04d" % i, "id order %d" % i)
    need(o["channel"] in CH.values(), "channel")
    t = dt.datetime.fromisoformat(o["received_at"])
    need(t.utcoffset() == dt.timedelta(hours=8) and o["received_at"].endswith("+08:00"), "tz %s" % o["external_id"])
    need(START <= t.date() <= END, "range %s" % o["external_id"])
    need(prev_t is None or t >= prev_t, "order %s" % o["external_id"]); prev_t = t
    if o["channel"] in RESTRICTED:
        need(working(t.date()) and dt.time(8, 30) <= t.time() <= dt.time(18, 0), "office hours %s" % o["external_id"])
    need(o["phone"] == "" or re.fullmatch(r"1[3-9]\d{9}", o["phone"]), "phone")
    if o["id_number"]:
        s = o["id_number"]
        need(re.fullmatch(r"\d{17}[\dX]", s) and check_digit(s[:17]) == s[17] and s[:2] == "44" and age_ok(s, t), "id %s" % s)
    need(o["openid"] == "" or (len(o["openid"]) == 28 and o["openid"].startswith(OID_PREFIX)), "openid")
    need(o["district"] in DISTRICTS, "district")
    tr = o["truth"]
    need(tr["petition"] == (tr["category"] not in NONPET), "petition flag")
    n = int(tr["person"][2:]); need(n <= seen_p + 1, "person numbering"); seen_p = max(seen_p, n)
    n = int(tr["matter"][2:]); need(n <= seen_m + 1, "matter numbering"); seen_m = max(seen_m, n)
    for f in ("name", "phone", "id_number", "openid"):
        if o[f]: per_person[tr["person"]][f].add(o[f])
    # channel identity rules
    ch = o["channel"]
    if ch == "visit": need(o["id_number"], "visit without ID")
    if ch in ("wechat", "miniprogram"): need(o["openid"], "wechat without openid")
    if ch == "phone": need(o["phone"], "phone item without phone")
    if ch not in ("wechat", "miniprogram"): need(not o["openid"], "openid on %s" % ch)
    if ch in ("letter", "email", "phone", "wechat", "miniprogram"): need(not o["id_number"], "ID on %s" % ch)
for p, d in per_person.items():
    for f, v in d.items(): need(len(v) == 1, "person %s has %d %s" % (p, len(v), f))
for k, y in BIRTH_YEAR.items():
    need(ident[k]["id"][6:10] == str(y), "stated age vs ID for %s" % k)
for f in ("phone", "id_number", "openid"):
    owners = collections.defaultdict(set)
    for p, d in per_person.items():
        for v in d.get(f, ()): owners[v].add(p)
    need(all(len(s) == 1 for s in owners.values()), "shared " + f)
need(len({o["content"] for o in items}) == len(items), "identical contents")
cases = collections.defaultdict(list)
matters = collections.defaultdict(set)
mcat = collections.defaultdict(set)
for o in items:
    cases[(o["truth"]["person"], o["truth"]["matter"])].append(o)
    matters[o["truth"]["matter"]].add(o["truth"]["person"]); mcat[o["truth"]["matter"]].add(o["truth"]["category"])
need(all(len(v) == 1 for v in mcat.values()), "matter with two categories")
for k, v in cases.items():
    need(1 <= len(v) <= 4, "case size %s" % (k,))
    need(len({o["channel"] for o in v}) == len(v), "case channels repeat %s" % (k,))
group_m = {m for m, ps in matters.items() if len(ps) > 1}
need({mkey[m] for m in group_m} == set(GROUPS), "group matters mismatch")
need(8 <= len(group_m) <= 12 and all(3 <= len(matters[m]) <= 9 for m in group_m), "group sizes")
big_visits = 0
for m in group_m:
    days = collections.Counter((o["received_at"][:10]) for o in items if o["truth"]["matter"] == m and o["channel"] == "visit")
    big_visits += any(c >= 5 for c in days.values())
need(big_visits >= 2, "group visits of 5+")
indiv = [v for k, v in cases.items() if k[1] not in group_m]
rep_share = sum(len(v) > 1 for v in indiv) / len(indiv)
need(rep_share >= 0.70, "repeat share %.2f" % rep_share)
nonpet = [o for o in items if not o["truth"]["petition"]]
np_share = len(nonpet) / len(items)
need(0.22 <= np_share <= 0.28, "non-petition share %.3f" % np_share)
stock = [o for o in nonpet if any(w in o["content"] for w in STOCK)]
need(len(stock) <= len(nonpet) / 4, "stock-word share %d/%d" % (len(stock), len(nonpet)))
noid = [o for o in items if not (o["phone"] or o["id_number"] or o["openid"])]
need(0.07 <= len(noid) / len(items) <= 0.13, "no-identity share %d" % len(noid))
letters = [o for o in items if o["channel"] == "letter"]
need(sum(bool(o["phone"]) for o in letters) <= 0.30 * len(letters), "letters with phone")
tricky_m = {mid[m] for m in TRICKY}
need(8 <= len(TRICKY) <= 10 and all(m in mid for m in TRICKY), "tricky count")
need(all(o["truth"]["petition"] for o in items if o["truth"]["matter"] in tricky_m), "tricky must be petitions")
need(12 <= len(HARD_NEG) <= 16 and all(len(set(ms)) == 2 and all(x in mid for x in ms) for _, ms in HARD_NEG), "hard negatives")
home = {}
for (p, m, cat, dist, *_r) in CASES: home[mid[m]] = dist
wrong = [o for o in items if o["district"] != home[o["truth"]["matter"]]]
need(3 <= len(wrong) <= 10, "wrong district count %d" % len(wrong))
need(200 <= len(items) <= 260, "size %d" % len(items))
months = collections.Counter(o["received_at"][:7] for o in items)
need(len(months) == 11 and min(months.values()) >= 8, "spread over months %s" % dict(months))

def table(title, counter):
    print("\n" + title)
    for k, v in sorted(counter.items(), key=lambda kv: -kv[1]):
        print("  %-10s %4d" % (k, v))
print("items %d, persons %d, matters %d, cases %d" % (len(items), len(per_person), len(matters), len(cases)))
table("by category", collections.Counter(o["truth"]["category"] for o in items))
table("by channel", collections.Counter(o["channel"] for o in items))
table("by month", months)
print("\npetition items %d (%.1f%%), non-petition %d (%.1f%%)" % (len(items) - len(nonpet), 100 - 100 * np_share, len(nonpet), 100 * np_share))
print("non-petition items using a stock word: %d/%d (%.1f%%)" % (len(stock), len(nonpet), 100 * len(stock) / len(nonpet)))
print("items without identity: %d (%.1f%%)" % (len(noid), 100 * len(noid) / len(items)))
print("letters with phone: %d/%d" % (sum(bool(o['phone']) for o in letters), len(letters)))
print("group matters %d, sizes %s, group visits with 5+ people on one day: %d" % (len(group_m), sorted(len(matters[m]) for m in group_m), big_visits))
print("individual cases %d, repeated %.1f%%; case sizes %s" % (len(indiv), 100 * rep_share, dict(collections.Counter(len(v) for v in cases.values()))))
print("tricky petition matters %d, hard-negative pairs %d, items with other district %d" % (len(TRICKY), len(HARD_NEG), len(wrong)))
if errs:
    print("\nVALIDATION FAILED:"); [print("  " + e) for e in sorted(set(errs))]
    sys.exit(1)
print("\nvalidation OK")
