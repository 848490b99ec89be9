package svgchart

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
)

// node is any XML element, for inspecting the output.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) has(name string) bool {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return true
		}
	}
	return false
}

func (n *node) float(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("<%s %s=%q>: not a number", n.XMLName.Local, name, n.attr(name))
	}
	return v
}

// all returns the elements below n (n included) with the given name, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.XMLName.Local == name {
			out = append(out, m)
		}
		for i := range m.Nodes {
			walk(&m.Nodes[i])
		}
	}
	walk(n)
	return out
}

// group returns the <g> with the given class, or nil.
func (n *node) group(class string) *node {
	for _, g := range n.all("g") {
		for _, c := range strings.Fields(g.attr("class")) {
			if c == class {
				return g
			}
		}
	}
	return nil
}

// child returns the first direct child element with the given name, or nil.
func (n *node) child(name string) *node {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

func texts(ns []*node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Text
	}
	return out
}

// parse checks that out is one well-formed, accessible <svg> element and returns it.
func parse(t *testing.T, out template.HTML) *node {
	t.Helper()
	s := string(out)
	var root node
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	if err := d.Decode(&root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, s)
	}
	if _, err := d.Token(); err == nil {
		t.Fatalf("more than one element:\n%s", s)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v", root.XMLName)
	}
	if root.attr("role") != "img" || root.attr("class") != "chart" || root.attr("font-family") != FontFamily {
		t.Errorf("root attributes: %v", root.Attrs)
	}
	if root.has("width") || root.has("height") {
		t.Errorf("size must come from the viewBox only: %v", root.Attrs)
	}
	ids := strings.Fields(root.attr("aria-labelledby"))
	title, desc := root.child("title"), root.child("desc")
	if len(ids) != 2 || title == nil || desc == nil || title.attr("id") != ids[0] || desc.attr("id") != ids[1] ||
		!strings.HasSuffix(ids[0], "-title") || !strings.HasSuffix(ids[1], "-desc") {
		t.Fatalf("aria-labelledby %q does not name the <title> and <desc>:\n%s", root.attr("aria-labelledby"), s)
	}
	if strings.TrimSpace(title.Text) == "" || strings.TrimSpace(desc.Text) == "" {
		t.Errorf("empty title or desc:\n%s", s)
	}
	var walk func(*node)
	walk = func(n *node) {
		switch n.XMLName.Local {
		case "script", "style", "foreignObject":
			t.Errorf("<%s> in the output", n.XMLName.Local)
		}
		for _, a := range n.Attrs {
			if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
				t.Errorf("<%s %s=…> in the output", n.XMLName.Local, a.Name.Local)
			}
		}
		for i := range n.Nodes {
			walk(&n.Nodes[i])
		}
	}
	walk(&root)
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Errorf("NaN or Inf in the output:\n%s", s)
	}
	return &root
}

// bars returns the bar rectangles, in order label by label, series by series.
func bars(t *testing.T, root *node) []*node {
	t.Helper()
	g := root.group("bars")
	if g == nil {
		t.Fatalf("no <g class=\"bars\">")
	}
	return g.all("rect")
}

func offices() Bars {
	return Bars{
		Title:  "四项指标（按承办处室）",
		Desc:   "各处室的及时受理率与按期办结率。",
		Labels: []string{"协调化解一处", "协调化解二处", "督查督办处"},
		Series: []Series{
			{Name: "及时受理率", Values: []float64{0.85, 0.5, 1}},
			{Name: "按期办结率", Values: []float64{0.25, 0.75, 0.6}},
		},
		Percent: true,
	}
}

