// Command xinfang is the 深圳信访 backend: the HTTP server and its administration commands.
//
//	xinfang [-config FILE] [command] [args]
//
// With no command it serves HTTP. See usage for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai without relying on the host's zoneinfo
	"unicode"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
	"github.com/szxinfang/xinfang/wxmenu"
)

const usage = `xinfang — 深圳信访 backend

Usage:
  xinfang [-config FILE] [-v] [command] [arguments]

Commands:
  serve                     run the HTTP server (the default)
  migrate [status]          apply pending database migrations, or list their state
  user add -username NAME -name 姓名 -roles ROLE[,ROLE] [-office 处室] [-department 部门]
                            create a staff account; prints its one-time password
  user passwd USERNAME      reset a password; prints the new one-time password
  user disable USERNAME     disable an account (its sessions end at once)
  user enable USERNAME      enable it again
  user list                 list staff accounts
  import [-notify] FILE.jsonl
                            register items (one JSON object per line) through the registration path;
                            -notify sends each citizen the registration SMS (off by default)
  export [-format jsonl] [-o FILE]
                            one line per received item: external_id, the case it ended in, petition
  reindex [-batch N]        file every stored item again under the matcher's current features and
                            index keys (after an upgrade that changed them); registration may go on
  train-screening [-examples] [-min N] [-prune W] -o FILE [LABELLED.jsonl…]
                            learn the screening model (configs/screening_model.tsv) from labelled
                            items in the import format (truth.petition) and, with -examples, from
                            the registrars' standing screening decisions in the database
  train-matching [-threshold P] -o FILE LABELLED.jsonl…
                            learn the second reading of merging (configs/repeat_model.tsv) from
                            labelled sets (truth.person, truth.matter), one file per set
  deadlines run [-at RFC3339]
                            one pass of the case deadlines: reminders 3 and 1 days before, 督办 when
                            overdue (the server runs it every minute); -at not in production
  menu show                 print the official account's menu (wxmenu/menu.yaml) after validating it
  menu diff                 compare it with the live menu
  menu push                 validate and publish it

Roles: admin registrar handler desk hall leader supervisor
Configuration: configs/config.yaml defaults, the file given by -config or XF_CONFIG_FILE, then XF_…
environment variables (see README.md).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "xinfang:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// run parses the command line and runs one command. It is main without the process exits.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("xinfang", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	configFile := fs.String("config", getenv("XF_CONFIG_FILE"), "configuration file applied over the defaults")
	verbose := fs.Bool("v", false, "log progress of administration commands (they log only errors otherwise)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	cfg, err := configs.Load(*configFile, getenv)
	if err != nil {
		return err
	}
	cmd, rest := "serve", fs.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	if cmd != "serve" && !*verbose {
		cfg.Log.Level = "error" // a command's own output is what people read
	}
	log := NewLogger(cfg, stderr)
	p := NewProgram(cfg, log, stdout)
	switch cmd {
	case "serve":
		return serve(ctx, p)
	case "migrate":
		return migrate(ctx, p, rest, stdout)
	case "user":
		return userCommand(ctx, p, rest, stdout, stderr)
	case "import":
		return importCommand(ctx, p, rest, stdout, stderr)
	case "export":
		return exportCommand(ctx, p, rest, stdout, stderr)
	case "menu":
		return menuCommand(ctx, p, rest, stdout, stderr)
	case "deadlines":
		return deadlinesCommand(ctx, p, rest, stdout, stderr)
	case "reindex":
		return reindexCommand(ctx, p, rest, stdout, stderr)
	case "train-screening":
		return trainScreeningCommand(ctx, p, rest, stdout, stderr)
	case "train-matching":
		return trainMatchingCommand(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "xinfang: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

func serve(ctx context.Context, p *Program) error {
	if err := p.Run(ctx); err != nil {
		p.Close()
		return err
	}
	var serveErr error
	select {
	case <-ctx.Done():
		p.Log.Info("shutting down: finishing in-flight requests")
	case serveErr = <-p.Done():
	}
	return errors.Join(serveErr, p.Close())
}

func migrate(ctx context.Context, p *Program, args []string, stdout io.Writer) error {
	p.Config.MigrateOnStart = false
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	if len(args) > 0 && args[0] == "status" {
		lines, err := p.DB.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, strings.Join(lines, "\n"))
		return nil
	}
	if len(args) > 0 {
		return fmt.Errorf("migrate: unknown argument %q (want nothing or status)", args[0])
	}
	n, err := p.DB.Migrate(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s)\n", n)
	return nil
}

func userCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	sub, args := args[0], args[1:]
	needName := func() (string, error) {
		if len(args) != 1 || strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "usage: xinfang user %s USERNAME\n", sub)
			return "", errUsage
		}
		return args[0], nil
	}
	var name string
	switch sub {
	case "passwd", "disable", "enable":
		var err error
		if name, err = needName(); err != nil {
			return err
		}
	case "add", "list":
	default:
		fmt.Fprintf(stderr, "xinfang: unknown user command %q\n\n%s", sub, usage)
		return errUsage
	}
	var in staff.NewUserInput
	if sub == "add" {
		fs := flag.NewFlagSet("user add", flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.StringVar(&in.Username, "username", "", "login name")
		fs.StringVar(&in.DisplayName, "name", "", "display name (姓名)")
		roles := fs.String("roles", "", "comma-separated roles")
		fs.StringVar(&in.Office, "office", "", "office scope, e.g. 一处")
		fs.StringVar(&in.Department, "department", "", "department scope for desk staff")
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r == "" {
				continue
			}
			role, ok := service.ParseRole(r)
			if !ok {
				return fmt.Errorf("unknown role %q (want admin, registrar, handler, desk, hall, leader or supervisor)", r)
			}
			in.Roles = append(in.Roles, role)
		}
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	ctx = service.SystemActor(ctx, "cli")
	switch sub {
	case "add":
		u, pw, err := p.Auth.CreateUser(ctx, in)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "created %s (id %d, roles %s)\none-time password: %s\n", u.Username, u.ID, u.RoleList(), pw)
	case "passwd":
		pw, err := p.Auth.ResetPassword(ctx, name)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "password of %s reset\none-time password: %s\n", name, pw)
	case "disable", "enable":
		if _, err := p.Auth.SetDisabled(ctx, name, sub == "disable"); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "%sd %s\n", sub, name)
	case "list":
		users, err := p.Auth.ListUsers(ctx)
		if err != nil {
			return cliError(err)
		}
		rows := [][]string{{"ID", "USERNAME", "NAME", "ROLES", "OFFICE", "DEPARTMENT", "STATUS"}}
		for _, u := range users {
			status := "active"
			if u.Disabled {
				status = "disabled"
			}
			rows = append(rows, []string{fmt.Sprint(u.ID), u.Username, u.DisplayName, u.RoleList(), u.Office, u.Department, status})
		}
		writeColumns(stdout, rows)
	}
	return nil
}

// cliError shows a service error's message (and field) rather than its internals.
func cliError(err error) error {
	e := service.AsError(err)
	if e.Code == service.EInternal {
		return err
	}
	if e.Field != "" {
		return fmt.Errorf("%s: %s", e.Field, e.Message)
	}
	return errors.New(e.Message)
}

func menuCommand(ctx context.Context, p *Program, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || (args[0] != "show" && args[0] != "diff" && args[0] != "push") {
		fmt.Fprint(stderr, "usage: xinfang menu show|diff|push\n")
		return errUsage
	}
	m, err := wxmenu.Load(p.Config.ConfigDir, p.Config.HTTP.PublicURL)
	if err != nil {
		return err
	}
	if args[0] == "show" {
		b, err := m.JSON()
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	if err := p.Open(ctx); err != nil {
		return err
	}
	defer p.Close()
	if p.OA == nil {
		return errors.New("the official account is not configured: set XF_WECHAT_APPID and XF_WECHAT_APPSECRET")
	}
	switch args[0] {
	case "diff":
		live, err := p.OA.GetMenu().GetMenu()
		if err != nil && !strings.Contains(err.Error(), "46003") { // 46003: no menu yet
			return fmt.Errorf("read the live menu: %w", err)
		}
		diff := m.Diff(live.Menu.Button)
		if len(diff) == 0 {
			fmt.Fprintln(stdout, "菜单与线上一致")
			return nil
		}
		fmt.Fprintln(stdout, strings.Join(diff, "\n"))
	case "push":
		if err := p.OA.GetMenu().SetMenu(m.WeChatButtons()); err != nil {
			return fmt.Errorf("push the menu: %w", err)
		}
		fmt.Fprintln(stdout, "菜单已发布（微信客户端可能在 5 分钟内更新）")
	}
	return nil
}

// writeColumns prints rows as aligned columns, counting a Chinese character as two columns (as
// a terminal shows it; text/tabwriter counts it as one).
func writeColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// displayWidth is how many terminal columns s takes: East Asian wide characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r), unicode.Is(unicode.Hangul, r),
			r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
			n += 2
		default:
			n++
		}
	}
	return n
}
