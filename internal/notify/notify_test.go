package notify_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/notify"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
	"github.com/kncu/plenary/internal/testtool"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// marker is typed into every position and answer the tests write: no mail may carry it.
const marker = "ZEBRA-POSITION-4471"

const baseURL = "https://plenary.example.org"

var seoul, _ = time.LoadLocation("Asia/Seoul")

// rig is a demo database, a clock the test moves, a real SMTP server on loopback and a
// sender that delivers to it.
type rig struct {
	t      *testing.T
	ctx    context.Context
	db     *bun.DB
	st     *store.Store
	clock  *testtool.Clock
	mail   *testtool.MailServer
	sender *notify.Sender
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db, _ := testdb.NewDemo(t)
	clock := testtool.NewClock(time.Now())
	r := &rig{t: t, ctx: context.Background(), db: db, st: store.New(db).WithClock(clock.Now), clock: clock,
		mail: testtool.NewMailServer(t)}
	r.sender = r.newSender()
	// The demo data's own notices are not what the tests count.
	r.exec("UPDATE outbox SET status = 'sent'")
	return r
}

func (r *rig) newSender() *notify.Sender {
	return notify.New(notify.Config{
		Store: r.st, Catalog: i18n.MustNew(), Zone: seoul,
		SMTP: notify.SMTP{Host: r.mail.Host, Port: r.mail.Port, TLS: "none"},
		From: "plenary@kncu.example", BaseURL: baseURL,
		Retry: store.Retry{Base: time.Minute, Max: time.Hour, Attempts: 5},
	})
}

func (r *rig) exec(query string, args ...any) {
	r.t.Helper()
	if _, err := r.db.ExecContext(r.ctx, query, args...); err != nil {
		r.t.Fatalf("%s: %v", query, err)
	}
}

