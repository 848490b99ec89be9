package configs

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/cases/match"
	"github.com/szxinfang/xinfang/service/notify"
)

// Data is every data file beside config.yaml, loaded and checked against each other.
type Data struct {
	// Templates are the SMS templates; Templates.WeChat lists, per enabled WeChat channel, the
	// kinds with a WeChat template.
	Templates *notify.Templates
	WeChat    *WeChatData
	Calendar  *service.Calendar
	Booking   *booking.Config
	Routing   *cases.RoutingConfig
	Units     *service.Directory
	Deadlines *cases.Rules
}

// LoadData reads and checks the data files of dir (the embedded ones when dir is empty), with
// {base} in links replaced by publicURL. Only the WeChat channels in enabled (those configured)
// get templates; for the others the services send SMS alone.
func LoadData(dir, publicURL string, enabled ...string) (*Data, error) {
	var d Data
	var err error
	if d.Templates, err = Templates(dir); err != nil {
		return nil, err
	}
	if d.WeChat, err = LoadWeChat(dir, publicURL); err != nil {
		return nil, err
	}
	d.Templates.WeChat = map[string]map[string]bool{}
	for channel, kinds := range d.WeChat.Notifications {
		for kind, t := range kinds {
			if err := checkWeChatTemplate(d.Templates, channel, kind, t); err != nil {
				return nil, err
			}
			if slices.Contains(enabled, channel) {
				if d.Templates.WeChat[channel] == nil {
					d.Templates.WeChat[channel] = map[string]bool{}
				}
				d.Templates.WeChat[channel][kind] = true
			}
		}
	}
	if d.Calendar, err = Calendar(dir); err != nil {
		return nil, err
	}
	if d.Booking, err = BookingConfig(dir, d.Templates.MaxLen); err != nil {
		return nil, err
	}
	if d.Units, err = Directory(dir); err != nil {
		return nil, err
	}
	if d.Routing, err = Routing(dir, d.Units); err != nil {
		return nil, err
	}
	if d.Deadlines, err = Deadlines(dir, d.Calendar); err != nil {
		return nil, err
	}
	return &d, nil
}

// checkWeChatTemplate: a WeChat notification stands for an SMS kind, and its fields may use only
// that kind's parameters (the same values fill both).
func checkWeChatTemplate(sms *notify.Templates, channel, kind string, t WeChatTemplate) error {
	st, ok := sms.ByKind[kind]
	if !ok {
		return fmt.Errorf("wechat.yaml: notifications.%s.%s: no SMS template of that kind", channel, kind)
	}
	for field, text := range t.Fields {
		params, err := TemplateParams(text)
		if err != nil {
			return fmt.Errorf("wechat.yaml: notifications.%s.%s.%s: %w", channel, kind, field, err)
		}
		for _, param := range params {
			if !slices.Contains(st.Params, param) {
				return fmt.Errorf("wechat.yaml: notifications.%s.%s.%s uses ${%s}, which %s does not have", channel, kind, field, param, kind)
			}
		}
	}
	return nil
}

// Templates builds the SMS templates of sms.yaml.
func Templates(dir string) (*notify.Templates, error) {
	st, err := LoadSMSTemplates(dir)
	if err != nil {
		return nil, err
	}
	t := &notify.Templates{MaxLen: st.MaxLen, ByKind: map[string]notify.Template{}}
	for kind, v := range st.Templates {
		t.ByKind[kind] = notify.Template{Code: v.Code, Text: v.Text, Params: v.Params}
	}
	return t, nil
}

// Calendar builds the working-day calendar of holidays.yaml.
func Calendar(dir string) (*service.Calendar, error) {
	hf, err := LoadHolidays(dir)
	if err != nil {
		return nil, err
	}
	var years []service.CalendarYear
	for year, y := range hf.Years {
		cy := service.CalendarYear{Year: year, Status: y.Status, Workdays: map[service.Date]string{}}
		for _, h := range y.Holidays {
			from, err1 := service.ParseDate(h.From)
			to, err2 := service.ParseDate(h.To)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("holidays.yaml: %d %s: dates must be YYYY-MM-DD", year, h.Name)
			}
			cy.Holidays = append(cy.Holidays, service.HolidayRange{Name: h.Name, From: from, To: to})
		}
		for _, w := range y.Workdays {
			d, err := service.ParseDate(w.Date)
			if err != nil {
				return nil, fmt.Errorf("holidays.yaml: %d %s: date must be YYYY-MM-DD", year, w.Name)
			}
			cy.Workdays[d] = w.Name
		}
		years = append(years, cy)
	}
	cal, err := service.NewCalendar(years)
	if err != nil {
		return nil, fmt.Errorf("holidays.yaml: %w", err)
	}
	return cal, nil
}

