package service

import (
	"sort"
	"strings"
)

// Unit levels.
const (
	UnitCity     = "city"     // 市直单位
	UnitDistrict = "district" // 区级责任单位 (a district's own, or a city unit's branch there)
	UnitStreet   = "street"   // 街道办事处 / 镇人民政府
)

// Office is one of the bureau's own offices. The three 协调化解处 handle cases (Handles); each
// owns its districts, and the one marked CityLevel owns matters about city-level units.
type Office struct {
	Code      string
	Name      string
	Aliases   []string
	Handles   bool
	CityLevel bool
	Districts []string
}

// Unit is an organisation outside the bureau a matter is about, or a case is forwarded (转送)
// or assigned (交办) to.
type Unit struct {
	Name     string // the full, canonical name
	Short    string // the name people use (市人社局)
	Level    string // UnitCity, UnitDistrict or UnitStreet
	District string // for district and street units
	Parent   string // a city unit's branch: the city unit's name
}

// CityUnit describes a city-level unit for NewDirectory: Branch is the word that ends the names
// of its district branches (监管局 in 深圳市市场监督管理局龙岗监管局), empty when it has none.
type CityUnit struct {
	Name, Short, Branch string
	Aliases             []string
}

// Directory is the directory of units (单位目录): the bureau's offices, the city-level units
// and the district-level ones, each found by any of its names.
type Directory struct {
	offices   []Office
	units     []Unit
	office    map[string]*Office
	unit      map[string]int
	city      []CityUnit
	districts map[string][]string
}

// NewDirectory builds the directory. districts maps each district to its streets; every
// district gets the units named by districtUnits ("{d}人民政府": {d} is the district) and one unit
// per street.
func NewDirectory(offices []Office, city []CityUnit, districtUnits []string, districts map[string][]string) *Directory {
	d := &Directory{offices: offices, office: map[string]*Office{}, unit: map[string]int{}, city: city, districts: districts}
	for i := range d.offices {
		o := &d.offices[i]
		for _, n := range append([]string{o.Code, o.Name}, o.Aliases...) {
			d.office[normName(n)] = o
		}
	}
	add := func(u Unit, names ...string) {
		i := len(d.units)
		d.units = append(d.units, u)
		for _, n := range append([]string{u.Name, u.Short}, names...) {
			if n != "" {
				d.unit[normName(n)] = i
			}
		}
	}
	for _, c := range city {
		add(Unit{Name: c.Name, Short: c.Short, Level: UnitCity}, c.Aliases...)
	}
	names := make([]string, 0, len(districts))
	for dist := range districts {
		names = append(names, dist)
	}
	sort.Strings(names)
	for _, dist := range names {
		for _, tpl := range districtUnits {
			add(Unit{Name: strings.ReplaceAll(tpl, "{d}", dist), Level: UnitDistrict, District: dist})
		}
		for _, st := range districts[dist] {
			suffix := "办事处"
			if strings.HasSuffix(st, "镇") {
				suffix = "人民政府"
			}
			add(Unit{Name: dist + st + suffix, Short: st, Level: UnitStreet, District: dist}, dist+st)
		}
	}
	return d
}

// normName is a name as it is compared: without spaces and brackets' contents kept.
func normName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u3000':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// Offices lists the bureau's offices in their order.
func (d *Directory) Offices() []Office { return d.offices }

// Office finds an office by its code, name or another name (一处 is office1).
func (d *Directory) Office(name string) (*Office, bool) {
	o, ok := d.office[normName(name)]
	return o, ok
}

// OfficeOfDistrict is the 协调化解处 that owns district.
func (d *Directory) OfficeOfDistrict(district string) (*Office, bool) {
	for i := range d.offices {
		for _, x := range d.offices[i].Districts {
			if x == district {
				return &d.offices[i], true
			}
		}
	}
	return nil, false
}

// CityLevelOffice is the 协调化解处 of matters about city-level units.
func (d *Directory) CityLevelOffice() (*Office, bool) {
	for i := range d.offices {
		if d.offices[i].CityLevel {
			return &d.offices[i], true
		}
	}
	return nil, false
}

// Units lists every unit, city-level first.
func (d *Directory) Units() []Unit { return d.units }

// Unit finds a unit by its full name, short name or another name; a city unit's district branch
// (深圳市市场监督管理局龙岗监管局, 市公安局福田分局) is found as a district unit of that district.
func (d *Directory) Unit(name string) (*Unit, bool) {
	n := normName(name)
	if n == "" {
		return nil, false
	}
	if i, ok := d.unit[n]; ok {
		return &d.units[i], true
	}
	return d.branch(n)
}

// branch recognises "<city unit><district>…<branch word>".
func (d *Directory) branch(n string) (*Unit, bool) {
	for _, c := range d.city {
		if c.Branch == "" || !strings.HasSuffix(n, c.Branch) {
			continue
		}
		for _, head := range append([]string{c.Name, c.Short}, c.Aliases...) {
			rest, ok := strings.CutPrefix(n, normName(head))
			if !ok || rest == c.Branch {
				continue
			}
			place := strings.TrimSuffix(rest, c.Branch)
			for dist := range d.districts {
				if place == dist || place == districtShort(dist) {
					return &Unit{Name: c.Name + districtShort(dist) + c.Branch, Short: districtShort(dist) + c.Branch, Level: UnitDistrict,
						District: dist, Parent: c.Name}, true
				}
			}
		}
	}
	return nil, false
}

// districtShort is a district's name without 区/新区/特别合作区: 龙岗, 大鹏, 深汕.
func districtShort(dist string) string {
	for _, suffix := range []string{"特别合作区", "新区", "区"} {
		if s, ok := strings.CutSuffix(dist, suffix); ok {
			return s
		}
	}
	return dist
}

// Canonical is name's full unit name when the directory knows it, else name as given.
func (d *Directory) Canonical(name string) string {
	if u, ok := d.Unit(name); ok {
		return u.Name
	}
	return strings.TrimSpace(name)
}

// RouteOffice is the office of a matter in district about department: a city-level unit's
// matters go to the city-level office; a district unit, a city unit's branch, a street or an
// organisation not in the directory (a company, a landlord) follow the district.
func (d *Directory) RouteOffice(district, department string) (*Office, bool) {
	if u, ok := d.Unit(department); ok {
		if u.Level == UnitCity {
			return d.CityLevelOffice()
		}
		if u.District != "" {
			district = u.District
		}
	}
	return d.OfficeOfDistrict(district)
}
