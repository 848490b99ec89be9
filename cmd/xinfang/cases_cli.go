package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/cases/match"
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
//
// Lines are committed by several workers at once, yet the outcome is the one of registering
// them one by one in file order: a line waits for every earlier line it shares an index key
// with (only those can be its duplicate candidates), and lines without common keys go ahead.
func importFile(ctx context.Context, p *Program, path string, notify bool, stdout, stderr io.Writer) (*importSummary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ctx = service.SystemActor(ctx, "import")
	start := time.Now()
	var (
		sum  importSummary
		mu   sync.Mutex
		jobs []*importJob
	)
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stderr, "\r"+format+"\n", args...)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	claims := map[int64]*importJob{}
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		sum.Lines++
		in, err := parseImportLine(raw)
		if err != nil {
			sum.Errors++
			report("line %d: %v", n, err)
			continue
		}
		in.Quiet = !notify // an archive's citizens are not told again, unless asked
		prep, err := p.Cases.Prepare(in)
		if err != nil {
			sum.Errors++
			e := service.AsError(err)
			report("line %d (%s): %s %s", n, in.ExternalID, e.Field, e.Message)
			continue
		}
		j := &importJob{line: n, externalID: in.ExternalID, prep: prep, done: make(chan struct{})}
		keys := append(prep.Keys(), externalKey(in.ExternalID))
		for _, k := range keys {
			if prev := claims[k]; prev != nil && prev != j {
				j.deps = append(j.deps, prev)
			}
			claims[k] = j
		}
		jobs = append(jobs, j)
	}
	if err := sc.Err(); err != nil {
		return &sum, fmt.Errorf("read %s: %w", path, err)
	}

	var (
		wg       sync.WaitGroup
		finished int
		fatal    error
		lastDraw time.Time
	)
	sem := make(chan struct{}, 16)
	draw := func(final bool) { // under mu
		if !final && time.Since(lastDraw) < 200*time.Millisecond {
			return
		}
		lastDraw = time.Now()
		const width = 30
		done := width * finished / max(len(jobs), 1)
		fmt.Fprintf(stderr, "\r[%s%s] %d/%d  %.0f/s", strings.Repeat("#", done), strings.Repeat(".", width-done), finished, len(jobs),
			float64(finished)/max(time.Since(start).Seconds(), 0.001))
		if final {
			fmt.Fprintln(stderr)
		}
	}
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(j.done)
			for _, d := range j.deps {
				<-d.done
			}
			sem <- struct{}{}
			res, err := p.Cases.Commit(ctx, j.prep)
			<-sem
			mu.Lock()
			defer mu.Unlock()
			finished++
			switch {
			case err != nil && service.ErrorCode(err) == service.EInternal:
				sum.Errors++
				if fatal == nil {
					fatal = fmt.Errorf("line %d: %w", j.line, err)
				}
			case err != nil:
				sum.Errors++
				e := service.AsError(err)
				fmt.Fprintf(stderr, "\rline %d (%s): %s %s\n", j.line, j.externalID, e.Field, e.Message)
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
			if err == nil {
				sum.Reviews += res.Reviews
				sum.Links += res.Links
			}
			draw(false)
		}()
	}
	wg.Wait()
	draw(true)
	if fatal != nil {
		return &sum, fatal
	}
	fmt.Fprintf(stdout, "imported %d lines in %s: %d new cases (%d screened out as non-petition), %d merged into existing cases, "+
		"%d pairs queued for review, %d group links, %d already imported, %d errors\n",
		sum.Lines, time.Since(start).Round(time.Millisecond), sum.NewCases, sum.Screened, sum.Merged, sum.Reviews, sum.Links, sum.Already, sum.Errors)
	if notify {
		fmt.Fprintln(stdout, "citizens with a phone number were sent the registration SMS (case number and query code)")
	} else {
		fmt.Fprintln(stdout, "no SMS was sent (use -notify to send each citizen the registration SMS)")
	}
	return &sum, nil
}

type importJob struct {
	line       int
	externalID string
	prep       *cases.Prepared
	deps       []*importJob
	done       chan struct{}
}

