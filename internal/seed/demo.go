// Package seed loads Plenary's demo data: the bodies, today's ministries with their former
// names, a few realistic sessions and one user of each role, so that a newcomer finds a
// working application on first start. Each feature adds its own part here.
package seed

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// Login is one demo account.
type Login struct {
	Email string
	Role  domain.Role
	Note  string
}

// Accounts are the demo accounts Demo made, and their shared password.
type Accounts struct {
	Password string
	Logins   []Login
}

var actor = domain.SystemActor("seed")

var bodies = []domain.BodyInput{
	{Code: "C", NameEN: "General Conference", NameKO: "총회"},
	{Code: "EX", NameEN: "Executive Board", NameKO: "집행이사회"},
	{Code: "IOC", NameEN: "Assembly of the Intergovernmental Oceanographic Commission", NameKO: "정부간해양학위원회 총회"},
	{Code: "IHP", NameEN: "Intergovernmental Council of the International Hydrological Programme", NameKO: "국제수문프로그램 정부간이사회"},
	{Code: "MAB", NameEN: "International Co-ordinating Council of the Man and the Biosphere Programme", NameKO: "인간과 생물권 계획 국제조정이사회"},
	{Code: "WHC", NameEN: "World Heritage Committee", NameKO: "세계유산위원회"},
	{Code: "ICH", NameEN: "Intergovernmental Committee for the Safeguarding of the Intangible Cultural Heritage", NameKO: "무형유산보호 정부간위원회"},
}

