package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func runTargets(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("targets", e, "targets [flags]\n\nLists the targets the server knows, with the size, version and source of each lexicon.")
	var conn connFlags
	conn.register(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	c, err := conn.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	ts, err := c.ListTargets(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tVERSION\tSOURCE\tDESCRIPTION")
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", t.GetName(), t.GetLexiconSize(), t.GetVersion(), t.GetSource(), t.GetDescription())
	}
	return tw.Flush()
}
