package classifier

// Stance is a holder's position on a target.
type Stance int

const (
	// Neutral means the target is discussed but no side is taken.
	Neutral Stance = iota
	// Favor means the holder supports, calls for or accepts the target.
	Favor
	// Against means the holder rejects, dismisses or condemns the target.
	Against
)

// String returns "favor", "against" or "neutral".
func (s Stance) String() string {
	switch s {
	case Favor:
		return "favor"
	case Against:
		return "against"
	}
	return "neutral"
}

// stanceOf returns the stance a score stands for.
func stanceOf(score float64) Stance {
	switch {
	case score >= minScore:
		return Favor
	case score <= -minScore:
		return Against
	}
	return Neutral
}

// HolderKind says how a holder expressed a stance.
type HolderKind int

const (
	// Author means the writer's own voice.
	Author HolderKind = iota
	// DirectQuote means words in quotation marks attributed to the holder.
	DirectQuote
	// ReportedSpeech means the writer reports what the holder said, did or thinks.
	ReportedSpeech
)

// String returns "author", "direct_quote" or "reported_speech".
func (k HolderKind) String() string {
	switch k {
	case DirectQuote:
		return "direct_quote"
	case ReportedSpeech:
		return "reported_speech"
	}
	return "author"
}

// AuthorName is the holder name of stances in the writer's own voice.
const AuthorName = "AUTHOR"

// CueRole is the part a cue plays in a span's score.
type CueRole int

const (
	// RoleMention marks words that make a sentence about the target.
	RoleMention CueRole = iota
	// RoleFavor marks words that count towards favor before any negation.
	RoleFavor
	// RoleAgainst marks words that count towards against before any negation.
	RoleAgainst
	// RoleNegator marks a negation that flipped one or more cues.
	RoleNegator
	// RoleIntensifier marks a word that strengthened the next cue.
	RoleIntensifier
	// RoleHedge marks a word that weakened the next cue.
	RoleHedge
	// RoleContrast marks "but", "however" and the like: the clause after it weighs more.
	RoleContrast
	// RoleQuestion marks a rhetorical question, which turns the sentence against what it asks about.
	RoleQuestion
)

// String returns the role's name.
func (r CueRole) String() string {
	return [...]string{"mention", "favor", "against", "negator", "intensifier", "hedge", "contrast",
		"question"}[r]
}

// Range is a piece of the text, as UTF-8 byte offsets, End exclusive.
type Range struct {
	Begin, End int
}

// In returns the piece of text the range covers.
func (r Range) In(text string) string { return text[r.Begin:r.End] }

// Cue is one piece of evidence for a span's score.
type Cue struct {
	Range
	// Role is the part the cue plays.
	Role CueRole
	// Weight is the cue's contribution to the raw score after negation, intensifiers and
	// hedges; positive is favor. Markers (negators, contrast, ...) weigh 0.
	Weight float64
	// Negated says a negation flipped the cue.
	Negated bool
}

// Holder is the person or body whose position a span reports.
type Holder struct {
	// Name is the fullest name the text gives, or AuthorName.
	Name string
	// Mention is where the name appears in the text; nil for the writer or a name not in the text.
	Mention *Range
	// Kind says how the holder expressed the stance.
	Kind HolderKind
}

// Span is one sentence's stance on one target.
type Span struct {
	Range
	// SentenceIndex counts sentences from zero.
	SentenceIndex int
	// Target is the target's name.
	Target string
	// Stance is the holder's position.
	Stance Stance
	// Score is in [-1, 1]; positive is favor.
	Score float64
	// Confidence is in [0, 1].
	Confidence float64
	// Holder is who expressed the stance.
	Holder Holder
	// Cues is the evidence, in text order.
	Cues []Cue
}

// Summary is a passage-level view of its spans.
type Summary struct {
	// SentenceCount is the number of sentences in the passage.
	SentenceCount int
	// SpanCount is the number of spans emitted.
	SpanCount int
	// Targets gives the overall stance on each requested target, in request order.
	Targets []TargetSummary
	// Holders gives each holder's stance on each target, in order of first appearance.
	Holders []HolderSummary
}

// TargetSummary is a passage's overall stance on one target.
type TargetSummary struct {
	Target string
	// Stance is the sign of Score; neutral when no span takes a side.
	Stance Stance
	// Score is the mean score of the spans that take a side.
	Score float64
	// SpanCount, FavorCount and AgainstCount count the target's spans.
	SpanCount, FavorCount, AgainstCount int
}

// HolderSummary is one holder's stance on each target the holder takes a side on.
type HolderSummary struct {
	Name    string
	Stances []HolderStance
}

// HolderStance is one holder's overall stance on one target.
type HolderStance struct {
	Target string
	// Stance is the sign of Score.
	Stance Stance
	// Score is the mean score of the holder's spans on the target that take a side.
	Score float64
	// SpanCount is the number of those spans.
	SpanCount int
}
