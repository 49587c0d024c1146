package seed

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// The demo's consultations show every state a newcomer meets: closed requests of past
// sessions, answered ones, one sent back with a comment, one withdrawn, open ones due
// today, this week, later and overdue, requests sent by e-mail before Plenary and
// recorded since, an answer given by the ministry's file alone, answers typed in
// Plenary and answers that came in a returned tracker. Dates of the sessions under way
// count from the day the demo is loaded, so that "overdue" means the same on any day;
// those of past sessions are as they were.

// demoStep is something that happens to one ministry's request after it is asked.
type demoStep struct {
	on     string // the day: "2024-09-18", or days from today: "-3", "+4"
	by     string // the e-mail of who does it
	act    domain.ConsultationAction
	text   string // the answer, or the comment of a send-back
	due    string // the new due date of a send-back
	byFile bool   // an answer that comes in a returned tracker
	// attachment names the file a ministry answers with alone, without typed text.
	attachment string
}

// demoRequest is one request to one or several ministries, and what followed for each.
type demoRequest struct {
	item       string // "21 ICH/8.B"
	ministries []string
	asked, due string
	// recorded is the day staff recorded a request the Commission had sent by e-mail on
	// asked, before it used Plenary; "" for a request sent from Plenary.
	recorded string
	question string
	steps    map[string][]demoStep // by ministry code
}

const (
	demoStaff = "staff@plenary.example"
	demoMOE   = "moe@plenary.example"
	demoKHS   = "khs@plenary.example"
)