// BookingConfig builds the booking schedule of booking.yaml with the districts of
// routing.yaml. Texts that go into SMS variables must fit maxLen.
func BookingConfig(dir string, maxLen int) (*booking.Config, error) {
	bf, err := LoadBooking(dir)
	if err != nil {
		return nil, err
	}
	rf, err := LoadRouting(dir)
	if err != nil {
		return nil, err
	}
	cfg := &booking.Config{Address: bf.Address, Hotline: bf.Hotline, Rooms: bf.Rooms, Capacity: bf.Capacity,
		HorizonDays: bf.HorizonDays, ChangeCutoff: bf.ChangeCutoff, ReminderTime: bf.ReminderTime, NoShowAfter: bf.NoShowAfter,
		Diversions: map[string]booking.Diversion{}, Districts: rf.Districts}
	for _, s := range bf.Sessions {
		cfg.Sessions = append(cfg.Sessions, booking.SessionDef{Code: s.Code, Name: s.Name, Start: s.Start, End: s.End})
	}
	for _, l := range bf.LeaderDays {
		d, err := service.ParseDate(l.Date)
		if err != nil || l.Leader == "" || !slices.Contains(bf.Rooms, l.Room) {
			return nil, fmt.Errorf("booking.yaml: leader_days %s: needs a date, a leader and one of the rooms", l.Date)
		}
		cfg.LeaderDays = append(cfg.LeaderDays, booking.Slot{Day: d, Session: l.Session, Leader: l.Leader, Room: l.Room, Capacity: l.Capacity})
	}
	for key, d := range bf.Diversions {
		for field, v := range map[string]string{"channel": d.Channel, "guidance": d.Guidance, "hotline": d.Hotline} {
			if v == "" || utf8.RuneCountInString(v) > maxLen {
				return nil, fmt.Errorf("booking.yaml: diversions.%s.%s must be 1 to %d characters (an SMS variable)", key, field, maxLen)
			}
		}
		cfg.Diversions[key] = booking.Diversion{Key: key, Name: d.Name, Channel: d.Channel, Guidance: d.Guidance, Hotline: d.Hotline}
	}
	if utf8.RuneCountInString(cfg.Address) > maxLen {
		return nil, fmt.Errorf("booking.yaml: address must be at most %d characters (an SMS variable)", maxLen)
	}
	return cfg, nil
}

// Directory builds the directory of units of units.yaml, with the offices' districts and the
// districts' streets of routing.yaml.
func Directory(dir string) (*service.Directory, error) {
	uf, err := LoadUnits(dir)
	if err != nil {
		return nil, err
	}
	rf, err := LoadRouting(dir)
	if err != nil {
		return nil, err
	}
	var offices []service.Office
	seen := map[string]bool{}
	for _, o := range uf.Offices {
		if o.Code == "" || o.Name == "" || seen[o.Code] {
			return nil, fmt.Errorf("units.yaml: office %q needs a unique code and a name", o.Code)
		}
		seen[o.Code] = true
		off := service.Office{Code: o.Code, Name: o.Name, Aliases: o.Aliases, Handles: o.Handles}
		for _, ro := range rf.Offices {
			if ro.Code == o.Code {
				off.Districts, off.CityLevel = ro.Districts, ro.CityLevel
			}
		}
		if off.Handles && len(off.Districts) == 0 && !off.CityLevel {
			return nil, fmt.Errorf("units.yaml: office %s handles cases but owns no district in routing.yaml", o.Code)
		}
		offices = append(offices, off)
	}
	for _, ro := range rf.Offices {
		if !seen[ro.Code] {
			return nil, fmt.Errorf("routing.yaml: office %s is not in units.yaml", ro.Code)
		}
	}
	var city []service.CityUnit
	for _, c := range uf.CityUnits {
		if c.Name == "" {
			return nil, errors.New("units.yaml: a city unit needs a name")
		}
		city = append(city, service.CityUnit{Name: c.Name, Short: c.Short, Branch: c.Branch, Aliases: c.Aliases})
	}
	return service.NewDirectory(offices, city, uf.DistrictUnits, rf.Districts), nil
}

// Routing builds the routing table of routing.yaml over the directory of units.
func Routing(dir string, units *service.Directory) (*cases.RoutingConfig, error) {
	rf, err := LoadRouting(dir)
	if err != nil {
		return nil, err
	}
	r := &cases.RoutingConfig{Districts: rf.Districts, Units: units, FastTrackCategories: rf.FastTrackCategories,
		Purposes: rf.Purposes, Categories: rf.Categories}
	seen := map[string]string{}
	for _, o := range rf.Offices {
		off := cases.Office{Code: o.Code, Name: o.Name, Districts: o.Districts, CityLevel: o.CityLevel, Owners: map[string]string{}}
		for _, d := range o.Districts {
			if _, ok := rf.Districts[d]; !ok {
				return nil, fmt.Errorf("routing.yaml: office %s lists unknown district %s", o.Code, d)
			}
			if prev, dup := seen[d]; dup {
				return nil, fmt.Errorf("routing.yaml: district %s belongs to both %s and %s", d, prev, o.Code)
			}
			seen[d] = o.Code
		}
		for _, ow := range o.Owners {
			for _, cat := range ow.Categories {
				if !slices.Contains(rf.Categories, cat) {
					return nil, fmt.Errorf("routing.yaml: office %s owner %s: unknown category %s", o.Code, ow.Username, cat)
				}
				off.Owners[cat] = ow.Username
			}
		}
		r.Offices = append(r.Offices, off)
	}
	for d := range rf.Districts {
		if _, ok := seen[d]; !ok {
			return nil, fmt.Errorf("routing.yaml: district %s belongs to no office", d)
		}
	}
	if r.Screening, err = Screening(dir); err != nil {
		return nil, err
	}
	if r.Repeat, err = RepeatModel(dir); err != nil {
		return nil, err
	}
	for _, k := range r.Screening.Kinds() {
		if !slices.Contains(rf.Categories, k.Category) {
			return nil, fmt.Errorf("screening.yaml: kind %s: category %s is not in routing.yaml's categories", k.Key, k.Category)
		}
	}
	return r, nil
}

