package store_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// The bulk actions of an Executive Board's preparation, at its scale: a session of 60
// items with a delegation of 15, and twelve ministries (seed.Scale). Each operation runs
// in a transaction that is rolled back, so that every round starts from the same data;
// the figures include the rollback. Besides time and allocations each reports its
// queries per operation.
//
//	go test -run XXX -bench 'Bulk' -benchtime 20x ./internal/store/

// errRollBack ends a benchmark's transaction without keeping what it wrote.
var errRollBack = errors.New("roll back")

type benchCounter struct{ n atomic.Int64 }

func (q *benchCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}
func (q *benchCounter) AfterQuery(context.Context, *bun.QueryEvent) { q.n.Add(1) }

type bulkBench struct {
	s       *store.Store
	db      *bun.DB
	counter *benchCounter
	staff   domain.Actor
	seoul   *time.Location
	session *domain.Session
	items   []int64 // the session's 60 items, in id order
}

func newBulkBench(b *testing.B) *bulkBench {
	b.Helper()
	ctx := context.Background()
	db, _ := testdb.NewDemo(b)
	st := store.New(db)
	body, err := st.BodyByCode(ctx, "EX")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)
	ses := &domain.Session{BodyID: body.ID, Number: 990, TitleEN: "Synthetic session", Venue: "Paris",
		StartsOn: from, EndsOn: from.AddDate(0, 0, 13), Status: domain.SessionPreparing}
	if err := st.CreateSession(ctx, domain.SystemActor("test"), ses); err != nil {
		b.Fatal(err)
	}
	if err := seed.Scale(ctx, db, "990 EX", 60, nil); err != nil {
		b.Fatal(err)
	}
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		b.Fatal(err)
	}
	r := &bulkBench{db: db, counter: &benchCounter{}, seoul: seoul, session: ses}
	// The synthetic consultations are removed, so that every pair may be asked.
	if _, err := db.ExecContext(ctx, "DELETE FROM consultations WHERE item_id IN (SELECT id FROM agenda_items WHERE session_id = ?)", ses.ID); err != nil {
		b.Fatal(err)
	}
	if err := db.NewSelect().Table("agenda_items").Column("id").Where("session_id = ?", ses.ID).Order("id").Scan(ctx, &r.items); err != nil {
		b.Fatal(err)
	}
	if len(r.items) != 60 {
		b.Fatalf("%d items, want 60", len(r.items))
	}
	r.s = store.New(db.WithQueryHook(r.counter)).WithClock(func() time.Time { return time.Date(2030, 3, 2, 10, 0, 0, 0, seoul) })
	u, err := r.s.UserByEmail(ctx, "staff@plenary.example")
	if err != nil {
		b.Fatal(err)
	}
	r.staff = domain.Actor{User: u}
	return r
}

// ministries returns the ids of the first n ministries by code.
func (r *bulkBench) ministries(b *testing.B, n int) []int64 {
	var ids []int64
	if err := r.db.NewSelect().Table("ministries").Column("id").Order("code").Limit(int64(n)).Scan(context.Background(), &ids); err != nil {
		b.Fatal(err)
	}
	if len(ids) != n {
		b.Fatalf("%d ministries, want %d", len(ids), n)
	}
	return ids
}

func (r *bulkBench) ask(ministries []int64) domain.ConsultationBulkRequest {
	return domain.ConsultationBulkRequest{ItemIDs: r.items, ConsultationRequest: domain.ConsultationRequest{
		MinistryIDs: ministries, Question: "Your ministry's view on the draft decision?", DueOn: "2030-03-16"}}
}

// loop runs op b.N times, each in a transaction rolled back, and reports queries per op.
func (r *bulkBench) loop(b *testing.B, op func(s *store.Store) error) {
	ctx := context.Background()
	b.ReportAllocs()
	r.counter.n.Store(0)
	for b.Loop() {
		err := r.s.InTx(ctx, func(s *store.Store) error {
			if err := op(s); err != nil {
				return err
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.counter.n.Load())/float64(b.N), "queries/op")
}

// BenchmarkBulkAsk asks one question on 60 items of 10 ministries: 600 consultations,
// each audited and told to the ministry's liaisons, in one transaction.
func BenchmarkBulkAsk(b *testing.B) {
	r := newBulkBench(b)
	in := r.ask(r.ministries(b, 10))
	r.loop(b, func(s *store.Store) error {
		rep, err := s.AskConsultations(context.Background(), r.staff, r.seoul, r.session.ID, in)
		if err == nil && len(rep.Opened) != 600 {
			b.Fatalf("%d opened, want 600", len(rep.Opened))
		}
		return err
	})
}

// BenchmarkBulkClose closes 600 answered consultations at once.
func BenchmarkBulkClose(b *testing.B) {
	r := newBulkBench(b)
	ctx := context.Background()
	rep, err := r.s.AskConsultations(ctx, r.staff, r.seoul, r.session.ID, r.ask(r.ministries(b, 10)))
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(rep.Opened))
	for i, c := range rep.Opened {
		ids[i] = c.ID
	}
	if _, err := r.db.ExecContext(ctx, `UPDATE consultations SET status = 'answered', answer = 'We support it.',
		answer_source = 'app', answered_at = now(), version = version + 1 WHERE id IN (?)`, bun.List(ids)); err != nil {
		b.Fatal(err)
	}
	var ticked []domain.ConsultationVersion
	if err := r.db.NewSelect().Table("consultations").Column("id", "version").Where("id IN (?)", bun.List(ids)).
		Scan(ctx, &ticked); err != nil {
		b.Fatal(err)
	}
	r.loop(b, func(s *store.Store) error {
		n, err := s.CloseConsultations(ctx, r.staff, r.session.ID, ticked)
		if err == nil && n != 600 {
			b.Fatalf("%d closed, want 600", n)
		}
		return err
	})
}

// BenchmarkBulkCoverageMatrix saves the 60 × 15 coverage matrix with every box changed.
func BenchmarkBulkCoverageMatrix(b *testing.B) {
	r := newBulkBench(b)
	ctx := context.Background()
	ms, err := r.s.Members(ctx, domain.Scope{All: true}, r.session.ID)
	if err != nil {
		b.Fatal(err)
	}
	if len(ms) != 15 {
		b.Fatalf("%d members, want 15", len(ms))
	}
	m := domain.CoverageMatrix{Shown: r.items}
	for _, mem := range ms {
		var had []int64
		if err := r.db.NewSelect().Table("coverage").Column("item_id").Where("member_id = ?", mem.ID).Scan(ctx, &had); err != nil {
			b.Fatal(err)
		}
		mc := domain.MemberCoverage{MemberID: mem.ID, Version: mem.Version}
		for _, it := range r.items {
			covered := false
			for _, h := range had {
				covered = covered || h == it
			}
			if !covered { // every box flips
				mc.Items = append(mc.Items, it)
			}
		}
		m.Members = append(m.Members, mc)
	}
	r.loop(b, func(s *store.Store) error {
		n, err := s.SaveCoverageMatrix(ctx, r.staff, r.session.ID, m)
		if err == nil && n != 15 {
			b.Fatalf("%d members changed, want 15", n)
		}
		return err
	})
}
