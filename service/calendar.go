package service

import (
	"fmt"
	"sort"
	"time"
)

// Calendar knows the official holidays and make-up working days (调休).
type Calendar struct {
	holidays map[Date]string // day off → holiday name
	workdays map[Date]string // make-up working weekend → name
	years    map[int]string  // year → status (official, provisional)
	source   []CalendarYear
}

// Years returns the holiday notices the calendar was built from, by year.
func (c *Calendar) Years() []CalendarYear { return c.source }

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
	c := &Calendar{holidays: map[Date]string{}, workdays: map[Date]string{}, years: map[int]string{}, source: years}
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
