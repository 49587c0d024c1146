package seed

import (
	"context"
	"fmt"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/store"
)

// item is one demo agenda item; prev names the same item in an earlier session
// ("220 EX/5.I.A") to show the carry-forward chain.
type item struct {
	number, en, ko, docs, commission, sector, lead string
	priority                                       domain.Priority
	status                                         domain.ItemStatus
	decision, outcome, prev                        string
}

// agendas are realistic, shortened agendas of the demo sessions.
var agendas = map[string][]item{
	"220 EX": {
		{number: "1", en: "Adoption of the agenda", ko: "의제 채택", docs: "220 EX/1 Prov.", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemDecided, decision: "220 EX/Dec.1", outcome: "Agenda adopted as amended."},
		{number: "2", en: "Approval of the summary records of the 219th session", ko: "제219차 회의 요약 기록 승인", docs: "220 EX/SR.1-9", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemDecided, decision: "220 EX/Dec.2"},
		{number: "3", en: "Report by the Director-General on the execution of the programme adopted by the General Conference", ko: "총회 채택 사업 집행에 관한 사무총장 보고", docs: "220 EX/3", commission: "PX", sector: "BSP", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemDecided, decision: "220 EX/Dec.3", outcome: "The Board took note of the report and requested a results-based update at its 221st session."},
		{number: "5.I.A", en: "Implementation of the Recommendation on the Ethics of Artificial Intelligence", ko: "인공지능 윤리에 관한 권고 이행", docs: "220 EX/5.I.A", commission: "PX", sector: "SHS", lead: "MSIT", priority: domain.PriorityHigh, status: domain.ItemDecided, decision: "220 EX/Dec.5.I.A", outcome: "Welcomed the readiness assessments completed in 60 Member States; invited further voluntary contributions."},
		{number: "5.I.B", en: "Global Convention on the Recognition of Qualifications concerning Higher Education", ko: "고등교육 자격 인정에 관한 세계 협약", docs: "220 EX/5.I.B", commission: "PX", sector: "ED", lead: "MOE", priority: domain.PriorityNormal, status: domain.ItemDecided, decision: "220 EX/Dec.5.I.B"},
		{number: "5.I.C", en: "United Nations Decade of Ocean Science for Sustainable Development", ko: "지속가능발전을 위한 유엔 해양과학 10년", docs: "220 EX/5.I.C", commission: "PX", sector: "SC", lead: "MOF", priority: domain.PriorityNormal, status: domain.ItemDecided, decision: "220 EX/Dec.5.I.C"},
		{number: "5.II.A", en: "Human resources management: annual report", ko: "인적자원 관리 연례 보고", docs: "220 EX/5.II.A", commission: "FA", sector: "HRM", lead: "MOFA", priority: domain.PriorityNormal, status: domain.ItemDecided, decision: "220 EX/Dec.5.II.A"},
		{number: "10", en: "Preliminary proposals by the Director-General concerning the Draft Programme and Budget for 2026-2029 (43 C/5)", ko: "2026-2029 사업 및 예산안(43 C/5)에 관한 사무총장 예비 제안", docs: "220 EX/10; 220 EX/10.INF", commission: "PX", sector: "BSP", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemDecided, decision: "220 EX/Dec.10"},
		{number: "16.IX", en: "Education for sustainable development: progress report", ko: "지속가능발전교육 경과 보고", docs: "220 EX/16.IX", commission: "PX", sector: "ED", lead: "MOE", priority: domain.PriorityNormal, status: domain.ItemDecided},
		{number: "16.XV", en: "Management of the World Heritage Fund", ko: "세계유산기금 관리", docs: "220 EX/16.XV", commission: "FA", sector: "CLT", lead: "KHS", priority: domain.PriorityNormal, status: domain.ItemDecided},
		{number: "32", en: "Proposal for the celebration of anniversaries with which UNESCO could be associated in 2026-2027", ko: "2026-2027년 유네스코가 함께할 기념일 제안", docs: "220 EX/32", commission: "PX", sector: "CLT", lead: "MCST", priority: domain.PriorityLow, status: domain.ItemDecided},
	},
	"43 C": {
		{number: "1", en: "Opening of the session by the Head of the delegation of the outgoing President", ko: "전임 의장국 대표단장의 회기 개회", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemDecided},
		{number: "2.1", en: "Establishment of the Credentials Committee", ko: "신임장위원회 구성", docs: "43 C/2", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemDecided},
		{number: "3.2", en: "Election of the President and Vice-Presidents of the General Conference", ko: "총회 의장 및 부의장 선출", docs: "43 C/NOM/1", commission: "Plenary", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemDecided},
		{number: "4.2", en: "Draft Programme and Budget for 2026-2029", ko: "2026-2029 사업 및 예산안", docs: "43 C/5", commission: "PRX", sector: "BSP", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemDecided, decision: "43 C/Res.4.2"},
		{number: "5.1", en: "Education sector: programme and budget resolutions", ko: "교육 분야 사업 및 예산 결의", docs: "43 C/5 Vol. 2", commission: "ED", sector: "ED", lead: "MOE", priority: domain.PriorityHigh, status: domain.ItemDecided},
		{number: "5.2", en: "Natural sciences sector: programme and budget resolutions", ko: "자연과학 분야 사업 및 예산 결의", docs: "43 C/5 Vol. 2", commission: "SC", sector: "SC", lead: "MSIT", priority: domain.PriorityNormal, status: domain.ItemDecided},
		{number: "5.4", en: "Culture sector: programme and budget resolutions", ko: "문화 분야 사업 및 예산 결의", docs: "43 C/5 Vol. 2", commission: "CLT", sector: "CLT", lead: "MCST", priority: domain.PriorityNormal, status: domain.ItemDecided},
		{number: "12", en: "Election of members of the Executive Board", ko: "집행이사국 선출", docs: "43 C/NOM/4", commission: "Plenary", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemDecided},
	},
	"48 WHC": {
		{number: "7A", en: "State of conservation of properties inscribed on the List of World Heritage in Danger", ko: "위험에 처한 세계유산 목록 등재 유산의 보존 상태", docs: "WHC/26/48.COM/7A", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityNormal, status: domain.ItemDecided},
		{number: "7B", en: "State of conservation of properties inscribed on the World Heritage List", ko: "세계유산 목록 등재 유산의 보존 상태", docs: "WHC/26/48.COM/7B", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityHigh, status: domain.ItemDecided},
		{number: "8B", en: "Nominations to the World Heritage List", ko: "세계유산 목록 등재 신청", docs: "WHC/26/48.COM/8B; WHC/26/48.COM/INF.8B1", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityHigh, status: domain.ItemDecided},
		{number: "12", en: "Global Strategy for a representative, balanced and credible World Heritage List", ko: "대표성·균형성·신뢰성 있는 세계유산 목록을 위한 글로벌 전략", docs: "WHC/26/48.COM/12", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityNormal, status: domain.ItemDecided},
	},
	"21 ICH": {
		{number: "2", en: "Adoption of the agenda", ko: "의제 채택", docs: "LHE/26/21.COM/2", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemReady},
		{number: "7.A", en: "Examination of the reports of States Parties on the implementation of the Convention", ko: "협약 이행에 관한 당사국 보고서 심사", docs: "LHE/26/21.COM/7.a", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityNormal, status: domain.ItemInProgress},
		{number: "8", en: "Report of the Evaluation Body on its work in 2026", ko: "2026년 평가기구 활동 보고", docs: "LHE/26/21.COM/8", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityHigh, status: domain.ItemInProgress},
		{number: "8.B", en: "Examination of nominations for inscription on the Representative List of the Intangible Cultural Heritage of Humanity", ko: "인류무형문화유산 대표목록 등재 신청 심사", docs: "LHE/26/21.COM/8.b", commission: "Plenary", sector: "CLT", lead: "KHS", priority: domain.PriorityHigh, status: domain.ItemNew},
		{number: "14", en: "Intangible cultural heritage and education", ko: "무형유산과 교육", docs: "LHE/26/21.COM/14", commission: "Plenary", sector: "CLT", lead: "MOE", priority: domain.PriorityNormal, status: domain.ItemNew},
	},
	"226 EX": {
		{number: "1", en: "Adoption of the agenda", ko: "의제 채택", docs: "226 EX/1 Prov.", commission: "Plenary", priority: domain.PriorityLow, status: domain.ItemNew, prev: "220 EX/1"},
		{number: "3", en: "Report by the Director-General on the execution of the programme adopted by the General Conference", ko: "총회 채택 사업 집행에 관한 사무총장 보고", docs: "226 EX/3", commission: "PX", sector: "BSP", lead: "MOFA", priority: domain.PriorityHigh, status: domain.ItemInProgress, prev: "220 EX/3"},
		{number: "5.I.A", en: "Implementation of the Recommendation on the Ethics of Artificial Intelligence", ko: "인공지능 윤리에 관한 권고 이행", docs: "226 EX/5.I.A", commission: "PX", sector: "SHS", lead: "MSIT", priority: domain.PriorityHigh, status: domain.ItemInProgress, prev: "220 EX/5.I.A"},
		{number: "5.I.B", en: "Global Convention on the Recognition of Qualifications concerning Higher Education", ko: "고등교육 자격 인정에 관한 세계 협약", docs: "226 EX/5.I.B", commission: "PX", sector: "ED", lead: "MOE", priority: domain.PriorityNormal, status: domain.ItemNew},
		{number: "5.I.C", en: "Futures of Education: follow-up to the Transforming Education Summit", ko: "교육의 미래: 교육변혁정상회의 후속 조치", docs: "226 EX/5.I.C", commission: "PX", sector: "ED", lead: "MOE", priority: domain.PriorityHigh, status: domain.ItemNew},
		{number: "5.II.A", en: "Human resources management: annual report", ko: "인적자원 관리 연례 보고", docs: "226 EX/5.II.A", commission: "FA", sector: "HRM", lead: "MOFA", priority: domain.PriorityNormal, status: domain.ItemNew},
		{number: "9", en: "Ocean literacy and the UN Ocean Decade", ko: "해양 리터러시와 유엔 해양과학 10년", docs: "226 EX/9", commission: "PX", sector: "SC", lead: "MOF", priority: domain.PriorityNormal, status: domain.ItemNew},
		{number: "16.XIX", en: "Climate change education: report on the Greening Education Partnership", ko: "기후변화 교육: 녹색교육 파트너십 보고", docs: "226 EX/16.XIX", commission: "PX", sector: "ED", lead: "MCEE", priority: domain.PriorityNormal, status: domain.ItemNew},
		{number: "16.XL", en: "Gender equality: implementation of the Gender Equality Action Plan", ko: "성평등 실행계획 이행", docs: "226 EX/16.XL", commission: "PX", sector: "GE", lead: "MOGEF", priority: domain.PriorityLow, status: domain.ItemNew},
	},
}

