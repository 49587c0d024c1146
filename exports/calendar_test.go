package exports_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

// TestCalendarFoldsKoreanAndEscapes: long Korean titles are folded at 75 octets without
// cutting a character, text with commas, semicolons, backslashes and line breaks comes
// back as it was written, and the dates are all-day with the day after the last as end.
func TestCalendarFoldsKoreanAndEscapes(t *testing.T) {
	t.Parallel()
	zone, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	title := strings.Repeat("무형유산 보호를 위한 정부간위원회 제21차 회의; 평가기구, 권고 \\ ", 4)
	item := "대표목록 등재 신청서, 평가기구 권고; 위원회 발언 방향\n두 번째 줄"
	dates := []domain.CalendarDate{
		{Kind: domain.DateSession, First: day("2026-12-07"), Last: day("2026-12-12"), SessionID: 4, SessionCode: "21 ICH",
			SessionTitleKO: title, Venue: "파리, 유네스코 본부"},
		{Kind: domain.DateSession, First: day("2027-04-07"), Last: day("2027-04-21"), SessionID: 5, SessionCode: "226 EX",
			SessionTitleEN: "226th session of the Executive Board", Venue: "Paris"},
		{Kind: domain.DateBriefDeadline, First: day("2026-11-27"), Last: day("2026-11-27"), SessionID: 4, SessionCode: "21 ICH"},
		{Kind: domain.DateConsultationDue, First: day("2026-12-02"), Last: day("2026-12-02"), SessionID: 4, SessionCode: "21 ICH",
			ConsultationID: 9, ItemNumber: "8.B", ItemTitleEN: "Nominations", ItemTitleKO: item, MinistryNameKO: "국가유산청", MinistryNameEN: "Korea Heritage Service"},
	}
	var b strings.Builder
	cal := exports.Calendar{L: catalog.For("ko"), Owner: "김민지", BaseURL: "https://plenary.example", Zone: zone,
		Stamp: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	if err := cal.WriteTo(&b, dates); err != nil {
		t.Fatal(err)
	}
	feed := testtool.ParseCalendar(t, b.String())
	if !strings.Contains(b.String(), "\r\n ") {
		t.Errorf("no line was folded; the test's titles are meant to be long:\n%s", b.String())
	}
	if got := feed.Props.Get("X-WR-CALNAME"); got == nil || got.Value != "Plenary: 김민지" {
		t.Errorf("X-WR-CALNAME = %+v, want Plenary: 김민지", got)
	}
	session := feed.Events["session-4@plenary"]
	if got, want := testtool.Text(t, session, ical.PropSummary), "21 ICH: "+strings.Join(strings.Fields(title), " "); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := testtool.Text(t, session, ical.PropLocation), "파리, 유네스코 본부"; got != want {
		t.Errorf("location = %q, want %q", got, want)
	}
	start, _ := session.DateTimeStart(nil)
	end, _ := session.DateTimeEnd(nil)
	if start.Format(time.DateOnly) != "2026-12-07" || end.Format(time.DateOnly) != "2026-12-13" {
		t.Errorf("session from %v to %v, want 2026-12-07 to 2026-12-13 (the day after the last)", start, end)
	}
	// A title written only in English is marked so in a Korean feed.
	if got, want := testtool.Text(t, feed.Events["session-5@plenary"], ical.PropSummary), "226 EX: 226th session of the Executive Board (영문으로만 작성됨)"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	due := feed.Events["consultation-9-due@plenary"]
	if got, want := testtool.Text(t, due, ical.PropSummary), "21 ICH 의제 8.B: 국가유산청 의견 회신 기한"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	desc := testtool.Text(t, due, ical.PropDescription)
	if want := "대표목록 등재 신청서, 평가기구 권고; 위원회 발언 방향 두 번째 줄\nPlenary에서 보기: https://plenary.example/consultations/9"; desc != want {
		t.Errorf("description = %q, want %q", desc, want)
	}
	if got := due.Props.Get(ical.PropURL); got == nil || got.Value != "https://plenary.example/consultations/9" {
		t.Errorf("URL = %+v", got)
	}
	if got := testtool.Text(t, feed.Events["session-4-brief-deadline@plenary"], ical.PropSummary); got != "21 ICH 입장 자료 마감" {
		t.Errorf("deadline summary = %q", got)
	}
}
