package server

import (
	"github.com/stance-project/stance/classifier"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// encodings maps the request's encoding to the classifier's; unspecified means UTF-8.
var encodings = map[stancev1.EncodingType]classifier.Encoding{
	stancev1.EncodingType_ENCODING_TYPE_UNSPECIFIED: classifier.UTF8,
	stancev1.EncodingType_ENCODING_TYPE_UTF8:        classifier.UTF8,
	stancev1.EncodingType_ENCODING_TYPE_UTF16:       classifier.UTF16,
	stancev1.EncodingType_ENCODING_TYPE_UTF32:       classifier.UTF32,
}

var stances = map[classifier.Stance]stancev1.Stance{
	classifier.Favor:   stancev1.Stance_STANCE_FAVOR,
	classifier.Against: stancev1.Stance_STANCE_AGAINST,
	classifier.Neutral: stancev1.Stance_STANCE_NEUTRAL,
}

var holderKinds = map[classifier.HolderKind]stancev1.HolderKind{
	classifier.Author:         stancev1.HolderKind_HOLDER_KIND_AUTHOR,
	classifier.DirectQuote:    stancev1.HolderKind_HOLDER_KIND_DIRECT_QUOTE,
	classifier.ReportedSpeech: stancev1.HolderKind_HOLDER_KIND_REPORTED_SPEECH,
}

var cueRoles = map[classifier.CueRole]stancev1.CueRole{
	classifier.RoleMention:     stancev1.CueRole_CUE_ROLE_TARGET_MENTION,
	classifier.RoleFavor:       stancev1.CueRole_CUE_ROLE_FAVOR,
	classifier.RoleAgainst:     stancev1.CueRole_CUE_ROLE_AGAINST,
	classifier.RoleNegator:     stancev1.CueRole_CUE_ROLE_NEGATOR,
	classifier.RoleIntensifier: stancev1.CueRole_CUE_ROLE_INTENSIFIER,
	classifier.RoleHedge:       stancev1.CueRole_CUE_ROLE_HEDGE,
	classifier.RoleContrast:    stancev1.CueRole_CUE_ROLE_CONTRAST,
	classifier.RoleQuestion:    stancev1.CueRole_CUE_ROLE_QUESTION,
}

// CueRole is the API's name for the classifier's cue role r, for programs that run the classifier
// in process and speak the API's terms (the command line's eval).
func CueRole(r classifier.CueRole) stancev1.CueRole { return cueRoles[r] }

// converter turns the classifier's answers about one passage into messages. Offsets go out in
// the requested encoding; every text is cut from the passage at the classifier's byte offsets, so
// it is exactly the passage between the offsets sent.
type converter struct {
	id   string
	text string
	off  *classifier.OffsetMapper
}

func newConverter(id, text string, enc classifier.Encoding) *converter {
	return &converter{id: id, text: text, off: classifier.NewOffsetMapper(text, enc)}
}

// cut returns the offsets of r in the requested encoding and the text r covers.
func (c *converter) cut(r classifier.Range) (begin, end int64, text string) {
	return int64(c.off.Convert(r.Begin)), int64(c.off.Convert(r.End)), c.text[r.Begin:r.End]
}

func (c *converter) span(sp classifier.Span) *stancev1.Span {
	b, e, text := c.cut(sp.Range)
	out := &stancev1.Span{
		PassageId:     c.id,
		BeginOffset:   b,
		EndOffset:     e,
		Text:          text,
		SentenceIndex: int32(sp.SentenceIndex),
		Target:        sp.Target,
		Stance:        stances[sp.Stance],
		Score:         sp.Score,
		Confidence:    sp.Confidence,
		Holder: &stancev1.Holder{
			Name: sp.Holder.Name,
			Kind: holderKinds[sp.Holder.Kind],
		},
		Cues: make([]*stancev1.Cue, len(sp.Cues)),
	}
	if m := sp.Holder.Mention; m != nil {
		b, e, text := c.cut(*m)
		out.Holder.Mention = &stancev1.TextRange{BeginOffset: b, EndOffset: e, Text: text}
	}
	for i, cue := range sp.Cues {
		b, e, text := c.cut(cue.Range)
		out.Cues[i] = &stancev1.Cue{
			BeginOffset: b,
			EndOffset:   e,
			Text:        text,
			Role:        cueRoles[cue.Role],
			Weight:      cue.Weight,
			Negated:     cue.Negated,
		}
	}
	return out
}

func (c *converter) summary(sum classifier.Summary) *stancev1.Summary {
	out := &stancev1.Summary{
		PassageId:     c.id,
		SentenceCount: int32(sum.SentenceCount),
		SpanCount:     int32(sum.SpanCount),
		Targets:       make([]*stancev1.TargetSummary, len(sum.Targets)),
		Holders:       make([]*stancev1.HolderSummary, len(sum.Holders)),
	}
	for i, t := range sum.Targets {
		out.Targets[i] = &stancev1.TargetSummary{
			Target:       t.Target,
			Stance:       stances[t.Stance],
			Score:        t.Score,
			SpanCount:    int32(t.SpanCount),
			FavorCount:   int32(t.FavorCount),
			AgainstCount: int32(t.AgainstCount),
		}
	}
	for i, h := range sum.Holders {
		hs := &stancev1.HolderSummary{Name: h.Name, Stances: make([]*stancev1.HolderStance, len(h.Stances))}
		for j, st := range h.Stances {
			hs.Stances[j] = &stancev1.HolderStance{
				Target:    st.Target,
				Stance:    stances[st.Stance],
				Score:     st.Score,
				SpanCount: int32(st.SpanCount),
			}
		}
		out.Holders[i] = hs
	}
	return out
}