var demoRequests = []demoRequest{
	// 220 EX (October 2024): closed, one answered late, one from a tracker.
	{item: "220 EX/5.I.B", ministries: []string{"MOE"}, asked: "2024-09-02", due: "2024-09-20",
		question: "세계 고등교육 자격 인정 협약 비준 추진 현황과 집행이사회 결정문 초안에 대한 교육부 입장을 알려 주십시오.",
		steps: map[string][]demoStep{"MOE": {
			{on: "2024-09-18", by: demoMOE, act: domain.ConsultAnswer, text: "교육부는 협약 비준을 위한 국내 절차를 진행 중이며, 결정문 초안의 이행 보고 주기(2년)에 동의합니다. 다만 아시아·태평양 지역협약과의 연계 문구를 추가할 것을 제안합니다."},
			{on: "2024-09-23", by: demoStaff, act: domain.ConsultClose},
		}}},
	{item: "220 EX/5.I.A", ministries: []string{"MSIT"}, asked: "2024-09-02", due: "2024-09-20",
		question: "AI 윤리 권고 이행 준비도 평가(RAM) 참여 계획과 발언 요지에 대한 의견을 요청드립니다.",
		steps: map[string][]demoStep{"MSIT": {
			{on: "2024-09-19", by: demoStaff, act: domain.ConsultAnswerFile, byFile: true, text: "과기정통부는 2025년 RAM 참여를 검토 중이며, 발언에서 디지털 권리장전과 국제 협력 사업(AI 윤리 역량 강화)을 소개할 것을 제안합니다."},
			{on: "2024-09-24", by: demoStaff, act: domain.ConsultClose},
		}}},
	{item: "220 EX/16.XV", ministries: []string{"KHS"}, asked: "2024-09-05", due: "2024-09-25",
		question: "Please confirm the Republic of Korea's contribution to the World Heritage Fund for 2024-2025 and any comments on the draft decision.",
		steps: map[string][]demoStep{"KHS": {
			{on: "2024-09-26", by: demoKHS, act: domain.ConsultAnswer, text: "The contribution for 2024-2025 is budgeted at the assessed rate. No objection to the draft decision; we support the proposal to strengthen the Fund's reserve."},
			{on: "2024-09-27", by: demoStaff, act: domain.ConsultClose},
		}}},
	// 48 WHC (July 2026): an answer sent back once, then accepted.
	{item: "48 WHC/8B", ministries: []string{"KHS", "MCST"}, asked: "2026-06-01", due: "2026-06-19",
		question: "등재 신청 유산에 대한 자문기구 권고(보류)에 대응할 발언 요지와 추가 제출 자료를 정리해 주십시오.",
		steps: map[string][]demoStep{
			"KHS": {
				{on: "2026-06-15", by: demoKHS, act: domain.ConsultAnswer, text: "자문기구 권고에 대해 유산의 진정성을 보완 설명하는 발언을 준비했습니다. 추가 자료는 6월 말까지 제출 예정입니다."},
				{on: "2026-06-17", by: demoStaff, act: domain.ConsultSendBack, due: "2026-06-26", text: "완충구역 관리계획의 이행 일정과 지역 공동체 참여 내용을 보완해 주십시오."},
				{on: "2026-06-24", by: demoKHS, act: domain.ConsultAnswer, text: "완충구역 관리계획은 2026년 12월 고시 예정이며, 지역 공동체 협의회를 세 차례 개최했습니다. 발언 요지에 이 내용을 반영했습니다."},
				{on: "2026-06-29", by: demoStaff, act: domain.ConsultClose},
			},
			"MCST": {
				{on: "2026-06-18", by: demoStaff, act: domain.ConsultAnswerFile, byFile: true, text: "문화체육관광부는 관광 수요 관리 방안(방문객 총량제 검토)을 추가 자료에 포함할 것을 제안합니다."},
				{on: "2026-06-22", by: demoStaff, act: domain.ConsultClose},
			},
		}},
	// 21 ICH (December 2026, being prepared).
	{item: "21 ICH/8.B", ministries: []string{"KHS", "MCST"}, asked: "-20", due: "-6",
		question: "대표목록 등재 신청서에 대한 평가기구 권고와 위원회 발언 방향에 대한 의견을 주십시오.",
		steps: map[string][]demoStep{"KHS": {
			{on: "-7", by: demoKHS, act: domain.ConsultAnswer, text: "평가기구의 '등재' 권고를 환영하며, 발언에서는 공동체 참여와 전승 활동을 강조할 것을 제안합니다."},
		}}},
	// Sent by e-mail before Plenary and recorded since: one due today, one past due.
	{item: "21 ICH/7.A", ministries: []string{"MCST"}, asked: "-12", due: "+0", recorded: "-1",
		question: "정기보고 결정문 초안 중 무형유산 관광 활용 관련 문단에 대한 문화체육관광부 의견을 알려 주십시오."},
	{item: "21 ICH/14", ministries: []string{"MCST"}, asked: "-25", due: "-4", recorded: "-2",
		question: "Please send examples of intangible heritage in cultural education programmes, as asked in our e-mail of last month."},
	{item: "21 ICH/7.A", ministries: []string{"KHS"}, asked: "-10", due: "+5",
		question: "협약 이행 정기보고 주기와 관련한 결정문 초안에 수정 의견이 있는지 알려 주십시오."},
	{item: "21 ICH/8", ministries: []string{"KHS"}, asked: "-15", due: "-2",
		question: "평가기구 활동 보고서 중 평가 절차 개선안(2단계 심사)에 대한 국가유산청 의견을 요청드립니다.",
		steps: map[string][]demoStep{"KHS": {
			{on: "-5", by: demoKHS, act: domain.ConsultAnswer, text: "2단계 심사 도입에 원칙적으로 찬성합니다."},
			{on: "-3", by: demoStaff, act: domain.ConsultSendBack, due: "+4", text: "찬성 이유와 함께, 심사 기간이 늘어날 때 신청국 부담을 줄일 방안에 대한 의견을 추가해 주십시오."},
		}}},
	{item: "21 ICH/14", ministries: []string{"MOE"}, asked: "-15", due: "-2",
		question: "무형유산과 교육 의제와 관련해 학교 교육과정 연계 사례와 향후 협력 계획을 알려 주십시오."},
	// 226 EX (April 2027, being planned).
	{item: "226 EX/5.I.C", ministries: []string{"MOE"}, asked: "-3", due: "+18",
		question: "교육변혁정상회의 후속 조치 이행 현황과 집행이사회 발언 요지(초안)를 보내 주십시오."},
	{item: "226 EX/5.I.A", ministries: []string{"MSIT", "MOE"}, asked: "-8", due: "+10",
		question: "Please send your comments on the draft decision on the Recommendation on the Ethics of AI, in particular its paragraphs on AI in education.",
		steps: map[string][]demoStep{"MOE": {
			{on: "-1", by: demoMOE, act: domain.ConsultAnswer, text: "MOE supports the draft decision. We suggest a reference to the guidance on generative AI in education and research, and can share the national AI digital textbook evaluation."},
		}}},
	{item: "226 EX/16.XIX", ministries: []string{"MCEE", "MOE"}, asked: "-12", due: "-3",
		question: "녹색교육 파트너십 보고서에 대한 의견과 한국의 기후변화 교육 사례를 알려 주십시오.",
		steps: map[string][]demoStep{"MOE": {
			{on: "-4", by: demoMOE, act: domain.ConsultAnswer, attachment: "교육부 회신 - 226 EX 16.XIX (생태전환교육 사례).pdf"},
		}}},
	{item: "226 EX/9", ministries: []string{"MOF", "MOE"}, asked: "-9", due: "+7",
		question: "해양 리터러시 보고서에 대한 의견과 유엔 해양과학 10년 국내 사업 현황을 알려 주십시오.",
		steps: map[string][]demoStep{
			"MOE": {{on: "-6", by: demoStaff, act: domain.ConsultWithdraw}},
			"MOF": {{on: "-2", by: demoStaff, act: domain.ConsultAnswerFile, byFile: true, text: "해양수산부는 해양교육 종합계획(2026-2030)과 해양 10년 협력센터 유치 추진 현황을 발언에 포함할 것을 제안합니다."}},
		}},
	{item: "226 EX/3", ministries: []string{"MOFA"}, asked: "-5", due: "+9",
		question: "사무총장 사업 집행 보고서 중 예산 및 개혁 과제에 대한 외교부 입장을 알려 주십시오.",
		steps: map[string][]demoStep{"MOFA": {
			{on: "-1", by: demoStaff, act: domain.ConsultAnswerFile, byFile: true, text: "외교부는 결과 중심 보고 강화와 특별계정 투명성 제고를 지지합니다."},
		}}},
	{item: "226 EX/16.XL", ministries: []string{"MOE"}, asked: "-4", due: "+3",
		question: "성평등 실행계획 중 교육 분야 이행 사례(교원 연수, 교육과정)를 알려 주십시오."},
	{item: "226 EX/16.XL", ministries: []string{"MOGEF"}, asked: "-2", due: "+12",
		question: "성평등 실행계획 이행 보고서에 대한 의견을 요청드립니다."},
}

