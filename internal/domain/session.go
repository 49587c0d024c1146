package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// SessionStatus is where a session stands in its life.
type SessionStatus string

// The session statuses, in their order.
const (
	SessionPlanning  SessionStatus = "planning"
	SessionPreparing SessionStatus = "preparing"
	SessionInSession SessionStatus = "in_session"
	SessionConcluded SessionStatus = "concluded"
)

// SessionStatuses lists the statuses in their order.
var SessionStatuses = []SessionStatus{SessionPlanning, SessionPreparing, SessionInSession, SessionConcluded}

// Label returns the catalogue id of the status's name.
func (s SessionStatus) Label() string { return SessionStatusEnum.Label(string(s)) }

// Session is one meeting of a body, such as the 220th session of the Executive Board.
type Session struct {
	bun.BaseModel `bun:"table:sessions,alias:s"`

	ID            int64         `bun:"id,pk,autoincrement"`
	BodyID        int64         `bun:"body_id"`
	Number        int           `bun:"number"`
	Code          string        `bun:"code"`
	TitleKO       string        `bun:"title_ko"`
	TitleEN       string        `bun:"title_en"`
	Venue         string        `bun:"venue"`
	StartsOn      time.Time     `bun:"starts_on,type:date"`
	EndsOn        time.Time     `bun:"ends_on,type:date"`
	BriefDeadline *time.Time    `bun:"brief_deadline,type:date"`
	Status        SessionStatus `bun:"status"`
	CreatedAt     time.Time     `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time     `bun:"updated_at,nullzero,default:now()"`
	Version       int           `bun:"version,default:1"`

	Body *Body `bun:"rel:belongs-to,join:body_id=id"`
}

// Title returns the session's title in lang, or in the other language where lang has
// none.
func (s *Session) Title(lang string) string { return pick(lang, s.TitleEN, s.TitleKO) }

// SessionCode is the code UNESCO writes for a session: its number, a space and the body's
// code ("220 EX", "43 C").
func SessionCode(number int, bodyCode string) string {
	return fmt.Sprintf("%d %s", number, bodyCode)
}

// NormalizeSessionCode writes a typed session code the way codes are stored: "220ex" and
// " 220  EX" become "220 EX".
func NormalizeSessionCode(code string) string {
	code = strings.ToUpper(strings.Join(strings.Fields(code), ""))
	i := 0
	for i < len(code) && code[i] >= '0' && code[i] <= '9' {
		i++
	}
	if i == 0 || i == len(code) {
		return code
	}
	return code[:i] + " " + code[i:]
}
