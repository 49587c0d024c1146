package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/kncu/plenary/internal/domain"
	"github.com/kncu/plenary/internal/i18n"
	"github.com/kncu/plenary/internal/seed"
	"github.com/kncu/plenary/internal/store"
)

const userUsage = "user add --email E --name N --role admin|staff|liaison|delegate [--ministry CODE] [--password-stdin]\n" +
	"       plenary user disable --email E\n" +
	"       plenary user passwd --email E [--password-stdin]"

var cliActor = domain.SystemActor("cli")

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: plenary %s\n", userUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], stdout, stderr)
	case "disable":
		return userDisable(ctx, args[1:], stdout, stderr)
	case "passwd":
		return userPasswd(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintf(stdout, "Usage: plenary %s\n", userUsage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown user command %q\nUsage: plenary %s\n", args[0], userUsage)
	return errUsage
}

func userAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user add", "user add --email E --name N --role ROLE [--ministry CODE] [--password-stdin]", stderr)
	email := fs.String("email", "", "e-mail address, used to log in")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "admin, staff, liaison or delegate")
	ministry := fs.String("ministry", "", "code of the ministry (liaisons only), e.g. MOE")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	password, generated, err := newPassword(*fromStdin)
	if err != nil {
		return err
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		in := domain.UserInput{Email: *email, Name: *name, Role: *role, Password: password}
		if *ministry != "" {
			ms, err := st.Ministries(ctx)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if strings.EqualFold(m.Code, *ministry) {
					in.MinistryID = m.ID
				}
			}
			if in.MinistryID == 0 {
				return fmt.Errorf("--ministry: no ministry has the code %q", *ministry)
			}
		}
		if err := i18n.MustNew().For("en").Validate(in); err != nil {
			return fieldErrors(err, "en")
		}
		u, err := st.CreateUser(ctx, cliActor, in)
		if err != nil {
			return fieldErrors(err, "en")
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", u.Email, u.Role)
		if generated {
			fmt.Fprintf(stdout, "password (shown only now): %s\n", password)
		}
		return nil
	})
}

func userDisable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user disable", "user disable --email E", stderr)
	email := fs.String("email", "", "e-mail address of the user to disable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errUsage
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user has the e-mail %q", *email)
		}
		if err := st.SetUserDisabled(ctx, cliActor, u.ID, 0, true); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "disabled %s and ended their sessions\n", u.Email)
		return nil
	})
}

func userPasswd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user passwd", "user passwd --email E [--password-stdin]", stderr)
	email := fs.String("email", "", "e-mail address of the user")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from standard input instead of generating one")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errUsage
	}
	password, generated, err := newPassword(*fromStdin)
	if err != nil {
		return err
	}
	return withStore(ctx, stderr, func(e *env, st *store.Store) error {
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user has the e-mail %q", *email)
		}
		if err := st.SetPassword(ctx, cliActor, u.ID, password); err != nil {
			return fieldErrors(err, "en")
		}
		fmt.Fprintf(stdout, "changed the password of %s and ended their sessions\n", u.Email)
		if generated {
			fmt.Fprintf(stdout, "new password (shown only now): %s\n", password)
		}
		return nil
	})
}

// newPassword reads a password from standard input, or makes a random one.
func newPassword(fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		p, err := seed.RandomPassword()
		return p, true, err
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// flagNames maps form fields to the command-line flags that set them, where they differ.
var flagNames = map[string]string{
	"password": "password-stdin", "ministry_id": "ministry", "body_id": "body", "starts_on": "from", "ends_on": "to", "brief_deadline": "deadline",
	"title_ko": "title-ko", "title_en": "title-en",
}

// fieldErrors turns a validation error into one line per field, naming the flag, for the
// terminal.
func fieldErrors(err error, lang string) error {
	fields := domain.ErrorFields(err)
	if len(fields) == 0 {
		if domain.ErrorCode(err) != domain.EINTERNAL {
			return errors.New(i18n.MustNew().For(lang).Message(domain.ErrorMessage(err)))
		}
		return err
	}
	l := i18n.MustNew().For(lang)
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, f := range names {
		flag := f
		if n, ok := flagNames[f]; ok {
			flag = n
		}
		fmt.Fprintf(&b, "\n  --%s: %s", flag, l.Message(fields[f]))
	}
	return errors.New(b.String())
}