// seedConsultations asks the ministries of demoRequests and plays what followed, each
// step at its own time on a clock set back to it.
func seedConsultations(ctx context.Context, s *store.Store, ids *IDs) error {
	today := domain.Today(s.Now(), time.UTC)
	at := func(on string, hour int) (*store.Store, error) {
		d, err := demoDay(on, today)
		if err != nil {
			return nil, err
		}
		t := d.Add(time.Duration(hour) * time.Hour)
		return s.WithClock(func() time.Time { return t }), nil
	}
	for _, r := range demoRequests {
		due, err := demoDay(r.due, today)
		if err != nil {
			return err
		}
		in := domain.ConsultationRequest{Question: r.question, DueOn: due.Format(time.DateOnly)}
		for _, code := range r.ministries {
			in.MinistryIDs = append(in.MinistryIDs, ids.Ministries[code])
		}
		asked, err := at(r.asked, 1)
		if err != nil {
			return err
		}
		if r.recorded != "" {
			day, err := demoDay(r.asked, today)
			if err != nil {
				return err
			}
			in.AlreadySent, in.AskedOn, in.PastDue = true, day.Format(time.DateOnly), true
			if asked, err = at(r.recorded, 1); err != nil {
				return err
			}
		}
		cs, err := asked.OpenConsultations(ctx, demoActor(ids, demoStaff), time.UTC, ids.Items[r.item], in)
		if err != nil {
			return fmt.Errorf("seed: consultation on %s: %w", r.item, err)
		}
		for i, code := range r.ministries {
			for _, st := range r.steps[code] {
				clock, err := at(st.on, 2)
				if err != nil {
					return err
				}
				if err := demoTake(ctx, clock, ids, cs[i].ID, ids.Ministries[code], st, today); err != nil {
					return fmt.Errorf("seed: %s of %s on %s: %w", st.act, code, r.item, err)
				}
			}
		}
	}
	return nil
}

