package svgchart

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
)

// FontFamily is set on the root element: Chinese UI fonts first, then the CJK fallback found on
// Linux servers.
const FontFamily = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif"

// NoData is the text drawn instead of a chart when there is nothing to show.
const NoData = "暂无数据"

// palette: the Okabe–Ito colours, each darkened (in linear light, keeping its hue) until it has
// a contrast of at least 3:1 against white (WCAG 2 non-text contrast), and tuned so that every
// pair stays clearly apart (CIELAB ΔE ≥ 20) for normal, protan and deutan vision. Yellow and
// black are left out: yellow only reaches 3:1 as olive, black is too heavy for bars.
var palette = [...]string{
	"#00598c", // blue (Okabe–Ito #0072B2, darkened to stay apart from sky blue)
	"#c38600", // orange (#E69F00)
	"#009e73", // bluish green (unchanged)
	"#9c4300", // vermillion (#D55E00)
	"#72415c", // reddish purple (#CC79A7)
	"#499ac8", // sky blue (#56B4E9)
}

// Palette returns the series colours in order: series i is drawn in Palette()[i%6] and carries
// the class "s<i%6>".
func Palette() []string { return append([]string(nil), palette[:]...) }

// Series is one named row of values, one value per label.
type Series struct {
	Name   string
	Values []float64
}

// Bars is a vertical bar chart: one group per label, one bar per series in the group
// (Stacked draws the series on top of each other instead).
//
// A series with fewer values than labels counts the missing ones as 0; extra values are
// ignored. Negative values are drawn as empty bars (the axis starts at 0) but keep their value
// in the bar's title. With Percent, bars above 100% are cut at the top of the axis.
type Bars struct {
	Title   string   // shown as <title>, and used for aria-label
	Desc    string   // optional longer description, <desc>; generated from the data when empty
	Labels  []string // x axis: e.g. dates "12-01", office names "协调化解一处"
	Series  []Series
	Stacked bool
	Percent bool // values are ratios 0..1: axis and value labels as "85.0%", axis fixed 0–100%
	// Width, Height give the viewBox (default 720 x 320); CSS scales the chart.
	Width, Height int
	// ID prefixes the ids of <title> and <desc>; when empty one is made from a hash of the
	// title and a counter, unique within the process.
	ID string
}

// Funnel is a horizontal funnel of decreasing stages, e.g. 预约 216 → 来访 80 → 分流 40. Each
// stage after the first shows its value and its share of the first stage: "80（37.0%）".
type Funnel struct {
	Title  string
	Stages []Stage
	Width  int    // default 720; height follows the number of stages
	Desc   string // optional; generated from the stages when empty
	ID     string // as Bars.ID
}

// Stage is one step of a Funnel.
type Stage struct {
	Name  string
	Value float64
}

const (
	defaultWidth  = 720
	defaultHeight = 320
	minWidth      = 240
	minHeight     = 160
	maxSize       = 4000

	textFill  = "#333333" // 12.6:1 on white
	mutedFill = "#595959" // 7:1
	gridColor = "#e0e0e0" // decorative
	axisColor = "#767676" // 4.5:1

	fontSize  = 12.0
	valueSize = 11.0
)

