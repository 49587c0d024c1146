package worddiff_test

import (
	"strings"
	"testing"

	"github.com/kncu/plenary/internal/worddiff"
)

// show writes chunks as text with [-deleted-] and {+inserted+}, to compare at a glance.
func show(chunks []worddiff.Chunk) string {
	var sb strings.Builder
	for _, c := range chunks {
		switch c.Kind {
		case worddiff.Inserted:
			sb.WriteString("{+" + c.Text + "+}")
		case worddiff.Deleted:
			sb.WriteString("[-" + c.Text + "-]")
		default:
			sb.WriteString(c.Text)
		}
	}
	return sb.String()
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"Same", "Korea supports the draft decision.", "Korea supports the draft decision.",
			"Korea supports the draft decision."},
		{"BothEmpty", "", "", ""},
		{"FromNothing", "", "Support.", "{+Support.+}"},
		{"ToNothing", "Support.", "", "[-Support.-]"},
		{"EnglishWordReplaced", "Korea supports the draft decision.", "Korea welcomes the draft decision.",
			"Korea [-supports-]{+welcomes+} the draft decision."},
		{"EnglishWholeWordsOnly", "the budget ceiling", "the budget cap",
			"the budget [-ceiling-]{+cap+}"},
		{"EnglishWordsAdded", "Support the decision.", "Support the decision as amended by Japan.",
			"Support the decision{+ as amended by Japan+}."},
		{"EnglishPhraseRewritten", "We note the report with appreciation and support it.",
			"We note the report with concern and ask for more.",
			"We note the report with [-appreciation-]{+concern+} and [-support it-]{+ask for more+}."},
		{"LoneSpaceFolded", "the old text", "a new wording",
			"[-the old text-]{+a new wording+}"},
		{"KoreanWordReplaced", "우리나라는 결정문 초안을 지지한다.", "우리나라는 결정문 초안을 환영한다.",
			"우리나라는 결정문 초안을 [-지지한다-]{+환영한다+}."},
		{"KoreanParticleChangesTheWord", "교육부는 동의함", "교육부가 동의함",
			"[-교육부는-]{+교육부가+} 동의함"},
		{"KoreanWordsAdded", "인공지능 윤리 권고 이행을 지지", "인공지능 윤리 권고 이행 점검을 적극 지지",
			"인공지능 윤리 권고 [-이행을-]{+이행 점검을 적극+} 지지"},
		{"Mixed", "AI 윤리 권고(2021) 지지", "AI 윤리 권고(2021) 수정 지지",
			"AI 윤리 권고(2021) {+수정 +}지지"},
		{"LinesKept", "first line\nsecond line", "first line\nsecond row",
			"first line\nsecond [-line-]{+row+}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := worddiff.Diff(tt.from, tt.to)
			if got := show(chunks); got != tt.want {
				t.Errorf("Diff(%q, %q)\n got %s\nwant %s", tt.from, tt.to, got, tt.want)
			}
			var from, to strings.Builder
			for _, c := range chunks {
				if c.Kind != worddiff.Inserted {
					from.WriteString(c.Text)
				}
				if c.Kind != worddiff.Deleted {
					to.WriteString(c.Text)
				}
			}
			if from.String() != tt.from || to.String() != tt.to {
				t.Errorf("the chunks give back %q and %q, want %q and %q", from.String(), to.String(), tt.from, tt.to)
			}
			if got, want := worddiff.Changed(chunks), tt.from != tt.to; got != want {
				t.Errorf("Changed = %v, want %v", got, want)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	got := string(worddiff.HTML(worddiff.Diff(`Support <b>"A"</b> & B`, `Support <i>"A"</i> & C`)))
	want := `Support &lt;<del>b</del><ins>i</ins>&gt;&#34;A&#34;&lt;/<del>b</del><ins>i</ins>&gt; &amp; <del>B</del><ins>C</ins>`
	if got != want {
		t.Errorf("HTML\n got %s\nwant %s", got, want)
	}
}
