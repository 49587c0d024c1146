package seed

import (
	"fmt"
	"slices"

	"github.com/kncu/plenary/internal/domain"
)

// The demo's positions: what the Commission wrote, the ministries said and staff decided
// on each item, as seedBriefs walks them through the workflow.

const byLetter = "The lead ministry's concurrence arrived by official letter; it has no liaison in Plenary."

func seedEarlierPositions(b *briefSeeder) error {
	finals := []struct {
		item    string
		days    [4]string
		p       position
		verdict domain.Verdict
		comment string
	}{
		{"220 EX/3", [4]string{"2024-09-10", "2024-09-12", "2024-09-19", "2024-09-26"}, position{
			stance:     domain.StanceSupport,
			ko:         "사무총장의 사업 집행 보고를 주목하고, 제221차 회의에서 성과 중심의 후속 보고를 요청하는 결정안을 지지함.",
			en:         "Take note of the Director-General's report and support the request for a results-based update at the 221st session.",
			background: "The report covers the first year of the 42 C/5. Several Member States have asked for clearer results indicators.",
			points:     "- Welcome the progress on the priority Africa and gender equality.\n- Ask for results indicators that can be compared across sectors.",
			ivKO:       "감사합니다, 의장님. 대한민국은 사무총장의 보고를 환영하며, 성과 지표의 비교 가능성을 높이는 노력을 지지합니다.",
			ivEN:       "Thank you, Chair. The Republic of Korea welcomes the report and supports efforts to make results indicators comparable across sectors.",
		}, "", ""},
		{"220 EX/5.I.A", [4]string{"2024-09-09", "2024-09-11", "2024-09-18", "2024-09-25"}, position{
			stance:     domain.StanceSupportWithAmendments,
			ko:         "인공지능 윤리 권고 이행 결정안을 지지하되, 준비도 평가 결과를 글로벌 관측소를 통해 공유하도록 권고하는 수정안을 제안함.",
			en:         "Support the draft decision on the Recommendation on the Ethics of AI, proposing an amendment that invites Member States to share their readiness assessments through the Global Observatory.",
			background: "Korea completed its Readiness Assessment Methodology (RAM) in 2024 and hosts a regional workshop in 2025.",
			points:     "1. Welcome the 60 completed readiness assessments.\n2. Propose the Global Observatory amendment.\n3. Announce the 2025 regional workshop in Seoul.",
			bgKO:       "우리나라는 2024년 인공지능 준비도 평가(RAM)를 완료했으며, 2025년 지역 워크숍을 개최함.",
			ptKO:       "1. 준비도 평가를 완료한 60개국의 성과를 환영함.\n2. 글로벌 관측소 관련 수정안을 제안함.\n3. 2025년 서울 지역 워크숍 개최를 알림.",
			ivKO:       "대한민국은 준비도 평가를 완료한 60개 회원국과 함께 그 결과를 글로벌 관측소를 통해 공유할 것을 제안합니다.",
			ivEN:       "Korea proposes that the readiness assessments be shared through the Global Observatory, and invites Member States to the regional workshop in Seoul in 2025.",
		}, "", ""},
		{"220 EX/5.I.B", [4]string{"2024-09-09", "2024-09-11", "2024-09-13", "2024-09-20"}, position{
			stance: domain.StanceSupport,
			ko:     "고등교육 자격 인정에 관한 세계 협약의 비준 확대를 위한 결정안을 지지함.",
			en:     "Support the draft decision encouraging further ratifications of the Global Convention on higher education qualifications.",
			points: "- Korea ratified the Global Convention in 2022.\n- Offer to share the national information centre's experience.",
			ivEN:   "Korea supports the draft decision and is ready to share the experience of its national information centre.",
		}, domain.VerdictConcur, ""},
		{"220 EX/16.XV", [4]string{"2024-09-05", "2024-09-06", "2024-09-12", "2024-09-20"}, position{
			stance: domain.StanceMonitor,
			ko:     "세계유산기금의 재정 상황을 주시하고, 분담금 납부 현황에 관한 추가 정보를 요청함.",
			en:     "Monitor the World Heritage Fund's finances and ask for further information on outstanding contributions.",
			ivKO:   "대한민국은 기금의 지속가능성을 위해 분담금 납부 현황에 관한 정기적인 정보 공유를 요청합니다.",
		}, domain.VerdictConcurWithComments, "분담금 미납 현황 자료를 배경에 추가해 주시기 바랍니다."},
		{"48 WHC/8B", [4]string{"2026-06-08", "2026-06-10", "2026-06-15", "2026-06-26"}, position{
			stance:     domain.StanceSupport,
			ko:         "자문기구 권고를 존중하되, 아시아·태평양 지역의 등재 신청에 대한 균형 있는 논의를 지지함.",
			en:         "Respect the Advisory Bodies' recommendations while supporting a balanced discussion of nominations from Asia and the Pacific.",
			background: "As host of the 48th session in Busan, Korea chairs the session and speaks on nominations only where it is not itself concerned.",
			ivEN:       "As Chair's country, Korea will not take the floor on individual nominations.",
		}, domain.VerdictConcur, ""},
		{"48 WHC/7B", [4]string{"2026-06-08", "2026-06-10", "2026-06-16", "2026-06-26"}, position{
			stance: domain.StanceNeutral,
			ko:     "개별 유산 보존 상태 결정안에 대해 컨센서스를 따름.",
			en:     "Follow the consensus on the decisions on the state of conservation of individual properties.",
		}, domain.VerdictConcur, ""},
	}
	for _, f := range finals {
		if err := b.final(f.days, f.item, f.p, f.verdict, f.comment, byLetter); err != nil {
			return fmt.Errorf("%s: %w", f.item, err)
		}
	}
	return nil
}

