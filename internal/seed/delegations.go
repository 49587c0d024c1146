package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// The organisations of the demo people.
const (
	orgPermDel = "Permanent Delegation of the Republic of Korea to UNESCO"
	orgKNCU    = "Korean National Commission for UNESCO"
	orgMOE     = "Ministry of Education"
	orgMSIT    = "Ministry of Science and ICT"
	orgMOFA    = "Ministry of Foreign Affairs"
	orgMOF     = "Ministry of Oceans and Fisheries"
	orgKIOST   = "Korea Institute of Ocean Science and Technology (KIOST)"
	orgKHOA    = "Korea Hydrographic and Oceanographic Agency (KHOA)"
	orgKHS     = "Korea Heritage Service"
)

// person is one demo person, keyed by key; user is the e-mail of their account, if any.
type person struct {
	key, en, ko, org, title, email, phone, expertise, ministry, user, notes string
}

var people = []person{
	{key: "chung", en: "Chung Jae-won", ko: "정재원", org: orgPermDel, title: "Ambassador and Permanent Delegate", email: "jw.chung@mofa.example", phone: "+33 1 45 68 31 50", ministry: "MOFA", expertise: "multilateral diplomacy, UNESCO governance"},
	{key: "yoon", en: "Yoon Ha-eun", ko: "윤하은", org: orgPermDel, title: "Deputy Permanent Delegate (Minister-Counsellor)", email: "he.yoon@mofa.example", ministry: "MOFA", expertise: "programme and budget, UNESCO governance"},
	{key: "choi", en: "Choi Minsu", ko: "최민수", org: orgKNCU, title: "Senior Programme Specialist, Education", email: "delegate@plenary.example", phone: "+82 2 6958 4100", user: "delegate@plenary.example", expertise: "education for sustainable development, global citizenship education"},
	{key: "han", en: "Han Seung-ho", ko: "한승호", org: orgMOE, title: "Director, International Education Cooperation Division", email: "sh.han@moe.example", ministry: "MOE", expertise: "higher education, recognition of qualifications"},
	{key: "seo", en: "Seo Ji-yeon", ko: "서지연", org: orgMSIT, title: "Deputy Director, Digital Society Policy Division", email: "jy.seo@msit.example", ministry: "MSIT", expertise: "AI ethics, digital policy"},
	{key: "jang", en: "Jang Min-jae", ko: "장민재", org: orgMOFA, title: "Director, Cultural Affairs Division", email: "mj.jang@mofa.example", ministry: "MOFA", expertise: "cultural diplomacy, human resources of international organisations"},
	{key: "kim", en: "Kim Seoyeon", ko: "김서연", org: orgKNCU, title: "Policy Officer, Governing Bodies", email: "staff@plenary.example", phone: "+82 2 6958 4163", user: "staff@plenary.example", expertise: "UNESCO governing bodies, natural sciences"},
	{key: "oh", en: "Oh Yu-na", ko: "오유나", org: "KAIST Graduate School of AI", title: "Professor", email: "yuna.oh@kaist.example", expertise: "AI ethics, data governance", notes: "Member of the national AI ethics readiness assessment team."},
	// 34 IOC: fifteen people from four organisations.
	{key: "song", en: "Song Kyung-hee", ko: "송경희", org: orgMOF, title: "Director-General, Marine Policy Office", email: "kh.song@mof.example", ministry: "MOF", expertise: "ocean policy"},
	{key: "bae", en: "Bae Jun-seo", ko: "배준서", org: orgMOF, title: "Director, Marine Environment Policy Division", email: "js.bae@mof.example", ministry: "MOF", expertise: "marine environment, ocean governance"},
	{key: "kwon", en: "Kwon Na-ra", ko: "권나라", org: orgMOF, title: "Deputy Director, International Cooperation Division", email: "nr.kwon@mof.example", ministry: "MOF", expertise: "international cooperation"},
	{key: "yoo", en: "Yoo Dong-hyun", ko: "유동현", org: orgMOF, title: "Assistant Director, International Cooperation Division", email: "dh.yoo@mof.example", ministry: "MOF"},
	{key: "leejh", en: "Lee Ji-hoon", ko: "이지훈", org: orgKIOST, title: "Principal Research Scientist", email: "jihoon.lee@kiost.example", expertise: "ocean observation, GOOS"},
	{key: "choiej", en: "Choi Eun-ji", ko: "최은지", org: orgKIOST, title: "Senior Research Scientist", email: "ej.choi@kiost.example", expertise: "ocean data, IODE"},
	{key: "nam", en: "Nam Gi-tae", ko: "남기태", org: orgKIOST, title: "Senior Research Scientist", email: "gt.nam@kiost.example", expertise: "coastal hazards, tsunami modelling"},
	{key: "hwang", en: "Hwang Seo-yun", ko: "황서윤", org: orgKIOST, title: "Research Scientist", email: "sy.hwang@kiost.example", expertise: "marine biodiversity"},
	{key: "jung", en: "Jung Woo-jin", ko: "정우진", org: orgKIOST, title: "Head, Ocean Decade Korea Office", email: "wj.jung@kiost.example", expertise: "UN Ocean Decade, ocean literacy"},
	{key: "ahn", en: "Ahn Sung-min", ko: "안성민", org: orgKHOA, title: "Director, Ocean Forecast Division", email: "sm.ahn@khoa.example", ministry: "MOF", expertise: "tsunami warning, ocean forecasting"},
	{key: "limhn", en: "Lim Ha-na", ko: "임하나", org: orgKHOA, title: "Hydrographer", email: "hn.lim@khoa.example", ministry: "MOF", expertise: "ocean mapping, GEBCO"},
	{key: "cho", en: "Cho Yong-jin", ko: "조용진", org: orgKHOA, title: "Researcher", email: "yj.cho@khoa.example", ministry: "MOF", expertise: "sea level, tide gauges"},
	{key: "baek", en: "Baek Min-ho", ko: "백민호", org: orgKNCU, title: "Programme Officer, Natural Sciences", email: "mh.baek@unesco.or.example", expertise: "ocean science, IOC"},
	{key: "jeon", en: "Jeon Ye-rin", ko: "전예린", org: orgKNCU, title: "Youth Ocean Ambassador", email: "yr.jeon@unesco.or.example", expertise: "ocean literacy, youth engagement", notes: "Early-career ocean professional; travel funded under the youth programme."},
	// 48 WHC.
	{key: "heo", en: "Heo Jin-seok", ko: "허진석", org: orgKHS, title: "Administrator", email: "js.heo@khs.example", ministry: "KHS", expertise: "cultural heritage policy"},
	{key: "ryu", en: "Ryu Seon-hwa", ko: "류선화", org: orgKHS, title: "Director, World Heritage Division", email: "sh.ryu@khs.example", ministry: "KHS", expertise: "World Heritage nominations, state of conservation"},
	{key: "go", en: "Go Eun-bi", ko: "고은비", org: orgKHS, title: "Deputy Director, World Heritage Division", email: "eb.go@khs.example", ministry: "KHS", expertise: "state of conservation"},
	{key: "shin", en: "Shin Dong-wook", ko: "신동욱", org: "ICOMOS Korea", title: "Professor of Architectural History, Seoul National University", email: "dw.shin@snu.example", expertise: "architectural heritage, World Heritage evaluation"},
	{key: "yang", en: "Yang Hye-jin", ko: "양혜진", org: "Busan Metropolitan City", title: "Director, Culture and Tourism Bureau", email: "hj.yang@busan.example", expertise: "host city arrangements"},
	// On no delegation yet.
	{key: "kimnj", en: "Kim Nam-joo", ko: "김남주", org: "Korea University School of Law", title: "Professor", email: "nj.kim@korea.example", expertise: "cultural heritage law, 1970 Convention"},
}