// externalKey makes lines with the same external id wait for each other.
func externalKey(id string) int64 {
	h := fnv.New64a()
	h.Write([]byte("external\x00" + id))
	return int64(h.Sum64())
}

func parseImportLine(raw string) (cases.ItemInput, error) {
	var l importLine
	if err := json.Unmarshal([]byte(raw), &l); err != nil {
		return cases.ItemInput{}, fmt.Errorf("not valid JSON: %v", err)
	}
	in := cases.ItemInput{ExternalID: l.ExternalID, Channel: l.Channel, Name: l.Name, Phone: l.Phone, IDNumber: l.IDNumber,
		OpenID: l.OpenID, District: l.District, Street: l.Street, Department: l.Department, Content: l.Content, EMSNo: l.EMSNo}
	if l.ReceivedAt != "" {
		t, err := time.Parse(time.RFC3339, l.ReceivedAt)
		if err != nil {
			return in, fmt.Errorf("received_at is not RFC 3339: %q", l.ReceivedAt)
		}
		in.ReceivedAt = t
	}
	if in.ExternalID == "" {
		return in, errors.New("external_id is required (it makes re-running the import safe)")
	}
	return in, nil
}

func importCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: xinfang import [-notify] FILE.jsonl"); fs.PrintDefaults() }
	notify := fs.Bool("notify", false, "send each imported item's citizen the registration SMS (off: an archive is loaded silently)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	sum, err := importFile(ctx, p, fs.Arg(0), *notify, stdout, stderr)
	if err != nil {
		return err
	}
	if sum.Errors > 0 {
		return fmt.Errorf("%d line(s) could not be imported (see above); the other %d were imported", sum.Errors, sum.Lines-sum.Errors)
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
	err := p.Cases.Export(service.SystemActor(ctx, "export"), func(it *cases.Item, c *cases.Case) error {
		return enc.Encode(exportLine{ExternalID: it.ExternalID, Case: c.CaseNo, Petition: !c.NonPetition})
	})
	if err != nil {
		return err
	}
	return errors.Join(bw.Flush())
}

// reindexCommand files every stored item again as the current matcher would (match.Keys,
// features): what an upgrade that changes the keys needs for earlier items to be found.
func reindexCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: xinfang reindex [-batch N]"); fs.PrintDefaults() }
	batch := fs.Int("batch", 500, "items per transaction")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *batch <= 0 {
		fs.Usage()
		return errUsage
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	n, err := p.Cases.Reindex(ctx, *batch, func(done int) {
		if done%(*batch*20) == 0 {
			fmt.Fprintf(stdout, "%d items…\n", done)
		}
	})
	if err != nil {
		return fmt.Errorf("reindex stopped after %d items (run it again: it is safe to repeat): %w", n, err)
	}
	fmt.Fprintf(stdout, "re-indexed %d items\n", n)
	return nil
}

// trainScreeningCommand learns the screening model from labelled files: every line a JSON
// object in the import format whose truth.petition says what the item was.
func trainScreeningCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train-screening", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xinfang train-screening [-corroborator] [-examples] [-min N] [-prune W] -o FILE [LABELLED.jsonl…]")
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "model file to write (configs/screening_model.tsv)")
	minCount := fs.Int("min", 3, "keep a character pair or triple seen in at least this many items")
	prune := fs.Float64("prune", 1, "keep a gram whose log odds reach this either way")
	fromDB := fs.Bool("examples", false, "also learn from the registrars' standing screening decisions in the database")
	corroborator := fs.Bool("corroborator", false, "learn the corroboration of screening out (configs/screening_corroborator.tsv) from the rules of screening.yaml and the texts, instead of the naive Bayes model (-min and -prune are the model's)")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 && !*fromDB || *out == "" || *minCount < 1 || *prune < 0 {
		fs.Usage()
		return errUsage
	}
	var examples []match.ModelExample
	for _, path := range fs.Args() {
		ex, err := readLabelled(path)
		if err != nil {
			return err
		}
		examples = append(examples, ex...)
	}
	fromRegistrars := 0
	if *fromDB {
		if err := p.Open(ctx); err != nil {
			return err
		}
		defer p.Close()
		texts, err := p.Cases.TrainingTexts(ctx)
		if err != nil {
			return err
		}
		fromRegistrars = len(texts)
		examples = append(examples, texts...)
	}
	if *corroborator {
		rules, err := configs.ScreeningRules(p.Config.ConfigDir)
		if err != nil {
			return err
		}
		c, err := match.TrainCorroborator(rules, examples, match.CorroboratorMinDocs, match.CorroboratorC)
		if err != nil {
			return err
		}
		if err := writeAtomically(*out, c.Marshal()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "learnt the corroborator over %d grams from %d items (%d from the registrars' decisions); wrote %s\n", c.Len(), len(examples), fromRegistrars, *out)
		return nil
	}
	m, err := match.TrainModel(examples, *minCount, *prune)
	if err != nil {
		return err
	}
	if err := writeAtomically(*out, m.Marshal()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "learnt %d grams from %d items (%d from the registrars' decisions); wrote %s\n", m.Len(), len(examples), fromRegistrars, *out)
	return nil
}

