package match

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Model is a second reading of screening, learnt from labelled items rather than written as
// rules: naive Bayes over the text's character pairs and triples, each weighing how much more
// often it appears in non-petitions than in petitions (log odds; positive leans non-petition).
// The taxonomy's rules decide and explain; the model only doubts them (Taxonomy.screen): a rule
// that would screen out a text the model reads as a petition is kept for the registrar, and a
// text the rules keep but the model firmly reads as another channel's matter goes to the
// registrar's confirmation queue. It never screens anything out on its own.
//
// The model is data (configs/screening_model.tsv), written by `xinfang train-screening` from
// labelled files in the bulk-import format.
type Model struct {
	prior   float64 // log odds of a non-petition before reading the text
	weights map[string]float32
}

// ModelExample is one labelled text for TrainModel.
type ModelExample struct {
	Content    string
	Department string // the department the item was addressed to, if any (the corroborator reads it)
	Petition   bool
}

// modelGrams calls f with each character pair and triple of a normalised text's words (Han
// characters, digits, letters; punctuation and spaces separate words), as substrings of one
// string, repeats included.
func modelGrams(n []rune, f func(g string)) {
	text := string(n)
	var starts []int // byte offsets of the current word's runes
	flush := func(end int) {
		for size := 2; size <= 3; size++ {
			for j := 0; j+size <= len(starts); j++ {
				stop := end
				if j+size < len(starts) {
					stop = starts[j+size]
				}
				f(text[starts[j]:stop])
			}
		}
		starts = starts[:0]
	}
	for i, r := range text {
		if wordRune(r) {
			starts = append(starts, i)
		} else {
			flush(i)
		}
	}
	flush(len(text))
}

// distinctGrams lists a normalised text's grams once each.
func distinctGrams(n []rune) []string {
	seen := map[string]bool{}
	var out []string
	modelGrams(n, func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	})
	return out
}

// TrainModel counts in how many petitions and non-petitions each gram appears and keeps the
// grams seen at least minCount times whose log odds reach prune either way (smoothing 1).
func TrainModel(examples []ModelExample, minCount int, prune float64) (*Model, error) {
	var docs [2]float64 // 0 non-petition, 1 petition
	counts := map[string]*[2]float64{}
	for _, e := range examples {
		c := 0
		if e.Petition {
			c = 1
		}
		docs[c]++
		for _, g := range distinctGrams(normalize(e.Content)) {
			n := counts[g]
			if n == nil {
				n = new([2]float64)
				counts[g] = n
			}
			n[c]++
		}
	}
	if docs[0] == 0 || docs[1] == 0 {
		return nil, fmt.Errorf("training needs petitions and non-petitions: %d and %d given", int(docs[1]), int(docs[0]))
	}
	m := &Model{prior: math.Log(docs[0] / docs[1]), weights: map[string]float32{}}
	for g, n := range counts {
		if n[0]+n[1] < float64(minCount) {
			continue
		}
		w := math.Log((n[0] + 1) / (docs[0] + 2) / ((n[1] + 1) / (docs[1] + 2)))
		if math.Abs(w) >= prune {
			m.weights[g] = float32(math.Round(w*1000) / 1000)
		}
	}
	return m, nil
}

// Len is the number of grams the model weighs.
func (m *Model) Len() int { return len(m.weights) }

// ModelReading is the model's reading of one text: its log odds of a non-petition and the
// grams that weighed most each way, for the registrar.
type ModelReading struct {
	Score    float64
	Petition []string // the grams that read most as a petition, strongest first
	Other    []string // the grams that read most as another channel's matter
}

// Read scores a text.
func (m *Model) Read(content string) ModelReading { return m.read(normalize(content)) }

func (m *Model) read(norm []rune) ModelReading {
	type gw struct {
		g string
		w float32
	}
	r := ModelReading{Score: m.prior}
	var hits []gw
	modelGrams(norm, func(g string) {
		if w, ok := m.weights[g]; ok {
			hits = append(hits, gw{g, w})
		}
	})
	// Each gram counts once, however often the text repeats it.
	slices.SortFunc(hits, func(a, b gw) int { return cmp.Or(cmp.Compare(a.w, b.w), strings.Compare(a.g, b.g)) })
	hits = slices.CompactFunc(hits, func(a, b gw) bool { return a.g == b.g })
	for _, h := range hits {
		r.Score += float64(h.w)
	}
	for i := 0; i < len(hits) && len(r.Petition) < 3 && hits[i].w < 0; i++ {
		r.Petition = addReason(r.Petition, hits[i].g)
	}
	for i := len(hits) - 1; i >= 0 && len(r.Other) < 3 && hits[i].w > 0; i-- {
		r.Other = addReason(r.Other, hits[i].g)
	}
	return r
}

// addReason adds a gram of Han characters to the reasons unless it overlaps one there (退剩
// beside 退剩下): three different words say more than one word three times.
func addReason(reasons []string, g string) []string {
	if strings.ContainsFunc(g, func(r rune) bool { return !isHan(r) }) {
		return reasons // digits and letters: a fragment of a phone or ID number says nothing to show
	}
	for _, r := range reasons {
		if strings.Contains(r, g) || strings.Contains(g, r) || overlaps(r, g) || overlaps(g, r) {
			return reasons
		}
	}
	return append(reasons, g)
}

// overlaps: a's end is b's start (想退 and 退剩 come from 想退剩).
func overlaps(a, b string) bool {
	ar, br := []rune(a), []rune(b)
	for n := 1; n < len(ar) && n < len(br); n++ {
		if string(ar[len(ar)-n:]) == string(br[:n]) {
			return true
		}
	}
	return false
}

// Marshal writes the model as text: a "#prior" line, then one "gram<TAB>weight" line per gram,
// sorted, so that a retrained model diffs line by line.
func (m *Model) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "#prior\t%s\n", strconv.FormatFloat(m.prior, 'f', 6, 64))
	grams := make([]string, 0, len(m.weights))
	for g := range m.weights {
		grams = append(grams, g)
	}
	slices.Sort(grams)
	for _, g := range grams {
		fmt.Fprintf(&b, "%s\t%s\n", g, strconv.FormatFloat(float64(m.weights[g]), 'f', -1, 32))
	}
	return b.Bytes()
}

// ParseModel reads a model written by Marshal.
func ParseModel(b []byte) (*Model, error) {
	m := &Model{weights: map[string]float32{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line, prior := 0, false
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" {
			continue
		}
		g, v, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want gram<TAB>weight", line)
		}
		w, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: weight %q: %w", line, v, err)
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("line %d: weight %q is not a finite number", line, v)
		}
		if g == "#prior" {
			if prior {
				return nil, fmt.Errorf("line %d: #prior given twice", line)
			}
			m.prior, prior = w, true
			continue
		}
		if _, dup := m.weights[g]; dup {
			return nil, fmt.Errorf("line %d: gram %q given twice", line, g)
		}
		m.weights[g] = float32(w)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !prior {
		return nil, fmt.Errorf("no #prior line")
	}
	return m, nil
}