// The organisations other than ministries that demo members come from, keyed by a short
// name, with their English and Korean names.
var organisations = []struct{ key, en, ko string }{
	{"kncu", orgKNCU, "유네스코한국위원회"},
	{"assembly", "National Assembly of the Republic of Korea", "대한민국 국회"},
	{"kaist", "Korea Advanced Institute of Science and Technology (KAIST)", "한국과학기술원(KAIST)"},
	{"kiost", orgKIOST, "한국해양과학기술원"},
	{"khoa", orgKHOA, "국립해양조사원"},
	{"snu", "Seoul National University", "서울대학교"},
	{"busan", "Busan Metropolitan City", "부산광역시"},
	{"korea", "Korea University", "고려대학교"},
}

// accreditation is what the secretariat is told about a demo person on every delegation
// they are on: honorific, name as in the passport, function in English and body (a
// ministry's code, or an organisation's key above).
type accreditation struct {
	honorific         domain.Honorific
	passport, fn, org string
}

// accreditations are the demo people's accreditation details. Oh Yu-na's passport name is
// not in yet, so a list shows what is missing; Jeon Ye-rin, an observer, has none at all.
var accreditations = map[string]accreditation{
	"chung": {domain.HonorificHE, "CHUNG Jae-won", "Ambassador and Permanent Delegate of the Republic of Korea to UNESCO", "MOFA"},
	"yoon":  {domain.HonorificMs, "YOON Ha-eun", "Deputy Permanent Delegate, Minister-Counsellor", "MOFA"},
	"choi":  {domain.HonorificMr, "CHOI Minsu", "Senior Programme Specialist, Education", "kncu"},
	"han":   {domain.HonorificMr, "HAN Seung-ho", "Director, International Education Cooperation Division", "MOE"},
	"seo":   {domain.HonorificMs, "SEO Ji-yeon", "Deputy Director, Digital Society Policy Division", "MSIT"},
	"jang":  {domain.HonorificMr, "JANG Min-jae", "Director, Cultural Affairs Division", "MOFA"},
	"kim":   {domain.HonorificMs, "KIM Seoyeon", "Policy Officer, Governing Bodies", "kncu"},
	"oh":    {domain.HonorificProf, "", "Professor, Graduate School of AI", "kaist"},
	"song":  {domain.HonorificMs, "SONG Kyung-hee", "Director-General, Marine Policy Office", "MOF"},
	"bae":   {domain.HonorificMr, "BAE Jun-seo", "Director, Marine Environment Policy Division", "MOF"},
	"leejh": {domain.HonorificDr, "LEE Ji-hoon", "Principal Research Scientist", "kiost"},
	"ahn":   {domain.HonorificMr, "AHN Sung-min", "Director, Ocean Forecast Division", "khoa"},
	"baek":  {domain.HonorificMr, "BAEK Min-ho", "Programme Officer, Natural Sciences", "kncu"},
	"heo":   {domain.HonorificHE, "HEO Jin-seok", "Administrator, Korea Heritage Service", "KHS"},
	"ryu":   {domain.HonorificMs, "RYU Seon-hwa", "Director, World Heritage Division", "KHS"},
	"go":    {domain.HonorificMs, "GO Eun-bi", "Deputy Director, World Heritage Division", "KHS"},
	"shin":  {domain.HonorificProf, "SHIN Dong-wook", "Professor of Architectural History", "snu"},
	"yang":  {domain.HonorificMs, "YANG Hye-jin", "Director, Culture and Tourism Bureau", "busan"},
}

