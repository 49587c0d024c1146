package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
	"github.com/kncu/plenary/internal/testtool"
)

// hostileProbe is one hostile request of a form: who sends it, what, and what must come
// back. A refusal names the field (when field is set), writes nothing and is never a 500.
type hostileProbe struct {
	name  string
	role  string
	path  func(f *fixture) string
	form  func(f *fixture) url.Values
	want  int
	field string // the field the refusal names, when it names one
}

// many returns n values made by value.
func many(n int, value func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = value(i)
	}
	return out
}

// huge is 200 KB of text.
var huge = strings.Repeat("Zephyr long text ", 200<<10/17)

// otherSessionItem is an item of the demo's own session, not the fixture's.
func otherSessionItem(f *fixture) int64 { return f.app.itemID("226 EX", "1") }

// otherAnswered is an answered consultation of the Ministry of Education on an item of
// the demo's own session, not the fixture's.
func otherAnswered(f *fixture) int64 {
	f.app.t.Helper()
	cs := f.app.answeredAs("MOE", f.app.itemID("226 EX", "3"))
	return cs[0].ID
}

func consVersion(f *fixture, id int64) string {
	return id2(id) + ":" + strconv.Itoa(f.app.consultation(id).Version)
}

func id2(n int64) string { return strconv.FormatInt(n, 10) }

// askForm is a valid form asking the Ministry of Education about a fresh item, changed by
// change.
func askForm(change func(f *fixture, v url.Values)) func(f *fixture) url.Values {
	return func(f *fixture) url.Values {
		v := url.Values{"item_ids": {id2(f.freshItem())}, "ministry_ids": {id2(f.app.ministry("MOE").ID)},
			"question": {"A hostile question"}, "due_on": {inFuture(7)}}
		change(f, v)
		return v
	}
}

// coverForm is a valid coverage matrix of the fixture's member on its item, changed by
// change.
func coverForm(change func(f *fixture, v url.Values)) func(f *fixture) url.Values {
	return func(f *fixture) url.Values {
		v := url.Values{"shown": {id2(f.item)}, "member": {id2(f.member) + ":" + f.app.version("delegation_members", f.member)},
			"cover": {id2(f.member) + ":" + id2(f.item)}}
		change(f, v)
		return v
	}
}