// agendaOrder is the order in which agendas are loaded: earlier sessions first, so that
// later items can link to them.
var agendaOrder = []string{"220 EX", "43 C", "48 WHC", "21 ICH", "226 EX"}

func seedAgendas(ctx context.Context, s *store.Store, ids *IDs) error {
	sessionIDs, ministryIDs, itemIDs := ids.Sessions, ids.Ministries, ids.Items
	focal := ids.Users["staff@plenary.example"]
	for _, code := range agendaOrder {
		for _, it := range agendas[code] {
			in := domain.AgendaItemInput{Number: it.number, TitleEN: it.en, TitleKO: it.ko, Documents: it.docs,
				Commission: it.commission, Sector: it.sector, LeadMinistryID: ministryIDs[it.lead],
				Priority: string(it.priority), Status: string(it.status), DecisionRef: it.decision, OutcomeSummary: it.outcome}
			if it.lead != "" && it.priority != domain.PriorityLow {
				in.FocalPointID = focal
			}
			created, err := s.CreateAgendaItem(ctx, actor, sessionIDs[code], in)
			if err != nil {
				return fmt.Errorf("seed: item %s %s: %w", code, it.number, err)
			}
			itemIDs[code+"/"+it.number] = created.ID
			if it.prev != "" {
				if err := s.LinkPrevious(ctx, actor, created.ID, itemIDs[it.prev], created.Version); err != nil {
					return fmt.Errorf("seed: link %s %s: %w", code, it.number, err)
				}
			}
		}
	}
	return nil
}