// member is one demo member: the person's key, role, accreditation, dates, funding,
// the numbers of the items covered and, for a concluded session, one attendance letter a
// day (P present, H partial, A absent, - none) with notes by day index.
type member struct {
	who              string
	role             domain.MemberRole
	acc              domain.Accreditation
	arrives, departs string
	funded, notes    string
	covers           []string
	attendance       string
	dayNotes         map[int]string
}

const (
	pending   = domain.AccreditationPending
	submitted = domain.AccreditationSubmitted
	confirmed = domain.AccreditationConfirmed
)

var delegations = map[string][]member{
	"226 EX": {
		{who: "chung", role: domain.MemberHead, acc: confirmed, funded: "MOFA (resident in Paris)", covers: []string{"3"}},
		{who: "yoon", role: domain.MemberDeputyHead, acc: confirmed, funded: "MOFA (resident in Paris)", covers: []string{"1", "5.II.A"}},
		{who: "choi", role: domain.MemberDelegate, acc: submitted, arrives: "2027-04-05", departs: "2027-04-22", funded: "KNCU", covers: []string{"5.I.B", "5.I.C", "16.XIX"}},
		{who: "han", role: domain.MemberDelegate, acc: submitted, arrives: "2027-04-06", departs: "2027-04-12", funded: "Ministry of Education", covers: []string{"5.I.B", "5.I.C"}},
		{who: "seo", role: domain.MemberAlternate, acc: pending, arrives: "2027-04-08", departs: "2027-04-11", funded: "Ministry of Science and ICT", covers: []string{"5.I.A"}, notes: "Travel approval expected in March."},
		{who: "jang", role: domain.MemberAdviser, acc: submitted, arrives: "2027-04-06", departs: "2027-04-15", funded: "Ministry of Foreign Affairs", covers: []string{"3", "5.II.A"}},
		{who: "kim", role: domain.MemberAdviser, acc: confirmed, arrives: "2027-04-04", departs: "2027-04-22", funded: "KNCU", covers: []string{"1", "9", "16.XL"}},
		{who: "oh", role: domain.MemberExpert, acc: pending, arrives: "2027-04-08", departs: "2027-04-12", funded: "KNCU", covers: []string{"5.I.A"}, notes: "Speaks at the side event on AI readiness assessments."},
	},
	"34 IOC": {
		{who: "song", role: domain.MemberHead, acc: submitted, arrives: "2027-06-21", departs: "2027-07-02", funded: "Ministry of Oceans and Fisheries"},
		{who: "bae", role: domain.MemberDeputyHead, acc: submitted, arrives: "2027-06-21", departs: "2027-07-02", funded: "Ministry of Oceans and Fisheries"},
		{who: "kwon", role: domain.MemberDelegate, acc: pending, arrives: "2027-06-20", departs: "2027-07-02", funded: "Ministry of Oceans and Fisheries"},
		{who: "yoo", role: domain.MemberAlternate, acc: pending, arrives: "2027-06-20", departs: "2027-07-02", funded: "Ministry of Oceans and Fisheries"},
		{who: "leejh", role: domain.MemberExpert, acc: submitted, arrives: "2027-06-22", departs: "2027-06-27", funded: "KIOST"},
		{who: "choiej", role: domain.MemberExpert, acc: pending, arrives: "2027-06-22", departs: "2027-06-27", funded: "KIOST"},
		{who: "nam", role: domain.MemberExpert, acc: pending, arrives: "2027-06-24", departs: "2027-06-29", funded: "KIOST"},
		{who: "hwang", role: domain.MemberExpert, acc: pending, arrives: "2027-06-24", departs: "2027-06-29", funded: "KIOST"},
		{who: "jung", role: domain.MemberAdviser, acc: submitted, arrives: "2027-06-21", departs: "2027-07-01", funded: "KIOST"},
		{who: "ahn", role: domain.MemberDelegate, acc: pending, arrives: "2027-06-24", departs: "2027-06-30", funded: "KHOA"},
		{who: "limhn", role: domain.MemberExpert, acc: pending, arrives: "2027-06-24", departs: "2027-06-30", funded: "KHOA"},
		{who: "cho", role: domain.MemberExpert, acc: pending, arrives: "2027-06-24", departs: "2027-06-30", funded: "KHOA"},
		{who: "kim", role: domain.MemberAdviser, acc: submitted, arrives: "2027-06-20", departs: "2027-07-02", funded: "KNCU"},
		{who: "baek", role: domain.MemberDelegate, acc: pending, arrives: "2027-06-21", departs: "2027-07-02", funded: "KNCU"},
		{who: "jeon", role: domain.MemberObserver, acc: pending, arrives: "2027-06-21", departs: "2027-06-26", funded: "KNCU youth programme"},
	},
	// 19–29 July 2026, eleven days in Busan.
	"48 WHC": {
		{who: "heo", role: domain.MemberHead, acc: confirmed, arrives: "2026-07-18", departs: "2026-07-29", funded: "Korea Heritage Service", covers: []string{"8B"},
			attendance: "PPPHAAPPPPP", dayNotes: map[int]string{3: "Morning only: press briefing.", 4: "In Seoul for a Cabinet meeting.", 5: "In Seoul for a Cabinet meeting."}},
		{who: "chung", role: domain.MemberDeputyHead, acc: confirmed, arrives: "2026-07-17", departs: "2026-07-30", funded: "MOFA", covers: []string{"7A", "12"},
			attendance: "PPPPPPPPPPP", dayNotes: map[int]string{4: "Led the delegation in the Head's absence."}},
		{who: "ryu", role: domain.MemberDelegate, acc: confirmed, arrives: "2026-07-16", departs: "2026-07-30", funded: "Korea Heritage Service", covers: []string{"7B", "8B"},
			attendance: "PPPPPPPPPPP"},
		{who: "go", role: domain.MemberAlternate, acc: confirmed, arrives: "2026-07-16", departs: "2026-07-30", funded: "Korea Heritage Service", covers: []string{"7A", "7B"},
			attendance: "PPPPPPHPPPP", dayNotes: map[int]string{6: "Afternoon at the site visit with the Advisory Bodies."}},
		// Stayed on for the closing days, but the departure on record was never changed: the
		// attendance grid flags 27–28 July as outside the stay.
		{who: "jang", role: domain.MemberAdviser, acc: confirmed, arrives: "2026-07-21", departs: "2026-07-26", funded: "MOFA", covers: []string{"12"},
			attendance: "--PPPPPPPP-", dayNotes: map[int]string{9: "Stayed on for the decisions on item 12."}},
		{who: "choi", role: domain.MemberDelegate, acc: confirmed, arrives: "2026-07-18", departs: "2026-07-29", funded: "KNCU", covers: []string{"8B", "12"},
			attendance: "PPPPPPPPHPP", dayNotes: map[int]string{8: "Morning only: youth forum."}},
		{who: "shin", role: domain.MemberExpert, acc: confirmed, arrives: "2026-07-22", departs: "2026-07-26", funded: "KNCU", covers: []string{"8B"},
			attendance: "----PPPP---"},
		{who: "yang", role: domain.MemberObserver, acc: confirmed, arrives: "2026-07-18", departs: "2026-07-29", funded: "Busan Metropolitan City",
			attendance: "PHHAPHAAPHP", dayNotes: map[int]string{3: "Host city reception preparations."}},
	},
}

