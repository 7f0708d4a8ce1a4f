package main

import (
	"fmt"

	"github.com/stance-project/stance/classifier"
)

func runLexicon(args []string, e env) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(e.stderr, "usage: stance lexicon check FILE...")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlagSet("lexicon check", e, "lexicon check FILE...\n\nChecks lexicon files and prints each problem as path:line: message.")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("lexicon check needs at least one FILE")
	}
	failed := false
	for _, path := range fs.Args() {
		problems, err := classifier.CheckLexiconFile(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		for _, p := range problems {
			fmt.Fprintln(e.stdout, p.String())
		}
		if len(problems) == 0 {
			fmt.Fprintf(e.stdout, "%s: ok\n", path)
		}
		failed = failed || len(problems) > 0
	}
	if failed {
		return errSilent
	}
	return nil
}
