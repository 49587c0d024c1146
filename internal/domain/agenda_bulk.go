package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// AgendaBulkInput is the agenda page's bulk form: the items ticked, each as "id:version"
// (the version of the row the page showed), and the values to set on all of them. A
// value left empty (or 0) leaves that field of every item as it is.
type AgendaBulkInput struct {
	Items          []string `form:"item" label:"agenda.bulk_items" validate:"min=1,max=1000"`
	LeadMinistryID int64    `form:"lead_ministry_id" validate:"min=0"`
	FocalPointID   int64    `form:"focal_point_id" validate:"min=0"`
	Priority       string   `form:"priority" validate:"omitempty,enum=priority"`
	Status         string   `form:"status" validate:"omitempty,enum=item_status"`
}

// ItemVersion is an item as a page showed it: its id and the version it had.
type ItemVersion struct {
	ID      int64
	Version int
}

// AgendaItemsChange is one change to several items of a session: the items, as the
// page showed them, and the values to set; a zero value leaves its field as it is.
type AgendaItemsChange struct {
	Items          []ItemVersion
	LeadMinistryID int64
	FocalPointID   int64
	Priority       Priority
	Status         ItemStatus
}

// Change reads the form into the change it asks for. It returns an EINVALID error
// naming the field when no value is chosen or an item is not "id:version"; an item
// ticked twice counts once.
func (in AgendaBulkInput) Change() (AgendaItemsChange, error) {
	ch := AgendaItemsChange{LeadMinistryID: in.LeadMinistryID, FocalPointID: in.FocalPointID,
		Priority: Priority(in.Priority), Status: ItemStatus(in.Status)}
	if ch.LeadMinistryID == 0 && ch.FocalPointID == 0 && ch.Priority == "" && ch.Status == "" {
		return ch, FieldError("set", "agenda.bulk_nothing_to_set")
	}
	seen := map[int64]bool{}
	for _, s := range in.Items {
		iv, err := ParseItemVersion(s)
		if err != nil {
			return ch, FieldError("item", "error.invalid")
		}
		if !seen[iv.ID] {
			seen[iv.ID] = true
			ch.Items = append(ch.Items, iv)
		}
	}
	return ch, nil
}

// ParseItemVersion reads "id:version", as the agenda page writes an item's tick box.
func ParseItemVersion(s string) (ItemVersion, error) {
	a, b, ok := strings.Cut(s, ":")
	id, err1 := strconv.ParseInt(a, 10, 64)
	v, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || id <= 0 || v <= 0 {
		return ItemVersion{}, fmt.Errorf("domain: item %q is not id:version", s)
	}
	return ItemVersion{ID: id, Version: v}, nil
}

// Apply sets the change's values on item, leaving the fields it does not set.
func (ch AgendaItemsChange) Apply(item *AgendaItem) {
	if ch.LeadMinistryID > 0 {
		id := ch.LeadMinistryID
		item.LeadMinistryID = &id
	}
	if ch.FocalPointID > 0 {
		id := ch.FocalPointID
		item.FocalPointID = &id
	}
	if ch.Priority != "" {
		item.Priority = ch.Priority
	}
	if ch.Status != "" {
		item.Status = ch.Status
	}
}

// ItemsChangedError refuses a change to several items because some of them changed since
// the page was read: Numbers names them as the agenda does. Nothing was changed. It is an
// ECONFLICT "error.stale" to whoever asks for its code.
type ItemsChangedError struct {
	IDs     []int64
	Numbers []string
}

func (e *ItemsChangedError) Error() string {
	return "conflict: items changed meanwhile: " + strings.Join(e.Numbers, ", ")
}

// Unwrap makes the error an ECONFLICT "error.stale" to ErrorCode and ErrorMessage.
func (e *ItemsChangedError) Unwrap() error { return Errorf(ECONFLICT, "error.stale") }
