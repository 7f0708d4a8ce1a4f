package server

import (
	"strings"
	"testing"

	stancev1 "github.com/stance-project/stance/proto/stance/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var allEncodings = []struct {
	name string
	enc  stancev1.EncodingType
}{
	{"UTF-8 bytes", stancev1.EncodingType_ENCODING_TYPE_UTF8},
	{"UTF-16 code units", stancev1.EncodingType_ENCODING_TYPE_UTF16},
	{"code points", stancev1.EncodingType_ENCODING_TYPE_UTF32},
	{"unspecified units (UTF-8 bytes)", stancev1.EncodingType_ENCODING_TYPE_UNSPECIFIED},
}

// holderStance returns the stance of the holder whose name contains name on target.
func holderStance(sum *stancev1.Summary, name, target string) stancev1.Stance {
	for _, h := range sum.GetHolders() {
		if !strings.Contains(h.GetName(), name) {
			continue
		}
		for _, st := range h.GetStances() {
			if st.GetTarget() == target {
				return st.GetStance()
			}
		}
	}
	return stancev1.Stance_STANCE_UNSPECIFIED
}

func TestClassifySeedStory(t *testing.T) {
	env := newEnv(t, envOptions{})
	text := seedText(t)
	for _, tc := range allEncodings {
		t.Run("offsets in "+tc.name+" cut out every text exactly", func(t *testing.T) {
			spans, sum, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{
				Passage:      &stancev1.Passage{Id: "seed", Text: text},
				EncodingType: tc.enc,
			})
			if err != nil {
				t.Fatalf("classify: %v", err)
			}
			if len(spans) == 0 {
				t.Fatal("no spans")
			}
			checkOffsets(t, text, tc.enc, spans)
			for _, sp := range spans {
				if sp.GetPassageId() != "seed" || sp.GetStance() == stancev1.Stance_STANCE_UNSPECIFIED ||
					sp.GetHolder().GetKind() == stancev1.HolderKind_HOLDER_KIND_UNSPECIFIED {
					t.Fatalf("span is missing its passage id, stance or holder kind: %v", sp)
				}
				for _, c := range sp.GetCues() {
					if c.GetRole() == stancev1.CueRole_CUE_ROLE_UNSPECIFIED {
						t.Fatalf("cue without a role: %v", c)
					}
				}
			}
			if int(sum.GetSpanCount()) != len(spans) || sum.GetPassageId() != "seed" || sum.GetSentenceCount() == 0 {
				t.Fatalf("summary counts %d spans for passage %q over %d sentences; %d spans came",
					sum.GetSpanCount(), sum.GetPassageId(), sum.GetSentenceCount(), len(spans))
			}
		})
	}
	t.Run("the summary has each holder's stance on each target", func(t *testing.T) {
		_, sum, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{Passage: &stancev1.Passage{Id: "seed", Text: text}})
		if err != nil {
			t.Fatalf("classify: %v", err)
		}
		for _, tc := range []struct {
			holder, target string
			want           stancev1.Stance
		}{
			{"Rainsy", "international_pressure", stancev1.Stance_STANCE_FAVOR},
			{"Rainsy", "negotiation", stancev1.Stance_STANCE_AGAINST},
			{"Eysan", "international_pressure", stancev1.Stance_STANCE_AGAINST},
			{"Eysan", "negotiation", stancev1.Stance_STANCE_AGAINST},
		} {
			if got := holderStance(sum, tc.holder, tc.target); got != tc.want {
				t.Errorf("%s on %s: %v, want %v", tc.holder, tc.target, got, tc.want)
			}
		}
		if len(sum.GetTargets()) != 2 {
			t.Fatalf("summary has %d targets, want 2", len(sum.GetTargets()))
		}
		for _, ts := range sum.GetTargets() {
			if ts.GetSpanCount() == 0 || ts.GetFavorCount()+ts.GetAgainstCount() > ts.GetSpanCount() {
				t.Errorf("target %s counts are inconsistent: %v", ts.GetTarget(), ts)
			}
		}
	})
	t.Run("no passage text reaches the logs", func(t *testing.T) {
		logs := env.logs.String()
		if !strings.Contains(logs, "grpc.code") {
			t.Fatalf("no call was logged: %s", logs)
		}
		for _, piece := range []string{"Rainsy", "negotiat"} {
			if strings.Contains(logs, piece) {
				t.Fatalf("logs hold passage text %q: %s", piece, logs)
			}
		}
	})
}