// demoTake takes one step on a consultation, as the demo user st.by.
func demoTake(ctx context.Context, s *store.Store, ids *IDs, id, ministryID int64, st demoStep, today time.Time) error {
	a := demoActor(ids, st.by)
	c, err := s.Consultation(ctx, domain.Scope{All: true}, time.UTC, id)
	if err != nil {
		return err
	}
	switch st.act {
	case domain.ConsultAnswer:
		if st.attachment != "" {
			_, err := s.AnswerWithFile(ctx, a, id, c.Version, st.attachment, bytes.NewReader(MinimalPDF("Answer of the Ministry of Education")), 1<<20)
			return err
		}
		return s.AnswerConsultation(ctx, a, id, domain.ConsultationAnswer{Answer: st.text, Version: c.Version})
	case domain.ConsultAnswerFile:
		// As it happens: the tracker comes back with the answer, is checked and confirmed.
		sc := domain.Scope{All: true}
		if a.User.Role == domain.RoleLiaison {
			sc = domain.Scope{MinistryID: ministryID}
		}
		line := domain.TrackerLine{Line: 2, ID: strconv.FormatInt(id, 10), Version: strconv.Itoa(c.Version), Answer: st.text}
		chk, err := s.CheckTracker(ctx, sc, time.UTC, ministryID, "tracker.xlsx", []domain.TrackerLine{line})
		if err != nil {
			return err
		}
		if chk.Record != 1 {
			return fmt.Errorf("tracker row refused: %+v", chk.Rows)
		}
		token, err := s.SaveTrackerUpload(ctx, a.User.ID, ministryID, chk)
		if err != nil {
			return err
		}
		_, err = s.ConfirmTrackerUpload(ctx, a, sc, token)
		return err
	case domain.ConsultClose:
		return s.CloseConsultation(ctx, a, id, c.Version)
	case domain.ConsultWithdraw:
		return s.WithdrawConsultation(ctx, a, id, c.Version)
	case domain.ConsultSendBack:
		due, err := demoDay(st.due, today)
		if err != nil {
			return err
		}
		return s.SendBackConsultation(ctx, a, time.UTC, id,
			domain.ConsultationSendBack{Comment: st.text, DueOn: due.Format(time.DateOnly), Version: c.Version})
	}
	return fmt.Errorf("unknown step %q", st.act)
}

// demoActor is a demo user as the author of a step, for the audit log.
func demoActor(ids *IDs, email string) domain.Actor {
	u := &domain.User{ID: ids.Users[email], Email: email}
	for _, x := range users {
		if x.email == email {
			u.Role = x.role
			if x.ministry != "" {
				m := ids.Ministries[x.ministry]
				u.MinistryID = &m
			}
		}
	}
	return domain.Actor{User: u, Label: "seed"}
}

// demoDay reads a day of the demo: a date, or a number of days from today.
func demoDay(s string, today time.Time) (time.Time, error) {
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		n, err := strconv.Atoi(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("seed: day %q: %w", s, err)
		}
		return today.AddDate(0, 0, n), nil
	}
	return time.Parse(time.DateOnly, s)
}
