package service

import (
	"fmt"
	"sort"
	"time"
)

// Date is a calendar day in Beijing time, "2006-01-02".
type Date string

// DateOf returns the Beijing-time day of t.
func DateOf(t time.Time) Date { return Date(t.In(Shanghai).Format("2006-01-02")) }

// ParseDate checks and returns a "2006-01-02" day.
func ParseDate(s string) (Date, error) {
	if _, err := time.ParseInLocation("2006-01-02", s, Shanghai); err != nil {
		return "", err
	}
	return Date(s), nil
}

// Time returns the day's midnight in Beijing.
func (d Date) Time() time.Time {
	t, _ := time.ParseInLocation("2006-01-02", string(d), Shanghai)
	return t
}

// AddDays moves by n calendar days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Chinese formats the day for people: 2026年12月1日（周二）.
func (d Date) Chinese() string {
	t := d.Time()
	return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), weekdayCN[t.Weekday()])
}

// Short formats the day for SMS variables: 12月1日周二.
func (d Date) Short() string {
	t := d.Time()
	return fmt.Sprintf("%d月%d日%s", t.Month(), t.Day(), weekdayCN[t.Weekday()])
}

var weekdayCN = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Calendar knows the official holidays and make-up working days (调休).
type Calendar struct {
	holidays map[Date]string // day off → holiday name
	workdays map[Date]string // make-up working weekend → name
	years    map[int]string  // year → status (official, provisional)
}

// HolidayRange is one holiday break, weekend days included.
type HolidayRange struct {
	Name     string
	From, To Date
}

// CalendarYear is one year of the holiday notice.
type CalendarYear struct {
	Year     int
	Status   string // official or provisional
	Holidays []HolidayRange
	Workdays map[Date]string
}

// NewCalendar builds a calendar from years of holiday notices.
func NewCalendar(years []CalendarYear) (*Calendar, error) {
	c := &Calendar{holidays: map[Date]string{}, workdays: map[Date]string{}, years: map[int]string{}}
	for _, y := range years {
		if y.Status != "official" && y.Status != "provisional" {
			return nil, fmt.Errorf("holidays %d: status must be official or provisional", y.Year)
		}
		c.years[y.Year] = y.Status
		for _, h := range y.Holidays {
			if h.To < h.From {
				return nil, fmt.Errorf("holidays %d: %s ends before it starts", y.Year, h.Name)
			}
			for d := h.From; d <= h.To; d = d.AddDays(1) {
				c.holidays[d] = h.Name
			}
		}
		for d, name := range y.Workdays {
			if c.holidays[d] != "" {
				return nil, fmt.Errorf("holidays %d: %s is both a holiday and a make-up working day", y.Year, d)
			}
			c.workdays[d] = name
		}
	}
	return c, nil
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	if _, ok := c.workdays[d]; ok {
		return true
	}
	if _, ok := c.holidays[d]; ok {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Holiday returns the name of the holiday d falls in, or "".
func (c *Calendar) Holiday(d Date) string { return c.holidays[d] }

// NextWorkday returns the first working day after d.
func (c *Calendar) NextWorkday(d Date) Date {
	for d = d.AddDays(1); !c.IsWorkday(d); d = d.AddDays(1) {
	}
	return d
}

// PrevWorkday returns the last working day before d.
func (c *Calendar) PrevWorkday(d Date) Date {
	for d = d.AddDays(-1); !c.IsWorkday(d); d = d.AddDays(-1) {
	}
	return d
}

// AddWorkdays counts n working days after d (n ≥ 0).
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	for i := 0; i < n; i++ {
		d = c.NextWorkday(d)
	}
	return d
}

// Unofficial lists the years between from and to whose calendar is provisional or missing, so
// the service can warn that make-up working days may be wrong.
func (c *Calendar) Unofficial(from, to Date) []int {
	var out []int
	for y := from.Time().Year(); y <= to.Time().Year(); y++ {
		if c.years[y] != "official" {
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out
}
