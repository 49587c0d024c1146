package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// consRig is a database with the demo data and a store whose clock the test sets.
type consRig struct {
	t     *testing.T
	db    *bun.DB
	s     *store.Store
	now   time.Time
	seoul *time.Location
	staff domain.Actor
	moe   domain.Actor // the Ministry of Education's liaison
	khs   domain.Actor // the Korea Heritage Service's liaison
}

func newConsRig(t *testing.T) *consRig {
	t.Helper()
	db, _ := testdb.NewDemo(t)
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	r := &consRig{t: t, db: db, seoul: seoul, now: time.Date(2026, 11, 20, 10, 0, 0, 0, seoul)}
	r.s = store.New(db).WithClock(func() time.Time { return r.now })
	for email, a := range map[string]*domain.Actor{
		"staff@plenary.example": &r.staff, "moe@plenary.example": &r.moe, "khs@plenary.example": &r.khs,
	} {
		u, err := r.s.UserByEmail(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		*a = domain.Actor{User: u}
	}
	return r
}

// id returns the id of a row of table with the natural key where.
func (r *consRig) id(table, where string, args ...any) int64 {
	r.t.Helper()
	var id int64
	if err := r.db.NewSelect().Table(table).Column("id").Where(where, args...).Scan(context.Background(), &id); err != nil {
		r.t.Fatalf("%s where %s: %v", table, where, err)
	}
	return id
}

func (r *consRig) ministry(code string) int64 { return r.id("ministries", "code = ?", code) }

// item returns the id of item number of the demo session code.
func (r *consRig) item(code, number string) int64 {
	return r.id("agenda_items", "number = ? AND session_id = (SELECT id FROM sessions WHERE code = ?)", number, code)
}

func (r *consRig) count(table, where string, args ...any) int {
	r.t.Helper()
	n, err := r.db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return int(n)
}

// open asks the ministries for input on an item, due on due, or fails the test.
func (r *consRig) open(item int64, due string, ministries ...int64) []domain.Consultation {
	r.t.Helper()
	cs, err := r.s.OpenConsultations(context.Background(), r.staff, r.seoul, item,
		domain.ConsultationRequest{MinistryIDs: ministries, Question: "Your position on the draft decision?", DueOn: due})
	if err != nil {
		r.t.Fatalf("open consultations: %v", err)
	}
	return cs
}

// get reads a consultation as staff see it, now.
func (r *consRig) get(id int64) *domain.Consultation {
	r.t.Helper()
	c, err := r.s.Consultation(context.Background(), domain.Scope{All: true}, r.seoul, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func wantConsError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error %v, want code %q", err, code)
	}
	if msg == "" {
		return
	}
	got := domain.ErrorMessage(err)
	for _, m := range domain.ErrorFields(err) {
		got = m
	}
	if got != msg {
		t.Errorf("message %q, want %q", got, msg)
	}
}

// TestOverdueAtMidnightInSeoul: a consultation due "today" in Seoul is not overdue at
// 23:59 Seoul time, and is at midnight, whatever the hour in UTC; the lists, the radar and
// the overdue filter agree.
func TestOverdueAtMidnightInSeoul(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	ses := r.id("sessions", "code = '226 EX'")
	mofa := r.ministry("MOFA")
	c := r.open(r.item("226 EX", "5.II.A"), "2026-12-01", mofa)[0]

	tests := []struct {
		name     string
		now      time.Time
		loc      *time.Location
		overdue  bool
		daysLeft int
	}{
		{"DayBefore", time.Date(2026, 11, 30, 12, 0, 0, 0, r.seoul), r.seoul, false, 1},
		{"LastMinuteOfTheDay", time.Date(2026, 12, 1, 23, 59, 0, 0, r.seoul), r.seoul, false, 0},
		{"Midnight", time.Date(2026, 12, 2, 0, 0, 0, 0, r.seoul), r.seoul, true, -1},
		// The same instant is still 1 December in UTC: the configured zone decides.
		{"MidnightInSeoulReadInUTC", time.Date(2026, 12, 2, 0, 0, 0, 0, r.seoul), time.UTC, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.now = tt.now
			got, err := r.s.Consultation(ctx, domain.Scope{All: true}, tt.loc, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Overdue != tt.overdue || got.DaysLeft != tt.daysLeft {
				t.Errorf("overdue %v, days left %d; want %v, %d", got.Overdue, got.DaysLeft, tt.overdue, tt.daysLeft)
			}
			listed, err := r.s.Consultations(ctx, domain.Scope{All: true}, tt.loc,
				domain.ConsultationFilter{ItemID: c.ItemID, Status: domain.ConsultationsOverdue})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(listed) == 1; got != tt.overdue {
				t.Errorf("in the overdue list: %v, want %v", got, tt.overdue)
			}
			radar, err := r.s.ConsultationRadar(ctx, domain.Scope{All: true}, tt.loc, ses)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range radar {
				if row.ID == mofa && (row.Overdue == 1) != tt.overdue {
					t.Errorf("radar counts %d overdue for MOFA, want overdue %v", row.Overdue, tt.overdue)
				}
			}
		})
	}
}

func TestOpenConsultations(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	item := r.item("226 EX", "5.II.A")
	moe, mofa := r.ministry("MOE"), r.ministry("MOFA")

	t.Run("OneForEachMinistry", func(t *testing.T) {
		audits := r.count("audit_log", "entity = 'consultation' AND action = 'create'")
		cs := r.open(item, "2026-12-10", mofa, moe, mofa)
		if len(cs) != 2 {
			t.Fatalf("%d consultations, want 2 (MOFA once, MOE)", len(cs))
		}
		for _, c := range cs {
			got := r.get(c.ID)
			if got.Status != domain.ConsultationOpen || got.RequestedBy == nil || *got.RequestedBy != r.staff.User.ID ||
				got.DueOn.Format(time.DateOnly) != "2026-12-10" || got.Version != 1 || !got.CreatedAt.Equal(r.now) {
				t.Errorf("consultation %+v", got)
			}
		}
		if got := r.count("audit_log", "entity = 'consultation' AND action = 'create'"); got != audits+2 {
			t.Errorf("audit rows %d, want %d", got, audits+2)
		}
	})
	tests := []struct {
		name       string
		ministries []int64
		due        string
		code, msg  string
	}{
		{"ErrLiveRequest", []int64{r.ministry("MSIT"), mofa}, "2026-12-10", domain.EINVALID, "consultations.error_live"},
		{"ErrDueInThePast", []int64{r.ministry("MSIT")}, "2026-11-19", domain.EINVALID, "consultations.error_due_past"},
		{"ErrUnknownMinistry", []int64{r.ministry("MSIT"), 999999}, "2026-12-10", domain.EINVALID, "error.unknown_ministry"},
		{"ErrNoMinistry", nil, "2026-12-10", domain.EINVALID, "consultations.error_no_ministry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := r.count("consultations", "TRUE")
			_, err := r.s.OpenConsultations(ctx, r.staff, r.seoul, item,
				domain.ConsultationRequest{MinistryIDs: tt.ministries, Question: "Position?", DueOn: tt.due})
			wantConsError(t, err, tt.code, tt.msg)
			if got := r.count("consultations", "TRUE"); got != before {
				t.Errorf("consultations %d → %d: a refused request wrote", before, got)
			}
		})
	}
	t.Run("ErrUnknownItem", func(t *testing.T) {
		_, err := r.s.OpenConsultations(ctx, r.staff, r.seoul, 999999,
			domain.ConsultationRequest{MinistryIDs: []int64{moe}, Question: "Position?", DueOn: "2026-12-10"})
		wantConsError(t, err, domain.ENOTFOUND, "")
	})
	t.Run("AgainAfterWithdrawal", func(t *testing.T) {
		c := r.id("consultations", "item_id = ? AND ministry_id = ? AND status = 'open'", item, moe)
		if err := r.s.WithdrawConsultation(ctx, r.staff, c, r.get(c).Version); err != nil {
			t.Fatal(err)
		}
		r.open(item, "2026-12-12", moe)
	})
}