func TestBarsAccessible(t *testing.T) {
	root := parse(t, offices().SVG())
	if got := root.attr("viewBox"); got != "0 0 720 320" {
		t.Errorf("viewBox = %q", got)
	}
	if got := root.child("title").Text; got != "四项指标（按承办处室）" {
		t.Errorf("title = %q", got)
	}
	if got := root.child("desc").Text; got != "各处室的及时受理率与按期办结率。" {
		t.Errorf("desc = %q", got)
	}
	// every bar has its own title with label, series and value
	want := []string{
		"协调化解一处 · 及时受理率：85.0%", "协调化解一处 · 按期办结率：25.0%",
		"协调化解二处 · 及时受理率：50.0%", "协调化解二处 · 按期办结率：75.0%",
		"督查督办处 · 及时受理率：100.0%", "督查督办处 · 按期办结率：60.0%",
	}
	rs := bars(t, root)
	if len(rs) != len(want) {
		t.Fatalf("%d bars, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if tt := r.child("title"); tt == nil || tt.Text != want[i] {
			t.Errorf("bar %d title = %v, want %q", i, tt, want[i])
		}
		s := i % 2
		if r.attr("class") != fmt.Sprintf("s%d", s) || r.attr("fill") != palette[s] {
			t.Errorf("bar %d: class %q fill %q", i, r.attr("class"), r.attr("fill"))
		}
	}
	// a legend with both series
	lg := root.group("legend")
	if lg == nil {
		t.Fatal("no legend for two series")
	}
	if got := texts(lg.all("text")); strings.Join(got, ",") != "及时受理率,按期办结率" {
		t.Errorf("legend = %q", got)
	}
	if len(lg.all("rect")) != 2 || lg.all("rect")[1].attr("class") != "s1" {
		t.Errorf("legend keys: %v", lg.all("rect"))
	}
	// x labels fit and are complete here
	if got := texts(root.group("x-axis").all("text")); strings.Join(got, ",") != strings.Join(offices().Labels, ",") {
		t.Errorf("x labels = %q", got)
	}
}

func TestBarsGeneratedDescAndDefaults(t *testing.T) {
	b := Bars{Labels: []string{"12-01", "12-02"}, Series: []Series{{Name: "件数", Values: []float64{3, 5}}}, Width: 480, Height: 200}
	root := parse(t, b.SVG())
	if got := root.attr("viewBox"); got != "0 0 480 200" {
		t.Errorf("viewBox = %q", got)
	}
	if got := root.child("title").Text; got != "柱状图" {
		t.Errorf("default title = %q", got)
	}
	if got := root.child("desc").Text; !strings.Contains(got, "12-01 至 12-02") || !strings.Contains(got, "最大值：12-02 5") {
		t.Errorf("generated desc = %q", got)
	}
	if root.group("legend") != nil {
		t.Error("legend for a single series")
	}
	if got := root.all("rect")[0].child("title").Text; got != "12-01 · 件数：3" {
		t.Errorf("bar title = %q", got)
	}
}

func TestBarsCountAndHeights(t *testing.T) {
	b := Bars{
		Title:  "每日件数",
		Labels: []string{"12-01", "12-02", "12-03", "12-04", "12-05"},
		Series: []Series{
			{Name: "来信", Values: []float64{216, 80, 40, 0, 7}},
			{Name: "来访", Values: []float64{12, 100, 3, 55, 9}},
			{Name: "网上", Values: []float64{1, 2, 3}}, // short: the rest count as 0
		},
	}
	rs := bars(t, parse(t, b.SVG()))
	if len(rs) != len(b.Labels)*len(b.Series) {
		t.Fatalf("%d bars, want %d", len(rs), len(b.Labels)*len(b.Series))
	}
	bottom := -1.0
	ratio := 0.0
	for i, r := range rs {
		label, s := i/len(b.Series), i%len(b.Series)
		v := 0.0
		if label < len(b.Series[s].Values) {
			v = b.Series[s].Values[label]
		}
		h, y := r.float(t, "height"), r.float(t, "y")
		if bottom < 0 {
			bottom = y + h
		}
		if math.Abs(y+h-bottom) > 0.02 {
			t.Errorf("bar %d does not stand on the baseline: %v+%v != %v", i, y, h, bottom)
		}
		if v == 0 {
			if h != 0 {
				t.Errorf("bar %d: height %v for 0", i, h)
			}
			continue
		}
		if ratio == 0 {
			ratio = h / v
		}
		if math.Abs(h-v*ratio) > 0.02 {
			t.Errorf("bar %d: height %v for %v, want %v", i, h, v, v*ratio)
		}
		if want := fmt.Sprintf("%s · %s：%v", b.Labels[label], b.Series[s].Name, v); r.child("title").Text != want {
			t.Errorf("bar %d title %q, want %q", i, r.child("title").Text, want)
		}
	}
	// bars of one group sit side by side, groups left to right
	for i := 1; i < len(rs); i++ {
		if rs[i].float(t, "x") <= rs[i-1].float(t, "x") {
			t.Errorf("bar %d is not right of bar %d", i, i-1)
		}
	}
}