func seedICHBriefs(b *briefSeeder) error {
	moe, khs := b.ids.Ministries["MOE"], b.ids.Ministries["KHS"]
	// Final: the nominations the Committee examines, Korea's own among them.
	if err := b.final([4]string{"2026-11-02", "2026-11-05", "2026-11-12", "2026-11-20"}, "21 ICH/8.B", position{
		stance:     domain.StanceSupport,
		ko:         "평가기구 권고에 따른 등재 결정을 지지하고, 우리나라 신청 유산 '한국의 장 담그기 전통'의 등재 권고를 환영함.",
		en:         "Support the inscriptions the Evaluation Body recommends, and welcome the recommendation to inscribe Korea's nomination.",
		background: "The Evaluation Body recommends inscription of 45 of 58 files. Korea's file is among those recommended.",
		points:     "- Thank the Evaluation Body.\n- Do not speak on Korea's own file beyond thanks after the decision.",
		bgKO:       "평가기구는 신청서 58건 중 45건의 등재를 권고했으며, 우리나라 신청서도 권고 대상에 포함됨.",
		ptKO:       "- 평가기구의 노고에 감사를 표함.\n- 우리나라 신청 유산에 대해서는 결정 후 감사 인사 외에 발언하지 않음.",
		ivKO:       "감사합니다, 의장님. 대한민국은 평가기구의 노고에 감사드리며, 권고된 등재 결정을 지지합니다.",
		ivEN:       "Thank you, Chair. Korea thanks the Evaluation Body for its work and supports the inscriptions it recommends.",
	}, domain.VerdictConcur, "", byLetter); err != nil {
		return fmt.Errorf("21 ICH/8.B: %w", err)
	}

	// Approved, waiting to be made final: the periodic reports.
	if err := b.consulted("2026-11-03", "21 ICH/7.A", "MOE", "학교 교육과정 내 무형유산 교육 현황을 알려 주십시오.", "2026-11-13"); err != nil {
		return err
	}
	if err := b.save("2026-11-06", "21 ICH/7.A", position{
		stance: domain.StanceSupport,
		ko:     "당사국 정기보고 심사 결과를 주목하고, 보고 주기 개편 결정안을 지지함.",
		en:     "Take note of the examination of periodic reports and support the draft decision on the revised reporting cycle.",
		points: "- Korea submitted its report in 2025.\n- Support capacity building for reporting in Asia and the Pacific.",
		ivEN:   "Korea supports the revised periodic reporting cycle and will continue to support capacity building in the region.",
	}); err != nil {
		return err
	}
	ms, err := b.submit("2026-11-09", "21 ICH/7.A")
	if err != nil {
		return err
	}
	for _, m := range ms {
		v, comment := domain.VerdictConcur, ""
		if m == moe {
			v, comment = domain.VerdictConcurWithComments, "교육 현황은 2025년 보고서 수치를 그대로 사용해도 좋습니다."
		}
		if err := b.review("2026-11-16", "21 ICH/7.A", m, v, comment); err != nil {
			return err
		}
	}
	if err := b.approve("2026-11-24", "21 ICH/7.A", byLetter); err != nil {
		return err
	}

	// In review, one ministry's verdict given and one awaited.
	if err := b.consulted("2026-11-03", "21 ICH/14", "KHS", "무형유산 교육 관련 국내 사례를 공유해 주십시오.", "2026-11-13"); err != nil {
		return err
	}
	if err := b.save("2026-11-18", "21 ICH/14", position{
		stance:     domain.StanceSupport,
		ko:         "무형유산과 교육의 연계를 강화하는 결정안을 지지하고, 학교 밖 학습에서의 전승 사례를 공유함.",
		en:         "Support the draft decision on linking intangible heritage and education, and share examples of transmission outside school.",
		background: "The item follows up the 2025 study on ICH in formal and non-formal education.",
		ptKO:       "- 결정안을 지지함.\n- 국가유산청의 유산교육 프로그램을 공유함.",
		ivKO:       "대한민국은 무형유산 교육이 학교 안팎에서 함께 이루어져야 한다는 점을 강조합니다.",
	}); err != nil {
		return err
	}
	if ms, err = b.submit("2026-11-20", "21 ICH/14"); err != nil {
		return err
	}
	if slices.Contains(ms, khs) {
		if err := b.review("2026-11-25", "21 ICH/14", khs, domain.VerdictConcur, ""); err != nil {
			return err
		}
	}

	// In review again after a ministry asked for changes: its verdict on the first
	// revision stays in the history, and the second revision awaits every ministry.
	if err := b.consulted("2026-11-03", "21 ICH/8", "MCST", "평가기구 운영 개선에 관한 의견을 주십시오.", "2026-11-13"); err != nil {
		return err
	}
	if err := b.save("2026-11-10", "21 ICH/8", position{
		stance: domain.StanceNeutral,
		ko:     "평가기구 보고를 주목함.",
		en:     "Take note of the report of the Evaluation Body.",
	}); err != nil {
		return err
	}
	if ms, err = b.submit("2026-11-11", "21 ICH/8"); err != nil {
		return err
	}
	if slices.Contains(ms, khs) {
		if err := b.review("2026-11-17", "21 ICH/8", khs, domain.VerdictRequestChanges,
			"평가기구의 심사 부담 문제와 신청서 수 상한 논의에 대한 입장을 추가해 주십시오."); err != nil {
			return err
		}
	}
	return b.save("2026-11-23", "21 ICH/8", position{
		stance: domain.StanceSupportWithAmendments,
		ko:     "평가기구 보고를 주목하고, 심사 부담 완화를 위해 주기당 신청서 수 상한을 유지하는 방안을 지지함.",
		en:     "Take note of the report of the Evaluation Body and support keeping the ceiling on files per cycle to ease its workload.",
		points: "- Keep the ceiling of 60 files per cycle.\n- Support multinational files as a priority.",
		note:   "국가유산청 의견 반영: 심사 부담과 상한 논의 추가",
	})
}

