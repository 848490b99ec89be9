package handler

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/cases/match"
)

// The staff pages of the registration platform and the lifecycle: the case list, registering an
// item, the case page with its actions, and the duplicate queue.

type option struct{ Value, Label string }

// caseOptions are the choices the case pages offer, ordered for people.
type caseOptions struct {
	cases.Options
	DistrictList []string
	Statuses     []option
	Channels     []option
	Risks        []option
}

func (s *Server) caseOptions() caseOptions {
	o := caseOptions{Options: s.Cases.Options()}
	for _, d := range districtOrder {
		if _, ok := o.Districts[d]; ok {
			o.DistrictList = append(o.DistrictList, d)
		}
	}
	for _, st := range []string{cases.StatusRegistered, cases.StatusAssigned, cases.StatusTransferred, cases.StatusHandling,
		cases.StatusNotAccepted, cases.StatusReplied, cases.StatusReviewRequested, cases.StatusReviewed, cases.StatusRecheckRequested,
		cases.StatusRechecked, cases.StatusClosed, cases.StatusWithdrawn, cases.StatusScreened, cases.StatusMerged} {
		o.Statuses = append(o.Statuses, option{st, cases.StatusNames[st]})
	}
	for _, ch := range []string{cases.ChannelVisit, cases.ChannelLetter, cases.ChannelEmail, cases.ChannelPhone, cases.ChannelOnline,
		cases.ChannelWeChat, cases.ChannelMiniProgram, cases.ChannelSuperior} {
		o.Channels = append(o.Channels, option{ch, cases.ChannelNames[ch]})
	}
	o.Risks = []option{{"overdue", cases.Risks["overdue"]}, {"due_soon", cases.Risks["due_soon"]}}
	return o
}

type caseListPage struct {
	F      cases.Filter
	Opt    caseOptions
	Cases  []*cases.Case
	Next   string // the next page's query string
	Export string // the filter as a query string, for the exports
}

// casesPage is the filtered case list with keyset paging ("下一页" carries the last id).
func (s *Server) casesPage(c *gin.Context) {
	f := caseFilter(c)
	if f.Limit <= 0 {
		f.Limit = 50
	}
	d := caseListPage{F: f, Opt: s.caseOptions()}
	q := c.Request.URL.Query()
	q.Del("before_id")
	q.Del("before_at")
	q.Del("done")
	d.Export = q.Encode()
	list, err := s.Cases.List(c.Request.Context(), f)
	if err != nil {
		s.staffPageError(c, "admin_cases", "信访事项", d, err)
		return
	}
	d.Cases = list
	if len(list) == f.Limit {
		last := list[len(list)-1]
		q.Set("before_id", strconv.FormatInt(last.ID, 10))
		if f.ByReceipt() {
			q.Set("before_at", strconv.FormatInt(last.ReceivedAt.UnixNano(), 10))
		}
		d.Next = q.Encode()
	}
	s.staffPage(c, http.StatusOK, "admin_cases", "信访事项", d)
}

type caseNewPage struct {
	In  cases.ItemInput
	Key string
	Opt caseOptions
}

// registerChannels are the channels a registrar registers by hand.
var registerChannels = []option{{"letter", "来信"}, {"visit", "来访"}, {"phone", "来电"}, {"email", "来邮/市长信箱"}, {"superior", "上级交办"}}

func (s *Server) caseNewPage(c *gin.Context) {
	s.staffPage(c, http.StatusOK, "admin_case_new", "登记信访事项", caseNewPage{In: cases.ItemInput{Channel: c.DefaultQuery("channel", "letter")},
		Key: service.RandomToken(12), Opt: s.caseOptions()})
}

