package match

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// RepeatModel is a second reading of merging, learnt from labelled items rather than written
// as rules: logistic regression over Compare's own evidence (the person's signals, the details
// in common and differing, the streets, the kinds) and over how much *rare* wording two items
// share. Rare is measured by inverse document frequency of the character pairs over the
// labelled corpus: two follow-ups of one 低保 refusal share 低保 and 儿子名下 and little else,
// while one person's two matters share 街道, 反映 and 要求. The rules decide first; the model
// is asked only where they found the same person (the name, a polite form, a nickname or an
// identifier; see repeatAsked for where it is not) but not the same matter, and it merges only
// above a threshold chosen out of sample (RepeatModel.Threshold), saying so in the reasons with
// its score. Topics, the model's columns and the IDF table are in the model file.
//
// The model is data (configs/repeat_model.tsv), written by `xinfang train-matching` from
// labelled files in the bulk-import format.
type RepeatModel struct {
	Threshold float64 // merge at or above this probability; 1 turns the model off (no score reaches it)
	bias      float64
	weights   []float64 // over repeatFeatures, standardisation folded in
	// known: each character pair seen in at least topicMinDF documents of the corpus, with its
	// inverse document frequency and its topic — the cluster of the words it keeps company with
	// (topicClusters): 臭 and 气味 both come with 化工, 园区 and 晚上, 学位 and 积分 with 小学 and 租房.
	// Two items of one matter told in other words share topics where they share few pairs; one
	// person's two matters do not.
	known  map[uint32]pairStat
	unseen float32 // idf of a pair not known
	pairs  int     // pairs learnt from (not stored)
}

// pairStat is what the model knows of a character pair.
type pairStat struct {
	idf   float32
	topic uint16
}

// Pairs is how many labelled pairs the model was learnt from (0 for a model read from a file).
func (m *RepeatModel) Pairs() int { return m.pairs }

// repeatFeatureNames name repeatFeatures' values in the model file; a file naming others is
// refused (it was trained for another version of the features).
var repeatFeatureNames = []string{
	"person", "matter", "identifier", "name_equal", "polite", "nick", "named", "phone_conflict", "openid_conflict",
	"sim", "overlap", "details", "strong", "places", "looser", "topic", "kind_equal", "kind_unknown", "same_street",
	"one_street", "other_street", "same_district", "no_district", "refers_back", "for_many", "apart", "conflicts",
	"conflict_weight", "support", "named_things", "identifier_sim", "rare_cosine", "rare_containment", "rare_pairs",
	"identifier_rare_cosine", "topic_cosine", "identifier_topic_cosine", "low_topic",
}

// rareIDF: a character pair at least this rare (log inverse document frequency; 5 ≈ one
// document in 150) counts in rare_pairs.
const rareIDF = 5

// repeatAsked reports whether the model is asked about a pair: the rules found no merge, the
// person is one by a name, a polite form, a nickname or an identifier, no ID number differs,
// and nothing the rules read tells the two matters apart (another company, amount, estate,
// kind, an office of other work: those are what one person's two matters differ in, and what
// a model trained mostly on one matter per person would overlook). Never where the rules hold
// a merge back on purpose: a name one character off without an identifier (brothers are named
// so: 陈志刚/陈志强), a matter others share (a group petition: another member's letter reads the
// same) without an identifier in common, a polite form or nickname with an identifier of either
// side differing.
func repeatAsked(r Result, p float64, id Identity, d matterDetail, n, o *Features) bool {
	if r.Verdict >= Merge || r.apart || p < repeatMinPerson || id.IDConflict || d.hard > 0 || d.organ != "" {
		return false
	}
	if d.sim < learntMinSim {
		return false
	}
	if p < samePerson && (r.group || forMany(n, o)) {
		return false
	}
	if r.variant && !politeMatch(n, o) {
		return false
	}
	return p >= mergePerson*0.95 || !id.conflict()
}

// repeatMinPerson: the least person score the model is asked about (a polite form or a
// nickname without an identifier, 0.6).
const repeatMinPerson = 0.6

