package match

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	f, err := os.Open(os.Getenv("ZZ_TEXTS"))
	if err != nil {
		t.Skip()
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		s := shipped.Screen(Doc{Content: sc.Text()})
		a := analyze(Doc{Content: sc.Text()})
		best, bs := 0, 0.0
		for c, v := range a.scores {
			if !shipped.isDisputeCategory(c) && v > bs {
				best, bs = c, v
			}
		}
		fmt.Printf("np=%v unc=%v kind=%s score=%.1f pet=%s:%.1f hits=%v | %.40s\n", s.NonPetition, s.Uncertain, s.Kind, s.Score, Categories[best], bs, s.Hits, sc.Text())
	}
}

func TestZZPair(t *testing.T) {
	path, a, b := os.Getenv("ZZ_FILE"), os.Getenv("ZZ_A"), os.Getenv("ZZ_B")
	if path == "" {
		t.Skip()
	}
	items := loadEval(t, path)
	var x, y *evalItem
	for _, it := range items {
		if it.ExternalID == a {
			x = it
		}
		if it.ExternalID == b {
			y = it
		}
	}
	fx, fy := Extract(x.doc()), Extract(y.doc())
	id := Identity{SamePhone: x.Phone != "" && x.Phone == y.Phone, SameID: x.IDNumber != "" && x.IDNumber == y.IDNumber,
		SameOpenID: x.OpenID != "" && x.OpenID == y.OpenID, PhoneConflict: x.Phone != "" && y.Phone != "" && x.Phone != y.Phone,
		IDConflict: x.IDNumber != "" && y.IDNumber != "" && x.IDNumber != y.IDNumber}
	r := Compare(fx, fy, id)
	d := matterEvidence(fx, fy)
	fmt.Printf("verdict=%v P=%.2f M=%.2f kin=%v topic=%v thin=%v group=%v\n d=%+v\n %v\n nf: %s\n of: %s\n", r.Verdict, r.Person, r.Matter, r.kin, r.topic, r.thin, r.group, d, r.Reasons, featStr(fx), featStr(fy))
}