func TestBarsStackedSum(t *testing.T) {
	b := Bars{
		Title:   "每日收到件数（按渠道）",
		Labels:  []string{"12-01", "12-02", "12-03"},
		Series:  []Series{{Name: "来信", Values: []float64{10, 0, 5}}, {Name: "来访", Values: []float64{20, 4, 5}}, {Name: "网上", Values: []float64{6, 4, 5}}},
		Stacked: true,
	}
	root := parse(t, b.SVG())
	rs := bars(t, root)
	if len(rs) != 9 {
		t.Fatalf("%d bars", len(rs))
	}
	ratio := 0.0
	for label := range b.Labels {
		seg := rs[label*3 : label*3+3]
		x := seg[0].float(t, "x")
		top := seg[0].float(t, "y") + seg[0].float(t, "height") // the baseline
		sum, total := 0.0, 0.0
		for s, r := range seg {
			if r.float(t, "x") != x {
				t.Errorf("label %d: segment %d not in the same column", label, s)
			}
			h := r.float(t, "height")
			if y := r.float(t, "y"); math.Abs(y+h-top) > 0.02 {
				t.Errorf("label %d: segment %d does not sit on the one below (%v+%v != %v)", label, s, y, h, top)
			}
			top = r.float(t, "y")
			sum += h
			total += b.Series[s].Values[label]
		}
		if ratio == 0 {
			ratio = sum / total
		}
		if math.Abs(sum-total*ratio) > 0.05 {
			t.Errorf("label %d: stack height %v, want %v", label, sum, total*ratio)
		}
	}
	// totals on top of the stacks: 36, 8, 15
	if got := texts(root.group("values").all("text")); strings.Join(got, ",") != "36,8,15" {
		t.Errorf("stack totals = %q", got)
	}
}

