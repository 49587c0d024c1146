package testtool

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// CalendarFeed is a calendar feed as a calendar program reads it.
type CalendarFeed struct {
	*ical.Calendar
	Events map[string]ical.Event // by UID
}

// Text returns the unescaped text of the event's property name, "" when it has none.
func Text(tb testing.TB, e ical.Event, name string) string {
	tb.Helper()
	p := e.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		tb.Fatalf("%s of %s: %v", name, e.Props.Get(ical.PropUID).Value, err)
	}
	return s
}

// ParseCalendar reads body as RFC 5545 strictly, with a parser that is not the one that
// wrote it, and fails the test unless: every line ends with CRLF and is at most 75
// octets; folding never cuts a UTF-8 character in two; the calendar decodes; every
// event has a UID of its own, a DTSTAMP, and all-day DTSTART and DTEND (VALUE=DATE),
// DTEND after DTSTART.
func ParseCalendar(tb testing.TB, body string) *CalendarFeed {
	tb.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		tb.Fatalf("the feed does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			tb.Fatalf("line %d holds a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			tb.Errorf("line %d is %d octets long, more than 75: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			tb.Errorf("line %d is not whole UTF-8 (a character cut by folding?): %q", i+1, line)
		}
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		tb.Fatalf("the feed does not parse as iCalendar: %v\n%s", err, body)
	}
	f := &CalendarFeed{Calendar: cal, Events: map[string]ical.Event{}}
	for _, e := range cal.Events() {
		uid := e.Props.Get(ical.PropUID)
		if uid == nil || uid.Value == "" {
			tb.Fatalf("an event has no UID")
		}
		if _, dup := f.Events[uid.Value]; dup {
			tb.Errorf("UID %s is used twice", uid.Value)
		}
		f.Events[uid.Value] = e
		if e.Props.Get(ical.PropDateTimeStamp) == nil {
			tb.Errorf("event %s has no DTSTAMP", uid.Value)
		}
		for _, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			p := e.Props.Get(name)
			if p == nil || p.ValueType() != ical.ValueDate {
				tb.Errorf("event %s: %s is not an all-day date: %+v", uid.Value, name, p)
			}
		}
		start, err1 := e.DateTimeStart(nil)
		end, err2 := e.DateTimeEnd(nil)
		if err1 != nil || err2 != nil || !end.After(start) {
			tb.Errorf("event %s: DTSTART %v, DTEND %v (%v, %v): want DTEND after DTSTART", uid.Value, start, end, err1, err2)
		}
	}
	return f
}
