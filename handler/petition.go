package handler

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/citizen"
)

// petitions is what citizens' petition and progress pages and API use.
type petitions interface {
	Petition(ctx context.Context, who *citizen.Session, in cases.PetitionInput, ip string) (*cases.RegisterResult, error)
	Progress(ctx context.Context, caseNo, queryCode, ip string) (*cases.Progress, error)
	RateByQueryCode(ctx context.Context, caseNo, queryCode, rating, ip string) (*cases.Progress, error)
	ReviewByQueryCode(ctx context.Context, caseNo, queryCode, ip string) (*cases.Progress, error)
	MyCases(ctx context.Context, who *citizen.Session) ([]*cases.Progress, error)
	RateMine(ctx context.Context, who *citizen.Session, caseNo, rating string) (*cases.Progress, error)
	ReviewMine(ctx context.Context, who *citizen.Session, caseNo string) (*cases.Progress, error)
	Attach(ctx context.Context, caseID, itemID int64, filename string, r io.Reader) (*cases.Attachment, error)
	Districts() map[string][]string
}

type petitionRequest = cases.PetitionInput

// submitPetition registers an online petition from the mini-program or an API client.
func (s *Server) submitPetition(c *gin.Context) {
	var req petitionRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.Cases.Petition(c.Request.Context(), s.citizenSession(c), req, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"case_no": res.Case.CaseNo, "query_code": res.Case.QueryCode, "existing": res.Merged,
		"non_petition": res.Case.NonPetition, "guidance": res.Case.ScreenGuidance})
}

// caseProgress answers a progress lookup by case number and query code.
func (s *Server) caseProgress(c *gin.Context) {
	p, err := s.Cases.Progress(c.Request.Context(), c.Query("case_no"), c.Query("query_code"), c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"progress": p})
}

type petitionPage struct {
	In        petitionRequest
	Districts []string
	Streets   map[string][]string
	Verified  bool
	CodeSent  bool
	Result    *cases.RegisterResult
}

func (s *Server) petitionPageData(c *gin.Context, req petitionRequest) *petitionPage {
	p := &petitionPage{In: req, Streets: s.Cases.Districts()}
	for _, d := range districtOrder {
		if _, ok := p.Streets[d]; ok {
			p.Districts = append(p.Districts, d)
		}
	}
	if sess := s.citizenSession(c); sess != nil && sess.Phone != "" {
		p.Verified = true
		if p.In.Phone == "" {
			p.In.Phone = sess.Phone
		}
	}
	return p
}

func formPetition(c *gin.Context) petitionRequest {
	return petitionRequest{Name: c.PostForm("name"), Phone: c.PostForm("phone"), Code: c.PostForm("code"), IDNumber: c.PostForm("id_number"),
		District: c.PostForm("district"), Street: c.PostForm("street"), Department: c.PostForm("department"), Content: c.PostForm("content")}
}

func (s *Server) h5PetitionPage(c *gin.Context) {
	s.render(c, http.StatusOK, "h5_petition", pageData{Data: s.petitionPageData(c, petitionRequest{})})
}

func (s *Server) h5PetitionCode(c *gin.Context) {
	req := formPetition(c)
	p := s.petitionPageData(c, req)
	s.pageCode(c, citizen.PurposeQuery, req.Phone, "h5_petition", p, func() { p.CodeSent = true })
}

// h5PetitionSubmit registers the petition with up to three attachments.
func (s *Server) h5PetitionSubmit(c *gin.Context) {
	req := formPetition(c)
	p := s.petitionPageData(c, req)
	fail := func(err error) {
		p.CodeSent = req.Code != ""
		msg, fields := formErrors(err)
		s.render(c, statusOf(service.AsError(err).Code), "h5_petition", pageData{Error: msg, Errors: fields, Data: p})
	}
	form, err := c.MultipartForm()
	if err != nil && !strings.Contains(err.Error(), "not multipart") {
		fail(uploadError(err))
		return
	}
	if form != nil && len(form.File["files"]) > 3 {
		fail(service.Invalid("files", "最多上传 3 个附件"))
		return
	}
	res, err := s.Cases.Petition(c.Request.Context(), s.citizenSession(c), req, c.ClientIP())
	if err != nil {
		fail(err)
		return
	}
	attachFailed := false
	if form != nil {
		ctx := service.SystemActor(c.Request.Context(), "citizen")
		for _, fh := range form.File["files"] {
			if fh.Size == 0 {
				continue
			}
			f, err := fh.Open()
			if err != nil {
				attachFailed = true
				continue
			}
			_, err = s.Cases.Attach(ctx, res.Case.ID, res.ItemID, fh.Filename, f)
			f.Close()
			if err != nil {
				attachFailed = true
			}
		}
	}
	// Redirect after the post, so a refresh does not submit again: the result page reads the
	// case number and query code from a short-lived cookie only this browser holds.
	v := res.Case.CaseNo + "." + res.Case.QueryCode
	if res.Merged {
		v += ".m"
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: petitionCookie, Value: v, Path: "/h5/petition", MaxAge: 600, HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode})
	target := "/h5/petition/done"
	if attachFailed {
		target += "?attach=failed"
	}
	c.Redirect(http.StatusSeeOther, target)
}

const petitionCookie = "xf_petition"

// h5PetitionDone shows the petition just registered: its number, query code and what happens
// next.
func (s *Server) h5PetitionDone(c *gin.Context) {
	v, _ := c.Cookie(petitionCookie)
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		c.Redirect(http.StatusSeeOther, "/h5/progress")
		return
	}
	p, err := s.Cases.Progress(c.Request.Context(), parts[0], parts[1], c.ClientIP())
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d := petitionDone{CaseNo: parts[0], QueryCode: parts[1], Merged: len(parts) > 2 && parts[2] == "m", Progress: p}
	msg := ""
	if c.Query("attach") == "failed" {
		msg = "信访事项已登记，但有附件未能保存（仅支持 JPEG、PNG、PDF，每个不超过 10 MB），可在来访或来信时补充材料。"
	}
	s.render(c, http.StatusOK, "h5_petition_done", pageData{Error: msg, Data: d})
}

type petitionDone struct {
	CaseNo, QueryCode string
	Merged            bool
	Progress          *cases.Progress
}
