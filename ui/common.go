package ui

import (
	"time"

	"github.com/mistwatch/mistwatch/model"
	"github.com/mistwatch/mistwatch/theme"
)

// Common is what every component shares, owned by the root model: the
// theme, the terminal size, the names learned so far, how times show, and
// the latest message. Overlays get a *Common and the data they show, never
// the root model.
type Common struct {
	th            *theme.Theme
	width, height int
	names         *model.Names
	timeLayout    string // how times show: with the date once events span days

	notice   string // the latest message for the user, already sanitised
	noticeAt time.Time
}

// stamp formats a time the way the tables currently do.
func (c *Common) stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(c.timeLayout)
}

// recentNotice is the latest message while it is younger than d.
func (c *Common) recentNotice(d time.Duration) string {
	if c.notice != "" && time.Since(c.noticeAt) < d {
		return c.notice
	}
	return ""
}

// Times show as 15:04:05 while everything stored is from one day; once
// events span days (a replay of old captures, a delayed delivery) every time
// carries its date, so rows from different days cannot be confused.
const (
	timeLayout     = "15:04:05"
	dayTimeLayout  = "01-02 15:04:05"
	yearTimeLayout = "2006-01-02 15:04:05"
)

func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(timeLayout)
}

// clockMayHold reports whether word may lie within a text clock writes: "-",
// or a piece of hh:mm:ss, whose first digits of minutes and seconds are
// below 6 and of hours below 3 ("67" lies within none).
func clockMayHold(word string) bool {
	if word == "-" {
		return true
	}
	const shape = "2d:5d:5d" // per place: the highest digit, or ':'
	for at := 0; at+len(word) <= len(shape); at++ {
		fits := true
		for i := 0; i < len(word) && fits; i++ {
			c, s := word[i], shape[at+i]
			switch s {
			case ':':
				fits = c == ':'
			case 'd':
				fits = c >= '0' && c <= '9'
			default:
				fits = c >= '0' && c <= s
			}
		}
		if fits {
			return true
		}
	}
	return false
}

// dayRange tracks the first and last local day of the events seen.
type dayRange struct{ first, last int }

// add widens the range to t's day and returns the layout times need now:
// time of day, date and time, or with the year once events span years.
func (r *dayRange) add(t time.Time) string {
	if !t.IsZero() {
		y, m, d := t.Local().Date()
		day := y*10000 + int(m)*100 + d
		if r.first == 0 || day < r.first {
			r.first = day
		}
		if day > r.last {
			r.last = day
		}
	}
	switch {
	case r.first/10000 != r.last/10000:
		return yearTimeLayout
	case r.first != r.last:
		return dayTimeLayout
	}
	return timeLayout
}