// learntMinSim: the least wording in common (bigram Jaccard) for the model to be asked. Below
// it the two texts share next to nothing — a fishing boat sold and a raft removed, one person's
// two matters told from one phone — and the model, learnt mostly on follow-ups, read them as
// one at 0.96–1.00. Out of fold (eight folds over 86 labelled files, the model relearnt with
// this floor): merge precision +12.5 points summed and recall +17.2 against no floor (at
// threshold 0.95); at 0.015 +13.6 / +19.2, at 0.035 +10.4 / +1.4 — 0.015 to 0.025 alike. In sample with the shipped model (learnt to eval67): on eval68–eval85, which
// it never saw, precision +14.7, recall −5.8; on the files it learnt from, recall −32
// (memorised pairs).
const learntMinSim = 0.025

// stat is a pair's inverse document frequency and topic (ok false: not known, the IDF of an
// unseen pair and no topic).
func (m *RepeatModel) stat(h uint32) (idf float64, topic uint16, ok bool) {
	if v, ok := m.known[h]; ok {
		return float64(v.idf), v.topic, true
	}
	return float64(m.unseen), 0, false
}

// repeatFeatures is the evidence the model weighs (named in repeatFeatureNames).
func repeatFeatures(m *RepeatModel, n, o *Features, id Identity, p float64, d matterDetail) []float64 {
	b := func(x bool) float64 {
		if x {
			return 1
		}
		return 0
	}
	// One walk over both items' sorted pairs: the IDF weight of each, of those in common, and
	// each item's topic profile (IDF summed by topic).
	var wn, wo, wc float64
	var tn, to [topicCount]float64
	rare := 0
	add := func(w *float64, prof *[topicCount]float64, h uint32) float64 {
		v, t, ok := m.stat(h)
		*w += v
		if ok {
			prof[t] += v
		}
		return v
	}
	i, j := 0, 0
	for i < len(n.Shingles) && j < len(o.Shingles) {
		switch a, c := n.Shingles[i], o.Shingles[j]; {
		case a == c:
			v := add(&wn, &tn, a)
			add(&wo, &to, c)
			wc += v
			if v >= rareIDF {
				rare++
			}
			i++
			j++
		case a < c:
			add(&wn, &tn, a)
			i++
		default:
			add(&wo, &to, c)
			j++
		}
	}
	for ; i < len(n.Shingles); i++ {
		add(&wn, &tn, n.Shingles[i])
	}
	for ; j < len(o.Shingles); j++ {
		add(&wo, &to, o.Shingles[j])
	}
	var cos, cont float64
	if wn > 0 && wo > 0 {
		cos = math.Sqrt(wc / math.Sqrt(wn*wo))
		cont = math.Sqrt(wc / min(wn, wo))
	}
	rareN := float64(min(rare, 6))
	identifier := b(id.SamePhone || id.SameID || id.SameOpenID)
	sim := math.Sqrt(d.sim)
	tc := cosine(tn[:], to[:])
	// (Nothing the rules read differs where the model is asked: no column for it.)
	return []float64{
		p, matterScore(d, n, o), identifier, b(n.Name != 0 && n.Name == o.Name), b(politeMatch(n, o)), b(nickMatch(n, o)),
		b(namedOnly(n, o)), b(id.PhoneConflict), b(id.OpenIDConflict),
		sim, math.Sqrt(d.overlap), float64(min(d.details, 4)), float64(min(d.strong, 3)), float64(d.places),
		float64(d.looser), b(d.topic), b(n.Category != 0 && n.Category == o.Category), b(n.Category == 0 || o.Category == 0),
		b(n.Street != "" && n.Street == o.Street), b((n.Street == "") != (o.Street == "")),
		b(n.Street != "" && o.Street != "" && n.Street != o.Street),
		b(n.District != "" && n.District == o.District), b(n.District == "" || o.District == ""), b(hasTagGroup(n, TagBack)),
		// (an unsure difference of kind among the conflicts, as the model was learnt)
		b(forMany(n, o)), b(hasTagGroup(n, TagApart) || hasTagGroup(o, TagApart)), float64(len(d.conflicts) + b2i(d.catSoft != "")),
		d.conflict, d.support, float64(d.strongEntities), identifier * sim, cos, cont, rareN,
		identifier * cos, tc, identifier * tc, b(tc < 0.2),
	}
}

// cosine is the cosine of two profiles (0 when either is empty).
func cosine(a, c []float64) float64 {
	var dot, na, nc float64
	for t := range a {
		dot += a[t] * c[t]
		na += a[t] * a[t]
		nc += c[t] * c[t]
	}
	if na == 0 || nc == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nc)
}

// Topics: how many clusters, of the pairs found in at least topicMinDF documents (the pairs the
// model keeps), over vectors of topicDims dimensions.
const (
	topicCount = 256
	topicMinDF = 3
	topicDims  = 128
)