// seedDelegations adds the demo people and three delegations: 226 EX in planning with
// accreditations in every state and its items covered; a fifteen-person IOC delegation
// from four organisations, whose provisional agenda UNESCO has not yet published (items
// are assigned once it is imported); and the concluded 48 WHC with every day's attendance
// recorded.
func seedDelegations(ctx context.Context, s *store.Store, ids *IDs) error {
	personIDs := map[string]int64{}
	for _, p := range people {
		in := domain.PersonInput{NameEN: p.en, NameKO: p.ko, Organisation: p.org, Title: p.title, Email: p.email,
			Phone: p.phone, Expertise: p.expertise, Notes: p.notes, MinistryID: ids.Ministries[p.ministry], UserID: ids.Users[p.user]}
		created, err := s.CreatePerson(ctx, actor, in)
		if err != nil {
			return fmt.Errorf("seed: person %s: %w", p.en, err)
		}
		personIDs[p.key] = created.ID
	}
	affiliations := map[string]string{}
	for code, id := range ids.Ministries {
		affiliations[code] = domain.AffiliationRef(domain.AffiliationMinistry, id)
	}
	for _, o := range organisations {
		created, err := s.CreateOrganisation(ctx, actor, domain.OrganisationInput{NameEN: o.en, NameKO: o.ko})
		if err != nil {
			return fmt.Errorf("seed: organisation %s: %w", o.en, err)
		}
		affiliations[o.key] = domain.AffiliationRef(domain.AffiliationOrganisation, created.ID)
	}
	for _, code := range []string{"48 WHC", "226 EX", "34 IOC"} {
		if err := seedDelegation(ctx, s, ids, personIDs, affiliations, code); err != nil {
			return err
		}
	}
	return nil
}