// SVG renders the chart as an inline <svg> element (safe to embed in html/template).
func (b Bars) SVG() template.HTML {
	w := clampSize(b.Width, defaultWidth, minWidth)
	h := clampSize(b.Height, defaultHeight, minHeight)
	n, ns := len(b.Labels), len(b.Series)

	vals := make([][]float64, ns)
	allZero := true
	for s, sr := range b.Series {
		vals[s] = make([]float64, n)
		for i := 0; i < n && i < len(sr.Values); i++ {
			vals[s][i] = finite(sr.Values[i])
			if vals[s][i] != 0 {
				allZero = false
			}
		}
	}
	empty := n == 0 || ns == 0 || allZero

	title := orDefault(b.Title, "柱状图")
	desc := b.Desc
	if strings.TrimSpace(desc) == "" {
		desc = b.describe(vals, empty)
	}
	c := begin(chartID(b.ID, title), w, h, title, desc)
	if empty {
		c.noData(w, h)
		return c.end()
	}

	// y axis
	var ax axis
	if b.Percent {
		ax = axis{step: 0.2, count: 5, decimals: 0, percent: true}
	} else {
		max, integer := 0.0, true
		for i := 0; i < n; i++ {
			sum := 0.0
			for s := range vals {
				v := vals[s][i]
				if v != math.Trunc(v) {
					integer = false
				}
				if b.Stacked {
					sum += math.Max(v, 0)
				} else {
					max = math.Max(max, v)
				}
			}
			max = math.Max(max, sum)
		}
		ax = niceAxis(max, integer)
	}
	top := ax.top()
	tickLabels := make([]string, ax.count+1)
	labelW := 0.0
	for k := range tickLabels {
		tickLabels[k] = ax.label(float64(k) * ax.step)
		labelW = math.Max(labelW, textWidth(tickLabels[k], fontSize))
	}

	left := 10 + labelW + 6
	right := float64(w) - 16
	plotW := right - left

	// legend, above the plot, wrapping
	type key struct {
		x, y float64
		name string
		s    int
	}
	var legend []key
	y0 := 12.0
	if ns > 1 {
		x, y := left, y0
		for s := range b.Series {
			name := truncate(seriesName(b.Series, s), 200, fontSize)
			iw := 10 + 5 + textWidth(name, fontSize)
			if x > left && x+iw > right {
				x, y = left, y+20
			}
			legend = append(legend, key{x, y, name, s})
			x += iw + 20
		}
		y0 = y + 20 + 4
	}
	plotTop := y0 + 16 // room for the value label of the highest bar
	plotBottom := float64(h) - 30
	plotH := plotBottom - plotTop
	scale := func(v float64) float64 { return math.Min(math.Max(v, 0), top) / top * plotH }

	// gridlines and tick labels
	c.printf(`<g class="grid" stroke="%s" stroke-width="1" shape-rendering="crispEdges">`, gridColor)
	for k := 1; k <= ax.count; k++ {
		y := plotBottom - float64(k)*ax.step/top*plotH
		c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(left), num(y), num(right), num(y))
	}
	c.printf(`</g><g class="y-axis" fill="%s" font-size="%s" text-anchor="end">`, textFill, num(fontSize))
	for k, l := range tickLabels {
		y := plotBottom - float64(k)*ax.step/top*plotH
		c.printf(`<text x="%s" y="%s">%s</text>`, num(left-6), num(y+4), esc(l))
	}
	c.printf(`</g>`)

	// bars
	gw := plotW / float64(n)
	inner := gw * 0.8
	gap, barW := 0.0, 0.0
	if b.Stacked {
		barW = math.Min(inner, 64)
	} else {
		if inner/float64(ns) >= 8 {
			gap = 2
		}
		barW = math.Min((inner-gap*float64(ns-1))/float64(ns), 48)
	}
	groupW := barW
	if !b.Stacked {
		groupW = barW*float64(ns) + gap*float64(ns-1)
	}
	type valueLabel struct {
		x, y float64
		text string
	}
	var valueLabels []valueLabel
	c.printf(`<g class="bars">`)
	for i, label := range b.Labels {
		x0 := left + float64(i)*gw + (gw-groupW)/2
		stackTop, total := plotBottom, 0.0
		for s := range b.Series {
			v := vals[s][i]
			x, bh := x0+float64(s)*(barW+gap), scale(v)
			y := plotBottom - bh
			if b.Stacked {
				x, total = x0, total+math.Max(v, 0)
				bh = scale(total) - (plotBottom - stackTop)
				y = stackTop - bh
				stackTop = y
			}
			tip := label + "：" + b.format(v)
			if ns > 1 || strings.TrimSpace(b.Series[s].Name) != "" {
				tip = label + " · " + seriesName(b.Series, s) + "：" + b.format(v)
			}
			stroke := ""
			if b.Stacked {
				stroke = ` stroke="#ffffff" stroke-width="1"`
			}
			c.printf(`<rect class="s%d" x="%s" y="%s" width="%s" height="%s" fill="%s"%s><title>%s</title></rect>`,
				s%len(palette), num(x), num(y), num(barW), num(bh), palette[s%len(palette)], stroke, esc(tip))
			if !b.Stacked {
				if t := b.format(v); textWidth(t, valueSize) <= barW+gap+1 {
					valueLabels = append(valueLabels, valueLabel{x + barW/2, y - 4, t})
				}
			}
		}
		if b.Stacked {
			if t := b.format(total); textWidth(t, valueSize) <= gw-2 {
				valueLabels = append(valueLabels, valueLabel{x0 + barW/2, stackTop - 4, t})
			}
		}
	}
	c.printf(`</g>`)
	c.printf(`<line class="baseline" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1" shape-rendering="crispEdges"/>`,
		num(left), num(plotBottom), num(right), num(plotBottom), axisColor)
	if len(valueLabels) > 0 {
		c.printf(`<g class="values" fill="%s" font-size="%s" text-anchor="middle">`, textFill, num(valueSize))
		for _, l := range valueLabels {
			c.printf(`<text x="%s" y="%s">%s</text>`, num(l.x), num(l.y), esc(l.text))
		}
		c.printf(`</g>`)
	}

	// x labels: every k-th when crowded, cut to the room they have
	every := 1
	if n > 14 {
		every = (n + 13) / 14
	}
	c.printf(`<g class="x-axis" fill="%s" font-size="%s" text-anchor="middle">`, textFill, num(fontSize))
	for i := 0; i < n; i += every {
		cx := left + (float64(i)+0.5)*gw
		room := math.Min(gw*float64(every)-6, 2*math.Min(cx-4, float64(w)-4-cx))
		if t := truncate(b.Labels[i], room, fontSize); t != "" {
			c.printf(`<text x="%s" y="%s">%s</text>`, num(cx), num(plotBottom+18), esc(t))
		}
	}
	c.printf(`</g>`)

	if len(legend) > 0 {
		c.printf(`<g class="legend" fill="%s" font-size="%s">`, textFill, num(fontSize))
		for _, k := range legend {
			c.printf(`<rect class="s%d" x="%s" y="%s" width="10" height="10" fill="%s"/><text x="%s" y="%s">%s</text>`,
				k.s%len(palette), num(k.x), num(k.y+1), palette[k.s%len(palette)], num(k.x+15), num(k.y+10), esc(k.name))
		}
		c.printf(`</g>`)
	}
	return c.end()
}