func TestBarsPercent(t *testing.T) {
	root := parse(t, offices().SVG())
	if got := texts(root.group("y-axis").all("text")); strings.Join(got, ",") != "0%,20%,40%,60%,80%,100%" {
		t.Errorf("percent ticks = %q", got)
	}
	// the 100% bar reaches the top tick
	rs := bars(t, root)
	full := rs[4] // 督查督办处 · 及时受理率 = 1
	ticks := root.group("y-axis").all("text")
	top, zero := ticks[5].float(t, "y"), ticks[0].float(t, "y")
	if h := full.float(t, "height"); math.Abs(h-(zero-top)) > 0.05 {
		t.Errorf("100%% bar height %v, axis height %v", h, zero-top)
	}
	if h85, h100 := rs[0].float(t, "height"), full.float(t, "height"); math.Abs(h85/h100-0.85) > 0.001 {
		t.Errorf("85%% bar is %v of the 100%% bar", h85/h100)
	}
	// wide bars carry their value as text
	b := Bars{Title: "满意率", Labels: []string{"一处", "二处"}, Series: []Series{{Values: []float64{0.85, 0.333}}}, Percent: true}
	root = parse(t, b.SVG())
	if got := texts(root.group("values").all("text")); strings.Join(got, ",") != "85.0%,33.3%" {
		t.Errorf("value labels = %q", got)
	}
	if got := bars(t, root)[1].child("title").Text; got != "二处：33.3%" {
		t.Errorf("title = %q", got)
	}
	// over 100% is cut at the top but keeps its value
	b.Series[0].Values = []float64{1.5, 0.5}
	rs = bars(t, parse(t, b.SVG()))
	if rs[0].float(t, "height") != 2*rs[1].float(t, "height") || rs[0].child("title").Text != "一处：150.0%" {
		t.Errorf("150%%: height %v vs %v, %q", rs[0].attr("height"), rs[1].attr("height"), rs[0].child("title").Text)
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{216: "216", 0: "0", math.Copysign(0, -1): "0", 3.5: "3.5", 2.96: "3.0", -4: "-4", 1e6: "1000000", 0.04: "0.0"} {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{0.85: "85.0%", 1: "100.0%", 0: "0.0%", 0.3704: "37.0%", 0.12345: "12.3%"} {
		if got := formatPercent(v); got != want {
			t.Errorf("formatPercent(%v) = %q, want %q", v, got, want)
		}
	}
	// integers on the axis and in labels have no decimals
	b := Bars{Title: "件数", Labels: []string{"a", "b"}, Series: []Series{{Values: []float64{216, 80}}}}
	root := parse(t, b.SVG())
	if got := texts(root.group("values").all("text")); strings.Join(got, ",") != "216,80" {
		t.Errorf("value labels = %q", got)
	}
	for _, tick := range texts(root.group("y-axis").all("text")) {
		if strings.Contains(tick, ".") {
			t.Errorf("tick %q has decimals", tick)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		max     float64
		integer bool
	}{
		{1, true}, {2, true}, {3, true}, {5, true}, {7, true}, {10, true}, {12, true}, {34, true}, {99, true},
		{100, true}, {101, true}, {216, true}, {999, true}, {12345, true},
		{0.05, false}, {0.3, false}, {0.7, false}, {1, false}, {2.5, false}, {7.3, false}, {45.5, false},
	} {
		a := niceAxis(c.max, c.integer)
		ticks := a.count + 1
		m := a.step / math.Pow(10, math.Floor(math.Log10(a.step)+1e-9))
		nice := math.Abs(m-1) < 1e-9 || math.Abs(m-2) < 1e-9 || math.Abs(m-5) < 1e-9
		if ticks < 4 || ticks > 6 || !nice || a.top() < c.max-1e-9 || a.top()-a.step >= c.max && a.count > 3 {
			t.Errorf("niceAxis(%v, %v) = step %v × %d", c.max, c.integer, a.step, a.count)
		}
		if c.integer && a.step < 1 {
			t.Errorf("niceAxis(%v) has a fractional step %v for integers", c.max, a.step)
		}
		for k := 0; k <= a.count; k++ {
			l := a.label(float64(k) * a.step)
			if v, err := strconv.ParseFloat(l, 64); err != nil || math.Abs(v-float64(k)*a.step) > 1e-9 {
				t.Errorf("niceAxis(%v): tick %d labelled %q", c.max, k, l)
			}
		}
	}
	// gridlines: one per tick above 0
	root := parse(t, Bars{Title: "x", Labels: []string{"a"}, Series: []Series{{Values: []float64{34}}}}.SVG())
	if got := texts(root.group("y-axis").all("text")); strings.Join(got, ",") != "0,10,20,30,40" {
		t.Errorf("ticks for 34 = %q", got)
	}
	if n := len(root.group("grid").all("line")); n != 4 {
		t.Errorf("%d gridlines", n)
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> & ' ]]> <!-- ` + "\x00\x01\xff\ufffe\n"
	b := Bars{
		Title:  evil,
		Desc:   evil,
		Labels: []string{evil, "</svg><svg onload=alert(1)>"},
		Series: []Series{{Name: evil, Values: []float64{1, 2}}, {Name: `"><img src=x onerror=alert(1)>`, Values: []float64{3, 4}}},
		ID:     `x" onload="alert(1)`,
	}
	for _, out := range []template.HTML{b.SVG(), Funnel{Title: evil, Desc: evil, ID: evil, Stages: []Stage{{evil, 2}, {"<b>", 1}}}.SVG()} {
		root := parse(t, out)
		s := string(out)
		for _, bad := range []string{"<script", "<img", "<b>", "<!--", "]]>", "<svg onload", "\x00", "\x01"} {
			if strings.Contains(s, bad) {
				t.Errorf("output contains %q:\n%s", bad, s)
			}
		}
		if got := root.child("title").Text; !strings.HasPrefix(got, `<script>alert("x")</script> & ' ]]> <!-- `) {
			t.Errorf("title text = %q", got)
		}
		if n := len(root.all("svg")); n != 1 {
			t.Errorf("%d svg elements", n)
		}
		if id := root.child("title").attr("id"); strings.ContainsAny(id, `"<> `) {
			t.Errorf("id %q", id)
		}
	}
	rs := bars(t, parse(t, b.SVG()))
	if got := rs[3].child("title").Text; got != `</svg><svg onload=alert(1)> · "><img src=x onerror=alert(1)>：4` {
		t.Errorf("bar title = %q", got)
	}
}

func TestNoData(t *testing.T) {
	for name, b := range map[string]Bars{
		"no labels": {Title: "空"},
		"no series": {Title: "空", Labels: []string{"12-01"}},
		"all zero":  {Title: "空", Labels: []string{"12-01", "12-02"}, Series: []Series{{Name: "a", Values: []float64{0, 0}}, {Name: "b"}}},
		"nan":       {Title: "空", Labels: []string{"12-01"}, Series: []Series{{Values: []float64{math.NaN()}}}, Percent: true, Stacked: true},
	} {
		t.Run(name, func(t *testing.T) {
			root := parse(t, b.SVG())
			if got := texts(root.all("text")); len(got) != 1 || got[0] != NoData {
				t.Errorf("texts = %q, want only %q", got, NoData)
			}
			if len(root.all("rect")) != 0 {
				t.Error("bars drawn without data")
			}
			if root.child("title").Text != "空" || root.child("desc").Text != NoData {
				t.Errorf("title %q desc %q", root.child("title").Text, root.child("desc").Text)
			}
		})
	}
	for name, f := range map[string]Funnel{
		"no stages": {Title: "漏斗"},
		"all zero":  {Title: "漏斗", Stages: []Stage{{"预约", 0}, {"来访", math.Inf(1)}}},
	} {
		t.Run("funnel "+name, func(t *testing.T) {
			root := parse(t, f.SVG())
			if got := texts(root.all("text")); len(got) != 1 || got[0] != NoData {
				t.Errorf("texts = %q", got)
			}
		})
	}
}

func TestNaNAndInf(t *testing.T) {
	b := Bars{
		Title:  "坏数据",
		Labels: []string{"a", "b", "c", "d"},
		Series: []Series{{Name: "x", Values: []float64{math.NaN(), math.Inf(1), math.Inf(-1), 8}}, {Name: "y", Values: []float64{4, math.NaN(), 2, -3}}},
	}
	for _, stacked := range []bool{false, true} {
		b.Stacked = stacked
		rs := bars(t, parse(t, b.SVG()))
		if len(rs) != 8 {
			t.Fatalf("%d bars", len(rs))
		}
		for _, i := range []int{0, 2, 3, 4, 7} { // NaN, +Inf, NaN, -Inf, -3
			if h := rs[i].float(t, "height"); h != 0 {
				t.Errorf("stacked=%v bar %d (%s): height %v", stacked, i, rs[i].child("title").Text, h)
			}
		}
		if got := rs[0].child("title").Text; got != "a · x：0" {
			t.Errorf("NaN bar title = %q", got)
		}
		if got := rs[7].child("title").Text; got != "d · y：-3" {
			t.Errorf("negative bar title = %q", got)
		}
		if h1, h6 := rs[1].float(t, "height"), rs[6].float(t, "height"); h1 <= 0 || h6 != 2*h1 {
			t.Errorf("stacked=%v: heights %v %v", stacked, h1, h6)
		}
	}
}

func TestLongAndManyLabels(t *testing.T) {
	long := "信访事项复查复核委员会办公室综合协调处"
	b := Bars{Title: "t", Width: 400, Labels: []string{long, "短", long + "二"}, Series: []Series{{Name: "件数", Values: []float64{1, 2, 3}}}}
	root := parse(t, b.SVG())
	xs := texts(root.group("x-axis").all("text"))
	if len(xs) != 3 || !strings.HasSuffix(xs[0], "…") || !strings.HasPrefix(long, strings.TrimSuffix(xs[0], "…")) || xs[1] != "短" {
		t.Errorf("x labels = %q", xs)
	}
	if got := bars(t, root)[0].child("title").Text; got != long+" · 件数：1" {
		t.Errorf("bar title lost the full label: %q", got)
	}

	var labels []string
	var vals []float64
	for i := 0; i < 30; i++ {
		labels = append(labels, fmt.Sprintf("11-%02d", i+1))
		vals = append(vals, float64(i))
	}
	root = parse(t, Bars{Title: "30 天", Labels: labels, Series: []Series{{Values: vals}}}.SVG())
	xs = texts(root.group("x-axis").all("text"))
	if len(xs) > 14 || len(xs) < 5 || xs[0] != "11-01" || xs[1] != "11-04" {
		t.Errorf("30 labels shown as %q", xs)
	}
	if n := len(bars(t, root)); n != 30 {
		t.Errorf("%d bars", n)
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		s    string
		max  float64
		want string
	}{
		{"协调化解一处", 72, "协调化解一处"},
		{"协调化解一处", 71, "协调化解…"},
		{"协调化解一处", 12, "…"},
		{"协调化解一处", 5, ""},
		{"12-01", 100, "12-01"},
	} {
		got := truncate(c.s, c.max, 12)
		if got != c.want || textWidth(got, 12) > c.max {
			t.Errorf("truncate(%q, %v) = %q, want %q", c.s, c.max, got, c.want)
		}
	}
}

func TestIDs(t *testing.T) {
	a, b := parse(t, offices().SVG()), parse(t, offices().SVG())
	if a.child("title").attr("id") == b.child("title").attr("id") {
		t.Errorf("two charts share the id %q", a.child("title").attr("id"))
	}
	c := offices()
	c.ID = "rates"
	if root := parse(t, c.SVG()); root.attr("aria-labelledby") != "rates-title rates-desc" {
		t.Errorf("aria-labelledby = %q", root.attr("aria-labelledby"))
	}
	for id, want := range map[string]string{"rates-2024": "rates-2024", "2024": "c2024", "a b": "a-b", "-x": "c-x"} {
		if got := chartID(id, ""); got != want {
			t.Errorf("chartID(%q) = %q, want %q", id, got, want)
		}
	}
	if got := chartID("统计", "统计"); !strings.HasPrefix(got, "chart-") {
		t.Errorf("chartID(统计) = %q", got)
	}
}

// relativeLuminance follows WCAG 2.x.
func relativeLuminance(t *testing.T, hex string) float64 {
	t.Helper()
	var rgb [3]float64
	for i := range rgb {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil || len(hex) != 7 || hex[0] != '#' {
			t.Fatalf("bad colour %q", hex)
		}
		rgb[i] = linear(float64(v) / 255)
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

func linear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

func TestPaletteContrast(t *testing.T) {
	if len(palette) < 6 {
		t.Fatalf("%d colours", len(palette))
	}
	white := relativeLuminance(t, "#ffffff")
	seen := map[string]bool{}
	for _, c := range Palette() {
		ratio := (white + 0.05) / (relativeLuminance(t, c) + 0.05)
		if ratio < 3 {
			t.Errorf("%s: contrast %.2f:1 against white, want ≥ 3:1", c, ratio)
		}
		if seen[c] {
			t.Errorf("%s twice", c)
		}
		seen[c] = true
	}
	// text colours: 4.5:1 for text
	for _, c := range []string{textFill, mutedFill} {
		if ratio := (white + 0.05) / (relativeLuminance(t, c) + 0.05); ratio < 4.5 {
			t.Errorf("text colour %s: %.2f:1", c, ratio)
		}
	}
}

// TestPaletteColourBlind simulates protanopia and deuteranopia (Machado, Oliveira & Fernandes
// 2009, severity 1) and requires every pair of series colours to stay ΔE*ab ≥ 20 apart.
func TestPaletteColourBlind(t *testing.T) {
	sims := map[string][3][3]float64{
		"normal":       {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
		"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	}
	lab := func(hex string, m [3][3]float64) [3]float64 {
		var l [3]float64
		for i := range l {
			v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			l[i] = linear(float64(v) / 255)
		}
		var s [3]float64
		for i := range s {
			s[i] = math.Min(1, math.Max(0, m[i][0]*l[0]+m[i][1]*l[1]+m[i][2]*l[2]))
		}
		x := (0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]) / 0.95047
		y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
		z := (0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]) / 1.08883
		f := func(t float64) float64 {
			if t > 216.0/24389 {
				return math.Cbrt(t)
			}
			return (24389.0/27*t + 16) / 116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	for name, m := range sims {
		for i := range palette {
			for j := i + 1; j < len(palette); j++ {
				a, b := lab(palette[i], m), lab(palette[j], m)
				if d := math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2])); d < 20 {
					t.Errorf("%s: %s and %s only ΔE %.1f apart", name, palette[i], palette[j], d)
				}
			}
		}
	}
}

func TestSeriesBeyondPalette(t *testing.T) {
	b := Bars{Title: "多", Labels: []string{"a"}}
	for s := 0; s < 8; s++ {
		b.Series = append(b.Series, Series{Name: fmt.Sprint(s), Values: []float64{float64(s + 1)}})
	}
	rs := bars(t, parse(t, b.SVG()))
	if rs[7].attr("class") != "s1" || rs[7].attr("fill") != palette[1] {
		t.Errorf("series 7: %q %q", rs[7].attr("class"), rs[7].attr("fill"))
	}
}

func TestFunnel(t *testing.T) {
	f := Funnel{Title: "预约到来访", Stages: []Stage{{"预约", 216}, {"已审核", 180}, {"来访", 80}, {"分流", 40}}}
	root := parse(t, f.SVG())
	vb := strings.Fields(root.attr("viewBox"))
	if len(vb) != 4 || vb[2] != "720" {
		t.Errorf("viewBox = %q", root.attr("viewBox"))
	}
	if got := root.child("desc").Text; got != "漏斗图：预约 216 → 已审核 180（83.3%） → 来访 80（37.0%） → 分流 40（18.5%）" {
		t.Errorf("desc = %q", got)
	}
	rs := root.group("stages").all("rect")
	if len(rs) != 4 {
		t.Fatalf("%d stages", len(rs))
	}
	for i, r := range rs {
		w := r.float(t, "width")
		if want := f.Stages[i].Value / 216 * rs[0].float(t, "width"); math.Abs(w-want) > 0.05 {
			t.Errorf("stage %d width %v, want %v", i, w, want)
		}
		if i > 0 {
			if w >= rs[i-1].float(t, "width") {
				t.Errorf("stage %d is not narrower than stage %d", i, i-1)
			}
			if r.float(t, "y") <= rs[i-1].float(t, "y") {
				t.Errorf("stage %d is not below stage %d", i, i-1)
			}
		}
		// centred
		if c0, c := rs[0].float(t, "x")+rs[0].float(t, "width")/2, r.float(t, "x")+w/2; math.Abs(c-c0) > 0.02 {
			t.Errorf("stage %d centred at %v, not %v", i, c, c0)
		}
	}
	if got := texts(root.group("values").all("text")); strings.Join(got, ",") != "216,180（83.3%）,80（37.0%）,40（18.5%）" {
		t.Errorf("values = %q", got)
	}
	if got := texts(root.group("names").all("text")); strings.Join(got, ",") != "预约,已审核,来访,分流" {
		t.Errorf("names = %q", got)
	}
	if got := rs[3].child("title").Text; got != "分流：40（占预约的 18.5%，占来访的 50.0%）" {
		t.Errorf("stage title = %q", got)
	}
	if got := rs[0].child("title").Text; got != "预约：216" {
		t.Errorf("first stage title = %q", got)
	}
	// the height follows the number of stages
	h4, _ := strconv.Atoi(vb[3])
	f.Stages = f.Stages[:2]
	vb2 := strings.Fields(parse(t, f.SVG()).attr("viewBox"))
	if h2, _ := strconv.Atoi(vb2[3]); h2 >= h4 {
		t.Errorf("2 stages %d high, 4 stages %d", h2, h4)
	}
}

func TestFunnelOddValues(t *testing.T) {
	f := Funnel{Title: "漏斗", Width: 300, Stages: []Stage{{"预约", 10}, {"来访", math.NaN()}, {"", 2.5}, {"退回", -1}}}
	root := parse(t, f.SVG())
	if got := root.attr("viewBox"); !strings.HasPrefix(got, "0 0 300 ") {
		t.Errorf("viewBox = %q", got)
	}
	rs := root.group("stages").all("rect")
	if rs[1].float(t, "width") != 0 || rs[3].float(t, "width") != 0 || rs[2].float(t, "width") <= 0 {
		t.Errorf("widths %s %s %s", rs[1].attr("width"), rs[2].attr("width"), rs[3].attr("width"))
	}
	if got := texts(root.group("values").all("text")); strings.Join(got, ",") != "10,0（0.0%）,2.5（25.0%）,-1（-10.0%）" {
		t.Errorf("values = %q", got)
	}
	if got := texts(root.group("names").all("text")); got[2] != "阶段3" {
		t.Errorf("names = %q", got)
	}
	// a first stage of 0 gives no ratios
	f.Stages = []Stage{{"预约", 0}, {"来访", 3}}
	if got := texts(parse(t, f.SVG()).group("values").all("text")); strings.Join(got, ",") != "0,3" {
		t.Errorf("values = %q", got)
	}
}

// The output goes into html/template unchanged.
func TestTemplate(t *testing.T) {
	tpl := template.Must(template.New("").Parse(`<figure>{{.}}</figure>`))
	var b strings.Builder
	out := offices().SVG()
	if err := tpl.Execute(&b, out); err != nil {
		t.Fatal(err)
	}
	if b.String() != "<figure>"+string(out)+"</figure>" {
		t.Error("html/template changed the chart")
	}
}
