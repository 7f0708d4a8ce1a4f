package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

var encodingNames = map[string]stancev1.EncodingType{
	"utf8":  stancev1.EncodingType_ENCODING_TYPE_UTF8,
	"utf16": stancev1.EncodingType_ENCODING_TYPE_UTF16,
	"utf32": stancev1.EncodingType_ENCODING_TYPE_UTF32,
}

func runClassify(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("classify", e, "classify [flags] [FILE ...|-]\n\nPrints, for each sentence and target, the stance, score, holder and cue words.\nWith no FILE, or with -, reads standard input.")
	var conn connFlags
	conn.register(fs, e)
	targets := fs.String("targets", "", "comma-separated targets to score (default: all the server knows)")
	encoding := fs.String("encoding", "utf8", "unit of the offsets the server sends: utf8, utf16 or utf32")
	output := fs.String("o", "text", "output format: text, or json (one stance.v1.ClassifyResponse in protojson a line: spans, then the summary)")
	explain := fs.Bool("explain", false, "print each sentence with its cues marked inline and the score arithmetic (text output only)")
	if err := parse(fs, args); err != nil {
		return err
	}
	enc, ok := encodingNames[*encoding]
	if !ok {
		return usageErrorf("-encoding must be utf8, utf16 or utf32, not %q", *encoding)
	}
	if *output != "text" && *output != "json" {
		return usageErrorf("-o must be text or json, not %q", *output)
	}
	if *explain && *output != "text" {
		return usageErrorf("-explain goes with -o text")
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	var opts []client.ClassifyOption
	if *targets != "" {
		opts = append(opts, client.WithTargets(splitList(*targets)...))
	}
	opts = append(opts, client.WithEncoding(enc))

	c, err := conn.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	for _, name := range files {
		text, err := readInput(name, e.stdin)
		if err != nil {
			return err
		}
		if len(files) > 1 && *output == "text" {
			fmt.Fprintf(out, "== %s\n", name)
		}
		res := c.Classify(ctx, text, append(opts, client.WithPassageID(passageID(name)))...)
		p := printer{w: out, text: text, offsets: newOffsets(text, enc), explain: *explain, json: *output == "json"}
		for sp, err := range res.Spans() {
			if err != nil {
				out.Flush()
				return &inputError{name: name, err: err}
			}
			if err := p.span(sp); err != nil {
				return err
			}
			if *explain {
				out.Flush() // explanations are long: show each as it comes
			}
		}
		if err := p.summary(res.Summary()); err != nil {
			return err
		}
	}
	return out.Flush()
}

// readInput reads a file, or standard input for "-".
func readInput(name string, stdin io.Reader) (string, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return "", err
	}
	return string(data), nil
}

func passageID(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// printer writes one passage's answer.
type printer struct {
	w       io.Writer
	text    string
	offsets *offsets
	explain bool
	json    bool
	header  bool
}

var jsonOpts = protojson.MarshalOptions{}

func (p *printer) span(sp *stancev1.Span) error {
	if p.json {
		return p.jsonLine(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Span{Span: sp}})
	}
	if p.explain {
		p.explainSpan(sp)
		return nil
	}
	if !p.header {
		fmt.Fprintf(p.w, "%4s  %-22s  %-7s  %6s  %-32s  %s\n", "sent", "target", "stance", "score", "holder", "cues")
		p.header = true
	}
	var cues []string
	for _, c := range sp.GetCues() {
		cues = append(cues, mark(c))
	}
	fmt.Fprintf(p.w, "%4d  %-22s  %-7s  %+6.3f  %-32s  %s\n", sp.GetSentenceIndex(), sp.GetTarget(),
		stanceName(sp.GetStance()), sp.GetScore(), holderName(sp.GetHolder()), strings.Join(cues, " "))
	return nil
}

func (p *printer) summary(sum *stancev1.Summary) error {
	if sum == nil {
		return nil
	}
	if p.json {
		return p.jsonLine(&stancev1.ClassifyResponse{Result: &stancev1.ClassifyResponse_Summary{Summary: sum}})
	}
	fmt.Fprintf(p.w, "summary: %d sentences, %d spans\n", sum.GetSentenceCount(), sum.GetSpanCount())
	for _, t := range sum.GetTargets() {
		fmt.Fprintf(p.w, "  %-22s  %-7s  %+6.3f  (%d spans: %d favor, %d against)\n", t.GetTarget(),
			stanceName(t.GetStance()), t.GetScore(), t.GetSpanCount(), t.GetFavorCount(), t.GetAgainstCount())
	}
	for _, h := range sum.GetHolders() {
		for _, s := range h.GetStances() {
			fmt.Fprintf(p.w, "  holder %s: %s %s %+.3f (%d spans)\n", h.GetName(), s.GetTarget(),
				stanceName(s.GetStance()), s.GetScore(), s.GetSpanCount())
		}
	}
	return nil
}

func (p *printer) jsonLine(m *stancev1.ClassifyResponse) error {
	b, err := jsonOpts.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(p.w, "%s\n", b)
	return err
}

