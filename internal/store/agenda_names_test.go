package store_test

import (
	"context"
	"testing"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testdb"
)

// TestAgendaReadsLeadNameOfItsDay: an agenda, its counts by lead ministry and its pack
// name a renamed ministry as it was called on the first day of the session.
func TestAgendaReadsLeadNameOfItsDay(t *testing.T) {
	ctx := context.Background()
	db, _ := testdb.New(t)
	s := store.New(db)
	m, err := s.CreateMinistry(ctx, testActor, domain.MinistryInput{Code: "KHS", NameEN: "Korea Heritage Service", NameKO: "국가유산청"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []domain.MinistryFormerName{
		{MinistryID: m.ID, NameEN: "Cultural Properties Administration", NameKO: "문화재관리국", UsedUntil: day("1999-05-23")},
		{MinistryID: m.ID, NameEN: "Cultural Heritage Administration", NameKO: "문화재청", UsedUntil: day("2024-05-16")},
	} {
		if err := s.AddFormerName(ctx, testActor, f); err != nil {
			t.Fatal(err)
		}
	}
	body, err := s.CreateBody(ctx, testActor, domain.BodyInput{Code: "EX", NameEN: "Executive Board", NameKO: "집행이사회"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		number         int
		starts         string
		wantEN, wantKO string
	}{
		{150, "1996-10-01", "Cultural Properties Administration", "문화재관리국"},
		{219, "2024-04-03", "Cultural Heritage Administration", "문화재청"},
		{220, "2024-10-09", "Korea Heritage Service", "국가유산청"},
	} {
		ses := &domain.Session{BodyID: body.ID, Number: tt.number, TitleEN: "Session", StartsOn: day(tt.starts),
			EndsOn: day(tt.starts).AddDate(0, 0, 10), Status: domain.SessionConcluded}
		if err := s.CreateSession(ctx, testActor, ses); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"1", "2"} {
			if _, err := s.CreateAgendaItem(ctx, testActor, ses.ID, domain.AgendaItemInput{Number: n, TitleEN: "Item " + n,
				LeadMinistryID: m.ID, Priority: "normal", Status: "new"}); err != nil {
				t.Fatal(err)
			}
		}
		all := domain.Scope{All: true}
		items, err := s.AgendaItems(ctx, all, ses.ID, domain.AgendaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.LeadNameEN != tt.wantEN || it.LeadNameKO != tt.wantKO {
				t.Errorf("%s item %s: lead %q / %q, want %q / %q", ses.Code, it.Number, it.LeadNameEN, it.LeadNameKO, tt.wantEN, tt.wantKO)
			}
		}
		f, err := s.AgendaFacets(ctx, all, ses.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.LeadMinistries) != 1 || f.LeadMinistries[0].LabelEN != tt.wantEN || f.LeadMinistries[0].LabelKO != tt.wantKO ||
			f.LeadMinistries[0].Count != 2 || f.LeadMinistries[0].Value != "KHS" || f.LeadMinistries[0].ID != m.ID {
			t.Errorf("%s: lead ministry facets %+v, want KHS as %q / %q, 2 items", ses.Code, f.LeadMinistries, tt.wantEN, tt.wantKO)
		}
		if f.Total != 2 {
			t.Errorf("%s: %d items counted, want 2", ses.Code, f.Total)
		}
	}
}