var hostileProbes = []hostileProbe{
	// The coverage matrix.
	{name: "CoverTooManyShown", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["shown"] = append(v["shown"], many(20000, func(i int) string { return strconv.Itoa(i + 1) })...)
	}), want: invalid, field: "cover"},
	{name: "CoverTooManyMembers", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["member"] = append(v["member"], many(20000, func(i int) string { return strconv.Itoa(i+1_000_000) + ":1" })...)
	}), want: invalid, field: "cover"},
	{name: "CoverTooManyTicks", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["cover"] = append(v["cover"], many(20000, func(int) string { return id2(f.member) + ":" + id2(f.item) })...)
	}), want: invalid, field: "cover"},
	{name: "CoverOtherSessionItem", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		it := otherSessionItem(f)
		v["shown"] = append(v["shown"], id2(it))
		v["cover"] = append(v["cover"], id2(f.member)+":"+id2(it))
	}), want: invalid},
	{name: "CoverOtherSessionMember", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		m := f.app.memberID("226 EX", "Seo Ji-yeon")
		v["member"] = append(v["member"], id2(m)+":"+f.app.version("delegation_members", m))
		v["cover"] = append(v["cover"], id2(m)+":"+id2(f.item))
	}), want: http.StatusConflict},
	{name: "CoverNegative", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["shown"] = append(v["shown"], "-5")
	}), want: invalid, field: "cover"},
	{name: "CoverOverflow", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["member"] = []string{id2(f.member) + ":99999999999999999999"}
	}), want: invalid, field: "cover"},
	{name: "CoverNUL", role: "Staff", path: sesAt("/delegation/coverage"), form: coverForm(func(f *fixture, v url.Values) {
		v["cover"] = []string{id2(f.member) + ":" + id2(f.item) + "\x00"}
	}), want: invalid},
	{name: "CoverLiaison", role: "LiaisonOwn", path: sesAt("/delegation/coverage"), form: coverForm(func(*fixture, url.Values) {}), want: forbidden},
	{name: "CoverNoSession", role: "Staff", path: at("/sessions/99999999/delegation/coverage"), form: coverForm(func(*fixture, url.Values) {}), want: notFound},
	{name: "CoverNegativeSession", role: "Staff", path: at("/sessions/-1/delegation/coverage"), form: coverForm(func(*fixture, url.Values) {}), want: notFound},

	// Asking several items and ministries at once.
	{name: "AskTooManyItems", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = many(20000, func(i int) string { return strconv.Itoa(i + 1) })
	}), want: invalid, field: "item_ids"},
	{name: "AskTooManyMinistries", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["ministry_ids"] = many(20000, func(i int) string { return strconv.Itoa(i + 1) })
	}), want: invalid, field: "ministry_ids"},
	{name: "AskOtherSessionItem", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = append(v["item_ids"], id2(otherSessionItem(f)))
	}), want: notFound},
	{name: "AskMissingItem", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = []string{"99999999"}
	}), want: notFound},
	{name: "AskNegativeItem", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = []string{"-1"}
	}), want: invalid, field: "item_ids"},
	{name: "AskHugeItem", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = []string{"99999999999999999999999"}
	}), want: invalid, field: "item_ids"},
	{name: "AskMissingMinistry", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["ministry_ids"] = []string{"99999999"}
	}), want: invalid, field: "ministry_ids"},
	{name: "AskBadDate", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("due_on", "2026-02-30")
	}), want: invalid, field: "due_on"},
	{name: "AskBadAskedOn", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("already_sent", "true")
		v.Set("asked_on", "13/01/2026")
	}), want: invalid, field: "asked_on"},
	{name: "AskFutureAskedOn", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("already_sent", "true")
		v.Set("asked_on", inFuture(3))
	}), want: invalid, field: "asked_on"},
	{name: "AskPastDueNotSent", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("due_on", inFuture(-3))
		v.Set("past_due", "true")
	}), want: invalid, field: "due_on"},
	{name: "AskSentPastDueUnconfirmed", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("already_sent", "true")
		v.Set("asked_on", inFuture(-10))
		v.Set("due_on", inFuture(-3))
	}), want: invalid, field: "due_on"},
	{name: "AskSentDueBeforeAsked", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("already_sent", "true")
		v.Set("asked_on", inFuture(-3))
		v.Set("due_on", inFuture(-10))
		v.Set("past_due", "true")
	}), want: invalid, field: "due_on"},
	{name: "AskDuplicatedIDs", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v["item_ids"] = append(v["item_ids"], v["item_ids"][0], v["item_ids"][0])
		v["ministry_ids"] = append(v["ministry_ids"], v["ministry_ids"][0])
		v.Set("due_on", "")
	}), want: invalid, field: "due_on"},
	{name: "AskHugeQuestion", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("question", huge)
	}), want: invalid, field: "question"},
	{name: "AskNULQuestion", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("question", "Nul\x00byte")
	}), want: invalid, field: "question"},
	{name: "AskControlQuestion", role: "Staff", path: sesAt("/consultations"), form: askForm(func(f *fixture, v url.Values) {
		v.Set("question", "Bell\x07and\x1bescape")
	}), want: invalid, field: "question"},
	{name: "AskLiaison", role: "LiaisonOwn", path: sesAt("/consultations"), form: askForm(func(*fixture, url.Values) {}), want: forbidden},
	{name: "AskDelegate", role: "DelegateOn", path: sesAt("/consultations"), form: askForm(func(*fixture, url.Values) {}), want: forbidden},
	{name: "AskNoSession", role: "Staff", path: at("/sessions/99999999/consultations"), form: askForm(func(*fixture, url.Values) {}), want: notFound},

	// Closing answered requests in bulk.
	{name: "CloseTooMany", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": many(20000, func(i int) string { return strconv.Itoa(i+1) + ":1" })}
	}, want: invalid, field: "consultation"},
	{name: "CloseOtherSession", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": {consVersion(f, otherAnswered(f))}}
	}, want: notFound},
	{name: "CloseMissing", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": {"99999999:1"}}
	}, want: notFound},
	{name: "CloseNegative", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": {"-3:1"}}
	}, want: invalid, field: "consultation"},
	{name: "CloseNUL", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": {consVersion(f, f.freshConsultation(true)) + "\x00"}}
	}, want: invalid, field: "consultation"},
	{name: "CloseStale", role: "Staff", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		c := f.freshConsultation(true)
		return url.Values{"consultation": {id2(c) + ":" + strconv.Itoa(f.app.consultation(c).Version-1)}}
	}, want: http.StatusConflict},
	{name: "CloseLiaison", role: "LiaisonOwn", path: sesAt("/consultations/close"), form: func(f *fixture) url.Values {
		return url.Values{"consultation": {consVersion(f, f.freshConsultation(true))}}
	}, want: forbidden},

	// Organisations.
	{name: "OrgHugeName", role: "Admin", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {huge}, "name_ko": {"시험 기관"}}
	}, want: invalid, field: "name_en"},
	{name: "OrgNUL", role: "Admin", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"Institute\x00of Tests"}, "name_ko": {"시험 기관"}}
	}, want: invalid, field: "name_en"},
	{name: "OrgDuplicateCase", role: "Admin", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"KOREAN NATIONAL COMMISSION FOR UNESCO"}, "name_ko": {"다른 이름의 위원회"}}
	}, want: http.StatusConflict, field: "name_en"},
	{name: "OrgDuplicateKorean", role: "Admin", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"Another Commission"}, "name_ko": {"유네스코한국위원회"}}
	}, want: http.StatusConflict, field: "name_ko"},
	{name: "OrgBlank", role: "Admin", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"   "}, "name_ko": {"\u3000"}}
	}, want: invalid, field: "name_en"},
	{name: "OrgMissing", role: "Admin", path: at("/admin/organisations/99999999"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"Institute"}, "name_ko": {"기관"}, "version": {"1"}}
	}, want: notFound},
	{name: "OrgNegative", role: "Admin", path: at("/admin/organisations/-1"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"Institute"}, "name_ko": {"기관"}, "version": {"1"}}
	}, want: notFound},
	{name: "OrgStale", role: "Admin", path: adminAt("/admin/organisations/%d", kncuOrganisation), form: func(f *fixture) url.Values {
		return url.Values{"name_en": {"Renamed Commission"}, "name_ko": {"유네스코한국위원회"}, "version": {"999"}}
	}, want: http.StatusConflict},
	{name: "OrgStaff", role: "Staff", path: at("/admin/organisations"), form: func(*fixture) url.Values {
		return url.Values{"name_en": {"Institute of Staff"}, "name_ko": {"직원 기관"}}
	}, want: forbidden},

	// Accreditation details on a member.
	{name: "MemberOtherOrganisation", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("affiliation", "organisation:99999999")
	}), want: invalid, field: "affiliation"},
	{name: "MemberBadAffiliation", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("affiliation", "ministry:-4")
	}), want: invalid, field: "affiliation"},
	{name: "MemberHugePassport", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("passport_name", huge)
	}), want: invalid, field: "passport_name"},
	{name: "MemberNULFunction", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("function_en", "Director\x00General")
	}), want: invalid, field: "function_en"},
	{name: "MemberBadHonorific", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("honorific", "Lord")
	}), want: invalid, field: "honorific"},
	{name: "MemberStale", role: "Staff", path: memberAt(func(f *fixture) int64 { return f.member }, ""), form: hostileMemberForm(func(f *fixture, v url.Values) {
		v.Set("passport_name", "OKONKWO PARK Zephyr")
		v.Set("version", "999")
	}), want: http.StatusConflict},

	// Approve and Make final on their own pages.
	{name: "ApproveUnconfirmed", role: "Staff", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: func(f *fixture) url.Values {
		return stepForm(f.app.brief(f.last), "")
	}, want: invalid, field: "confirm"},
	{name: "ApproveConfirmGarbled", role: "Staff", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: func(f *fixture) url.Values {
		v := stepForm(f.app.brief(f.last), "")
		v.Set("confirm", "yes\x00")
		return v
	}, want: invalid, field: "confirm"},
	{name: "ApproveStale", role: "Staff", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: func(f *fixture) url.Values {
		v := confirmed(stepForm(f.app.brief(f.last), ""))
		v.Set("version", "1")
		return v
	}, want: http.StatusConflict},
	{name: "ApproveOtherRevision", role: "Staff", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: func(f *fixture) url.Values {
		v := confirmed(stepForm(f.app.brief(f.last), ""))
		v.Set("revision_id", id2(f.app.brief(f.finalItem).CurrentRevisionID))
		return v
	}, want: http.StatusConflict},
	{name: "ApproveDraft", role: "Staff", path: itemAt(freshBrief("draft"), "/brief/approve"), form: confirmedBriefForm, want: http.StatusConflict},
	{name: "ApproveLiaison", role: "LiaisonOwn", path: itemAt(freshBrief("reviewed"), "/brief/approve"), form: confirmedBriefForm, want: forbidden},
	{name: "FinaliseUnconfirmed", role: "Staff", path: itemAt(freshBrief("approved"), "/brief/finalise"), form: func(f *fixture) url.Values {
		return stepForm(f.app.brief(f.last), "")
	}, want: invalid, field: "confirm"},
	{name: "FinaliseMissingItem", role: "Staff", path: at("/items/99999999/brief/finalise"), form: func(f *fixture) url.Values {
		return url.Values{"version": {"1"}, "revision_id": {"1"}, "confirm": {"true"}}
	}, want: notFound},
	{name: "FinaliseDelegate", role: "DelegateOn", path: itemAt(freshBrief("approved"), "/brief/finalise"), form: confirmedBriefForm, want: forbidden},

	// Session titles in both languages.
	{name: "SessionHugeTitle", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Set("title_ko", huge) }), want: invalid, field: "title_ko"},
	{name: "SessionNULTitle", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Set("title_en", "Executive\x00Board") }), want: invalid, field: "title_en"},
	{name: "SessionNoTitle", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Del("title_en") }), want: invalid, field: "title_ko"},
	{name: "SessionBadDate", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Set("starts_on", "2026-13-01") }), want: invalid, field: "starts_on"},
	{name: "SessionEndsFirst", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Set("ends_on", inFuture(20)) }), want: invalid, field: "ends_on"},
	{name: "SessionHugeNumber", role: "Staff", path: at("/sessions"), form: sessionForm(func(v url.Values) { v.Set("number", "99999999999999999999") }), want: invalid, field: "number"},
	{name: "SessionLiaison", role: "LiaisonOwn", path: at("/sessions"), form: sessionForm(func(url.Values) {}), want: forbidden},

	// The attendance grid.
	{name: "AttendanceHugeNote", role: "Staff", path: sesAt("/attendance"), form: attendanceForm(func(key string, v url.Values) { v.Set("n_"+key, huge) }), want: invalid},
	{name: "AttendanceNULNote", role: "Staff", path: sesAt("/attendance"), form: attendanceForm(func(key string, v url.Values) { v.Set("n_"+key, "late\x00") }), want: invalid},
	{name: "AttendanceBadStatus", role: "Staff", path: sesAt("/attendance"), form: attendanceForm(func(key string, v url.Values) { v.Set("s_"+key, "teleported") }), want: invalid},
	{name: "AttendanceStale", role: "Staff", path: sesAt("/attendance"), form: attendanceForm(func(key string, v url.Values) { v.Set("v_"+key, "999") }), want: http.StatusConflict},
	{name: "AttendanceOtherSessionMember", role: "Staff", path: sesAt("/attendance"), form: func(f *fixture) url.Values {
		m := f.app.memberID("226 EX", "Seo Ji-yeon")
		key := fmt.Sprintf("%d_%s", m, f.today().Format("20060102"))
		return url.Values{"s_" + key: {"present"}, "n_" + key: {""}, "v_" + key: {"0"}}
	}, want: seeOther},
	{name: "AttendanceManyCells", role: "Staff", path: sesAt("/attendance"), form: func(f *fixture) url.Values {
		v := url.Values{}
		for i := range 20000 {
			key := fmt.Sprintf("%d_%s", i+10_000_000, f.today().Format("20060102"))
			v.Set("s_"+key, "present")
		}
		return v
	}, want: seeOther},

	// Files: removing an earlier version that is not there.
	{name: "RemoveVersionMissing", role: "Staff", path: at("/files/99999999/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"No such file"}}
	}, want: notFound},
	{name: "RemoveVersionNegative", role: "Staff", path: at("/files/-7/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"No such file"}}
	}, want: notFound},
	{name: "RemoveVersionHugeReason", role: "Staff", path: fileAt(earlierDocument, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {huge}}
	}, want: invalid, field: "reason"},
	{name: "RemoveVersionOnlyOne", role: "Staff", path: fileAt(freshDocument, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"There is no earlier version"}}
	}, want: http.StatusConflict},
	{name: "RemoveVersionOtherLiaison", role: "LiaisonOther", path: fileAt(earlierDocument, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Not mine"}}
	}, want: notFound},
	{name: "RemoveAnswerVersionOtherLiaison", role: "LiaisonOther", path: fileAt(earlierAnswerFile, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Not mine"}}
	}, want: notFound},
	{name: "RemoveAnswerFileOtherLiaison", role: "LiaisonOther", path: fileAt(earlierAnswerFile, "/remove"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Not mine"}}
	}, want: notFound},
	{name: "RemoveAnswerVersionDelegate", role: "DelegateOn", path: fileAt(earlierAnswerFile, "/remove-version"), form: func(*fixture) url.Values {
		return url.Values{"reason": {"Not mine"}}
	}, want: forbidden},
}

