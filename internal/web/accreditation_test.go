package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/testtool"
)

// member reads member id as staff read it, with its accreditation details.
func (a *testApp) member(id int64) *domain.Member {
	a.t.Helper()
	m, err := a.Store.Member(context.Background(), domain.Scope{All: true}, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return m
}

// memberForm is the member form as the page sends it, filled with in.
func memberForm(in domain.MemberInput) url.Values {
	return url.Values{"person_id": {strconv.FormatInt(in.PersonID, 10)}, "role": {in.Role}, "accreditation": {in.Accreditation},
		"arrives_on": {in.ArrivesOn}, "departs_on": {in.DepartsOn}, "funded_by": {in.FundedBy}, "member_notes": {in.Notes},
		"honorific": {in.Honorific}, "passport_name": {in.PassportName}, "function_en": {in.FunctionEN}, "affiliation": {in.Affiliation},
		"version": {strconv.Itoa(in.Version)}}
}

// TestPassportName: a passport name is Latin letters (accented ones too) with the
// punctuation names carry; Hangul, other scripts, digits and markup are refused.
func TestPassportName(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "KIM Seo-yeon", "O'BRIEN Mary", "MÜLLER Zoë", "D’ALMEIDA, João", "NGUYỄN Văn An", "St. JOHN Li"} {
		if !domain.PassportName(s) {
			t.Errorf("%q is refused, want accepted", s)
		}
	}
	refused := []string{"김서연", "KIM 서연", "Иван PETROV", "王 Wei", "KIM2 Seo", "<b>KIM</b>", "KIM_Seo", "A", "- ' .", "KIM\u200bSeo"}
	// Every Hangul syllable block's first and last, and a letter of each of several
	// other scripts, put in an otherwise valid name.
	for _, r := range []rune{'가', '힣', 'ㄱ', 'α', 'ж', 'ש', 'ب', 'ก', '漢', 'カ', '１', '@', '/', '\t'} {
		refused = append(refused, "KIM "+string(r)+"eo")
	}
	for _, s := range refused {
		if domain.PassportName(s) {
			t.Errorf("%q is accepted, want refused", s)
		}
	}
}

