package handler

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/handler/svgchart"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
)

// The dashboard: the seed's figures and the regulation's indicators for a period, as charts read
// at a glance (SVG drawn on the server) each followed by its numbers in a table.

type dashboardPage struct {
	From, To   service.Date
	Flow       *cases.Flow
	Bookings   booking.Stats
	Stats      *cases.Stats
	ByOffice   *cases.Stats
	Channels   []option
	Days       []service.Date
	PerDay     map[service.Date]map[string]int
	DayTotal   map[service.Date]int
	ChTotal    map[string]int
	ItemsChart template.HTML
	FunnelSVG  template.HTML
	RatesChart template.HTML
	Overdue    template.HTML
}

func (s *Server) dashboardPage(c *gin.Context) {
	ctx := c.Request.Context()
	today := service.DateOf(s.Now())
	d := dashboardPage{From: service.Date(c.Query("from")), To: service.Date(c.Query("to"))}
	if d.To == "" {
		d.To = today
	}
	if d.From == "" {
		d.From = d.To.AddDays(-29)
	}
	var err error
	if d.Stats, err = s.Cases.Stats(ctx, cases.StatsQuery{From: d.From, To: d.To}); err != nil {
		s.staffPageError(c, "admin_dashboard", "统计", d, err)
		return
	}
	if d.ByOffice, err = s.Cases.Stats(ctx, cases.StatsQuery{From: d.From, To: d.To, By: "office"}); err != nil {
		s.errorPage(c, err)
		return
	}
	if d.Flow, err = s.Cases.Flow(ctx, d.From, d.To); err != nil {
		s.errorPage(c, err)
		return
	}
	if d.Bookings, err = s.Booking.Stats(ctx, d.From, d.To); err != nil {
		s.errorPage(c, err)
		return
	}
	// Items per day by channel: every day of the period, channels that occur.
	d.PerDay, d.DayTotal, d.ChTotal = map[service.Date]map[string]int{}, map[service.Date]int{}, map[string]int{}
	for _, x := range d.Flow.Days {
		if d.PerDay[x.Day] == nil {
			d.PerDay[x.Day] = map[string]int{}
		}
		d.PerDay[x.Day][x.Channel] += x.Items
		d.DayTotal[x.Day] += x.Items
		d.ChTotal[x.Channel] += x.Items
	}
	for day := d.From; day <= d.To && len(d.Days) < 370; day = day.AddDays(1) {
		d.Days = append(d.Days, day)
	}
	for _, o := range s.caseOptions().Channels {
		if d.ChTotal[o.Value] > 0 {
			d.Channels = append(d.Channels, o)
		}
	}
	items := svgchart.Bars{Title: "每日收到件数（按渠道）", Stacked: true}
	for _, day := range d.Days {
		items.Labels = append(items.Labels, string(day)[5:])
	}
	for _, ch := range d.Channels {
		sr := svgchart.Series{Name: ch.Label}
		for _, day := range d.Days {
			sr.Values = append(sr.Values, float64(d.PerDay[day][ch.Value]))
		}
		items.Series = append(items.Series, sr)
	}
	d.ItemsChart = items.SVG()
	b := d.Bookings
	d.FunnelSVG = svgchart.Funnel{Title: "预约到来访", Stages: []svgchart.Stage{{Name: "预约", Value: float64(b.Bookings)},
		{Name: "已审核", Value: float64(b.Reviewed)}, {Name: "来访接待", Value: float64(b.Visited)},
		{Name: "分流、化解", Value: float64(b.Diverted + b.Resolved)}}}.SVG()
	rates := svgchart.Bars{Title: "四项指标（按承办处室）", Percent: true}
	for _, name := range []string{"及时受理率", "按期办结率", "群众满意率", "参评率"} {
		rates.Series = append(rates.Series, svgchart.Series{Name: name})
	}
	overdue := svgchart.Bars{Title: "逾期未办件数（按承办处室）", Series: []svgchart.Series{{Name: "逾期"}}}
	for _, r := range d.ByOffice.Rows {
		rates.Labels = append(rates.Labels, r.Name)
		overdue.Labels = append(overdue.Labels, r.Name)
		for i, v := range []*float64{r.TimelyAcceptance, r.OnTimeCompletion, r.Satisfaction, r.Participation} {
			rates.Series[i].Values = append(rates.Series[i].Values, orZero(v))
		}
		overdue.Series[0].Values = append(overdue.Series[0].Values, float64(r.Overdue))
	}
	d.RatesChart, d.Overdue = rates.SVG(), overdue.SVG()
	s.staffPage(c, http.StatusOK, "admin_dashboard", "统计", d)
}

func orZero(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