// sessionForm is a valid new session's form, changed by change.
func sessionForm(change func(v url.Values)) func(f *fixture) url.Values {
	return func(f *fixture) url.Values {
		v := url.Values{"body_id": {id2(f.app.body("EX").ID)}, "number": {strconv.Itoa(950 + f.fresh())}, "title_en": {"Hostile session"},
			"starts_on": {inFuture(30)}, "ends_on": {inFuture(35)}, "status": {"planning"}}
		change(v)
		return v
	}
}

// attendanceForm is the grid's form for the fixture's member today, changed by change
// with the cell's key.
func attendanceForm(change func(key string, v url.Values)) func(f *fixture) url.Values {
	return func(f *fixture) url.Values {
		day := f.today()
		key := fmt.Sprintf("%d_%s", f.member, day.Format("20060102"))
		v := url.Values{"s_" + key: {"present"}, "n_" + key: {""}, "v_" + key: {f.app.attendanceVersion(f.member, day.Format(time.DateOnly))}}
		change(key, v)
		return v
	}
}

// earlierAnswerFile is the first version of an answer file the Ministry of Education
// sent, then replaced, on a fresh consultation of its own.
func earlierAnswerFile(f *fixture) int64 {
	f.app.t.Helper()
	ctx := context.Background()
	cons := f.freshConsultation(false)
	file, err := f.app.Store.AnswerWithFile(ctx, f.moe, cons, f.app.consultation(cons).Version, "회신 1.pdf",
		bytes.NewReader(seed.MinimalPDF("answer v1")), 1<<20)
	if err != nil {
		f.app.t.Fatal(err)
	}
	if _, err := f.app.Store.SaveFileVersion(ctx, f.moe, file, "회신 2.pdf", bytes.NewReader(seed.MinimalPDF("answer v2")), 1<<20); err != nil {
		f.app.t.Fatal(err)
	}
	return file.ID
}

