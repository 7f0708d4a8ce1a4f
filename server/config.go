package server

// Default limits.
const (
	// DefaultMaxPassageBytes is the default limit on a passage's text: 1 MiB.
	DefaultMaxPassageBytes = 1 << 20
	// DefaultMaxRecvBytes is the default limit on one received message: 4 MiB, room for a
	// passage at the default limit plus targets and framing.
	DefaultMaxRecvBytes = 4 << 20
	// DefaultMaxSendBytes is the default limit on one message sent: 16 MiB. A span carries its
	// sentence, cues and holder, so one span of a passage at the default limit that is a single
	// sentence dense with cues can be several times the passage's size.
	DefaultMaxSendBytes = 16 << 20
	// DefaultMaxTargets is the default limit on the number of target names in one request.
	DefaultMaxTargets = 64
)

// Config holds the server's limits. Zero fields take the defaults.
type Config struct {
	// MaxPassageBytes is the largest passage text accepted, in UTF-8 bytes. A larger passage is
	// refused with InvalidArgument on field passage.text.
	MaxPassageBytes int
	// MaxRecvBytes is the largest message the gRPC server accepts. A larger one, up to
	// transportRecvLimit, is read and refused with InvalidArgument on field passage.text (a
	// ClassifyStream passage with a PassageError, the stream going on); past that, grpc-go refuses
	// it unread with ResourceExhausted.
	MaxRecvBytes int
	// MaxSendBytes is the largest message the gRPC server sends. A call whose answer needs a
	// larger message fails with ResourceExhausted instead of the server building it.
	MaxSendBytes int
	// MaxTargets is the largest number of target names (before duplicates are dropped) one request
	// may give. More is refused with InvalidArgument on field targets.
	MaxTargets int
}

// transportRecvLimit is the largest message grpc-go reads: four times MaxRecvBytes, at least
// 16 MiB and at most 1 GiB. Between MaxRecvBytes and it, the server reads an oversized message so
// that it can answer which field is at fault, at the cost of holding it in memory for a moment.
func (c Config) transportRecvLimit() int {
	return min(max(4*c.MaxRecvBytes, 16<<20), 1<<30)
}

// withDefaults returns c with zero fields set to the defaults.
func (c Config) withDefaults() Config {
	if c.MaxPassageBytes <= 0 {
		c.MaxPassageBytes = DefaultMaxPassageBytes
	}
	if c.MaxRecvBytes <= 0 {
		c.MaxRecvBytes = DefaultMaxRecvBytes
	}
	if c.MaxSendBytes <= 0 {
		c.MaxSendBytes = DefaultMaxSendBytes
	}
	if c.MaxTargets <= 0 {
		c.MaxTargets = DefaultMaxTargets
	}
	return c
}
