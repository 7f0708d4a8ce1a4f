package classifier

import (
	"sort"
	"unicode/utf8"
)

// Encoding is the unit offsets are counted in.
type Encoding int

const (
	// UTF8 counts bytes of the UTF-8 text.
	UTF8 Encoding = iota
	// UTF16 counts UTF-16 code units: runes above U+FFFF count twice.
	UTF16
	// UTF32 counts Unicode code points.
	UTF32
)

// String returns the encoding's name.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf8"
	case UTF16:
		return "utf16"
	case UTF32:
		return "utf32"
	}
	return "unknown"
}

// checkpointEvery is the byte distance between the offset table's checkpoints.
const checkpointEvery = 256

// OffsetMapper converts byte offsets of one text into offsets in an Encoding.
// Building it costs one pass over the text; each conversion then scans at most
// checkpointEvery bytes. In UTF16 and UTF32 an offset inside a rune counts as the rune's start;
// UTF8 offsets come back unchanged (clamped to the text).
// The zero value is not usable; call NewOffsetMapper.
type OffsetMapper struct {
	text  string
	enc   Encoding
	bytes []int // byte offsets of rune starts at about every checkpointEvery bytes
	units []int // the encoding's units before bytes[i]
}

// NewOffsetMapper returns a mapper for text in enc. Invalid UTF-8 bytes count as one unit each.
func NewOffsetMapper(text string, enc Encoding) *OffsetMapper {
	m := &OffsetMapper{text: text, enc: enc}
	if enc == UTF8 {
		return m
	}
	n := len(text)/checkpointEvery + 1
	m.bytes = make([]int, 0, n)
	m.units = make([]int, 0, n)
	next, units := 0, 0
	for i := 0; i < len(text); {
		if i >= next {
			m.bytes = append(m.bytes, i)
			m.units = append(m.units, units)
			next = i + checkpointEvery
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		units += unitsOf(r, enc)
		i += size
	}
	return m
}

func unitsOf(r rune, enc Encoding) int {
	if enc == UTF16 && r > 0xFFFF {
		return 2
	}
	return 1
}

// Encoding returns the mapper's encoding.
func (m *OffsetMapper) Encoding() Encoding { return m.enc }

// Convert returns the offset in the mapper's encoding of byte offset off.
// Offsets outside [0, len(text)] are clamped.
func (m *OffsetMapper) Convert(off int) int {
	if off <= 0 {
		return 0
	}
	if off > len(m.text) {
		off = len(m.text)
	}
	if m.enc == UTF8 {
		return off
	}
	k := sort.SearchInts(m.bytes, off+1) - 1 // last checkpoint <= off
	if k < 0 {
		k = 0
	}
	i, units := 0, 0
	if k < len(m.bytes) {
		i, units = m.bytes[k], m.units[k]
	}
	for i < off {
		r, size := utf8.DecodeRuneInString(m.text[i:])
		if i+size > off {
			break
		}
		units += unitsOf(r, m.enc)
		i += size
	}
	return units
}