// hostileMemberForm is the fixture member's form as saved, changed by change.
func hostileMemberForm(change func(f *fixture, v url.Values)) func(f *fixture) url.Values {
	return func(f *fixture) url.Values {
		v := url.Values{"person_id": {id2(f.person)}, "role": {"delegate"}, "accreditation": {"pending"},
			"version": {f.app.version("delegation_members", f.member)}}
		change(f, v)
		return v
	}
}

// TestHostileInputToNewRoutes sends the forms of the coverage matrix, asking several
// items, the bulk close, organisations, accreditation details and earlier versions of
// files the inputs a careless or hostile sender would: things of another session or
// ministry, ids that do not exist, negative and overflowing ids, control characters,
// 200 KB texts, 20,000 values of a list, stale versions. Each is refused with its
// status, the field named where the form has one, nothing written, and no 500.
func TestHostileInputToNewRoutes(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newFixture(t, app)
	clients := map[string]*client{}
	for _, p := range hostileProbes {
		t.Run(p.name, func(t *testing.T) {
			f.app = &testApp{t: t, Store: store.New(app.DB), DB: app.DB, H: app.H}
			c := clients[p.role]
			if c == nil {
				c = f.login(p.role)
				clients[p.role] = c
			}
			c.t = t
			path, form := p.path(f), p.form(f)
			c.get("/") // a fresh anti-forgery token
			before := f.app.fingerprint()
			resp, body := c.post(path, form)
			if resp.StatusCode != p.want {
				t.Errorf("POST %s: status %d, want %d\n%s", path, resp.StatusCode, p.want, fieldErrors(body))
			}
			if p.field != "" && fieldErrors(body)[p.field] == "" {
				t.Errorf("POST %s: no message next to %s; messages %v, alert %q", path, p.field, fieldErrors(body), alert(body))
			}
			if after := f.app.fingerprint(); after != before {
				t.Errorf("POST %s: refused with %d, but the database changed", path, resp.StatusCode)
			}
			if len(body) > 2<<20 {
				t.Errorf("POST %s: the refusal is %d bytes long", path, len(body))
			}
			if strings.Contains(body, "Zephyr long text Zephyr long text Zephyr long text Zephyr long text") && len(body) > 300<<10 {
				t.Logf("POST %s: the refusal repeats the text sent", path)
			}
		})
	}
}

