package match

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Corroborator is the learnt corroboration of screening out: logistic regression over what the
// rules read of an item (the best-supported kind, its evidence and ideas, every kind's concepts
// found, each petition category's evidence, whether the text complains about an organ) and the
// whole text (TF-IDF of its characters, pairs and triples, L2-normalised). It answers how likely
// the item is another channel's matter.
//
// The rules screen out only with corroboration (a threshold, two ideas of a kind and a lead over
// every petition category). Where they see a kind but not enough to screen out, the corroborator
// may supply the missing corroboration (Taxonomy.corroborate): with a probability at or above
// the taxonomy's corroborator.above the item is screened out, named as the kind the rules saw,
// with the probability and the words that weighed most in the registrar's reason. It is never
// asked about a complaint about an organ's own work (the keep rules), a kind screened only by
// hand (confirm) or not listed, a text that shows anything of an unlisted kind or more of a
// petition category than of the kind, or a text in which the rules see nothing of any kind:
// there would be no channel to name.
//
// The corroborator is data (configs/screening_corroborator.tsv), written by
// `xinfang train-screening -corroborator` from labelled files and the registrars' decisions.
type Corroborator struct {
	bias  float64
	rules map[string]float64 // ruleKind+key, ruleScore, ruleHits, ruleKeep, ruleConcept+kind/concept, ruleCat+category
	grams map[string]corroGram
}

type corroGram struct{ idf, w float32 }

// The rules' reading as the corroborator's features.
const (
	ruleKind    = "#kind:"
	ruleScore   = "#score"
	ruleHits    = "#hits"
	ruleKeep    = "#keep"
	ruleBias    = "#bias"
	ruleConcept = "#concept:"
	ruleCat     = "#cat:"
)

// ruleReading is what the rules read of an item, as the corroborator weighs it.
type ruleReading struct {
	kind     string   // the best-supported kind with a required concept ("" none)
	score    float64  // its evidence
	hits     int      // its concepts found
	keep     bool     // the text complains about an organ's own work
	concepts []string // every kind's concepts found, as kind/concept
	cats     []float64
}

func (r ruleReading) features(f func(name string, v float64)) {
	if r.kind != "" {
		f(ruleKind+r.kind, 1)
	}
	f(ruleScore, r.score)
	f(ruleHits, float64(r.hits))
	if r.keep {
		f(ruleKeep, 1)
	}
	for _, c := range r.concepts {
		f(ruleConcept+c, 1)
	}
	for i, v := range r.cats {
		if v != 0 {
			f(ruleCat+Categories[i], v)
		}
	}
}

// corroGrams calls f with every run of one to three characters of a normalised text, spaces
// folded to one (punctuation counts: "？" ends a question, "：" opens a registrar's note).
func corroGrams(norm []rune, f func(g string)) {
	text := make([]rune, 0, len(norm))
	for _, r := range norm {
		if unicode.IsSpace(r) {
			if len(text) > 0 && text[len(text)-1] == ' ' {
				continue
			}
			r = ' '
		}
		text = append(text, r)
	}
	for n := 1; n <= 3; n++ {
		for i := 0; i+n <= len(text); i++ {
			f(string(text[i : i+n]))
		}
	}
}

// gramCounts counts a normalised text's grams.
func gramCounts(norm []rune) map[string]int {
	c := map[string]int{}
	corroGrams(norm, func(g string) { c[g]++ })
	return c
}

// tfidf is the text's vector over the known grams, (1 + ln tf) · idf, L2-normalised, in the
// grams' order (a fixed order of summation: the same figures on every run). known looks a gram
// up once: its idf and what the caller keeps of it (its weight, its column).
func tfidf[T any](counts map[string]int, known func(g string) (idf float64, of T, ok bool)) []gramValue[T] {
	v := make([]gramValue[T], 0, len(counts))
	for g, n := range counts {
		if w, of, ok := known(g); ok {
			v = append(v, gramValue[T]{g, (1 + math.Log(float64(n))) * w, of})
		}
	}
	slices.SortFunc(v, func(a, b gramValue[T]) int { return strings.Compare(a.g, b.g) })
	var norm float64
	for _, x := range v {
		norm += x.x * x.x
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].x /= norm
		}
	}
	return v
}

type gramValue[T any] struct {
	g  string
	x  float64
	of T
}