// TestConsultationLife: an answer, its edit, a stale edit, the close, the send-back and
// the steps refused in each status; each change has its audit row.
func TestConsultationLife(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	c := r.open(r.item("226 EX", "5.II.A"), "2026-12-01", r.ministry("MOE"))[0]
	answer := func(text string, version int) error {
		return r.s.AnswerConsultation(ctx, r.moe, c.ID, domain.ConsultationAnswer{Answer: text, Version: version})
	}

	if err := answer("  MOE supports the draft decision.  ", 1); err != nil {
		t.Fatal(err)
	}
	got := r.get(c.ID)
	if got.Status != domain.ConsultationAnswered || got.Answer != "MOE supports the draft decision." ||
		got.AnswerSource != domain.AnswerFromApp || *got.AnsweredBy != r.moe.User.ID ||
		!got.AnsweredAt.Equal(r.now) || got.Version != 2 || got.AnsweredName != r.moe.User.Name {
		t.Fatalf("after the answer: %+v", got)
	}

	t.Run("ErrStaleEdit", func(t *testing.T) {
		wantConsError(t, answer("An edit on an old page.", 1), domain.ECONFLICT, "error.stale")
		if got := r.get(c.ID).Answer; got != "MOE supports the draft decision." {
			t.Errorf("answer %q after a stale edit", got)
		}
	})
	t.Run("ErrEmptyAnswer", func(t *testing.T) {
		wantConsError(t, answer("   ", 2), domain.EINVALID, "consultations.error_answer_or_file")
	})
	r.now = r.now.Add(time.Hour)
	if err := answer("MOE supports the draft decision, with one amendment.", 2); err != nil {
		t.Fatal(err)
	}
	if got := r.get(c.ID); got.Version != 3 || !got.AnsweredAt.Equal(r.now) {
		t.Errorf("after the edit: version %d, answered at %v", got.Version, got.AnsweredAt)
	}
	if err := r.s.CloseConsultation(ctx, r.staff, c.ID, 3); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrEditAfterClose", func(t *testing.T) {
		wantConsError(t, answer("Too late.", 4), domain.ECONFLICT, "consultations.error_state")
	})
	t.Run("ErrWithdrawClosed", func(t *testing.T) {
		wantConsError(t, r.s.WithdrawConsultation(ctx, r.staff, c.ID, 4), domain.ECONFLICT, "consultations.error_state")
	})
	t.Run("ErrSendBackWithoutComment", func(t *testing.T) {
		err := r.s.SendBackConsultation(ctx, r.staff, r.seoul, c.ID, domain.ConsultationSendBack{Comment: " ", DueOn: "2026-12-05", Version: 4})
		wantConsError(t, err, domain.EINVALID, "consultations.error_comment_empty")
	})
	err := r.s.SendBackConsultation(ctx, r.staff, r.seoul, c.ID,
		domain.ConsultationSendBack{Comment: "Which amendment? Please quote it.", DueOn: "2026-12-05", Version: 4})
	if err != nil {
		t.Fatal(err)
	}
	got = r.get(c.ID)
	if got.Status != domain.ConsultationOpen || got.ReturnComment != "Which amendment? Please quote it." ||
		got.DueOn.Format(time.DateOnly) != "2026-12-05" || got.Answer == "" {
		t.Errorf("after the send-back: %+v", got)
	}
	want := map[string]int{"create": 1, "answer": 2, "close": 1, "send_back": 1}
	for action, n := range want {
		if got := r.count("audit_log", "entity = 'consultation' AND entity_id = ? AND action = ?", c.ID, action); got != n {
			t.Errorf("%d audit rows %q, want %d", got, action, n)
		}
	}
}