// caseNewSubmit registers the form. Its key makes a double submission register once (the
// second answers with the case the first made).
func (s *Server) caseNewSubmit(c *gin.Context) {
	in := cases.ItemInput{Channel: c.PostForm("channel"), Name: c.PostForm("name"), Phone: c.PostForm("phone"),
		IDNumber: c.PostForm("id_number"), District: c.PostForm("district"), Street: c.PostForm("street"),
		Department: c.PostForm("department"), Content: c.PostForm("content"), EMSNo: c.PostForm("ems_no")}
	key := c.PostForm("form_key")
	if len(key) >= 8 && len(key) <= 64 {
		in.ExternalID = "form:" + key
	}
	res, err := s.Cases.Receive(c.Request.Context(), in)
	if err != nil {
		in.ExternalID = ""
		s.staffPageError(c, "admin_case_new", "登记信访事项", caseNewPage{In: in, Key: key, Opt: s.caseOptions()}, err)
		return
	}
	done := "registered"
	if res.Merged {
		done = "merged"
	}
	redirectDone(c, fmt.Sprintf("/admin/cases/%d", res.Case.ID), done)
}

type casePageData struct {
	D        *cases.Detail
	Opt      caseOptions
	Revealed string
	// Open is the action whose form is shown open (re-shown after a refusal), with its input.
	Open string
	In   cases.ActionInput
	Can  map[string]bool // the actions allowed, by name
	// The choices of the forms.
	Ratings, ReplyOutcomes, ReplyTags, ReviewOutcomes map[string]string
	ScreenKinds                                       []match.KindSpec
}

func (s *Server) casePage(c *gin.Context, id int64) {
	s.renderCase(c, id, http.StatusOK, casePageData{}, nil)
}

// renderCase renders the case page, with err's messages when a form on it was refused.
func (s *Server) renderCase(c *gin.Context, id int64, status int, d casePageData, formErr error) {
	detail, err := s.Cases.Get(c.Request.Context(), id)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d.D, d.Opt, d.Can = detail, s.caseOptions(), map[string]bool{}
	d.Ratings, d.ReplyOutcomes, d.ReplyTags, d.ReviewOutcomes = cases.Ratings, cases.ReplyOutcomes, cases.ReplyTags, cases.ReviewOutcomes
	d.ScreenKinds = s.Cases.ScreenKinds()
	for _, a := range detail.Actions {
		d.Can[a] = true
	}
	title := "信访事项 " + detail.Case.CaseNo
	if formErr != nil {
		msg, fields := formErrors(formErr)
		s.render(c, statusOf(service.AsError(formErr).Code), "admin_case", pageData{Title: title, Error: msg, Errors: fields, Data: d})
		return
	}
	s.render(c, status, "admin_case", pageData{Title: title, Flash: flashes[c.Query("done")], Data: d})
}

// actionInput reads an action form.
func actionInput(c *gin.Context) cases.ActionInput {
	in := cases.ActionInput{Office: c.PostForm("office"), Owner: c.PostForm("owner"), Unit: c.PostForm("unit"), Mode: c.PostForm("mode"),
		Reason: c.PostForm("reason"), Guidance: c.PostForm("guidance"), Outcome: c.PostForm("outcome"), Tag: c.PostForm("tag"),
		Text: c.PostForm("text")}
	in.Version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
	in.Days, _ = strconv.Atoi(c.PostForm("days"))
	in.SupervisionID, _ = strconv.ParseInt(c.PostForm("supervision_id"), 10, 64)
	switch c.PostForm("approve") {
	case "yes":
		t := true
		in.Approve = &t
	case "no":
		f := false
		in.Approve = &f
	}
	return in
}

// caseActionForm performs an action from the case page; a refusal re-shows the page with the
// form open and the reason next to the field (a stale page is told to reload).
func (s *Server) caseActionForm(c *gin.Context, id int64) {
	in := actionInput(c)
	action := c.Param("action")
	if _, err := s.Cases.Act(c.Request.Context(), id, action, in); err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderCase(c, id, 0, casePageData{Open: action, In: in}, err)
		return
	}
	if _, err := s.Cases.Get(c.Request.Context(), id); service.ErrorCode(err) == service.EForbidden {
		redirectDone(c, "/admin/", "acted") // assigned away: no longer this person's case
		return
	}
	redirectDone(c, fmt.Sprintf("/admin/cases/%d", id), "acted")
}

