package configs

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// The data files beside config.yaml: templates, calendars, routing tables. An admin replaces one
// by putting a file of the same name in config_dir (XF_CONFIG_DIR).
//
//go:embed *.yaml *.tsv
var dataFS embed.FS

// ReadData returns the named data file from dir when it exists there, else the embedded one.
func ReadData(dir, name string) ([]byte, error) {
	if dir != "" {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return dataFS.ReadFile(name)
}

// decodeData decodes a data file strictly: an unknown key is an error naming it.
func decodeData(dir, name string, v any) error {
	b, err := ReadData(dir, name)
	if err != nil {
		return err
	}
	if err := yaml.UnmarshalWithOptions(b, v, yaml.DisallowUnknownField()); err != nil {
		return fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, false))
	}
	return nil
}

// TemplateParams lists the ${names} a template text uses, in order.
func TemplateParams(text string) ([]string, error) {
	var out []string
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			return out, nil
		}
		j := strings.Index(text[i:], "}")
		if j < 0 {
			return nil, errors.New("unclosed ${")
		}
		out = append(out, text[i+2:i+j])
		text = text[i+j+1:]
	}
}

// SMSTemplate is one message kind's registered template.
type SMSTemplate struct {
	Code   string   `yaml:"code"`
	Type   string   `yaml:"type"`
	Text   string   `yaml:"text"`
	Params []string `yaml:"params"`
}

// SMSTemplates is sms.yaml.
type SMSTemplates struct {
	MaxLen    int                    `yaml:"max_len"`
	Templates map[string]SMSTemplate `yaml:"templates"`
}

// LoadSMSTemplates reads sms.yaml and checks each text uses exactly its declared params.
func LoadSMSTemplates(dir string) (*SMSTemplates, error) {
	var t SMSTemplates
	if err := decodeData(dir, "sms.yaml", &t); err != nil {
		return nil, err
	}
	if t.MaxLen <= 0 {
		return nil, errors.New("sms.yaml: max_len must be positive")
	}
	kinds := make([]string, 0, len(t.Templates))
	for k := range t.Templates {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		tpl := t.Templates[kind]
		if tpl.Code == "" || tpl.Text == "" {
			return nil, fmt.Errorf("sms.yaml: templates.%s needs code and text", kind)
		}
		names, err := TemplateParams(tpl.Text)
		if err != nil {
			return nil, fmt.Errorf("sms.yaml: templates.%s: %w", kind, err)
		}
		used := map[string]bool{}
		for _, n := range names {
			used[n] = true
		}
		declared := map[string]bool{}
		for _, p := range tpl.Params {
			declared[p] = true
			if !used[p] {
				return nil, fmt.Errorf("sms.yaml: templates.%s declares %s but the text does not use it", kind, p)
			}
		}
		for p := range used {
			if !declared[p] {
				return nil, fmt.Errorf("sms.yaml: templates.%s uses ${%s} without declaring it in params", kind, p)
			}
		}
	}
	return &t, nil
}

// WeChatData is wechat.yaml: the official account's answers and notification templates.
type WeChatData struct {
	Replies struct {
		Welcome  string            `yaml:"welcome"`
		Scan     map[string]string `yaml:"scan"`
		Clicks   map[string]string `yaml:"clicks"`
		Keywords []struct {
			Words []string `yaml:"words"`
			Reply string   `yaml:"reply"`
		} `yaml:"keywords"`
		Default string `yaml:"default"`
	} `yaml:"replies"`
	Notifications map[string]map[string]WeChatTemplate `yaml:"notifications"`
}

// WeChatTemplate is one WeChat template/subscribe message: field texts may use ${params}.
type WeChatTemplate struct {
	TemplateID string            `yaml:"template_id"`
	URL        string            `yaml:"url"`
	Page       string            `yaml:"page"`
	Fields     map[string]string `yaml:"fields"`
}

// LoadWeChat reads wechat.yaml, replacing {base} with the public URL.
func LoadWeChat(dir, base string) (*WeChatData, error) {
	b, err := ReadData(dir, "wechat.yaml")
	if err != nil {
		return nil, err
	}
	b = []byte(strings.ReplaceAll(string(b), "{base}", strings.TrimRight(base, "/")))
	var d WeChatData
	if err := yaml.UnmarshalWithOptions(b, &d, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("wechat.yaml: %s", yaml.FormatError(err, false, false))
	}
	if d.Replies.Welcome == "" || d.Replies.Default == "" {
		return nil, errors.New("wechat.yaml: replies.welcome and replies.default are required")
	}
	for ch, kinds := range d.Notifications {
		if ch != "wechat" && ch != "mp" {
			return nil, fmt.Errorf("wechat.yaml: notifications.%s: channel must be wechat or mp", ch)
		}
		for kind, t := range kinds {
			if t.TemplateID == "" || len(t.Fields) == 0 {
				return nil, fmt.Errorf("wechat.yaml: notifications.%s.%s needs template_id and fields", ch, kind)
			}
		}
	}
	return &d, nil
}

