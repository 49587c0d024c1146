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
	radarLabelWidth = 72  // the ministry codes on the left
	radarBarsWidth  = 420 // the longest bar
	radarTotalWidth = 44  // the total on the right of each bar
	radarLegend     = 30  // the legend above the bars
	radarRow        = 28  // one ministry
	radarBarHeight  = 18  // the height of a bar
	radarLegendStep = 130 // the space of one legend entry
)

// radarKinds are the parts of a bar, in their order, with their colours and the catalogue
// ids of their names.
var radarKinds = []struct {
	fill, label string
	count       func(domain.ConsultationCounts) int
}{
	{"#b3261e", "consultations.status_overdue", func(c domain.ConsultationCounts) int { return c.Overdue }},
	{"#b06f00", "consultations.open_on_time", domain.ConsultationCounts.OnTime},
	{"#2f6fb0", "consultations.status_answered", func(c domain.ConsultationCounts) int { return c.Answered }},
	{"#6b7585", "consultations.status_closed", func(c domain.ConsultationCounts) int { return c.Closed }},
}

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
		x := i * radarLegendStep
		ch.Legend = append(ch.Legend, radarSegment{X: x, Y: 4, Width: 12, Height: 12, TextX: x + 17, TextY: 14,
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