func seedEXBriefs(b *briefSeeder) error {
	// Final: the position on qualifications recognition is unchanged since 220 EX.
	if err := b.final([4]string{"2026-11-09", "2026-11-10", "2026-11-12", "2026-11-16"}, "226 EX/5.I.B", position{
		stance:     domain.StanceSupport,
		ko:         "고등교육 자격 인정에 관한 세계 협약 이행 결정안을 지지함. 제220차 집행이사회 입장과 같음.",
		en:         "Support the draft decision on the implementation of the Global Convention, as at the 220th session.",
		background: "The first session of the Intergovernmental Conference of the Global Convention took place in 2025.",
		points:     "- Welcome the entry into force and the first Intergovernmental Conference.\n- Encourage the recognition of refugees' qualifications.",
		ivKO:       "대한민국은 세계 협약의 이행을 지지하며, 난민의 자격 인정을 위한 노력을 환영합니다.",
		ivEN:       "Korea supports the implementation of the Global Convention and welcomes the work on recognising refugees' qualifications.",
	}, domain.VerdictConcur, "", byLetter); err != nil {
		return fmt.Errorf("226 EX/5.I.B: %w", err)
	}

	// Reopened after it was final: three revisions, an override and a reason on record.
	ai := position{
		stance:     domain.StanceSupportWithAmendments,
		ko:         "인공지능 윤리 권고 이행 결정안을 지지하되, 준비도 평가 결과 공유를 위한 수정안을 다시 제안함.",
		en:         "Support the draft decision on the Recommendation on the Ethics of AI, proposing again that readiness assessments be shared.",
		background: "Korea's amendment at the 220th session was adopted. 75 Member States have now completed a readiness assessment.",
		points:     "1. Welcome the 75 completed readiness assessments.\n2. Propose that the results be shared through the Global Observatory.",
		ivKO:       "대한민국은 준비도 평가 결과의 공유를 다시 한 번 제안합니다.",
		ivEN:       "Korea proposes once more that the readiness assessments be shared through the Global Observatory.",
	}
	if err := b.final([4]string{"2026-11-02", "2026-11-03", "2026-11-05", "2026-11-10"}, "226 EX/5.I.A", ai, domain.VerdictConcur, "", byLetter); err != nil {
		return fmt.Errorf("226 EX/5.I.A: %w", err)
	}
	if err := b.reopen("2026-11-24", "226 EX/5.I.A",
		"과학기술정보통신부가 2026년 글로벌 포럼 결과를 반영해 달라고 요청함. The Ministry of Science and ICT asked to add the results of the 2026 Global Forum."); err != nil {
		return err
	}
	ai.ko = "인공지능 윤리 권고 이행 결정안을 지지하되, 준비도 평가 결과 공유와 2026년 글로벌 포럼 후속 조치를 위한 수정안을 제안함."
	ai.en = "Support the draft decision on the Recommendation on the Ethics of AI, proposing an amendment on sharing readiness assessments and on the follow-up to the 2026 Global Forum."
	ai.points += "\n3. Welcome the outcome of the 2026 Global Forum on the Ethics of AI and ask for a follow-up report."
	ai.note = "2026년 글로벌 포럼 후속 조치 추가"
	if err := b.save("2026-11-26", "226 EX/5.I.A", ai); err != nil {
		return err
	}

	// In review, the Ministry of Education's verdict awaited.
	if err := b.save("2026-11-19", "226 EX/5.I.C", position{
		stance:     domain.StanceSupport,
		ko:         "교육변혁정상회의 후속 조치 결정안을 지지하고, 디지털 교육 전환 경험을 공유함.",
		en:         "Support the draft decision on the follow-up to the Transforming Education Summit and share Korea's experience of digital transformation in education.",
		background: "Korea announced national commitments at the 2022 Summit, including AI digital textbooks.",
		points:     "- Support the draft decision.\n- Report on the AI digital textbook programme and its evaluation.",
		ivKO:       "대한민국은 교육변혁정상회의에서 밝힌 국가 공약의 이행 경험을 공유하고자 합니다.",
		ivEN:       "Korea would like to share its experience in implementing the national commitments it made at the Summit.",
	}); err != nil {
		return err
	}
	if _, err := b.submit("2026-11-25", "226 EX/5.I.C"); err != nil {
		return err
	}

	// Drafts: one revised once, so that its history has something to compare.
	if err := b.save("2026-11-16", "226 EX/3", position{
		stance: domain.StanceSupport,
		ko:     "사무총장의 사업 집행 보고를 주목함.",
		en:     "Take note of the Director-General's report.",
	}); err != nil {
		return err
	}
	if err := b.save("2026-11-25", "226 EX/3", position{
		stance:     domain.StanceSupport,
		ko:         "사무총장의 사업 집행 보고를 주목하고, 성과 지표 개선 노력을 환영함.",
		en:         "Take note of the Director-General's report and welcome the improved results indicators requested at the 220th session.",
		background: "At the 220th session the Board asked for a results-based update; this report is the second since then.",
		points:     "- Welcome the comparable results indicators.\n- Ask for the indicators to be used in the 44 C/5.",
		note:       "제220차 입장과 연계",
	}); err != nil {
		return err
	}
	return b.save("2026-11-20", "226 EX/5.II.A", position{
		stance: domain.StanceMonitor,
		ko:     "인적자원 관리 연례 보고를 주시하고, 지리적 배분 개선 현황을 확인함.",
		en:     "Monitor the annual report on human resources and check progress on geographical distribution.",
	})
}
