package service

import (
	"fmt"
	"time"
)

// Shanghai is Beijing time, in which days, deadlines and everything shown to people are counted.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

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

// Formal formats the day as official documents write it: 2026年12月1日.
func (d Date) Formal() string {
	t := d.Time()
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// Short formats the day for SMS variables: 12月1日周二.
func (d Date) Short() string {
	t := d.Time()
	return fmt.Sprintf("%d月%d日%s", t.Month(), t.Day(), weekdayCN[t.Weekday()])
}

var weekdayCN = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// At is the time hh:mm ("15:04") of the day in Beijing; a malformed hh:mm gives midnight.
func (d Date) At(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", string(d)+" "+hhmm, Shanghai)
	if err != nil {
		return d.Time()
	}
	return t
}