func TestClassifyHostileInput(t *testing.T) {
	for _, transport := range []struct {
		name string
		tcp  bool
	}{{"over bufconn", false}, {"over loopback TCP", true}} {
		t.Run(transport.name, func(t *testing.T) { testClassifyHostileInput(t, newEnv(t, envOptions{tcp: transport.tcp})) })
	}
}

func testClassifyHostileInput(t *testing.T, env *testEnv) {
	oneToken := strings.Repeat("x", 1_000_000)
	words := strings.Repeat("Talks. ", 100_000)
	tooLong := strings.Repeat("Talks must resume. ", DefaultMaxPassageBytes/19+1)
	thousand := make([]string, 1000)
	for i := range thousand {
		thousand[i] = "negotiation"
	}
	pass := func(id, text string) *stancev1.Passage { return &stancev1.Passage{Id: id, Text: text} }
	tests := []struct {
		name      string
		req       *stancev1.ClassifyRequest
		code      codes.Code
		field     string
		msgHas    []string
		wantSpans bool
		check     func(t *testing.T, spans []*stancev1.Span, sum *stancev1.Summary)
	}{
		{name: "empty text is refused naming passage.text",
			req: &stancev1.ClassifyRequest{Passage: pass("a", "")}, code: codes.InvalidArgument, field: "passage.text",
			msgHas: []string{"text is empty"}},
		{name: "white space alone is refused naming passage.text and saying so",
			req: &stancev1.ClassifyRequest{Passage: pass("a", " \t\n\u00a0\u2003 ")}, code: codes.InvalidArgument, field: "passage.text",
			msgHas: []string{"only white space"}},
		{name: "NUL and control characters are classified without error",
			req:       &stancev1.ClassifyRequest{Passage: pass("a", "The minister\x00 said the talks\x01 must resume.\x07\x1b Rebels rejected\tthe negotiations.\r\n")},
			code:      codes.OK,
			wantSpans: true},
		{name: "text over the limit is refused naming passage.text with its size and the limit",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", tooLong)},
			code: codes.InvalidArgument, field: "passage.text", msgHas: []string{"1048576", "bytes"}},
		{name: "an unknown target is refused naming targets",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", "Talks must resume."), Targets: []string{"negotiation", "weather"}},
			code: codes.InvalidArgument, field: "targets", msgHas: []string{"weather"}},
		{name: "duplicate targets are answered once",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", "The minister said talks must resume."), Targets: []string{"negotiation", "negotiation", "negotiation"}},
			code: codes.OK, wantSpans: true,
			check: func(t *testing.T, spans []*stancev1.Span, sum *stancev1.Summary) {
				if len(sum.GetTargets()) != 1 || len(spans) != 1 {
					t.Fatalf("got %d spans and %d summary targets, want 1 and 1", len(spans), len(sum.GetTargets()))
				}
			}},
		{name: "an overlong target name is refused naming targets without echoing it",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", "Talks must resume."), Targets: []string{strings.Repeat("secret passage text ", 10)}},
			code: codes.InvalidArgument, field: "targets", msgHas: []string{"at most 63"}},
		{name: "10 MB of text, over the receive limit, is refused naming passage.text and both limits",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", strings.Repeat("Talks must resume. ", 10<<20/19+1))},
			code: codes.InvalidArgument, field: "passage.text", msgHas: []string{"4194304", "1048576", "10485"}},
		{name: "a thousand targets are refused naming targets",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", "Talks must resume."), Targets: thousand},
			code: codes.InvalidArgument, field: "targets", msgHas: []string{"1000"}},
		{name: "an unknown encoding is refused naming encoding_type",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", "Talks must resume."), EncodingType: stancev1.EncodingType(7)},
			code: codes.InvalidArgument, field: "encoding_type"},
		{name: "a missing passage is refused naming passage",
			req:  &stancev1.ClassifyRequest{Targets: []string{"negotiation"}},
			code: codes.InvalidArgument, field: "passage"},
		{name: "one 1 MB token with no spaces is classified without error",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", oneToken)},
			code: codes.OK},
		{name: "100,000 one-word sentences each get a span",
			req:  &stancev1.ClassifyRequest{Passage: pass("a", words), Targets: []string{"negotiation"}},
			code: codes.OK, wantSpans: true,
			check: func(t *testing.T, spans []*stancev1.Span, sum *stancev1.Summary) {
				if len(spans) != 100_000 || sum.GetSentenceCount() != 100_000 {
					t.Fatalf("got %d spans over %d sentences, want 100000 of each", len(spans), sum.GetSentenceCount())
				}
			}},
		{name: "unbalanced quotes are classified without error",
			req:       &stancev1.ClassifyRequest{Passage: pass("a", "“We will never negotiate,” Rainsy said. He added: “Pressure works. And then “talks\" are a «trick.")},
			code:      codes.OK,
			wantSpans: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans, sum, err := classify(guardCtx(t), t, env.client, tc.req)
			wantStatus(t, err, tc.code, tc.field)
			if strings.Contains(status.Convert(err).Message(), "secret") {
				t.Errorf("the message echoes the request: %v", err)
			}
			for _, s := range tc.msgHas {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not say %q", err, s)
				}
			}
			if tc.code != codes.OK {
				return
			}
			if tc.wantSpans && len(spans) == 0 {
				t.Fatal("no spans")
			}
			checkOffsets(t, tc.req.GetPassage().GetText(), stancev1.EncodingType_ENCODING_TYPE_UTF8, spans)
			if tc.check != nil {
				tc.check(t, spans, sum)
			}
		})
	}
}

