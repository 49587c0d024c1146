package loadtest

import (
	"strings"
	"testing"
	"time"
)

func TestParseLogins(t *testing.T) {
	out := "added 500 items to 990 EX in 1.2s\nadded 3 users:\n" +
		"  load-admin-1@plenary.example             admin\n" +
		"  load-liaison-moe-1@plenary.example       liaison MOE\n" +
		"  load-delegate-1@plenary.example          delegate\n" +
		"Password of every one of them: the value of PLENARY_DEMO_PASSWORD\n"
	got, err := parseLogins([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []Account{{"load-admin-1@plenary.example", "admin", ""}, {"load-liaison-moe-1@plenary.example", "liaison", "MOE"},
		{"load-delegate-1@plenary.example", "delegate", ""}}
	if len(got) != len(want) {
		t.Fatalf("%d accounts, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("account %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, err := parseLogins([]byte("nothing here\n")); err == nil {
		t.Error("no accounts: want an error")
	}
}

func TestParseMix(t *testing.T) {
	m, err := ParseMix("agenda=3, dashboard=1")
	if err != nil || m["agenda"] != 3 || m["dashboard"] != 1 || len(m) != 2 {
		t.Errorf("ParseMix = %v, %v", m, err)
	}
	for _, bad := range []string{"agenda", "agenda=x", "agenda=-1", "nothing=1"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q): want an error", bad)
		}
	}
	if m, err := ParseMix(""); m != nil || err != nil {
		t.Errorf("ParseMix(\"\") = %v, %v; want the default", m, err)
	}
}

func TestReport(t *testing.T) {
	s := newStats()
	for i := 1; i <= 100; i++ {
		s.add("agenda", time.Duration(i)*time.Millisecond)
	}
	s.fail("pack", "GET", "/sessions/7/pack", 500, "<p>Internal error</p>")
	var b strings.Builder
	s.Report(&b, 10*time.Second)
	out := b.String()
	for _, want := range []string{"agenda                      100     10.0    50.0ms    90.0ms    99.0ms   100.0ms",
		"errors: 1", "1 × pack             500 GET /sessions/7/pack"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
