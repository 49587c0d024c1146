package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// A crawler of the app, as a browser without JavaScript sees it: the links and forms of
// every kind of page a person reaches.

// A page's form as a browser sees it.
type pageForm struct {
	page    string // the page it was found on
	method  string
	action  string
	enctype string
	fields  []formField
}

type formField struct {
	name, kind, value string // kind: the input's type, "textarea" or "select"
}

// typable reports whether a person types the field's text: the fields a control
// character can arrive in from a keyboard or a paste.
func (f formField) typable() bool {
	switch f.kind {
	case "", "text", "email", "search", "tel", "url", "password", "textarea":
		return true
	}
	return false
}

// values returns what the form sends as the page fills it in, with the field called
// name set to value.
func (f pageForm) values(name, value string) url.Values {
	v := url.Values{}
	for _, x := range f.fields {
		if x.name == name {
			v.Set(name, value)
		} else if !v.Has(x.name) || x.kind != "submit" {
			v.Add(x.name, x.value)
		}
	}
	return v
}

// key tells forms apart by what they are, not by which row they are for.
func (f pageForm) key() string {
	var names []string
	for _, x := range f.fields {
		names = append(names, digits.ReplaceAllString(x.name, "N"))
	}
	sort.Strings(names)
	return f.method + " " + pathPattern(f.action) + " " + strings.Join(slices.Compact(names), ",")
}

var (
	digits   = regexp.MustCompile(`[0-9]+`)
	hexToken = regexp.MustCompile(`[0-9a-f]{16,}`)
)

// pathPattern is a link's path with its ids and tokens left out, and the names of its
// query: the pages of two sessions are one page to the crawler.
func pathPattern(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return digits.ReplaceAllString(hexToken.ReplaceAllString(u.Path, "T"), "N") + "?" + strings.Join(keys, "&")
}

// parsePage returns the links and forms of a page.
func parsePage(t *testing.T, page, body string) (links []string, forms []pageForm) {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	attr := func(n *xhtml.Node, name string) string {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val
			}
		}
		return ""
	}
	has := func(n *xhtml.Node, name string) bool {
		return slices.ContainsFunc(n.Attr, func(a xhtml.Attribute) bool { return a.Key == name })
	}
	var form *pageForm
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "a":
				if href := attr(n, "href"); strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
					links = append(links, href)
				}
			case "form":
				f := pageForm{page: page, method: strings.ToUpper(attr(n, "method")), action: attr(n, "action"), enctype: attr(n, "enctype")}
				if f.method == "" {
					f.method = http.MethodGet
				}
				if f.action == "" {
					f.action = page
				}
				form = &f
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				forms = append(forms, f)
				form = nil
				return
			case "input":
				kind := strings.ToLower(attr(n, "type"))
				if form != nil && attr(n, "name") != "" && ((kind != "checkbox" && kind != "radio") || has(n, "checked")) {
					form.fields = append(form.fields, formField{name: attr(n, "name"), kind: kind, value: attr(n, "value")})
				}
			case "button":
				if form != nil && attr(n, "name") != "" {
					form.fields = append(form.fields, formField{name: attr(n, "name"), kind: "submit", value: attr(n, "value")})
				}
			case "textarea":
				if form != nil && attr(n, "name") != "" {
					var text strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						text.WriteString(c.Data)
					}
					form.fields = append(form.fields, formField{name: attr(n, "name"), kind: "textarea", value: text.String()})
				}
				return
			case "select":
				if form != nil && attr(n, "name") != "" {
					value, first := "", true
					var options func(*xhtml.Node)
					options = func(o *xhtml.Node) {
						for c := o.FirstChild; c != nil; c = c.NextSibling {
							if c.Type == xhtml.ElementNode && c.Data == "option" && (first || has(c, "selected")) {
								value, first = attr(c, "value"), false
							}
							options(c)
						}
					}
					options(n)
					form.fields = append(form.fields, formField{name: attr(n, "name"), kind: "select", value: value})
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return links, forms
}

// crawl reads every kind of page c can reach from start by following links, one page of
// each kind, and returns the forms found on them, and the links with a query as GET
// forms of their parameters.
func crawl(t *testing.T, c *client, start ...string) []pageForm {
	t.Helper()
	const perKind = 6 // pages of each kind: a form may show for a brief in one state and not another
	seen := map[string]int{}
	pages := 0
	queue := slices.Clone(start)
	var forms []pageForm
	for _, link := range start {
		forms = append(forms, queryForm(link, link))
	}
	visited := map[string]bool{}
	for len(queue) > 0 && pages < 1500 {
		page := queue[0]
		queue = queue[1:]
		if p := pathPattern(page); visited[page] || seen[p] >= perKind || strings.HasPrefix(page, "/static/") {
			continue
		} else {
			seen[p]++
			visited[page] = true
			pages++
		}
		resp, body := c.get(page)
		if resp.StatusCode != http.StatusOK {
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			// A download (a pack, a tracker) has neither links nor forms: one of its kind
			// is enough to know that, and each costs a whole workbook.
			seen[pathPattern(page)] = perKind
			continue
		}
		links, fs := parsePage(t, page, body)
		queue = append(queue, links...)
		forms = append(forms, fs...)
		for _, link := range links {
			if strings.Contains(link, "?") {
				forms = append(forms, queryForm(page, link))
			}
		}
	}
	return forms
}

// queryForm is a link's query as a GET form.
func queryForm(page, link string) pageForm {
	u, _ := url.Parse(link)
	f := pageForm{page: page, method: http.MethodGet, action: u.Path}
	for k, vs := range u.Query() {
		for _, v := range vs {
			f.fields = append(f.fields, formField{name: k, kind: "query", value: v})
		}
	}
	return f
}