// TestConsultationScope: a liaison reads their own ministry's consultations only, in
// lists, radar and by id; a delegate none.
func TestConsultationScope(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	moe, khs := r.ministry("MOE"), r.ministry("KHS")
	ses := r.id("sessions", "code = '21 ICH'") // consults both in the demo
	tests := []struct {
		name string
		sc   domain.Scope
		want map[int64]bool // ministries whose consultations are listed
	}{
		{"Staff", domain.Scope{All: true}, map[int64]bool{moe: true, khs: true, r.ministry("MCST"): true}},
		{"Liaison", domain.Scope{MinistryID: moe}, map[int64]bool{moe: true}},
		{"Delegate", domain.Scope{UserID: r.id("users", "email = 'delegate@plenary.example'")}, map[int64]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := r.s.Consultations(ctx, tt.sc, r.seoul, domain.ConsultationFilter{SessionID: ses})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[int64]bool{}
			for _, c := range cs {
				seen[c.MinistryID] = true
			}
			if len(seen) != len(tt.want) {
				t.Errorf("ministries listed %v, want %v", seen, tt.want)
			}
			for m := range seen {
				if !tt.want[m] {
					t.Errorf("lists a consultation of ministry %d", m)
				}
			}
			radar, err := r.s.ConsultationRadar(ctx, tt.sc, r.seoul, ses)
			if err != nil {
				t.Fatal(err)
			}
			if len(radar) != len(tt.want) {
				t.Errorf("radar has %d ministries, want %d", len(radar), len(tt.want))
			}
		})
	}
	t.Run("ErrOtherMinistryByID", func(t *testing.T) {
		id := r.id("consultations", "ministry_id = ? AND item_id = ?", khs, r.item("21 ICH", "8"))
		_, err := r.s.Consultation(ctx, domain.Scope{MinistryID: moe}, r.seoul, id)
		wantConsError(t, err, domain.ENOTFOUND, "")
	})
}