// format is a bar's value as shown: "216", "3.5" or "85.0%".
func (b Bars) format(v float64) string {
	if b.Percent {
		return formatPercent(v)
	}
	return formatNumber(v)
}

// describe summarises the chart for <desc> when no description is given.
func (b Bars) describe(vals [][]float64, empty bool) string {
	if empty {
		return NoData
	}
	var d strings.Builder
	d.WriteString("柱状图")
	if b.Stacked {
		d.WriteString("（堆叠）")
	}
	n := len(b.Labels)
	fmt.Fprintf(&d, "，%d 个类别", n)
	if n > 1 {
		fmt.Fprintf(&d, "（%s 至 %s）", b.Labels[0], b.Labels[n-1])
	} else {
		fmt.Fprintf(&d, "（%s）", b.Labels[0])
	}
	if len(b.Series) > 1 {
		names := make([]string, len(b.Series))
		for s := range b.Series {
			names[s] = seriesName(b.Series, s)
		}
		fmt.Fprintf(&d, "，%d 个系列：%s", len(b.Series), strings.Join(names, "、"))
	}
	// the largest bar (or stack)
	best, bi, bs := math.Inf(-1), 0, 0
	for i := 0; i < n; i++ {
		sum := 0.0
		for s := range vals {
			if b.Stacked {
				sum += vals[s][i]
			} else if vals[s][i] > best {
				best, bi, bs = vals[s][i], i, s
			}
		}
		if b.Stacked && sum > best {
			best, bi = sum, i
		}
	}
	where := b.Labels[bi]
	if !b.Stacked && len(b.Series) > 1 {
		where += " · " + seriesName(b.Series, bs)
	}
	fmt.Fprintf(&d, "。最大值：%s %s。", where, b.format(best))
	return d.String()
}

