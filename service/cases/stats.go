package cases

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// StatCase is what the statistics read of one case (a petition, not merged or screened out).
type StatCase struct {
	Office, District, Category, Channel, Status string
	ReceivedAt, RepliedAt                       time.Time
	Satisfaction                                string
	// The 告知是否受理 and 办结答复 deadlines (empty Due when the case has none).
	AcceptDue, ReplyDue     service.Date
	AcceptState, ReplyState string
	AcceptMetAt, ReplyMetAt time.Time
}

// StatsQuery selects the cases received from From to To (Beijing dates, inclusive) and the
// dimension to break them down by.
type StatsQuery struct {
	From service.Date `json:"from"`
	To   service.Date `json:"to"`
	By   string       `json:"by"`
}

// Stats dimensions.
var StatsDimensions = map[string]string{"": "合计", "office": "承办处室", "district": "属地", "category": "事项类别",
	"channel": "登记渠道", "month": "月份"}

// StatsRow is the four assessment indicators and the rest for one group of cases. A rate is
// null when its denominator is zero.
type StatsRow struct {
	Key  string `json:"key"`
	Name string `json:"name"`

	Received int `json:"received"`
	// 及时受理率 = AcceptedOnTime / AcceptDecidable.
	AcceptDecidable   int      `json:"accept_decidable"`
	AcceptedOnTime    int      `json:"accepted_on_time"`
	TimelyAcceptance  *float64 `json:"timely_acceptance_rate"`
	ReplyDecidable    int      `json:"reply_decidable"`
	RepliedOnTime     int      `json:"replied_on_time"`
	OnTimeCompletion  *float64 `json:"on_time_completion_rate"`
	Replied           int      `json:"replied"`
	Rated             int      `json:"rated"`
	Satisfied         int      `json:"satisfied"`
	Satisfaction      *float64 `json:"satisfaction_rate"`
	Participation     *float64 `json:"participation_rate"`
	Overdue           int      `json:"overdue"`
	AvgHandlingDays   *float64 `json:"avg_handling_days"`
	handlingDaysTotal float64
}

// Stats is the statistics of a period, with the definitions of each figure.
type Stats struct {
	From        service.Date      `json:"from"`
	To          service.Date      `json:"to"`
	By          string            `json:"by"`
	AsOf        time.Time         `json:"as_of"`
	Total       StatsRow          `json:"total"`
	Rows        []StatsRow        `json:"rows"`
	Definitions map[string]string `json:"definitions"`
}

// StatsDefinitions say how each figure is counted; the staff pages print them beside the figures.
var StatsDefinitions = map[string]string{
	"received":                "统计期内收到（按首次收到日期，北京时间）的信访事项件数；已合并到其他事项的、经筛查不属于信访事项的不计。",
	"timely_acceptance_rate":  "及时受理率 = 在“告知是否受理”期限内作出受理或不予受理决定的件数 ÷ 期限已到或已作决定的件数。",
	"on_time_completion_rate": "按期办结率 = 在办结答复期限（含经批准的延期）内出具答复意见的件数 ÷ 答复期限已到或已答复的件数。",
	"satisfaction_rate":       "群众满意率 = 评价为“满意”或“基本满意”的件数 ÷ 参加评价的件数。",
	"participation_rate":      "参评率 = 参加满意度评价的件数 ÷ 已出具答复意见的件数。",
	"overdue":                 "逾期未办件数：截至统计时刻，“告知是否受理”或“办结答复”期限已过而仍未办理的件数。",
	"avg_handling_days":       "平均办理天数：已答复事项从收到到出具答复意见的平均自然日数。",
}

