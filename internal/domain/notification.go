package domain

import (
	"strconv"
	"time"

	"github.com/uptrace/bun"
)

// NotificationKind is what a notification tells: a consultation opened, a brief
// finalised, a reminder. Each person may turn off e-mail per kind.
type NotificationKind string

// The kinds of notification, with who receives them.
const (
	NoticeConsultationOpened   NotificationKind = "consultation_opened"       // the ministry's liaisons
	NoticeDueSoon              NotificationKind = "consultation_due_soon"     // the liaisons, three days ahead
	NoticeDueTomorrow          NotificationKind = "consultation_due_tomorrow" // the liaisons
	NoticeOverdue              NotificationKind = "consultation_overdue"      // the liaisons
	NoticeOverdueDigest        NotificationKind = "overdue_digest"            // a focal point, daily
	NoticeConsultationAnswered NotificationKind = "consultation_answered"     // the item's focal point
	NoticeConsultationSentBack NotificationKind = "consultation_sent_back"    // the liaisons
	NoticeReviewRequested      NotificationKind = "brief_review_requested"    // the involved ministries' liaisons
	NoticeReviewAgain          NotificationKind = "brief_review_again"        // the same, verdicts reset
	NoticeVerdict              NotificationKind = "brief_verdict"             // the focal point
	NoticeBriefApproved        NotificationKind = "brief_approved"            // the focal point
	NoticeBriefFinalised       NotificationKind = "brief_finalised"           // the focal point
	NoticeFinalAvailable       NotificationKind = "brief_final_available"     // the delegates covering the item
	NoticeAccountCreated       NotificationKind = "account_created"           // the new user
	NoticePasswordReset        NotificationKind = "password_reset"            // the user
)

// NotificationKinds lists the kinds in the order the settings page offers them.
var NotificationKinds = []NotificationKind{
	NoticeConsultationOpened, NoticeDueSoon, NoticeDueTomorrow, NoticeOverdue, NoticeOverdueDigest,
	NoticeConsultationAnswered, NoticeConsultationSentBack, NoticeReviewRequested, NoticeReviewAgain,
	NoticeVerdict, NoticeBriefApproved, NoticeBriefFinalised, NoticeFinalAvailable,
	NoticeAccountCreated, NoticePasswordReset,
}

// NotificationKindEnum names each kind in the catalogue, for pages and mail alike.
var NotificationKindEnum = newEnum("notification_kind", "notification_kind.", NotificationKinds)

// Subject says what a notification of kind k is about: "consultation", "brief",
// "digest" or "account".
func (k NotificationKind) Subject() string {
	switch k {
	case NoticeConsultationOpened, NoticeDueSoon, NoticeDueTomorrow, NoticeOverdue,
		NoticeConsultationAnswered, NoticeConsultationSentBack:
		return "consultation"
	case NoticeReviewRequested, NoticeReviewAgain, NoticeVerdict, NoticeBriefApproved,
		NoticeBriefFinalised, NoticeFinalAvailable:
		return "brief"
	case NoticeOverdueDigest:
		return "digest"
	}
	return "account"
}

// Optional reports whether a person may turn e-mail of kind k off. Notices about their
// own account always come: they are how a person learns that someone else changed it.
func (k NotificationKind) Optional() bool { return k.Subject() != "account" }

// NoticeFacts is what a notification shows besides its kind: never position text, only
// what identifies the subject and what happened to it. The mail and the page read it.
type NoticeFacts struct {
	Session    string      `json:"session,omitempty"`     // "220 EX"
	ItemNumber string      `json:"item_number,omitempty"` // "5.I.A"
	TitleEN    string      `json:"title_en,omitempty"`
	TitleKO    string      `json:"title_ko,omitempty"`
	MinistryEN string      `json:"ministry_en,omitempty"` // the ministry asked, or that gave a verdict
	MinistryKO string      `json:"ministry_ko,omitempty"`
	DueOn      string      `json:"due_on,omitempty"` // YYYY-MM-DD
	Actor      string      `json:"actor,omitempty"`  // who acted
	Verdict    Verdict     `json:"verdict,omitempty"`
	Overdue    []DueNotice `json:"overdue,omitempty"` // a digest's consultations
}

