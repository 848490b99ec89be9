#!/usr/bin/env python3
"""Hand-written hold-out set #6 for the Shenzhen petition registration service.
All content texts below were written by hand; only identity fields and timestamps are derived,
deterministically, from a seeded random.Random. Writes cases-holdout6.jsonl, re-reads and validates it."""
import json, random, re, sys, os, datetime as dt
from collections import Counter, defaultdict

def M(cat, dist, street, dept, tag, *cases):
    return dict(cat=cat, dist=dist, street=street, dept=dept, tag=tag, cases=list(cases))
def C(pk, *items):
    return dict(pk=pk, items=[it if len(it) == 3 else (it[0], it[1], "") for it in items])
# key|name|sex|birth year|GB area code (Guangdong)
PEOPLE = """
czq1|陈志强|M|1978|445102
czq2|陈志强|M|1991|441402
lxy|林秀英|F|1970|440303
hjj|黄建军|M|1985|441302
wlh|王丽华|F|1962|440305
lgd|梁国栋|M|1959|440306
lsz|梁淑贞|F|1965|440306
zht|赵海涛|M|1980|440304
zm|周敏|F|1988|440307
sh|孙浩|M|1987|441900
wjh|吴建华|M|1975|440104
hml|何美玲|F|1992|440303
ly1|刘洋|M|1995|441402
ly2|刘洋|M|1970|440511
zyq|郑雅琪|F|1998|440604
zdf|张德福|M|1955|441402
lgl|罗桂兰|F|1958|440511
xzh|许振华|M|1972|441900
dl|邓丽|F|1983|440306
oyh|欧阳海|M|1966|440307
cgf|陈桂芳|F|1969|440308
fzg|冯志刚|M|1977|445102
ycm|杨春梅|F|1964|441302
hxd|黄晓东|M|1984|440303
yw|叶伟|M|1990|441302
qml|邱美玲|F|1986|441900
lsf|骆少芬|F|1986|441521
hl|韩磊|M|1993|440604
sm|苏曼|F|1996|440106
mj|马军|M|1981|440981
cl|曹琳|F|1999|441702
lds|廖东生|M|1952|441402
zxb|曾小兵|M|1979|445381
zh|钟慧|F|1989|440307
wxq|温秀琴|F|1972|440308
lp|陆鹏|M|1986|440304
wxj|韦小军|M|1996|440882
mgy|蒙桂英|F|1980|445302
lqs|李秋生|M|1968|440304
twx|唐文秀|F|1985|440305
tzm|谭志明|M|1968|440981
wj|王建|M|1973|440303
dsh|邓淑华|F|1960|440305
lzy|罗志勇|M|1982|441224
zjg|周建国|M|1957|440304
lf|刘芳|F|1994|441302
lzj|林志坚|M|1976|440306
flp|方丽萍|F|1971|440305
xl|许丽|F|1987|441900
hzw|黄志伟|M|1980|440306
lj|李静|F|1997|440104
gxm|郭晓明|M|1983|440307
cmh|陈美华|F|1950|440303
wxy|吴小燕|F|1990|445102
ygp|杨国平|M|1966|440304
tt|唐涛|M|1988|441402
ph|彭辉|M|1986|440981
qh|邱海|M|1992|441900
cli|程立|M|1979|440307
ly3|林悦|F|1991|440305
ljx|刘建新|M|1963|440308
hb|胡斌|M|1975|440106
mxz|马秀珍|F|1955|440304
zt|邹婷|F|1993|440305
hw|何伟|M|1985|441402
fl|冯丽|F|1982|440303
ygq|叶国强|M|1951|440306
ty|陶勇|M|1978|440307
sj|宋佳|F|1990|445302
gf|高峰|M|1984|440307
bx|白雪|F|1992|440604
sgq|施国庆|M|1960|440306
pj|潘军|M|1977|440304
jhy|江海燕|F|1988|440303
xjm|谢建明|M|1974|441302
yxh|余晓红|F|1983|440981
dzh|杜振华|M|1967|440307
kly|孔令云|F|1979|445102
hyq|胡雨晴|F|2001|440604
lwz|黎伟忠|M|1962|440882
cjl|蔡家乐|M|1990|440306
ssp|沈淑萍|F|1958|441402
mzh|蒙志华|M|1979|441224
wcy|韦春燕|F|1985|440882
lgh|李国华|M|1972|440981
hlp|黄丽萍|F|1990|441702
qyq|覃永强|M|1988|445381
mxl|莫秀兰|F|1976|441224
csl|陈水林|M|1956|440307
cyf|陈月芳|F|1961|440307
lwm|赖伟明|M|1970|440307
cjh|陈锦辉|M|1983|440307
hsy|何少英|F|1966|440307
xwt|徐文涛|M|1987|440604
lyn|梁燕妮|F|1991|441900
zqy|张启元|M|1982|441402
fjj|范晶晶|F|1994|440106
lhm|卢慧敏|F|1978|440305
syz|石玉珍|F|1963|440305
gzh|龚子豪|M|1989|440305
xmy|夏美玉|F|1990|441302
ljy|刘嘉仪|F|1992|440306
tzx|汤振兴|M|1988|441900
whl|魏海丽|F|1987|440981
cyh|陈永红|F|1960|440303
ldq|刘德全|M|1958|440303
zyj|周玉娟|F|1972|441402
lkm|黎坤明|M|1965|440307
hyz|黄玉珍|F|1969|440307
wzp|王志鹏|M|1985|445102
cxr|崔欣然|F|1997|440304
dh|段豪|M|1993|440604
ms|孟爽|F|1990|441302
lj2|罗娟|F|1988|440106
ybw|杨博文|M|1986|440307
sxl|宋小丽|F|1989|441900
hgm|何光明|M|1981|440307
ljg|李建国|M|1969|441224
wdc|吴德春|M|1974|440981
pyx|潘永祥|M|1980|445381
lzq|梁志强|M|1977|441702
tch|唐春花|F|1983|441224
"""
PEOPLE += """
gzh2|钱国忠|M|1961|440305
ms2|孟淑芬|F|1975|440304
wdc2|吴德才|M|1971|441224
xjm2|谢家明|M|1984|440981
hw2|何文斌|M|1979|445381
lzq2|黎志强|M|1990|441702
yhl|杨海龙|M|1986|440882
"""
# ---------------------------------------------------------------- matters (hand-written)
# M(category, district, street, department, tag, *cases); C(person, *items); item=(channel, text[, flags])
# flags: A=no identity, P=add phone (letter/wechat/mini), N=drop phone, I=letter carries ID,
#        G=group-visit day, d<district>=item district differs from the matter's
L = "劳动社保"; H = "住房/不动产登记"; Z = "征收拆迁"; CG = "城市管理"; HJ = "生态环境"; JY = "教育"
JT = "交通运输"; WS = "卫生健康"; SC = "市场监管"; HR = "户籍人才"; TY = "退役军人"; MZ = "民政"
QY = "企业服务"; ZF = "政法与作风"; SS = "诉讼"; LL = "邻里纠纷"; WY = "物业纠纷"

