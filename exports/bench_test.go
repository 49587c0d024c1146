package exports_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kncu/plenary/exports"
	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// benchSession makes a database with a body, eight ministries and a synthetic session
// of n items.
func benchSession(b *testing.B, n int) (*store.Store, *domain.Session) {
	b.Helper()
	ctx := context.Background()
	db, _ := testdb.New(b)
	st := store.New(db)
	a := domain.SystemActor("bench")
	code := "990 EX"
	body, err := st.CreateBody(ctx, a, domain.BodyInput{Code: "EX", NameEN: "Executive Board", NameKO: "집행이사회"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		in := domain.MinistryInput{Code: fmt.Sprintf("M%d", i+1), NameEN: fmt.Sprintf("Ministry %d", i+1), NameKO: fmt.Sprintf("제%d부", i+1)}
		if _, err := st.CreateMinistry(ctx, a, in); err != nil {
			b.Fatal(err)
		}
	}
	from := time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)
	ses := &domain.Session{BodyID: body.ID, Number: 990, TitleEN: "Synthetic", StartsOn: from, EndsOn: from.AddDate(0, 0, 9)}
	if err := st.CreateSession(ctx, a, ses); err != nil {
		b.Fatal(err)
	}
	if err := seed.Scale(context.Background(), db, code, n, nil); err != nil {
		b.Fatal(err)
	}
	ses, err = st.SessionByCode(context.Background(), code)
	if err != nil {
		b.Fatal(err)
	}
	return st, ses
}

// peakHeap samples the live heap while fn runs and returns its peak, in bytes above the
// heap before fn started.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak {
				peak = v
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}

var benchSizes = []int{100, 1000, 10000}

// BenchmarkPack builds and writes the full briefing pack of sessions of 100, 1,000 and
// 10,000 items, queries included.
func BenchmarkPack(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			st, ses := benchSession(b, n)
			pack := &exports.Pack{Audience: exports.Audience{Kind: domain.PackFull}, L: catalog.For("ko"),
				GeneratedBy: "bench", GeneratedAt: time.Now()}
			var peak uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				src, err := st.NewPackSource(ses, domain.PackFull, domain.BriefScope{Scope: domain.Scope{All: true}}, time.Now())
				if err != nil {
					b.Fatal(err)
				}
				p := peakHeap(func() {
					if err := pack.Write(context.Background(), io.Discard, src); err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// BenchmarkBaseline writes the same cell values as the pack with a bare StreamWriter: no
// styles, no print set-up, no queries (the values are read before the timer starts).
func BenchmarkBaseline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			st, ses := benchSession(b, n)
			sheets := collect(b, st, ses)
			var peak uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := peakHeap(func() {
					f := excelize.NewFile()
					for name, rows := range sheets {
						if _, err := f.NewSheet(name); err != nil {
							b.Fatal(err)
						}
						sw, err := f.NewStreamWriter(name)
						if err != nil {
							b.Fatal(err)
						}
						for r, row := range rows {
							cell, _ := excelize.CoordinatesToCellName(1, r+1)
							if err := sw.SetRow(cell, row); err != nil {
								b.Fatal(err)
							}
						}
						if err := sw.Flush(); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := f.WriteTo(io.Discard); err != nil {
						b.Fatal(err)
					}
					f.Close()
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// collect reads the pack's cell values, sheet by sheet, the way the pack writes them.
func collect(b *testing.B, st *store.Store, ses *domain.Session) map[string][][]any {
	b.Helper()
	ctx := context.Background()
	src, err := st.NewPackSource(ses, domain.PackFull, domain.BriefScope{Scope: domain.Scope{All: true}}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	sheets := map[string][][]any{}
	add := func(name string, row ...any) { sheets[name] = append(sheets[name], row) }
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(src.Items(ctx, func(r exports.ItemRow) error {
		add("Agenda", r.Number, r.TitleKO, r.Documents, r.Commission, r.Sector, r.LeadKO, r.FocalPoint, r.Priority, r.Status, r.DecisionRef, r.Outcome)
		return nil
	}))
	must(src.Positions(ctx, func(r exports.PositionRow) error {
		add("Positions", r.Number, r.TitleKO, r.Stance, r.Status, r.SummaryKO, r.KeyPointsKO, r.InterventionKO, r.BackgroundKO, r.Revision, r.UpdatedAt)
		return nil
	}))
	must(src.Consultations(ctx, func(r exports.ConsultationRow) error {
		add("Consultations", r.Number, r.TitleKO, r.MinistryKO, r.Question, r.DueOn, r.Status, r.Answer, r.AnsweredBy, r.AnsweredAt)
		return nil
	}))
	must(src.Members(ctx, func(r exports.MemberRow) error {
		add("Delegation", r.NameKO, r.Role, r.Organisation, r.Title, r.Accreditation, r.ArrivesOn, r.DepartsOn, r.FundedBy, r.Items)
		return nil
	}))
	return sheets
}

// BenchmarkPackQueries reads every row of the pack from the database without writing a
// workbook: the share of the pack's time spent in PostgreSQL.
func BenchmarkPackQueries(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			st, ses := benchSession(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				collect(b, st, ses)
			}
		})
	}
}
