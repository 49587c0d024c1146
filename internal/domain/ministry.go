package domain

import (
	"time"

	"github.com/uptrace/bun"
)

// Ministry is a government ministry or agency that leads or is consulted on agenda items.
type Ministry struct {
	bun.BaseModel `bun:"table:ministries,alias:m"`

	ID          int64                `bun:"id,pk,autoincrement"`
	Code        string               `bun:"code"`
	NameEN      string               `bun:"name_en"`
	NameKO      string               `bun:"name_ko"`
	CreatedAt   time.Time            `bun:"created_at,nullzero,default:now()"`
	UpdatedAt   time.Time            `bun:"updated_at,nullzero,default:now()"`
	Version     int                  `bun:"version,default:1"`
	FormerNames []MinistryFormerName `bun:"rel:has-many,join:id=ministry_id"`
}

// MinistryFormerName is a name a ministry bore up to and including UsedUntil.
type MinistryFormerName struct {
	ID         int64     `bun:"id,pk,autoincrement"`
	MinistryID int64     `bun:"ministry_id"`
	NameEN     string    `bun:"name_en"`
	NameKO     string    `bun:"name_ko"`
	UsedUntil  time.Time `bun:"used_until,type:date"`
}

// Name returns the ministry's current name in the language lang ("ko" or "en").
func (m *Ministry) Name(lang string) string {
	return pick(lang, m.NameEN, m.NameKO)
}

// NameOn returns the name the ministry bore on day, so that an old session reads as it
// was written at the time.
func (m *Ministry) NameOn(day time.Time, lang string) string {
	var best *MinistryFormerName
	for i := range m.FormerNames {
		f := &m.FormerNames[i]
		if !day.After(f.UsedUntil) && (best == nil || f.UsedUntil.Before(best.UsedUntil)) {
			best = f
		}
	}
	if best == nil {
		return m.Name(lang)
	}
	return pick(lang, best.NameEN, best.NameKO)
}

// MinistryInput is what a person types to create or change a ministry. Renamed asks for
// the current names to be kept as former names, in use until the day before today.
type MinistryInput struct {
	Code    string `form:"code" validate:"required,max=16,code"`
	NameKO  string `form:"name_ko" validate:"required,max=200"`
	NameEN  string `form:"name_en" validate:"required,max=200"`
	Renamed bool   `form:"renamed"`
	Version int    `form:"version"`
}
