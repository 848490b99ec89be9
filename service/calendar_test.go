package service_test

import (
	"testing"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
)

func TestCalendarMakeUpDaysAndHolidays(t *testing.T) {
	cal, err := configs.Calendar("")
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[service.Date]bool{
		"2026-02-28": true,  // Saturday, 春节调休上班
		"2026-10-10": true,  // Saturday, 国庆节调休上班
		"2026-02-23": false, // Monday inside 春节
		"2026-04-06": false, // Monday, 清明节
		"2026-10-05": false, // Monday inside 国庆节
		"2026-12-05": false, // an ordinary Saturday
		"2026-12-07": true,  // an ordinary Monday
	} {
		if got := cal.IsWorkday(day); got != want {
			t.Errorf("%s (%s) workday = %v, want %v", day, day.Weekday(), got, want)
		}
	}
	if got := cal.NextWorkday("2026-09-30"); got != "2026-10-08" {
		t.Errorf("next working day after 2026-09-30 = %s", got)
	}
	if y := cal.Unofficial("2026-12-20", "2027-01-05"); len(y) != 1 || y[0] != 2027 {
		t.Errorf("provisional years %v", y)
	}
}
