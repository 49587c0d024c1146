package domain

import (
	"fmt"
	"slices"
	"strings"
)

// ConsultationBulkRequest asks one question of several ministries on several items of a
// session at once: a consultation for every item and ministry that has none live yet.
type ConsultationBulkRequest struct {
	ItemIDs []int64 `form:"item_ids" validate:"required,min=1,max=1000,dive,min=1"`
	ConsultationRequest
}

// Items returns the items asked about, each once, in the order given.
func (in ConsultationBulkRequest) Items() []int64 {
	var ids []int64
	for _, id := range in.ItemIDs {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// AsksItem reports whether the request includes the item, to tick its box again.
func (in ConsultationBulkRequest) AsksItem(itemID int64) bool {
	return slices.Contains(in.ItemIDs, itemID)
}

// ConsultationPair names an item and a ministry as people read them: "5.I.A · MOE".
type ConsultationPair struct {
	ItemID       int64
	MinistryID   int64
	ItemNumber   string
	MinistryCode string
}

func (p ConsultationPair) String() string { return p.ItemNumber + " · " + p.MinistryCode }

// AskReport is what a request on several items did: the consultations it opened, and the
// item and ministry pairs it left out because they have a live request already.
type AskReport struct {
	Opened  []Consultation
	Skipped []ConsultationPair
}

// SkippedNames lists the pairs left out, as people read them.
func (r AskReport) SkippedNames() string {
	return PairNames(r.Skipped)
}

// ConsultationCloseInput is the bulk close form of a session's consultations: the
// answered consultations ticked, each "id:version" as the page showed it.
type ConsultationCloseInput struct {
	Consultations []string `form:"consultation" validate:"min=1,max=2000"`
}

// ConsultationVersion is a consultation as a page showed it: its id and version.
type ConsultationVersion struct {
	ID      int64
	Version int
}

// Ticked reads the form's ticks, each once; an EINVALID error names the field when one
// is not "id:version".
func (in ConsultationCloseInput) Ticked() ([]ConsultationVersion, error) {
	var out []ConsultationVersion
	seen := map[int64]bool{}
	for _, s := range in.Consultations {
		iv, err := ParseItemVersion(s)
		if err != nil {
			return nil, FieldError("consultation", "error.invalid")
		}
		if !seen[iv.ID] {
			seen[iv.ID] = true
			out = append(out, ConsultationVersion(iv))
		}
	}
	if len(out) == 0 {
		return nil, FieldError("consultation", "consultations.bulk_close_none")
	}
	return out, nil
}

// ConsultationsChangedError refuses a step on several consultations because some of them
// changed since the page was read (Stale), or are not in a status the step starts from
// (NotReady): both name them as people read them. Nothing was changed. With stale ones
// it is an ECONFLICT "error.stale"; otherwise an EINVALID on the ticks' field.
type ConsultationsChangedError struct {
	Stale    []ConsultationPair
	NotReady []ConsultationPair
}

func (e *ConsultationsChangedError) Error() string {
	return fmt.Sprintf("consultations: %d changed meanwhile, %d not answered", len(e.Stale), len(e.NotReady))
}

// Unwrap makes the error an ECONFLICT "error.stale" or an EINVALID to ErrorCode and
// ErrorMessage.
func (e *ConsultationsChangedError) Unwrap() error {
	if len(e.Stale) > 0 {
		return Errorf(ECONFLICT, "error.stale")
	}
	return FieldError("consultation", "consultations.bulk_close_not_answered")
}

// PairNames lists the pairs as people read them.
func PairNames(ps []ConsultationPair) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}