type ministry struct {
	in     domain.MinistryInput
	former []domain.MinistryFormerName
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var ministries = []ministry{
	{in: domain.MinistryInput{Code: "MOFA", NameEN: "Ministry of Foreign Affairs", NameKO: "외교부"}},
	{in: domain.MinistryInput{Code: "MOE", NameEN: "Ministry of Education", NameKO: "교육부"}},
	{in: domain.MinistryInput{Code: "MSIT", NameEN: "Ministry of Science and ICT", NameKO: "과학기술정보통신부"}},
	{in: domain.MinistryInput{Code: "MCST", NameEN: "Ministry of Culture, Sports and Tourism", NameKO: "문화체육관광부"}},
	{in: domain.MinistryInput{Code: "KHS", NameEN: "Korea Heritage Service", NameKO: "국가유산청"},
		former: []domain.MinistryFormerName{{NameEN: "Cultural Heritage Administration", NameKO: "문화재청", UsedUntil: day("2024-05-16")}}},
	{in: domain.MinistryInput{Code: "MCEE", NameEN: "Ministry of Climate, Energy and Environment", NameKO: "기후에너지환경부"},
		former: []domain.MinistryFormerName{{NameEN: "Ministry of Environment", NameKO: "환경부", UsedUntil: day("2025-09-30")}}},
	{in: domain.MinistryInput{Code: "MOF", NameEN: "Ministry of Oceans and Fisheries", NameKO: "해양수산부"}},
	{in: domain.MinistryInput{Code: "MOGEF", NameEN: "Ministry of Gender Equality and Family", NameKO: "성평등가족부"},
		former: []domain.MinistryFormerName{{NameEN: "Ministry of Gender Equality and Family", NameKO: "여성가족부", UsedUntil: day("2025-09-30")}}},
}

// A session's title is in both languages on most sessions; the planned ones have only
// their English title yet, so that a Korean reader sees it marked as English only.
type session struct {
	body, title, titleKO, venue, from, to, deadline string
	number                                          int
	status                                          domain.SessionStatus
}

var sessions = []session{
	{body: "EX", number: 220, title: "220th session of the Executive Board", titleKO: "제220차 집행이사회", venue: "Paris", from: "2024-10-09", to: "2024-10-23", deadline: "2024-09-27", status: domain.SessionConcluded},
	{body: "C", number: 43, title: "43rd session of the General Conference", titleKO: "제43차 총회", venue: "Samarkand", from: "2025-10-30", to: "2025-11-13", deadline: "2025-10-10", status: domain.SessionConcluded},
	{body: "WHC", number: 48, title: "48th session of the World Heritage Committee", titleKO: "제48차 세계유산위원회", venue: "Busan", from: "2026-07-19", to: "2026-07-29", deadline: "2026-06-30", status: domain.SessionConcluded},
	{body: "ICH", number: 21, title: "21st session of the Intergovernmental Committee for the Safeguarding of the Intangible Cultural Heritage", titleKO: "제21차 무형유산보호 정부간위원회", venue: "Paris", from: "2026-12-07", to: "2026-12-12", deadline: "2026-11-27", status: domain.SessionPreparing},
	{body: "EX", number: 226, title: "226th session of the Executive Board", venue: "Paris", from: "2027-04-07", to: "2027-04-21", deadline: "2027-03-19", status: domain.SessionPlanning},
	{body: "IOC", number: 34, title: "34th session of the IOC Assembly", venue: "Paris", from: "2027-06-22", to: "2027-07-01", deadline: "2027-06-04", status: domain.SessionPlanning},
}

type user struct {
	email, name string
	role        domain.Role
	ministry    string
	note        string
}

var users = []user{
	{email: "admin@plenary.example", name: "관리자 Admin", role: domain.RoleAdmin, note: "administrator"},
	{email: "staff@plenary.example", name: "김서연 Kim Seoyeon", role: domain.RoleStaff, note: "Commission policy staff"},
	{email: "moe@plenary.example", name: "이준호 Lee Junho", role: domain.RoleLiaison, ministry: "MOE", note: "liaison, Ministry of Education"},
	{email: "khs@plenary.example", name: "박지민 Park Jimin", role: domain.RoleLiaison, ministry: "KHS", note: "liaison, Korea Heritage Service"},
	{email: "delegate@plenary.example", name: "최민수 Choi Minsu", role: domain.RoleDelegate, note: "delegate"},
}

// IDs are the ids of what the demo data made so far, by natural key, for each feature's
// part to refer to: bodies and ministries by code, sessions by code ("220 EX"), users by
// e-mail, agenda items as "220 EX/5.I.A".
type IDs struct {
	Bodies     map[string]int64
	Ministries map[string]int64
	Sessions   map[string]int64
	Users      map[string]int64
	Items      map[string]int64
}

// features are the parts of the demo data that features add, run in this order after the
// sessions and agendas. Each feature adds its own function here.
var features = []func(ctx context.Context, s *store.Store, ids *IDs) error{
	seedConsultations, // consultations
	seedBriefs,        // briefs
	seedDelegations,   // delegations
	seedFiles,         // files
}

// Demo loads the demo data into an empty database, in one transaction. The accounts share
// password; when it is empty a random one is made, to be shown once.
func Demo(ctx context.Context, s *store.Store, password string) (*Accounts, error) {
	if password == "" {
		p, err := RandomPassword()
		if err != nil {
			return nil, err
		}
		password = p
	}
	var accounts *Accounts
	err := s.InTx(ctx, func(s *store.Store) error {
		var err error
		accounts, err = demo(ctx, s, password)
		return err
	})
	return accounts, err
}

func demo(ctx context.Context, s *store.Store, password string) (*Accounts, error) {
	bodyIDs := map[string]int64{}
	for _, in := range bodies {
		b, err := s.CreateBody(ctx, actor, in)
		if err != nil {
			return nil, fmt.Errorf("seed: body %s: %w", in.Code, err)
		}
		bodyIDs[b.Code] = b.ID
	}
	ministryIDs := map[string]int64{}
	for _, m := range ministries {
		got, err := s.CreateMinistry(ctx, actor, m.in)
		if err != nil {
			return nil, fmt.Errorf("seed: ministry %s: %w", m.in.Code, err)
		}
		ministryIDs[got.Code] = got.ID
		for _, f := range m.former {
			f.MinistryID = got.ID
			if err := s.AddFormerName(ctx, actor, f); err != nil {
				return nil, fmt.Errorf("seed: former name of %s: %w", m.in.Code, err)
			}
		}
	}
	sessionIDs := map[string]int64{}
	for _, ss := range sessions {
		deadline := day(ss.deadline)
		x := &domain.Session{BodyID: bodyIDs[ss.body], Number: ss.number, TitleEN: ss.title, TitleKO: ss.titleKO, Venue: ss.venue,
			StartsOn: day(ss.from), EndsOn: day(ss.to), BriefDeadline: &deadline, Status: ss.status}
		if err := s.CreateSession(ctx, actor, x); err != nil {
			return nil, fmt.Errorf("seed: session %d %s: %w", ss.number, ss.body, err)
		}
		sessionIDs[x.Code] = x.ID
	}
	d := &Accounts{Password: password}
	userIDs := map[string]int64{}
	for _, u := range users {
		in := domain.UserInput{Email: u.email, Name: u.name, Role: string(u.role), Password: password}
		if u.ministry != "" {
			in.MinistryID = ministryIDs[u.ministry]
		}
		created, err := s.CreateUser(ctx, actor, in)
		if err != nil {
			return nil, fmt.Errorf("seed: user %s: %w", u.email, err)
		}
		userIDs[u.email] = created.ID
		d.Logins = append(d.Logins, Login{Email: u.email, Role: u.role, Note: u.note})
	}
	ids := &IDs{Bodies: bodyIDs, Ministries: ministryIDs, Sessions: sessionIDs, Users: userIDs, Items: map[string]int64{}}
	if err := seedAgendas(ctx, s, ids); err != nil {
		return nil, err
	}
	for _, f := range features {
		if err := f(ctx, s, ids); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// RandomPassword returns 16 characters from an alphabet without look-alikes.
func RandomPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("seed: random password: %w", err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b), nil
}