// HolidayFile is holidays.yaml.
type HolidayFile struct {
	Years map[int]struct {
		Status   string `yaml:"status"`
		Source   string `yaml:"source"`
		Holidays []struct {
			Name string `yaml:"name"`
			From string `yaml:"from"`
			To   string `yaml:"to"`
		} `yaml:"holidays"`
		Workdays []struct {
			Name string `yaml:"name"`
			Date string `yaml:"date"`
		} `yaml:"workdays"`
	} `yaml:"years"`
}

// LoadHolidays reads holidays.yaml.
func LoadHolidays(dir string) (*HolidayFile, error) {
	var h HolidayFile
	if err := decodeData(dir, "holidays.yaml", &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// BookingFile is booking.yaml.
type BookingFile struct {
	Address  string `yaml:"address"`
	Hotline  string `yaml:"hotline"`
	Sessions []struct {
		Code  string `yaml:"code"`
		Name  string `yaml:"name"`
		Start string `yaml:"start"`
		End   string `yaml:"end"`
	} `yaml:"sessions"`
	Rooms        []string      `yaml:"rooms"`
	Capacity     int           `yaml:"capacity"`
	HorizonDays  int           `yaml:"horizon_days"`
	ChangeCutoff time.Duration `yaml:"change_cutoff"`
	ReminderTime string        `yaml:"reminder_time"`
	NoShowAfter  time.Duration `yaml:"no_show_after"`
	LeaderDays   []struct {
		Date     string `yaml:"date"`
		Session  string `yaml:"session"`
		Leader   string `yaml:"leader"`
		Room     string `yaml:"room"`
		Capacity int    `yaml:"capacity"`
	} `yaml:"leader_days"`
	Diversions map[string]struct {
		Name     string `yaml:"name"`
		Channel  string `yaml:"channel"`
		Guidance string `yaml:"guidance"`
		Hotline  string `yaml:"hotline"`
	} `yaml:"diversions"`
}

// LoadBooking reads booking.yaml.
func LoadBooking(dir string) (*BookingFile, error) {
	var b BookingFile
	if err := decodeData(dir, "booking.yaml", &b); err != nil {
		return nil, err
	}
	if len(b.Sessions) == 0 || len(b.Rooms) == 0 || b.Capacity < 0 || b.HorizonDays <= 0 {
		return nil, errors.New("booking.yaml: sessions, rooms, capacity and horizon_days are required")
	}
	return &b, nil
}

// RoutingFile is routing.yaml.
type RoutingFile struct {
	Offices []struct {
		Code      string   `yaml:"code"`
		Name      string   `yaml:"name"`
		Districts []string `yaml:"districts"`
		CityLevel bool     `yaml:"city_level"`
		Owners    []struct {
			Username   string   `yaml:"username"`
			Categories []string `yaml:"categories"`
		} `yaml:"owners"`
	} `yaml:"offices"`
	Districts           map[string][]string `yaml:"districts"`
	FastTrackCategories []string            `yaml:"fast_track_categories"`
	Purposes            []string            `yaml:"purposes"`
	Categories          []string            `yaml:"categories"`
}

// LoadRouting reads routing.yaml.
func LoadRouting(dir string) (*RoutingFile, error) {
	var r RoutingFile
	if err := decodeData(dir, "routing.yaml", &r); err != nil {
		return nil, err
	}
	if len(r.Districts) == 0 || len(r.Offices) == 0 {
		return nil, errors.New("routing.yaml: offices and districts are required")
	}
	return &r, nil
}

// UnitsFile is units.yaml, the directory of units.
type UnitsFile struct {
	Offices []struct {
		Code    string   `yaml:"code"`
		Name    string   `yaml:"name"`
		Aliases []string `yaml:"aliases"`
		Handles bool     `yaml:"handles"`
	} `yaml:"offices"`
	CityUnits []struct {
		Name    string   `yaml:"name"`
		Short   string   `yaml:"short"`
		Aliases []string `yaml:"aliases"`
		Branch  string   `yaml:"branch"`
	} `yaml:"city_units"`
	DistrictUnits []string `yaml:"district_units"`
}

// LoadUnits reads units.yaml.
func LoadUnits(dir string) (*UnitsFile, error) {
	var u UnitsFile
	if err := decodeData(dir, "units.yaml", &u); err != nil {
		return nil, err
	}
	if len(u.Offices) == 0 || len(u.CityUnits) == 0 {
		return nil, errors.New("units.yaml: offices and city_units are required")
	}
	return &u, nil
}
