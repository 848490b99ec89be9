package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// deadlinesCommand runs one deadline pass: `xinfang deadlines run [-at RFC3339]`. -at shows what
// a pass at another instant does (tests, an operator checking a calendar change); production
// refuses it, since a pass in the future would send reminders and 督办 early and for real.
func deadlinesCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(stderr, "usage: xinfang deadlines run [-at 2026-12-01T09:00:00+08:00]")
		return errUsage
	}
	fs := flag.NewFlagSet("deadlines run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	at := fs.String("at", "", "run the pass as if it were this instant (RFC 3339; not in production)")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	now := p.Now()
	if *at != "" {
		if p.Config.Production() {
			return errors.New("deadlines run: -at is refused in production (a pass at another instant would remind and escalate for real)")
		}
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fmt.Errorf("deadlines run: -at %q: want RFC 3339, e.g. 2026-12-01T09:00:00+08:00", *at)
		}
		now = t
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	res, err := p.Cases.DeadlinePass(service.SystemActor(ctx, "deadlines"), now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "deadline pass at %s: %d deadline(s) due, %d reminder(s), %d escalation(s) to 督办\n",
		now.In(service.Shanghai).Format(time.RFC3339), res.Checked, res.Reminders, res.Escalations)
	return nil
}
