package match

import (
	"math/rand"
	"os"
	"testing"
)

func perturb(items []*evalItem, seed int64, typos int, distRate, phoneDrop float64) []*evalItem {
	rng := rand.New(rand.NewSource(seed))
	dists := []string{"福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "盐田区", "大鹏新区"}
	out := make([]*evalItem, len(items))
	for i, it := range items {
		c := *it
		r := []rune(c.Content)
		for k := 0; k < typos && len(r) > 2; k++ {
			p := rng.Intn(len(r))
			r = append(r[:p:p], r[p+1:]...)
		}
		c.Content = string(r)
		if rng.Float64() < distRate {
			c.District = dists[rng.Intn(len(dists))]
		}
		if rng.Float64() < phoneDrop {
			c.Phone = ""
		}
		out[i] = &c
	}
	return out
}

func TestExperimentPerturb(t *testing.T) {
	path := os.Getenv("XF_MATCH_XP")
	if path == "" {
		t.Skip()
	}
	all := loadEval(t, path)
	dir := t.TempDir()
	for _, cfg := range []struct {
		typos       int
		dist, phone float64
	}{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}, {0, 0.2, 0}, {0, 0, 0.5}, {2, 0.2, 0.5}} {
		items := perturb(all, 7, cfg.typos, cfg.dist, cfg.phone)
		res := simulate(items, false)
		p, r, f1, s, _ := score(t, dir, "xp", items, res)
		t.Logf("typos=%d dist=%.1f phoneDrop=%.1f: P %.3f R %.3f F1 %.3f S %.3f reviews %d cand %.1f",
			cfg.typos, cfg.dist, cfg.phone, p, r, f1, s, res.stats.reviews, float64(res.stats.candidates)/float64(res.stats.items))
	}
}

func TestExperimentDump(t *testing.T) {
	path := os.Getenv("XF_MATCH_XP")
	if path == "" {
		t.Skip()
	}
	all := loadEval(t, path)
	var tune []*evalItem
	for _, it := range all {
		if matterHalf(it.Truth.Matter) == 0 {
			tune = append(tune, it)
		}
	}
	items := perturb(tune, 7, 2, 0, 0)
	res := simulate(items, true)
	dumpErrors(t, items, res)
}