// Corroboration is the corroborator's reading of one item.
type Corroboration struct {
	P     float64  // probability of another channel's matter
	Words []string // the words that weighed most towards it, strongest first
}

func (m *Corroborator) read(norm []rune, r ruleReading) Corroboration {
	s := m.bias
	r.features(func(name string, v float64) { s += m.rules[name] * v })
	type gw struct {
		g string
		w float64
	}
	var top []gw
	for _, v := range tfidf(gramCounts(norm), func(g string) (float64, float64, bool) {
		k, ok := m.grams[g]
		return float64(k.idf), float64(k.w), ok
	}) {
		c := v.x * v.of
		s += c
		if c > 0 && len([]rune(v.g)) > 1 {
			top = append(top, gw{v.g, c})
		}
	}
	slices.SortFunc(top, func(a, b gw) int { return cmp.Or(cmp.Compare(b.w, a.w), strings.Compare(a.g, b.g)) })
	out := Corroboration{P: 1 / (1 + math.Exp(-s))}
	// Shown to the registrar: grams found outside the intake's own formulas (来电人称, 要求政府,
	// 信访局), which weigh but tell nothing of the matter, and with no function word (了一, 么办).
	plain := removeAll(string(norm), formulas)
	for _, h := range top {
		if len(out.Words) == 3 {
			break
		}
		if strings.Contains(plain, h.g) && !strings.ContainsAny(h.g, functionChars) {
			out.Words = addReason(out.Words, h.g)
		}
	}
	return out
}

var formulas = []string{"来电人称", "来访人称", "来电人", "来访人", "来电", "来访", "要求政府", "请政府", "希望政府", "政府",
	"信访局", "信访", "领导", "反映", "要求", "请求", "处理", "帮忙"}

const functionChars = "了的么吗呢吧着过是在有就都也还又个这那我你他她它们和与及或把被给说称"

// Len is the number of grams the corroborator knows.
func (m *Corroborator) Len() int { return len(m.grams) }

// TrainCorroborator learns a corroborator from labelled items as the rules of t read them:
// the grams in at least minDocs items, and L2-regularised logistic regression (c weighs the
// data against the regularisation, as in the usual formulation ½‖w‖² + c·Σ loss), fitted by
// L-BFGS. Training is deterministic.
func TrainCorroborator(t *Taxonomy, examples []ModelExample, minDocs int, c float64) (*Corroborator, error) {
	var docs [2]int
	for _, e := range examples {
		docs[b2i(e.Petition)]++
	}
	if docs[0] == 0 || docs[1] == 0 {
		return nil, fmt.Errorf("training needs petitions and non-petitions: %d and %d given", docs[1], docs[0])
	}
	if minDocs < 1 || !(c > 0) || math.IsInf(c, 0) {
		return nil, fmt.Errorf("minDocs (%d) must be at least 1 and c (%g) a positive number", minDocs, c)
	}
	type doc struct {
		counts map[string]int
		rules  ruleReading
		y      float64
	}
	ds := make([]doc, len(examples))
	df := map[string]int{}
	for i, e := range examples {
		a := analyze(Doc{Content: e.Content, Department: e.Department})
		ds[i] = doc{counts: gramCounts(a.norm), rules: t.rulesReading(a), y: float64(1 - b2i(e.Petition))}
		for g := range ds[i].counts {
			df[g]++
		}
	}
	// Features: the rules' (every kind of t, whether or not an example shows it), then the
	// grams in sorted order.
	var names []string
	for _, k := range t.spec.Kinds {
		names = append(names, ruleKind+k.Key)
	}
	names = append(names, ruleScore, ruleHits, ruleKeep)
	for _, k := range t.kinds {
		for _, c := range k.concepts {
			names = append(names, ruleConcept+k.spec.Key+"/"+c.name)
		}
	}
	for _, c := range Categories {
		names = append(names, ruleCat+c)
	}
	nRules := len(names)
	var vocab []string
	for g, n := range df {
		if n >= minDocs {
			vocab = append(vocab, g)
		}
	}
	slices.Sort(vocab)
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}
	type column struct {
		idf float64
		j   int
	}
	columns := make(map[string]column, len(vocab))
	for i, g := range vocab {
		columns[g] = column{math.Log(float64(1+len(ds))/float64(1+df[g])) + 1, nRules + i}
	}
	rows := make([]sparseRow, len(ds))
	ys := make([]float64, len(ds))
	for i, d := range ds {
		var row sparseRow
		d.rules.features(func(name string, v float64) {
			if j, ok := index[name]; ok && v != 0 {
				row.add(j, v)
			}
		})
		for _, v := range tfidf(d.counts, func(g string) (float64, int, bool) { c, ok := columns[g]; return c.idf, c.j, ok }) {
			row.add(v.of, v.x)
		}
		rows[i], ys[i] = row, d.y
	}
	w, bias := fitLogistic(rows, ys, nRules+len(vocab), c)
	m := &Corroborator{bias: round6(bias), rules: map[string]float64{}, grams: make(map[string]corroGram, len(vocab))}
	for i, n := range names {
		m.rules[n] = round6(w[i])
	}
	for _, g := range vocab {
		c := columns[g]
		m.grams[g] = corroGram{idf: float32(c.idf), w: float32(w[c.j])}
	}
	return m, nil
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