// uploadProbe is one hostile upload: who sends it where, with which fields, file name
// and content.
type uploadProbe struct {
	name   string
	role   string
	path   func(f *fixture) string
	fields func(f *fixture) [][2]string
	file   string
	data   []byte
	want   int
	field  string
}

// answerVersion is the field of the answer form's "Or answer with a file", at the
// consultation last made.
func answerVersion(version func(f *fixture) string) func(f *fixture) [][2]string {
	return func(f *fixture) [][2]string { return [][2]string{{"as_answer", "true"}, {"version", version(f)}} }
}

func lastVersion(f *fixture) string { return strconv.Itoa(f.app.consultation(f.last).Version) }

var uploadProbes = []uploadProbe{
	{name: "AnswerFileOtherLiaison", role: "LiaisonOther", path: consultationAt(false, "/files"), fields: answerVersion(lastVersion),
		file: koreanPDFName, data: seed.MinimalPDF("answer"), want: notFound},
	{name: "AnswerFileDelegate", role: "DelegateOn", path: consultationAt(false, "/files"), fields: answerVersion(lastVersion),
		file: koreanPDFName, data: seed.MinimalPDF("answer"), want: forbidden},
	{name: "AnswerFileStale", role: "LiaisonOwn", path: consultationAt(false, "/files"), fields: answerVersion(func(*fixture) string { return "999" }),
		file: koreanPDFName, data: seed.MinimalPDF("answer"), want: http.StatusConflict},
	{name: "AnswerFileVersionNotNumber", role: "LiaisonOwn", path: consultationAt(false, "/files"),
		fields: answerVersion(func(*fixture) string { return "1\x00; DROP TABLE files" }),
		file:   koreanPDFName, data: seed.MinimalPDF("answer"), want: http.StatusConflict},
	{name: "AnswerFileClosed", role: "LiaisonOwn", path: func(f *fixture) string {
		id := f.freshConsultation(true)
		c := f.app.consultation(id)
		if err := f.app.Store.CloseConsultation(context.Background(), f.staff, id, c.Version); err != nil {
			f.app.t.Fatal(err)
		}
		f.last = id
		return "/consultations/" + id2(id) + "/files"
	}, fields: answerVersion(lastVersion), file: koreanPDFName, data: seed.MinimalPDF("answer"), want: http.StatusConflict},
	{name: "AnswerFileHTML", role: "LiaisonOwn", path: consultationAt(false, "/files"), fields: answerVersion(lastVersion),
		file: "answer.pdf", data: []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), want: invalid, field: "file"},
	{name: "DocumentHugeSymbol", role: "Staff", path: itemAt(freshItem, "/files"), fields: func(*fixture) [][2]string {
		return [][2]string{{"symbol", huge[:100<<10]}, {"language", "en"}}
	}, file: "220 EX-5.pdf", data: seed.MinimalPDF("220 EX/5"), want: invalid, field: "symbol"},
	{name: "DocumentNULSymbol", role: "Staff", path: itemAt(freshItem, "/files"), fields: func(*fixture) [][2]string {
		return [][2]string{{"symbol", "220 EX/5\x00"}, {"language", "en"}}
	}, file: "220 EX-5.pdf", data: seed.MinimalPDF("220 EX/5"), want: invalid, field: "symbol"},
	{name: "DocumentBadLanguage", role: "Staff", path: itemAt(freshItem, "/files"), fields: func(*fixture) [][2]string {
		return [][2]string{{"symbol", "220 EX/5"}, {"language", "klingon"}}
	}, file: "220 EX-5.pdf", data: seed.MinimalPDF("220 EX/5"), want: invalid, field: "language"},
	{name: "DocumentOtherLiaison", role: "LiaisonOther", path: itemAt(mainItem, "/files"), fields: func(*fixture) [][2]string {
		return [][2]string{{"symbol", "220 EX/5"}, {"language", "en"}}
	}, file: "220 EX-5.pdf", data: seed.MinimalPDF("220 EX/5"), want: notFound},
}