// TestTrackerUpload: the checks of a returned tracker's rows, and a confirmation that
// records exactly what the preview promised, or nothing when something changed meanwhile.
func TestTrackerUpload(t *testing.T) {
	t.Parallel()
	r := newConsRig(t)
	ctx := context.Background()
	moe, khs := r.ministry("MOE"), r.ministry("KHS")
	item := r.item("226 EX", "5.II.A")
	cs := r.open(item, "2026-12-10", moe, khs)
	mine, foreign := cs[0], cs[1]
	other := r.open(r.item("226 EX", "1"), "2026-12-10", moe)[0]
	stale := r.open(r.item("226 EX", "5.I.B"), "2026-12-10", moe)[0]
	if err := r.s.AnswerConsultation(ctx, r.moe, stale.ID, domain.ConsultationAnswer{Answer: "Typed in the app.", Version: 1}); err != nil {
		t.Fatal(err)
	}
	line := func(n int, id int64, version, answer string) domain.TrackerLine {
		return domain.TrackerLine{Line: n, ID: strconv.FormatInt(id, 10), Version: version, Answer: answer}
	}
	lines := []domain.TrackerLine{
		line(2, mine.ID, "1", "  From the tracker.  "),
		line(3, foreign.ID, "1", "An answer for another ministry."),
		line(4, stale.ID, "1", "Overwrites what was typed in the app."),
		{Line: 5, ID: "12a", Version: "1", Answer: "A tampered id."},
		line(6, other.ID, "x", "A tampered version."),
		line(7, other.ID, "1", ""),
		line(8, 999999, "1", "No such consultation."),
	}
	reasons := func(chk *domain.TrackerCheck) map[int]string {
		m := map[int]string{}
		for _, row := range chk.Rows {
			m[row.Line] = row.Reason
		}
		return m
	}
	t.Run("Liaison", func(t *testing.T) {
		chk, err := r.s.CheckTracker(ctx, domain.Scope{MinistryID: moe}, r.seoul, moe, "tracker.xlsx", lines)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{2: "", 3: "consultations.row_foreign", 4: "consultations.row_changed",
			5: "consultations.row_bad_id", 6: "consultations.row_bad_version", 8: "consultations.row_foreign"}
		got := reasons(chk)
		for n, reason := range want {
			if got[n] != reason {
				t.Errorf("row %d: reason %q, want %q", n, got[n], reason)
			}
		}
		if len(got) != len(want) || chk.Record != 1 || chk.Skipped != 1 || chk.Refused != 5 {
			t.Errorf("rows %v; record %d, skipped %d, refused %d", got, chk.Record, chk.Skipped, chk.Refused)
		}
	})
	t.Run("StaffForOneMinistry", func(t *testing.T) {
		chk, err := r.s.CheckTracker(ctx, domain.Scope{All: true}, r.seoul, khs, "tracker.xlsx", lines[:3])
		if err != nil {
			t.Fatal(err)
		}
		if got := reasons(chk); got[2] != "consultations.row_foreign" || got[3] != "" || got[4] != "consultations.row_foreign" {
			t.Errorf("reasons %v", got)
		}
	})
	t.Run("StaffUnknownAndDuplicate", func(t *testing.T) {
		chk, err := r.s.CheckTracker(ctx, domain.Scope{All: true}, r.seoul, 0, "tracker.xlsx",
			[]domain.TrackerLine{lines[0], line(3, mine.ID, "1", "Twice."), lines[6]})
		if err != nil {
			t.Fatal(err)
		}
		if got := reasons(chk); got[2] != "consultations.row_duplicate" || got[3] != "consultations.row_duplicate" ||
			got[8] != "consultations.row_unknown" {
			t.Errorf("reasons %v", got)
		}
	})
	t.Run("ConfirmRecordsThePreview", func(t *testing.T) {
		sc := domain.Scope{MinistryID: moe}
		uploads := r.count("audit_log", "entity = 'consultation_tracker' AND action = 'upload'")
		chk, err := r.s.CheckTracker(ctx, sc, r.seoul, moe, "tracker.xlsx", lines)
		if err != nil {
			t.Fatal(err)
		}
		token, err := r.s.SaveTrackerUpload(ctx, r.moe.User.ID, moe, chk)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.s.ConfirmTrackerUpload(ctx, r.khs, domain.Scope{MinistryID: khs}, token)
		wantConsError(t, err, domain.ENOTFOUND, "consultations.upload_expired")
		n, err := r.s.ConfirmTrackerUpload(ctx, r.moe, sc, token)
		if err != nil || n != 1 {
			t.Fatalf("recorded %d, %v; want 1", n, err)
		}
		got := r.get(mine.ID)
		if got.Status != domain.ConsultationAnswered || got.Answer != "From the tracker." || got.AnswerSource != domain.AnswerFromFile ||
			*got.AnsweredBy != r.moe.User.ID || got.Version != 2 {
			t.Errorf("recorded: %+v", got)
		}
		for _, id := range []int64{foreign.ID, other.ID} {
			if c := r.get(id); c.Status != domain.ConsultationOpen || c.Answer != "" || c.Version != 1 {
				t.Errorf("consultation %d changed: %+v", id, c)
			}
		}
		if c := r.get(stale.ID); c.Answer != "Typed in the app." {
			t.Errorf("the stale row overwrote the answer: %q", c.Answer)
		}
		if got := r.count("audit_log", "entity = 'consultation_tracker' AND action = 'upload'"); got != uploads+1 {
			t.Errorf("%d audit rows of uploads, want %d", got, uploads+1)
		}
		_, err = r.s.ConfirmTrackerUpload(ctx, r.moe, sc, token)
		wantConsError(t, err, domain.ENOTFOUND, "consultations.upload_expired")
	})
	t.Run("ErrChangedAfterPreview", func(t *testing.T) {
		sc := domain.Scope{MinistryID: moe}
		chk, err := r.s.CheckTracker(ctx, sc, r.seoul, moe, "tracker.xlsx", []domain.TrackerLine{line(2, other.ID, "1", "From the file.")})
		if err != nil || chk.Record != 1 {
			t.Fatalf("check: %v, %+v", err, chk)
		}
		token, err := r.s.SaveTrackerUpload(ctx, r.moe.User.ID, moe, chk)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.s.AnswerConsultation(ctx, r.moe, other.ID, domain.ConsultationAnswer{Answer: "Typed meanwhile.", Version: 1}); err != nil {
			t.Fatal(err)
		}
		_, err = r.s.ConfirmTrackerUpload(ctx, r.moe, sc, token)
		wantConsError(t, err, domain.ECONFLICT, "consultations.upload_changed")
		if c := r.get(other.ID); c.Answer != "Typed meanwhile." || c.AnswerSource != domain.AnswerFromApp {
			t.Errorf("the file wrote over the app: %+v", c)
		}
	})
}