MATTERS = [
# ===== individual petitions
M(L, "宝安区", "西乡街道", "区人力资源局", "hn:namesake-czq",
  C("czq1", ("online", "我在西乡固戍的深圳市恒昌五金制品有限公司做冲压工，老板拖欠我2025年10月到12月三个月工资共18600元，找了劳动站说让等，等到现在也没消息。"),
            ("phone", "来电反映恒昌五金厂欠他三个月工资一万八千六，之前网上投诉过，劳动监察一直没回复，情绪比较激动。"),
            ("visit", "本人陈志强，原恒昌五金冲压工，被欠薪18,600元（10—12月），网上和电话都反映过了，劳动监察大队说已立案但一个多月没下文，要求督促处理。"))),
M(L, "龙岗区", "横岗街道", "区人力资源局", "hn:namesake-czq",
  C("czq2", ("wechat", "横岗宏图物流拖我工资9400，我是司机，离职两个月了还不给结，说要等客户回款"),
            ("miniprogram", "本人在深圳市宏图物流有限公司（横岗六约）当货车司机，今年1月离职后公司一直不结算最后两个月工资玖仟肆佰元，请劳动部门帮忙追讨。"))),
M(L, "福田区", "华富街道", "市人力资源和社会保障局", "hn:one-person-two-lxy",
  C("lxy", ("letter", "尊敬的领导：我叫林秀英，今年五十六岁，在金桥保洁公司做保洁。公司从前年十一月开始就没给我交社保，算下来断了十四个月，我过两年就要退休了，交不够年限怎么办？恳请领导帮帮我。"),
           ("visit", "反映深圳市金桥保洁服务有限公司未为其缴纳社会保险，断缴约14个月，影响退休待遇核定。此前已来信，要求责令单位补缴。"))),
M(H, "福田区", "华富街道", "区住房和建设局", "hn:one-person-two-lxy",
  C("lxy", ("visit", "另一件事：2023年申请的公租房，轮候排到了，又说我资料不全退回来，退回也不讲清楚差什么材料。"),
           ("wechat", "公租房轮候资格被退回的事，福田住建说材料不齐，能不能告诉我到底缺哪样？我年纪大了跑不动", "P"))),
M(L, "龙华区", "大浪街道", "区人力资源局", "hn:two-same-kind-hjj",
  C("hjj", ("online", "锦程劳务派遣公司把我派到大浪一家注塑厂，去年加班费一直没算，差不多6300块，派遣公司和厂里互相推。"),
           ("phone", "反映锦程劳务派遣（大浪）拖欠加班费约六千三，派遣单位和用工单位互相推诿，要求人社部门明确责任。"))),
M(L, "南山区", "粤海街道", "区人力资源局", "hn:two-same-kind-hjj",
  C("hjj", ("wechat", "又是我黄建军，这次是在粤海那边的湘味轩餐厅做厨工，干了两个月老板跑了，工资4200没发。跟上次派遣公司那个不是一回事"),
           ("visit", "反映南山粤海街道湘味轩餐饮管理有限公司拖欠其厨工工资肆仟贰佰元，老板已失联，请求人社部门介入。"))),
M(H, "南山区", "蛇口街道", "市不动产登记中心", "",
  C("wlh", ("email", "市长您好：本人于1996年购买原单位（蛇口某港务公司）房改房，位于四海小区，至今未能办理不动产权证书。登记中心称需原单位出具证明，但原单位早已改制，无人负责。恳请协调。"),
           ("visit", "王丽华反映蛇口四海小区房改房无法办证，原单位改制后证明开不出来，已发过市长信箱，仍未解决。"),
           ("phone", "再次来电：四海小区房改房办证的事，邮件和来访都反映了，一个月没人联系她。"))),
M(Z, "宝安区", "沙井街道", "区城市更新和土地整备局", "hn:same-estate-xuegang",
  C("lgd", ("visit", "反映沙井壆岗旧改项目，其祖屋实测面积186平方米，补偿协议只按142平方米计算，开发商称是更新局认定的，要求重新核定。"),
           ("letter", "我是沙井壆岗村民梁国栋，老屋一百八十六个平方，补偿只认一百四十二，少了四十多平，上次来访说回去查，到现在没有答复。", "P"))),
M(Z, "宝安区", "沙井街道", "区城市更新和土地整备局", "hn:same-estate-xuegang",
  C("lsz", ("online", "壆岗旧改项目的临迁费（过渡期安置费）已经拖了五个月没发，每月3800元，开发商说资金紧张。请区更新局督促。"),
           ("wechat", "我家是学岗村的，临时安置费五个月没到账了，每个月三千八，找开发商没人理"))),
M(CG, "福田区", "沙头街道", "区城市管理和综合执法局", "hn:two-same-kind-zht",
  C("zht", ("miniprogram", "下沙村有栋楼顶加建了两层铁皮房，已经半年了，向城管举报三次都说'已处理'，实际一点没拆。"),
           ("email", "举报福田区沙头街道下沙村某楼顶违法加建（两层铁皮房），多次向区城管局举报均回复已处理，实际未拆除，存在消防隐患，请求督办。"),
           ("phone", "下沙楼顶铁皮房违建的事，他之前小程序和邮件都反映过，城管回复与事实不符，要求督办。"))),
M(CG, "福田区", "沙头街道", "区城市管理和综合执法局", "hn:two-same-kind-zht",
  C("zht", ("online", "另外反映一个问题：下沙广场旁边夜宵摊每天晚上摆到凌晨两点，桌椅占满人行道，跟楼顶违建那件不是同一件事。"),
           ("wechat", "下沙广场那几个大排档占道经营，人行道都走不了，晚上十点以后更夸张"))),
M(HJ, "龙岗区", "坂田街道", "市生态环境局", "",
  C("zm", ("wechat", "坂田五和那边有家烧烤店油烟直接往楼上排，晚上窗户都不敢开，投诉好几次了"),
          ("online", "反映龙岗区坂田街道五和大道某烧烤店未安装油烟净化设施，油烟直排住宅，多次投诉未果，请求生态环境部门查处。"))),
M(JY, "南山区", "桃源街道", "区教育局", "hn:same-school-taoyuan",
  C("sh", ("online", "孩子今年报桃源中学初一学位，系统把我们的居住年限算成2年，实际在南山租住满4年，有租赁备案，申请复核被驳回。"),
          ("phone", "反映其子初一学位积分中居住年限少算两年，复核被驳回，要求重新核。"),
          ("email", "关于我儿子学位积分错误的申诉：租赁备案自2022年3月起，系统只认2024年，请南山区教育局重新核实。"))),
M(JY, "南山区", "桃源街道", "区教育局", "hn:same-school-taoyuan",
  C("twx", ("miniprogram", "我们家是深户，房子就在桃源中学对面，结果被派到离家六公里的学校，问教育局说是学区调整，调整也没提前公示。", "P"),
           ("visit", "反映其女初一学位被调剂至距家约6公里学校，认为学区划分调整未公示，要求说明依据。"))),
M(JT, "宝安区", "航城街道", "市公安局交通警察局", "",
  C("wjh", ("online", "我的车粤B7K3**在航城街道被拍违停三次，但那几天车在惠州，明显被套牌了，交警大队不给撤销。"),
           ("visit", "反映其车辆疑似被套牌，在宝安航城街道产生三次违法记录，提交了惠州高速通行记录但交警部门不予撤销，要求复核。"))),
M(WS, "罗湖区", "东门街道", "市卫生健康委员会", "",
  C("hml", ("wechat", "东门社康打疫苗要预约，预约了过去又说没苗，护士态度很差，让我们下个月再来，孩子都超龄了"),
           ("phone", "反映罗湖东门某社区健康服务中心预约接种后告知无疫苗，工作人员态度恶劣，孩子接种已超期。"))),
M(SC, "龙华区", "龙华街道", "市市场监督管理局", "hn:namesake-ly",
  C("ly1", ("miniprogram", "在龙华清湖的一家超市买到过期牛奶，打12315登记了，说7个工作日回复，一个月了没人理。"),
           ("email", "本人3月在龙华街道清湖某连锁超市购买过期乳制品，已向市场监管部门投诉，逾期未答复，请督办。"))),
M(SC, "罗湖区", "桂园街道", "市市场监督管理局", "hn:namesake-ly",
  C("ly2", ("phone", "桂园那边一家茶餐厅后厨老鼠乱窜，我拍了视频，举报给市场监管所两个星期没人去。"),
           ("online", "举报罗湖区桂园街道某茶餐厅后厨卫生极差（有视频），投诉后监管所未见处理，请市市场监管局督促。"))),
M(HR, "福田区", "莲花街道", "市人力资源和社会保障局", "",
  C("zyq", ("online", "我是2025届硕士，应届生引进落户在系统上提交快三个月了，一直显示审核中，打电话没人接。"),
           ("wechat", "落户审核卡住了，三个月，单位都催了好几次"),
           ("email", "关于本人应届毕业生引进落户申请长期未审核的情况反映：申请已于1月提交，超出承诺时限仍无结果，恳请核查。"))),
M(TY, "龙岗区", "龙城街道", "市退役军人事务局", "",
  C("zdf", ("letter", "我是一九七九年参战退役老兵张德福，户口在龙城，今年的参战补助到现在没发，问了街道说要等区里。"),
           ("visit", "反映其作为参战退役军人，2026年度定期抚恤补助未按时发放，街道退役军人服务站称需等区里审批，已来信一次。", "N"))),
M(MZ, "坪山区", "坑梓街道", "区民政局", "",
  C("lgl", ("visit", "反映其低保待遇于今年三月被停发，街道称儿子有收入，但儿子已分户且本人长期患病，要求重新核查。"),
           ("phone", "罗桂兰来电问低保复核进度，上次来访说一个月内答复，现已超期。"))),
M(QY, "光明区", "凤凰街道", "市工业和信息化局", "",
  C("xzh", ("email", "我司深圳光联精密科技有限公司2025年获批技术改造资助120万元，公示已过半年，款项仍未拨付，企业资金压力很大。"),
           ("online", "光联精密技改补贴一百二十万公示后半年没拨款，问了几次都说走流程。"),
           ("superior", "省信访局交办：深圳光联精密科技有限公司（光明凤凰）反映市工信部门技改资助资金逾期未拨付问题，请核查办理。"))),
M(ZF, "宝安区", "新安街道", "新安派出所", "",
  C("dl", ("online", "我电动车在宝城24区楼下被偷，报警后派出所只做了登记，监控也不调，两个月没任何结果，问了说没立案。"),
          ("visit", "反映其电动自行车被盗后新安派出所未予立案、未调取监控，要求依法处理。"))),
M(H, "大鹏新区", "南澳街道", "市规划和自然资源局", "",
  C("oyh", ("letter", "本人是南澳新围村原村民欧阳海，2025年3月递交了自建房报建申请，一年多没有任何回复，去窗口问说还在审。"),
           ("phone", "南澳新围村报建申请一年多无答复，来电催办。"),
           ("online", "自建房报建申请（南澳街道）超过期限未作答复，请督办规划和自然资源部门。"),
           ("superior", "省信访局交办件：大鹏新区南澳街道群众欧阳海反映农村自建房报建申请逾期一年未答复，请市规划和自然资源局核查并答复。"))),
M(HJ, "盐田区", "沙头角街道", "市生态环境局", "",
  C("cgf", ("wechat", "深盐路晚上集卡车太多了，轰轰响到凌晨三四点，住沙头角这边根本睡不着"),
           ("email", "沙头角街道深盐路沿线夜间集装箱货车噪声扰民，建议交警、生态环境部门限时限速或设置隔音屏。", "d罗湖区"))),
M(CG, "光明区", "玉塘街道", "市水务局", "",
  C("fzg", ("online", "玉塘街道田寮社区一下大雨就水浸街，去年到今年淹了四次，排水管网改造说了两年还没动工。"),
           ("phone", "反映光明玉塘田寮片区雨后内涝，管网改造迟迟未开工。"))),
M(WS, "南山区", "南头街道", "市医疗保障局", "",
  C("ycm", ("letter", "我母亲在老家惠州急病住院花了三万多，回来找医保报销，说没有备案不给报。当时情况紧急哪里来得及备案？", "P"),
           ("visit", "反映其母异地急诊住院医疗费用三万余元，因未办理异地就医备案被拒绝报销，要求按急诊政策处理。"))),
M(JY, "罗湖区", "翠竹街道", "市教育局", "",
  C("hxd", ("letter", "罗湖区某公办初中（翠竹片区）初三年级组织周末有偿补课，每人每学期收1800元，家长不敢不交。", "A"),
           ("online", "实名举报：翠竹片区某公办初中周末组织有偿补课，每学期收一千八，上次寄了匿名信没人管，请教育局查处。"))),
M(H, "坪山区", "坪山街道", "市住房和建设局", "hn:same-estate-jinxiu",
  C("yw", ("miniprogram", "坪山锦绣华庭二期停工快一年了，我们按揭都还了一年多，住建局说在协调，协调了啥也不知道。"),
          ("email", "关于坪山街道锦绣华庭二期项目停工、交付无期问题，请市住建局公开预售资金监管使用情况和复工计划。"),
          ("phone", "锦秀华庭停工的事又来电，说住建一直没有实质答复。"))),
M(H, "坪山区", "坪山街道", "区住房和建设局", "hn:same-estate-jinxiu",
  C("qml", ("online", "我在锦绣华庭一期买的房，交了首付签了合同，开发商一直没给网签备案，现在公积金贷款办不了，住建部门不监管吗？"),
           ("wechat", "锦绣华庭一期网签拖了八个月，不是二期停工那个事，是我们一期没备案", "P"))),
M(HR, "深汕特别合作区", "鹅埠镇", "市公安局", "",
  C("lsf", ("visit", "反映其子女户口迁入深汕合作区鹅埠镇，派出所要求提供原籍无法开具的证明，来回跑了五趟。"),
           ("wechat", "鹅埠派出所办迁户，要开个什么无犯罪证明，老家派出所说不开这个，我来回跑五趟了"))),
M(CG, "南山区", "粤海街道", "区城市管理和综合执法局", "",
  C("hl", ("online", "科技园南区地铁口共享单车堆成山，盲道都堵死了，希望城管和企业定期清理。"))),
M(SC, "福田区", "福田街道", "市市场监督管理局", "",
  C("sm", ("email", "举报福田岗厦附近某医美机构无资质开展注射项目并虚假宣传，请市场监管和卫健部门联合查处。", "A"))),
M(JT, "龙华区", "民治街道", "市交通运输局", "",
  C("mj", ("phone", "民治大道地铁施工围挡占了两个车道，早晚高峰堵死，施工方说是交通局批的，请问批到什么时候？"),
          ("online", "反映民治大道轨道施工围挡长期占道且无交通疏导，请交通运输部门核查占道许可期限。"))),
M(HR, "南山区", "西丽街道", "市人力资源和社会保障局", "",
  C("cl", ("online", "2025年申请的新引进人才租房和生活补贴，审核通过显示'待发放'快半年了，咨询12345说等财政。"),
          ("miniprogram", "人才补贴一直待发放，半年了，没人给个准信"),
          ("phone", "再问人才租房补贴的事，之前网上提过，说在等财政拨款，没有具体时间。"))),
M(Z, "龙岗区", "园山街道", "区城市更新和土地整备局", "",
  C("lds", ("letter", "我是园山街道保安社区原住民，家里祖坟在土地整备范围内，迁坟补偿每穴只给三千元，远低于周边标准，街道不肯解释依据。", "P"),
           ("visit", "反映园山街道土地整备项目迁坟补偿标准过低（每穴3000元），要求公开补偿依据。"))),
M(HJ, "宝安区", "松岗街道", "市生态环境局", "",
  C("zxb", ("wechat", "松岗这边茅洲河支流晚上又有黑水排进来，臭得很，怀疑是旁边电镀厂偷排"),
           ("online", "举报宝安区松岗街道某电镀企业夜间偷排废水至茅洲河支流，请生态环境部门夜间突击检查。"),
           ("phone", "再次反映松岗电镀厂夜里偷排，前两次反映后没见有人来查。"))),
M(WS, "龙岗区", "布吉街道", "区卫生健康局", "",
  C("zh", ("miniprogram", "布吉那家牙科诊所的医生根本没执业证，给我妈装的牙冠掉了三次，举报到卫健没下文。"),
          ("email", "举报龙岗区布吉街道某口腔诊所由非卫生技术人员从事诊疗活动，已向区卫健局投诉，逾期未答复。"))),
M(MZ, "盐田区", "海山街道", "区残联", "",
  C("wxq", ("letter", "我儿子是二级智力残疾，今年的护理补贴从五月开始停了，社区说系统里查不到，请帮忙查一下。"))),
M(H, "福田区", "梅林街道", "市住房公积金管理中心", "tricky",
  C("lp", ("online", "申请租房提取公积金，材料齐全却以'租赁合同未备案'为由被拒，房东不肯配合备案，我有什么办法？公积金中心能不能给个替代方案？"),
          ("phone", "反映公积金中心以租赁合同未备案为由拒绝租房提取，房东不配合备案，问还有什么途径。"))),
M(L, "宝安区", "福海街道", "区人力资源局", "hn:same-employer-xindali",
  C("wxj", ("online", "我是鑫达利电子的员工，去年8月在车间压伤手指，工伤认定申请交上去四个多月了还没结论，跟厂里欠工资那批人不是一件事。"),
           ("miniprogram", "工伤认定拖了四个多月，材料都交齐了，宝安人力资源局一直说在调查", "P"))),
M(L, "宝安区", "西乡街道", "区人力资源局", "hn:same-employer-hengchang",
  C("mgy", ("wechat", "恒昌五金厂从来没给我们买社保，我在那做了三年包装，现在要生小孩了生育津贴领不了"),
           ("visit", "反映深圳市恒昌五金制品有限公司三年未为其参保，导致无法享受生育保险待遇，要求补缴。"))),
M(CG, "福田区", "沙头街道", "区城市管理和综合执法局", "hn:same-village-xiasha",
  C("lqs", ("phone", "下沙村里面的垃圾桶一个星期没人清，臭到不行，环卫公司是街道请的吧？"),
           ("online", "福田沙头街道下沙村内垃圾收运不及时，垃圾桶满溢一周无人清运，请城管部门督促环卫作业单位。", "d南山区"))),
M(QY, "南山区", "粤海街道", "市市场监督管理局", "",
  C("xjm", ("email", "我司在办理经营范围变更时，窗口一次性告知之外又先后三次要求补材料，前后拖了四十天，营商环境何在？"),
           ("superior", "市政府督查室转办：某科技公司反映市场监管部门办理变更登记多次要求补充材料、办理超时。"))),
M(ZF, "龙岗区", "吉华街道", "区城市管理和综合执法局", "",
  C("yxh", ("miniprogram", "吉华路上城管执法的时候把我的水果摊连秤一起收走，没开任何单据，去要也不给", "P"),
           ("visit", "反映吉华街道执法队员暂扣其摊点物品未出具清单，且态度粗暴，要求退还物品并调查执法人员。"),
           ("phone", "水果摊被收的事，上次来访后还是没退东西，队员也没人道歉。"))),
M(TY, "宝安区", "石岩街道", "区退役军人事务局", "",
  C("dzh", ("online", "我是自主就业退役士兵，申请一次性创业补贴，石岩退役军人服务站说名额满了，这种补贴还有名额限制？"),
           ("wechat", "退役士兵创业补贴被说名额满了，想问清楚政策"))),
M(JT, "福田区", "香蜜湖街道", "市交通运输局", "",
  C("kly", ("email", "香蜜湖路口公交站台去年拆除后一直没有恢复，附近老人要多走八百米，建议尽快恢复站点。", "N"),
           ("letter", "香蜜湖那个公交站拆了以后再也没装回来，老年人走路太远了，去年写过邮件，至今没回音。"))),
M(HR, "光明区", "公明街道", "市公安局", "",
  C("hyq", ("miniprogram", "居住证办了一个多月还没出来，公明派出所说系统问题，我孩子上学要用"),
           ("online", "反映在公明街道办理居住证逾期未发证，窗口称系统故障，影响子女入学申请，请尽快处理。"),
           ("phone", "居住证的事第三次反映，派出所还是让等。"))),
M(MZ, "罗湖区", "笋岗街道", "区民政局", "",
  C("lwz", ("letter", "我老伴去世后申请殡葬补贴，街道说要户籍地办，户籍地说要在深圳办，两边推了三个月。", "I"),
           ("visit", "反映申领殡葬补贴时户籍地与居住地相互推诿近三个月，要求明确办理机关。"))),
M(QY, "宝安区", "福永街道", "市中小企业服务局", "",
  C("cjl", ("online", "小微企业贷款贴息申请提交了五个月，平台上一直是'初审中'，打热线说会转办，然后就没然后了。"),
           ("email", "我司（福永某模具厂）申请中小企业贷款贴息已逾五个月未审核，请予督办。"))),
M(H, "罗湖区", "东湖街道", "市规划和自然资源局", "",
  C("ssp", ("visit", "反映东湖街道某小区原划定的绿地被规划调整为商业用地，未征求业主意见，要求公开规划调整程序。"),
           ("letter", "我们小区门口那块规划绿地，突然围起来说要建商场，规划局也没公示，我们老人家连散步的地方都没了。"))),
# ===== tricky petitions (court / arbitration / neighbour / landlord / property company, but the target is a government body)
M(CG, "龙华区", "观澜街道", "区城市管理和综合执法局", "tricky",
  C("tzm", ("online", "楼下那户在公共天井搭了个铁棚，挡住我家采光。我们自己谈不拢就算了，但我举报给城管三次，城管说是邻里矛盾不归他们管——违建难道不归城管管吗？"),
           ("visit", "反映观澜街道某自建楼公共天井违建铁棚，向区城管局举报三次未予查处，被告知属邻里矛盾，要求依法认定违建。"))),
M(ZF, "罗湖区", "南湖街道", "南湖派出所", "tricky",
  C("wj", ("visit", "反映其以投资名义被骗二十万元，南湖派出所认为属经济纠纷，让其去法院起诉，不予立案，要求公安机关立案侦查。"),
          ("email", "本人被他人以虚构投资项目骗取人民币200,000元，报案后派出所称是民事纠纷不予受理，我认为属诈骗，请求复查立案决定。"))),
M(H, "南山区", "南山街道", "市不动产登记中心", "tricky",
  C("dsh", ("visit", "法院判决那套房归我，判决早就生效了，拿着判决书去登记中心过户，窗口说要对方到场签字，这不合理。"),
           ("letter", "不动产登记中心对生效判决确权的房产拒绝办理转移登记，要求原产权人到场，请信访局督促依法办理。", "P"))),
M(L, "宝安区", "石岩街道", "区人力资源局", "tricky",
  C("lzy", ("online", "公司欠我工资两万三，老板自己也承认欠，劳动监察却叫我去申请仲裁，说不归他们管。这是欠薪，不是争议。"),
           ("phone", "反映石岩某公司欠薪23000元且用人单位认可，劳动监察不受理，要求其仲裁，请求督办监察执法。"))),
M(H, "福田区", "香蜜湖街道", "区住房和建设局", "tricky",
  C("zjg", ("email", "小区物业公司动用维修资金换电梯，没开业主大会表决。我们向福田区住建局书面举报两个多月，住建局既不查也不答复。"),
           ("visit", "反映区住建局对其小区违规使用专项维修资金的举报逾期未处理、未答复，要求住建部门履行监管职责。"))),
M(CG, "龙华区", "大浪街道", "大浪街道办事处", "tricky",
  C("lf", ("wechat", "房东把一套三房隔成十一间出租，楼道里全是电动车充电，向街道和消防反映过，来人看了一眼就走了"),
         ("online", "反映大浪街道某出租屋违规分隔群租、楼道电动车充电，存在严重消防隐患，街道接报后未督促整改，请求督办。"))),
M(L, "宝安区", "福永街道", "市社会保险基金管理局", "tricky",
  C("lzj", ("visit", "劳动仲裁已裁决公司为其补缴2019—2021年社保，持裁决书到社保部门办理，被告知超过追缴期不予办理，要求依法补缴。"),
           ("letter", "仲裁书都下了让公司给我补社保，社保局却说过了两年不给补，那仲裁还有什么用？请领导给个说法。"))),
M(ZF, "南山区", "沙河街道", "沙河街道司法所", "tricky",
  C("flp", ("online", "街道司法所的调解员在调解我家和隔壁漏水纠纷时收了对方的烟酒，调解书明显偏向对方。我反映的是调解员的作风问题。"),
           ("email", "实名反映沙河街道司法所调解人员收受当事人财物、调解不公，请纪检部门调查。"))),
M(JY, "坪山区", "龙田街道", "区教育局", "tricky",
  C("xl", ("miniprogram", "隔壁那家租了个空挂地址占学位，我向教育局实名举报，回复'查无问题'，可根本没人来核实过。"),
          ("phone", "反映向区教育局举报他人虚假租赁占用学位，教育局未实地核查即回复查无问题。"))),
# ===== non-petitions, individual
M(SS, "宝安区", "西乡街道", "", "",
  C("hzw", ("wechat", "朋友前年借了我五万块写了借条，现在微信拉黑不还了，你们能不能帮我找他要回来"),
           ("phone", "来电称朋友借款五万元不还，有借条，要求信访部门帮忙追讨。"))),
M(SS, "南山区", "西丽街道", "", "",
  C("lj", ("online", "退租时房东以墙面有污渍为由扣我押金六千，合同里写的是正常损耗不扣。希望政府帮我把押金要回来。"),
         ("miniprogram", "房东扣押金6000不退，合同写了正常损耗不扣，求帮忙"))),
M(SS, "龙岗区", "龙城街道", "", "",
  C("gxm", ("email", "本人与某装饰公司签订全包装修合同，合同价18.6万元，工期超三个月未完工，已付款八成，对方拒不退款也不施工。"),
           ("visit", "反映与装修公司合同纠纷，已付工程款约15万元，对方停工，要求政府出面解决。"),
           ("phone", "装修公司停工不退钱的事又来电，上次来访让他走司法途径，他不认可。"))),
M(SS, "罗湖区", "黄贝街道", "", "",
  C("cmh", ("letter", "我父亲去世留下一套黄贝岭的老房子，弟弟拿着房本不让我们姐妹三个分，说女儿嫁出去没份。请政府主持公道。"),
           ("visit", "反映其父遗留黄贝岭房产被兄弟独占，拒绝分割，要求政府出面处理。", "N"))),
M(SS, "光明区", "公明街道", "", "",
  C("wxy", ("wechat", "离婚的时候说好每个月给孩子两千抚养费，他已经八个月没给了，电话也不接"),
           ("online", "前夫拖欠子女抚养费八个月共计16000元，离婚协议有约定，请求帮助。"))),
M(SS, "福田区", "福田街道", "福田区人民法院", "",
  C("ygp", ("letter", "福田区法院对我的合同纠纷案判决不公，二审也维持了，我要求信访局撤销判决。"),
           ("visit", "对其合同纠纷案件二审判决不服，要求重新审理。"))),
M(SS, "龙华区", "观湖街道", "", "",
  C("tt", ("online", "我跟公司的工伤待遇争议去年十一月就申请仲裁了，开了两次庭还没出裁决，我想让信访局直接给我定个赔偿数。"),
          ("phone", "反映工伤待遇争议正在仲裁程序中，要求信访部门直接认定赔偿金额。"))),
M(SS, "宝安区", "福海街道", "", "",
  C("ph", ("phone", "电动车被小车撞了，对方保险公司只肯赔三千，医药费都不止一万，请政府帮我协调。"),
          ("wechat", "被撞那个事保险只赔3000，医药费一万二，对方司机也不管了", "P"))),
M(SS, "坪山区", "石井街道", "", "",
  C("qh", ("online", "在石井一个大排档跟人起冲突被打伤，派出所已经处理了，对方也被拘了，但医药费八千多一直不赔。"))),
M(SS, "龙岗区", "布吉街道", "", "",
  C("cli", ("email", "本人与朋友合伙开奶茶店，各出资15万元，对方私自把店转让后卷款失联，请求帮助追回投资款。"),
           ("visit", "反映与他人合伙经营奶茶店，合伙人私自转让店铺并拿走转让款，要求追回出资。"))),
M(SS, "南山区", "招商街道", "", "",
  C("ly3", ("online", "买二手房交了20万定金，房东涨价不卖了，定金只肯退一半，中介也不管，怎么办？"),
           ("phone", "二手房交易卖方违约不卖，定金二十万只退一半，问怎么处理。"))),
M(SS, "盐田区", "海山街道", "盐田区人民法院", "",
  C("ljx", ("letter", "我借给表哥30万，已经起诉了，法院也立案了，但他一直拖着不出庭，请政府督促一下。"),
           ("phone", "来电称借款纠纷已起诉立案，对方拖延，要求信访部门督促。"))),
M(SS, "南山区", "南山街道", "", "",
  C("hb", ("email", "我公司与供应商的货款争议经仲裁院裁决，我方认为仲裁员认定事实错误，请求贵局撤销该裁决。", "N"))),
M(SS, "福田区", "福保街道", "", "",
  C("wzp", ("online", "在保税区上班的公司把我辞退了，没给赔偿，我已经去申请劳动仲裁了，想问问信访这边能不能同时帮我处理？"))),
M(LL, "福田区", "园岭街道", "", "",
  C("mxz", ("letter", "楼上卫生间漏水渗到我家天花板，跟楼上讲了半年也不修，墙都发霉了，请政府管一管。"),
           ("visit", "反映楼上住户卫生间漏水渗至其家，协商半年未果。"))),
M(LL, "南山区", "蛇口街道", "", "",
  C("zt", ("wechat", "对门养了两条狗，白天晚上都叫，跟她说了好几次她反而骂人"),
          ("miniprogram", "对门住户养犬吠叫扰民，沟通无果，请求协调", "P"))),
M(LL, "龙华区", "民治街道", "", "",
  C("hw", ("online", "对门把鞋柜、纸箱堆满了楼道公共区域，还装了个铁门把半个走廊圈起来，说了也不听。"))),
M(LL, "罗湖区", "莲塘街道", "", "hn:one-person-two-fl",
  C("fl", ("wechat", "楼上邻居家小孩天天晚上十一点还在跑跳拍球，老人心脏不好受不了"),
          ("phone", "反映楼上住户夜间噪声（小孩跑跳）影响老人休息，协商未果。"))),
M(WY, "罗湖区", "莲塘街道", "", "hn:one-person-two-fl",
  C("fl", ("online", "另一个事情：小区管理处不让我在自己车位装充电桩，说要交五千块'配合费'才给报装。"),
          ("wechat", "装充电桩管理处要收5000配合费，这合理吗"))),
M(LL, "宝安区", "石岩街道", "", "",
  C("ygq", ("visit", "反映其与相邻村民宅基地边界争议，对方砌墙占用其约两米通道。"),
           ("letter", "隔壁老陈家砌围墙占了我家门口两米多的路，我年纪大了出入都不方便，村里调解了两次他都不认。"))),
M(LL, "龙岗区", "南湾街道", "", "",
  C("ty", ("online", "隔壁把空调外机装在正对我家卧室窗户的位置，热风直吹，噪音也大，商量过不肯挪。"),
          ("wechat", "隔壁空调外机对着我家窗户吹，说了不挪"))),
M(LL, "光明区", "光明街道", "", "",
  C("sj", ("miniprogram", "隔壁每天早晚在门口烧香烧纸，烟都飘进我家，孩子咳嗽，沟通过没用"))),
M(WY, "龙岗区", "坂田街道", "", "",
  C("gf", ("online", "小区管理处突然把管理费从2.8元涨到3.6元每平方，没开业主大会，也没公示成本。"),
          ("phone", "反映所在小区管理费上涨未经业主表决。"))),
M(WY, "南山区", "粤海街道", "", "",
  C("bx", ("wechat", "车停在小区地库被刮了一大条，监控说坏了，管理处一句不负责就完了"),
         ("email", "本人车辆在小区地下车库被刮，管理处称监控故障、不承担责任，请求协调赔偿。"))),
M(WY, "宝安区", "新安街道", "", "",
  C("sgq", ("letter", "我们那栋楼的电梯一个月坏了四次，有一次把老人关在里面半小时，管理公司就是不大修。"),
           ("visit", "反映所住楼栋电梯频繁故障，物业服务企业未及时维修。"))),
M(WY, "福田区", "梅林街道", "", "",
  C("pj", ("miniprogram", "管理处因为我跟他们有费用争议，把我家门禁卡停了，出入要保安开门，这是侵犯人身自由吧"),
          ("phone", "门禁卡被管理处停用的事，又来电，说情况没改变。"))),
M(WY, "罗湖区", "东晓街道", "", "",
  C("jhy", ("online", "装修完三个多月了，管理处还扣着我两千块装修押金不退，说要等他们验收，验收又一直不来。"),
           ("wechat", "装修押金2000管理处扣了三个月不退"))),
M(WY, "龙华区", "观湖街道", "", "",
  C("lhm", ("email", "我们小区业委会换届选举，现任管理公司一直阻挠，公告栏的选举通知被撕，请协调。", "A"))),
M(SS, "南山区", "蛇口街道", "", "",
  C("gzh", ("online", "在蛇口一家健身工作室被私教打伤腰椎，老板说是我自己动作不标准，只肯退剩下的课时费，医药费不管。"),
           ("phone", "反映健身训练中受伤，与工作室就医药费赔偿协商不成，要求协调。"))),
M(SS, "宝安区", "新桥街道", "", "",
  C("xmy", ("wechat", "我给一个私人老板做了三个月保姆，说好月薪七千，最后一个月一分没给，还说我偷东西", "P"),
          ("online", "本人为个人家庭提供住家保姆服务，雇主拖欠最后一个月报酬7000元并诬陷，请求帮助。"))),
M(SS, "龙岗区", "横岗街道", "", "",
  C("cxr", ("miniprogram", "网上认识的人借了我三万块说周转一周，现在人找不到了，有聊天记录和转账记录"))),
M(LL, "南山区", "南头街道", "", "",
  C("dh", ("wechat", "隔壁租户晚上打麻将到两三点，洗牌声隔墙听得一清二楚"),
         ("online", "反映隔壁出租屋住户夜间打麻将噪声扰民，多次敲门沟通无果。"))),
M(WY, "宝安区", "西乡街道", "", "",
  C("ms", ("online", "小区管理处把公共绿地改成收费停车位，收入去向不明，业主们问了不回应。"),
          ("wechat", "小区绿地改收费车位，钱到哪去了管理处也不说"))),
# ===== group matters
M(L, "宝安区", "福海街道", "区人力资源局", "group;hn:same-employer-xindali",
  C("mzh", ("visit", "集体来访（鑫达利电子厂工人）。蒙志华反映深圳市鑫达利电子有限公司拖欠其2月至4月工资共计16,800元，厂方已停产。", "G"),
           ("wechat", "鑫达利欠我们三个月工资，我那份一万六千八，去了信访局说转给人社局了，现在有进展吗")),
  C("wcy", ("visit", "与工友一同来访。本人韦春燕，鑫达利电子（福海）品检员，被欠工资一万二千四，老板说订单没回款。", "G")),
  C("lgh", ("visit", "随集体访到场，李国华，鑫达利电子机修，反映欠薪21000元（含3月加班费），要求查封厂内设备。", "G"),
           ("phone", "鑫达利欠薪的事，听说设备要被搬走了，他欠的两万一还没着落，请快点处理。")),
  C("hlp", ("visit", "黄丽萍，鑫达利电子厂流水线普工，被拖欠工资9800元，随工友集体来访。", "G")),
  C("qyq", ("visit", "覃永强反映：鑫达利电子有限公司欠薪一万四千五百元，厂长电话关机。系集体访成员之一。", "G"),
           ("online", "宝安福海鑫达利电子厂欠薪，本人14500元，上周已随大家一起去过信访局，厂里设备这两天被人夜里拉走了，请求紧急处理。")),
  C("mxl", ("visit", "莫秀兰（仓管），反映鑫达利电子拖欠其工资约一万一千元、未缴社保半年。随集体访来。", "G"))),
M(Z, "龙岗区", "平湖街道", "区城市更新和土地整备局", "group",
  C("csl", ("visit", "山厦旧改回迁户集体来访。陈水林：签约时承诺2024年底回迁，至今回迁房未竣工，过渡费也从今年起停发。", "G"),
           ("letter", "我是平湖山厦村的陈水林，回迁的事上个月跟大家一起去过，说两周答复，现在一个多月了。", "P")),
  C("cyf", ("visit", "陈月芳反映平湖山厦城市更新项目回迁严重逾期，其家被安置房屋两套，每月过渡费4,200元已停发三个月。", "G")),
  C("lwm", ("visit", "赖伟明，山厦村回迁户，反映回迁逾期一年半，开发商要求签补充协议放弃逾期违约金，不签就不给过渡费。", "G"),
           ("wechat", "山夏旧改开发商逼我们签补充协议放弃违约金，区更新局到底管不管")),
  C("cjh", ("visit", "陈锦辉：山厦更新项目回迁房至今未封顶，要求区更新局公开工程进度与监管资金情况。", "G")),
  C("hsy", ("visit", "何少英（老人，由女儿陪同）反映山厦旧改回迁无期，过渡费停发，每月三千六的房租自己垫付。", "G"),
           ("phone", "何少英女儿代为来电，问山厦回迁的集体访有没有书面答复。"))),
M(H, "光明区", "公明街道", "市不动产登记中心", "group",
  C("xwt", ("online", "公明中宏誉府2023年就交楼了，到现在业主拿不到房产证，开发商说土地出让金没补齐，这跟我们有什么关系？"),
           ("email", "关于光明区公明街道中宏·誉府项目交付三年未能办理不动产首次登记的反映，请规划和自然资源、不动产登记部门协调。")),
  C("lyn", ("wechat", "中宏誉府办不了证孩子上学积分受影响，住了快三年了", "P")),
  C("zqy", ("letter", "本人是中宏誉府7栋业主，交房至今三年无法办理产权证，开发商推给政府，政府推给开发商。"),
           ("online", "中宏誉府业主，产证问题写过信没回音，请求明确办证时间表。")),
  C("fjj", ("miniprogram", "中洪誉府业主，房产证三年没办下来，贷款抵押都受影响", "d宝安区"))),
M(HJ, "南山区", "西丽街道", "市生态环境局", "group",
  C("syz", ("phone", "西丽茶光那个垃圾转运站夏天臭得要命，我家离那里不到一百米。"),
           ("online", "西丽街道茶光片区垃圾转运站臭气外溢，除臭设施形同虚设，请求整改。")),
  C("gzh2", ("wechat", "茶光垃圾站每天早上五点就开始压缩作业，又吵又臭")),
  C("lj2", ("email", "建议对西丽茶光垃圾转运站进行全密闭改造并调整作业时间，目前臭味和噪声影响周边两个小区。"),
           ("miniprogram", "茶光垃圾站的事之前发过邮件，还是臭", "P"))),
M(JY, "龙华区", "民治街道", "区教育局", "group",
  C("ljy", ("online", "民治星辰幼儿园突然通知停办，我刚交了一学期保教费9600元，园长不接电话，教育局是审批部门，应当监管。"),
           ("phone", "星辰幼儿园停办的事，九千六的学费退不回来，问教育局有什么处理。")),
  C("tzx", ("wechat", "星辰幼儿园跑路了，我交的8400块怎么办，娃还要找地方读", "P")),
  C("whl", ("miniprogram", "民治星辰幼儿园停办，预交保教费一万零二百元未退，请区教育局牵头处理。"),
           ("email", "关于民治街道星辰幼儿园无预警停办、拒退预收保教费的反映（本人预交10200元）。")),
  C("ybw", ("online", "孩子在民治星辰幼儿园读中班，停办后被分流到的幼儿园离家太远，学费8800也没退。"))),
M(CG, "罗湖区", "东门街道", "区城市管理和综合执法局", "group",
  C("cyh", ("letter", "东门步行街后面的夜市摊档每晚噪音到凌晨，油烟大，我们住在上面的老人睡不着。"),
           ("visit", "陈永红反映东门夜市摊档经营至凌晨，噪声油烟扰民，之前来信未见处理。")),
  C("ldq", ("phone", "东门那个夜市，半夜一两点还在吆喝，城管是不管还是管不了？")),
  C("zyj", ("online", "罗湖区东门街道夜间摊档占道经营扰民，请城管部门规范经营时间。"),
           ("wechat", "东门夜市又吵到两点", "P"))),
M(JT, "坪山区", "马峦街道", "市交通运输局", "group",
  C("lkm", ("online", "马峦街道沙坣社区唯一的一条公交线路M462今年撤销了，老人看病要走四十分钟，请恢复线路。"),
           ("letter", "公交M462撤了以后我们沙坣的老人出门很难，网上提过了，回复说客流不足。")),
  C("hyz", ("phone", "马峦沙坣那里公交车停了，孙子上学都没车坐。")),
  C("wdc", ("wechat", "M462路取消了，沙坣村出行很不方便，希望恢复或加微循环", "P"))),
M(SC, "福田区", "华强北街道", "市市场监督管理局", "group",
  C("sxl", ("online", "华强北的力达健身突然闭店，我年卡刚续了3988元，市场监管局接了投诉只说'已登记'。"),
           ("wechat", "力达健身闭店跑路，年卡3988，投诉了只说已登记")),
  C("hgm", ("email", "华强北力达健身（华强北店）闭店失联，本人私教课余额12600元，请求市场监管部门依法处理预付卡问题。")),
  C("ljg", ("miniprogram", "力达健身华强北店关门了，我还有两年的会员，6500块")),
  C("ms2", ("phone", "华强北健身房跑路的事，她充了五千二，问市场监管有没有立案。"),
           ("online", "力达健身预付卡退款问题，上次电话反映后无进展，本人余额5200元。"))),
M(WY, "龙岗区", "布吉街道", "", "group",
  C("pyx", ("online", "翠湖苑管理处要每户分摊电梯大修费800元，账目不公开，不交就不给开门禁。"),
           ("phone", "布吉翠湖苑电梯维修分摊800元的事，想请政府出面让管理处公开账目。")),
  C("lzq", ("wechat", "翠湖苑每户摊800修电梯，管理处一张发票都拿不出来")),
  C("tch", ("miniprogram", "布吉翠湖苑的电梯维修费分摊不合理，我们三楼也要交八百", "P"))),
M(L, "龙华区", "观澜街道", "区人力资源局", "group",
  C("wdc2", ("visit", "观澜安置房项目农民工集体来访。吴德才：深圳市建鸿建设工程有限公司分包的钢筋班组欠薪，其本人38,000元，包工头失联。", "G"),
            ("phone", "吴德才来电，观澜建鸿工地欠薪集体访后，总包说要先核账，问何时发放。")),
  C("xjm2", ("visit", "谢家明，钢筋工，反映观澜建鸿工地欠薪二万六千元，随集体来访。", "G")),
  C("hw2", ("visit", "何文斌反映：观澜安置房项目（建鸿建设）拖欠其木工工钱三万一，班组长跑了，总包不认。", "G")),
  C("lzq2", ("visit", "黎志强，建鸿工地杂工，被欠一万九千元，和工友一起来访。", "G"),
            ("wechat", "观澜工地欠薪那个事，上次一起来过信访局，我那一万九还没着落", "P")),
  C("yhl", ("visit", "杨海龙反映观澜街道某安置房工地（建鸿建设）拖欠其工资两万八，总包以分包结算未完拒付。", "G"))),
]