// explainSpan prints the span's sentence with its cues marked inline, then the score arithmetic.
func (p *printer) explainSpan(sp *stancev1.Span) {
	fmt.Fprintf(p.w, "[%d] %s: %s %+.3f, holder %s\n", sp.GetSentenceIndex(), sp.GetTarget(),
		stanceName(sp.GetStance()), sp.GetScore(), holderName(sp.GetHolder()))
	begin, end := p.offsets.byteOf(sp.GetBeginOffset()), p.offsets.byteOf(sp.GetEndOffset())
	type piece struct {
		b, e int
		cue  *stancev1.Cue
	}
	var pieces []piece
	for _, c := range sp.GetCues() {
		b, e := p.offsets.byteOf(c.GetBeginOffset()), p.offsets.byteOf(c.GetEndOffset())
		if b >= begin && e <= end && b <= e {
			pieces = append(pieces, piece{b, e, c})
		}
	}
	sort.SliceStable(pieces, func(i, j int) bool { return pieces[i].b < pieces[j].b })
	var b strings.Builder
	at := begin
	for _, pc := range pieces {
		if pc.b < at { // overlaps the previous cue: listed in the arithmetic only
			continue
		}
		b.WriteString(p.text[at:pc.b])
		b.WriteString(markText(pc.cue.GetRole(), p.text[pc.b:pc.e]))
		at = pc.e
	}
	b.WriteString(p.text[at:end])
	fmt.Fprintf(p.w, "    %s\n", strings.Join(strings.Fields(b.String()), " "))

	var terms []string
	raw := 0.0
	for _, c := range sp.GetCues() {
		w := c.GetWeight()
		if w == 0 {
			continue
		}
		raw += w
		note := ""
		if c.GetNegated() {
			note = ", negated"
		}
		terms = append(terms, fmt.Sprintf("%+.3f (%s%s)", w, c.GetText(), note))
	}
	if len(terms) == 0 {
		fmt.Fprintf(p.w, "    raw = 0 (no cue takes a side)\n")
	} else {
		fmt.Fprintf(p.w, "    raw = %s = %+.3f\n", strings.Join(terms, " "), raw)
	}
	score := raw / (1 + math.Abs(raw))
	fmt.Fprintf(p.w, "    score = raw/(1+|raw|) = %+.3f/%.3f = %+.3f", raw, 1+math.Abs(raw), score)
	if math.Abs(score-sp.GetScore()) > 0.0015 {
		fmt.Fprintf(p.w, " (server: %+.3f)", sp.GetScore())
	}
	fmt.Fprintf(p.w, " -> %s\n", stanceName(sp.GetStance()))
}

// mark renders a cue for the one-line view.
func mark(c *stancev1.Cue) string {
	m := markText(c.GetRole(), c.GetText())
	if c.GetNegated() && c.GetRole() != stancev1.CueRole_CUE_ROLE_NEGATOR {
		m += "(negated)"
	}
	return m
}

// markText marks text with its cue role: [+favor], [-against], [~negator], {mention},
// [^intensifier], [?hedge], [|contrast], [??question].
func markText(role stancev1.CueRole, text string) string {
	switch role {
	case stancev1.CueRole_CUE_ROLE_TARGET_MENTION:
		return "{" + text + "}"
	case stancev1.CueRole_CUE_ROLE_FAVOR:
		return "[+" + text + "]"
	case stancev1.CueRole_CUE_ROLE_AGAINST:
		return "[-" + text + "]"
	case stancev1.CueRole_CUE_ROLE_NEGATOR:
		return "[~" + text + "]"
	case stancev1.CueRole_CUE_ROLE_INTENSIFIER:
		return "[^" + text + "]"
	case stancev1.CueRole_CUE_ROLE_HEDGE:
		return "[?" + text + "]"
	case stancev1.CueRole_CUE_ROLE_CONTRAST:
		return "[|" + text + "]"
	case stancev1.CueRole_CUE_ROLE_QUESTION:
		return "[??" + text + "]"
	}
	return "[" + text + "]"
}

func stanceName(s stancev1.Stance) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "STANCE_"))
}

func holderName(h *stancev1.Holder) string {
	if h == nil || h.GetName() == "" {
		return "-"
	}
	kind := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(h.GetKind().String(), "HOLDER_KIND_")), "_", " ")
	if h.GetKind() == stancev1.HolderKind_HOLDER_KIND_UNSPECIFIED || h.GetKind() == stancev1.HolderKind_HOLDER_KIND_AUTHOR {
		return h.GetName()
	}
	return h.GetName() + " (" + kind + ")"
}

// offsets converts offsets in an encoding's units back to UTF-8 byte offsets of one text.
type offsets struct {
	enc   stancev1.EncodingType
	bytes []int // bytes[u] is the byte offset of unit u; nil for UTF-8
	n     int
}

func newOffsets(text string, enc stancev1.EncodingType) *offsets {
	o := &offsets{enc: enc, n: len(text)}
	if enc != stancev1.EncodingType_ENCODING_TYPE_UTF16 && enc != stancev1.EncodingType_ENCODING_TYPE_UTF32 {
		return o
	}
	o.bytes = make([]int, 0, len(text)+1)
	for i, r := range text {
		o.bytes = append(o.bytes, i)
		if enc == stancev1.EncodingType_ENCODING_TYPE_UTF16 && r > 0xFFFF {
			o.bytes = append(o.bytes, i) // the second unit of a surrogate pair
		}
	}
	o.bytes = append(o.bytes, len(text))
	return o
}

// byteOf returns the byte offset of offset u, clamped to the text.
func (o *offsets) byteOf(u int64) int {
	if o.bytes == nil {
		return int(max(0, min(u, int64(o.n))))
	}
	return o.bytes[max(0, min(u, int64(len(o.bytes)-1)))]
}