// TestHostileUploadsToNewRoutes sends the answer by file and the item's documents the
// uploads a careless or hostile sender would. Each is refused with its status, the field
// named where the form has one, and nothing stored.
func TestHostileUploadsToNewRoutes(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newFixture(t, app)
	clients := map[string]*client{}
	for _, p := range uploadProbes {
		t.Run(p.name, func(t *testing.T) {
			f.app = &testApp{t: t, Store: store.New(app.DB), DB: app.DB, H: app.H}
			c := clients[p.role]
			if c == nil {
				c = f.login(p.role)
				clients[p.role] = c
			}
			c.t = t
			path, fields := p.path(f), p.fields(f)
			c.get("/")
			before := f.app.fingerprint()
			resp, body := c.uploadFile(path, fields, p.file, p.data)
			if resp.StatusCode != p.want {
				t.Errorf("POST %s: status %d, want %d\n%v %q", path, resp.StatusCode, p.want, fieldErrors(body), alert(body))
			}
			if p.field != "" && fieldErrors(body)[p.field] == "" {
				t.Errorf("POST %s: no message next to %s; messages %v, alert %q", path, p.field, fieldErrors(body), alert(body))
			}
			if after := f.app.fingerprint(); after != before {
				t.Errorf("POST %s: refused with %d, but the database changed", path, resp.StatusCode)
			}
			if strings.Contains(body, secretQuestion) && p.role == "LiaisonOther" {
				t.Errorf("POST %s: the refusal shows another ministry's question", path)
			}
		})
	}
}