# ---------------------------------------------------------------- derivation
NONPET = {"诉讼", "邻里纠纷", "物业纠纷"}
STOCK = ["诉讼", "起诉", "法院", "判决", "邻居", "物业", "物业公司"]
WORKCH = {"visit", "letter", "phone", "superior"}
GD_AREAS = {"440303", "440304", "440305", "440306", "440307", "440308", "440104", "440106", "440511",
            "441302", "441402", "441900", "440604", "441521", "440981", "441702", "445381", "440882",
            "441224", "445302", "445102"}
OPENID_PREFIX = "oQx7K"
START, END = dt.date(2026, 1, 5), dt.date(2026, 11, 28)
HOL = set()
for a, b in [("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"),
             ("06-19", "06-21"), ("09-25", "09-27"), ("10-01", "10-07")]:
    d = dt.date.fromisoformat("2026-" + a)
    while d <= dt.date.fromisoformat("2026-" + b):
        HOL.add(d); d += dt.timedelta(1)
def working(d): return d.weekday() < 5 and d not in HOL
def fwd(d):
    while not working(d): d += dt.timedelta(1)
    return d

rng = random.Random("xinfang-holdout6-2026")
PER = {}
for line in [l for l in PEOPLE.strip().splitlines() if l.strip()]:
    k, name, sex, year, area = line.split("|")
    PER[k] = dict(name=name, sex=sex, year=int(year), area=area)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check_digit(s17): return "10X98765432"[sum(int(c) * w for c, w in zip(s17, W)) % 11]