// SVG renders the funnel as an inline <svg> element (safe to embed in html/template).
func (f Funnel) SVG() template.HTML {
	w := clampSize(f.Width, defaultWidth, minWidth)
	n := len(f.Stages)
	vals := make([]float64, n)
	max := 0.0
	for i, st := range f.Stages {
		vals[i] = finite(st.Value)
		max = math.Max(max, vals[i])
	}
	title := orDefault(f.Title, "漏斗图")
	id := chartID(f.ID, title)
	if max <= 0 {
		desc := orDefault(f.Desc, NoData)
		c := begin(id, w, 120, title, desc)
		c.noData(w, 120)
		return c.end()
	}

	const (
		size = 13.0
		pad  = 12.0
		rowH = 34.0
		gap  = 14.0
	)
	h := int(math.Ceil(2*pad + float64(n)*rowH + float64(n-1)*gap))
	names := make([]string, n)
	shown := make([]string, n) // value（share of the first stage）
	tips := make([]string, n)
	nameW, valueW := 0.0, 0.0
	first := vals[0]
	for i, st := range f.Stages {
		names[i] = orDefault(st.Name, fmt.Sprintf("阶段%d", i+1))
		shown[i] = formatNumber(vals[i])
		tips[i] = names[i] + "：" + shown[i]
		if i > 0 && first > 0 {
			shown[i] += "（" + formatPercent(vals[i]/first) + "）"
			tips[i] += "（占" + names[0] + "的 " + formatPercent(vals[i]/first)
			if prev := vals[i-1]; i > 1 && prev > 0 {
				tips[i] += "，占" + names[i-1] + "的 " + formatPercent(vals[i]/prev)
			}
			tips[i] += "）"
		}
		nameW = math.Max(nameW, textWidth(names[i], size))
		valueW = math.Max(valueW, textWidth(shown[i], size))
	}
	nameW = math.Min(nameW, float64(w)*0.28)
	desc := f.Desc
	if strings.TrimSpace(desc) == "" {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = names[i] + " " + shown[i]
		}
		desc = "漏斗图：" + strings.Join(parts, " → ")
	}

	c := begin(id, w, h, title, desc)
	barLeft := pad + nameW + 12
	barMax := math.Max(float64(w)-pad-valueW-10-barLeft, 20)
	cx := barLeft + barMax/2
	width := func(v float64) float64 {
		if v <= 0 {
			return 0
		}
		return math.Max(v/max*barMax, 2)
	}
	rowY := func(i int) float64 { return pad + float64(i)*(rowH+gap) }

	// connectors between stages, drawn behind
	c.printf(`<g class="connectors s0" fill="%s" fill-opacity="0.18">`, palette[0])
	for i := 0; i+1 < n; i++ {
		a, b := width(vals[i])/2, width(vals[i+1])/2
		y1, y2 := rowY(i)+rowH, rowY(i+1)
		c.printf(`<polygon points="%s,%s %s,%s %s,%s %s,%s"/>`,
			num(cx-a), num(y1), num(cx+a), num(y1), num(cx+b), num(y2), num(cx-b), num(y2))
	}
	c.printf(`</g><g class="stages">`)
	for i := range f.Stages {
		bw := width(vals[i])
		c.printf(`<rect class="s0" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
			num(cx-bw/2), num(rowY(i)), num(bw), num(rowH), palette[0], esc(tips[i]))
	}
	c.printf(`</g><g class="names" fill="%s" font-size="%s" text-anchor="end">`, textFill, num(size))
	for i := range f.Stages {
		c.printf(`<text x="%s" y="%s">%s</text>`, num(pad+nameW), num(rowY(i)+rowH/2+size*0.35), esc(truncate(names[i], nameW, size)))
	}
	c.printf(`</g><g class="values" fill="%s" font-size="%s">`, textFill, num(size))
	for i := range f.Stages {
		c.printf(`<text x="%s" y="%s">%s</text>`, num(cx+width(vals[i])/2+8), num(rowY(i)+rowH/2+size*0.35), esc(shown[i]))
	}
	c.printf(`</g>`)
	return c.end()
}

// canvas collects the markup of one chart.
type canvas struct{ strings.Builder }

func begin(id string, w, h int, title, desc string) *canvas {
	c := &canvas{}
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="chart" font-family="%s">`,
		w, h, id, id, FontFamily)
	c.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
	return c
}

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(c, format, args...) }