func (r *rig) user(email string) *domain.User {
	r.t.Helper()
	u, err := r.st.UserByEmail(r.ctx, email)
	if err != nil {
		r.t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func (r *rig) as(email string) domain.Actor { return domain.Actor{User: r.user(email)} }

func (r *rig) id(query string, args ...any) int64 {
	r.t.Helper()
	var id int64
	if err := r.db.NewRaw(query, args...).Scan(r.ctx, &id); err != nil {
		r.t.Fatalf("%s: %v", query, err)
	}
	return id
}

func (r *rig) item(session, number string) int64 {
	return r.id("SELECT i.id FROM agenda_items i JOIN sessions s ON s.id = i.session_id WHERE s.code = ? AND i.number = ?", session, number)
}

func (r *rig) ministry(code string) int64 {
	return r.id("SELECT id FROM ministries WHERE code = ?", code)
}

// deliver runs the sender until the outbox has nothing due, and returns the mails the
// SMTP server received meanwhile.
func (r *rig) deliver() []testtool.Mail {
	r.t.Helper()
	r.mail.Reset()
	if _, err := r.sender.Flush(r.ctx); err != nil {
		r.t.Fatalf("flush: %v", err)
	}
	return r.mail.Mails()
}

func recipients(ms []testtool.Mail) []string {
	var to []string
	for _, m := range ms {
		to = append(to, m.To...)
	}
	slices.Sort(to)
	return to
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func noMarker(t *testing.T, ms []testtool.Mail) {
	t.Helper()
	for _, m := range ms {
		if strings.Contains(string(m.Raw), marker) || strings.Contains(m.Text, marker) || strings.Contains(m.HTML, marker) ||
			strings.Contains(m.Subject, marker) {
			t.Errorf("mail to %v carries position text:\n%s", m.To, m.Text)
		}
	}
}

// expect checks that the mails went to exactly want, each with the link and the subject
// words of its language.
func expect(t *testing.T, ms []testtool.Mail, link string, want map[string]string) {
	t.Helper()
	var wantTo []string
	for to := range want {
		wantTo = append(wantTo, to)
	}
	slices.Sort(wantTo)
	if got := recipients(ms); !slices.Equal(got, wantTo) {
		t.Fatalf("mail went to %v, want %v", got, wantTo)
	}
	for _, m := range ms {
		if words := want[m.To[0]]; !strings.Contains(m.Subject, words) {
			t.Errorf("mail to %s: subject %q, want it to hold %q", m.To[0], m.Subject, words)
		}
		if !strings.Contains(m.Text, baseURL+link) || !strings.Contains(m.HTML, `href="`+baseURL+link+`"`) {
			t.Errorf("mail to %s: no link to %s in\n%s", m.To[0], link, m.Text)
		}
	}
	noMarker(t, ms)
}

// TestEventsMailTheRightPeople walks one item through a consultation and a brief's
// review, and each account notice: every step mails exactly the people who may see its
// subject, in their language, with a link, and never the position's text.
func TestEventsMailTheRightPeople(t *testing.T) {
	r := newRig(t)
	must(t, r.st.SetUserLang(r.ctx, r.as("khs@plenary.example"), r.user("khs@plenary.example").ID, "en"))
	item := r.item("226 EX", "5.I.B") // led by MOE; focal point: staff; covered by the demo delegate
	itemLink := "/items/" + itoa(item)
	var consultation int64

	t.Run("ConsultationOpened", func(t *testing.T) {
		cs, err := r.st.OpenConsultations(r.ctx, r.as("staff@plenary.example"), seoul, item, domain.ConsultationRequest{
			MinistryIDs: []int64{r.ministry("KHS")}, Question: "Question " + marker,
			DueOn: r.clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
		must(t, err)
		consultation = cs[0].ID
		ms := r.deliver()
		// KHS's liaison only: not MOE's, although MOE leads the item, nor the delegate.
		expect(t, ms, "/consultations/"+itoa(consultation), map[string]string{"khs@plenary.example": "Request for input"})
		if !strings.Contains(ms[0].Text, "226 EX/5.I.B") || !strings.Contains(ms[0].Text, "Global Convention") {
			t.Errorf("mail does not name the item:\n%s", ms[0].Text)
		}
	})
	t.Run("AnswerReachesFocalPoint", func(t *testing.T) {
		c, err := r.st.Consultation(r.ctx, domain.Scope{All: true}, seoul, consultation)
		must(t, err)
		must(t, r.st.AnswerConsultation(r.ctx, r.as("khs@plenary.example"), consultation,
			domain.ConsultationAnswer{Answer: "Answer " + marker, Version: c.Version}))
		ms := r.deliver()
		expect(t, ms, "/consultations/"+itoa(consultation), map[string]string{"staff@plenary.example": "회신 도착"})
		if !strings.Contains(ms[0].Text, "박지민 Park Jimin") {
			t.Errorf("mail does not say who answered:\n%s", ms[0].Text)
		}
	})
	t.Run("SentBackReachesLiaisons", func(t *testing.T) {
		c, err := r.st.Consultation(r.ctx, domain.Scope{All: true}, seoul, consultation)
		must(t, err)
		must(t, r.st.SendBackConsultation(r.ctx, r.as("staff@plenary.example"), seoul, consultation, domain.ConsultationSendBack{
			Comment: "Comment " + marker, DueOn: r.clock.Now().AddDate(0, 0, 12).Format(time.DateOnly), Version: c.Version}))
		expect(t, r.deliver(), "/consultations/"+itoa(consultation), map[string]string{"khs@plenary.example": "Answer sent back"})
	})

	// The demo's brief on the item is final; reopened, it goes through review again.
	step := func(t *testing.T) domain.StepInput {
		b, err := r.st.Brief(r.ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, item)
		must(t, err)
		return domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID, Reason: "Reason " + marker}
	}
	save := func(t *testing.T, text string) {
		b, err := r.st.Brief(r.ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, item)
		must(t, err)
		_, err = r.st.SaveBrief(r.ctx, r.as("staff@plenary.example"), item, domain.BriefInput{Stance: "support",
			SummaryKO: "요약 " + marker + text, SummaryEN: "Summary " + marker + text, KeyPointsEN: marker, Version: b.Version})
		must(t, err)
	}
	t.Run("ReopenedBriefTellsNobody", func(t *testing.T) {
		_, err := r.st.ReopenBrief(r.ctx, r.as("staff@plenary.example"), item, step(t))
		must(t, err)
		save(t, " one")
		expect(t, r.deliver(), itemLink, map[string]string{})
	})
	t.Run("SubmittedReachesInvolvedLiaisons", func(t *testing.T) {
		_, err := r.st.SubmitBrief(r.ctx, r.as("staff@plenary.example"), item, step(t))
		must(t, err)
		// MOE leads; KHS is consulted on the item now.
		expect(t, r.deliver(), itemLink, map[string]string{"moe@plenary.example": "검토 요청", "khs@plenary.example": "Review requested"})
	})
	t.Run("SavedInReviewAsksAgain", func(t *testing.T) {
		save(t, " two")
		expect(t, r.deliver(), itemLink, map[string]string{"moe@plenary.example": "재검토 요청", "khs@plenary.example": "Review requested again"})
	})
	t.Run("VerdictReachesFocalPoint", func(t *testing.T) {
		in := step(t)
		for _, who := range []string{"moe@plenary.example", "khs@plenary.example"} {
			_, err := r.st.ReviewBrief(r.ctx, r.as(who), item, domain.ReviewInput{Verdict: "concur", Comment: "Comment " + marker, RevisionID: in.RevisionID})
			must(t, err)
			expect(t, r.deliver(), itemLink, map[string]string{"staff@plenary.example": "검토 의견 등록"})
		}
	})
	t.Run("ApprovedReachesFocalPointNotTheActor", func(t *testing.T) {
		must(t, r.st.ApproveBrief(r.ctx, r.as("admin@plenary.example"), item, step(t), false))
		expect(t, r.deliver(), itemLink, map[string]string{"staff@plenary.example": "입장 자료 승인"})
	})
	t.Run("FinalReachesFocalPointAndCoveringDelegates", func(t *testing.T) {
		must(t, r.st.FinaliseBrief(r.ctx, r.as("admin@plenary.example"), item, step(t)))
		expect(t, r.deliver(), itemLink, map[string]string{"staff@plenary.example": "입장 자료 확정",
			"delegate@plenary.example": "확정 입장 자료 공개"})
	})
	t.Run("StaffActingIsNotTold", func(t *testing.T) {
		_, err := r.st.ReopenBrief(r.ctx, r.as("staff@plenary.example"), item, step(t))
		must(t, err)
		save(t, " three")
		_, err = r.st.SubmitBrief(r.ctx, r.as("staff@plenary.example"), item, step(t))
		must(t, err)
		must(t, r.st.ApproveBrief(r.ctx, r.as("staff@plenary.example"), item, step(t), true))
		ms := r.deliver()
		if slices.Contains(recipients(ms), "staff@plenary.example") {
			t.Errorf("staff were told of their own approval")
		}
		noMarker(t, ms)
	})
	t.Run("AccountCreated", func(t *testing.T) {
		_, err := r.st.CreateUser(r.ctx, r.as("admin@plenary.example"), domain.UserInput{Email: "new@plenary.example",
			Name: "New Person", Role: "staff", Password: "a-long-enough-password-" + marker})
		must(t, err)
		expect(t, r.deliver(), "/", map[string]string{"new@plenary.example": "계정 생성"})
	})
	t.Run("PasswordReset", func(t *testing.T) {
		must(t, r.st.SetPassword(r.ctx, r.as("admin@plenary.example"), r.user("khs@plenary.example").ID, "another-long-password-"+marker))
		expect(t, r.deliver(), "/", map[string]string{"khs@plenary.example": "Password reset"})
	})
}

// TestEmailOffKeepsTheNoticeInTheApp: a liaison who turned off e-mail of requests gets
// none by mail, and still finds it in the app.
func TestEmailOffKeepsTheNoticeInTheApp(t *testing.T) {
	r := newRig(t)
	khs := r.user("khs@plenary.example")
	must(t, r.st.SetEmailOff(r.ctx, r.as("khs@plenary.example"), khs.ID, []domain.NotificationKind{domain.NoticeConsultationOpened}))
	_, err := r.st.OpenConsultations(r.ctx, r.as("staff@plenary.example"), seoul, r.item("226 EX", "5.I.B"), domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("KHS")}, Question: "Q", DueOn: r.clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
	must(t, err)
	if ms := r.deliver(); len(ms) != 0 {
		t.Errorf("mailed %v, want nothing", recipients(ms))
	}
	ns, _, err := r.st.Notifications(r.ctx, khs, 10, 0)
	must(t, err)
	if len(ns) == 0 || ns[0].Kind != domain.NoticeConsultationOpened || !ns[0].Visible {
		t.Errorf("the app shows %+v, want the request first", ns)
	}
	if err := r.st.SetEmailOff(r.ctx, r.as("khs@plenary.example"), khs.ID, []domain.NotificationKind{domain.NoticePasswordReset}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("turning off account notices: %v, want EINVALID", err)
	}
}

// TestRefusingServerGetsOneDeliveryAfterRetries: an SMTP server that refuses the first
// two attempts gets the mail on the third, once the back-off has passed, and never twice.
func TestRefusingServerGetsOneDeliveryAfterRetries(t *testing.T) {
	r := newRig(t)
	_, err := r.st.OpenConsultations(r.ctx, r.as("staff@plenary.example"), seoul, r.item("226 EX", "5.I.B"), domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("KHS")}, Question: "Q", DueOn: r.clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
	must(t, err)
	r.mail.RefuseNext(2)
	r.mail.Reset()
	flush := func() {
		t.Helper()
		if _, err := r.sender.Flush(r.ctx); err != nil {
			t.Fatal(err)
		}
	}
	status := func() (s string, attempts int, lastErr string) {
		t.Helper()
		must(t, r.db.NewRaw("SELECT status, attempts, last_error FROM outbox ORDER BY id DESC LIMIT 1").
			Scan(r.ctx, &s, &attempts, &lastErr))
		return
	}
	flush()
	if s, n, e := status(); s != "pending" || n != 1 || !strings.Contains(e, "451") {
		t.Fatalf("after a refusal: %s, %d attempts, %q; want pending, 1, the server's 451", s, n, e)
	}
	flush() // the back-off has not passed: nothing is tried
	if got := r.mail.Attempts(); got != 1 {
		t.Fatalf("tried %d times before the back-off passed, want 1", got)
	}
	r.clock.Advance(time.Minute)
	flush()
	if s, n, _ := status(); s != "pending" || n != 2 {
		t.Fatalf("after the second refusal: %s, %d attempts; want pending, 2", s, n)
	}
	r.clock.Advance(time.Minute) // the second wait is twice as long
	flush()
	if got := len(r.mail.Mails()); got != 0 {
		t.Fatalf("delivered %d before the second back-off passed", got)
	}
	r.clock.Advance(time.Minute)
	flush()
	r.clock.Advance(24 * time.Hour)
	flush()
	if got := recipients(r.mail.Mails()); !slices.Equal(got, []string{"khs@plenary.example"}) {
		t.Fatalf("delivered to %v, want khs@plenary.example once", got)
	}
	if got := r.mail.Attempts(); got != 3 {
		t.Errorf("the server saw %d attempts, want 3", got)
	}
}

// TestGivesUpAndAdminRetries: after the last attempt a mail is failed; an administrator's
// retry, audited, sends it once the server takes mail again.
func TestGivesUpAndAdminRetries(t *testing.T) {
	r := newRig(t)
	must(t, r.st.SetPassword(r.ctx, r.as("admin@plenary.example"), r.user("moe@plenary.example").ID, "another-long-password-1"))
	r.mail.RefuseNext(100)
	for range 5 {
		_, err := r.sender.Flush(r.ctx)
		must(t, err)
		r.clock.Advance(2 * time.Hour)
	}
	ms, _, err := r.st.Outbox(r.ctx, store.OutboxFilter{Status: domain.MailFailed})
	must(t, err)
	if len(ms) != 1 || ms[0].Attempts != 5 || ms[0].Kind != domain.NoticePasswordReset {
		t.Fatalf("failed mails: %+v, want the password notice after 5 attempts", ms)
	}
	r.mail.RefuseNext(0)
	must(t, r.st.RetryMail(r.ctx, r.as("admin@plenary.example"), ms[0].ID))
	if got := recipients(r.deliver()); !slices.Equal(got, []string{"moe@plenary.example"}) {
		t.Fatalf("after the retry mailed %v", got)
	}
	if err := r.st.RetryMail(r.ctx, r.as("admin@plenary.example"), ms[0].ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("retrying a sent mail: %v, want ECONFLICT", err)
	}
	if n := r.id("SELECT count(*) FROM audit_log WHERE entity = 'outbox' AND action = 'retry' AND entity_id = ?", ms[0].ID); n != 1 {
		t.Errorf("%d audit rows of the retry, want 1", n)
	}
}

// TestTwoSendersDeliverEachMailOnce: two senders on one database, running at once, share
// the outbox between them without sending any mail twice.
func TestTwoSendersDeliverEachMailOnce(t *testing.T) {
	r := newRig(t)
	const n = 40
	for i := range n {
		_, err := r.st.CreateUser(r.ctx, r.as("admin@plenary.example"), domain.UserInput{
			Email: "person" + itoa(int64(i)) + "@plenary.example", Name: "P", Role: "staff", Password: "a-long-enough-password"})
		must(t, err)
	}
	r.mail.Reset()
	r.mail.SlowDown(20 * time.Millisecond)
	senders := []*notify.Sender{r.sender, r.newSender()}
	var wg sync.WaitGroup
	claimed := make([]int, len(senders))
	for i, s := range senders {
		wg.Go(func() {
			c, err := s.Flush(r.ctx)
			if err != nil {
				t.Error(err)
			}
			claimed[i] = c
		})
	}
	wg.Wait()
	ms := r.mail.Mails()
	ids := map[string]int{}
	for _, m := range ms {
		ids[m.MessageID]++
	}
	if len(ms) != n || len(ids) != n {
		t.Errorf("server received %d mails, %d distinct; want %d of each", len(ms), len(ids), n)
	}
	if claimed[0]+claimed[1] != n {
		t.Errorf("senders claimed %v, want %d in all", claimed, n)
	}
	t.Logf("claimed by each sender: %v", claimed)
}

// TestRemindersOncePerDay moves the clock through a consultation's last days: each
// reminder reaches the liaisons once, however many times and servers produce it, and
// the focal point gets one digest a day while anything is overdue.
func TestRemindersOncePerDay(t *testing.T) {
	r := newRig(t)
	// Today's reminders of the demo's own consultations are not what is counted.
	must(t, r.sender.Reminders(r.ctx))
	r.exec("UPDATE outbox SET status = 'sent'")
	cs, err := r.st.OpenConsultations(r.ctx, r.as("staff@plenary.example"), seoul, r.item("226 EX", "5.I.B"), domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("KHS")}, Question: "Q", DueOn: domain.Today(r.clock.Now(), seoul).AddDate(0, 0, 4).Format(time.DateOnly)})
	must(t, err)
	id := cs[0].ID
	r.deliver()

	count := func(kind domain.NotificationKind) int {
		return int(r.id("SELECT count(*) FROM notifications WHERE kind = ? AND (consultation_id = ? OR consultation_id IS NULL)", kind, id))
	}
	// Two servers, each running twice a day.
	produce := func() {
		t.Helper()
		for _, s := range []*notify.Sender{r.newSender(), r.newSender(), r.newSender()} {
			must(t, s.Reminders(r.ctx))
		}
		_, err := r.st.ProduceReminders(r.ctx, seoul)
		must(t, err)
	}
	days := []struct {
		kind domain.NotificationKind
		want int
	}{
		{domain.NoticeDueSoon, 1},     // due in 3 days
		{domain.NoticeDueSoon, 1},     // in 2: already told
		{domain.NoticeDueTomorrow, 1}, // tomorrow
		{domain.NoticeOverdue, 0},     // due today: not yet overdue
		{domain.NoticeOverdue, 1},     // a day late
		{domain.NoticeOverdue, 1},     // two days late: told once for this due date
	}
	for i, d := range days {
		r.clock.Advance(24 * time.Hour)
		produce()
		if got := count(d.kind); got != d.want {
			t.Errorf("day %d: %d %s, want %d", i+1, got, d.kind, d.want)
		}
		for _, m := range r.deliver() {
			if strings.Contains(m.Text, "/consultations/"+itoa(id)+"\n") && m.To[0] != "khs@plenary.example" {
				t.Errorf("day %d: reminder of KHS's request to %s", i+1, m.To[0])
			}
		}
	}
	digests := r.id("SELECT count(DISTINCT day) FROM notifications WHERE kind = 'overdue_digest' AND user_id = ?", r.user("staff@plenary.example").ID)
	all := r.id("SELECT count(*) FROM notifications WHERE kind = 'overdue_digest' AND user_id = ?", r.user("staff@plenary.example").ID)
	if digests != all {
		t.Errorf("%d digests on %d days: more than one a day", all, digests)
	}
}

// TestListFollowsTheReadersScope: a liaison whose ministry's request is withdrawn keeps
// the entry, but it no longer shows what the request was about.
func TestListFollowsTheReadersScope(t *testing.T) {
	r := newRig(t)
	khs := r.user("khs@plenary.example")
	item := r.item("226 EX", "16.XL") // led by MOGEF: KHS sees it only through the request
	cs, err := r.st.OpenConsultations(r.ctx, r.as("staff@plenary.example"), seoul, item, domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("KHS")}, Question: "Q", DueOn: r.clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
	must(t, err)
	unread, err := r.st.UnreadCount(r.ctx, khs.ID)
	must(t, err)
	ns, _, err := r.st.Notifications(r.ctx, khs, 1, 0)
	must(t, err)
	if !ns[0].Visible || ns[0].Link() != "/consultations/"+itoa(cs[0].ID) {
		t.Fatalf("entry %+v, want the visible request", ns[0])
	}
	must(t, r.st.WithdrawConsultation(r.ctx, r.as("staff@plenary.example"), cs[0].ID, cs[0].Version))
	ns, _, err = r.st.Notifications(r.ctx, khs, 1, 0)
	must(t, err)
	if ns[0].Visible {
		t.Errorf("the withdrawn request still shows to KHS's liaison")
	}
	must(t, r.st.MarkRead(r.ctx, khs.ID, ns[0].ID))
	after, err := r.st.UnreadCount(r.ctx, khs.ID)
	must(t, err)
	if after != unread-1 {
		t.Errorf("unread %d after marking one read, want %d", after, unread-1)
	}
	if err := r.st.MarkRead(r.ctx, r.user("moe@plenary.example").ID, ns[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("marking another person's notification: %v, want ENOTFOUND", err)
	}
}

// TestNoSMTPServerWritesTheLog: without an SMTP server, mails are kept as logged.
func TestNoSMTPServerWritesTheLog(t *testing.T) {
	r := newRig(t)
	var log strings.Builder
	s := notify.New(notify.Config{Store: r.st, Catalog: i18n.MustNew(), Zone: seoul, BaseURL: baseURL,
		Logger: newLogger(&log)})
	must(t, r.st.SetPassword(r.ctx, r.as("admin@plenary.example"), r.user("moe@plenary.example").ID, "another-long-password-1"))
	_, err := s.Flush(r.ctx)
	must(t, err)
	ms, _, err := r.st.Outbox(r.ctx, store.OutboxFilter{Status: domain.MailLogged})
	must(t, err)
	if len(ms) != 1 || ms[0].To != "moe@plenary.example" {
		t.Fatalf("logged mails %+v, want moe's", ms)
	}
	if !strings.Contains(log.String(), "moe@plenary.example") || !strings.Contains(log.String(), "비밀번호 재설정") {
		t.Errorf("log does not hold the mail:\n%s", log.String())
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func newLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestWithdrawnMinistryIsNotAskedAgain: a ministry asked to review a brief whose request
// was withdrawn since no longer sees the item; a new revision in review does not tell it.
func TestWithdrawnMinistryIsNotAskedAgain(t *testing.T) {
	r := newRig(t)
	staff := r.as("staff@plenary.example")
	item := r.item("226 EX", "16.XL") // led by MOGEF, which has no liaison in the demo
	// The demo asks other ministries about this item too; here KHS alone is asked.
	r.exec("UPDATE consultations SET status = 'withdrawn' WHERE item_id = ?", item)
	r.deliver()
	cs, err := r.st.OpenConsultations(r.ctx, staff, seoul, item, domain.ConsultationRequest{
		MinistryIDs: []int64{r.ministry("KHS")}, Question: "Q", DueOn: r.clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)})
	must(t, err)
	save := func(version int, text string) {
		t.Helper()
		_, err := r.st.SaveBrief(r.ctx, staff, item, domain.BriefInput{Stance: "support", SummaryEN: marker + text, Version: version})
		must(t, err)
	}
	brief := func() *domain.Brief {
		b, err := r.st.Brief(r.ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, item)
		must(t, err)
		return b
	}
	if b, err := r.st.Brief(r.ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, item); err == nil {
		save(b.Version, " first")
	} else {
		save(0, " first")
	}
	b := brief()
	_, err = r.st.SubmitBrief(r.ctx, staff, item, domain.StepInput{Version: b.Version, RevisionID: b.CurrentRevisionID})
	must(t, err)
	if got := recipients(r.deliver()); !slices.Equal(got, []string{"khs@plenary.example", "khs@plenary.example"}) {
		t.Fatalf("request and review went to %v, want KHS's liaison twice", got)
	}
	must(t, r.st.WithdrawConsultation(r.ctx, staff, cs[0].ID, cs[0].Version))
	save(brief().Version, " second")
	if ms := r.deliver(); len(ms) != 0 {
		t.Errorf("a new revision was announced to %v, who may no longer see the item", recipients(ms))
	}
}