// TestAccreditationForm: staff record a member's accreditation details on the member
// form. A name not in Latin letters, a function not in English and a body off the list
// are refused next to their fields with nothing saved; a save is audited with the details
// in the same row; a form read before someone else's save gets 409 and changes nothing.
func TestAccreditationForm(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	id := app.memberID("226 EX", han)
	path := fmt.Sprintf("/members/%d", id)
	moe := domain.AffiliationRef(domain.AffiliationMinistry, app.ministry("MOE").ID)

	refusals := []struct {
		name, field, value, msg string
	}{
		{"ErrPassportNameHangul", "passport_name", "한승호", "accred.error_passport_name"},
		{"ErrPassportNameMixed", "passport_name", "HAN 승호", "accred.error_passport_name"},
		{"ErrPassportNameDigits", "passport_name", "HAN Seung-ho 2", "accred.error_passport_name"},
		{"ErrFunctionInKorean", "function_en", "국제교육협력과장", "accred.error_function_en"},
		{"ErrAffiliationUnknown", "affiliation", domain.AffiliationRef(domain.AffiliationOrganisation, 999999), "accred.error_affiliation"},
		{"ErrAffiliationNotARef", "affiliation", "Ministry of Education", "accred.error_affiliation"},
		{"ErrAffiliationOtherKind", "affiliation", "person:1", "accred.error_affiliation"},
		{"ErrHonorificUnknown", "honorific", "sir", ""},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			before := app.member(id)
			audits := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id)
			in := before.Input()
			in.PassportName, in.FunctionEN, in.Affiliation, in.Honorific = "HAN Seung-ho", "Director", moe, "mr"
			form := memberForm(in)
			form.Set(tt.field, tt.value)
			form.Set("funded_by", "Typed funding")
			c.get(path + "/edit")
			resp, body := c.post(path, form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			msg, ok := fieldErrors(body)[tt.field]
			if !ok || (tt.msg != "" && msg != en.T(tt.msg)) {
				t.Errorf("%s says %q, want %q", tt.field, msg, en.T(tt.msg))
			}
			if inputValue(body, "funded_by") != "Typed funding" {
				t.Error("what was typed is lost")
			}
			after := app.member(id)
			if after.Version != before.Version || after.Details.Input() != before.Details.Input() {
				t.Errorf("saved despite the refusal: %+v → %+v", before.Details.Input(), after.Details.Input())
			}
			if got := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id); got != audits {
				t.Errorf("audit rows %d → %d", audits, got)
			}
		})
	}

	t.Run("OKSavedAndAudited", func(t *testing.T) {
		in := app.member(id).Input()
		in.Honorific, in.PassportName, in.FunctionEN, in.Affiliation = "dr", "  HAN   Seung-ho ", "Director, International Education Cooperation Division", moe
		audits := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id)
		c.get(path + "/edit")
		resp, body := c.post(path, memberForm(in))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303\n%s", resp.StatusCode, fieldErrors(body))
		}
		d := app.member(id).Details
		if d == nil || d.PassportName != "HAN Seung-ho" || d.Honorific != domain.HonorificDr || d.MinistryID == nil ||
			*d.MinistryID != app.ministry("MOE").ID || d.OrganisationID != nil {
			t.Fatalf("details saved as %+v", d)
		}
		if got := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id); got != audits+1 {
			t.Fatalf("audit rows %d → %d, want one more", audits, got)
		}
		var raw string
		if err := app.DB.NewRaw(`SELECT after::text FROM audit_log WHERE entity = 'delegation_member' AND entity_id = ? ORDER BY id DESC LIMIT 1`, id).
			Scan(context.Background(), &raw); err != nil {
			t.Fatal(err)
		}
		var after struct{ Details *domain.AccreditationDetails }
		if err := json.Unmarshal([]byte(raw), &after); err != nil {
			t.Fatal(err)
		}
		if after.Details == nil || after.Details.PassportName != "HAN Seung-ho" || after.Details.AffiliationEN != "Ministry of Education" {
			t.Errorf("the audit row lacks the details: %s", raw)
		}
		_, page := c.get(path)
		for _, want := range []string{"HAN Seung-ho", "Director, International Education Cooperation Division", en.T("honorific.dr"), "Ministry of Education"} {
			if !strings.Contains(page, want) {
				t.Errorf("the member's page lacks %q", want)
			}
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		in := app.member(id).Input()
		stale := in
		in.FunctionEN = "Director-General"
		c.get(path + "/edit")
		if resp, _ := c.post(path, memberForm(in)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: status %d", resp.StatusCode)
		}
		audits := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id)
		stale.PassportName = "HAN Seungho"
		c.get(path + "/edit")
		resp, body := c.post(path, memberForm(stale))
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, en.T("conflict.current")) || !strings.Contains(body, "Director-General") {
			t.Error("the page does not show what is saved now")
		}
		if d := app.member(id).Details; d.PassportName != "HAN Seung-ho" || d.FunctionEN != "Director-General" {
			t.Errorf("the stale form changed the details: %+v", d)
		}
		if got := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ?", id); got != audits {
			t.Errorf("audit rows %d → %d", audits, got)
		}
	})

	t.Run("OKCleared", func(t *testing.T) {
		in := app.member(id).Input()
		in.AccreditationInput = domain.AccreditationInput{}
		c.get(path + "/edit")
		if resp, _ := c.post(path, memberForm(in)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if n := app.count("member_accreditations", "member_id = ?", id); n != 0 {
			t.Errorf("%d rows of details left after clearing them", n)
		}
	})
}