// Stats computes the assessment indicators of the cases received in q's period, in total and by
// q.By, as of now. Registrars, leaders and supervisors only.
func (s *Service) Stats(ctx context.Context, q StatsQuery) (*Stats, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor); err != nil {
		return nil, err
	}
	now := s.Now()
	if q.To == "" {
		q.To = service.DateOf(now)
	}
	if q.From == "" {
		q.From = q.To.AddDays(-q.To.Time().Day() + 1)
	}
	if _, err := service.ParseDate(string(q.From)); err != nil {
		return nil, service.Invalid("from", "起始日期格式应为 2026-12-01")
	}
	if _, err := service.ParseDate(string(q.To)); err != nil {
		return nil, service.Invalid("to", "截止日期格式应为 2026-12-01")
	}
	if q.From > q.To {
		return nil, service.Invalid("from", "起始日期不能晚于截止日期")
	}
	if q.To.Time().Sub(q.From.Time()) > 366*24*time.Hour {
		return nil, service.Invalid("to", "统计期不能超过一年")
	}
	if _, ok := StatsDimensions[q.By]; !ok {
		return nil, service.Invalid("by", "分组须为 office、district、category、channel 或 month")
	}
	out := &Stats{From: q.From, To: q.To, By: q.By, AsOf: now, Definitions: StatsDefinitions, Total: StatsRow{Key: "", Name: "合计"}}
	groups := map[string]*StatsRow{}
	today := service.DateOf(now)
	err := s.Store.StatCases(ctx, q.From.At("00:00"), q.To.AddDays(1).At("00:00"), func(c *StatCase) error {
		out.Total.add(c, today)
		if q.By == "" {
			return nil
		}
		key := s.statKey(c, q.By)
		g := groups[key]
		if g == nil {
			g = &StatsRow{Key: key, Name: s.statName(key, q.By)}
			groups[key] = g
		}
		g.add(c, today)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Total.finish()
	out.Rows = []StatsRow{}
	for _, g := range groups {
		g.finish()
		out.Rows = append(out.Rows, *g)
	}
	sort.Slice(out.Rows, func(i, j int) bool { return out.Rows[i].Key < out.Rows[j].Key })
	return out, nil
}

func (s *Service) statKey(c *StatCase, by string) string {
	switch by {
	case "office":
		return c.Office
	case "district":
		return c.District
	case "category":
		return c.Category
	case "channel":
		return c.Channel
	case "month":
		return string(service.DateOf(c.ReceivedAt))[:7]
	}
	return ""
}

func (s *Service) statName(key, by string) string {
	switch by {
	case "office":
		if o, ok := s.Routing.Units.Office(key); ok {
			return o.Name
		}
	case "channel":
		if n, ok := ChannelNames[key]; ok {
			return n
		}
	}
	if key == "" {
		return "未填写"
	}
	return key
}

// add counts case c into the row, as of today.
func (r *StatsRow) add(c *StatCase, today service.Date) {
	r.Received++
	overdue := false
	if c.AcceptDue != "" {
		switch {
		case c.AcceptState == DeadlineMet:
			r.AcceptDecidable++
			if service.DateOf(c.AcceptMetAt) <= c.AcceptDue {
				r.AcceptedOnTime++
			}
		case c.AcceptState == DeadlineOpen && today > c.AcceptDue:
			r.AcceptDecidable++
			overdue = true
		}
	}
	if c.ReplyDue != "" {
		switch {
		case c.ReplyState == DeadlineMet:
			r.ReplyDecidable++
			if service.DateOf(c.ReplyMetAt) <= c.ReplyDue {
				r.RepliedOnTime++
			}
		case c.ReplyState == DeadlineOpen && today > c.ReplyDue:
			r.ReplyDecidable++
			overdue = true
		}
	}
	if overdue {
		r.Overdue++
	}
	if !c.RepliedAt.IsZero() {
		r.Replied++
		r.handlingDaysTotal += float64(c.RepliedAt.Sub(c.ReceivedAt)) / float64(24*time.Hour)
		if c.Satisfaction != "" {
			r.Rated++
			if c.Satisfaction == "satisfied" || c.Satisfaction == "basically" {
				r.Satisfied++
			}
		}
	}
}

func (r *StatsRow) finish() {
	r.TimelyAcceptance = ratio(r.AcceptedOnTime, r.AcceptDecidable)
	r.OnTimeCompletion = ratio(r.RepliedOnTime, r.ReplyDecidable)
	r.Satisfaction = ratio(r.Satisfied, r.Rated)
	r.Participation = ratio(r.Rated, r.Replied)
	if r.Replied > 0 {
		v := math.Round(r.handlingDaysTotal/float64(r.Replied)*10) / 10
		r.AvgHandlingDays = &v
	}
}

// ratio is n/d rounded to four places, nil when d is zero.
func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := math.Round(float64(n)/float64(d)*10000) / 10000
	return &v
}

// DayCount is how many items came on one day through one channel.
type DayCount struct {
	Day     service.Date `json:"day"`
	Channel string       `json:"channel"`
	Items   int          `json:"items"`
}

// Flow is the dashboard's count of what came in: items per day by channel, and the duplicates
// merged (automatically or by a registrar, not undone).
type Flow struct {
	Days   []DayCount `json:"days"`
	Merged int        `json:"merged"`
	Items  int        `json:"items"`
}

// Flow counts the items received in q's period. Registrars, leaders and supervisors only.
func (s *Service) Flow(ctx context.Context, from, to service.Date) (*Flow, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor); err != nil {
		return nil, err
	}
	days, merged, err := s.Store.ItemCounts(ctx, from.At("00:00"), to.AddDays(1).At("00:00"))
	if err != nil {
		return nil, err
	}
	f := &Flow{Days: days, Merged: merged}
	for _, d := range days {
		f.Items += d.Items
	}
	return f, nil
}