// readLabelled reads the content and truth.petition of every line of a labelled file.
func readLabelled(path string) ([]match.ModelExample, error) {
	lines, err := readLabelledLines(path, func(l labelledLine) error {
		if l.Truth.Petition == nil {
			return errors.New("truth.petition is missing")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]match.ModelExample, len(lines))
	for i, l := range lines {
		out[i] = match.ModelExample{Content: l.Content, Department: l.Department, Petition: *l.Truth.Petition}
	}
	return out, nil
}

// labelledLine is one line of a labelled file: an item in the import format and its truth.
type labelledLine struct {
	importLine
	Truth struct {
		Person   string `json:"person"`
		Matter   string `json:"matter"`
		Petition *bool  `json:"petition"`
	} `json:"truth"`
}

// readLabelledLines reads every line of a labelled file; check says what of the truth a line
// needs. A line without content, or failing check, stops it, naming the file and line.
func readLabelledLines(path string, check func(labelledLine) error) ([]labelledLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []labelledLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v labelledLine
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if strings.TrimSpace(v.Content) == "" {
			return nil, fmt.Errorf("%s:%d: content is empty", path, line)
		}
		if err := check(v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}

// trainMatchingCommand learns the second reading of merging from labelled sets: each file one
// set, in the order its items arrived, whose truth.person and truth.matter say whose matter
// each item is (compared within the file only).
func trainMatchingCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train-matching", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xinfang train-matching [-threshold P] -o FILE LABELLED.jsonl…")
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "model file to write (configs/repeat_model.tsv)")
	threshold := fs.Float64("threshold", 0.9, "merge where the model's probability reaches this (1: never)")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 || *out == "" || !(*threshold > 0 && *threshold <= 1) {
		fs.Usage()
		return errUsage
	}
	var sets [][]match.RepeatExample
	items := 0
	for _, path := range fs.Args() {
		lines, err := readLabelledLines(path, func(l labelledLine) error {
			if l.Truth.Person == "" || l.Truth.Matter == "" {
				return errors.New("truth.person and truth.matter are required")
			}
			return nil
		})
		if err != nil {
			return err
		}
		set := make([]match.RepeatExample, len(lines))
		for i, l := range lines {
			set[i] = match.RepeatExample{Person: l.Truth.Person, Matter: l.Truth.Matter, Channel: l.Channel, Doc: match.Doc{Name: l.Name, Phone: l.Phone,
				IDNumber: l.IDNumber, OpenID: l.OpenID, District: l.District, Street: l.Street, Department: l.Department, Content: l.Content}}
		}
		sets = append(sets, set)
		items += len(set)
	}
	m, err := match.TrainRepeatModel(sets, *threshold)
	if err != nil {
		return err
	}
	if err := writeAtomically(*out, m.Marshal()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "learnt from %d pairs of %d items in %d sets; wrote %s\n", m.Pairs(), items, len(sets), *out)
	return nil
}

// writeAtomically writes b beside path and renames it over path: a model file is either the
// old or the new one, never half of one the next start refuses to load.
func writeAtomically(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
