package domain

import "strings"

// The audiences a briefing pack is cut for, as the web (?audience=) and the command line
// (--audience) name them.
const (
	PackFull     = "full"     // staff and admin: everything
	PackMinistry = "ministry" // one ministry: the items it leads or is consulted on
	PackDelegate = "delegate" // one delegate: final briefs only, their items first
)

// PackAudiences lists the audiences of a pack.
var PackAudiences = []string{PackFull, PackMinistry, PackDelegate}

// PackRequest is the audience someone asked a pack for, not yet looked up: a kind and, for
// a ministry or a delegate, the name they gave (the ministry's code, the delegate's e-mail).
type PackRequest struct {
	Kind string
	Name string
}

// ParsePackRequest reads an audience written "full", "ministry:CODE" or "delegate:EMAIL".
func ParsePackRequest(s string) PackRequest {
	kind, name, _ := strings.Cut(s, ":")
	return PackRequest{Kind: strings.TrimSpace(kind), Name: strings.TrimSpace(name)}
}

// PackAudience is who a pack is cut for, resolved: the ministry or the delegate by id,
// and the label that names them in the pack and its file name (the ministry's code, the
// delegate's e-mail).
type PackAudience struct {
	Kind       string
	MinistryID int64
	UserID     int64
	Label      string
}
