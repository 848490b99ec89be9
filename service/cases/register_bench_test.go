package cases_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/files"
	"github.com/szxinfang/xinfang/store/pii"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

// A synthetic but realistic stream of submissions: common names, real districts and streets,
// a dozen kinds of matter with random companies, estates, roads, schools, amounts and years,
// so that name keys and text keys collide as they do in real data.
type itemGen struct {
	r         *rand.Rand
	districts []string
	streets   map[string][]string
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建文辉玲斌宇浩凯健俊帆鹏琳晨欣怡梅海波红新春林云峰")
	syllable = []rune("金华宏盛泰康达兴隆鑫源祥瑞丰海天龙凤锦绣翠景阳光明新月星城创科信鹏程安顺福佳和美欣荣嘉德")
)

func (g *itemGen) pick(rs []rune, n int) string {
	out := make([]rune, n)
	for i := range out {
		out[i] = rs[g.r.IntN(len(rs))]
	}
	return string(out)
}

func (g *itemGen) name() string { return g.pick(surnames, 1) + g.pick(given, 1+g.r.IntN(2)) }

func (g *itemGen) matter() (string, string) {
	co := "深圳市" + g.pick(syllable, 2) + []string{"建筑工程", "物流", "电子科技", "餐饮管理", "教育咨询", "装饰工程"}[g.r.IntN(6)] + "有限公司"
	estate := g.pick(syllable, 2) + []string{"花园", "新村", "大厦", "山庄", "苑"}[g.r.IntN(5)]
	road := g.pick(syllable, 2) + "路" + strconv.Itoa(1+g.r.IntN(3000)) + "号"
	switch g.r.IntN(10) {
	case 0:
		return fmt.Sprintf("我在%s工作，公司拖欠%d个月工资共%d元，多次讨要无果，请求劳动部门帮助追讨。", co, 1+g.r.IntN(8), 1000*(3+g.r.IntN(60))), "市人力资源和社会保障局"
	case 1:
		return fmt.Sprintf("%s旁边的工地（%s）每天凌晨%d点还在施工，噪音太大。希望环保部门处理。", road, co, 1+g.r.IntN(4)), "市生态环境局"
	case 2:
		return fmt.Sprintf("孩子申请%s小学学位被拒，积分计算有误，请求教育局重新核定学位申请。", g.pick(syllable, 2)), "市教育局"
	case 3:
		return fmt.Sprintf("我是%d年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇，请求帮助查找或重建档案。", 1980+g.r.IntN(30)), "市退役军人事务局"
	case 4:
		return fmt.Sprintf("%s开发商股权纠纷，房产证拖欠%d年至今未办，请求住建部门督促办理不动产登记。", estate, 2+g.r.IntN(20)), "市住房和建设局"
	case 5:
		return fmt.Sprintf("%s门口占道经营严重，垃圾堆积无人清理，请求城管部门整治。", road), "市城市管理和综合执法局"
	case 6:
		return fmt.Sprintf("申请人才引进落户，%s证明材料被退回%d次，每次理由都不一样，希望明确告知所需材料。", []string{"无犯罪记录", "学历", "社保"}[g.r.IntN(3)], 2+g.r.IntN(5)), "市公安局"
	case 7:
		return fmt.Sprintf("%s小区物业服务差，还要上调物业费%d成。希望管管这个物业。", estate, 1+g.r.IntN(9)), ""
	case 8:
		return fmt.Sprintf("我与%s的合同纠纷已在人民法院判决，对方应付%d万，但至今没有执行。请求督促法院执行。", co, 2+g.r.IntN(90)), ""
	default:
		return fmt.Sprintf("企业经营困难，%s的租金补贴申请提交%d个月仍未审批，请求经济部门加快办理。", co, 1+g.r.IntN(11)), "市工业和信息化局"
	}
}

func (g *itemGen) item(i int) cases.ItemInput {
	d := g.districts[g.r.IntN(len(g.districts))]
	streets := g.streets[d]
	content, dept := g.matter()
	in := cases.ItemInput{Channel: []string{"online", "letter", "visit", "phone", "email", "wechat", "miniprogram", "superior"}[g.r.IntN(8)],
		Name: g.name(), District: d, Street: streets[g.r.IntN(len(streets))], Department: dept, Content: content,
		ReceivedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 30 * time.Second)}
	if in.Channel != "letter" && in.Channel != "email" {
		in.Phone = fmt.Sprintf("1%d%09d", 3+g.r.IntN(7), g.r.IntN(1e9))
	}
	return in
}

