// Package svgchart draws small, accessible charts as inline SVG for server-rendered pages: a bar
// chart (grouped or stacked, counts or percentages) and a funnel.
//
// The output needs no JavaScript and no inline style attributes, so it works under a strict
// Content-Security-Policy (style-src 'self'). Sizes are given by the viewBox only; a stylesheet
// makes the chart responsive, e.g.
//
//	.chart { width: 100%; height: auto; }
//
// Colours are set with presentation attributes (fill, stroke) as defaults, and every series also
// carries a class s0, s1, … so a stylesheet can override them (.chart .s0 { fill: … }).
//
// Accessibility: the root element is <svg role="img" aria-labelledby="…"> pointing at a <title>
// and a <desc> (the description is generated from the data when none is given), every bar or
// stage has its own <title> with the label and the exact value (shown on hover), series colours
// keep a contrast of at least 3:1 against white and stay apart for protan and deutan vision, and
// all text is dark on white. A chart is still meant to be shown next to a table of its numbers.
//
// All strings are XML-escaped, so any input is safe; NaN and ±Inf count as 0.
package svgchart