// caseEditForm saves a registrar's classification, screening or routing change.
func (s *Server) caseEditForm(c *gin.Context, id int64) {
	e := cases.Edit{Reason: c.PostForm("reason")}
	e.Version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
	set := func(name string) *string {
		if v, ok := c.GetPostForm(name); ok {
			return &v
		}
		return nil
	}
	e.Purpose, e.Category, e.Office, e.Owner, e.Guidance, e.ScreenKind = set("purpose"), set("category"), set("office"), set("owner"),
		set("guidance"), set("screen_kind")
	if v, ok := c.GetPostForm("non_petition"); ok {
		b := v == "true"
		e.NonPetition = &b
	}
	if _, err := s.Cases.Edit(c.Request.Context(), id, e); err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderCase(c, id, 0, casePageData{Open: "edit"}, err)
		return
	}
	redirectDone(c, fmt.Sprintf("/admin/cases/%d", id), "edited")
}

// caseRevealForm shows the case's full phone once, on the page (audited by the service).
func (s *Server) caseRevealForm(c *gin.Context, id int64) {
	phone, err := s.Cases.RevealPhone(c.Request.Context(), id)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.renderCase(c, id, http.StatusOK, casePageData{Revealed: phone}, nil)
}

func (s *Server) undoMergeForm(c *gin.Context, id int64) {
	x, err := s.Cases.UndoMerge(c.Request.Context(), id)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	redirectDone(c, fmt.Sprintf("/admin/cases/%d", x.ID), "undone")
}

// dedupPair is one pending pair as the queue shows it: the new item and the earlier case side by
// side, with the signals that matched.
type dedupPair struct {
	Review    cases.DedupReview
	New, Old  *cases.Detail
	NewItem   *cases.Item
	Terms     []string
	Forbidden bool
}

func (s *Server) dedupPage(c *gin.Context) { s.renderDedup(c, nil) }

// renderDedup renders the queue's first 20 pairs, with err's message when a decision was refused.
func (s *Server) renderDedup(c *gin.Context, refused error) {
	ctx := c.Request.Context()
	list, err := s.Cases.Reviews(ctx, "pending")
	if err != nil {
		s.errorPage(c, err)
		return
	}
	var pairs []dedupPair
	for i, r := range list {
		if i == 20 {
			break
		}
		p := dedupPair{Review: r, Terms: signalTerms(r.Reasons)}
		if p.New, err = s.Cases.Get(ctx, r.CaseID); err != nil {
			s.errorPage(c, err)
			return
		}
		if p.Old, err = s.Cases.Get(ctx, r.CandidateCaseID); err != nil {
			s.errorPage(c, err)
			return
		}
		for _, it := range p.New.Items {
			if it.ID == r.ItemID {
				p.NewItem = it
				if slices.Contains(r.Reasons, "姓名相同") {
					p.Terms = append(p.Terms, it.Name)
				}
			}
		}
		pairs = append(pairs, p)
	}
	data := gin.H{"Pairs": pairs, "Total": len(list)}
	if refused != nil {
		s.staffPageError(c, "admin_dedup", "判重队列", data, refused)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_dedup", "判重队列", data)
}

// signalTerms are the matched details named in the reasons ("同一单位：华美电子有限公司" →
// 华美电子有限公司), to highlight in both texts.
func signalTerms(reasons []string) []string {
	var out []string
	for _, r := range reasons {
		_, v, ok := strings.Cut(r, "：")
		if !ok {
			continue
		}
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == '、' || r == '，' || r == ',' || r == ' ' || r == '/' }) {
			if t = strings.TrimSpace(t); len([]rune(t)) >= 2 {
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// highlight escapes text and marks every occurrence of terms in it.
func highlight(text string, terms []string) template.HTML {
	type span struct{ from, to int }
	var spans []span
	for _, t := range terms {
		for i := 0; ; {
			j := strings.Index(text[i:], t)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(t)})
			i += j + len(t)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.from < at {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[at:sp.from]))
		b.WriteString("<mark>" + template.HTMLEscapeString(text[sp.from:sp.to]) + "</mark>")
		at = sp.to
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String())
}

func (s *Server) dedupDecide(c *gin.Context, id int64) {
	decision := c.PostForm("decision")
	if err := s.Cases.DecideReview(c.Request.Context(), id, decision); err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderDedup(c, err)
		return
	}
	done := map[string]string{"merge": "merged", "separate": "separated", "link": "linked"}[decision]
	redirectDone(c, "/admin/dedup", done)
}
