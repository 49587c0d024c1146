package domain

import (
	"time"

	"github.com/uptrace/bun"
)

// Body is a UNESCO governing or intergovernmental body: the General Conference (C), the
// Executive Board (EX), the IOC Assembly and so on.
type Body struct {
	bun.BaseModel `bun:"table:bodies,alias:b"`

	ID        int64     `bun:"id,pk,autoincrement"`
	Code      string    `bun:"code"`
	NameEN    string    `bun:"name_en"`
	NameKO    string    `bun:"name_ko"`
	CreatedAt time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt time.Time `bun:"updated_at,nullzero,default:now()"`
	Version   int       `bun:"version,default:1"`
}

// Name returns the body's name in the language lang.
func (b *Body) Name(lang string) string { return pick(lang, b.NameEN, b.NameKO) }

// BodyInput is what a person types to create or change a body.
type BodyInput struct {
	Code    string `form:"code" validate:"required,max=16,code"`
	NameKO  string `form:"name_ko" validate:"required,max=200"`
	NameEN  string `form:"name_en" validate:"required,max=200"`
	Version int    `form:"version"`
}
