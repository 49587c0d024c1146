package web

import (
	"context"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/policy"
)

// briefContext is what a writer reads beside the brief's editor: what the ministries
// answered on the item, the item's documents and annexes, the position the country last
// made final on the same item in an earlier session, and the verdicts a save would set
// aside. It is read in a fixed number of queries, however many answers and files there
// are.
type briefContext struct {
	Answers   []contextAnswer
	Documents []domain.File // the item's UNESCO documents
	Annexes   []domain.File // the brief's annexes
	Previous  *previousPosition
	// Reviewers are the ministries asked to review the brief in review, with their
	// verdicts on the current revision; Verdicts counts those given, which a save voids.
	Reviewers []domain.BriefReviewer
	Verdicts  int
}

// contextAnswer is one ministry's consultation on the item, with its answer files.
type contextAnswer struct {
	domain.Consultation
	Files []domain.File
}

// previousPosition is the final position on the same item in the latest earlier session
// that has one, in the reader's language where it is written in it.
type previousPosition struct {
	Item       domain.AgendaItem
	Revision   *domain.BriefRevision
	UnderSince bool // the final text has been reopened since
	Summary    langText
	Interv     langText
}

// langText is a text in the reader's language, or in the other one (Other) when it is
// written only in that one; Lang is the language it is written in.
type langText struct {
	Text, Lang string
	Other      bool
}

// inLang picks the text in lang out of its English and Korean versions, falling back to
// the other.
func inLang(lang, en, ko string) langText {
	want, other, otherLang := en, ko, "ko"
	if lang == "ko" {
		want, other, otherLang = ko, en, "en"
	}
	if want != "" || other == "" {
		return langText{Text: want, Lang: lang}
	}
	return langText{Text: other, Lang: otherLang, Other: true}
}

// briefContextOf reads the context of the brief b (nil for an item without one) on item,
// as u may see it.
func (h *Handler) briefContextOf(ctx context.Context, u *domain.User, lang string, item *domain.AgendaItem, b *domain.Brief) (*briefContext, error) {
	sc := policy.ScopeOf(u)
	bc := &briefContext{}
	cs, err := h.store.Consultations(ctx, sc, h.cfg.Zone, domain.ConsultationFilter{ItemID: item.ID})
	if err != nil {
		return nil, err
	}
	files, err := h.store.AnswerFiles(ctx, cs)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Status == domain.ConsultationWithdrawn {
			continue
		}
		bc.Answers = append(bc.Answers, contextAnswer{Consultation: c, Files: files[c.ID]})
	}
	if bc.Documents, err = h.store.ItemDocuments(ctx, item); err != nil {
		return nil, err
	}
	if b != nil {
		if bc.Annexes, err = h.store.BriefAnnexes(ctx, b); err != nil {
			return nil, err
		}
		if b.Status == domain.BriefInReview {
			if bc.Reviewers, err = h.store.BriefReviewers(ctx, b); err != nil {
				return nil, err
			}
			bc.Verdicts = domain.VerdictsGiven(bc.Reviewers)
		}
	}
	if bc.Previous, err = h.previousPosition(ctx, sc, lang, item); err != nil {
		return nil, err
	}
	return bc, nil
}

// previousPosition follows the item's carry-forward link back to the latest earlier
// session whose item has a final brief, and reads that final text; nil when there is
// none.
func (h *Handler) previousPosition(ctx context.Context, sc domain.Scope, lang string, item *domain.AgendaItem) (*previousPosition, error) {
	if item.PreviousItemID == nil {
		return nil, nil
	}
	chain, err := h.store.ItemChain(ctx, sc, item.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(chain))
	for i := range chain {
		ids[i] = chain[i].ID
	}
	final := domain.BriefScope{Scope: sc, FinalOnly: true}
	positions, err := h.store.FinalPositions(ctx, final, ids)
	if err != nil {
		return nil, err
	}
	for _, prev := range chain { // newest session first
		if positions[prev.ID] == nil {
			continue
		}
		b, err := h.store.Brief(ctx, final, prev.ID)
		if err != nil {
			return nil, err
		}
		r := b.Current
		return &previousPosition{Item: prev, Revision: r, UnderSince: b.ReopenedAt != nil,
			Summary: inLang(lang, r.SummaryEN, r.SummaryKO), Interv: inLang(lang, r.InterventionEN, r.InterventionKO)}, nil
	}
	return nil, nil
}