// TestHostileQueriesOfNewPages asks the new pages with hostile paths and queries as every
// role: each answers with its status, never a 500, and never shows what the role may not
// read.
func TestHostileQueriesOfNewPages(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newFixture(t, app)
	type q struct {
		path func(f *fixture) string
		want map[string]int
	}
	otherSes := func(rest string) func(f *fixture) string {
		return func(f *fixture) string { return fmt.Sprintf("/sessions/%d%s", f.app.sessionID("226 EX"), rest) }
	}
	queries := []q{
		{sesAt("/consultations/new?item=abc"), staffOnly(invalid)},
		{sesAt("/consultations/new?item=-1&item=0&item=99999999"), staffOnly(ok)},
		{sesAt("/consultations/new?item=99999999999999999999999"), staffOnly(invalid)},
		{func(f *fixture) string { return f.sesPath("/consultations/new?item=" + id2(otherSessionItem(f))) }, staffOnly(ok)},
		{sesAt("/consultations/new?item=1%00"), staffOnly(invalid)},
		{sesAt("/consultations?tick=answered%00"), who(invalid, invalid, invalid, invalid, forbidden, forbidden)},
		{sesAt("/consultations?tick=" + strings.Repeat("x", 3000)), who(ok, ok, ok, ok, forbidden, forbidden)},
		{sesAt("/accreditation?lang=xx"), staffOnly(invalid)},
		{sesAt("/accreditation?lang=%00"), staffOnly(invalid)},
		{at("/sessions/99999999/accreditation"), staffOnly(notFound)},
		{at("/sessions/-1/accreditation"), staffOnly(notFound)},
		{at("/sessions/99999999999999999999/consultations/new"), staffOnly(notFound)},
		{otherSes("/accreditation"), staffOnly(ok)},
		{sesAt("/attendance"), staffOnly(ok)},
		{at("/sessions/99999999/attendance"), staffOnly(notFound)},
		{itemAt(freshBrief("draft"), "/brief/approve"), staffOnly(seeOther)},
		{itemAt(freshBrief("draft"), "/brief/finalise"), staffOnly(seeOther)},
		{at("/items/99999999/brief/approve"), staffOnly(notFound)},
		{at("/admin/organisations/99999999/edit"), adminOnly(notFound)},
		{at("/admin/organisations/-3/edit"), adminOnly(notFound)},
		{at("/files/99999999"), everyone(notFound)},
		{at("/files/-1"), everyone(notFound)},
	}
	secrets := []string{secretQuestion, secretDraft, "HOSTILE PASSPORT", "Hostile Function Of Accreditation"}
	// The member's accreditation details, for staff only.
	staffC := f.login("Staff")
	in := f.app.member(f.member).Input()
	in.PassportName, in.FunctionEN, in.Honorific = "HOSTILE PASSPORT", "Hostile Function Of Accreditation", "dr"
	staffC.get(fmt.Sprintf("/members/%d/edit", f.member))
	if resp, body := staffC.post(fmt.Sprintf("/members/%d", f.member), memberForm(in)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%v", resp.StatusCode, fieldErrors(body))
	}
	mayRead := map[string][]string{ // secret -> roles that may read it
		secretQuestion:                      {"Admin", "Staff", "LiaisonOwn"},
		secretDraft:                         {"Admin", "Staff", "LiaisonOwn"},
		"HOSTILE PASSPORT":                  {"Admin", "Staff"},
		"Hostile Function Of Accreditation": {"Admin", "Staff"},
	}
	for _, role := range matrixRoles[1:] {
		t.Run(role, func(t *testing.T) {
			f.app = &testApp{t: t, Store: store.New(app.DB), DB: app.DB, H: app.H}
			c := f.login(role)
			for _, x := range queries {
				path := x.path(f)
				resp, body := c.get(path)
				if resp.StatusCode != x.want[role] {
					t.Errorf("GET %s: status %d, want %d", path, resp.StatusCode, x.want[role])
				}
				for _, s := range secrets {
					if strings.Contains(body, s) && !slices.Contains(mayRead[s], role) {
						t.Errorf("GET %s: %s reads %q", path, role, s)
					}
				}
			}
		})
	}
}