// topicClusters clusters the character pairs by the company they keep: each pair's vector is
// the sum, over the documents it appears in, of the document's random-indexing vector (every
// other pair's fixed random ±1 signature, weighted by its inverse document frequency), centred
// and normalised; spherical k-means then groups them. Deterministic.
func topicClusters(docs [][]uint32, idf map[uint32]float32) map[uint32]uint16 {
	var vocab []uint32
	for h := range idf {
		vocab = append(vocab, h)
	}
	slices.Sort(vocab)
	index := make(map[uint32]int, len(vocab))
	for i, h := range vocab {
		index[h] = i
	}
	sign := func(h uint32, k int) float32 {
		if mixHash(uint64(h)<<16|uint64(k))&1 == 0 {
			return -1
		}
		return 1
	}
	vec := make([][]float32, len(vocab))
	for i := range vec {
		vec[i] = make([]float32, topicDims)
	}
	var dv [topicDims]float32
	for _, d := range docs {
		clear(dv[:])
		for _, h := range d {
			if _, ok := index[h]; !ok {
				continue
			}
			w := idf[h]
			for k := range dv {
				dv[k] += w * sign(h, k)
			}
		}
		for _, h := range d {
			i, ok := index[h]
			if !ok {
				continue
			}
			w := idf[h]
			for k := range dv {
				vec[i][k] += dv[k] - w*sign(h, k) // the company, not the pair itself
			}
		}
	}
	var mean [topicDims]float64
	for _, v := range vec {
		normalise(v)
		for k, x := range v {
			mean[k] += float64(x)
		}
	}
	for _, v := range vec {
		for k := range v {
			v[k] -= float32(mean[k] / float64(len(vec)))
		}
		normalise(v)
	}
	// Spherical k-means, seeded with pairs spread evenly over the sorted vocabulary.
	k := min(topicCount, len(vec))
	cent := make([][]float32, k)
	for c := range cent {
		cent[c] = slices.Clone(vec[c*len(vec)/k])
	}
	assign := make([]uint16, len(vec))
	for range 12 {
		for i, v := range vec {
			best, bestDot := 0, float32(-2)
			for c, ce := range cent {
				var dot float32
				for j, x := range v {
					dot += x * ce[j]
				}
				if dot > bestDot {
					best, bestDot = c, dot
				}
			}
			assign[i] = uint16(best)
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range vec {
			ce := cent[assign[i]]
			for j, x := range v {
				ce[j] += x
			}
		}
		for c := range cent {
			normalise(cent[c])
		}
	}
	out := make(map[uint32]uint16, len(vocab))
	for i, h := range vocab {
		out[h] = assign[i]
	}
	return out
}

func normalise(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	f := float32(1 / math.Sqrt(n))
	for i := range v {
		v[i] *= f
	}
}

// score is the model's probability that the pair is one person's one matter.
func (m *RepeatModel) score(x []float64) float64 {
	s := m.bias
	for k, v := range x {
		s += m.weights[k] * v
	}
	return 1 / (1 + math.Exp(-max(-30, min(30, s))))
}

// second applies the model to a result of the rules (Compare).
func (m *RepeatModel) second(r Result, n, o *Features, id Identity, p float64, d matterDetail) Result {
	if m == nil || !repeatAsked(r, p, id, d, n, o) {
		return r
	}
	s := m.score(repeatFeatures(m, n, o, id, p, d))
	if s < m.Threshold {
		return r
	}
	r.ruled = r.Verdict
	r.Verdict = Merge
	r.learnt = true
	r.Reasons = append(r.Reasons, fmt.Sprintf("%s %.2f", learntReason, s))
	return r
}

// learntReason: the learnt second reading merged the pair (RepeatModel.second), followed by
// its score.
const learntReason = "同一人，学习模型判断为同一事项的再次来件，置信度"

func learntReasonOf(s string) bool { return strings.HasPrefix(s, learntReason) }

// RepeatExample is one labelled item for TrainRepeatModel: the item, whose person and which
// of their matters it is (labels compared within one set only).
type RepeatExample struct {
	Doc            Doc
	Channel        string // as imported: a mini-program's openids are another app's than the official account's
	Person, Matter string
}

// TrainRepeatModel learns a model from labelled sets (each a slice of items in the order
// they arrived; labels are compared within a set only). Every earlier item of a set is a
// candidate, as if retrieved; the pairs the model would be asked about (repeatAsked) are its
// examples. Deterministic: the same sets give the same model.
func TrainRepeatModel(sets [][]RepeatExample, threshold float64) (*RepeatModel, error) {
	if len(sets) == 0 {
		return nil, errors.New("no labelled sets")
	}
	feats := make([][]*Features, len(sets))
	df := map[uint32]int{}
	var shingles [][]uint32
	for s, set := range sets {
		feats[s] = make([]*Features, len(set))
		for i, e := range set {
			f := Extract(e.Doc)
			feats[s][i] = f
			shingles = append(shingles, f.Shingles)
			for _, h := range f.Shingles {
				df[h]++
			}
		}
	}
	docs := len(shingles)
	// A pair found in fewer documents is as rare as one never seen (their IDF differs by less
	// than half a point) and has too little company to be placed in a topic.
	m := &RepeatModel{Threshold: threshold, known: map[uint32]pairStat{}, unseen: float32(math.Log(float64(docs+1) / 2))}
	idf := map[uint32]float32{}
	for h, c := range df {
		if c >= topicMinDF {
			idf[h] = float32(math.Log(float64(docs+1) / float64(c+1)))
		}
	}
	for h, t := range topicClusters(shingles, idf) {
		m.known[h] = pairStat{idf: idf[h], topic: t}
	}
	var xs [][]float64
	var ys []float64
	for s, set := range sets {
		for i := range set {
			for j := range i {
				n, o := feats[s][i], feats[s][j]
				x, ok := m.examine(n, o, set[i], set[j])
				if !ok {
					continue
				}
				xs = append(xs, x)
				ys = append(ys, b2f(set[i].Person == set[j].Person && set[i].Matter == set[j].Matter))
			}
		}
	}
	if len(xs) == 0 {
		return nil, errors.New("no pair of the same person without a merge by the rules: nothing to learn")
	}
	m.bias, m.weights = logistic(xs, ys)
	m.pairs = len(xs)
	return m, nil
}

// examine returns the features of a pair the model would be asked about, the identifiers
// compared as the store compares them (openids only within one WeChat app).
func (m *RepeatModel) examine(n, o *Features, en, eo RepeatExample) ([]float64, bool) {
	id := plainIdentity(en.Doc, eo.Doc, en.Channel, eo.Channel)
	loose := id
	loose.PhoneConflict = false // compare may clear it (a phone said to be new): p at its highest
	if p, _ := personScore(n, o, loose); p < repeatMinPerson {
		return nil, false
	}
	r, p, d := compare(n, o, id)
	if !repeatAsked(r, p, id, d, n, o) {
		return nil, false
	}
	return repeatFeatures(m, n, o, id, p, d), true
}

// plainIdentity compares two labelled items' identifiers in the clear as the store compares
// their blind indexes: openids conflict only within one WeChat app (a person's official-account
// and mini-program openids differ by design).
func plainIdentity(n, o Doc, nChannel, oChannel string) Identity {
	return Identity{
		SamePhone: n.Phone != "" && n.Phone == o.Phone, PhoneConflict: n.Phone != "" && o.Phone != "" && n.Phone != o.Phone,
		SameID: n.IDNumber != "" && n.IDNumber == o.IDNumber, IDConflict: n.IDNumber != "" && o.IDNumber != "" && n.IDNumber != o.IDNumber,
		SameOpenID:     n.OpenID != "" && n.OpenID == o.OpenID,
		OpenIDConflict: n.OpenID != "" && o.OpenID != "" && n.OpenID != o.OpenID && (nChannel == "miniprogram") == (oChannel == "miniprogram"),
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// logistic fits L2-regularised logistic regression by stochastic gradient descent on
// standardised features, and returns the weights on the raw features.
func logistic(xs [][]float64, ys []float64) (float64, []float64) {
	const epochs, rate, l2 = 15, 0.05, 1e-3
	k := len(xs[0])
	mu, sd := make([]float64, k), make([]float64, k)
	for _, x := range xs {
		for f, v := range x {
			mu[f] += v
		}
	}
	for f := range mu {
		mu[f] /= float64(len(xs))
	}
	for _, x := range xs {
		for f, v := range x {
			sd[f] += (v - mu[f]) * (v - mu[f])
		}
	}
	for f := range sd {
		sd[f] = max(math.Sqrt(sd[f]/float64(len(xs))), 1e-6)
	}
	z := make([][]float64, len(xs))
	for i, x := range xs {
		z[i] = make([]float64, k)
		for f, v := range x {
			z[i][f] = (v - mu[f]) / sd[f]
		}
	}
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	w := make([]float64, k)
	var bias float64
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			s := bias
			for f, v := range z[i] {
				s += w[f] * v
			}
			g := 1/(1+math.Exp(-max(-30, min(30, s)))) - ys[i]
			bias -= rate * g
			for f, v := range z[i] {
				w[f] -= rate * (g*v + l2*w[f])
			}
		}
	}
	raw := make([]float64, k)
	for f := range w {
		raw[f] = w[f] / sd[f]
		bias -= w[f] * mu[f] / sd[f]
	}
	return bias, raw
}

// Marshal writes the model as text: the threshold, the bias and the weights by feature name,
// then each known character pair's hash, inverse document frequency and topic.
func (m *RepeatModel) Marshal() []byte {
	var b bytes.Buffer
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	fmt.Fprintf(&b, "#threshold\t%s\n#bias\t%s\n#unseen\t%s\n", f(m.Threshold), f(m.bias), f(float64(m.unseen)))
	for k, name := range repeatFeatureNames {
		fmt.Fprintf(&b, "#w.%s\t%s\n", name, f(m.weights[k]))
	}
	hs := make([]uint32, 0, len(m.known))
	for h := range m.known {
		hs = append(hs, h)
	}
	slices.SortFunc(hs, cmp.Compare)
	for _, h := range hs {
		fmt.Fprintf(&b, "%08x\t%s\t%d\n", h, strconv.FormatFloat(float64(m.known[h].idf), 'f', 3, 32), m.known[h].topic)
	}
	return b.Bytes()
}

// ParseRepeatModel reads a model written by Marshal.
func ParseRepeatModel(b []byte) (*RepeatModel, error) {
	m := &RepeatModel{known: map[uint32]pairStat{}, weights: make([]float64, len(repeatFeatureNames))}
	index := map[string]int{}
	for k, name := range repeatFeatureNames {
		index[name] = k
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" {
			continue
		}
		key, val, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want key<TAB>value", line)
		}
		val, topic, hasTopic := strings.Cut(val, "\t")
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("line %d: value %q is not a finite number", line, val)
		}
		if !strings.HasPrefix(key, "#") {
			h, err := strconv.ParseUint(key, 16, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: pair hash %q: %w", line, key, err)
			}
			if _, dup := m.known[uint32(h)]; dup {
				return nil, fmt.Errorf("line %d: pair hash %s given twice", line, key)
			}
			if v < 0 {
				return nil, fmt.Errorf("line %d: inverse document frequency %g is negative", line, v)
			}
			t, err := strconv.ParseUint(topic, 10, 16)
			if !hasTopic || err != nil || t >= topicCount {
				return nil, fmt.Errorf("line %d: topic %q is not a number below %d", line, topic, topicCount)
			}
			m.known[uint32(h)] = pairStat{idf: float32(v), topic: uint16(t)}
			continue
		}
		if hasTopic {
			return nil, fmt.Errorf("line %d: %s takes one value", line, key)
		}
		if seen[key] {
			return nil, fmt.Errorf("line %d: %s given twice", line, key)
		}
		seen[key] = true
		switch {
		case key == "#threshold":
			m.Threshold = v
		case key == "#bias":
			m.bias = v
		case key == "#unseen":
			if v < 0 {
				return nil, fmt.Errorf("line %d: #unseen %g is negative", line, v)
			}
			m.unseen = float32(v)
		case strings.HasPrefix(key, "#w."):
			k, ok := index[key[3:]]
			if !ok {
				return nil, fmt.Errorf("line %d: unknown feature %q (the model was trained for another version)", line, key[3:])
			}
			m.weights[k] = v
		default:
			return nil, fmt.Errorf("line %d: unknown key %q", line, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, k := range []string{"#threshold", "#bias", "#unseen"} {
		if !seen[k] {
			return nil, fmt.Errorf("no %s line", k)
		}
	}
	for _, name := range repeatFeatureNames {
		if !seen["#w."+name] {
			return nil, fmt.Errorf("no weight for feature %q", name)
		}
	}
	if !(m.Threshold > 0 && m.Threshold <= 1) {
		return nil, fmt.Errorf("threshold %g must be above 0 and at most 1 (1: the model never merges)", m.Threshold)
	}
	return m, nil
}