type sparseRow struct {
	idx []int32
	val []float64
}

func (r *sparseRow) add(j int, v float64) {
	r.idx = append(r.idx, int32(j))
	r.val = append(r.val, v)
}

// fitLogistic minimises ½‖w‖² + c·Σ log(1 + e^(−ŷ·s)) over the weights (the bias is not
// regularised) by L-BFGS with a backtracking line search.
func fitLogistic(rows []sparseRow, ys []float64, dim int, c float64) ([]float64, float64) {
	n := dim + 1 // the bias last
	loss := func(x, grad []float64) float64 {
		clear(grad)
		var f float64
		for i, r := range rows {
			s := x[dim]
			for k, j := range r.idx {
				s += x[j] * r.val[k]
			}
			// log(1+e^s) − y·s, computed stably.
			if s > 0 {
				f += c * (s + math.Log1p(math.Exp(-s)) - ys[i]*s)
			} else {
				f += c * (math.Log1p(math.Exp(s)) - ys[i]*s)
			}
			g := c * (1/(1+math.Exp(-s)) - ys[i])
			for k, j := range r.idx {
				grad[j] += g * r.val[k]
			}
			grad[dim] += g
		}
		for j := range dim {
			f += x[j] * x[j] / 2
			grad[j] += x[j]
		}
		return f
	}
	x := make([]float64, n)
	g := make([]float64, n)
	f := loss(x, g)
	const memory, iterations = 10, 400
	var ss, ys2 [][]float64
	var rhos []float64
	xn, gn, d := make([]float64, n), make([]float64, n), make([]float64, n)
	alpha := make([]float64, memory)
	for range iterations {
		// Two-loop recursion: d = −H·g.
		copy(d, g)
		for k := len(ss) - 1; k >= 0; k-- {
			alpha[k] = rhos[k] * dot(ss[k], d)
			axpy(-alpha[k], ys2[k], d)
		}
		if k := len(ss) - 1; k >= 0 {
			scale(dot(ss[k], ys2[k])/dot(ys2[k], ys2[k]), d)
		} else {
			scale(1/math.Max(1, math.Sqrt(dot(g, g))), d)
		}
		for k := range ss {
			b := rhos[k] * dot(ys2[k], d)
			axpy(alpha[k]-b, ss[k], d)
		}
		scale(-1, d)
		slope := dot(g, d)
		if slope >= 0 { // not a descent direction: start the memory again
			ss, ys2, rhos = nil, nil, nil
			copy(d, g)
			scale(-1/math.Max(1, math.Sqrt(dot(g, g))), d)
			slope = dot(g, d)
		}
		step, fn := 1.0, 0.0
		for range 40 {
			for j := range x {
				xn[j] = x[j] + step*d[j]
			}
			fn = loss(xn, gn)
			if fn <= f+1e-4*step*slope {
				break
			}
			step /= 2
		}
		if fn > f {
			break
		}
		s, y := make([]float64, n), make([]float64, n)
		for j := range x {
			s[j], y[j] = xn[j]-x[j], gn[j]-g[j]
		}
		if sy := dot(s, y); sy > 1e-12 {
			if len(ss) == memory {
				ss, ys2, rhos = ss[1:], ys2[1:], rhos[1:]
			}
			ss, ys2, rhos = append(ss, s), append(ys2, y), append(rhos, 1/sy)
		}
		copy(x, xn)
		copy(g, gn)
		done := f-fn < 1e-7*math.Max(1, math.Abs(fn))
		f = fn
		if done {
			break
		}
	}
	return x[:dim], x[dim]
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

// Marshal writes the corroborator as text: the bias and the rules' weights ("#name<TAB>weight"),
// then one "gram<TAB>idf<TAB>weight" line per gram, sorted, so a retrained one diffs by line.
func (m *Corroborator) Marshal() []byte {
	var b bytes.Buffer
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	fmt.Fprintf(&b, "%s\t%s\n", ruleBias, f(m.bias))
	names := make([]string, 0, len(m.rules))
	for n := range m.rules {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, "%s\t%s\n", n, f(m.rules[n]))
	}
	grams := make([]string, 0, len(m.grams))
	for g := range m.grams {
		grams = append(grams, g)
	}
	slices.Sort(grams)
	for _, g := range grams {
		k := m.grams[g]
		fmt.Fprintf(&b, "%s\t%s\t%s\n", escapeGram(g), strconv.FormatFloat(float64(k.idf), 'f', -1, 32), strconv.FormatFloat(float64(k.w), 'f', -1, 32))
	}
	return b.Bytes()
}