// TestAnswerFileOfAnotherMinistry: the Ministry of Education, consulted on an item the
// Korea Heritage Service leads, answers with its file alone. The heritage service's liaison sees its item, and never the
// education ministry's answer, its file's name or the file itself, on any page, list,
// search, pack or book; the delegate, who sees no consultation, neither.
func TestAnswerFileOfAnotherMinistry(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	f := newFixture(t, app)
	ctx := context.Background()
	const fileName = "Zephyr 교육부 회신 비공개.pdf"
	cons := f.consult(f.khsItem, "Zephyr question to the education ministry")
	c := app.consultation(cons)
	file, err := app.Store.AnswerWithFile(ctx, f.moe, cons, c.Version, fileName, bytes.NewReader(seed.MinimalPDF("moe answer")), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	staffView := f.login("Staff")
	if _, body := staffView.get(fmt.Sprintf("/items/%d", f.khsItem)); !strings.Contains(body, fileName) {
		t.Fatal("staff do not see the answer file on the item's page: the check below would be vacuous")
	}
	secrets := []string{fileName, "Zephyr question to the education ministry"}
	pages := []string{
		fmt.Sprintf("/items/%d", f.khsItem),
		f.sesPath(""),
		f.sesPath("/consultations"),
		"/consultations?status=",
		"/consultations?status=answered",
		"/search?q=" + url.QueryEscape("Zephyr"),
		"/search?q=" + url.QueryEscape("교육부 회신"),
		"/",
		"/notifications",
	}
	for _, role := range []string{"LiaisonOther", "DelegateOn"} {
		t.Run(role, func(t *testing.T) {
			f.app = &testApp{t: t, Store: store.New(app.DB), DB: app.DB, H: app.H}
			cl := f.login(role)
			for _, p := range pages {
				resp, body := cl.get(p)
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s: status %d", p, resp.StatusCode)
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("GET %s: %s reads %q", p, role, s)
					}
				}
			}
			if resp, _ := cl.get(fmt.Sprintf("/files/%d", file.ID)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("the answer file: status %d, want 404", resp.StatusCode)
			}
			if resp, _ := cl.get(fmt.Sprintf("/consultations/%d", cons)); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
				t.Errorf("the consultation: status %d, want 404 or 403", resp.StatusCode)
			}
			pack, _ := download(t, cl, f.sesPath("/pack?lang=en"))
			if text := allText(t, pack); strings.Contains(text, fileName) || strings.Contains(text, "Zephyr question to the education ministry") {
				t.Error("the pack shows the other ministry's answer file or question")
			}
			resp, book := cl.get(f.sesPath("/book?lang=en"))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("book: status %d", resp.StatusCode)
			}
			text := testtool.Squeeze(strings.Join(testtool.ReadPDF(t, []byte(book)).Pages(), " "))
			if strings.Contains(text, "Zephyr 교육부") || strings.Contains(text, "Zephyr question to the education ministry") {
				t.Error("the book shows the other ministry's answer file or question")
			}
		})
	}
}