func TestClassifyOffsetsOutsideASCII(t *testing.T) {
	env := newEnv(t, envOptions{})
	texts := []struct{ name, text string }{
		{"emoji before and inside sentences", "🎉🎉 The minister 👩🏽‍💼 said the talks 🤝 must resume. Rebels 😡 rejected the negotiations as a sham 🙄."},
		{"CJK around English sentences", "北京消息。The minister said talks with 東京 must resume. 交渉は失敗した。Rebels rejected the negotiations."},
		{"right-to-left text with marks", "\u202bשלום\u202c The minister said talks must resume. \u200fمرحبا\u200f Rebels rejected the negotiations as a sham."},
		// Letters whose lower case is shorter or longer in UTF-8 once made prose cut words inside
		// a letter ("İğ's") or panic ("ȾȾȾȾn't").
		{"letters whose lower case changes length before contractions", "İmamoğlu's party said talks must resume. İğ's ȾȾȾȾn't \u212Aelvin's allies rejected the sanctions."},
	}
	for _, tx := range texts {
		for _, enc := range allEncodings {
			t.Run(tx.name+" keep offsets in "+enc.name+" exact", func(t *testing.T) {
				spans, _, err := classify(guardCtx(t), t, env.client, &stancev1.ClassifyRequest{
					Passage: &stancev1.Passage{Id: "x", Text: tx.text}, EncodingType: enc.enc,
				})
				if err != nil {
					t.Fatalf("classify: %v", err)
				}
				if len(spans) == 0 {
					t.Fatal("no spans")
				}
				checkOffsets(t, tx.text, enc.enc, spans)
			})
		}
	}
}
