package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// position is the text of one revision of a demo brief. background and points are in
// English; bgKO and ptKO their Korean, written on some briefs only, so that either
// language's reader meets a text marked as written in the other.
type position struct {
	stance                     domain.Stance
	ko, en, background, points string
	bgKO, ptKO                 string
	ivKO, ivEN                 string
	note                       string
}

func (p position) input(version int) domain.BriefInput {
	return domain.BriefInput{Stance: string(p.stance), SummaryKO: p.ko, SummaryEN: p.en,
		BackgroundKO: p.bgKO, BackgroundEN: p.background, KeyPointsKO: p.ptKO, KeyPointsEN: p.points,
		InterventionKO: p.ivKO, InterventionEN: p.ivEN, Note: p.note, Version: version}
}

// briefSeeder walks demo briefs through the workflow as the people of the demo would, on
// the days they would have: Commission staff write, submit, approve and finalise; the
// ministries' liaisons review.
type briefSeeder struct {
	ctx      context.Context
	s        *store.Store
	ids      *IDs
	staff    domain.Actor
	liaisons map[int64]domain.Actor // by ministry id
}

// on returns the store as it reads the time at noon, Seoul time, of day.
func (b *briefSeeder) on(d string) *store.Store {
	t := day(d).Add(3 * time.Hour)
	return b.s.WithClock(func() time.Time { return t })
}

func (b *briefSeeder) brief(item string) (*domain.Brief, error) {
	return b.s.Brief(b.ctx, domain.BriefScope{Scope: domain.Scope{All: true}}, b.ids.Items[item])
}

func (b *briefSeeder) step(item string) (domain.StepInput, error) {
	br, err := b.brief(item)
	if err != nil {
		return domain.StepInput{}, err
	}
	return domain.StepInput{Version: br.Version, RevisionID: br.CurrentRevisionID}, nil
}

func (b *briefSeeder) save(d, item string, p position) error {
	version := 0
	if br, err := b.brief(item); err == nil {
		version = br.Version
	}
	in := p.input(version)
	// The demo's staff revise a brief in review knowing the verdicts given are set aside.
	in.VoidVerdicts = true
	_, err := b.on(d).SaveBrief(b.ctx, b.staff, b.ids.Items[item], in)
	return err
}

// submit asks the involved ministries to review, and returns those that have a demo
// liaison to review.
func (b *briefSeeder) submit(d, item string) ([]int64, error) {
	in, err := b.step(item)
	if err != nil {
		return nil, err
	}
	ms, err := b.on(d).SubmitBrief(b.ctx, b.staff, b.ids.Items[item], in)
	if err != nil {
		return nil, err
	}
	var withLiaison []int64
	for _, m := range ms {
		if _, ok := b.liaisons[m]; ok {
			withLiaison = append(withLiaison, m)
		}
	}
	return withLiaison, nil
}

func (b *briefSeeder) review(d, item string, ministry int64, v domain.Verdict, comment string) error {
	br, err := b.brief(item)
	if err != nil {
		return err
	}
	_, err = b.on(d).ReviewBrief(b.ctx, b.liaisons[ministry], b.ids.Items[item],
		domain.ReviewInput{Verdict: string(v), Comment: comment, RevisionID: br.CurrentRevisionID})
	return err
}

// approve approves the brief when every ministry asked concurs, and otherwise overrides
// them for reason.
func (b *briefSeeder) approve(d, item, reason string) error {
	br, err := b.brief(item)
	if err != nil {
		return err
	}
	rs, err := b.s.BriefReviewers(b.ctx, br)
	if err != nil {
		return err
	}
	in := domain.StepInput{Version: br.Version, RevisionID: br.CurrentRevisionID, Reason: reason}
	return b.on(d).ApproveBrief(b.ctx, b.staff, b.ids.Items[item], in, !domain.AllConcur(rs))
}

func (b *briefSeeder) finalise(d, item string) error {
	in, err := b.step(item)
	if err != nil {
		return err
	}
	return b.on(d).FinaliseBrief(b.ctx, b.staff, b.ids.Items[item], in)
}

func (b *briefSeeder) reopen(d, item, reason string) error {
	in, err := b.step(item)
	if err != nil {
		return err
	}
	in.Reason = reason
	_, err = b.on(d).ReopenBrief(b.ctx, b.staff, b.ids.Items[item], in)
	return err
}

// consulted makes sure the ministry code is involved in item. The consultations part of
// the demo asks the ministries first; only an item it left without any consultation gets
// one here, so that the brief has a second ministry to review it.
func (b *briefSeeder) consulted(d, item, code, question, due string) error {
	id := b.ids.Items[item]
	n, err := b.s.DB().NewSelect().Table("consultations").Where("item_id = ?", id).Count(b.ctx)
	if err != nil || n > 0 {
		return err
	}
	_, err = b.on(d).OpenConsultations(b.ctx, b.staff, time.UTC, id, domain.ConsultationRequest{
		MinistryIDs: []int64{b.ids.Ministries[code]}, Question: question, DueOn: due})
	return err
}

// final takes a brief from nothing to final: written, reviewed by every ministry that has
// a liaison (verdict), and approved (overriding, for reason, the ministries without one).
func (b *briefSeeder) final(days [4]string, item string, p position, v domain.Verdict, comment, reason string) error {
	if err := b.save(days[0], item, p); err != nil {
		return err
	}
	ms, err := b.submit(days[1], item)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := b.review(days[2], item, m, v, comment); err != nil {
			return err
		}
	}
	if err := b.approve(days[3], item, reason); err != nil {
		return err
	}
	return b.finalise(days[3], item)
}

// seedBriefs writes the demo's position briefs: final ones on the concluded 220th
// Executive Board and 48th World Heritage Committee, so that recurring items show the
// positions taken before, and briefs in every state of the workflow on the 21st ICH
// Committee and the 226th Executive Board.
func seedBriefs(ctx context.Context, s *store.Store, ids *IDs) error {
	b := &briefSeeder{ctx: ctx, s: s, ids: ids, liaisons: map[int64]domain.Actor{}}
	staff, err := s.User(ctx, ids.Users["staff@plenary.example"])
	if err != nil {
		return err
	}
	b.staff = domain.Actor{User: staff}
	for _, email := range []string{"moe@plenary.example", "khs@plenary.example"} {
		u, err := s.User(ctx, ids.Users[email])
		if err != nil {
			return err
		}
		b.liaisons[*u.MinistryID] = domain.Actor{User: u}
	}
	for _, f := range []func(*briefSeeder) error{seedEarlierPositions, seedICHBriefs, seedEXBriefs} {
		if err := f(b); err != nil {
			return fmt.Errorf("seed: briefs: %w", err)
		}
	}
	return nil
}