// TestAccreditationHidden: the accreditation details are staff's alone. A liaison of the
// member's ministry and a delegate on the same delegation read the member's page, the
// delegation, the items the member covers (with the delegation's contacts), search, their
// pack and their book, and meet none of them; staff see them on the same page.
func TestAccreditationHidden(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	id := app.memberID("226 EX", han)
	const passport, function = "HANPASSPORT Seungho", "Secretfunction Of Accreditation"
	staff := app.client()
	staff.login(staffEmail)
	in := app.member(id).Input()
	in.PassportName, in.FunctionEN, in.Honorific = passport, function, "prof"
	staff.get(fmt.Sprintf("/members/%d/edit", id))
	if resp, body := staff.post(fmt.Sprintf("/members/%d", id), memberForm(in)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%v", resp.StatusCode, fieldErrors(body))
	}
	sid := app.sessionID("226 EX")
	pages := []string{
		fmt.Sprintf("/members/%d", id),
		fmt.Sprintf("/sessions/%d/delegation", sid),
		fmt.Sprintf("/items/%d", app.itemID("226 EX", "5.I.B")),
		fmt.Sprintf("/items/%d", app.itemID("226 EX", "5.I.C")),
		// The search box shows what was typed: a part of each detail is searched for.
		"/search?q=" + url.QueryEscape("HANPASS"),
		"/search?q=" + url.QueryEscape("Secretfunc"),
		"/delegations",
	}
	secrets := []string{passport, "HANPASSPORT", function, en.T("field.passport_name"), en.T("accred.details")}

	t.Run("StaffSee", func(t *testing.T) {
		_, body := staff.get(pages[0])
		for _, s := range secrets {
			if !strings.Contains(body, s) {
				t.Errorf("staff do not see %q on the member's page", s)
			}
		}
	})
	for _, who := range []string{moeEmail, delegateEmail} {
		t.Run(who, func(t *testing.T) {
			c := app.client()
			c.login(who)
			for _, p := range pages {
				resp, body := c.get(p)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: status %d, want 200 (the page itself is theirs)", p, resp.StatusCode)
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("GET %s shows %q", p, s)
					}
				}
			}
			if resp, _ := c.get(fmt.Sprintf("/members/%d/edit", id)); resp.StatusCode != http.StatusForbidden {
				t.Errorf("the member form: status %d, want 403", resp.StatusCode)
			}
			if resp, _ := c.get(fmt.Sprintf("/sessions/%d/accreditation", sid)); resp.StatusCode != http.StatusForbidden {
				t.Errorf("the accreditation list: status %d, want 403", resp.StatusCode)
			}
			f, _ := download(t, c, fmt.Sprintf("/sessions/%d/pack?lang=en", sid))
			if text := allText(t, f); strings.Contains(text, "HANPASSPORT") || strings.Contains(text, "Secretfunction") {
				t.Error("the pack holds the accreditation details")
			}
			resp, book := c.get(fmt.Sprintf("/sessions/%d/book?lang=en", sid))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("book: status %d", resp.StatusCode)
			}
			text := testtool.Squeeze(strings.Join(testtool.ReadPDF(t, []byte(book)).Pages(), " "))
			if strings.Contains(text, "HANPASSPORT") || strings.Contains(text, "Secretfunction") {
				t.Error("the book holds the accreditation details")
			}
		})
	}
}

