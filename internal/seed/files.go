package seed

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// demoFiles are the files of the demo data: UNESCO's documents on a few items, one of them
// in a second version, the Commission's annex to a request and a ministry's answer file.
// Their bytes are small one-page PDFs.
var demoFiles = []struct {
	item     string // the item, as "220 EX/5.I.A"
	ministry string // for a consultation's file: the ministry consulted
	by       string // who uploads it
	kind     domain.FileKind
	name     string
	symbol   string
	lang     string
	revises  bool // a new version of the file of the same name above
}{
	{item: "220 EX/5.I.A", by: demoStaff, kind: domain.FileItemDocument, name: "220 EX 5.I.A.pdf", symbol: "220 EX/5.I.A", lang: "en"},
	{item: "220 EX/5.I.A", by: demoStaff, kind: domain.FileItemDocument, name: "220 EX 5.I.A (fr).pdf", symbol: "220 EX/5.I.A", lang: "fr"},
	{item: "220 EX/5.I.B", by: demoStaff, kind: domain.FileItemDocument, name: "220 EX 5.I.B.pdf", symbol: "220 EX/5.I.B", lang: "en"},
	{item: "226 EX/5.I.C", by: demoStaff, kind: domain.FileItemDocument, name: "226 EX 5.I.C.pdf", symbol: "226 EX/5.I.C", lang: "en"},
	{item: "226 EX/5.I.C", by: demoStaff, kind: domain.FileItemDocument, name: "226 EX 5.I.C.pdf", symbol: "226 EX/5.I.C Rev.", lang: "en", revises: true},
	{item: "226 EX/5.I.C", ministry: "MOE", by: demoStaff, kind: domain.FileConsultationAnnex, name: "배경 자료 - 226 EX 5.I.C.pdf"},
	{item: "220 EX/5.I.B", ministry: "MOE", by: demoMOE, kind: domain.FileConsultationAnswer, name: "교육부 회신 - 220 EX 5.I.B.pdf"},
}

func seedFiles(ctx context.Context, s *store.Store, ids *IDs) error {
	saved := map[string]*domain.File{}
	for _, f := range demoFiles {
		target := domain.FileTarget{Kind: f.kind, ItemID: ids.Items[f.item]}
		if f.kind.OnConsultation() {
			cs, err := s.Consultations(ctx, domain.Scope{All: true}, time.UTC,
				domain.ConsultationFilter{ItemID: ids.Items[f.item], MinistryID: ids.Ministries[f.ministry]})
			if err != nil || len(cs) == 0 {
				return fmt.Errorf("seed: consultation of %s on %s: %v", f.ministry, f.item, err)
			}
			target = domain.FileTarget{Kind: f.kind, ConsultationID: cs[0].ID}
		}
		text := f.symbol
		if text == "" {
			text = f.item
		}
		var (
			kept *domain.File
			err  error
		)
		if f.revises {
			kept, err = s.SaveFileVersion(ctx, demoActor(ids, f.by), saved[f.name], f.name, bytes.NewReader(MinimalPDF(text)), 1<<20)
		} else {
			in := domain.FileInput{Name: f.name, Symbol: f.symbol, Language: f.lang}
			kept, err = s.SaveFile(ctx, demoActor(ids, f.by), target, in, bytes.NewReader(MinimalPDF(text)), 1<<20)
		}
		if err != nil {
			return fmt.Errorf("seed: file %s: %w", f.name, err)
		}
		saved[f.name] = kept
	}
	return nil
}
