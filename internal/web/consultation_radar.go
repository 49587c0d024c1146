package web

import (
	"strconv"

	"github.com/kncu/plenary/internal/domain"
)

// The radar's picture is an SVG of one stacked bar per ministry, drawn by the server:
// the geometry is worked out here and the template only writes the elements, with
// presentation attributes (no style attribute, which the CSP would block). The table
// beside it carries the same numbers for those who do not see the picture.

// Geometry of the chart, in SVG units.
const (
	radarLabelWidth  = 72  // the ministry codes on the left
	radarBarsWidth   = 420 // the longest bar
	radarTotalWidth  = 44  // the total on the right of each bar
	radarLegendRow   = 20  // one line of the legend above the bars
	radarLegendWidth = 3   // entries on a line of the legend
	radarRow         = 28  // one ministry
	radarBarHeight   = 18  // the height of a bar
	radarLegendStep  = 178 // the space of one legend entry
)

// radarKinds are the parts of a bar, in their order, with their colours and the catalogue
// ids of their names: the open ones by how soon they are due (domain.DueBucketOf), then
// the answered and the closed.
var radarKinds = []struct {
	fill, label string
	count       func(domain.ConsultationCounts) int
}{
	{"#b3261e", "consultations.status_overdue", func(c domain.ConsultationCounts) int { return c.Overdue }},
	{"#c2410c", "consultations.due_today", func(c domain.ConsultationCounts) int { return c.DueToday }},
	{"#8a5a00", "consultations.due_week", func(c domain.ConsultationCounts) int { return c.DueWeek }},
	{"#5f6b00", "consultations.open_later", domain.ConsultationCounts.Later},
	{"#2f6fb0", "consultations.status_answered", func(c domain.ConsultationCounts) int { return c.Answered }},
	{"#6b7585", "consultations.status_closed", func(c domain.ConsultationCounts) int { return c.Closed }},
}

// radarLegend is the height of the legend above the bars.
var radarLegend = (len(radarKinds)+radarLegendWidth-1)/radarLegendWidth*radarLegendRow + 8

type radarChart struct {
	Width, Height int
	Legend        []radarSegment
	Bars          []radarBar
}

type radarBar struct {
	Code          string
	Y, TextY      int
	TotalX, Total int
	Segments      []radarSegment
}

type radarSegment struct {
	X, Y, Width, Height int
	TextX, TextY        int
	Fill, Label         string
	Count               int
	ShowCount           bool // the count fits inside the segment
}

// newRadarChart lays out the chart of rows, with the labels of t.
func newRadarChart(t func(string, ...any) string, rows []domain.ConsultationCounts) radarChart {
	ch := radarChart{Width: radarLabelWidth + radarBarsWidth + radarTotalWidth, Height: radarLegend + len(rows)*radarRow + 6}
	for i, k := range radarKinds {
		x, y := i%radarLegendWidth*radarLegendStep, i/radarLegendWidth*radarLegendRow
		ch.Legend = append(ch.Legend, radarSegment{X: x, Y: y + 4, Width: 12, Height: 12, TextX: x + 17, TextY: y + 14,
			Fill: k.fill, Label: t(k.label)})
	}
	most := 1
	for _, r := range rows {
		most = max(most, r.Total())
	}
	for n, r := range rows {
		y := radarLegend + n*radarRow
		b := radarBar{Code: r.Code, Y: y, TextY: y + 13, Total: r.Total()}
		x := radarLabelWidth
		for _, k := range radarKinds {
			count := k.count(r)
			if count == 0 {
				continue
			}
			w := max(2, count*radarBarsWidth/most)
			b.Segments = append(b.Segments, radarSegment{X: x, Y: y, Width: w, Height: radarBarHeight,
				TextX: x + w/2, TextY: y + 13, Fill: k.fill, Label: t(k.label) + ": " + strconv.Itoa(count),
				Count: count, ShowCount: w >= 16})
			x += w
		}
		b.TotalX = x + 6
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}