// RepeatModel reads repeat_model.tsv, the learnt second reading of merging (match.RepeatModel).
func RepeatModel(dir string) (*match.RepeatModel, error) {
	b, err := ReadData(dir, repeatModelFile)
	if err != nil {
		return nil, err
	}
	m, err := match.ParseRepeatModel(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", repeatModelFile, err)
	}
	return m, nil
}

// repeatModelFile is the learnt second reading of merging, written by `xinfang train-matching`.
const repeatModelFile = "repeat_model.tsv"

// Screening reads screening.yaml, the taxonomy of non-petition matters, with the learnt
// readings it names.
func Screening(dir string) (*match.Taxonomy, error) {
	t, err := ScreeningRules(dir)
	if err != nil {
		return nil, err
	}
	if t, err = t.LoadModel(func(name string) ([]byte, error) { return ReadData(dir, name) }); err != nil {
		return nil, fmt.Errorf("screening.yaml: %w", err)
	}
	return t, nil
}

// ScreeningRules reads screening.yaml without the learnt readings it names: the rules alone,
// as `xinfang train-screening -corroborator` learns from them.
func ScreeningRules(dir string) (*match.Taxonomy, error) {
	b, err := ReadData(dir, "screening.yaml")
	if err != nil {
		return nil, err
	}
	t, err := match.ParseTaxonomy(b)
	if err != nil {
		return nil, fmt.Errorf("screening.yaml: %w", err)
	}
	return t, nil
}

// DeadlinesFile is deadlines.yaml.
type DeadlinesFile struct {
	Rules map[string]struct {
		Name  string `yaml:"name"`
		Days  int    `yaml:"days"`
		From  string `yaml:"from"`
		Basis string `yaml:"basis"`
	} `yaml:"rules"`
	ExtensionMaxDays int    `yaml:"extension_max_days"`
	ReminderDays     []int  `yaml:"reminder_days"`
	ReminderTime     string `yaml:"reminder_time"`
	RatingDays       int    `yaml:"rating_days"`
	RestDayBasis     string `yaml:"rest_day_basis"`
}

// Deadlines builds the lifecycle's time limits of deadlines.yaml on the calendar: every kind
// the lifecycle counts must be there with a positive number of days and its legal basis.
func Deadlines(dir string, cal *service.Calendar) (*cases.Rules, error) {
	var f DeadlinesFile
	if err := decodeData(dir, "deadlines.yaml", &f); err != nil {
		return nil, err
	}
	r := &cases.Rules{ByKind: map[string]cases.Rule{}, ExtensionMaxDays: f.ExtensionMaxDays, ReminderTime: f.ReminderTime,
		RatingDays: f.RatingDays, RestDayBasis: f.RestDayBasis, Cal: cal}
	for _, kind := range cases.DeadlineKinds {
		v, ok := f.Rules[kind]
		if !ok {
			return nil, fmt.Errorf("deadlines.yaml: rules.%s is missing", kind)
		}
		if v.Days <= 0 || v.Name == "" || v.Basis == "" {
			return nil, fmt.Errorf("deadlines.yaml: rules.%s needs a name, days > 0 and its legal basis", kind)
		}
		r.ByKind[kind] = cases.Rule{Kind: kind, Name: v.Name, Days: v.Days, From: v.From, Basis: v.Basis}
	}
	for kind := range f.Rules {
		if !slices.Contains(cases.DeadlineKinds, kind) {
			return nil, fmt.Errorf("deadlines.yaml: rules.%s: unknown kind (known: %v)", kind, cases.DeadlineKinds)
		}
	}
	if f.ExtensionMaxDays <= 0 || f.RatingDays <= 0 {
		return nil, errors.New("deadlines.yaml: extension_max_days and rating_days must be positive")
	}
	if _, err := time.Parse("15:04", f.ReminderTime); err != nil {
		return nil, fmt.Errorf("deadlines.yaml: reminder_time %q: want HH:MM", f.ReminderTime)
	}
	for i, d := range f.ReminderDays {
		if d <= 0 || (i > 0 && d >= f.ReminderDays[i-1]) {
			return nil, fmt.Errorf("deadlines.yaml: reminder_days %v: want positive days, largest first", f.ReminderDays)
		}
	}
	r.ReminderDays = f.ReminderDays
	return r, nil
}