func seedDelegation(ctx context.Context, s *store.Store, ids *IDs, personIDs map[string]int64, affiliations map[string]string, code string) error {
	ses, err := s.Session(ctx, domain.Scope{All: true}, ids.Sessions[code])
	if err != nil {
		return fmt.Errorf("seed: session %s: %w", code, err)
	}
	days := domain.SessionDays(ses)
	var cells []domain.AttendanceCell
	for _, m := range delegations[code] {
		in := domain.MemberInput{PersonID: personIDs[m.who], Role: string(m.role), Accreditation: string(m.acc),
			ArrivesOn: m.arrives, DepartsOn: m.departs, FundedBy: m.funded, Notes: m.notes}
		if a, ok := accreditations[m.who]; ok {
			in.AccreditationInput = domain.AccreditationInput{Honorific: string(a.honorific), PassportName: a.passport,
				FunctionEN: a.fn, Affiliation: affiliations[a.org]}
		}
		added, err := s.AddMember(ctx, actor, ses, in)
		if err != nil {
			return fmt.Errorf("seed: member %s of %s: %w", m.who, code, err)
		}
		var items []int64
		for _, n := range m.covers {
			id, ok := ids.Items[code+"/"+n]
			if !ok {
				return fmt.Errorf("seed: no item %s/%s", code, n)
			}
			items = append(items, id)
		}
		if len(items) > 0 {
			if err := s.SetCoverage(ctx, actor, added.ID, added.Version, items); err != nil {
				return fmt.Errorf("seed: coverage of %s on %s: %w", m.who, code, err)
			}
		}
		for i, mark := range m.attendance {
			status := map[rune]domain.AttendanceStatus{'P': domain.AttendancePresent, 'H': domain.AttendancePartial, 'A': domain.AttendanceAbsent}[mark]
			if status == "" || i >= len(days) {
				continue
			}
			cells = append(cells, domain.AttendanceCell{MemberID: added.ID, Day: days[i], Status: string(status),
				Note: strings.TrimSpace(m.dayNotes[i])})
		}
	}
	if len(cells) > 0 {
		if _, err := s.SaveAttendance(ctx, actor, ses, cells); err != nil {
			return fmt.Errorf("seed: attendance of %s: %w", code, err)
		}
	}
	return nil
}