func (c *canvas) noData(w, h int) {
	c.printf(`<text class="no-data" x="%s" y="%s" fill="%s" font-size="16" text-anchor="middle">%s</text>`,
		num(float64(w)/2), num(float64(h)/2+6), mutedFill, NoData)
}

func (c *canvas) end() template.HTML {
	c.WriteString("</svg>")
	return template.HTML(c.String())
}

// axis is a y axis from 0 to count*step.
type axis struct {
	step     float64
	count    int // intervals
	decimals int
	percent  bool
}

func (a axis) top() float64 { return a.step * float64(a.count) }

func (a axis) label(v float64) string {
	suffix := ""
	if a.percent {
		v, suffix = v*100, "%"
	}
	if v == 0 {
		return "0" + suffix
	}
	return strconv.FormatFloat(v, 'f', a.decimals, 64) + suffix
}

// niceAxis picks the smallest step of 1, 2 or 5 × 10^n that covers max in at most 5 intervals,
// which gives 4 to 6 ticks counting 0. Integer data keeps integer steps, and then at least 3
// intervals.
func niceAxis(max float64, integer bool) axis {
	if !(max > 0) {
		max = 1
	}
	for e := math.Floor(math.Log10(max)) - 2; ; e++ {
		for _, m := range [...]float64{1, 2, 5} {
			step := m * math.Pow(10, e)
			if integer && step < 1 {
				continue
			}
			k := int(math.Ceil(max/step - 1e-9))
			if k > 5 {
				continue
			}
			if integer && k < 3 {
				k = 3
			}
			return axis{step: step, count: k, decimals: int(math.Max(0, -math.Floor(math.Log10(step)+1e-9)))}
		}
	}
}

// formatNumber writes integers without decimals ("216") and anything else with one ("3.5").
func formatNumber(v float64) string {
	v = finite(v)
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v+0, 'f', 0, 64) // +0 turns -0 into 0
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// formatPercent writes a ratio as a percentage with one decimal: 0.85 → "85.0%".
func formatPercent(v float64) string {
	s := strconv.FormatFloat(finite(v)*100, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

var chartSeq atomic.Uint64

// chartID is id made safe for an XML id (letters, digits, "-" and "_", starting with a letter),
// or, when empty, a new id from the title's hash and a counter.
func chartID(id, title string) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, id)
	if strings.Trim(safe, "-") != "" {
		if c := safe[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			safe = "c" + safe
		}
		return safe
	}
	h := fnv.New32a()
	h.Write([]byte(title))
	return fmt.Sprintf("chart-%08x-%d", h.Sum32(), chartSeq.Add(1))
}

func clampSize(v, def, min int) int {
	if v <= 0 {
		return def
	}
	return int(math.Min(math.Max(float64(v), float64(min)), maxSize))
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func seriesName(ss []Series, s int) string {
	return orDefault(ss[s].Name, fmt.Sprintf("系列%d", s+1))
}

// esc escapes text for XML content and attribute values; characters XML cannot hold become
// U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails writing to a strings.Builder
	return b.String()
}

// num writes a coordinate with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100+0, 'f', -1, 64)
}

// textWidth estimates the width of s in px at the given font size: CJK and full-width
// characters take 1em, others about 0.6em. It errs on the wide side.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

func runeWidth(r rune) float64 {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r == ' ':
		return 0.3
	case r >= 'A' && r <= 'Z', r == '%', r == '@', r == 'm', r == 'w':
		return 0.75
	case r < 0x7f:
		return 0.58
	case r == '…', r == '·',
		r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x20000 && r <= 0x3fffd:
		return 1
	default:
		return 0.65
	}
}

// truncate cuts s to fit max px, ending it with "…"; "" when not even that fits.
func truncate(s string, max, size float64) string {
	if textWidth(s, size) <= max {
		return s
	}
	ell := runeWidth('…') * size
	var b strings.Builder
	w := 0.0
	for _, r := range s {
		rw := runeWidth(r) * size
		if w+rw+ell > max {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	if t := strings.TrimRight(b.String(), " "); t != "" {
		return t + "…"
	}
	if ell <= max {
		return "…"
	}
	return ""
}