used_ph, used_oid = set(), set()
OIDCH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
for k in sorted(PER):
    p = PER[k]
    while True:
        ph = rng.choice(["138", "139", "135", "137", "150", "152", "158", "159", "186", "188", "189", "177", "199", "136"]) + "".join(rng.choice("0123456789") for _ in range(8))
        if ph not in used_ph: used_ph.add(ph); break
    bd = dt.date(p["year"], 1, 1) + dt.timedelta(rng.randrange(365))
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if p["sex"] == "M" else [0, 2, 4, 6, 8])
    s17 = p["area"] + bd.strftime("%Y%m%d") + "%03d" % seq
    while True:
        oid = OPENID_PREFIX + "".join(rng.choice(OIDCH) for _ in range(23))
        if oid not in used_oid: used_oid.add(oid); break
    p.update(phone=ph, id=s17 + check_digit(s17), openid=oid)

# matter base dates spread over the range in a seeded shuffled order
order = list(range(len(MATTERS))); rng.shuffle(order)
span = (dt.date(2026, 11, 8) - START).days
raw = []  # (datetime, matter index, person key, channel, text, flags)
for slot, mi in enumerate(order):
    m = MATTERS[mi]
    base = START + dt.timedelta(int(slot * span / len(order)) + rng.randrange(0, 4))
    for attempt in range(40):
        out = []; ok = True
        gday = fwd(base + dt.timedelta(12))
        for c in m["cases"]:
            prev = None
            start = base + dt.timedelta(rng.randrange(0, 8))
            for (ch, text, fl) in c["items"]:
                if "G" in fl:
                    d = gday
                    if prev and d <= prev: ok = False
                else:
                    d = start if prev is None else prev + dt.timedelta(rng.randrange(2, 15))
                    if prev is None and any("G" in x[2] for x in c["items"]):
                        d = gday - dt.timedelta(rng.randrange(3, 9))
                    if ch in WORKCH: d = fwd(d)
                if d > END: ok = False
                if ch in WORKCH:
                    mins = rng.randrange(510, 1080)
                else:
                    mins = rng.choice([rng.randrange(0, 1440), rng.randrange(420, 1380), rng.randrange(420, 1380)])
                t = dt.datetime(d.year, d.month, d.day, mins // 60, mins % 60)
                out.append((t, mi, c["pk"], ch, text, fl)); prev = d
        if ok: break
        base -= dt.timedelta(7)
    else:
        sys.exit("cannot place matter %d" % mi)
    raw.extend(out)
raw.sort(key=lambda r: (r[0], r[1], r[2]))

records, pid, mid = [], {}, {}
for i, (t, mi, pk, ch, text, fl) in enumerate(raw, 1):
    m, p = MATTERS[mi], PER[pk]
    pid.setdefault(pk, "np%d" % (len(pid) + 1)); mid.setdefault(mi, "nm%d" % (len(mid) + 1))
    phone = idn = oid = ""
    if ch == "visit":
        idn = p["id"]; phone = "" if "N" in fl else p["phone"]
    elif ch == "letter":
        phone = p["phone"] if "P" in fl else ""; idn = p["id"] if "I" in fl else ""
    elif ch in ("email", "online"):
        phone = "" if "N" in fl else p["phone"]
    elif ch in ("wechat", "miniprogram"):
        oid = p["openid"]; phone = p["phone"] if "P" in fl else ""
    elif ch == "phone":
        phone = p["phone"]
    elif ch == "superior":
        phone = p["phone"]; idn = p["id"]
    name = p["name"]
    if "A" in fl: phone = idn = oid = ""; name = ""
    dist = m["dist"]; street = m["street"]
    dm = re.search(r"d(\S+?区)", fl)
    if dm: dist = dm.group(1); street = ""
    elif rng.random() < 0.1: street = ""
    dept = m["dept"] if rng.random() < 0.75 else ""
    records.append({"external_id": "n-%04d" % i, "channel": ch,
                    "received_at": t.strftime("%Y-%m-%dT%H:%M:00+08:00"),
                    "name": name, "phone": phone, "id_number": idn, "openid": oid,
                    "district": dist, "street": street, "department": dept, "content": text,
                    "truth": {"person": pid[pk], "matter": mid[mi], "category": m["cat"],
                              "petition": m["cat"] not in NONPET}})
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases-holdout6.jsonl")
with open(OUT, "w", encoding="utf-8") as f:
    for r in records: f.write(json.dumps(r, ensure_ascii=False) + "\n")

# ---------------------------------------------------------------- validation (re-read the file)
errs = []
def need(c, msg):
    if not c: errs.append(msg)
rows = [json.loads(l) for l in open(OUT, encoding="utf-8")]
KEYS = ["external_id", "channel", "received_at", "name", "phone", "id_number", "openid", "district",
        "street", "department", "content", "truth"]
DISTS = {"福田区": "园岭 南园 福田 沙头 香蜜湖 梅林 莲花 华富 福保 华强北", "罗湖区": "桂园 黄贝 东门 翠竹 南湖 笋岗 东湖 莲塘 东晓 清水河",
         "南山区": "南头 南山 沙河 蛇口 招商 粤海 桃源 西丽", "盐田区": "沙头角 海山 盐田 梅沙",
         "宝安区": "新安 西乡 航城 福永 福海 沙井 新桥 松岗 燕罗 石岩", "龙岗区": "平湖 坪地 横岗 龙岗 龙城 坂田 布吉 南湾 吉华 宝龙 园山",
         "龙华区": "观湖 民治 龙华 大浪 福城 观澜", "坪山区": "坪山 马峦 碧岭 石井 坑梓 龙田", "光明区": "光明 公明 新湖 凤凰 玉塘 马田",
         "大鹏新区": "葵涌 大鹏 南澳", "深汕特别合作区": ""}
CHS = ["visit", "letter", "email", "online", "wechat", "miniprogram", "phone", "superior"]
prev_t = None
by_person = defaultdict(list); by_case = defaultdict(list); by_matter = defaultdict(set)
for i, r in enumerate(rows, 1):
    need(list(r) == KEYS, "key order %s" % r["external_id"])
    need(list(r["truth"]) == ["person", "matter", "category", "petition"], "truth keys")
    need(r["external_id"] == "n-%04d" % i, "external_id seq %d" % i)
    need(r["channel"] in CHS, "channel")
    t = dt.datetime.fromisoformat(r["received_at"])
    need(r["received_at"].endswith("+08:00"), "offset")
    need(START <= t.date() <= END, "range %s" % r["external_id"])
    need(prev_t is None or t >= prev_t, "chronological %s" % r["external_id"]); prev_t = t
    if r["channel"] in WORKCH:
        need(working(t.date()) and dt.time(8, 30) <= t.time() <= dt.time(18, 0), "working time %s" % r["external_id"])
    need(r["district"] in DISTS, "district")
    if r["street"] and r["district"] != "深汕特别合作区":
        need(r["street"][:-2] in DISTS[r["district"]].split(), "street %s %s" % (r["district"], r["street"]))
    if r["phone"]: need(re.fullmatch(r"1[3-9]\d{9}", r["phone"]) is not None, "phone fmt")
    if r["id_number"]:
        s = r["id_number"]
        need(re.fullmatch(r"\d{17}[\dX]", s) is not None and check_digit(s[:17]) == s[17], "id check %s" % s)
        need(s[:6] in GD_AREAS, "id area")
        bd = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        age = (t.date() - bd).days // 365
        need(18 <= age <= 90, "age %d" % age)
    if r["openid"]: need(len(r["openid"]) == 28 and r["openid"].startswith(OPENID_PREFIX) and re.fullmatch(r"[A-Za-z0-9_-]{28}", r["openid"]) is not None, "openid")
    ch = r["channel"]
    if ch == "visit": need(r["id_number"] != "", "visit without ID %s" % r["external_id"])
    if ch == "phone": need(r["phone"] != "", "phone item without phone")
    if ch in ("wechat", "miniprogram"): need(r["openid"] != "", "wechat without openid")
    else: need(r["openid"] == "", "openid on non-wechat channel")
    if ch in ("email", "online", "phone", "wechat", "miniprogram"): need(r["id_number"] == "", "ID on %s" % ch)
    tr = r["truth"]
    need(tr["petition"] == (tr["category"] not in NONPET), "petition vs category")
    by_person[tr["person"]].append(r); by_case[(tr["person"], tr["matter"])].append(r); by_matter[tr["matter"]].add(tr["person"])
need(len({r["content"] for r in rows}) == len(rows), "identical contents")
# ids numbered by first appearance
seen_p, seen_m = [], []
for r in rows:
    if r["truth"]["person"] not in seen_p: seen_p.append(r["truth"]["person"])
    if r["truth"]["matter"] not in seen_m: seen_m.append(r["truth"]["matter"])
need(seen_p == ["np%d" % i for i in range(1, len(seen_p) + 1)], "person numbering")
need(seen_m == ["nm%d" % i for i in range(1, len(seen_m) + 1)], "matter numbering")
# identity per person
for p, rs in by_person.items():
    for fld in ("phone", "id_number", "openid"):
        need(len({r[fld] for r in rs if r[fld]}) <= 1, "%s not unique for %s" % (fld, p))
    need(len({r["name"] for r in rs if r["name"]}) <= 1, "name for %s" % p)
for fld in ("phone", "id_number", "openid"):
    owner = {}
    for r in rows:
        if r[fld]:
            need(owner.setdefault(r[fld], r["truth"]["person"]) == r["truth"]["person"], "%s shared by two people" % fld)
# cases
group_m = {m for m, ps in by_matter.items() if len(ps) > 1}
for k, rs in by_case.items():
    need(1 <= len(rs) <= 4, "case size %s" % (k,))
    need(len({r["channel"] for r in rs}) == len(rs), "repeated channel in case %s" % (k,))
indiv = [k for k in by_case if k[1] not in group_m]
rep_share = sum(len(by_case[k]) > 1 for k in indiv) / len(indiv)
need(rep_share >= 0.70, "individual repeat share %.2f" % rep_share)
need(8 <= len(group_m) <= 12, "group matters %d" % len(group_m))
for m in group_m: need(3 <= len(by_matter[m]) <= 9, "group size %s" % m)
gv = Counter()
for r in rows:
    if r["channel"] == "visit" and r["truth"]["matter"] in group_m:
        gv[(r["truth"]["matter"], r["received_at"][:10])] += 1
big = [k for k, v in gv.items() if v >= 5]
need(len(big) >= 2, "group visits >=5 people on one day: %d" % len(big))
N = len(rows)
need(220 <= N <= 290, "item count %d" % N)
nonpet = [r for r in rows if not r["truth"]["petition"]]
np_share = len(nonpet) / N
need(0.22 <= np_share <= 0.28, "non-petition share %.3f" % np_share)
stock = [r for r in nonpet if any(w in r["content"] for w in STOCK)]
need(len(stock) <= len(nonpet) / 4, "stock-word non-petitions %d/%d" % (len(stock), len(nonpet)))
noid = [r for r in rows if not (r["phone"] or r["id_number"] or r["openid"])]
need(0.07 <= len(noid) / N <= 0.13, "no-identity share %.3f" % (len(noid) / N))
letters = [r for r in rows if r["channel"] == "letter"]
need(sum(1 for r in letters if r["phone"]) <= 0.30 * len(letters), "letters with phone")
eo = [r for r in rows if r["channel"] in ("email", "online")]
need(sum(1 for r in eo if r["phone"]) >= 0.6 * len(eo), "email/online usually with phone")
tricky = [m for m in MATTERS if "tricky" in m["tag"]]
need(8 <= len(tricky) <= 10, "tricky %d" % len(tricky))
hn = {t for m in MATTERS for t in m["tag"].split(";") if t.startswith("hn:")}
need(10 <= len(hn) <= 15, "hard-negative groups %d" % len(hn))
mdist = {}
for mi, m in enumerate(MATTERS): mdist[mid[mi]] = m["dist"]
off = [r for r in rows if r["district"] != mdist[r["truth"]["matter"]]]
need(len(off) >= 2, "district differs")
months = Counter(r["received_at"][:7] for r in rows)
need(len(months) == 11 and min(months.values()) >= 8, "spread over months %s" % dict(months))

# ---------------------------------------------------------------- summary
def table(title, cnt):
    print("\n" + title); [print("  %-18s %4d" % (k, v)) for k, v in sorted(cnt.items(), key=lambda x: -x[1])]
print("items %d, people %d, matters %d, cases %d" % (N, len(by_person), len(by_matter), len(by_case)))
table("by category", Counter(r["truth"]["category"] for r in rows))
table("by channel", Counter(r["channel"] for r in rows))
table("by month", months)
print("\npetition items %d, non-petition %d (%.1f%%)" % (N - len(nonpet), len(nonpet), 100 * np_share))
print("non-petition items with stock words: %d/%d (%.1f%%)" % (len(stock), len(nonpet), 100 * len(stock) / len(nonpet)))
print("items without identity: %d (%.1f%%)" % (len(noid), 100 * len(noid) / N))
print("letters with phone: %d/%d" % (sum(1 for r in letters if r["phone"]), len(letters)))
print("individual cases %d, repeated %.1f%%; case-size histogram %s" % (len(indiv), 100 * rep_share, dict(Counter(len(v) for v in by_case.values()))))
print("group matters %d, sizes %s; group visits >=5 people/day: %s" % (len(group_m), sorted(len(by_matter[m]) for m in group_m), [v for v in gv.values() if v >= 5]))
print("tricky petition matters %d; hard-negative groups %d; items with district differing from matter: %d" % (len(tricky), len(hn), len(off)))
if errs:
    print("\nVALIDATION FAILED:"); [print("  -", e) for e in sorted(set(errs))]; sys.exit(1)
print("\nall checks passed")
