package service_test

import (
	"testing"

	"github.com/szxinfang/xinfang/service/servicetest"
)

// The directory finds a unit by any of its names; a city unit's district branch follows its
// district, not the city-level office.
func TestDirectoryOfUnits(t *testing.T) {
	units := servicetest.Data(t).Units
	for name, want := range map[string]string{
		"市人社局": "深圳市人力资源和社会保障局",
		"人社局":  "深圳市人力资源和社会保障局",
		"深圳市人力资源和社会保障局":   "深圳市人力资源和社会保障局",
		"市市场监管局":          "深圳市市场监督管理局",
		"深圳市市场监督管理局龙岗监管局": "深圳市市场监督管理局龙岗监管局",
		"市公安局福田分局":        "深圳市公安局福田分局",
		"龙岗区住房和建设局":       "龙岗区住房和建设局",
		"坂田街道":            "龙岗区坂田街道办事处",
		"鹅埠镇":             "深汕特别合作区鹅埠镇人民政府",
	} {
		u, ok := units.Unit(name)
		if !ok || u.Name != want {
			t.Errorf("Unit(%q) = %+v, %v; want %s", name, u, ok, want)
		}
	}
	if _, ok := units.Unit("深圳市宏达电子有限公司"); ok {
		t.Error("a company is not a unit")
	}
	for _, tc := range []struct{ district, department, office string }{
		{"龙岗区", "深圳市市场监督管理局龙岗监管局", "office1"}, // a branch follows its district
		{"福田区", "市人社局", "office3"},            // a city-level unit
		{"福田区", "人社局", "office3"},
		{"福田区", "深圳市宏达电子有限公司", "office2"}, // a company: the district decides
		{"南山区", "", "office2"},
		{"南山区", "龙岗区住房和建设局", "office1"}, // the unit's district, not the one named
	} {
		o, ok := units.RouteOffice(tc.district, tc.department)
		if !ok || o.Code != tc.office {
			t.Errorf("RouteOffice(%s, %s) = %+v; want %s", tc.district, tc.department, o, tc.office)
		}
	}
	for name, code := range map[string]string{"一处": "office1", "协调化解二处": "office2", "office3": "office3", "接访转交处": "reception"} {
		if o, ok := units.Office(name); !ok || o.Code != code {
			t.Errorf("Office(%q) = %+v", name, o)
		}
	}
}