// TestAccreditationList: staff download the delegation laid out for accreditation, one
// row per member in the order of UNESCO's forms (head, alternates, delegates, experts,
// advisers, each by name), read back by LibreOffice: headers in the language asked for,
// honorifics, passport names, functions and bodies in English, a missing passport name
// marked, typed text never a formula; the download is audited.
func TestAccreditationList(t *testing.T) {
	t.Parallel()
	soffice := testtool.Require(t, "soffice")
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("226 EX")

	// A function that looks like a formula stays text.
	id := app.memberID("226 EX", "Jang Min-jae")
	in := app.member(id).Input()
	in.FunctionEN = "=HYPERLINK(\"http://x.example\",\"Director\")"
	c.get(fmt.Sprintf("/members/%d/edit", id))
	if resp, body := c.post(fmt.Sprintf("/members/%d", id), memberForm(in)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%v", resp.StatusCode, fieldErrors(body))
	}

	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			l := catalog.For(lang)
			audits := app.count("audit_log", "action = 'export_accreditation' AND entity_id = ?", sid)
			resp, body := c.get(fmt.Sprintf("/sessions/%d/accreditation?lang=%s", sid, lang))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
			if err != nil || !strings.HasPrefix(params["filename"], "226EX_accreditation_delegation_"+lang+"_") || !strings.HasSuffix(params["filename"], ".xlsx") {
				t.Errorf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
			}
			if got := app.count("audit_log", "action = 'export_accreditation' AND entity_id = ?", sid); got != audits+1 {
				t.Errorf("audit rows of the download %d → %d", audits, got)
			}
			rows := libreOfficeRows(t, soffice, []byte(body))
			header := []string{l.T("pack.col.number"), l.T("field.honorific"), l.T("field.passport_name"), l.T("field.function_en"),
				l.T("field.affiliation"), l.T("field.role"), l.T("field.arrives_on"), l.T("field.departs_on")}
			if len(rows) == 0 || strings.Join(rows[0], "|") != strings.Join(header, "|") {
				t.Fatalf("header %q, want %q", rows[0], header)
			}
			want := [][]string{
				{"1", "H.E.", "CHUNG Jae-won", "Ambassador and Permanent Delegate of the Republic of Korea to UNESCO", "Ministry of Foreign Affairs", l.T("member_role.head"), "", ""},
				{"2", "Ms", "YOON Ha-eun", "Deputy Permanent Delegate, Minister-Counsellor", "Ministry of Foreign Affairs", l.T("member_role.deputy_head"), "", ""},
				{"3", "Ms", "SEO Ji-yeon", "Deputy Director, Digital Society Policy Division", "Ministry of Science and ICT", l.T("member_role.alternate"), "2027-04-08", "2027-04-11"},
				{"4", "Mr", "CHOI Minsu", "Senior Programme Specialist, Education", "Korean National Commission for UNESCO", l.T("member_role.delegate"), "2027-04-05", "2027-04-22"},
				{"5", "Mr", "HAN Seung-ho", "Director, International Education Cooperation Division", "Ministry of Education", l.T("member_role.delegate"), "2027-04-06", "2027-04-12"},
				{"6", "Prof.", l.T("accred.passport_missing", "Name", "Oh Yu-na"), "Professor, Graduate School of AI", "Korea Advanced Institute of Science and Technology (KAIST)", l.T("member_role.expert"), "2027-04-08", "2027-04-12"},
				{"7", "Mr", "JANG Min-jae", in.FunctionEN, "Ministry of Foreign Affairs", l.T("member_role.adviser"), "2027-04-06", "2027-04-15"},
				{"8", "Ms", "KIM Seoyeon", "Policy Officer, Governing Bodies", "Korean National Commission for UNESCO", l.T("member_role.adviser"), "2027-04-04", "2027-04-22"},
			}
			if len(rows)-1 != len(want) {
				t.Fatalf("%d rows, want %d:\n%q", len(rows)-1, len(want), rows[1:])
			}
			for i, w := range want {
				if got := strings.Join(rows[i+1], "|"); got != strings.Join(w, "|") {
					t.Errorf("row %d:\n got %s\nwant %s", i+1, got, strings.Join(w, "|"))
				}
			}
		})
	}
}

