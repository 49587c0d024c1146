package main_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

// positionMarker is written into a brief and a question: no mail may carry it.
const positionMarker = "QUOKKA-POSITION-9203"

// testTwoServersMailOnce is the bar of notifications: two `plenary serve` on one database,
// and an SMTP server that refuses its first two deliveries. A consultation opened to one
// ministry through the web reaches each of its liaisons once, in their language, with a
// link, and nobody else; no mail carries a brief's text.
func testTwoServersMailOnce(t *testing.T, bin string) {
	ctx := context.Background()
	db, dbURL := testdb.NewDemo(t)
	st := store.New(db)
	sys := domain.SystemActor("test")
	khs, err := st.UserByEmail(ctx, "khs@plenary.example")
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.CreateUser(ctx, sys, domain.UserInput{Email: "khs2@plenary.example", Name: "Second KHS liaison",
		Role: "liaison", MinistryID: *khs.MinistryID, Password: testdb.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUserLang(ctx, sys, second.ID, "en"); err != nil {
		t.Fatal(err)
	}
	var item int64
	if err := db.NewRaw(`SELECT i.id FROM agenda_items i JOIN sessions s ON s.id = i.session_id
		WHERE s.code = '226 EX' AND i.number = '16.XL'`).Scan(ctx, &item); err != nil {
		t.Fatal(err)
	}
	// A brief with the marker in every text, left in draft.
	if _, err := st.SaveBrief(ctx, sys, item, domain.BriefInput{Stance: "support", SummaryKO: positionMarker,
		SummaryEN: positionMarker, BackgroundEN: positionMarker, KeyPointsEN: positionMarker,
		InterventionKO: positionMarker, InterventionEN: positionMarker}); err != nil {
		t.Fatal(err)
	}
	// What the demo data and today's reminders already wrote is not what is counted here.
	seoul, _ := time.LoadLocation("Asia/Seoul")
	if _, err := st.ProduceReminders(ctx, seoul); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE outbox SET status = 'sent'"); err != nil {
		t.Fatal(err)
	}

	mail := testtool.NewMailServer(t)
	mail.RefuseNext(2)
	vars := []string{"PLENARY_SMTP_HOST=" + mail.Host, "PLENARY_SMTP_PORT=" + strconv.Itoa(mail.Port),
		"PLENARY_SMTP_TLS=none", "PLENARY_MAIL_FROM=plenary@kncu.example", "PLENARY_BASE_URL=https://plenary.example.org",
		"PLENARY_MAIL_POLL=100ms", "PLENARY_MAIL_RETRY=200ms"}
	one, two := startServer(t, bin, dbURL, vars...), startServer(t, bin, dbURL, vars...)

	b := newBrowser(t)
	token := b.csrf(one.url + "/login")
	resp, _ := b.post(one.url+"/login", url.Values{"_csrf": {token}, "email": {"staff@plenary.example"}, "password": {testdb.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", resp.StatusCode)
	}
	form := one.url + "/items/" + strconv.FormatInt(item, 10) + "/consultations"
	token = b.csrf(form + "/new")
	resp, body := b.post(form, url.Values{"_csrf": {token}, "ministry_ids": {strconv.FormatInt(*khs.MinistryID, 10)},
		"question": {"Question " + positionMarker}, "due_on": {time.Now().AddDate(0, 0, 14).Format(time.DateOnly)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening the consultation: status %d\n%s", resp.StatusCode, body)
	}
	var consultation int64
	if err := db.NewRaw("SELECT id FROM consultations WHERE item_id = ? AND ministry_id = ? AND status = 'open'", item, *khs.MinistryID).Scan(ctx, &consultation); err != nil {
		t.Fatal(err)
	}

	// Once nothing is left to send, nothing more can be sent: every mail's row is marked
	// sent in the transaction that delivered it.
	deadline := time.Now().Add(time.Minute)
	for {
		var left int
		if err := db.NewRaw("SELECT count(*) FROM outbox WHERE status <> 'sent'").Scan(ctx, &left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("mails left unsent after a minute: %d\n%s%s", left, one.stderr, two.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}

	ms := mail.Mails()
	var to []string
	for _, m := range ms {
		to = append(to, m.To...)
		link := "https://plenary.example.org/consultations/" + strconv.FormatInt(consultation, 10)
		if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
			t.Errorf("mail to %v has no link to %s:\n%s", m.To, link, m.Text)
		}
		if strings.Contains(string(m.Raw), positionMarker) || strings.Contains(m.Text, positionMarker) || strings.Contains(m.HTML, positionMarker) {
			t.Errorf("mail to %v carries position text", m.To)
		}
		want := map[string]string{"khs@plenary.example": "의견 요청", "khs2@plenary.example": "Request for input"}[m.To[0]]
		if !strings.Contains(m.Subject, want) {
			t.Errorf("mail to %v: subject %q, want %q", m.To, m.Subject, want)
		}
	}
	slices.Sort(to)
	if want := []string{"khs2@plenary.example", "khs@plenary.example"}; !slices.Equal(to, want) {
		t.Errorf("mails went to %v, want each of %v once", to, want)
	}
	if got := mail.Attempts(); got != 4 {
		t.Errorf("the SMTP server saw %d attempts, want 2 refused and 2 delivered", got)
	}
}
