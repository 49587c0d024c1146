package domain

import (
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// BriefStatus is where a position brief stands in its workflow.
type BriefStatus string

// The brief statuses, in their order: draft → in_review → approved → final, and back to
// draft by reopening.
const (
	BriefDraft    BriefStatus = "draft"
	BriefInReview BriefStatus = "in_review"
	BriefApproved BriefStatus = "approved"
	BriefFinal    BriefStatus = "final"
)

// BriefStatuses lists the brief statuses in their order.
var BriefStatuses = []BriefStatus{BriefDraft, BriefInReview, BriefApproved, BriefFinal}

// Label returns the catalogue id of the status's name.
func (s BriefStatus) Label() string { return BriefStatusEnum.Label(string(s)) }

// Stance is the country's position on an item.
type Stance string

// The stances, from the most to the least favourable, then no position at all.
const (
	StanceSupport               Stance = "support"
	StanceSupportWithAmendments Stance = "support_with_amendments"
	StanceNeutral               Stance = "neutral"
	StanceMonitor               Stance = "monitor"
	StanceOppose                Stance = "oppose"
	StanceNoPosition            Stance = "no_position"
)

// Stances lists the stances in the order forms offer them.
var Stances = []Stance{StanceSupport, StanceSupportWithAmendments, StanceNeutral, StanceMonitor, StanceOppose, StanceNoPosition}

// Label returns the catalogue id of the stance's name.
func (s Stance) Label() string { return StanceEnum.Label(string(s)) }

// Verdict is what a ministry says of the revision of a brief it reviewed.
type Verdict string

// The verdicts.
const (
	VerdictConcur             Verdict = "concur"
	VerdictConcurWithComments Verdict = "concur_with_comments"
	VerdictRequestChanges     Verdict = "request_changes"
)

// Verdicts lists the verdicts in the order forms offer them.
var Verdicts = []Verdict{VerdictConcur, VerdictConcurWithComments, VerdictRequestChanges}

// Label returns the catalogue id of the verdict's name.
func (v Verdict) Label() string { return VerdictEnum.Label(string(v)) }

// Concurs reports whether the verdict lets the brief be approved.
func (v Verdict) Concurs() bool { return v == VerdictConcur || v == VerdictConcurWithComments }

// BriefScope is which briefs a user may read: the briefs of the items Scope shows them,
// and for a delegate only final ones. The policy package decides it; the store applies it
// in every query of briefs.
type BriefScope struct {
	Scope
	FinalOnly bool
}

// Brief is the country's position on one agenda item: where its workflow stands, and
// which revision holds its text now.
type Brief struct {
	bun.BaseModel `bun:"table:briefs,alias:b"`

	ID                 int64       `bun:"id,pk,autoincrement"`
	ItemID             int64       `bun:"item_id"`
	Status             BriefStatus `bun:"status"`
	CurrentRevisionID  int64       `bun:"current_revision_id"`
	SubmissionID       *int64      `bun:"submission_id"`
	ApprovedRevisionID *int64      `bun:"approved_revision_id"`
	// The revision last made final, kept while the brief is reopened, and when that
	// final text was reopened (nil while it is final, or was never).
	FinalRevisionID *int64     `bun:"final_revision_id"`
	ReopenedAt      *time.Time `bun:"reopened_at"`
	CreatedAt       time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt       time.Time  `bun:"updated_at,nullzero,default:now()"`
	Version         int        `bun:"version,default:1"`

	Current *BriefRevision `bun:"-"`
}

// Locked reports whether the text may not change: an approved or final brief is edited
// only after it is reopened.
func (b *Brief) Locked() bool { return b.Status == BriefApproved || b.Status == BriefFinal }

// BriefRevision is one saved text of a brief. Revisions are never changed: every save
// adds one.
type BriefRevision struct {
	bun.BaseModel `bun:"table:brief_revisions,alias:r"`

	ID             int64     `bun:"id,pk"`
	BriefID        int64     `bun:"brief_id"`
	Number         int       `bun:"number"`
	AuthorID       *int64    `bun:"author_id"`
	Author         string    `bun:"author"`
	CreatedAt      time.Time `bun:"created_at,nullzero,default:now()"`
	Stance         Stance    `bun:"stance"`
	SummaryKO      string    `bun:"summary_ko"`
	SummaryEN      string    `bun:"summary_en"`
	BackgroundKO   string    `bun:"background_ko"`
	BackgroundEN   string    `bun:"background_en"`
	KeyPointsKO    string    `bun:"key_points_ko"`
	KeyPointsEN    string    `bun:"key_points_en"`
	InterventionKO string    `bun:"intervention_ko"`
	InterventionEN string    `bun:"intervention_en"`
	Reason         string    `bun:"reason"`

	AuthorName string `bun:"author_name,scanonly"`
}

// Summary returns the summary in lang, or in the other language where lang has none.
func (r *BriefRevision) Summary(lang string) string { return pick(lang, r.SummaryEN, r.SummaryKO) }

// By returns the name of the revision's author.
func (r *BriefRevision) By() string { return firstNonEmpty(r.AuthorName, r.Author) }

// Input returns the form values of the revision, to edit it further.
func (r *BriefRevision) Input(version int) BriefInput {
	return BriefInput{
		Stance: string(r.Stance), SummaryKO: r.SummaryKO, SummaryEN: r.SummaryEN,
		BackgroundKO: r.BackgroundKO, BackgroundEN: r.BackgroundEN, KeyPointsKO: r.KeyPointsKO, KeyPointsEN: r.KeyPointsEN,
		InterventionKO: r.InterventionKO, InterventionEN: r.InterventionEN,
		Version: version, Base: r.ID,
	}
}

// BriefReview is a ministry's verdict on one revision of a brief.
type BriefReview struct {
	bun.BaseModel `bun:"table:brief_reviews,alias:rv"`

	ID         int64     `bun:"id,pk,autoincrement"`
	BriefID    int64     `bun:"brief_id"`
	RevisionID int64     `bun:"revision_id"`
	MinistryID int64     `bun:"ministry_id"`
	ReviewerID int64     `bun:"reviewer_id"`
	Verdict    Verdict   `bun:"verdict"`
	Comment    string    `bun:"comment"`
	CreatedAt  time.Time `bun:"created_at,nullzero,default:now()"`
	// Corrects is the verdict of the same ministry on the same revision that this one
	// corrects; a corrected verdict no longer stands.
	Corrects  *int64 `bun:"corrects"`
	Corrected bool   `bun:"corrected,scanonly"`

	RevisionNumber int    `bun:"revision_number,scanonly"`
	MinistryCode   string `bun:"ministry_code,scanonly"`
	MinistryEN     string `bun:"ministry_en,scanonly"`
	MinistryKO     string `bun:"ministry_ko,scanonly"`
	ReviewerName   string `bun:"reviewer_name,scanonly"`
}

// Ministry returns the reviewing ministry's name in lang.
func (r *BriefReview) Ministry(lang string) string { return pick(lang, r.MinistryEN, r.MinistryKO) }

// BriefEvent is one step of a brief's workflow, with its reason where it needs one.
type BriefEvent struct {
	bun.BaseModel `bun:"table:brief_events,alias:e"`

	ID         int64     `bun:"id,pk"`
	BriefID    int64     `bun:"brief_id"`
	Action     BriefStep `bun:"action"`
	RevisionID int64     `bun:"revision_id"`
	ActorID    *int64    `bun:"actor_id"`
	Actor      string    `bun:"actor"`
	Reason     string    `bun:"reason"`
	CreatedAt  time.Time `bun:"created_at,nullzero,default:now()"`

	RevisionNumber int      `bun:"revision_number,scanonly"`
	ActorName      string   `bun:"actor_name,scanonly"`
	Ministries     []string `bun:"ministries,array,scanonly"` // codes of the ministries a submission named
}

// By returns the name of who took the step.
func (e *BriefEvent) By() string { return firstNonEmpty(e.ActorName, e.Actor) }

// Asked returns the codes of the ministries a submission asked, separated by commas.
func (e *BriefEvent) Asked() string { return strings.Join(e.Ministries, ", ") }

// BriefReviewer is a ministry asked to review the brief, with its verdict on the current
// revision; Verdict is empty while the ministry has not given one.
type BriefReviewer struct {
	MinistryID   int64      `bun:"ministry_id"`
	Code         string     `bun:"code"`
	NameEN       string     `bun:"name_en"`
	NameKO       string     `bun:"name_ko"`
	Verdict      Verdict    `bun:"verdict"`
	Comment      string     `bun:"comment"`
	ReviewerName string     `bun:"reviewer_name"`
	At           *time.Time `bun:"at"`
}

// Name returns the ministry's name in lang.
func (r *BriefReviewer) Name(lang string) string { return pick(lang, r.NameEN, r.NameKO) }

// AllConcur reports whether every ministry asked has concurred with the current revision,
// which is what approval needs (true when nobody was asked).
func AllConcur(rs []BriefReviewer) bool {
	for _, r := range rs {
		if !r.Verdict.Concurs() {
			return false
		}
	}
	return true
}

// VerdictsGiven counts the ministries that have given their verdict on the current revision:
// the verdicts a new revision would set aside.
func VerdictsGiven(rs []BriefReviewer) int {
	n := 0
	for _, r := range rs {
		if r.Verdict != "" {
			n++
		}
	}
	return n
}

// BriefRow is one agenda item in a list of briefs: the item, and its brief where there is
// one the reader may see, with the count of the current revision's concurring verdicts.
type BriefRow struct {
	AgendaItem `bun:",extend"`

	BriefStatus BriefStatus `bun:"brief_status,scanonly"`
	Stance      Stance      `bun:"stance,scanonly"`
	SummaryKO   string      `bun:"summary_ko,scanonly"`
	SummaryEN   string      `bun:"summary_en,scanonly"`
	Revision    int         `bun:"revision,scanonly"`
	ChangedAt   *time.Time  `bun:"changed_at,scanonly"`
	Reviewers   int         `bun:"reviewers,scanonly"`
	Concurring  int         `bun:"concurring,scanonly"`
	Objecting   int         `bun:"objecting,scanonly"`
	// ReviewDue is when the ministries' verdicts are due: the session's brief deadline.
	ReviewDue *time.Time `bun:"review_due,scanonly"`
	// For a reader of final briefs only: since when the final text they read is being
	// revised (nil when it is not).
	UnderRevisionSince *time.Time `bun:"under_revision_since,scanonly"`
}

// HasBrief reports whether the row has a brief the reader may see.
func (r *BriefRow) HasBrief() bool { return r.BriefStatus != "" }

// Summary returns the brief's summary in lang, or in the other language.
func (r *BriefRow) Summary(lang string) string { return pick(lang, r.SummaryEN, r.SummaryKO) }

// ReadyToApprove reports whether a brief in review has every ministry's concurrence.
func (r *BriefRow) ReadyToApprove() bool {
	return r.BriefStatus == BriefInReview && r.Concurring == r.Reviewers
}

// BriefFilter narrows a list of briefs; zero values do not filter.
type BriefFilter struct {
	SessionID int64
	Statuses  []BriefStatus
	// AwaitingMinistry keeps the briefs in review whose current revision this ministry
	// was asked to review and has not yet.
	AwaitingMinistry int64
	// WithoutBrief keeps the items that have no brief yet, as a session's list does.
	WithoutBrief bool
	// CoveredBy keeps the items this user covers on the delegation (a delegate's "my
	// items").
	CoveredBy int64
	// AnsweredBy keeps the items on which this ministry answered a request: what became
	// of its input.
	AnsweredBy int64
	// Limit and Offset cut one page out of the list: Limit rows at most (0 for all),
	// after skipping Offset.
	Limit, Offset int
}

// BriefInput is what staff type to save a brief. Version is the brief's version the form
// was read at (0 for a new brief) and Base the revision it started from, so that a save
// against a changed brief shows what changed meanwhile.
type BriefInput struct {
	Stance         string `form:"stance" validate:"required,enum=stance"`
	SummaryKO      string `form:"summary_ko" validate:"max=4000" text:"multiline"`
	SummaryEN      string `form:"summary_en" validate:"max=4000" text:"multiline"`
	BackgroundKO   string `form:"background_ko" validate:"max=20000" text:"multiline"`
	BackgroundEN   string `form:"background_en" validate:"max=20000" text:"multiline"`
	KeyPointsKO    string `form:"key_points_ko" validate:"max=20000" text:"multiline"`
	KeyPointsEN    string `form:"key_points_en" validate:"max=20000" text:"multiline"`
	InterventionKO string `form:"intervention_ko" validate:"max=10000" text:"multiline"`
	InterventionEN string `form:"intervention_en" validate:"max=10000" text:"multiline"`
	Note           string `form:"change_note" validate:"max=1000"`
	Version        int    `form:"version" validate:"min=0"`
	Base           int64  `form:"base" validate:"min=0"`
	// VoidVerdicts is the writer's explicit consent that saving a brief in review sets
	// aside the verdicts the ministries gave on the revision before.
	VoidVerdicts bool `form:"void_verdicts"`
}

// Revision returns the revision the input describes, or an EINVALID error naming the
// field when neither summary is written.
func (in BriefInput) Revision() (*BriefRevision, error) {
	r := &BriefRevision{
		Stance: Stance(in.Stance), SummaryKO: trimText(in.SummaryKO), SummaryEN: trimText(in.SummaryEN),
		BackgroundKO: trimText(in.BackgroundKO), BackgroundEN: trimText(in.BackgroundEN),
		KeyPointsKO: trimText(in.KeyPointsKO), KeyPointsEN: trimText(in.KeyPointsEN),
		InterventionKO: trimText(in.InterventionKO), InterventionEN: trimText(in.InterventionEN),
		Reason: trim(in.Note),
	}
	if r.Stance.Label() == "" {
		return nil, FieldError("stance", "briefs.stance_required")
	}
	if r.SummaryKO == "" && r.SummaryEN == "" {
		return nil, FieldError("summary_ko", "briefs.summary_required")
	}
	return r, nil
}

// ReviewInput is a liaison's verdict on the revision they read.
type ReviewInput struct {
	Verdict    string `form:"verdict" validate:"required,enum=verdict"`
	Comment    string `form:"review_comment" validate:"max=4000" text:"multiline"`
	RevisionID int64  `form:"revision_id" validate:"required,min=1"`
	// Corrects is the ministry's standing verdict on the revision, which this one
	// corrects (0 for a first verdict).
	Corrects int64 `form:"corrects" validate:"min=0"`
}

// Check returns an EINVALID error naming the comment when a verdict other than plain
// concurrence comes without one.
func (in ReviewInput) Check() error {
	if Verdict(in.Verdict) != VerdictConcur && trim(in.Comment) == "" {
		return FieldError("review_comment", "briefs.comment_required")
	}
	return nil
}

// trimText trims a long text's surrounding blank lines and spaces and writes its line
// breaks as "\n", as browsers send "\r\n".
func trimText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
