package store

import (
	"context"
	"strings"

	"github.com/kncu/plenary/internal/domain"
)

// SearchResults are what one search box finds: sessions and agenda items, each list
// only of what the searcher may see.
type SearchResults struct {
	Query string
	Limit int // the most results one list shows

	Sessions []domain.Session
	Items    []domain.AgendaItem
	Briefs   []domain.BriefRow // filled by SearchBriefs
}

// searchLimit bounds each list of results.
const searchLimit = 50

// Search finds sessions (by code, Korean or English title, or venue) and agenda items (by English or Korean
// title, document symbol or number) that contain q, best matches first. Substring
// matching works for Korean, which has no spaces between many words; the trigram indexes
// keep it fast.
func (s *Store) Search(ctx context.Context, sc domain.Scope, q string) (*SearchResults, error) {
	q = strings.Join(strings.Fields(q), " ")
	r := &SearchResults{Query: q, Limit: searchLimit}
	if q == "" {
		return r, nil
	}
	like := "%" + escapeLike(q) + "%"
	sq := s.db.NewSelect().Model(&r.Sessions).Relation("Body").
		Where("(s.code ILIKE ? OR s.title_ko ILIKE ? OR s.title_en ILIKE ? OR s.venue ILIKE ? OR upper(replace(s.code, ' ', '')) = upper(replace(?, ' ', '')))", like, like, like, like, q).
		OrderExpr("greatest(similarity(s.title_ko, ?), similarity(s.title_en, ?)) DESC, s.starts_on DESC", q, q).Limit(searchLimit)
	if err := scopeSessions(sq, sc).Scan(ctx); err != nil {
		return nil, dbError("search sessions", err)
	}
	iq := s.selectItems(&r.Items, sc).
		Where("(i.title_en ILIKE ? OR i.title_ko ILIKE ? OR documents_text(i.documents) ILIKE ? OR i.number = upper(?) OR i.decision_ref ILIKE ?)", like, like, like, q, like).
		OrderExpr("greatest(word_similarity(?, i.title_en), word_similarity(?, i.title_ko), word_similarity(?, documents_text(i.documents))) DESC, s.starts_on DESC, i.sort_key", q, q, q).
		Limit(searchLimit)
	if err := iq.Scan(ctx); err != nil {
		return nil, dbError("search items", err)
	}
	return r, nil
}

// escapeLike makes the characters that LIKE treats specially match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// briefText is the searchable text of a brief's revision (alias r), the expression of
// the trigram index brief_revisions_text_trgm.
const briefText = `(r.summary_ko || ' ' || r.summary_en || ' ' || r.background_ko || ' ' || r.background_en || ' ' ||
	r.key_points_ko || ' ' || r.key_points_en || ' ' || r.intervention_ko || ' ' || r.intervention_en)`

// SearchBriefs finds the briefs whose current text contains q, among those bsc lets the
// reader read: a liaison finds the briefs of their ministry's items, a delegate final
// briefs only, so that no other text is ever found.
func (s *Store) SearchBriefs(ctx context.Context, bsc domain.BriefScope, q string) ([]domain.BriefRow, error) {
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		return nil, nil
	}
	var rows []domain.BriefRow
	err := s.selectBriefRows(&rows, bsc).
		Where("b.id IS NOT NULL").
		Where(briefText+" ILIKE ?", "%"+escapeLike(q)+"%").
		OrderExpr("word_similarity(?, "+briefText+") DESC, s.starts_on DESC, i.sort_key", q).
		Limit(searchLimit).Scan(ctx)
	if err != nil {
		return nil, dbError("search briefs", err)
	}
	return rows, nil
}
