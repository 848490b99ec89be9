package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// importLine is one line of an import file (see ../shared/data/README.md); unknown fields, such
// as the labels of a test file, are ignored.
type importLine struct {
	ExternalID string `json:"external_id"`
	Channel    string `json:"channel"`
	ReceivedAt string `json:"received_at"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	IDNumber   string `json:"id_number"`
	OpenID     string `json:"openid"`
	District   string `json:"district"`
	Street     string `json:"street"`
	Department string `json:"department"`
	Content    string `json:"content"`
	EMSNo      string `json:"ems_no"`
}

type importSummary struct {
	Lines, NewCases, Merged, Screened, Reviews, Links, Already, Errors int
}

// importFile registers every line of a JSONL file through the same path as every other
// registration (screening, duplicate detection, routing). A line that cannot be read or
// registered is reported with its number and skipped; lines already imported (by external_id)
// change nothing.
func importFile(ctx context.Context, p *Program, path string, stdout, stderr io.Writer) (*importSummary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	total := 0
	if st, err := f.Stat(); err == nil && st.Size() < 1<<30 {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) != "" {
				total++
			}
		}
		f.Seek(0, io.SeekStart)
	}
	ctx = service.SystemActor(ctx, "import")
	var sum importSummary
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	start := time.Now()
	lastDraw := time.Time{}
	draw := func(final bool) {
		if !final && time.Since(lastDraw) < 100*time.Millisecond {
			return
		}
		lastDraw = time.Now()
		width := 30
		done := width
		if total > 0 {
			done = width * sum.Lines / total
		}
		fmt.Fprintf(stderr, "\r[%s%s] %d/%d  %.0f/s", strings.Repeat("#", done), strings.Repeat(".", width-done), sum.Lines, total,
			float64(sum.Lines)/max(time.Since(start).Seconds(), 0.001))
		if final {
			fmt.Fprintln(stderr)
		}
	}
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		sum.Lines++
		var l importLine
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			sum.Errors++
			fmt.Fprintf(stderr, "\rline %d: not valid JSON: %v\n", n, err)
			continue
		}
		in := service.ItemInput{ExternalID: l.ExternalID, Channel: l.Channel, Name: l.Name, Phone: l.Phone, IDNumber: l.IDNumber,
			OpenID: l.OpenID, District: l.District, Street: l.Street, Department: l.Department, Content: l.Content, EMSNo: l.EMSNo}
		if l.ReceivedAt != "" {
			t, err := time.Parse(time.RFC3339, l.ReceivedAt)
			if err != nil {
				sum.Errors++
				fmt.Fprintf(stderr, "\rline %d: received_at is not RFC 3339: %q\n", n, l.ReceivedAt)
				continue
			}
			in.ReceivedAt = t
		}
		if in.ExternalID == "" {
			sum.Errors++
			fmt.Fprintf(stderr, "\rline %d: external_id is required (it makes re-running the import safe)\n", n)
			continue
		}
		res, err := p.Cases.Register(ctx, in)
		if err != nil {
			sum.Errors++
			e := service.AsError(err)
			if e.Code == service.EInternal {
				return &sum, fmt.Errorf("line %d: %w", n, err)
			}
			fmt.Fprintf(stderr, "\rline %d (%s): %s %s\n", n, in.ExternalID, e.Field, e.Message)
			continue
		}
		switch {
		case res.Duplicate:
			sum.Already++
		case res.Merged:
			sum.Merged++
		default:
			sum.NewCases++
			if res.Case.NonPetition {
				sum.Screened++
			}
		}
		sum.Reviews += res.Reviews
		sum.Links += res.Links
		draw(false)
	}
	if err := sc.Err(); err != nil {
		return &sum, fmt.Errorf("read %s: %w", path, err)
	}
	draw(true)
	fmt.Fprintf(stdout, "imported %d lines in %s: %d new cases (%d screened out as non-petition), %d merged into existing cases, "+
		"%d pairs queued for review, %d group links, %d already imported, %d errors\n",
		sum.Lines, time.Since(start).Round(time.Millisecond), sum.NewCases, sum.Screened, sum.Merged, sum.Reviews, sum.Links, sum.Already, sum.Errors)
	return &sum, nil
}

func importCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: xinfang import FILE.jsonl")
		return errUsage
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	sum, err := importFile(ctx, p, args[0], stdout, stderr)
	if err != nil {
		return err
	}
	if sum.Errors > 0 {
		return fmt.Errorf("%d line(s) could not be imported (see above); the others were", sum.Errors)
	}
	return nil
}

type exportLine struct {
	ExternalID string `json:"external_id"`
	Case       string `json:"case"`
	Petition   bool   `json:"petition"`
}

func exportCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "jsonl", "output format: jsonl")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *format != "jsonl" {
		return fmt.Errorf("export: unknown format %q (jsonl; the staff API exports csv and xlsx)", *format)
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	err := p.Cases.Export(service.SystemActor(ctx, "export"), func(it *service.CaseItem, c *service.Case) error {
		return enc.Encode(exportLine{ExternalID: it.ExternalID, Case: c.CaseNo, Petition: !c.NonPetition})
	})
	if err != nil {
		return err
	}
	return errors.Join(bw.Flush())
}