// benchDB opens the benchmark database: a kept SQLite file or MySQL database, loaded once with
// n one-item cases (minutes) and reused by later runs.
func benchDB(b *testing.B, backend string, n int) *sqlstore.DB {
	b.Helper()
	ctx := context.Background()
	cipher, err := pii.NewCipher("b1:"+"QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=", "SUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUk=")
	if err != nil {
		b.Fatal(err)
	}
	var opts sqlstore.Options
	switch backend {
	case "sqlite":
		dir := os.Getenv("XF_BENCH_DIR")
		if dir == "" {
			dir = os.TempDir()
		}
		opts.SQLitePath = filepath.Join(dir, fmt.Sprintf("xf-bench-cases-%d.db", n))
	case "mysql":
		dsn := os.Getenv("XF_TEST_MYSQL_DSN")
		if dsn == "" {
			b.Skip("XF_TEST_MYSQL_DSN not set")
		}
		cfg, _ := mysql.ParseDSN(dsn)
		name := fmt.Sprintf("xf_test_bench_cases_%d", n)
		admin, err := sql.Open("mysql", dsn)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := admin.Exec("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4"); err != nil {
			b.Fatal(err)
		}
		admin.Close()
		cfg.DBName = name
		opts = sqlstore.Options{MySQLDSN: cfg.FormatDSN(), MaxOpenConns: 20, MaxIdleConns: 20, ConnMaxLifetime: time.Hour}
	}
	db, err := sqlstore.Open(ctx, opts, cipher, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, nil); err != nil {
		b.Fatal(err)
	}
	var have int
	db.QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&have)
	if have >= n {
		return db
	}
	svc := caseService(b, db, time.Now)
	g := &itemGen{r: rand.New(rand.NewPCG(1, uint64(have))), districts: keys(svc.Routing.Districts), streets: svc.Routing.Districts}
	start := time.Now()
	for have < n {
		batch := min(20000, n-have)
		rows := make([]sqlstore.BulkCase, 0, batch)
		for i := 0; i < batch; i++ {
			p, err := svc.Prepare(g.item(have + i))
			if err != nil {
				b.Fatal(err)
			}
			c, it, ks := svc.Bulk(p)
			rows = append(rows, sqlstore.BulkCase{Case: c, Item: it, Keys: ks})
		}
		if err := db.BulkLoadCases(ctx, rows); err != nil {
			b.Fatal(err)
		}
		have += batch
		b.Logf("loaded %d cases (%s)", have, time.Since(start).Round(time.Second))
	}
	return db
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func caseService(tb testing.TB, db *sqlstore.DB, now func() time.Time) *cases.Service {
	data := servicetest.Data(tb)
	return &cases.Service{Store: sqlstore.Cases{DB: db}, Routing: data.Routing, Rules: data.Deadlines, Templates: servicetest.Templates(tb), Hash: db.PII.BlindIndex, Now: now, Log: servicetest.Discard,
		Files: files.DiskFiles{Dir: os.TempDir()}, PersonCap: 200, NameCap: 50, TextCap: 20}
}

// BenchmarkRegister registers new submissions with full duplicate checking against
// XF_BENCH_CASES stored cases (default 1,000,000; loaded once, kept for later runs) and reports
// the p50/p99 latency of one registration. Run:
//
//	go test ./service/cases -run XXX -bench Register -benchtime 2000x -timeout 2h
func BenchmarkRegister(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("XF_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	for _, backend := range []string{"sqlite", "mysql"} {
		b.Run(fmt.Sprintf("%s-%d", backend, n), func(b *testing.B) {
			db := benchDB(b, backend, n)
			svc := caseService(b, db, time.Now)
			g := &itemGen{r: rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano()))), districts: keys(svc.Routing.Districts), streets: svc.Routing.Districts}
			// One in five submissions repeats an earlier matter of the stream (a merge).
			var earlier []cases.ItemInput
			ctx := service.SystemActor(context.Background(), "bench")
			lat := make([]time.Duration, 0, b.N)
			merged := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in := g.item(n + i)
				if len(earlier) > 0 && g.r.IntN(5) == 0 {
					in = earlier[g.r.IntN(len(earlier))]
					in.Channel = "visit"
				} else {
					earlier = append(earlier, in)
				}
				in.ReceivedAt = time.Now()
				start := time.Now()
				res, err := svc.Register(ctx, in)
				lat = append(lat, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if res.Merged {
					merged++
				}
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
			b.ReportMetric(float64(p(0.5).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(merged)/float64(b.N), "merged/op")
		})
	}
}
