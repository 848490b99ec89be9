package handler

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
)

// The case lifecycle's staff API: actions, written notices, reminders, 督办 and statistics.

// orEmpty renders a nil list as [] rather than null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// caseAction performs one lifecycle action ({"version": n, …}) and answers with the case as
// GET /admin/api/cases/{id} shows it.
func (s *Server) caseAction(c *gin.Context, id int64) {
	var in cases.ActionInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	x, err := s.Cases.Act(c.Request.Context(), id, c.Param("action"), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Cases.Get(c.Request.Context(), id); service.ErrorCode(err) == service.EForbidden {
		// The action gave the case away (assigned to another office): the case as it now
		// stands, without what only its handlers see.
		c.JSON(http.StatusOK, gin.H{"case": caseView(x), "status": x.Status, "version": x.Version, "actions": []string{}})
		return
	}
	s.getCase(c, id)
}

// revealCasePhone shows a case's full phone to the staff who call the citizen; audited.
func (s *Server) revealCasePhone(c *gin.Context, id int64) {
	phone, err := s.Cases.RevealPhone(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"phone": phone})
}

func (s *Server) getNotice(c *gin.Context, id int64) {
	n, err := s.Cases.Notice(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"notice": n})
}

// noticePage is a written notice as a printable A4 page.
func (s *Server) noticePage(c *gin.Context, id int64) {
	n, err := s.Cases.Notice(c.Request.Context(), id)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "admin_notice", pageData{Title: n.Title, Data: n})
}

func (s *Server) listReminders(c *gin.Context) {
	list, err := s.Cases.Reminders(c.Request.Context(), int(queryInt(c, "limit")))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"reminders": orEmpty(list)})
}

func (s *Server) listSupervisions(c *gin.Context) {
	list, err := s.Cases.Supervisions(c.Request.Context(), c.Query("state"), int(queryInt(c, "limit")))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"supervisions": orEmpty(list)})
}

// caseStats answers the assessment indicators: ?from=2026-11-01&to=2026-11-30&by=office.
func (s *Server) caseStats(c *gin.Context) {
	st, err := s.Cases.Stats(c.Request.Context(), cases.StatsQuery{From: service.Date(c.Query("from")), To: service.Date(c.Query("to")),
		By: c.Query("by")})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// listScreenExamples lists the registrars' screening decisions kept as examples (?all=true for
// withdrawn ones too).
func (s *Server) listScreenExamples(c *gin.Context) {
	list, err := s.Cases.ScreenExamples(c.Request.Context(), c.Query("all") == "true")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"examples": orEmpty(list)})
}

func (s *Server) withdrawScreenExample(c *gin.Context, id int64) {
	if err := s.Cases.WithdrawScreenExample(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// screeningPage lists the examples with a withdraw button each.
func (s *Server) screeningPage(c *gin.Context) {
	list, err := s.Cases.ScreenExamples(c.Request.Context(), true)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_screening", "筛查示例", gin.H{"Examples": list, "Kinds": s.Cases.ScreenKindNames()})
}

func (s *Server) withdrawScreenExampleForm(c *gin.Context, id int64) {
	if err := s.Cases.WithdrawScreenExample(c.Request.Context(), id); err != nil {
		s.errorPage(c, err)
		return
	}
	redirectDone(c, "/admin/screening", "withdrawn")
}
