package handler

import (
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
)

// What citizens see of their cases after registration: the progress timeline (by case number and
// query code, or 我的信访 when signed in), the satisfaction rating and the request for 复查/复核.

type progressRequest struct {
	CaseNo    string `json:"case_no"`
	QueryCode string `json:"query_code"`
	Rating    string `json:"rating,omitempty"`
}

// rateByQueryCode records the rating of the citizen holding the case's number and query code.
func (s *Server) rateByQueryCode(c *gin.Context) {
	var req progressRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Cases.RateByQueryCode(c.Request.Context(), req.CaseNo, req.QueryCode, req.Rating, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"progress": p})
}

// reviewByQueryCode records the request for 复查 (or 复核) of the citizen holding the case's number
// and query code.
func (s *Server) reviewByQueryCode(c *gin.Context) {
	var req progressRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Cases.ReviewByQueryCode(c.Request.Context(), req.CaseNo, req.QueryCode, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"progress": p})
}

// myCases lists the signed-in citizen's cases with their progress (mini-program, H5).
func (s *Server) myCases(c *gin.Context) {
	list, err := s.Cases.MyCases(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"cases": orEmpty(list)})
}

type rateRequest struct {
	Rating string `json:"rating"`
}

func (s *Server) rateMine(c *gin.Context) {
	var req rateRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Cases.RateMine(c.Request.Context(), s.citizenSession(c), c.Param("case_no"), req.Rating)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"progress": p})
}

func (s *Server) reviewMine(c *gin.Context) {
	p, err := s.Cases.ReviewMine(c.Request.Context(), s.citizenSession(c), c.Param("case_no"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"progress": p})
}

// progressPage is what the progress and 我的信访 pages show.
type progressPage struct {
	CaseNo    string
	QueryCode string
	Progress  *cases.Progress
	Cases     []*cases.Progress
	Ratings   []ratingOption
}

type ratingOption struct{ Value, Name string }

var ratingOptions = []ratingOption{{"satisfied", "满意"}, {"basically", "基本满意"}, {"unsatisfied", "不满意"}}

func (s *Server) h5ProgressPage(c *gin.Context) {
	caseNo, code := c.Query("case_no"), c.Query("query_code")
	if code == "" {
		// Nothing asked yet (a link may bring the case number): the form, no error.
		s.render(c, http.StatusOK, "h5_progress", pageData{Data: progressPage{CaseNo: caseNo, Ratings: ratingOptions}})
		return
	}
	p, err := s.Cases.Progress(c.Request.Context(), caseNo, code, c.ClientIP())
	s.renderProgress(c, caseNo, code, p, err, "")
}

func (s *Server) renderProgress(c *gin.Context, caseNo, code string, p *cases.Progress, err error, flash string) {
	d := progressPage{CaseNo: caseNo, Ratings: ratingOptions}
	if err != nil {
		e := service.AsError(err)
		field := e.Field
		if field == "" {
			field = "query_code"
		}
		s.render(c, statusOf(e.Code), "h5_progress", pageData{Error: e.Message, Field: field, Data: d})
		return
	}
	d.Progress, d.QueryCode = p, code
	s.render(c, http.StatusOK, "h5_progress", pageData{Flash: flash, Data: d})
}

func (s *Server) h5ProgressRate(c *gin.Context) {
	caseNo, code := c.PostForm("case_no"), c.PostForm("query_code")
	p, err := s.Cases.RateByQueryCode(c.Request.Context(), caseNo, code, c.PostForm("rating"), c.ClientIP())
	if err != nil && service.ErrorCode(err) != service.ENotFound && service.ErrorCode(err) != service.ETooMany {
		// Show the case again with the refusal (a missing choice, the window closed).
		p2, err2 := s.Cases.Progress(c.Request.Context(), caseNo, code, c.ClientIP())
		if err2 == nil {
			e := service.AsError(err)
			s.render(c, statusOf(e.Code), "h5_progress", pageData{Error: e.Message, Field: e.Field,
				Data: progressPage{CaseNo: caseNo, QueryCode: code, Progress: p2, Ratings: ratingOptions}})
			return
		}
	}
	s.renderProgress(c, caseNo, code, p, err, "感谢您的评价。")
}

func (s *Server) h5ProgressReview(c *gin.Context) {
	caseNo, code := c.PostForm("case_no"), c.PostForm("query_code")
	p, err := s.Cases.ReviewByQueryCode(c.Request.Context(), caseNo, code, c.ClientIP())
	flash := ""
	if p != nil {
		flash = "已收到您的申请。" + p.Next + "。"
	}
	s.renderProgress(c, caseNo, code, p, err, flash)
}

// h5MyCases is 我的信访: the signed-in citizen's cases, each with its timeline and actions.
func (s *Server) h5MyCases(c *gin.Context) {
	s.renderMyCases(c, http.StatusOK, nil, "")
}

func (s *Server) renderMyCases(c *gin.Context, status int, fail error, flash string) {
	list, err := s.Cases.MyCases(c.Request.Context(), s.citizenSession(c))
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d := pageData{Flash: flash, Data: progressPage{Cases: list, Ratings: ratingOptions}}
	if fail != nil {
		e := service.AsError(fail)
		d.Error, d.Field, status = e.Message, e.Field, statusOf(e.Code)
	}
	s.render(c, status, "h5_my_cases", d)
}

func (s *Server) h5RateMine(c *gin.Context) {
	if _, err := s.Cases.RateMine(c.Request.Context(), s.citizenSession(c), c.Param("case_no"), c.PostForm("rating")); err != nil {
		s.renderMyCases(c, http.StatusOK, err, "")
		return
	}
	s.renderMyCases(c, http.StatusOK, nil, "感谢您的评价。")
}

func (s *Server) h5ReviewMine(c *gin.Context) {
	p, err := s.Cases.ReviewMine(c.Request.Context(), s.citizenSession(c), c.Param("case_no"))
	if err != nil {
		s.renderMyCases(c, http.StatusOK, err, "")
		return
	}
	s.renderMyCases(c, http.StatusOK, nil, "已收到您的申请。"+p.Next+"。")
}

// h5Guide is 信访指南: how to visit, what goes elsewhere, the time limits and their basis.
func (s *Server) h5Guide(c *gin.Context) {
	cfg := s.Booking.Config()
	var divs []booking.Diversion
	for _, d := range cfg.Diversions {
		divs = append(divs, d)
	}
	sort.Slice(divs, func(i, j int) bool { return divs[i].Key < divs[j].Key })
	s.render(c, http.StatusOK, "h5_guide", pageData{Data: gin.H{"Booking": cfg, "Diversions": divs, "Rules": s.Rules, "Kinds": cases.DeadlineKinds}})
}
