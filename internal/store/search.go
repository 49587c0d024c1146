package store

import (
	"context"
	"strings"

	"github.com/kncu/plenary/internal/domain"
)

// SearchResults are what one search box finds: sessions and agenda items, each list
// only of what the searcher may see.
type SearchResults struct {
	Query    string
	Sessions []domain.Session
	Items    []domain.AgendaItem
}

// searchLimit bounds each list of results.
const searchLimit = 50

// Search finds sessions (by code, title or venue) and agenda items (by English or Korean
// title, document symbol or number) that contain q, best matches first. Substring
// matching works for Korean, which has no spaces between many words; the trigram indexes
// keep it fast.
func (s *Store) Search(ctx context.Context, sc domain.Scope, q string) (*SearchResults, error) {
	q = strings.Join(strings.Fields(q), " ")
	r := &SearchResults{Query: q}
	if q == "" {
		return r, nil
	}
	like := "%" + escapeLike(q) + "%"
	sq := s.db.NewSelect().Model(&r.Sessions).Relation("Body").
		Where("(s.code ILIKE ? OR s.title ILIKE ? OR s.venue ILIKE ? OR upper(replace(s.code, ' ', '')) = upper(replace(?, ' ', '')))", like, like, like, q).
		OrderExpr("similarity(s.title, ?) DESC, s.starts_on DESC", q).Limit(searchLimit)
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
