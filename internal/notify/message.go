// Package notify delivers Plenary's notifications by e-mail: it renders each mail of the
// outbox in its recipient's language, as plain text and HTML, and sends it through SMTP
// with retries, and it writes the daily reminders. The notifications themselves are
// written by the store, with the change that causes them.
package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
)

// Describe returns the sentence that tells what notification n is about, in l's
// language: the entry of the notification list and the heart of its mail. It holds what
// the facts hold (session, item, ministry, due date, verdict) and never position text.
func Describe(l *i18n.Localizer, n *domain.Notification) string {
	f := n.Facts
	return l.T("notice."+string(n.Kind),
		"Item", ItemLabel(l, f), "Ministry", f.MinistryName(l.Lang()), "Due", f.DueOn,
		"Verdict", verdictLabel(l, f.Verdict), "Count", len(f.Overdue))
}

// ItemLabel names the item as UNESCO writes it, with its title: "220 EX/5.I.A Title".
func ItemLabel(l *i18n.Localizer, f domain.NoticeFacts) string {
	if f.ItemNumber == "" {
		return ""
	}
	return strings.TrimSpace(f.Session + "/" + f.ItemNumber + " " + f.Title(l.Lang()))
}

func verdictLabel(l *i18n.Localizer, v domain.Verdict) string {
	if v == "" {
		return ""
	}
	return l.Enum("verdict", v)
}

// Message is one mail as it is sent.
type Message struct {
	Subject string
	Text    string
	HTML    string
}

// mailView is what the HTML template of a mail reads.
type mailView struct {
	Lang, Title, Sentence, Link, LinkText, Footer, Settings, SettingsText string
	Facts                                                                 [][2]string
	Overdue                                                               []domain.DueNotice
	OverdueHead                                                           [3]string
}

var mailHTML = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
<p>{{.Sentence}}</p>
{{if .Facts}}<table style="border-collapse: collapse;">
{{range .Facts}}<tr><th style="text-align: left; padding: 2px 12px 2px 0;">{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>{{end}}
{{if .Overdue}}<table style="border-collapse: collapse; margin-top: 8px;">
<tr>{{range .OverdueHead}}<th style="text-align: left; padding: 2px 12px 2px 0;">{{.}}</th>{{end}}</tr>
{{range .Overdue}}<tr><td style="padding: 2px 12px 2px 0;">{{.Session}}/{{.ItemNumber}}</td><td style="padding: 2px 12px 2px 0;">{{.Ministry}}</td><td>{{.DueOn}}</td></tr>
{{end}}</table>{{end}}
<p><a href="{{.Link}}">{{.LinkText}}</a></p>
<hr>
<p style="font-size: small; color: #555;">{{.Footer}} <a href="{{.Settings}}">{{.SettingsText}}</a></p>
</body></html>
`))

// Render builds the mail of notification n in l's language, with links under baseURL.
func Render(l *i18n.Localizer, baseURL string, n *domain.Notification) (*Message, error) {
	base := strings.TrimRight(baseURL, "/")
	f := n.Facts
	v := mailView{
		Lang:         l.Lang(),
		Title:        l.Enum("notification_kind", n.Kind),
		Sentence:     Describe(l, n),
		Link:         base + n.Link(),
		LinkText:     l.T("mail.open"),
		Footer:       l.T("mail.footer"),
		Settings:     base + "/notifications/settings",
		SettingsText: l.T("mail.settings"),
	}
	add := func(label, value string) {
		if value != "" {
			v.Facts = append(v.Facts, [2]string{l.T(label), value})
		}
	}
	add("mail.item", ItemLabel(l, f))
	add("mail.ministry", f.MinistryName(l.Lang()))
	add("mail.due", f.DueOn)
	add("mail.actor", f.Actor)
	v.Overdue = f.Overdue
	v.OverdueHead = [3]string{l.T("mail.item"), l.T("mail.ministry"), l.T("mail.due")}

	subject := l.T("mail.subject", "Kind", v.Title)
	if item := ItemLabel(l, f); item != "" {
		subject = l.T("mail.subject_item", "Kind", v.Title, "Item", item)
	}

	var text strings.Builder
	fmt.Fprintf(&text, "%s\n\n", v.Sentence)
	for _, fact := range v.Facts {
		fmt.Fprintf(&text, "%s: %s\n", fact[0], fact[1])
	}
	for _, d := range v.Overdue {
		fmt.Fprintf(&text, "- %s/%s  %s  %s\n", d.Session, d.ItemNumber, d.Ministry, d.DueOn)
	}
	fmt.Fprintf(&text, "\n%s: %s\n\n-- \n%s %s: %s\n", v.LinkText, v.Link, v.Footer, v.SettingsText, v.Settings)

	var html bytes.Buffer
	if err := mailHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("notify: render mail: %w", err)
	}
	return &Message{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}