// DueNotice is one consultation of an overdue digest.
type DueNotice struct {
	Session    string `json:"session"`
	ItemNumber string `json:"item_number"`
	Ministry   string `json:"ministry"` // the ministry's code
	DueOn      string `json:"due_on"`
}

// Title returns the item's title in lang, English where no Korean title was given.
func (f NoticeFacts) Title(lang string) string {
	if lang == "ko" && f.TitleKO != "" {
		return f.TitleKO
	}
	return f.TitleEN
}

// MinistryName returns the ministry's name in lang.
func (f NoticeFacts) MinistryName(lang string) string {
	if lang == "ko" && f.MinistryKO != "" {
		return f.MinistryKO
	}
	return f.MinistryEN
}

// Notification is one notice to one person.
type Notification struct {
	bun.BaseModel `bun:"table:notifications,alias:n"`

	ID             int64            `bun:"id,pk,autoincrement"`
	UserID         int64            `bun:"user_id"`
	Kind           NotificationKind `bun:"kind"`
	ConsultationID *int64           `bun:"consultation_id"`
	ItemID         *int64           `bun:"item_id"`
	Facts          NoticeFacts      `bun:"facts,type:jsonb"`
	Day            *time.Time       `bun:"day,type:date"`
	CreatedAt      time.Time        `bun:"created_at"`
	ReadAt         *time.Time       `bun:"read_at"`

	// Visible is false when the reader may no longer see the subject (a consultation
	// withdrawn from their ministry, say): the page then shows neither facts nor link.
	Visible bool `bun:"visible,scanonly"`
}

// Link is the path of the notification's subject in Plenary.
func (n *Notification) Link() string {
	switch {
	case n.Kind.Subject() == "consultation" && n.ConsultationID != nil:
		return "/consultations/" + strconv.FormatInt(*n.ConsultationID, 10)
	case n.Kind.Subject() == "brief" && n.ItemID != nil:
		return "/items/" + strconv.FormatInt(*n.ItemID, 10)
	case n.Kind == NoticeOverdueDigest:
		return "/consultations?status=" + ConsultationsOverdue
	}
	return "/"
}

// OutboxStatus is where a mail stands.
type OutboxStatus string

// The statuses of a mail in the outbox.
const (
	MailPending OutboxStatus = "pending" // to be sent, now or after a failed attempt
	MailSent    OutboxStatus = "sent"    // the SMTP server took it
	MailLogged  OutboxStatus = "logged"  // no SMTP server is configured: written to the log
	MailFailed  OutboxStatus = "failed"  // given up after the last attempt; an admin may retry
)

// OutboxStatuses lists the statuses in the order the outbox page filters by them.
var OutboxStatuses = []OutboxStatus{MailPending, MailSent, MailLogged, MailFailed}

// OutboxStatusEnum names each status in the catalogue.
var OutboxStatusEnum = newEnum("outbox_status", "outbox_status.", OutboxStatuses)

// Mail is one row of the outbox, with the notification it carries.
type Mail struct {
	bun.BaseModel `bun:"table:outbox,alias:o"`

	ID             int64        `bun:"id,pk,autoincrement"`
	NotificationID int64        `bun:"notification_id"`
	To             string       `bun:"to_address"`
	Lang           string       `bun:"lang"`
	Status         OutboxStatus `bun:"status"`
	Attempts       int          `bun:"attempts"`
	NextAttemptAt  time.Time    `bun:"next_attempt_at"`
	LastError      string       `bun:"last_error"`
	SentAt         *time.Time   `bun:"sent_at"`
	CreatedAt      time.Time    `bun:"created_at"`
	UpdatedAt      time.Time    `bun:"updated_at"`

	// Read along for the outbox page and the sender.
	Kind   NotificationKind `bun:"kind,scanonly"`
	UserID int64            `bun:"user_id,scanonly"`
}