// libreOfficeRows is the first sheet of the workbook as LibreOffice reads it, by rows.
func libreOfficeRows(t *testing.T, soffice string, xlsx []byte) [][]string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "list.xlsx")
	if err := os.WriteFile(in, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", filepath.Join(dir, "out"), in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "out", "*.csv"))
	if len(files) != 1 {
		t.Fatalf("%d sheets converted, want 1", len(files))
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestNewMemberAccreditation: a member added with accreditation details has them from the
// start, audited with the creation; someone who was on an earlier delegation starts with
// the details they had there.
func TestNewMemberAccreditation(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(staffEmail)
	sid := app.sessionID("34 IOC")

	t.Run("OKStartsFromEarlierDelegation", func(t *testing.T) {
		_, body := c.get(fmt.Sprintf("/sessions/%d/delegation/new?person=%d", sid, app.personID("Heo Jin-seok")))
		if got := inputValue(body, "passport_name"); got != "HEO Jin-seok" {
			t.Errorf("passport name %q, want the one of 48 WHC", got)
		}
		if got := inputValue(body, "function_en"); got != "Administrator, Korea Heritage Service" {
			t.Errorf("function %q, want the one of 48 WHC", got)
		}
	})

	t.Run("OKCreatedWithDetails", func(t *testing.T) {
		person := app.personID("Kim Nam-joo")
		org := app.scanID(`SELECT id FROM organisations WHERE name_en = 'Korea University'`)
		c.get(fmt.Sprintf("/sessions/%d/delegation/new", sid))
		resp, body := c.post(fmt.Sprintf("/sessions/%d/delegation", sid), url.Values{"person_id": {strconv.FormatInt(person, 10)},
			"role": {"expert"}, "accreditation": {"pending"}, "honorific": {"prof"}, "passport_name": {"KIM Nam-joo"},
			"function_en": {"Professor of Law"}, "affiliation": {domain.AffiliationRef(domain.AffiliationOrganisation, org)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d\n%v", resp.StatusCode, fieldErrors(body))
		}
		id := app.scanID(`SELECT id FROM delegation_members WHERE session_id = ? AND person_id = ?`, sid, person)
		d := app.member(id).Details
		if d == nil || d.PassportName != "KIM Nam-joo" || d.OrganisationID == nil || *d.OrganisationID != org || d.AffiliationEN != "Korea University" {
			t.Fatalf("details %+v", d)
		}
		if n := app.count("audit_log", "entity = 'delegation_member' AND entity_id = ? AND action = 'create' AND after->'Details'->>'PassportName' = 'KIM Nam-joo'", id); n != 1 {
			t.Errorf("%d audit rows of the creation with the details, want 1", n)
		}
	})
}

// TestOrganisations: the administrator keeps the organisations beside the ministries. A
// name another organisation or a ministry bears is refused next to its field; a rename is
// audited and shows wherever a member comes from the organisation; a rename made on a
// stale form gets 409 and changes nothing.
func TestOrganisations(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	c := app.client()
	c.login(adminEmail)
	count := func() int { return app.count("organisations", "TRUE") }

	for _, tt := range []struct {
		name, en, ko, field, msg string
		status                   int
	}{
		{"ErrNameTakenOtherCase", "seoul national university", "서울대 (다른 이름)", "name_en", "organisations.error_taken", 409},
		{"ErrKoreanNameTaken", "SNU", "서울대학교", "name_ko", "organisations.error_taken", 409},
		{"ErrMinistryName", "Ministry of Education", "교육부 (기관)", "name_en", "organisations.error_ministry", 409},
		{"ErrNameRequired", "", "빈 이름 기관", "name_en", "", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := count()
			c.get("/admin/organisations/new")
			resp, body := c.post("/admin/organisations", url.Values{"name_en": {tt.en}, "name_ko": {tt.ko}})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if msg, ok := fieldErrors(body)[tt.field]; !ok || (tt.msg != "" && msg != en.T(tt.msg)) {
				t.Errorf("%s says %q, want %q", tt.field, msg, en.T(tt.msg))
			}
			if inputValue(body, "name_ko") != tt.ko {
				t.Error("what was typed is lost")
			}
			if got := count(); got != before {
				t.Errorf("organisations %d → %d", before, got)
			}
		})
	}

	id := app.scanID(`SELECT id FROM organisations WHERE name_en = 'Seoul National University'`)
	path := fmt.Sprintf("/admin/organisations/%d", id)
	t.Run("OKRenamed", func(t *testing.T) {
		c.get(path + "/edit")
		resp, _ := c.post(path, url.Values{"name_en": {"Seoul National University (SNU)"}, "name_ko": {"서울대학교"},
			"version": {app.version("organisations", id)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		if n := app.count("audit_log", "entity = 'organisation' AND entity_id = ? AND action = 'update'", id); n != 1 {
			t.Errorf("%d audit rows of the rename, want 1", n)
		}
		staff := app.client()
		staff.login(staffEmail)
		_, body := staff.get(fmt.Sprintf("/members/%d", app.memberID("48 WHC", "Shin Dong-wook")))
		if !strings.Contains(body, "Seoul National University (SNU)") {
			t.Error("the member's page does not show the new name")
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		c.get(path + "/edit")
		resp, body := c.post(path, url.Values{"name_en": {"Seoul Nat. Univ."}, "name_ko": {"서울대"}, "version": {"1"}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, "Seoul National University (SNU)") {
			t.Error("the page does not show the name saved now")
		}
		if n := app.count("organisations", "id = ? AND name_en = 'Seoul National University (SNU)'", id); n != 1 {
			t.Error("the stale form renamed the organisation")
		}
	})
	t.Run("OKListed", func(t *testing.T) {
		_, body := c.get("/admin/organisations")
		for _, want := range []string{"Seoul National University (SNU)", "국회", "Korean National Commission for UNESCO"} {
			if !strings.Contains(body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
	})
}