// escapeGram writes a gram a line cannot hold as it is (with a tab, a newline or a backslash,
// or opening with "#", which opens a rule's line, or with a quote) as a quoted Go string;
// unescapeGram reads it back.
func escapeGram(g string) string {
	if strings.ContainsAny(g, "\t\n\r\\") || strings.HasPrefix(g, "#") || strings.HasPrefix(g, `"`) {
		return strconv.Quote(g)
	}
	return g
}

func unescapeGram(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		return strconv.Unquote(s)
	}
	return s, nil
}

// ParseCorroborator reads a corroborator written by Marshal.
func ParseCorroborator(b []byte) (*Corroborator, error) {
	m := &Corroborator{rules: map[string]float64{}, grams: map[string]corroGram{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	bias := false
	// Grams' figures are held as float32: a number beyond its range would read as infinite.
	finite := func(v string) (float64, error) {
		x, err := strconv.ParseFloat(v, 64)
		if err == nil && (math.IsNaN(x) || math.IsInf(float64(float32(x)), 0)) {
			err = errors.New("not a finite number")
		}
		return x, err
	}
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(fields[0], "#") {
			if len(fields) != 2 {
				return nil, fmt.Errorf("line %d: want #name<TAB>weight", line)
			}
			w, err := finite(fields[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: weight %q: %w", line, fields[1], err)
			}
			switch n := fields[0]; {
			case n == ruleBias:
				if bias {
					return nil, fmt.Errorf("line %d: #bias given twice", line)
				}
				m.bias, bias = w, true
			case n == ruleScore || n == ruleHits || n == ruleKeep || strings.HasPrefix(n, ruleKind) && len(n) > len(ruleKind) ||
				strings.HasPrefix(n, ruleConcept) && len(n) > len(ruleConcept) || strings.HasPrefix(n, ruleCat) && len(n) > len(ruleCat):
				if _, dup := m.rules[n]; dup {
					return nil, fmt.Errorf("line %d: %s given twice", line, n)
				}
				m.rules[n] = w
			default:
				return nil, fmt.Errorf("line %d: unknown rule feature %q", line, n)
			}
			continue
		}
		if len(fields) != 3 {
			return nil, fmt.Errorf("line %d: want gram<TAB>idf<TAB>weight", line)
		}
		g, err := unescapeGram(fields[0])
		if err != nil || g == "" {
			return nil, fmt.Errorf("line %d: gram %q is not readable", line, fields[0])
		}
		idf, err := finite(fields[1])
		if err != nil || idf <= 0 {
			return nil, fmt.Errorf("line %d: idf %q must be a positive number", line, fields[1])
		}
		w, err := finite(fields[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: weight %q: %w", line, fields[2], err)
		}
		if _, dup := m.grams[g]; dup {
			return nil, fmt.Errorf("line %d: gram %q given twice", line, g)
		}
		m.grams[g] = corroGram{idf: float32(idf), w: float32(w)}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !bias {
		return nil, errors.New("no #bias line")
	}
	return m, nil
}

// The corroborator's training parameters (xinfang train-screening -corroborator): grams in at
// least five items, and the data weighed against the regularisation as chosen by the
// cross-validation (TestCorroboratorCrossValidation).
const (
	CorroboratorMinDocs = 5
	CorroboratorC       = 16
)
